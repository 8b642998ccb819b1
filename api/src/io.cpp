// bind, connect, WSAConnect, listen, shutdown and the data calls (send,
// sendto, recv, recvfrom, WSASend, WSASendTo, WSARecv, WSARecvFrom): the
// prologue, argument marshalling to the provider, and the last error.
//
// Spec: shared/spec/winsock-behaviour.md WS-BIND-*, WS-IO-*.
//  - Lengths: a negative len -> WSAEFAULT (WS-IO-18); a NULL buffer with a
//    non-zero length -> WSAEFAULT.
//  - WSA* data calls (non-overlapped; overlapped I/O is its own issue and
//    answers WSAEOPNOTSUPP until then): lpBuffers NULL or dwBufferCount 0 ->
//    WSAEINVAL (WS-IO-39); NULL lpNumberOfBytesSent/Recvd or lpFlags ->
//    WSAEFAULT (WS-IO-23). A truncated datagram is SOCKET_ERROR/WSAEMSGSIZE
//    with the buffer filled (and *lpNumberOfBytesRecvd set, MSG_PARTIAL in
//    *lpFlags).
//  - WSAConnect with caller/callee data or QOS: TCP/IP has none; the
//    structures are ignored as msafd does for these entries.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "call.hpp"

#include <limits>
#include <vector>

namespace {

namespace p = sluice::provider;
using sluice::api::fail;
using sluice::api::finish;
using sluice::api::resolve;

/// Converts WSABUFs; false (WSAEFAULT) if one has a NULL buffer and a length.
bool to_buffers(const WSABUF* buffers, DWORD count, std::vector<p::IoBuffer>& out) {
    out.resize(count);
    for (DWORD i = 0; i < count; ++i) {
        if (buffers[i].buf == nullptr && buffers[i].len != 0) return false;
        out[i] = p::IoBuffer{reinterpret_cast<std::byte*>(buffers[i].buf), buffers[i].len};
    }
    return true;
}

int to_int(std::size_t n) { return static_cast<int>(std::min<std::size_t>(n, std::numeric_limits<int>::max())); }

int send_one(SOCKET s, const char* buf, int len, int flags, const WS_sockaddr* to, int tolen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (len < 0 || (buf == nullptr && len != 0)) return fail(WSAEFAULT);
    const p::IoBuffer one{const_cast<std::byte*>(reinterpret_cast<const std::byte*>(buf)), static_cast<std::size_t>(len)};
    std::size_t sent = 0;
    error = call->provider().send_to(call->socket(), {&one, 1}, static_cast<std::uint32_t>(flags), to, tolen, &sent);
    return finish(error, to_int(sent));
}

int receive_one(SOCKET s, char* buf, int len, int flags, WS_sockaddr* from, int* fromlen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (len < 0 || (buf == nullptr && len != 0)) return fail(WSAEFAULT);
    const p::IoBuffer one{reinterpret_cast<std::byte*>(buf), static_cast<std::size_t>(len)};
    std::uint32_t f = static_cast<std::uint32_t>(flags);
    std::size_t received = 0;
    error = call->provider().receive_from(call->socket(), {&one, 1}, &f, from, fromlen, &received);
    return finish(error, to_int(received));
}

int wsa_send(SOCKET s, WSABUF* buffers, DWORD count, DWORD* sent, DWORD flags, const WS_sockaddr* to, int tolen,
             WSAOVERLAPPED* overlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (overlapped != nullptr || routine != nullptr) return fail(WSAEOPNOTSUPP);  // overlapped I/O: its own issue
    if (buffers == nullptr || count == 0) return fail(WSAEINVAL);
    if (sent == nullptr) return fail(WSAEFAULT);
    std::vector<p::IoBuffer> io;
    if (!to_buffers(buffers, count, io)) return fail(WSAEFAULT);
    std::size_t n = 0;
    error = call->provider().send_to(call->socket(), io, flags, to, tolen, &n);
    if (error == 0) *sent = static_cast<DWORD>(n);
    return finish(error);
}

int wsa_receive(SOCKET s, WSABUF* buffers, DWORD count, DWORD* received, DWORD* flags, WS_sockaddr* from,
                int* fromlen, WSAOVERLAPPED* overlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    if (overlapped != nullptr || routine != nullptr) return fail(WSAEOPNOTSUPP);
    if (buffers == nullptr || count == 0) return fail(WSAEINVAL);
    if (received == nullptr || flags == nullptr) return fail(WSAEFAULT);
    std::vector<p::IoBuffer> io;
    if (!to_buffers(buffers, count, io)) return fail(WSAEFAULT);
    std::size_t n = 0;
    std::uint32_t f = *flags;
    error = call->provider().receive_from(call->socket(), io, &f, from, fromlen, &n);
    if (error == 0 || error == WSAEMSGSIZE) {
        *received = static_cast<DWORD>(n);
        *flags = f;
    }
    return finish(error);
}

}  // namespace

extern "C" {

int WSAAPI WS_bind(SOCKET s, const WS_sockaddr* name, int namelen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().bind(call->socket(), name, namelen));
}

int WSAAPI WS_connect(SOCKET s, const WS_sockaddr* name, int namelen) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().connect(call->socket(), name, namelen));
}

int WSAAPI WSAConnect(SOCKET s, const WS_sockaddr* name, int namelen, LPWSABUF, LPWSABUF, LPQOS, LPQOS) {
    return WS_connect(s, name, namelen);
}

int WSAAPI WS_listen(SOCKET s, int backlog) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().listen(call->socket(), backlog));
}

int WSAAPI WS_shutdown(SOCKET s, int how) {
    int error = 0;
    const auto call = resolve(s, error);
    if (!call) return fail(error);
    return finish(call->provider().shutdown(call->socket(), how));
}

int WSAAPI WS_send(SOCKET s, const char* buf, int len, int flags) { return send_one(s, buf, len, flags, nullptr, 0); }

int WSAAPI WS_sendto(SOCKET s, const char* buf, int len, int flags, const WS_sockaddr* to, int tolen) {
    return send_one(s, buf, len, flags, to, tolen);
}

int WSAAPI WS_recv(SOCKET s, char* buf, int len, int flags) { return receive_one(s, buf, len, flags, nullptr, nullptr); }

int WSAAPI WS_recvfrom(SOCKET s, char* buf, int len, int flags, WS_sockaddr* from, int* fromlen) {
    return receive_one(s, buf, len, flags, from, fromlen);
}

int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return wsa_send(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, nullptr, 0, lpOverlapped,
                    lpCompletionRoutine);
}

int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                     const WS_sockaddr* lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
                     LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return wsa_send(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpTo, iTolen, lpOverlapped,
                    lpCompletionRoutine);
}

int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return wsa_receive(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, nullptr, nullptr, lpOverlapped,
                       lpCompletionRoutine);
}

int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                       LPDWORD lpFlags, WS_sockaddr* lpFrom, LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return wsa_receive(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpFrom, lpFromlen, lpOverlapped,
                       lpCompletionRoutine);
}

}  // extern "C"
