// htons/htonl/ntohs/ntohl and the per-socket WSAHtons/WSAHtonl/WSANtohs/
// WSANtohl.
//
// htonl/ntohl take and return u_long, which is 8 bytes here (winsock2.h rule
// 1): they convert the low 32 bits and return the result zero-extended, as a
// 32-bit ULONG would be on Windows. No startup needed (Windows: plain
// functions, no prolog).
//
// WSA*: Windows' order (ReactOS ws2_32 addrconv.c): not started ->
// WSANOTINITIALISED; NULL result pointer -> WSAEFAULT; not a socket ->
// WSAENOTSOCK; else the value converted to the socket provider's
// iNetworkByteOrder (LITTLEENDIAN: unchanged; BIGENDIAN: swapped). Errors
// return SOCKET_ERROR and set the last error; success returns 0 and sets 0.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "runtime.hpp"

#include <sluice/provider/last_error.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <bit>
#include <cstdint>

namespace {

// The hosts sluice runs on (x86-64, arm64 Linux) are little-endian, like
// Windows: LITTLEENDIAN providers need no conversion, BIGENDIAN ones a swap.
static_assert(std::endian::native == std::endian::little, "sluice assumes a little-endian host");

std::uint16_t swap16(std::uint16_t v) { return __builtin_bswap16(v); }
std::uint32_t swap32(std::uint32_t v) { return __builtin_bswap32(v); }
std::uint32_t low32(WS_u_long v) { return static_cast<std::uint32_t>(v); }

int fail(int error) {
    sluice::provider::set_last_error(error);
    return SOCKET_ERROR;
}

/// The common prolog: 0 and the socket's byte order, or the error.
int check(SOCKET s, const void* out, int& byte_order) {
    if (const int error = sluice::api::startup_state().check_started()) return error;
    if (out == nullptr) return WSAEFAULT;
    const auto order = sluice::api::socket_byte_order(s);
    if (!order) return WSAENOTSOCK;
    byte_order = *order;
    return 0;
}

}  // namespace

extern "C" {

WS_u_short WSAAPI WS_htons(WS_u_short hostshort) { return swap16(hostshort); }
WS_u_short WSAAPI WS_ntohs(WS_u_short netshort) { return swap16(netshort); }
WS_u_long WSAAPI WS_htonl(WS_u_long hostlong) { return swap32(low32(hostlong)); }
WS_u_long WSAAPI WS_ntohl(WS_u_long netlong) { return swap32(low32(netlong)); }

int WSAAPI WSAHtons(SOCKET s, WS_u_short hostshort, WS_u_short* lpnetshort) {
    int order = 0;
    if (const int error = check(s, lpnetshort, order)) return fail(error);
    *lpnetshort = order == LITTLEENDIAN ? hostshort : swap16(hostshort);
    sluice::provider::set_last_error(0);
    return 0;
}

int WSAAPI WSANtohs(SOCKET s, WS_u_short netshort, WS_u_short* lphostshort) {
    int order = 0;
    if (const int error = check(s, lphostshort, order)) return fail(error);
    *lphostshort = order == LITTLEENDIAN ? netshort : swap16(netshort);
    sluice::provider::set_last_error(0);
    return 0;
}

int WSAAPI WSAHtonl(SOCKET s, WS_u_long hostlong, WS_u_long* lpnetlong) {
    int order = 0;
    if (const int error = check(s, lpnetlong, order)) return fail(error);
    *lpnetlong = order == LITTLEENDIAN ? low32(hostlong) : swap32(low32(hostlong));
    sluice::provider::set_last_error(0);
    return 0;
}

int WSAAPI WSANtohl(SOCKET s, WS_u_long netlong, WS_u_long* lphostlong) {
    int order = 0;
    if (const int error = check(s, lphostlong, order)) return fail(error);
    *lphostlong = order == LITTLEENDIAN ? low32(netlong) : swap32(low32(netlong));
    sluice::provider::set_last_error(0);
    return 0;
}

}  // extern "C"
