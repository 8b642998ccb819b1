// tests/conformance/tcp.hpp: TCP building blocks of the conformance tests
// (ws_*_tcp_test.cpp): a listener on 127.0.0.1, a connected pair the way
// Wine's tcp_socketpair makes one (listen, connect, accept), a port nobody
// listens on, one-socket select/WSAPoll probes, and urgent-data helpers.
//
// Rules (conformance.hpp): 127.0.0.1 and ephemeral ports only; every wait is
// bounded by wait_ms; helpers assert success, so a test that cannot set up
// its sockets fails instead of testing nothing.
#ifndef SLUICE_TESTS_CONFORMANCE_TCP_HPP
#define SLUICE_TESTS_CONFORMANCE_TCP_HPP

#include "conformance.hpp"

#include <chrono>
#include <string>
#include <thread>

namespace conformance {

// A TCP socket bound to 127.0.0.1:0 and listening; `address` is where it listens.
inline void tcp_listener(Sock* listener, sockaddr_in* address, int backlog = SOMAXCONN) {
    *listener = Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_TRUE(listener->valid()) << WSAGetLastError();
    ASSERT_NO_FATAL_FAILURE(bind_loopback(*listener, address));
    ASSERT_EQ(listen(*listener, backlog), 0) << "listen error " << WSAGetLastError();
}

// Wine's tcp_socketpair: `client` connected (blocking) to a fresh listener,
// `server` the accepted end. The listener is kept in `listener` if given.
struct TcpPair {
    Sock listener;
    sockaddr_in address{};  // the listener's
    Sock client;
    Sock server;
};

inline void tcp_pair(TcpPair* p) {
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&p->listener, &p->address));
    p->client = Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_TRUE(p->client.valid()) << WSAGetLastError();
    ASSERT_EQ(connect(p->client, csa(&p->address), sizeof p->address), 0) << "connect error " << WSAGetLastError();
    p->server = Sock(accept(p->listener, nullptr, nullptr));
    ASSERT_TRUE(p->server.valid()) << "accept error " << WSAGetLastError();
}

// 127.0.0.1:port where nothing listens (bound, read and released): a SYN
// there is answered with RST, i.e. a refused connection.
inline void closed_tcp_port(sockaddr_in* out) {
    Sock tmp(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_TRUE(tmp.valid()) << WSAGetLastError();
    ASSERT_NO_FATAL_FAILURE(bind_loopback(tmp, out));
}

// The roles select() reports `s` in: "r", "w", "e" in that order, after a
// wait of up to timeout_ms (0: poll once) with `s` in every set.
inline std::string select_roles(SOCKET s, int timeout_ms = 0) {
    fd_set r, w, e;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(s, &r);
    FD_SET(s, &w);
    FD_SET(s, &e);
    timeval t{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    EXPECT_NE(select(0, &r, &w, &e, &t), SOCKET_ERROR) << WSAGetLastError();
    std::string roles;
    if (FD_ISSET(s, &r)) roles += "r";
    if (FD_ISSET(s, &w)) roles += "w";
    if (FD_ISSET(s, &e)) roles += "e";
    return roles;
}

// select() with `s` in one set (readfds, writefds or exceptfds), up to wait_ms.
enum class Role { read, write, except };
inline bool wait_for(SOCKET s, Role role) {
    fd_set set;
    FD_ZERO(&set);
    FD_SET(s, &set);
    timeval t{wait_ms / 1000, (wait_ms % 1000) * 1000};
    fd_set* r = role == Role::read ? &set : nullptr;
    fd_set* w = role == Role::write ? &set : nullptr;
    fd_set* e = role == Role::except ? &set : nullptr;
    return select(0, r, w, e, &t) == 1 && FD_ISSET(s, &set);
}

// WSAPoll of `s` alone with `events`, timeout `timeout_ms`; the revents.
inline SHORT poll_one(SOCKET s, int events, int timeout_ms = 0) {
    WSAPOLLFD p;
    p.fd = s;
    p.events = static_cast<SHORT>(events);
    p.revents = static_cast<SHORT>(0x7ead);
    const int ret = WSAPoll(&p, 1, timeout_ms);
    EXPECT_EQ(ret, p.revents != 0 ? 1 : 0) << WSAGetLastError();
    return p.revents;
}
inline constexpr int kAllPollEvents = POLLRDNORM | POLLRDBAND | POLLWRNORM;

// ---- Urgent data (MSG_OOB) ------------------------------------------------------

// ioctlsocket(s, FIONREAD or SIOCATMARK): the value (0xdeadbeef if it failed).
inline u_long ioctl_value(SOCKET s, long command) {
    u_long value = 0xdeadbeef;
    EXPECT_EQ(ioctlsocket(s, command, &value), 0) << "ioctlsocket(" << command << ") error " << WSAGetLastError();
    return value;
}

// Waits (up to wait_ms) until FIONREAD on `s` says `n`; returns the last value.
inline u_long wait_fionread(SOCKET s, u_long n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    u_long value = ioctl_value(s, FIONREAD);
    while (value != n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        value = ioctl_value(s, FIONREAD);
    }
    return value;
}

// send(s, data, MSG_OOB): the last byte is urgent.
inline void send_oob(SOCKET s, const std::string& data) {
    ASSERT_EQ(send(s, data.data(), static_cast<int>(data.size()), MSG_OOB), static_cast<int>(data.size()))
        << "send(MSG_OOB) error " << WSAGetLastError();
}

// One urgent byte by recv(MSG_OOB), bounded by recv_wait; '\0' if none came.
inline char recv_oob(SOCKET s) {
    char c = 0;
    EXPECT_EQ(recv_wait(s, &c, 1, nullptr, nullptr, MSG_OOB), 1) << "recv(MSG_OOB) error " << WSAGetLastError();
    return c;
}

// Receives until `n` bytes or end of stream / error, each recv bounded by
// recv_wait; returns what arrived.
inline std::string recv_all(SOCKET s, std::size_t n) {
    std::string out;
    char buf[4096];
    while (out.size() < n) {
        const int want = static_cast<int>(std::min(sizeof buf, n - out.size()));
        const int r = recv_wait(s, buf, want);
        if (r <= 0) break;
        out.append(buf, static_cast<std::size_t>(r));
    }
    return out;
}

// Facts the spec gives two ids (one in WS-IO, one in WS-SEL): one check
// each, so the two tests cannot drift apart.

/// WS-IO-14 = WS-SEL-20: an urgent byte (SO_OOBINLINE off) shows in
/// exceptfds, not readfds, and recv(MSG_OOB) returns it.
inline void expect_urgent_byte_in_exceptfds() {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    ASSERT_TRUE(wait_for(p.server, Role::except)) << "the urgent byte did not arrive";
    fd_set readfds, exceptfds;
    FD_ZERO(&readfds);
    FD_ZERO(&exceptfds);
    FD_SET(p.server, &readfds);
    FD_SET(p.server, &exceptfds);
    timeval t{0, 0};
    EXPECT_EQ(select(0, &readfds, nullptr, &exceptfds, &t), 1);
    EXPECT_TRUE(FD_ISSET(p.server, &exceptfds));
    EXPECT_FALSE(FD_ISSET(p.server, &readfds));  // the urgent byte is not normal data
    char buf[8] = {};
    EXPECT_EQ(recv_wait(p.server, buf, sizeof buf, nullptr, nullptr, MSG_OOB), 1) << WSAGetLastError();
    EXPECT_EQ(buf[0], 'A');
}

/// WS-IO-15 = WS-SEL-21: with SO_OOBINLINE the urgent byte shows in
/// readfds, recv(MSG_OOB) is WSAEINVAL, and a normal recv returns it.
inline void expect_inline_urgent_byte_in_readfds() {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(set_int_option(p.server, SOL_SOCKET, SO_OOBINLINE, 1));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    ASSERT_TRUE(wait_for(p.server, Role::read)) << "the urgent byte did not arrive";
    EXPECT_EQ(select_roles(p.server), "rw");
    char buf[8];
    EXPECT_EQ(recv_wait(p.server, buf, sizeof buf, nullptr, nullptr, MSG_OOB), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    EXPECT_EQ(recv_wait(p.server, buf, sizeof buf), 1);  // still there, inline
    EXPECT_EQ(buf[0], 'A');
}

}  // namespace conformance

#endif  // SLUICE_TESTS_CONFORMANCE_TCP_HPP
