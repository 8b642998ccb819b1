// The common prologue and epilogue of the socket entry points: the startup
// check, the SOCKET lookup, and the thread's last error.
//
// Order (shared/spec/winsock-behaviour.md, summary rule 1): not started ->
// WSANOTINITIALISED; then the handle (WSAENOTSOCK for a closed, stale or
// made-up one); then whatever the call itself checks. Every success sets the
// last error to 0, every failure to its code.
#pragma once

#include "runtime.hpp"

#include <sluice/provider/last_error.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <cstdint>
#include <memory>
#include <optional>

namespace sluice::api {

/// A resolved socket: the session it lives in (kept alive for the call) and
/// its record.
struct SocketCall {
    std::shared_ptr<Session> session;
    provider::SocketRecord record;

    provider::ServiceProvider& provider() const { return *record.provider; }
    provider::ProviderSocket& socket() const { return *record.socket; }
};

/// Resolves `handle`; on failure returns the WSAE* code in `error`.
inline std::optional<SocketCall> resolve(std::uintptr_t handle, int& error) {
    std::shared_ptr<Session> s = session();
    if (!s) {
        error = provider::err::wsanotinitialised;
        return std::nullopt;
    }
    std::optional<provider::SocketRecord> r = s->sockets().find(handle);
    if (!r) {
        error = provider::err::wsaenotsock;
        return std::nullopt;
    }
    error = 0;
    return SocketCall{std::move(s), std::move(*r)};
}

/// A pointer Windows would fault on that we can recognise without touching
/// it: the first 64 KiB, which Linux never maps (vm.mmap_min_addr). Callers
/// pass (char*)1 and (u_long*)1 in the conformance facts (WS-OPT-09,
/// WS-SEL-30/35) and expect WSAEFAULT.
inline bool is_bad_pointer(const void* p) { return reinterpret_cast<std::uintptr_t>(p) < 65536; }

/// Sets the last error to `error` and returns SOCKET_ERROR (-1).
inline int fail(int error) {
    provider::set_last_error(error);
    return provider::socket_error;
}

/// 0 -> last error 0 and `value`; else fail(error).
inline int finish(int error, int value = 0) {
    if (error != 0) return fail(error);
    provider::set_last_error(0);
    return value;
}

}  // namespace sluice::api
