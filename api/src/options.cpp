// getsockopt, setsockopt, ioctlsocket, getsockname, getpeername.
//
// The catalog layer answers what belongs to it and dispatches the rest to
// the provider (whose rules are provider/src/tcpip_options.cpp):
//  - WS_SO_OPENTYPE is per thread and needs no socket (WS-OPT-01/44): get with
//    *optlen -1 succeeds and sets 4 (WS-OPT-14 c); other lengths below 4 ->
//    WSAEFAULT.
//  - WS_SO_PROTOCOL_INFOA/W (WS-OPT-16/17): the socket's catalog entry; NULL
//    pointers -> WSAEFAULT; *optlen too small -> WSAEFAULT with *optlen set
//    to the structure's size; on success *optlen is left as given.
//  - WS_SO_GROUP_ID (read-only) and WS_SO_GROUP_PRIORITY: the socket table's groups.
//  - ioctlsocket: u_long is 8 bytes here (winsock2.h rule 1); the command is
//    taken as its 32-bit Windows value and the argument's low 32 bits are used.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>
#include <sluice/mswsock.h>

#include "call.hpp"
#include "protocol_info.hpp"

#include <sluice/provider/wsa_options.hpp>

#include <cstring>

namespace {

namespace p = sluice::provider;
using sluice::api::fail;
using sluice::api::finish;
using sluice::api::resolve;

int write_dword(std::uint32_t v, char* out, int* length) {
    if (out == nullptr || length == nullptr || *length < 4) return WSAEFAULT;
    std::memcpy(out, &v, sizeof v);
    *length = 4;
    return 0;
}

int get_open_type(char* optval, int* optlen) {
    if (optval == nullptr || optlen == nullptr) return fail(WSAEFAULT);
    if (*optlen >= 0 && *optlen < 4) return fail(WSAEFAULT);
    const auto v = static_cast<std::uint32_t>(sluice::api::thread_open_type());
    std::memcpy(optval, &v, sizeof v);
    *optlen = 4;
    return finish(0);
}

int set_open_type(const char* optval, int optlen) {
    if (optval == nullptr || (optlen >= 0 && optlen < 4)) return fail(WSAEFAULT);
    std::int32_t v;
    std::memcpy(&v, optval, sizeof v);
    sluice::api::thread_open_type() = v;
    return finish(0);
}

template <typename Info>
int get_protocol_info(const p::ProtocolEntry& entry, char* optval, int* optlen) {
    if (optval == nullptr || optlen == nullptr) return WSAEFAULT;
    if (*optlen < static_cast<int>(sizeof(Info))) {
        *optlen = static_cast<int>(sizeof(Info));
        return WSAEFAULT;
    }
    Info info{};
    sluice::api::to_info(info, entry);
    std::memcpy(optval, &info, sizeof info);
    return 0;
}

/// SO_BSP_STATE (WS-OPT-19/20): a CSADDR_INFO followed by the addresses it
/// points to; the buffer must hold the structure and each present address.
int get_bsp_state(const sluice::api::SocketCall& call, char* optval, int* optlen) {
    if (optval == nullptr || optlen == nullptr) return WSAEFAULT;
    WS_sockaddr_in local{}, remote{};
    int local_len = sizeof local, remote_len = sizeof remote;
    const bool has_local = call.provider().local_name(call.socket(), &local, &local_len) == 0;
    const bool has_remote = call.provider().peer_name(call.socket(), &remote, &remote_len) == 0;
    const int needed = static_cast<int>(sizeof(CSADDR_INFO)) + (has_local ? local_len : 0) + (has_remote ? remote_len : 0);
    if (*optlen < needed) return WSAEFAULT;
    CSADDR_INFO info{};
    char* next = optval + sizeof info;
    if (has_local) {
        std::memcpy(next, &local, static_cast<std::size_t>(local_len));
        info.LocalAddr = {reinterpret_cast<WS_sockaddr*>(next), local_len};
        next += local_len;
    }
    if (has_remote) {
        std::memcpy(next, &remote, static_cast<std::size_t>(remote_len));
        info.RemoteAddr = {reinterpret_cast<WS_sockaddr*>(next), remote_len};
    }
    info.iSocketType = call.socket().identity().type;
    info.iProtocol = call.socket().identity().protocol;
    std::memcpy(optval, &info, sizeof info);
    return 0;
}

/// The catalog layer's own options; nullopt when the provider answers.
std::optional<int> catalog_get(const sluice::api::SocketCall& call, SOCKET s, int level, int name, char* optval,
                               int* optlen) {
    if (level != WS_SOL_SOCKET) return std::nullopt;
    switch (name) {
    case WS_SO_PROTOCOL_INFOA: return get_protocol_info<WSAPROTOCOL_INFOA>(call.socket().identity().entry, optval, optlen);
    case WS_SO_PROTOCOL_INFOW: return get_protocol_info<WSAPROTOCOL_INFOW>(call.socket().identity().entry, optval, optlen);
    case WS_SO_GROUP_ID: return write_dword(call.record.group, optval, optlen);
    case WS_SO_BSP_STATE: return get_bsp_state(call, optval, optlen);
    case WS_SO_GROUP_PRIORITY: {
        const auto priority = call.session->sockets().group_priority(s);
        if (!priority.ok()) return priority.error();
        return write_dword(static_cast<std::uint32_t>(priority.value()), optval, optlen);
    }
    default: return std::nullopt;
    }
}

std::optional<int> catalog_set(const sluice::api::SocketCall& call, SOCKET s, int level, int name, const char* optval,
                               int optlen) {
    if (level != WS_SOL_SOCKET) return std::nullopt;
    switch (name) {
    case WS_SO_PROTOCOL_INFOA:
    case WS_SO_PROTOCOL_INFOW:
    case WS_SO_GROUP_ID:
    case WS_SO_BSP_STATE: return WSAENOPROTOOPT;  // read-only
    case WS_SO_GROUP_PRIORITY: {
        if (optval == nullptr || optlen < 4) return WSAEFAULT;
        std::int32_t v;
        std::memcpy(&v, optval, sizeof v);
        return call.session->sockets().set_group_priority(s, v);
    }
    default: return std::nullopt;
    }
}

}  // namespace

extern "C" {

int WSAAPI WS_getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen) {
    if (!sluice::api::session()) return fail(WSANOTINITIALISED);
    if (level == WS_SOL_SOCKET && optname == WS_SO_OPENTYPE) return get_open_type(optval, optlen);
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (const auto handled = catalog_get(*call, s, level, optname, optval, optlen)) return finish(*handled);
    return finish(call->provider().get_option(call->socket(), level, optname, optval, optlen));
}

int WSAAPI WS_setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen) {
    if (!sluice::api::session()) return fail(WSANOTINITIALISED);
    if (level == WS_SOL_SOCKET && optname == WS_SO_OPENTYPE) return set_open_type(optval, optlen);
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (const auto handled = catalog_set(*call, s, level, optname, optval, optlen)) return finish(*handled);
    return finish(call->provider().set_option(call->socket(), level, optname, optval, optlen));
}

int WSAAPI ioctlsocket(SOCKET s, long cmd, WS_u_long* argp) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (sluice::api::is_bad_pointer(argp)) return fail(WSAEFAULT);  // NULL included (WS-SEL-30/35)
    std::uint32_t value = static_cast<std::uint32_t>(*argp);
    error = call->provider().ioctl(call->socket(), static_cast<std::uint32_t>(cmd), &value);
    if (error == 0 && static_cast<std::uint32_t>(cmd) != p::ioctl_cmd::fionbio) *argp = value;
    return finish(error);
}

int WSAAPI WS_getsockname(SOCKET s, WS_sockaddr* name, int* namelen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().local_name(call->socket(), name, namelen));
}

int WSAAPI WS_getpeername(SOCKET s, WS_sockaddr* name, int* namelen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().peer_name(call->socket(), name, namelen));
}

}  // extern "C"
