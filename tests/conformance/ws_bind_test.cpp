// WS-BIND-*: bind, getsockname, getpeername and address reuse
// (shared/spec/winsock-behaviour.md; test_reuseaddr, test_bind, test_getsockname,
// test_getpeername, test_listen in Wine's sock.c). Everything here is bind-only:
// the listen/connect/accept facts of the group are in ws_bind_tcp_test.cpp.
// Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <cstring>
#include <string>

namespace {

using namespace conformance;


// WS-BIND-01: "s1 bound to loopback:P without options; s2 with SO_REUSEADDR=1 binding loopback:P -> SOCKET_ERROR with WSAEACCES (not WSAEADDRINUSE)."
TEST_F(WsBind, WS_BIND_01) {
    CONF_SOCKET(s1, AF_INET, SOCK_STREAM, 0);
    sockaddr_in p{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s1, &p));
    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, 0);
    ASSERT_NO_FATAL_FAILURE(set_int_option(s2, SOL_SOCKET, SO_REUSEADDR, 1));
    WSASetLastError(0);
    EXPECT_EQ(bind(s2, csa(&p), sizeof p), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEACCES);
}

// WS-BIND-02: "getsockopt(SO_REUSEADDR) on a fresh socket returns 0. If s1 set SO_REUSEADDR and bound loopback:P, s2 without SO_REUSEADDR fails to bind; once s2 sets SO_REUSEADDR its bind to the same loopback:P succeeds."
TEST_F(WsBind, WS_BIND_02) {
    CONF_SOCKET(s1, AF_INET, SOCK_STREAM, 0);
    ASSERT_NO_FATAL_FAILURE(set_int_option(s1, SOL_SOCKET, SO_REUSEADDR, 1));
    sockaddr_in p{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s1, &p));

    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, 0);
    unsigned int reuse = 0x1234;
    int size = sizeof reuse;
    EXPECT_EQ(getsockopt(s2, SOL_SOCKET, SO_REUSEADDR, opt(&reuse), &size), 0);
    EXPECT_EQ(reuse, 0u);

    // The failing bind's error is not asserted by Wine's test either.
    EXPECT_EQ(bind(s2, csa(&p), sizeof p), SOCKET_ERROR);

    ASSERT_NO_FATAL_FAILURE(set_int_option(s2, SOL_SOCKET, SO_REUSEADDR, 1));
    EXPECT_EQ(bind(s2, csa(&p), sizeof p), 0) << WSAGetLastError();
    // Both listening and which one gets the connection: with TCP.
}

// WS-BIND-05: "Two sockets binding ANY:P without options -> second bind SOCKET_ERROR / WSAEADDRINUSE."
TEST_F(WsBind, WS_BIND_05) {
    CONF_SOCKET(s1, AF_INET, SOCK_STREAM, 0);
    sockaddr_in p{};
    ASSERT_NO_FATAL_FAILURE(bind_to(s1, any4(), &p));
    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, 0);
    const sockaddr_in again = any4(p.sin_port);
    WSASetLastError(0);
    EXPECT_EQ(bind(s2, csa(&again), sizeof again), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
}

// WS-BIND-07: "SO_REUSEADDR and SO_EXCLUSIVEADDRUSE are mutually exclusive: setting SO_EXCLUSIVEADDRUSE=1 while SO_REUSEADDR=1 -> SOCKET_ERROR / WSAEINVAL; after clearing SO_REUSEADDR, SO_EXCLUSIVEADDRUSE=1 succeeds; then setting SO_REUSEADDR=1 -> WSAEINVAL."
TEST_F(WsBind, WS_BIND_07) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, 0);
    unsigned int value = 1;
    EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, copt(&value), sizeof value), 0);
    WSASetLastError(0);
    EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, copt(&value), sizeof value), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    value = 0;
    EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, copt(&value), sizeof value), 0);
    value = 1;
    EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, copt(&value), sizeof value), 0)
        << WSAGetLastError();
    WSASetLastError(0);
    EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, copt(&value), sizeof value), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-BIND-08: "SO_EXCLUSIVEADDRUSE matrix (first socket bound, then second socket bind -> result; EX = SO_EXCLUSIVEADDRUSE set)."
TEST_F(WsBind, WS_BIND_08) {
    // The rows of the fact with two IPv4 sockets; the rows with a v6 socket
    // (2, 7-12, 15-18) come with IPv6. The port is the first bind's ephemeral one.
    struct Row {
        int number;
        bool first_any, first_ex, second_any, second_ex;
        int error;
    };
    const Row rows[] = {
        {1, true, true, false, false, WSAEACCES},       {3, true, false, false, true, 0},
        {4, true, true, false, true, WSAEACCES},        {5, false, true, true, false, 0},
        {6, false, false, true, true, WSAEADDRINUSE},   {13, true, false, true, true, WSAEADDRINUSE},
        {14, true, false, true, false, WSAEADDRINUSE},  {20, false, true, false, false, WSAEADDRINUSE},
        {21, false, false, false, true, WSAEADDRINUSE},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE("row " + std::to_string(row.number));
        CONF_SOCKET(first, AF_INET, SOCK_STREAM, 0);
        CONF_SOCKET(second, AF_INET, SOCK_STREAM, 0);
        if (row.first_ex) {
            ASSERT_NO_FATAL_FAILURE(set_int_option(first, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1));
        }
        if (row.second_ex) {
            ASSERT_NO_FATAL_FAILURE(set_int_option(second, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1));
        }
        sockaddr_in p{};
        ASSERT_NO_FATAL_FAILURE(bind_to(first, row.first_any ? any4() : loopback(), &p));
        const sockaddr_in target = row.second_any ? any4(p.sin_port) : loopback(p.sin_port);
        WSASetLastError(0);
        const int ret = bind(second, csa(&target), sizeof target);
        if (row.error != 0) {
            EXPECT_EQ(ret, SOCKET_ERROR);
            EXPECT_EQ(WSAGetLastError(), row.error);
        } else {
            EXPECT_EQ(ret, 0) << "error " << WSAGetLastError();
        }
    }
}

// WS-BIND-13: "Binding a second TCP socket to the exact same 127.0.0.1:P as an existing bound socket fails (in practice WSAEADDRINUSE)."
TEST_F(WsBind, WS_BIND_13) {
    CONF_SOCKET(a, AF_INET, SOCK_STREAM, 0);
    sockaddr_in p{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(a, &p));
    CONF_SOCKET(b, AF_INET, SOCK_STREAM, 0);
    WSASetLastError(0);
    EXPECT_EQ(bind(b, csa(&p), sizeof p), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);  // Windows' code for this case (WS-BIND-33)
}

// WS-BIND-19: "getsockname on an unbound TCP socket -> SOCKET_ERROR / WSAEINVAL; the output buffer is not modified."
TEST_F(WsBind, WS_BIND_19) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_IP);
    const sockaddr_in before = any4();
    sockaddr_in name = before;
    int len = sizeof name;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getsockname(s, sa(&name), &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    EXPECT_EQ(std::memcmp(&name, &before, sizeof name), 0);
}

// WS-BIND-20: "After bind(INADDR_ANY:0): getsockname returns AF_INET, a non-zero ephemeral port, address INADDR_ANY, sin_zero zeroed; last error set to 0."
TEST_F(WsBind, WS_BIND_20) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_IP);
    const sockaddr_in any = any4();
    ASSERT_EQ(bind(s, csa(&any), sizeof any), 0) << WSAGetLastError();
    sockaddr_in name;
    std::memset(&name, 0xcc, sizeof name);
    int len = sizeof name;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getsockname(s, sa(&name), &len), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    EXPECT_EQ(len, static_cast<int>(sizeof name));
    EXPECT_EQ(name.sin_family, AF_INET);
    EXPECT_NE(name.sin_port, 0);
    EXPECT_EQ(name.sin_addr.s_addr, static_cast<ULONG>(INADDR_ANY));
    const char zero[8] = {};
    EXPECT_EQ(std::memcmp(name.sin_zero, zero, sizeof zero), 0);
}

// WS-BIND-21: "getsockname with namelen = sizeof(sockaddr_in) - 1 -> SOCKET_ERROR / WSAEFAULT, namelen left unchanged (15)."
TEST_F(WsBind, WS_BIND_21) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_IP);
    sockaddr_in bound{};
    ASSERT_NO_FATAL_FAILURE(bind_to(s, any4(), &bound));
    sockaddr_in name{};
    int len = sizeof name - 1;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getsockname(s, sa(&name), &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(len, static_cast<int>(sizeof name) - 1);
}

// WS-BIND-22: "UDP socket bound to each local IPv4 address reports exactly that address from getsockname."
TEST_F(WsBind, WS_BIND_22) {
    // 127.0.0.1 is the stack's only local address.
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, 0);
    const sockaddr_in address = loopback();
    ASSERT_EQ(bind(s, csa(&address), sizeof address), 0) << WSAGetLastError();
    sockaddr_in name{};
    ASSERT_NO_FATAL_FAILURE(get_name(s, &name));
    EXPECT_EQ(name.sin_addr.s_addr, address.sin_addr.s_addr);
}

// WS-BIND-29: "getpeername(INVALID_SOCKET, NULL, NULL) -> WSAENOTSOCK; on an unconnected UDP socket with NULL pointers -> WSAENOTCONN (connection state checked before pointers)."
TEST_F(WsBind, WS_BIND_29) {
    WSASetLastError(0);
    EXPECT_EQ(getpeername(INVALID_SOCKET, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    CONF_SOCKET(s, PF_INET, SOCK_DGRAM, IPPROTO_IP);
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

// WS-BIND-30: "sendto() on an unconnected UDP socket does not change its connection state: getpeername still -> WSAENOTCONN. After connect(): getpeername(NULL, NULL) -> WSAEFAULT; (addr, NULL) -> WSAEFAULT; (NULL, &len=0) -> WSAEFAULT, len 0; (&ss, &len=0) -> WSAEFAULT, len 0; (&ss, &len=sizeof ss) -> 0, the connect() address, len = 16."
TEST_F(WsBind, WS_BIND_30) {
    CONF_SOCKET(peer, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in peer_addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(peer, &peer_addr));
    const sockaddr_in target = loopback(peer_addr.sin_port);

    CONF_SOCKET(s, PF_INET, SOCK_DGRAM, IPPROTO_IP);
    const char buf[] = "hello world";
    EXPECT_EQ(sendto(s, buf, sizeof buf, 0, csa(&target), sizeof target), static_cast<int>(sizeof buf))
        << WSAGetLastError();
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);

    ASSERT_EQ(connect(s, csa(&target), sizeof target), 0) << WSAGetLastError();
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

    sockaddr_in out{};
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, sa(&out), nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

    int len = 0;
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(len, 0);

    SOCKADDR_STORAGE ss;
    std::memset(&ss, 0, sizeof ss);
    len = 0;
    WSASetLastError(0);
    EXPECT_EQ(getpeername(s, sa(&ss), &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(len, 0);

    len = sizeof ss;
    EXPECT_EQ(getpeername(s, sa(&ss), &len), 0) << WSAGetLastError();
    EXPECT_EQ(std::memcmp(&target, &ss, sizeof target), 0);
    EXPECT_EQ(len, static_cast<int>(sizeof(sockaddr_in)));
}

// WS-BIND-31: "bind(s, NULL, 0) -> WSAEFAULT; bind(s, NULL, sizeof(sockaddr)) -> WSAEFAULT; bind(s, &addr{AF_INET}, 0) -> WSAEFAULT; sa_family = 0xdead with full length -> WSAEAFNOSUPPORT; sockaddr_in with namelen = sizeof-1 -> WSAEFAULT; a non-local address (192.0.2.0, TEST-NET) -> WSAEADDRNOTAVAIL (TCP and UDP)."
TEST_F(WsBind, WS_BIND_31) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr addr;
    std::memset(&addr, 0, sizeof addr);
    const sockaddr_in bind_addr = loopback();

    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, nullptr, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, nullptr, sizeof addr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    addr.sa_family = AF_INET;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, &addr, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    addr.sa_family = 0xdead;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, &addr, sizeof addr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, csa(&bind_addr), sizeof bind_addr - 1), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

    // --- The one non-loopback address of the group: a bind that must fail,
    // --- nothing is sent (192.0.2.0 is TEST-NET-1, never local).
    const sockaddr_in not_local = in4(0xC0000200);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, csa(&not_local), sizeof not_local), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
    CONF_SOCKET(u, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(u, csa(&not_local), sizeof not_local), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
    // ---
}

// WS-BIND-32: "Successful bind sets last error 0 (Win7+). Binding an already bound socket again -> WSAEINVAL."
TEST_F(WsBind, WS_BIND_32) {
    const sockaddr_in bind_addr = loopback();
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, csa(&bind_addr), sizeof bind_addr), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s, csa(&bind_addr), sizeof bind_addr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);

    CONF_SOCKET(u, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(u, csa(&bind_addr), sizeof bind_addr), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
}

// WS-BIND-33: "A second socket binding the exact address:port returned by getsockname of a bound (not listening) TCP socket -> WSAEADDRINUSE."
TEST_F(WsBind, WS_BIND_33) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in name{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &name));
    CONF_SOCKET(s2, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(bind(s2, csa(&name), sizeof name), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
}

}  // namespace
