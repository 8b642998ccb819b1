// WSAStartup/WSACleanup bookkeeping: version negotiation, the WSADATA values,
// the reference count, what the calling thread's last error becomes, and the
// hooks where the stack is brought up (first startup) and torn down (last
// cleanup). No EAL or stack here: a later step wires the hooks.
//
// Spec: shared/spec/winsock-behaviour.md WS-START-01..11 (ReactOS rostests
// apitests/ws2_32/WSAStartup.c and Wine's test_WithWSAStartup, both passing
// on Windows); shared/spec/winsock-catalog.md §1.8 (WSADATA).
//
// Rules:
//  - Version: MAKEWORD(major, minor), low byte = major. 0.x -> fails with
//    WSAVERNOTSUPPORTED (the WSADATA is still filled, wVersion 2.2); 1.0 ->
//    1.0; 1.1 and 1.x -> 1.1; 2.0/2.1/2.2 -> as requested; 2.x (x >= 3) and
//    any major >= 3 -> 2.2. wHighVersion is always 2.2 (WS-START-08).
//  - The version check comes before the pointer check: (0.x, NULL) ->
//    WSAVERNOTSUPPORTED, (2.2, NULL) -> WSAEFAULT. A failed startup leaves
//    Winsock as it was and the thread's last error WSANOTINITIALISED; a
//    successful one sets it to 0 (WS-START-07, WS-START-09).
//  - WSADATA: szDescription "WinSock 2.0", szSystemStatus "Running",
//    lpVendorInfo not written; iMaxSockets/iMaxUdpDg 0/0 for a 2.x session,
//    32767/65467 for a 1.x session (WS-START-09).
//  - Every successful WSAStartup counts; each needs a WSACleanup. WSACleanup
//    with a count of 0 -> SOCKET_ERROR / WSANOTINITIALISED (WS-START-04/05).
//  - Legacy 1.1 functions are supported once any 1.x session was negotiated,
//    until the count returns to 0 (WS-START-10/11).
//  - Hooks: first_startup runs when the count goes 0 -> 1 and may refuse
//    (its error becomes WSAStartup's result, nothing else changes);
//    last_cleanup runs when the count goes 1 -> 0 (WS-START-03: it destroys
//    every socket). Both run under the state's lock, so concurrent calls
//    wait for the stack to be up; they must not call back into the state.
#pragma once

#include <sluice/provider/wsa_constants.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

namespace sluice::provider {

/// A Winsock version word: MAKEWORD(major, minor), low byte = major.
using WsaVersion = std::uint16_t;

constexpr WsaVersion make_version(std::uint8_t major, std::uint8_t minor) {
    return static_cast<WsaVersion>(major | (minor << 8));
}
constexpr std::uint8_t version_major(WsaVersion v) { return static_cast<std::uint8_t>(v & 0xFF); }
constexpr std::uint8_t version_minor(WsaVersion v) { return static_cast<std::uint8_t>(v >> 8); }

inline constexpr WsaVersion highest_version = make_version(2, 2);

/// The version WSAStartup negotiates for `requested`; nullopt for 0.x.
std::optional<WsaVersion> negotiate_version(WsaVersion requested);

/// The values WSAStartup writes into WSADATA (lpVendorInfo is never written).
/// The API layer copies each string with its NUL and leaves the rest of the
/// array as the caller had it.
struct WsaData {
    WsaVersion version = 0;
    WsaVersion high_version = 0;
    std::uint16_t max_sockets = 0;
    std::uint16_t max_udp_dg = 0;
    std::string_view description;
    std::string_view system_status;
};

/// WSADATA for a session of version `version`.
WsaData wsadata_for(WsaVersion version);

struct StartupOutcome {
    int result = 0;                ///< WSAStartup's return value: 0 or a WSA error
    int last_error = 0;            ///< the calling thread's last error afterwards
    std::optional<WsaData> data;   ///< what to write to lpWSAData, if anything
};

struct CleanupOutcome {
    int result = 0;      ///< 0 or SOCKET_ERROR
    int last_error = 0;  ///< the calling thread's last error afterwards
};

struct StartupHooks {
    std::function<int()> first_startup;   ///< 0 or a WSA error (e.g. WSASYSNOTREADY)
    std::function<void()> last_cleanup;
};

class StartupState {
public:
    explicit StartupState(StartupHooks hooks = {});

    /// WSAStartup(requested, lpWSAData); `data_pointer_valid` is lpWSAData != NULL.
    StartupOutcome startup(WsaVersion requested, bool data_pointer_valid);
    /// WSACleanup().
    CleanupOutcome cleanup();

    /// 0 when started, else WSANOTINITIALISED (what every other call checks first).
    int check_started() const;
    unsigned count() const;
    /// Whether legacy Winsock 1.1 functions (WSACancelBlockingCall, ...) are
    /// supported: false before startup and in pure 2.x sessions.
    bool legacy_supported() const;

private:
    int start_if_first();

    mutable std::mutex mutex_;
    StartupHooks hooks_;
    unsigned count_ = 0;
    bool legacy_ = false;
};

}  // namespace sluice::provider
