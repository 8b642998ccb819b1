// WS-BIND-* facts about TCP: listen, connect and accept (shared/spec/winsock-behaviour.md;
// test_reuseaddr, test_errors, test_listen, test_accept, test_connect in Wine's sock.c).
// A connect that must stay "in progress" (WS-BIND-35/36) goes to a loopback listener whose
// backlog (1) is full, which drops the SYN, instead of Wine's unreachable 192.0.2.0.
// Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"
#include "tcp.hpp"

#include <thread>

namespace {

using namespace conformance;

// A second client whose connect stays in progress: `listener` (backlog 1)
// already has `first` queued, so the SYN of `pending` is dropped.
void connect_in_progress(Sock* listener, sockaddr_in* address, Sock* first, Sock* pending) {
    ASSERT_NO_FATAL_FAILURE(tcp_listener(listener, address, 1));
    *first = Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_EQ(connect(*first, csa(address), sizeof *address), 0) << WSAGetLastError();
    ASSERT_TRUE(wait_for(*listener, Role::read)) << "the first connection was not queued";
    *pending = Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    const sockaddr_in any = any4();
    ASSERT_EQ(bind(*pending, csa(&any), sizeof any), 0) << WSAGetLastError();
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(*pending, true));
    ASSERT_EQ(connect(*pending, csa(address), sizeof *address), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// Which of two listeners a new connection to `target` reaches: 1 or 2 (0: neither).
int accepting_listener(SOCKET l1, SOCKET l2, const sockaddr_in& target) {
    Sock client(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    if (connect(client, csa(&target), sizeof target) != 0) return 0;
    fd_set readfds;
    FD_ZERO(&readfds);
    FD_SET(l1, &readfds);
    FD_SET(l2, &readfds);
    timeval t{wait_ms / 1000, 0};
    if (select(0, &readfds, nullptr, nullptr, &t) != 1) return 0;
    const SOCKET winner = FD_ISSET(l1, &readfds) ? l1 : l2;
    Sock accepted(accept(winner, nullptr, nullptr));
    if (!accepted.valid()) return 0;
    return winner == l1 ? 1 : 2;
}

// WS-BIND-03: "s1 bound to ANY:P and listening; s2 (no options) binding loopback:P succeeds on Windows and can listen (todo_wine); a connect to loopback:P is accepted on s2 (the more specific bind wins)."
TEST_F(WsBind, WS_BIND_03) {
    CONF_SOCKET(s1, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_to(s1, any4(), &bound));
    ASSERT_EQ(listen(s1, SOMAXCONN), 0) << WSAGetLastError();
    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const sockaddr_in specific = loopback(bound.sin_port);
    ASSERT_EQ(bind(s2, csa(&specific), sizeof specific), 0) << WSAGetLastError();
    ASSERT_EQ(listen(s2, SOMAXCONN), 0) << WSAGetLastError();
    EXPECT_EQ(accepting_listener(s1, s2, specific), 2);
}

// WS-BIND-04: "s1 bound to loopback:P and listening; s2 (no options) binding ANY:P succeeds and listens (todo_wine); a connect to loopback:P is accepted on s1."
TEST_F(WsBind, WS_BIND_04) {
    CONF_SOCKET(s1, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in specific{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s1, &specific));
    ASSERT_EQ(listen(s1, SOMAXCONN), 0) << WSAGetLastError();
    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    const sockaddr_in wildcard = any4(specific.sin_port);
    ASSERT_EQ(bind(s2, csa(&wildcard), sizeof wildcard), 0) << WSAGetLastError();
    ASSERT_EQ(listen(s2, SOMAXCONN), 0) << WSAGetLastError();
    EXPECT_EQ(accepting_listener(s1, s2, specific), 1);
}

// WS-BIND-10: "Blocking connect() to 127.0.0.1:6924 with nothing listening -> SOCKET_ERROR / WSAECONNREFUSED. Afterwards select() for writability with a 50 ms timeout returns 0 (the failed socket is not writable)."
TEST_F(WsBind, WS_BIND_10) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    EXPECT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    fd_set writefds;
    FD_ZERO(&writefds);
    FD_SET(s, &writefds);
    timeval t{0, 50000};
    EXPECT_EQ(select(0, nullptr, &writefds, nullptr, &t), 0);
}

// WS-BIND-11: "listen(0, 0) and listen(0xdeadbeef, 0) -> WSAENOTSOCK. listen() on a UDP socket -> WSAEOPNOTSUPP (10045)."
TEST_F(WsBind, WS_BIND_11) {
    EXPECT_EQ(listen(0, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(listen(static_cast<SOCKET>(0xdeadbeef), 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    CONF_SOCKET(udp, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(udp, &bound));
    EXPECT_EQ(listen(udp, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
}

// WS-BIND-12: "listen() on an unbound TCP socket -> WSAEINVAL, for backlog -2, 1 and SOMAXCONN alike (no implicit bind as in BSD)."
TEST_F(WsBind, WS_BIND_12) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    for (const int backlog : {-2, 1, static_cast<int>(SOMAXCONN)}) {
        SCOPED_TRACE(backlog);
        EXPECT_EQ(listen(s, backlog), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    }
    int len = sizeof(sockaddr_in);
    sockaddr_in name{};
    EXPECT_EQ(getsockname(s, sa(&name), &len), SOCKET_ERROR);  // still unbound
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-BIND-14: "listen(s, 0) succeeds on a bound socket; calling listen(s, SOMAXCONN) again on an already-listening socket also succeeds."
TEST_F(WsBind, WS_BIND_14) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &bound));
    EXPECT_EQ(listen(s, 0), 0) << WSAGetLastError();
    EXPECT_EQ(listen(s, SOMAXCONN), 0) << WSAGetLastError();
    EXPECT_EQ(WSAGetLastError(), 0);
}

// WS-BIND-15: "listen() on a socket whose bind failed (still unbound) -> WSAEINVAL. A fresh socket binding the address of a listening socket -> WSAEADDRINUSE (10048)."
TEST_F(WsBind, WS_BIND_15) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    EXPECT_EQ(bind(s, csa(&address), sizeof address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
    EXPECT_EQ(listen(s, SOMAXCONN), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-BIND-17: "closesocket() of a listening socket from another thread wakes a thread blocked in accept() on it; that accept returns INVALID_SOCKET."
TEST_F(WsBind, WS_BIND_17) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    const SOCKET l = listener.release();
    SOCKET accepted = 0;
    std::thread blocked([&] { accepted = accept(l, nullptr, nullptr); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let it block (not a timing assertion)
    EXPECT_EQ(closesocket(l), 0);
    blocked.join();
    EXPECT_EQ(accepted, INVALID_SOCKET);
}

// WS-BIND-18: "accept(listener, &ss, &len) with len = 0 -> INVALID_SOCKET / WSAEFAULT, len stays 0. accept(listener, NULL, NULL) succeeds. accept(listener, &ss, NULL) (address pointer but NULL length) succeeds and leaves the address buffer untouched (all zero)."
TEST_F(WsBind, WS_BIND_18) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    CONF_SOCKET(c1, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(c1, csa(&address), sizeof address), 0) << WSAGetLastError();
    SOCKADDR_STORAGE ss;
    std::memset(&ss, 0, sizeof ss);
    int len = 0;
    EXPECT_EQ(accept(listener, reinterpret_cast<sockaddr*>(&ss), &len), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(len, 0);
    Sock a1(accept(listener, nullptr, nullptr));
    EXPECT_TRUE(a1.valid()) << WSAGetLastError();
    CONF_SOCKET(c2, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(c2, csa(&address), sizeof address), 0) << WSAGetLastError();
    Sock a2(accept(listener, reinterpret_cast<sockaddr*>(&ss), nullptr));
    EXPECT_TRUE(a2.valid()) << WSAGetLastError();
    const SOCKADDR_STORAGE zero{};
    EXPECT_EQ(std::memcmp(&ss, &zero, sizeof ss), 0);
}

// WS-BIND-23: "connect() on a listening socket -> -1 / WSAEINVAL. [ConnectEx half: overlapped/events issue]"
TEST_F(WsBind, WS_BIND_23) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    EXPECT_EQ(connect(listener, csa(&address), sizeof address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-BIND-25: "connect() on an accepted socket or either end of a connect()/accept() pair -> WSAEISCONN. [ConnectEx halves: overlapped/events issue]"
TEST_F(WsBind, WS_BIND_25) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    for (const SOCKET s : {p.client.get(), p.server.get()}) {
        EXPECT_EQ(connect(s, csa(&p.address), sizeof p.address), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
    }
}

// WS-BIND-27: "After a blocking connect fails with WSAECONNREFUSED, the same socket can connect again: switched to non-blocking, connect to a live listener returns -1/WSAEWOULDBLOCK and the listener accepts it."
TEST_F(WsBind, WS_BIND_27) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(s, true));
    EXPECT_EQ(connect(s, csa(&address), sizeof address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_TRUE(wait_for(listener, Role::read));
    Sock accepted(accept(listener, nullptr, nullptr));
    EXPECT_TRUE(accepted.valid()) << WSAGetLastError();
}

// WS-BIND-35: "Non-blocking connect to an unreachable address (after binding to INADDR_ANY): first connect -> WSAEWOULDBLOCK; a second connect() to the same address while the first is still in progress -> WSAEALREADY. [ConnectEx half: overlapped/events issue]"
TEST_F(WsBind, WS_BIND_35) {
    Sock listener, first, pending;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(connect_in_progress(&listener, &address, &first, &pending));
    EXPECT_EQ(connect(pending, csa(&address), sizeof address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEALREADY);
}

// WS-BIND-36: "While the connect is in progress: getsockname succeeds with AF_INET and a non-zero (auto-assigned) port; getpeername succeeds (connect() variant); recv() and send() fail with -1 and WSAENOTCONN (todo_wine)."
TEST_F(WsBind, WS_BIND_36) {
    Sock listener, first, pending;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(connect_in_progress(&listener, &address, &first, &pending));
    sockaddr_in name{};
    ASSERT_NO_FATAL_FAILURE(get_name(pending, &name));
    EXPECT_EQ(name.sin_family, AF_INET);
    EXPECT_NE(name.sin_port, 0);
    sockaddr_in peer{};
    int len = sizeof peer;
    EXPECT_EQ(getpeername(pending, sa(&peer), &len), 0) << WSAGetLastError();
    EXPECT_EQ(peer.sin_port, address.sin_port);
    char buf[4];
    EXPECT_EQ(recv(pending, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    EXPECT_EQ(send(pending, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

}  // namespace
