// tests/api/tcp_stream_test.cpp: TCP stream sockets end to end through
// libsluice's Winsock API over the embedded loopback default (127.0.0.1):
// connect (blocking and non-blocking), listen, accept/WSAAccept, send/recv/
// WSASend/WSARecv, shutdown, closesocket (graceful and SO_LINGER {1,0}),
// names, options on stream sockets, and what select and WSAPoll report in
// each state.
//
// Every test runs in both engine modes (parameter "inline" / "threaded"; the
// configuration is read at WSAStartup, meson runs each mode as its own
// process). Rules: only 127.0.0.1 and ports the test bound itself; every
// wait is bounded (select/WSAPoll with kWaitMs, SO_RCVTIMEO on blocking
// receives, threads joined) so a failure fails instead of hanging; no timing
// assertions.
#include <sluice/winsock2.h>
#include <sluice/mswsock.h>
#include <sluice/sluice.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr int kWaitMs = 5000;

// ---- Small helpers ------------------------------------------------------------

sockaddr* sa(sockaddr_in* a) { return reinterpret_cast<sockaddr*>(a); }
const sockaddr* csa(const sockaddr_in* a) { return reinterpret_cast<const sockaddr*>(a); }

sockaddr_in loopback(USHORT net_port = 0) {
    sockaddr_in a;
    std::memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = net_port;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/// A SOCKET closed at scope exit (unless released).
class Sock {
public:
    explicit Sock(SOCKET s = INVALID_SOCKET) : s_(s) {}
    Sock(Sock&& o) noexcept : s_(std::exchange(o.s_, INVALID_SOCKET)) {}
    Sock& operator=(Sock&& o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~Sock() {
        if (s_ != INVALID_SOCKET) closesocket(s_);
    }
    operator SOCKET() const { return s_; }
    SOCKET release() { return std::exchange(s_, INVALID_SOCKET); }
    int close() { return closesocket(release()); }

private:
    SOCKET s_;
};

Sock tcp_socket() { return Sock(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)); }

sockaddr_in name_of(SOCKET s) {
    sockaddr_in a{};
    int len = sizeof a;
    EXPECT_EQ(getsockname(s, sa(&a), &len), 0) << WSAGetLastError();
    return a;
}

sockaddr_in peer_of(SOCKET s) {
    sockaddr_in a{};
    int len = sizeof a;
    EXPECT_EQ(getpeername(s, sa(&a), &len), 0) << WSAGetLastError();
    return a;
}

bool same(const sockaddr_in& a, const sockaddr_in& b) {
    return a.sin_family == b.sin_family && a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
}

void set_nonblocking(SOCKET s, bool on) {
    u_long v = on ? 1 : 0;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &v), 0) << WSAGetLastError();
}

void set_int(SOCKET s, int level, int name, int value) {
    ASSERT_EQ(setsockopt(s, level, name, reinterpret_cast<const char*>(&value), sizeof value), 0)
        << "setsockopt " << name << " error " << WSAGetLastError();
}

int get_int(SOCKET s, int level, int name) {
    int v = 0;
    int len = sizeof v;
    EXPECT_EQ(getsockopt(s, level, name, reinterpret_cast<char*>(&v), &len), 0) << WSAGetLastError();
    return v;
}

/// A bound, listening socket on 127.0.0.1 and its address.
struct Listener {
    Sock sock;
    sockaddr_in address{};
};

Listener listen_on_loopback(int backlog = SOMAXCONN) {
    Listener l{tcp_socket(), {}};
    const sockaddr_in any_port = loopback();
    EXPECT_EQ(bind(l.sock, csa(&any_port), sizeof any_port), 0) << WSAGetLastError();
    EXPECT_EQ(listen(l.sock, backlog), 0) << WSAGetLastError();
    l.address = name_of(l.sock);
    return l;
}

/// select() on one socket, one role, with a timeout (ms).
bool selected(SOCKET s, int role, int timeout_ms) {
    fd_set set;
    FD_ZERO(&set);
    FD_SET(s, &set);
    timeval t{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    fd_set* sets[3] = {nullptr, nullptr, nullptr};
    sets[role] = &set;
    return select(0, sets[0], sets[1], sets[2], &t) == 1 && FD_ISSET(s, &set);
}
constexpr int kRead = 0, kWrite = 1, kExcept = 2;

/// select() with `s` in all three sets, {0,0}: which roles report it.
std::string select_roles(SOCKET s) {
    fd_set r, w, e;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(s, &r);
    FD_SET(s, &w);
    FD_SET(s, &e);
    timeval t{0, 0};
    EXPECT_NE(select(0, &r, &w, &e, &t), SOCKET_ERROR) << WSAGetLastError();
    std::string roles;
    if (FD_ISSET(s, &r)) roles += "r";
    if (FD_ISSET(s, &w)) roles += "w";
    if (FD_ISSET(s, &e)) roles += "e";
    return roles;
}

/// WSAPoll of one socket asking for RDNORM|WRNORM, waiting up to timeout_ms
/// for any of `until` (0: just poll once).
SHORT poll_revents(SOCKET s, SHORT until = 0, int timeout_ms = 0) {
    WSAPOLLFD fd{s, POLLRDNORM | POLLWRNORM, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        fd.revents = 0;
        EXPECT_NE(WSAPoll(&fd, 1, 0), SOCKET_ERROR) << WSAGetLastError();
        if (until == 0 || (fd.revents & until) != 0 || std::chrono::steady_clock::now() >= deadline) return fd.revents;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

/// A connected pair: client (connect) and server (accept).
struct Pair {
    Listener listener;
    Sock client;
    Sock server;
};

Pair connected_pair() {
    Pair p{listen_on_loopback(), tcp_socket(), Sock()};
    EXPECT_EQ(connect(p.client, csa(&p.listener.address), sizeof p.listener.address), 0) << WSAGetLastError();
    p.server = Sock(accept(p.listener.sock, nullptr, nullptr));
    EXPECT_NE(static_cast<SOCKET>(p.server), INVALID_SOCKET) << WSAGetLastError();
    return p;
}

/// Receives exactly `n` bytes (blocking with SO_RCVTIMEO); fewer on EOF or error.
std::vector<char> receive_exactly(SOCKET s, std::size_t n) {
    set_int(s, SOL_SOCKET, SO_RCVTIMEO, kWaitMs);
    std::vector<char> out(n);
    std::size_t got = 0;
    while (got < n) {
        const int r = recv(s, out.data() + got, static_cast<int>(n - got), 0);
        if (r <= 0) break;
        got += static_cast<std::size_t>(r);
    }
    out.resize(got);
    return out;
}

int recv_result(SOCKET s, int flags = 0) {
    char buf[64];
    return recv(s, buf, sizeof buf, flags);
}

// ---- Fixture: one engine mode per parameter --------------------------------------

class TcpStream : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        const std::string config = std::string("mode = ") + GetParam() + "\nidle = adaptive\n";
        ASSERT_EQ(sluice_set_config(config.c_str()), 0) << sluice_config_error();
        WSADATA data{};
        ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    }
    void TearDown() override {
        while (WSACleanup() == 0) {
        }
    }
};

// ---- connect / accept ----------------------------------------------------------------

TEST_P(TcpStream, BlockingConnectAndAccept) {
    Listener l = listen_on_loopback();
    Sock client = tcp_socket();
    sockaddr_in peer_unset{};
    int len = sizeof peer_unset;
    EXPECT_EQ(getpeername(client, sa(&peer_unset), &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    ASSERT_EQ(connect(client, csa(&l.address), sizeof l.address), 0) << WSAGetLastError();
    EXPECT_EQ(WSAGetLastError(), 0);
    sockaddr_in from{};
    int from_len = sizeof from;
    Sock server(accept(l.sock, sa(&from), &from_len));
    ASSERT_NE(static_cast<SOCKET>(server), INVALID_SOCKET) << WSAGetLastError();
    EXPECT_EQ(from_len, static_cast<int>(sizeof(sockaddr_in)));
    const sockaddr_in client_name = name_of(client);
    EXPECT_EQ(client_name.sin_addr.s_addr, htonl(INADDR_LOOPBACK));  // concrete after connect
    EXPECT_NE(client_name.sin_port, 0);
    EXPECT_TRUE(same(from, client_name));
    EXPECT_TRUE(same(peer_of(server), client_name));
    EXPECT_TRUE(same(peer_of(client), l.address));
    EXPECT_TRUE(same(name_of(server), l.address));
    EXPECT_EQ(connect(client, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), 0);
}

TEST_P(TcpStream, NonBlockingConnectCompletes) {
    Listener l = listen_on_loopback();
    Sock client = tcp_socket();
    set_nonblocking(client, true);
    ASSERT_EQ(connect(client, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    const int again = connect(client, csa(&l.address), sizeof l.address);
    EXPECT_EQ(again, SOCKET_ERROR);
    const int again_error = WSAGetLastError();
    EXPECT_TRUE(again_error == WSAEALREADY || again_error == WSAEISCONN) << again_error;
    ASSERT_TRUE(selected(client, kWrite, kWaitMs));
    EXPECT_EQ(connect(client, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), 0);
    ASSERT_TRUE(selected(l.sock, kRead, kWaitMs));
    Sock server(accept(l.sock, nullptr, nullptr));
    ASSERT_NE(static_cast<SOCKET>(server), INVALID_SOCKET) << WSAGetLastError();
}

// A listener with backlog 1 and one connection queued drops the next SYN, so
// the second connect stays in progress until the first is accepted.
TEST_P(TcpStream, PendingConnectState) {
    Listener l = listen_on_loopback(1);
    Sock first = tcp_socket();
    ASSERT_EQ(connect(first, csa(&l.address), sizeof l.address), 0) << WSAGetLastError();
    ASSERT_TRUE(selected(l.sock, kRead, kWaitMs));
    Sock second = tcp_socket();
    set_nonblocking(second, true);
    ASSERT_EQ(connect(second, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_EQ(connect(second, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEALREADY);
    EXPECT_EQ(select_roles(second), "");  // pending: neither writable nor failed
    EXPECT_EQ(poll_revents(second), 0);
    EXPECT_TRUE(same(peer_of(second), l.address));
    EXPECT_NE(name_of(second).sin_port, 0);
    EXPECT_EQ(send(second, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    EXPECT_EQ(recv_result(second), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    EXPECT_EQ(shutdown(second, SD_SEND), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    Sock accepted_first(accept(l.sock, nullptr, nullptr));
    ASSERT_NE(static_cast<SOCKET>(accepted_first), INVALID_SOCKET) << WSAGetLastError();
    // The SYN is retransmitted after the initial RTO (1 s).
    ASSERT_TRUE(selected(second, kWrite, kWaitMs));
    Sock accepted_second(accept(l.sock, nullptr, nullptr));
    EXPECT_NE(static_cast<SOCKET>(accepted_second), INVALID_SOCKET) << WSAGetLastError();
}

TEST_P(TcpStream, BlockingConnectRefused) {
    Sock closed_port = tcp_socket();  // bound, never listening: SYNs get RST
    const sockaddr_in any_port = loopback();
    ASSERT_EQ(bind(closed_port, csa(&any_port), sizeof any_port), 0);
    const sockaddr_in target = name_of(closed_port);
    Sock client = tcp_socket();
    EXPECT_EQ(connect(client, csa(&target), sizeof target), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), 0);  // WS-SEL-26: a blocking failure is not stored
    EXPECT_EQ(select_roles(client), "e");
    EXPECT_EQ(poll_revents(client), POLLERR | POLLHUP | POLLWRNORM);
    sockaddr_in peer{};
    int len = sizeof peer;
    EXPECT_EQ(getpeername(client, sa(&peer), &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    // The same socket can connect again (WS-BIND-27).
    Listener l = listen_on_loopback();
    EXPECT_EQ(connect(client, csa(&l.address), sizeof l.address), 0) << WSAGetLastError();
    EXPECT_EQ(select_roles(client), "w");
}

TEST_P(TcpStream, NonBlockingConnectRefused) {
    Sock closed_port = tcp_socket();
    const sockaddr_in any_port = loopback();
    ASSERT_EQ(bind(closed_port, csa(&any_port), sizeof any_port), 0);
    const sockaddr_in target = name_of(closed_port);
    Sock client = tcp_socket();
    set_nonblocking(client, true);
    ASSERT_EQ(connect(client, csa(&target), sizeof target), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    ASSERT_TRUE(selected(client, kExcept, kWaitMs));
    EXPECT_EQ(select_roles(client), "e");
    EXPECT_EQ(poll_revents(client), POLLERR | POLLHUP | POLLWRNORM);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), WSAECONNREFUSED);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), WSAECONNREFUSED);  // reading does not clear it
    // A successful connection clears it (WS-SEL-24).
    Listener l = listen_on_loopback();
    ASSERT_EQ(connect(client, csa(&l.address), sizeof l.address), SOCKET_ERROR);
    ASSERT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    // (Whether SO_ERROR still reads the old error right now is a race: over
    // loopback the new handshake may already be done.)
    ASSERT_TRUE(selected(client, kWrite, kWaitMs));
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_ERROR), 0);
}

TEST_P(TcpStream, AcceptArguments) {
    Sock unlistened = tcp_socket();
    const sockaddr_in any_port = loopback();
    ASSERT_EQ(bind(unlistened, csa(&any_port), sizeof any_port), 0);
    EXPECT_EQ(accept(unlistened, nullptr, nullptr), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    Sock udp(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    EXPECT_EQ(accept(udp, nullptr, nullptr), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    EXPECT_EQ(accept(INVALID_SOCKET, nullptr, nullptr), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);

    Listener l = listen_on_loopback();
    set_nonblocking(l.sock, true);
    EXPECT_EQ(accept(l.sock, nullptr, nullptr), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    Sock c1 = tcp_socket();
    ASSERT_EQ(connect(c1, csa(&l.address), sizeof l.address), 0);
    ASSERT_TRUE(selected(l.sock, kRead, kWaitMs));
    sockaddr_storage ss{};
    int zero = 0;
    EXPECT_EQ(accept(l.sock, reinterpret_cast<sockaddr*>(&ss), &zero), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(zero, 0);
    Sock a1(accept(l.sock, reinterpret_cast<sockaddr*>(&ss), nullptr));  // (&addr, NULL): untouched
    ASSERT_NE(static_cast<SOCKET>(a1), INVALID_SOCKET) << WSAGetLastError();
    EXPECT_EQ(ss.ss_family, 0);

    Sock c2 = tcp_socket();
    ASSERT_EQ(connect(c2, csa(&l.address), sizeof l.address), 0);
    ASSERT_TRUE(selected(l.sock, kRead, kWaitMs));
    EXPECT_EQ(WSAAccept(l.sock, nullptr, nullptr,
                        [](LPWSABUF, LPWSABUF, LPQOS, LPQOS, LPWSABUF, LPWSABUF, GROUP*, DWORD_PTR) { return CF_ACCEPT; },
                        0),
              INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);  // condition functions: a later issue
    int len = sizeof ss;
    Sock a2(WSAAccept(l.sock, reinterpret_cast<sockaddr*>(&ss), &len, nullptr, 0));
    ASSERT_NE(static_cast<SOCKET>(a2), INVALID_SOCKET) << WSAGetLastError();
    EXPECT_EQ(len, static_cast<int>(sizeof(sockaddr_in)));
    EXPECT_EQ(ss.ss_family, AF_INET);
    EXPECT_EQ(WSAGetLastError(), 0);
}

TEST_P(TcpStream, CloseWakesBlockedAccept) {
    Listener l = listen_on_loopback();
    const SOCKET listener = l.sock.release();
    SOCKET result = 0;
    int error = 0;
    std::thread waiter([&] {
        result = accept(listener, nullptr, nullptr);
        error = WSAGetLastError();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(closesocket(listener), 0);
    waiter.join();
    EXPECT_EQ(result, INVALID_SOCKET);
    EXPECT_EQ(error, WSAEINTR);
}

TEST_P(TcpStream, ListenErrors) {
    Sock unbound = tcp_socket();
    EXPECT_EQ(listen(unbound, 5), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    Sock udp(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    EXPECT_EQ(listen(udp, 5), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    Pair p = connected_pair();
    EXPECT_EQ(listen(p.client, 5), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
    EXPECT_EQ(listen(p.listener.sock, 10), 0);  // again on a listener: fine
    EXPECT_EQ(connect(p.listener.sock, csa(&p.listener.address), sizeof p.listener.address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    EXPECT_EQ(get_int(p.listener.sock, SOL_SOCKET, SO_ACCEPTCONN), 1);
    EXPECT_EQ(get_int(p.client, SOL_SOCKET, SO_ACCEPTCONN), 0);
}

// ---- data ----------------------------------------------------------------------------

std::vector<char> pattern(std::size_t n) {
    std::vector<char> v(n);
    std::uint32_t x = 0x12345678u;
    for (char& c : v) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 24);
    }
    return v;
}

// 1 MiB client -> server -> client, every byte checked; the client's
// shutdown(SD_SEND) ends the server's loop (recv 0), whose close ends ours.
TEST_P(TcpStream, EchoOneMebibyte) {
    Pair p = connected_pair();
    const std::vector<char> data = pattern(std::size_t{1} << 20);
    const SOCKET server = p.server.release();
    std::thread echo([server] {
        set_int(server, SOL_SOCKET, SO_RCVTIMEO, kWaitMs);
        std::vector<char> buf(70000);
        for (;;) {
            const int r = recv(server, buf.data(), static_cast<int>(buf.size()), 0);
            if (r <= 0) break;
            ASSERT_EQ(send(server, buf.data(), r, 0), r) << WSAGetLastError();
        }
        EXPECT_EQ(recv(server, buf.data(), 1, 0), 0);  // end of stream is sticky
        closesocket(server);
    });
    std::thread sender([&] {
        set_int(p.client, SOL_SOCKET, SO_SNDTIMEO, kWaitMs);
        ASSERT_EQ(send(p.client, data.data(), static_cast<int>(data.size()), 0), static_cast<int>(data.size()))
            << WSAGetLastError();
        ASSERT_EQ(shutdown(p.client, SD_SEND), 0) << WSAGetLastError();
    });
    const std::vector<char> back = receive_exactly(p.client, data.size());
    sender.join();
    echo.join();
    ASSERT_EQ(back.size(), data.size());
    EXPECT_TRUE(back == data);
    EXPECT_EQ(recv_result(p.client), 0);
}

TEST_P(TcpStream, ShutdownSendGivesEndOfStream) {
    Pair p = connected_pair();
    ASSERT_EQ(send(p.client, "hello", 5, 0), 5);
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    EXPECT_EQ(shutdown(p.client, SD_SEND), 0);  // idempotent
    EXPECT_EQ(send(p.client, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    ASSERT_TRUE(selected(p.server, kRead, kWaitMs));
    EXPECT_EQ(poll_revents(p.server, POLLHUP, kWaitMs), POLLRDNORM | POLLWRNORM | POLLHUP);  // WS-SEL-81
    EXPECT_EQ(receive_exactly(p.server, 5).size(), 5u);
    EXPECT_EQ(select_roles(p.server), "rw");  // a FIN: readable for select ...
    EXPECT_EQ(poll_revents(p.server), POLLWRNORM | POLLHUP);  // ... POLLHUP, not POLLRDNORM (WS-SEL-79)
    EXPECT_EQ(recv_result(p.server), 0);
    EXPECT_EQ(recv_result(p.server), 0);
    // The other direction still works.
    ASSERT_EQ(send(p.server, "back", 4, 0), 4);
    EXPECT_EQ(receive_exactly(p.client, 4).size(), 4u);
    EXPECT_EQ(poll_revents(p.client), POLLWRNORM);  // our own SD_SEND shows nothing (WS-SEL-79)
}

TEST_P(TcpStream, ShutdownReceiveAndBoth) {
    Pair p = connected_pair();
    ASSERT_EQ(shutdown(p.server, SD_RECEIVE), 0);
    EXPECT_EQ(recv_result(p.server), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    ASSERT_EQ(send(p.server, "12345", 5, 0), 5);  // sending still works
    EXPECT_EQ(receive_exactly(p.client, 5).size(), 5u);
    ASSERT_EQ(shutdown(p.client, SD_BOTH), 0);
    EXPECT_EQ(send(p.client, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(recv_result(p.client), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(shutdown(p.client, 0xdead), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    EXPECT_TRUE(same(peer_of(p.client), p.listener.address));  // names survive shutdown
    Sock unconnected = tcp_socket();
    EXPECT_EQ(shutdown(unconnected, SD_SEND), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    EXPECT_EQ(shutdown(p.listener.sock, SD_RECEIVE), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

TEST_P(TcpStream, AbortiveCloseResetsPeer) {
    Pair p = connected_pair();
    const LINGER abort_on_close{1, 0};
    ASSERT_EQ(setsockopt(p.client, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&abort_on_close),
                         sizeof abort_on_close),
              0);
    ASSERT_EQ(p.client.close(), 0);
    ASSERT_TRUE(selected(p.server, kRead, kWaitMs));
    EXPECT_EQ(select_roles(p.server), "rw");  // WS-SEL-87: readable and writable, not exceptional
    EXPECT_EQ(poll_revents(p.server), POLLERR | POLLHUP | POLLWRNORM);
    EXPECT_EQ(recv_result(p.server), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
    EXPECT_EQ(send(p.server, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
    EXPECT_EQ(get_int(p.server, SOL_SOCKET, SO_ERROR), 0);  // WS-IO-44
}

TEST_P(TcpStream, GracefulCloseDeliversQueuedData) {
    Pair p = connected_pair();
    const std::vector<char> data = pattern(200000);
    set_int(p.client, SOL_SOCKET, SO_SNDTIMEO, kWaitMs);
    const SOCKET client = p.client.release();
    std::thread sender([&] {
        ASSERT_EQ(send(client, data.data(), static_cast<int>(data.size()), 0), static_cast<int>(data.size()));
        ASSERT_EQ(closesocket(client), 0);
    });
    const std::vector<char> got = receive_exactly(p.server, data.size());
    sender.join();
    EXPECT_TRUE(got == data);
    EXPECT_EQ(recv_result(p.server), 0);
}

TEST_P(TcpStream, PeekFionreadAndScatterGather) {
    Pair p = connected_pair();
    char abc[] = "abc", defgh[] = "defgh";
    WSABUF out[2] = {{3, abc}, {5, defgh}};
    DWORD sent = 0;
    ASSERT_EQ(WSASend(p.client, out, 2, &sent, 0, nullptr, nullptr), 0) << WSAGetLastError();
    EXPECT_EQ(sent, 8u);
    ASSERT_TRUE(selected(p.server, kRead, kWaitMs));
    EXPECT_EQ(poll_revents(p.server, POLLRDNORM, kWaitMs), POLLRDNORM | POLLWRNORM);
    u_long pending = 0;
    for (int i = 0; i < 100 && pending < 8; ++i) {
        ASSERT_EQ(ioctlsocket(p.server, FIONREAD, &pending), 0);
        if (pending < 8) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(pending, 8u);
    u_long at_mark = 0;
    EXPECT_EQ(ioctlsocket(p.server, SIOCATMARK, &at_mark), 0);
    EXPECT_EQ(at_mark, 1u);
    char peeked[8] = {};
    EXPECT_EQ(recv(p.server, peeked, 8, MSG_PEEK), 8);
    EXPECT_EQ(std::memcmp(peeked, "abcdefgh", 8), 0);
    char a[4] = {}, b[4] = {};
    WSABUF in[2] = {{4, a}, {4, b}};
    DWORD received = 0, flags = 0;
    ASSERT_EQ(WSARecv(p.server, in, 2, &received, &flags, nullptr, nullptr), 0) << WSAGetLastError();
    EXPECT_EQ(received, 8u);
    EXPECT_EQ(std::memcmp(a, "abcd", 4), 0);
    EXPECT_EQ(std::memcmp(b, "efgh", 4), 0);
    sockaddr_in from{};
    std::memset(&from, 0xab, sizeof from);
    int from_len = 12345;
    set_nonblocking(p.server, true);
    EXPECT_EQ(recvfrom(p.server, a, 4, 0, sa(&from), &from_len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_EQ(from_len, 12345);  // WS-IO-49: untouched on a stream socket
}

TEST_P(TcpStream, ReceiveTimeout) {
    Pair p = connected_pair();
    set_int(p.server, SOL_SOCKET, SO_RCVTIMEO, 100);
    EXPECT_EQ(recv_result(p.server), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAETIMEDOUT);
}

// Non-blocking sends are whole or WSAEWOULDBLOCK until the buffers fill; a
// buffer larger than SO_SNDBUF is taken partially (docs/winsock-api.md).
TEST_P(TcpStream, NonBlockingSendAllOrNothing) {
    Pair p = connected_pair();
    set_int(p.client, SOL_SOCKET, SO_SNDBUF, 32768);
    set_nonblocking(p.client, true);
    const std::vector<char> chunk = pattern(5000);
    std::size_t total = 0;
    int r = 0;
    for (int i = 0; i < 10000; ++i) {
        r = send(p.client, chunk.data(), static_cast<int>(chunk.size()), 0);
        if (r == SOCKET_ERROR) break;
        ASSERT_EQ(r, static_cast<int>(chunk.size()));
        total += static_cast<std::size_t>(r);
    }
    ASSERT_EQ(r, SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    // Drain the peer: everything sent arrives, in order.
    const std::vector<char> got = receive_exactly(p.server, total);
    ASSERT_EQ(got.size(), total);
    EXPECT_EQ(std::memcmp(got.data(), chunk.data(), chunk.size()), 0);
    // Larger than the whole send buffer: partial, never zero on an empty buffer.
    ASSERT_TRUE(selected(p.client, kWrite, kWaitMs));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the acks empty the buffer
    const std::vector<char> big = pattern(100000);
    const int partial = send(p.client, big.data(), static_cast<int>(big.size()), 0);
    EXPECT_GT(partial, 0) << WSAGetLastError();
    EXPECT_LE(partial, 32768);
}

TEST_P(TcpStream, OptionsReachStackAndAreInherited) {
    Listener l = listen_on_loopback();
    set_int(l.sock, IPPROTO_TCP, TCP_NODELAY, 1);
    set_int(l.sock, SOL_SOCKET, SO_KEEPALIVE, 1);
    set_int(l.sock, SOL_SOCKET, SO_RCVBUF, 0x123);
    set_int(l.sock, SOL_SOCKET, SO_SNDBUF, 0x123);
    set_int(l.sock, SOL_SOCKET, SO_RCVTIMEO, 0x123);
    set_int(l.sock, IPPROTO_TCP, TCP_KEEPALIVE, 3600);
    set_int(l.sock, IPPROTO_IP, IP_TTL, 33);
    Sock client = tcp_socket();
    ASSERT_EQ(connect(client, csa(&l.address), sizeof l.address), 0);
    Sock server(accept(l.sock, nullptr, nullptr));
    ASSERT_NE(static_cast<SOCKET>(server), INVALID_SOCKET);
    char nodelay = 0;
    int len = 1;
    ASSERT_EQ(getsockopt(server, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
    EXPECT_EQ(nodelay, 1);
    EXPECT_EQ(get_int(server, SOL_SOCKET, SO_RCVBUF), 0x123);
    EXPECT_EQ(get_int(server, SOL_SOCKET, SO_SNDBUF), 0x123);
    EXPECT_EQ(get_int(server, SOL_SOCKET, SO_RCVTIMEO), 0x123);
    EXPECT_EQ(get_int(server, IPPROTO_TCP, TCP_KEEPALIVE), 3600);
    EXPECT_EQ(get_int(server, IPPROTO_IP, IP_TTL), 33);
    EXPECT_EQ(get_int(server, SOL_SOCKET, SO_CONNECT_TIME), 0);
    EXPECT_EQ(get_int(client, SOL_SOCKET, SO_CONNECT_TIME), 0);
    // Tiny SO_RCVBUF/SO_SNDBUF values still move data (the stack keeps a floor).
    const std::vector<char> data = pattern(100000);
    set_int(server, SOL_SOCKET, SO_SNDTIMEO, kWaitMs);
    std::thread sender([&] { EXPECT_EQ(send(server, data.data(), 100000, 0), 100000) << WSAGetLastError(); });
    EXPECT_TRUE(receive_exactly(client, data.size()) == data);
    sender.join();
}

TEST_P(TcpStream, ListenerReadiness) {
    Listener l = listen_on_loopback();
    EXPECT_EQ(select_roles(l.sock), "");
    EXPECT_EQ(poll_revents(l.sock), 0);
    Sock client = tcp_socket();
    ASSERT_EQ(connect(client, csa(&l.address), sizeof l.address), 0);
    ASSERT_TRUE(selected(l.sock, kRead, kWaitMs));
    EXPECT_EQ(select_roles(l.sock), "r");
    EXPECT_EQ(poll_revents(l.sock), POLLRDNORM);
    Sock server(accept(l.sock, nullptr, nullptr));
    ASSERT_NE(static_cast<SOCKET>(server), INVALID_SOCKET);
    EXPECT_EQ(select_roles(l.sock), "");
    EXPECT_EQ(select_roles(server), "w");
    EXPECT_EQ(select_roles(client), "w");
    EXPECT_EQ(poll_revents(server), POLLWRNORM);
}

INSTANTIATE_TEST_SUITE_P(Modes, TcpStream, ::testing::Values("inline", "threaded"),
                         [](const ::testing::TestParamInfo<const char*>& mode) { return std::string(mode.param); });

}  // namespace
