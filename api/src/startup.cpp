// WSAStartup, WSACleanup, WSAGetLastError, WSASetLastError.
//
// Spec: shared/spec/winsock-behaviour.md WS-START-01..11 (the rules are the
// provider's StartupState, provider/include/sluice/provider/startup.hpp).
// WSAStartup returns its error directly and leaves the thread's last error
// WSANOTINITIALISED on failure, 0 on success (WS-START-07/09). WSADATA: the
// four numbers and the two strings with their NUL are written, the rest of
// each array and lpVendorInfo are left as the caller had them (WS-START-09);
// a 0.x request still fills it (wVersion 2.2, WS-START-08).
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "runtime.hpp"

#include <sluice/provider/last_error.hpp>

#include <cstring>
#include <string_view>

namespace {

template <std::size_t N>
void copy_with_nul(char (&dst)[N], std::string_view text) {
    const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
    std::memcpy(dst, text.data(), n);
    dst[n] = '\0';
}

void fill(WSADATA& out, const sluice::provider::WsaData& data) {
    out.wVersion = data.version;
    out.wHighVersion = data.high_version;
    out.iMaxSockets = data.max_sockets;
    out.iMaxUdpDg = data.max_udp_dg;
    copy_with_nul(out.szDescription, data.description);
    copy_with_nul(out.szSystemStatus, data.system_status);
}

}  // namespace

extern "C" {

int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData) {
    const auto outcome =
        sluice::api::startup_state().startup(wVersionRequested, lpWSAData != nullptr);
    if (outcome.data && lpWSAData != nullptr) fill(*lpWSAData, *outcome.data);
    sluice::provider::set_last_error(outcome.last_error);
    return outcome.result;
}

int WSAAPI WSACleanup(void) {
    const auto outcome = sluice::api::startup_state().cleanup();
    sluice::provider::set_last_error(outcome.last_error);
    return outcome.result;
}

int WSAAPI WSAGetLastError(void) { return sluice::provider::last_error(); }

void WSAAPI WSASetLastError(int iError) { sluice::provider::set_last_error(iError); }

}  // extern "C"
