// WSASocketA, WSASocketW, socket, accept, WSAAccept and closesocket:
// creation through the catalog's selection (or a listener) and the provider,
// registration of the handle, and destruction.
//
// Spec: seed WSASocketA.ko.txt; shared/spec/winsock-behaviour.md WS-SOCK-03..10
// (selection rules: provider/include/sluice/provider/selection.hpp).
//  - Not started -> INVALID_SOCKET / WSANOTINITIALISED; lpProtocolInfo in the
//    unmapped first 64 KiB -> WSAEFAULT; more sockets than the configured
//    max_sockets -> WSAEMFILE; a failed allocation -> WSAENOBUFS.
//  - lpProtocolInfo: only dwCatalogEntryId, iAddressFamily, iSocketType and
//    iProtocol are read (the A and W structures share their layout up to
//    szProtocol).
//  - socket(af, type, protocol) is WSASocket(af, type, protocol, NULL, 0,
//    WSA_FLAG_OVERLAPPED), or flags 0 when the thread's SO_OPENTYPE is set.
//  - The new socket joins or creates the group `g` asks for (WSAEINVAL when
//    `g` is not allowed for the entry).
//  - Success sets the last error to 0 (WS-SOCK-03).
//  - accept/WSAAccept: the provider's accept (errors: tcpip_stream.cpp; WS-BIND-17/18,
//    WS-ACC-02..04); the new socket is registered like WSASocket's (no group),
//    WSAEMFILE closing it again when the table is full. WSAAccept with a
//    condition function answers WSAEOPNOTSUPP for now (docs/winsock-api.md).
//  - closesocket: WSANOTINITIALISED, then WSAENOTSOCK for a handle that is not
//    live (closing twice included); calls blocked on the socket return.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "call.hpp"

#include <sluice/provider/selection.hpp>

#include <new>

namespace {

namespace p = sluice::provider;
using sluice::api::fail;

template <typename Info>
p::ProtocolEntry entry_from(const Info& info) {
    p::ProtocolEntry e;
    e.catalog_entry_id = info.dwCatalogEntryId;
    e.address_family = info.iAddressFamily;
    e.socket_type = info.iSocketType;
    e.protocol = info.iProtocol;
    return e;
}

SOCKET fail_socket(int error) {
    p::set_last_error(error);
    return INVALID_SOCKET;
}

/// Gives `socket` a handle; on failure closes it again.
SOCKET register_socket(sluice::api::Session& session, p::ServiceProvider& provider,
                       const std::shared_ptr<p::ProviderSocket>& socket, p::GroupId group) {
    auto handle = session.sockets().add(provider, socket, group);
    if (!handle.ok()) {
        (void)provider.close(*socket);
        return fail_socket(handle.error());
    }
    p::set_last_error(0);
    return static_cast<SOCKET>(handle.value());
}

SOCKET accept_connection(SOCKET s, WS_sockaddr* addr, int* addrlen) {
    int error = 0;
    const auto call = sluice::api::resolve(s, error);
    if (!call) return fail_socket(error);
    p::Result<std::shared_ptr<p::ProviderSocket>> accepted = call->provider().accept(call->socket(), addr, addrlen);
    if (!accepted.ok()) return fail_socket(accepted.error());
    return register_socket(*call->session, call->provider(), accepted.value(), 0);
}

/// Creates the provider socket for `selection` and registers its handle.
SOCKET create(sluice::api::Session& session, const p::SocketSelection& selection) {
    p::SocketIdentity identity;
    identity.entry = *selection.entry;
    identity.af = selection.af;
    identity.type = selection.type;
    identity.protocol = selection.protocol;
    identity.flags = selection.flags;
    identity.overlapped = selection.overlapped;
    identity.no_handle_inherit = selection.no_handle_inherit;
    p::ServiceProvider& provider = session.provider();
    p::Result<std::shared_ptr<p::ProviderSocket>> socket = p::Result<std::shared_ptr<p::ProviderSocket>>::failure(WSAENOBUFS);
    try {
        socket = provider.socket(identity);
    } catch (const std::bad_alloc&) {
        return fail_socket(WSAENOBUFS);  // the seed: no buffer space, the socket cannot be created
    }
    if (!socket.ok()) return fail_socket(socket.error());
    return register_socket(session, provider, socket.value(), selection.group);
}

template <typename Info>
SOCKET wsa_socket(int af, int type, int protocol, const Info* info, GROUP g, DWORD flags) {
    const auto session = sluice::api::session();
    if (!session) return fail_socket(WSANOTINITIALISED);
    // The seed's WSAEFAULT: lpProtocolInfo outside the address space (only the
    // unmapped first 64 KiB can be recognised without touching it).
    if (info != nullptr && sluice::api::is_bad_pointer(info)) return fail_socket(WSAEFAULT);
    p::ProtocolEntry given;
    p::SocketRequest request;
    request.af = af;
    request.type = type;
    request.protocol = protocol;
    if (info != nullptr) {
        given = entry_from(*info);
        request.protocol_info = &given;
    }
    request.group = g;
    request.flags = flags;
    const auto lock = sluice::api::catalog_lock();
    const auto selection = session->sockets().select(sluice::api::catalog(), request);
    if (!selection.ok()) return fail_socket(selection.error());
    return create(*session, selection.value());
}

}  // namespace

extern "C" {

SOCKET WSAAPI WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g,
                         DWORD dwFlags) {
    return wsa_socket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

SOCKET WSAAPI WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g,
                         DWORD dwFlags) {
    return wsa_socket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

SOCKET WSAAPI WS_socket(int af, int type, int protocol) {
    const auto session = sluice::api::session();
    if (!session) return fail_socket(WSANOTINITIALISED);
    const auto lock = sluice::api::catalog_lock();
    const auto selection = session->sockets().select_function(sluice::api::catalog(), af, type, protocol,
                                                              sluice::api::thread_open_type());
    if (!selection.ok()) return fail_socket(selection.error());
    return create(*session, selection.value());
}

SOCKET WSAAPI WS_accept(SOCKET s, WS_sockaddr* addr, int* addrlen) { return accept_connection(s, addr, addrlen); }

SOCKET WSAAPI WSAAccept(SOCKET s, WS_sockaddr* addr, LPINT addrlen, LPCONDITIONPROC lpfnCondition, DWORD_PTR) {
    if (lpfnCondition != nullptr) {
        // The condition function (CF_ACCEPT/CF_REJECT/CF_DEFER) is a later issue.
        int error = 0;
        if (!sluice::api::resolve(s, error)) return fail_socket(error);
        return fail_socket(WSAEOPNOTSUPP);
    }
    return accept_connection(s, addr, addrlen);  // WS-ACC-03/04, WS-ACC-D4
}

int WSAAPI closesocket(SOCKET s) {
    const auto session = sluice::api::session();
    if (!session) return fail(WSANOTINITIALISED);
    auto record = session->sockets().remove(s);
    if (!record) return fail(WSAENOTSOCK);
    return sluice::api::finish(record->provider->close(*record->socket));
}

}  // extern "C"
