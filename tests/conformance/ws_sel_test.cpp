// WS-SEL-*: select, WSAPoll and the readiness ioctls (shared/spec/winsock-behaviour.md;
// test_select, test_WSAPoll, test_UDP, test_fionread_siocatmark, test_fionbio in
// Wine's sock.c). Where Wine's test used a TCP pair or a listener only as "some
// idle/ready socket", a UDP socket stands in (noted per test); the facts about
// TCP states are in ws_sel_tcp_test.cpp. Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <sys/mman.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using namespace conformance;


#define FD_ZERO_ALL()         \
    do {                      \
        FD_ZERO(&readfds);    \
        FD_ZERO(&writefds);   \
        FD_ZERO(&exceptfds);  \
    } while (0)
#define FD_SET_ALL(s)            \
    do {                         \
        FD_SET((s), &readfds);   \
        FD_SET((s), &writefds);  \
        FD_SET((s), &exceptfds); \
    } while (0)

// A bound UDP socket with one datagram queued (the datagram has arrived).
void udp_with_datagram(Sock* receiver, Sock* sender) {
    *receiver = Sock(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    *sender = Sock(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    ASSERT_TRUE(receiver->valid() && sender->valid()) << WSAGetLastError();
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(*receiver, &addr));
    ASSERT_EQ(sendto(*sender, "test", 4, 0, csa(&addr), sizeof addr), 4) << WSAGetLastError();
    ASSERT_TRUE(wait_readable(*receiver)) << "the datagram did not arrive";
}

// Closes `s` from another thread after `delay_ms` (the caller is blocked in select/WSAPoll by then).
std::thread close_later(SOCKET s, int delay_ms) {
    return std::thread([s, delay_ms] {
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        closesocket(s);
    });
}

WSAPOLLFD pollfd(SOCKET s, int events) {
    WSAPOLLFD p;
    p.fd = s;
    p.events = static_cast<SHORT>(events);
    p.revents = static_cast<SHORT>(0xdead);
    return p;
}

// Wine's check_poll: one entry, wait_ms timeout (returns at once when ready).
void check_poll(SOCKET s, int mask, int expect) {
    WSAPOLLFD p = pollfd(s, mask);
    const int ret = WSAPoll(&p, 1, wait_ms);
    EXPECT_EQ(ret, p.revents ? 1 : 0);
    EXPECT_EQ(p.revents, static_cast<SHORT>(expect));
}
constexpr int all_events = POLLRDNORM | POLLRDBAND | POLLWRNORM;

// WS-SEL-02: "select() return value equals the total count of (socket, set) memberships that are ready (a socket readable and writable counts 2)."
TEST_F(WsSel, WS_SEL_02) {
    // A UDP socket with a datagram queued stands for the ready TCP socket;
    // the listener half of the fact comes with TCP.
    Sock r, s;
    ASSERT_NO_FATAL_FAILURE(udp_with_datagram(&r, &s));
    fd_set readfds, writefds;
    FD_ZERO(&readfds);
    FD_ZERO(&writefds);
    FD_SET(r, &readfds);
    FD_SET(r, &writefds);
    const timeval timeout{0, 0};
    EXPECT_EQ(select(0, &readfds, &writefds, nullptr, &timeout), 2);
    EXPECT_TRUE(FD_ISSET(r, &readfds));
    EXPECT_TRUE(FD_ISSET(r, &writefds));
}

// WS-SEL-04: "A non-blocking UDP socket is always reported writable by select() with a zero timeout, even while another thread is concurrently sending (256 iterations, each send returns the full size)."
TEST_F(WsSel, WS_SEL_04) {
    // Connected, as in Wine, to a port nothing listens on (an ephemeral port we bound and released).
    sockaddr_in closed{};
    {
        CONF_SOCKET(tmp, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        ASSERT_NO_FATAL_FAILURE(bind_loopback(tmp, &closed));
    }
    CONF_SOCKET(sock, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_EQ(connect(sock, csa(&closed), sizeof closed), 0) << WSAGetLastError();
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(sock, true));

    static char buf[256];
    std::atomic<int> thread_bad_select{0};
    std::atomic<int> thread_bad_send{0};
    const SOCKET raw = sock;
    std::thread sender([&] {
        const timeval zero{0, 0};
        for (int i = 0; i < 256; ++i) {
            fd_set writefds;
            FD_ZERO(&writefds);
            FD_SET(raw, &writefds);
            if (select(1, nullptr, &writefds, nullptr, &zero) != 1) ++thread_bad_select;
            if (send(raw, buf, sizeof buf, 0) != static_cast<int>(sizeof buf)) ++thread_bad_send;
        }
    });
    const timeval zero{0, 0};
    for (int i = 0; i < 256; ++i) {
        EXPECT_EQ(send(sock, buf, sizeof buf, 0), static_cast<int>(sizeof buf)) << "i " << i << " error " << WSAGetLastError();
        fd_set writefds;
        FD_ZERO(&writefds);
        FD_SET(sock, &writefds);
        EXPECT_EQ(select(1, nullptr, &writefds, nullptr, &zero), 1) << "i " << i;
    }
    sender.join();
    EXPECT_EQ(thread_bad_select.load(), 0);
    EXPECT_EQ(thread_bad_send.load(), 0);
}

// WS-SEL-07: "Two fresh (unbound, unconnected) TCP sockets put in read, write and except sets with timeout {0,0}: select returns 0 immediately, all sets cleared. Same with timeout 500 us."
TEST_F(WsSel, WS_SEL_07) {
    CONF_SOCKET(fd_read, AF_INET, SOCK_STREAM, 0);
    CONF_SOCKET(fd_write, AF_INET, SOCK_STREAM, 0);
    fd_set readfds, writefds, exceptfds;
    for (const long usec : {0L, 500L}) {
        SCOPED_TRACE(usec);
        FD_ZERO_ALL();
        FD_SET_ALL(fd_read);
        FD_SET_ALL(fd_write);
        const timeval timeout{0, usec};
        EXPECT_EQ(select(0, &readfds, &writefds, &exceptfds, &timeout), 0);
        EXPECT_FALSE(FD_ISSET(fd_read, &readfds));
        EXPECT_FALSE(FD_ISSET(fd_write, &writefds));
        EXPECT_FALSE(FD_ISSET(fd_read, &exceptfds));
        EXPECT_FALSE(FD_ISSET(fd_write, &exceptfds));
    }
}

// WS-SEL-10: "select with all three set pointers NULL -> SOCKET_ERROR / WSAEINVAL. select with three empty sets -> SOCKET_ERROR / WSAEINVAL."
TEST_F(WsSel, WS_SEL_10) {
    const timeval timeout{0, 500};
    WSASetLastError(0);
    EXPECT_EQ(select(0, nullptr, nullptr, nullptr, &timeout), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    fd_set readfds, writefds, exceptfds;
    FD_ZERO_ALL();
    WSASetLastError(0);
    EXPECT_EQ(select(0, &readfds, &writefds, &exceptfds, &timeout), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-SEL-11: "select with INVALID_SOCKET in readfds, writefds or exceptfds -> SOCKET_ERROR / WSAENOTSOCK."
TEST_F(WsSel, WS_SEL_11) {
    const timeval timeout{0, 500};
    fd_set readfds, writefds, exceptfds;
    fd_set* sets[] = {&readfds, &writefds, &exceptfds};
    for (fd_set* with_invalid : sets) {
        FD_ZERO_ALL();
        FD_SET(INVALID_SOCKET, with_invalid);
        WSASetLastError(0);
        EXPECT_EQ(select(0, &readfds, &writefds, &exceptfds, &timeout), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    }
}

// WS-SEL-13: "The same socket listed twice in an fd_set: select returns 1, fd_count becomes 1, fd_array[0] = socket (array is compacted; fd_array[1] left as is)."
TEST_F(WsSel, WS_SEL_13) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // writable, as Wine's connected TCP socket
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    fd_set writefds;
    writefds.fd_count = 2;
    writefds.fd_array[0] = s;
    writefds.fd_array[1] = s;
    const timeval timeout{0, 500};
    EXPECT_EQ(select(0, nullptr, &writefds, nullptr, &timeout), 1);
    EXPECT_EQ(writefds.fd_count, 1u);
    EXPECT_EQ(writefds.fd_array[0], s.get());
    EXPECT_EQ(writefds.fd_array[1], s.get());
}

// WS-SEL-14: "Overlapping set pointers (same fd_set passed as readfds and writefds) are allowed: the result is the union; after the receiver gets data, both are set (2)."
TEST_F(WsSel, WS_SEL_14) {
    // Two UDP sockets stand for the TCP pair; the "fill the send buffer until
    // not writable" half comes with TCP.
    CONF_SOCKET(a, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(b, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in b_addr{};
    sockaddr_in a_addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(a, &a_addr));
    ASSERT_NO_FATAL_FAILURE(bind_loopback(b, &b_addr));
    const timeval timeout{0, 500};
    fd_set fds;

    FD_ZERO(&fds);
    FD_SET(a, &fds);
    EXPECT_EQ(select(0, &fds, &fds, nullptr, &timeout), 1);
    EXPECT_TRUE(FD_ISSET(a, &fds));

    FD_ZERO(&fds);
    FD_SET(a, &fds);
    FD_SET(b, &fds);
    EXPECT_EQ(select(0, &fds, &fds, nullptr, &timeout), 2);
    EXPECT_TRUE(FD_ISSET(a, &fds));
    EXPECT_TRUE(FD_ISSET(b, &fds));

    ASSERT_EQ(sendto(a, "test", 4, 0, csa(&b_addr), sizeof b_addr), 4) << WSAGetLastError();
    ASSERT_TRUE(wait_readable(b));
    FD_ZERO(&fds);
    FD_SET(a, &fds);
    FD_SET(b, &fds);
    EXPECT_EQ(select(0, &fds, &fds, nullptr, &timeout), 2);  // b readable and writable, a writable
    EXPECT_TRUE(FD_ISSET(a, &fds));
    EXPECT_TRUE(FD_ISSET(b, &fds));
}

// WS-SEL-16: "select() reads only fd_count entries of an fd_set (an fd_set ending at a page boundary with fd_count = 1 works), and handles fd_count = 200 (> FD_SETSIZE 64): returns 200 and fd_array keeps order."
TEST_F(WsSel, WS_SEL_16) {
    static_assert(offsetof(fd_set, fd_array) == sizeof(SOCKET), "fd_array follows a padded fd_count");
    const timeval timeout{0, 500};
    {
        Sock r, s;
        ASSERT_NO_FATAL_FAILURE(udp_with_datagram(&r, &s));
        const std::size_t page = 4096;
        void* pages = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        ASSERT_NE(pages, MAP_FAILED);
        ASSERT_EQ(mprotect(static_cast<unsigned char*>(pages) + page, page, PROT_NONE), 0);
        // fd_count and fd_array[0] fill the last 16 bytes of the first page.
        auto* words = reinterpret_cast<SOCKET*>(static_cast<unsigned char*>(pages) + page) - 2;
        auto* fds = reinterpret_cast<fd_set*>(words);
        fds->fd_count = 1;
        words[1] = r;
        EXPECT_EQ(select(0, fds, nullptr, nullptr, &timeout), 1);
        munmap(pages, 2 * page);
    }
    {
        constexpr std::size_t n = 200;  // unbound UDP sockets are writable (WS-SEL-29)
        std::vector<Sock> sockets;
        for (std::size_t i = 0; i < n; ++i) {
            sockets.emplace_back(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
            ASSERT_TRUE(sockets.back().valid()) << "socket " << i << " error " << WSAGetLastError();
        }
        std::vector<SOCKET> words(1 + n);
        auto* fds = reinterpret_cast<fd_set*>(words.data());
        fds->fd_count = static_cast<u_int>(n);
        for (std::size_t i = 0; i < n; ++i) words[1 + i] = sockets[i];
        EXPECT_EQ(select(0, nullptr, fds, nullptr, &timeout), static_cast<int>(n));
        EXPECT_EQ(fds->fd_count, static_cast<u_int>(n));
        for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(words[1 + i], sockets[i].get()) << "index " << i;
    }
}

// WS-SEL-27: "select() including an already-closed socket handle -> SOCKET_ERROR / WSAENOTSOCK and the fd_sets are left unchanged (fd_count still 2)."
TEST_F(WsSel, WS_SEL_27) {
    CONF_SOCKET(w, AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // UDP stands for Wine's TCP pair
    CONF_SOCKET(r, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(w, &addr));
    ASSERT_NO_FATAL_FAILURE(bind_loopback(r, &addr));
    const SOCKET closed = r.get();
    ASSERT_EQ(r.close(), 0);
    fd_set readfds, writefds, exceptfds;
    FD_ZERO_ALL();
    FD_SET_ALL(w);
    FD_SET_ALL(closed);
    const timeval timeout{1, 250000};
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(select(0, &readfds, nullptr, &exceptfds, &timeout), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(readfds.fd_count, 2u);
    EXPECT_EQ(exceptfds.fd_count, 2u);
}

// WS-SEL-28: "Another thread closing the socket being selected (read+except) makes select return 1 with it in readfds; if only exceptfds is used, select returns SOCKET_ERROR / WSAENOTSOCK and the set is cleared."
TEST_F(WsSel, WS_SEL_28) {
    const timeval timeout{wait_ms / 1000, 0};
    fd_set readfds, writefds, exceptfds;
    {
        CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // idle: neither readable nor in error
        sockaddr_in addr{};
        ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
        FD_ZERO_ALL();
        FD_SET(s, &readfds);
        FD_SET(s, &exceptfds);
        const SOCKET handle = s.release();
        std::thread closer = close_later(handle, 500);
        EXPECT_EQ(select(0, &readfds, nullptr, &exceptfds, &timeout), 1);
        EXPECT_TRUE(FD_ISSET(handle, &readfds));
        closer.join();
    }
    {
        CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        sockaddr_in addr{};
        ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
        FD_ZERO(&exceptfds);
        FD_SET(s, &exceptfds);
        const SOCKET handle = s.release();
        std::thread closer = close_later(handle, 500);
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(select(0, nullptr, nullptr, &exceptfds, &timeout), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
        EXPECT_FALSE(FD_ISSET(handle, &exceptfds));
        closer.join();
    }
}

// WS-SEL-29: "A fresh unbound UDP socket in all three sets: select returns 1, writable only."
TEST_F(WsSel, WS_SEL_29) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    fd_set readfds, writefds, exceptfds;
    FD_ZERO_ALL();
    FD_SET_ALL(s);
    const timeval timeout{0, 250000};
    EXPECT_EQ(select(0, &readfds, &writefds, &exceptfds, &timeout), 1);
    EXPECT_TRUE(FD_ISSET(s, &writefds));
    EXPECT_FALSE(FD_ISSET(s, &readfds));
    EXPECT_FALSE(FD_ISSET(s, &exceptfds));
}

// WS-SEL-30: "ioctlsocket(s, FIONREAD, (u_long*)1) and ioctlsocket(s, SIOCATMARK, (u_long*)1) (bad pointer) -> SOCKET_ERROR / WSAEFAULT."
// (Run by its own meson test: an implementation that dereferences the pointer crashes.)
TEST_F(WsSel, WS_SEL_30) {
    CONF_SOCKET(udp, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(udp, &addr));
    CONF_SOCKET(tcp, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    for (const SOCKET s : {udp.get(), tcp.get()}) {
        for (const long command : {static_cast<long>(FIONREAD), static_cast<long>(SIOCATMARK)}) {
            WSASetLastError(static_cast<int>(0xdeadbeef));
            EXPECT_EQ(ioctlsocket(s, command, reinterpret_cast<u_long*>(1)), -1);
            EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
        }
    }
}

// WS-SEL-35: "ioctlsocket(s, FIONBIO, (u_long*)1) -> WSAEFAULT. [WSAIoctl(FIONBIO) rules...]"
// (Run by its own meson test, as WS-SEL-30. The WSAIoctl half comes with WSAIoctl.)
TEST_F(WsSel, WS_SEL_35) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(ioctlsocket(s, FIONBIO, reinterpret_cast<u_long*>(1)), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// WS-SEL-70: "WSAPoll(NULL, 0, t) -> SOCKET_ERROR / WSAEINVAL (for t = 0 or 1); WSAPoll(NULL, 1, t) -> WSAEFAULT."
TEST_F(WsSel, WS_SEL_70) {
    for (const int t : {0, 1}) {
        SCOPED_TRACE(t);
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(nullptr, 0, t), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(nullptr, 1, t), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    }
}

// WS-SEL-71: "Requesting output-only / invalid flags in events (POLLERR, POLLHUP, POLLNVAL, 0x8, POLLWRBAND, 0x40, 0x80, POLLPRI, 0x800...0x8000) makes WSAPoll fail with -1 / WSAEINVAL on Windows (todo_wine)."
TEST_F(WsSel, WS_SEL_71) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // Wine polls a listener and a connected socket
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    const int invalid_flags[] = {POLLERR, POLLHUP, POLLNVAL, 0x8,    POLLWRBAND, 0x40,  0x80,
                                 POLLPRI, 0x800,   0x1000,   0x2000, 0x4000,     0x8000};
    for (const int flag : invalid_flags) {
        SCOPED_TRACE(flag);
        WSAPOLLFD p = pollfd(s, flag);
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(&p, 1, 0), -1);
        EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    }
}

// WS-SEL-73: "An entry with fd = -1 (events POLLERR) alongside a valid entry: WSAPoll returns 0 (when the valid one is idle), last error 0, and revents = POLLNVAL for the bad entry (not counted). Same for an unknown handle value (0xabacab) with events POLLIN."
TEST_F(WsSel, WS_SEL_73) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // idle for POLLIN, as Wine's idle listener
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    {
        WSAPOLLFD fds[2] = {pollfd(static_cast<SOCKET>(-1), POLLERR), pollfd(s, POLLIN)};
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(fds, 2, 0), 0);
        EXPECT_EQ(WSAGetLastError(), 0);
        EXPECT_EQ(fds[0].revents, POLLNVAL);
        EXPECT_EQ(fds[1].revents, 0);
    }
    {
        WSAPOLLFD fds[2] = {pollfd(s, POLLIN), pollfd(static_cast<SOCKET>(0xabacab), POLLIN)};
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(fds, 2, 0), 0);
        EXPECT_EQ(WSAGetLastError(), 0);
        EXPECT_EQ(fds[0].revents, 0);
        EXPECT_EQ(fds[1].revents, POLLNVAL);
    }
}

// WS-SEL-74: "Mixed entries {valid listener with POLLIN, invalid handle 0xabacab with events = POLLERR}: Windows fails the whole call with -1 / WSAEINVAL and leaves revents 0 (todo_wine). If every entry is an invalid handle (fd -1 and 0xabacab, events POLLERR) -> -1 / WSAENOTSOCK and each revents = POLLNVAL."
TEST_F(WsSel, WS_SEL_74) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    {
        WSAPOLLFD fds[2] = {pollfd(s, POLLIN), pollfd(static_cast<SOCKET>(0xabacab), POLLERR)};
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(fds, 2, 0), -1);
        EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
        EXPECT_EQ(fds[0].revents, 0);
        EXPECT_EQ(fds[1].revents, 0);
    }
    {
        WSAPOLLFD fds[2] = {pollfd(static_cast<SOCKET>(-1), POLLERR), pollfd(static_cast<SOCKET>(0xabacab), POLLERR)};
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(WSAPoll(fds, 2, 0), -1);
        EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
        EXPECT_EQ(fds[0].revents, POLLNVAL);
        EXPECT_EQ(fds[1].revents, POLLNVAL);
    }
}

// WS-SEL-82: "Closing a socket (from another thread) while WSAPoll waits on it: WSAPoll returns 1 with revents = POLLNVAL; WSAPoll is alertable (a queued APC ran once during the wait)."
TEST_F(WsSel, WS_SEL_82) {
    // An idle UDP socket stands for Wine's TCP client; APCs do not exist here.
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    WSAPOLLFD p = pollfd(s, POLLRDNORM | POLLRDBAND);
    std::thread closer = close_later(s.release(), 500);
    EXPECT_EQ(WSAPoll(&p, 1, wait_ms), 1);
    EXPECT_EQ(p.revents, POLLNVAL);
    closer.join();
}

// WS-SEL-85: "UDP: fresh unbound sockets report POLLWRNORM; still after bind; after a datagram arrives the receiver reports POLLRDNORM (| POLLWRNORM)."
TEST_F(WsSel, WS_SEL_85) {
    CONF_SOCKET(client, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(server, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check_poll(client, all_events, POLLWRNORM);
    check_poll(server, all_events, POLLWRNORM);
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(client, &address));
    check_poll(client, all_events, POLLWRNORM);
    check_poll(server, all_events, POLLWRNORM);
    ASSERT_EQ(sendto(server, "data", 5, 0, csa(&address), sizeof address), 5) << WSAGetLastError();
    check_poll(client, POLLRDNORM | POLLRDBAND, POLLRDNORM);
    check_poll(client, all_events, POLLWRNORM | POLLRDNORM);
    check_poll(server, all_events, POLLWRNORM);
}

}  // namespace
