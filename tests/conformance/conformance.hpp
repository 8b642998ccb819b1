// tests/conformance/conformance.hpp: what every conformance test file shares.
//
// The suite checks libsluice against Windows' behaviour as recorded in
// shared/spec/winsock-behaviour.md: one TEST per fact, named after it
// (WS-BIND-05 -> TEST_F(WsBind, WS_BIND_05)); docs/winsock-conformance.md lists
// every fact of the WS-SOCK/ENUM/START/BIND/OPT/SEL/IO groups with its status.
// Where Wine has a todo_wine, Windows' value is the expected one.
//
// Rules the tests keep:
//   - the public API in the Winsock-compatible header mode, included before
//     any other header, as Windows code would;
//   - traffic only to 127.0.0.1 and only to ports the test bound itself (bind
//     to port 0, read getsockname); binds use 127.0.0.1 or the wildcard
//     0.0.0.0. Two facts name other addresses in calls that must fail before
//     anything is sent (bind to 192.0.2.0, WS-BIND-31; sendto/connect to
//     255.255.255.255 without SO_BROADCAST, WS-IO-50); each is one marked
//     block;
//   - no timing assertions; a receive that must succeed runs on a
//     non-blocking socket in a bounded retry loop (recv_wait), so nothing
//     blocks forever;
//   - every test starts with Winsock started once (the fixture) and leaves it
//     as it found it, whatever the test did to the reference count.
#ifndef SLUICE_TESTS_CONFORMANCE_HPP
#define SLUICE_TESTS_CONFORMANCE_HPP

#include <sluice/winsock2.h>
#include <sluice/mswsock.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

namespace conformance {

// Bound for every wait on the in-process stack (a datagram to arrive, a
// socket to become readable). Generous: it is a hang guard, not a timing.
inline constexpr int wait_ms = 5000;

// ---- Casts Winsock code writes as C casts ------------------------------------

template <typename T>
char* opt(T* p) {
    return reinterpret_cast<char*>(p);
}
template <typename T>
const char* copt(const T* p) {
    return reinterpret_cast<const char*>(p);
}
template <typename T>
sockaddr* sa(T* p) {
    return reinterpret_cast<sockaddr*>(p);
}
template <typename T>
const sockaddr* csa(const T* p) {
    return reinterpret_cast<const sockaddr*>(p);
}

// ---- Addresses ----------------------------------------------------------------

// sockaddr_in with sin_zero zeroed; port in network order.
inline sockaddr_in in4(ULONG host_order_address, USHORT net_port = 0) {
    sockaddr_in a;
    std::memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = net_port;
    a.sin_addr.s_addr = static_cast<ULONG>(htonl(host_order_address));
    return a;
}
inline sockaddr_in loopback(USHORT net_port = 0) { return in4(INADDR_LOOPBACK, net_port); }
inline sockaddr_in any4(USHORT net_port = 0) { return in4(INADDR_ANY, net_port); }

// ---- A socket that closes itself ------------------------------------------------

// Owns a SOCKET; closes it at scope exit unless the test closed or released
// it first (a test that closes a socket and then expects WSAENOTSOCK on the
// stale value must not have it closed again: the value may be reused).
class Sock {
public:
    Sock() = default;
    explicit Sock(SOCKET s) : s_(s) {}
    Sock(const Sock&) = delete;
    Sock& operator=(const Sock&) = delete;
    Sock(Sock&& other) noexcept : s_(std::exchange(other.s_, INVALID_SOCKET)) {}
    Sock& operator=(Sock&& other) noexcept {
        if (this != &other) {
            reset();
            s_ = std::exchange(other.s_, INVALID_SOCKET);
        }
        return *this;
    }
    ~Sock() { reset(); }

    operator SOCKET() const { return s_; }
    SOCKET get() const { return s_; }
    bool valid() const { return s_ != INVALID_SOCKET; }
    // closesocket() now; returns its result.
    int close() { return closesocket(std::exchange(s_, INVALID_SOCKET)); }
    // Forget the socket (something else closed or will close it).
    SOCKET release() { return std::exchange(s_, INVALID_SOCKET); }

private:
    void reset() {
        if (s_ != INVALID_SOCKET) {
            const int saved = WSAGetLastError();
            closesocket(s_);
            WSASetLastError(saved);
        }
        s_ = INVALID_SOCKET;
    }
    SOCKET s_ = INVALID_SOCKET;
};

// Declares `Sock name` from socket(af, type, protocol) and asserts it is valid.
#define CONF_SOCKET(name, af, type, protocol)                                      \
    ::conformance::Sock name(socket((af), (type), (protocol)));                    \
    ASSERT_TRUE(name.valid()) << "socket(" #af ", " #type ", " #protocol ") failed, " \
                              << "error " << WSAGetLastError()

// ---- Small operations, asserting success ----------------------------------------

inline void get_name(SOCKET s, sockaddr_in* out) {
    std::memset(out, 0, sizeof *out);
    int len = sizeof *out;
    ASSERT_EQ(getsockname(s, sa(out), &len), 0) << "getsockname error " << WSAGetLastError();
    ASSERT_EQ(len, static_cast<int>(sizeof *out));
}

// bind(s, address) and read back the bound name (the ephemeral port).
inline void bind_to(SOCKET s, const sockaddr_in& address, sockaddr_in* bound) {
    ASSERT_EQ(bind(s, csa(&address), sizeof address), 0) << "bind error " << WSAGetLastError();
    ASSERT_NO_FATAL_FAILURE(get_name(s, bound));
    ASSERT_NE(bound->sin_port, 0);
}
inline void bind_loopback(SOCKET s, sockaddr_in* bound) {
    ASSERT_NO_FATAL_FAILURE(bind_to(s, loopback(), bound));
}

inline void set_nonblocking(SOCKET s, bool on) {
    u_long value = on ? 1 : 0;
    ASSERT_EQ(ioctlsocket(s, FIONBIO, &value), 0) << "FIONBIO error " << WSAGetLastError();
}

inline void set_int_option(SOCKET s, int level, int name, int value) {
    ASSERT_EQ(setsockopt(s, level, name, copt(&value), sizeof value), 0)
        << "setsockopt(" << level << ", " << name << ") error " << WSAGetLastError();
}

// getsockopt of a 4-byte option; asserts success and optlen 4.
inline void get_int_option(SOCKET s, int level, int name, int* value) {
    *value = static_cast<int>(0xdeadbeef);
    int len = sizeof *value;
    ASSERT_EQ(getsockopt(s, level, name, opt(value), &len), 0)
        << "getsockopt(" << level << ", " << name << ") error " << WSAGetLastError();
    ASSERT_EQ(len, static_cast<int>(sizeof *value));
}

// ---- Bounded waits ----------------------------------------------------------------

// recvfrom() on a socket switched to non-blocking, retried while it says
// WSAEWOULDBLOCK, for at most wait_ms. Returns what the last recvfrom did.
inline int recv_wait(SOCKET s, char* buf, int len, sockaddr* from = nullptr,
                     int* fromlen = nullptr, int flags = 0) {
    u_long one = 1;
    ioctlsocket(s, FIONBIO, &one);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    for (;;) {
        const int r = recvfrom(s, buf, len, flags, from, fromlen);
        if (r != SOCKET_ERROR || WSAGetLastError() != WSAEWOULDBLOCK) return r;
        if (std::chrono::steady_clock::now() >= deadline) return r;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// select() for readability with a wait_ms timeout: true once `s` is readable.
inline bool wait_readable(SOCKET s) {
    fd_set readfds;
    FD_ZERO(&readfds);
    FD_SET(s, &readfds);
    timeval timeout{wait_ms / 1000, (wait_ms % 1000) * 1000};
    return select(0, &readfds, nullptr, nullptr, &timeout) == 1 && FD_ISSET(s, &readfds);
}

// ---- Startup state ----------------------------------------------------------------

// WSACleanup until Winsock is not started.
inline void drain() {
    while (WSACleanup() == 0) {
    }
}

// Whether Winsock is started (WSAEnumProtocolsW's size query fails with
// WSAENOBUFS when it is, WSANOTINITIALISED when not). Changes the last error.
inline bool started() {
    DWORD len = 0;
    WSAEnumProtocolsW(nullptr, nullptr, &len);
    return WSAGetLastError() != WSANOTINITIALISED;
}

// The fixture of every test: Winsock started once (MAKEWORD(2,2)) in SetUp;
// TearDown cleans up however many startups the test left.
class WinsockTest : public ::testing::Test {
protected:
    void SetUp() override {
        drain();
        WSADATA data{};
        ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    }
    void TearDown() override { drain(); }
};

// The fixtures of the groups whose tests span two files (the UDP/raw file
// and the TCP one): one class per group, so both files' TEST_Fs share it.
class WsBind : public WinsockTest {};
class WsOpt : public WinsockTest {};
class WsSel : public WinsockTest {};
class WsIo : public WinsockTest {};

// ---- Protocol information -----------------------------------------------------------

inline void protocol_info(SOCKET s, WSAPROTOCOL_INFOA* info) {
    std::memset(info, 0, sizeof *info);
    int len = sizeof *info;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, opt(info), &len), 0)
        << "SO_PROTOCOL_INFOA error " << WSAGetLastError();
    ASSERT_EQ(len, static_cast<int>(sizeof *info));
}

// WSAEnumProtocolsA: size query (must be WSAENOBUFS), then the real call.
inline std::vector<WSAPROTOCOL_INFOA> enum_protocols_a(int* filter) {
    DWORD len = 0;
    EXPECT_EQ(WSAEnumProtocolsA(filter, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    std::vector<WSAPROTOCOL_INFOA> infos(len / sizeof(WSAPROTOCOL_INFOA));
    const int n = WSAEnumProtocolsA(filter, infos.data(), &len);
    EXPECT_NE(n, SOCKET_ERROR) << "error " << WSAGetLastError();
    infos.resize(n == SOCKET_ERROR ? 0 : static_cast<std::size_t>(n));
    return infos;
}

}  // namespace conformance

#endif  // SLUICE_TESTS_CONFORMANCE_HPP
