// WS-SEL-* facts about TCP sockets: select and WSAPoll on listeners, connected
// pairs, failed connects, FIN and RST (shared/spec/winsock-behaviour.md; test_select,
// test_WSAPoll in Wine's sock.c). Wine's closed port 255 becomes an ephemeral
// loopback port nothing listens on. Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"
#include "tcp.hpp"

#include <string>
#include <thread>

namespace {

using namespace conformance;

// A non-blocking connect to a closed port that has failed (in exceptfds).
void failed_nonblocking_connect(Sock* s, sockaddr_in* closed) {
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(closed));
    *s = Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(*s, true));
    ASSERT_EQ(connect(*s, csa(closed), sizeof *closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_TRUE(wait_for(*s, Role::except)) << "the connect did not fail";
}

// A pair whose client was closed with SO_LINGER {1, 0}: `p.server` got a RST.
void reset_pair(TcpPair* p) {
    ASSERT_NO_FATAL_FAILURE(tcp_pair(p));
    const LINGER abort_on_close{1, 0};
    ASSERT_EQ(setsockopt(p->client, SOL_SOCKET, SO_LINGER, copt(&abort_on_close), sizeof abort_on_close), 0);
    ASSERT_EQ(p->client.close(), 0);
    ASSERT_TRUE(wait_for(p->server, Role::read)) << "the reset did not arrive";
}

int so_error(SOCKET s) {
    int e = -1;
    EXPECT_NO_FATAL_FAILURE(get_int_option(s, SOL_SOCKET, SO_ERROR, &e));
    return e;
}

// WS-SEL-08: "listen() on an unbound socket fails (WSAEINVAL, see WS-BIND-12)."
TEST_F(WsSel, WS_SEL_08) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    EXPECT_EQ(listen(s, SOMAXCONN), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-SEL-09: "closesocket() of a socket from another thread while a thread is blocked in select() on it (listening socket, 5 s timeout) wakes that select, which returns 1 (socket reported as readable). A later recv(..., MSG_PEEK) on the closed handle returns -1."
TEST_F(WsSel, WS_SEL_09) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    const SOCKET l = listener.release();
    std::thread closer([l] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        closesocket(l);
    });
    fd_set readfds;
    FD_ZERO(&readfds);
    FD_SET(l, &readfds);
    timeval t{5, 0};
    const int ret = select(0, &readfds, nullptr, nullptr, &t);
    closer.join();
    EXPECT_EQ(ret, 1);
    EXPECT_TRUE(FD_ISSET(l, &readfds));
    char c;
    EXPECT_EQ(recv(l, &c, 1, MSG_PEEK), SOCKET_ERROR);
}

// WS-SEL-15: "A connected TCP socket is writable immediately (select for write returns 1). Sending until select-for-write returns 0 is possible (send buffer fills on loopback)."
TEST_F(WsSel, WS_SEL_15) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(select_roles(p.client), "w");
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(p.client, true));
    const std::vector<char> chunk(4096, 'x');
    bool filled = false;
    for (int i = 0; i < 100000 && !filled; ++i) {
        filled = select_roles(p.client).find('w') == std::string::npos;
        if (!filled) send(p.client, chunk.data(), static_cast<int>(chunk.size()), 0);
    }
    EXPECT_TRUE(filled);
}

// WS-SEL-17: "select on a listening socket with no pending connections (all three sets, 1.25 s timeout) -> 0. When a client connects (non-blocking connect), the listening socket is reported readable only (returns 1)."
TEST_F(WsSel, WS_SEL_17) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    EXPECT_EQ(select_roles(listener, 250), "");
    CONF_SOCKET(client, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(client, true));
    ASSERT_EQ(connect(client, csa(&address), sizeof address), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_TRUE(wait_for(listener, Role::read));
    EXPECT_EQ(select_roles(listener), "r");
}

// WS-SEL-18: "After accept: the connecting socket and the accepted socket are both reported writable (select returns 2), listener not reported; getsockopt(SO_ERROR) on the connector returns 0."
TEST_F(WsSel, WS_SEL_18) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    fd_set writefds;
    FD_ZERO(&writefds);
    FD_SET(p.listener, &writefds);
    FD_SET(p.client, &writefds);
    FD_SET(p.server, &writefds);
    timeval t{0, 0};
    EXPECT_EQ(select(0, nullptr, &writefds, nullptr, &t), 2);
    EXPECT_FALSE(FD_ISSET(p.listener, &writefds));
    EXPECT_EQ(so_error(p.client), 0);
}

// WS-SEL-19: "After the peer sends 4 bytes: the receiver is readable but not in exceptfds; with the receiver in all three sets select returns 2 (readable + writable)."
TEST_F(WsSel, WS_SEL_19) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "tcp!", 4, 0), 4);
    ASSERT_TRUE(wait_for(p.server, Role::read));
    EXPECT_EQ(select_roles(p.server), "rw");
}

// WS-SEL-20: "After the peer sends 1 byte with MSG_OOB (SO_OOBINLINE off): receiver appears in exceptfds (select returns 1 when checking read+except); recv(..., MSG_OOB) returns 1 byte 'A'." (Same fact as WS-IO-14.)
TEST_F(WsSel, WS_SEL_20) { expect_urgent_byte_in_exceptfds(); }

// WS-SEL-21: "With SO_OOBINLINE = 1, OOB data is reported in readfds (not exceptfds), and recv(..., MSG_OOB) fails with WSAEINVAL." (Same fact as WS-IO-15.)
TEST_F(WsSel, WS_SEL_21) { expect_inline_urgent_byte_in_readfds(); }

// WS-SEL-22: "When the peer closes (closesocket, graceful), the remaining socket is reported readable and recv returns 0." (Same fact as WS-IO-17.)
TEST_F(WsSel, WS_SEL_22) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(p.client.close(), 0);
    ASSERT_TRUE(wait_for(p.server, Role::read));
    char c;
    EXPECT_EQ(recv(p.server, &c, 1, 0), 0);
}

// WS-SEL-23: "Non-blocking connect to a closed port: connect -> -1/WSAEWOULDBLOCK; select(read+write+except, 10 s) returns 1 with the socket in exceptfds only; the timeval passed in is not modified by select. getsockopt(SO_ERROR) returns WSAECONNREFUSED, and reading SO_ERROR does not clear it; the socket keeps being reported in exceptfds."
TEST_F(WsSel, WS_SEL_23) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(s, true));
    ASSERT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    fd_set readfds, writefds, exceptfds;
    FD_ZERO(&readfds);
    FD_ZERO(&writefds);
    FD_ZERO(&exceptfds);
    FD_SET(s, &readfds);
    FD_SET(s, &writefds);
    FD_SET(s, &exceptfds);
    timeval t{10, 0};
    EXPECT_EQ(select(0, &readfds, &writefds, &exceptfds, &t), 1);
    EXPECT_TRUE(FD_ISSET(s, &exceptfds));
    EXPECT_FALSE(FD_ISSET(s, &readfds));
    EXPECT_FALSE(FD_ISSET(s, &writefds));
    EXPECT_EQ(t.tv_sec, 10);
    EXPECT_EQ(t.tv_usec, 0);
    EXPECT_EQ(so_error(s), WSAECONNREFUSED);
    EXPECT_EQ(so_error(s), WSAECONNREFUSED);
    EXPECT_EQ(select_roles(s), "e");
}

// WS-SEL-24: "A second connect() on the failed non-blocking socket returns -1/WSAEWOULDBLOCK again (a new attempt is allowed) and does not reset SO_ERROR (still WSAECONNREFUSED); a subsequent successful connect to a live listener makes the socket writable and SO_ERROR becomes 0."
TEST_F(WsSel, WS_SEL_24) {
    Sock s;
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(failed_nonblocking_connect(&s, &closed));
    EXPECT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_EQ(so_error(s), WSAECONNREFUSED);
    ASSERT_TRUE(wait_for(s, Role::except));
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    EXPECT_EQ(connect(s, csa(&address), sizeof address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_TRUE(wait_for(s, Role::write));
    EXPECT_EQ(so_error(s), 0);
}

// WS-SEL-25: "A bound socket whose non-blocking connect failed (except set) can still listen() and accept connections on Windows (todo_wine); SO_ERROR remains WSAECONNREFUSED and it stays in exceptfds."
TEST_F(WsSel, WS_SEL_25) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &bound));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(s, true));
    ASSERT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_TRUE(wait_for(s, Role::except));
    ASSERT_EQ(listen(s, SOMAXCONN), 0) << WSAGetLastError();
    CONF_SOCKET(client, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(client, csa(&bound), sizeof bound), 0) << WSAGetLastError();
    ASSERT_TRUE(wait_for(s, Role::read));
    Sock accepted(accept(s, nullptr, nullptr));
    EXPECT_TRUE(accepted.valid()) << WSAGetLastError();
    EXPECT_EQ(so_error(s), WSAECONNREFUSED);
    EXPECT_NE(select_roles(s).find('e'), std::string::npos);
}

// WS-SEL-26: "After a blocking connect fails synchronously with WSAECONNREFUSED, getsockopt(SO_ERROR) returns 0 (todo_wine) and select still reports the socket in exceptfds."
TEST_F(WsSel, WS_SEL_26) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    EXPECT_EQ(so_error(s), 0);
    EXPECT_EQ(select_roles(s), "e");
}

// WS-SEL-33: "FIONREAD / SIOCATMARK state sequence on a TCP pair (SO_OOBINLINE off): fresh connected socket: FIONREAD 0, SIOCATMARK TRUE; fresh unconnected socket (bound or not): 0, TRUE; after peer sends 5 normal bytes: 5, TRUE (poll -> POLLRDNORM); after peer sends 1 byte MSG_OOB: FIONREAD stays 5 (urgent byte not counted), SIOCATMARK FALSE (poll -> POLLRDBAND); after a second MSG_OOB byte: 5, FALSE; after reading 3 normal bytes: 2, FALSE; recv(1, MSG_OOB) returns 1; poll still shows POLLRDBAND; 2, FALSE; recv(5) returns 2 (todo_wine); 0, FALSE; another recv(1, MSG_OOB) returns 1 (todo_wine) - Windows keeps each urgent byte separately; then 0, TRUE."
// The second urgent byte's arrival changes neither FIONREAD nor SIOCATMARK;
// the bounded POLLRDBAND wait after the first recv(MSG_OOB) is where the
// test waits for it.
TEST_F(WsSel, WS_SEL_33) {
    CONF_SOCKET(unconnected, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    EXPECT_EQ(ioctl_value(unconnected, FIONREAD), 0u);
    EXPECT_EQ(ioctl_value(unconnected, SIOCATMARK), 1u);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(unconnected, &bound));
    EXPECT_EQ(ioctl_value(unconnected, FIONREAD), 0u);
    EXPECT_EQ(ioctl_value(unconnected, SIOCATMARK), 1u);

    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    for (const SOCKET s : {p.client.get(), p.server.get()}) {
        EXPECT_EQ(ioctl_value(s, FIONREAD), 0u);
        EXPECT_EQ(ioctl_value(s, SIOCATMARK), 1u);
    }
    ASSERT_EQ(send(p.client, "hello", 5, 0), 5);
    ASSERT_EQ(wait_fionread(p.server, 5), 5u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 1u);
    EXPECT_EQ(poll_one(p.server, POLLRDNORM | POLLRDBAND), POLLRDNORM);

    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    ASSERT_TRUE(wait_for(p.server, Role::except)) << "the urgent byte did not arrive";
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 5u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    EXPECT_EQ(poll_one(p.server, POLLRDBAND), POLLRDBAND);

    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "B"));
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 5u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    char buf[8] = {};
    ASSERT_EQ(recv_wait(p.server, buf, 3), 3);
    EXPECT_EQ(std::string(buf, 3), "hel");
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 2u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);

    EXPECT_EQ(recv_oob(p.server), 'A');
    EXPECT_EQ(poll_one(p.server, POLLRDBAND, wait_ms), POLLRDBAND);  // 'B' waits
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 2u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);

    ASSERT_EQ(recv_wait(p.server, buf, 5), 2);  // stops short of the urgent bytes' place
    EXPECT_EQ(std::string(buf, 2), "lo");
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 0u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    EXPECT_EQ(recv_oob(p.server), 'B');  // kept apart from 'A'
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 0u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 1u);
}

// WS-SEL-34: "With an unread urgent byte pending, turning SO_OOBINLINE on makes FIONREAD count it (1) and SIOCATMARK FALSE; a normal recv(1) returns it; then 0, TRUE. With SO_OOBINLINE already on, an arriving MSG_OOB byte is signalled as POLLRDNORM, FIONREAD 1 and SIOCATMARK TRUE."
TEST_F(WsSel, WS_SEL_34) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    ASSERT_TRUE(wait_for(p.server, Role::except)) << "the urgent byte did not arrive";
    ASSERT_EQ(ioctl_value(p.server, FIONREAD), 0u);  // out of band while SO_OOBINLINE is off
    ASSERT_NO_FATAL_FAILURE(set_int_option(p.server, SOL_SOCKET, SO_OOBINLINE, 1));
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 1u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    char c = 0;
    EXPECT_EQ(recv_wait(p.server, &c, 1), 1) << WSAGetLastError();
    EXPECT_EQ(c, 'A');
    EXPECT_EQ(ioctl_value(p.server, FIONREAD), 0u);
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 1u);

    TcpPair q;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&q));
    ASSERT_NO_FATAL_FAILURE(set_int_option(q.server, SOL_SOCKET, SO_OOBINLINE, 1));
    ASSERT_NO_FATAL_FAILURE(send_oob(q.client, "B"));
    EXPECT_EQ(poll_one(q.server, POLLRDNORM | POLLRDBAND, wait_ms), POLLRDNORM);
    EXPECT_EQ(ioctl_value(q.server, FIONREAD), 1u);
    EXPECT_EQ(ioctl_value(q.server, SIOCATMARK), 1u);
}

// WS-SEL-72: "Listener with nothing pending, events RDNORM|RDBAND|WRNORM, timeout 0 -> returns 0, revents = 0."
TEST_F(WsSel, WS_SEL_72) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    EXPECT_EQ(poll_one(listener, kAllPollEvents), 0);
}

// WS-SEL-75: "Listener with a pending connection: POLLIN -> returns 1, revents = POLLRDNORM (accept readiness is RDNORM); repeated poll still POLLRDNORM; polling only RDBAND|WRNORM -> 0."
TEST_F(WsSel, WS_SEL_75) {
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    CONF_SOCKET(client, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(client, csa(&address), sizeof address), 0) << WSAGetLastError();
    EXPECT_EQ(poll_one(listener, POLLIN, wait_ms), POLLRDNORM);
    EXPECT_EQ(poll_one(listener, POLLIN), POLLRDNORM);
    EXPECT_EQ(poll_one(listener, POLLRDBAND | POLLWRNORM), 0);
}

// WS-SEL-76: "Connected sockets idle: revents = POLLWRNORM for both ends, listener (with nothing pending) 0; return value counts only entries with non-zero revents (2)."
TEST_F(WsSel, WS_SEL_76) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    WSAPOLLFD fds[3] = {{p.listener, static_cast<SHORT>(kAllPollEvents), 0x7ead},
                        {p.client, static_cast<SHORT>(kAllPollEvents), 0x7ead},
                        {p.server, static_cast<SHORT>(kAllPollEvents), 0x7ead}};
    EXPECT_EQ(WSAPoll(fds, 3, 0), 2);
    EXPECT_EQ(fds[0].revents, 0);
    EXPECT_EQ(fds[1].revents, POLLWRNORM);
    EXPECT_EQ(fds[2].revents, POLLWRNORM);
}

// WS-SEL-77: "After the peer sends 4 bytes: receiver revents = POLLRDNORM (with mask RDNORM|RDBAND), or POLLRDNORM|POLLWRNORM with the full mask; after reading, POLLWRNORM only."
TEST_F(WsSel, WS_SEL_77) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "data", 4, 0), 4);
    EXPECT_EQ(poll_one(p.server, POLLRDNORM | POLLRDBAND, wait_ms), POLLRDNORM);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLRDNORM | POLLWRNORM);
    char buf[4];
    ASSERT_EQ(recv(p.server, buf, 4, 0), 4);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM);
}

// WS-SEL-78: "Peer sends MSG_OOB byte: receiver revents = POLLRDBAND (| POLLWRNORM with full mask); after recv(MSG_OOB) back to POLLWRNORM. With SO_OOBINLINE on, the urgent byte shows as POLLRDNORM and is read by a normal recv."
TEST_F(WsSel, WS_SEL_78) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    EXPECT_EQ(poll_one(p.server, POLLRDNORM | POLLRDBAND, wait_ms), POLLRDBAND);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLRDBAND | POLLWRNORM);
    char c = 0;
    ASSERT_EQ(recv_wait(p.server, &c, 1, nullptr, nullptr, MSG_OOB), 1) << WSAGetLastError();
    EXPECT_EQ(c, 'A');
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM);

    ASSERT_NO_FATAL_FAILURE(set_int_option(p.server, SOL_SOCKET, SO_OOBINLINE, 1));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "B"));
    EXPECT_EQ(poll_one(p.server, POLLRDNORM | POLLRDBAND, wait_ms), POLLRDNORM);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLRDNORM | POLLWRNORM);
    ASSERT_EQ(recv_wait(p.server, &c, 1), 1) << WSAGetLastError();
    EXPECT_EQ(c, 'B');
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM);
}

// WS-SEL-79: "shutdown(client, SD_RECEIVE) changes nothing visible on either side. After shutdown(client, SD_SEND): client still POLLWRNORM; server gets POLLHUP even when events = 0, and POLLWRNORM|POLLHUP with the full mask (todo_wine). No POLLRDNORM is reported for a FIN."
TEST_F(WsSel, WS_SEL_79) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(shutdown(p.client, SD_RECEIVE), 0);
    EXPECT_EQ(poll_one(p.client, kAllPollEvents), POLLWRNORM);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM);
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    EXPECT_EQ(poll_one(p.server, 0, wait_ms), POLLHUP);
    EXPECT_EQ(poll_one(p.client, kAllPollEvents), POLLWRNORM);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM | POLLHUP);
}

// WS-SEL-80: "After the peer's graceful closesocket(): server revents = POLLHUP with events 0; POLLWRNORM|POLLHUP with full mask."
TEST_F(WsSel, WS_SEL_80) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(p.client.close(), 0);
    EXPECT_EQ(poll_one(p.server, 0, wait_ms), POLLHUP);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM | POLLHUP);
}

// WS-SEL-81: "Peer sent 5 bytes then shutdown(SD_SEND): server revents = POLLWRNORM|POLLRDNORM|POLLHUP (todo_wine)."
TEST_F(WsSel, WS_SEL_81) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "12345", 5, 0), 5);
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    ASSERT_EQ(poll_one(p.server, 0, wait_ms), POLLHUP);
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLWRNORM | POLLRDNORM | POLLHUP);
}

// WS-SEL-83: "Failed non-blocking connect: WSAPoll(10 s) returns 1 with revents = POLLWRNORM|POLLHUP|POLLERR (todo_wine)."
TEST_F(WsSel, WS_SEL_83) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_tcp_port(&closed));
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(s, true));
    ASSERT_EQ(connect(s, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_EQ(poll_one(s, kAllPollEvents, 10000), POLLWRNORM | POLLHUP | POLLERR);
}

// WS-SEL-84: "After a failed non-blocking connect, SO_ERROR = WSAECONNREFUSED (stable on repeated reads) and poll keeps reporting POLLWRNORM|POLLHUP|POLLERR (todo_wine). After a synchronous (blocking) connect failure, poll reports the same and SO_ERROR reads 0 (todo_wine)."
TEST_F(WsSel, WS_SEL_84) {
    Sock s;
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(failed_nonblocking_connect(&s, &closed));
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(so_error(s), WSAECONNREFUSED);
        EXPECT_EQ(poll_one(s, kAllPollEvents), POLLWRNORM | POLLHUP | POLLERR);
    }
    CONF_SOCKET(b, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ASSERT_EQ(connect(b, csa(&closed), sizeof closed), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    EXPECT_EQ(poll_one(b, kAllPollEvents), POLLWRNORM | POLLHUP | POLLERR);
    EXPECT_EQ(so_error(b), 0);
}

// WS-SEL-87: "A reset socket: WSAPoll reports POLLERR|POLLHUP|POLLWRNORM; select reports it readable and writable (returns 2) but not in exceptfds (select with only exceptfds -> 0)."
TEST_F(WsSel, WS_SEL_87) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(reset_pair(&p));
    EXPECT_EQ(poll_one(p.server, kAllPollEvents), POLLERR | POLLHUP | POLLWRNORM);
    EXPECT_EQ(select_roles(p.server), "rw");
    fd_set exceptfds;
    FD_ZERO(&exceptfds);
    FD_SET(p.server, &exceptfds);
    timeval t{0, 0};
    EXPECT_EQ(select(0, nullptr, nullptr, &exceptfds, &t), 0);
}

}  // namespace
