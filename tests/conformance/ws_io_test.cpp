// WS-IO-*: send/recv and friends on UDP and raw sockets (shared/spec/winsock-behaviour.md;
// test_UDP, test_ip_pktinfo, test_WSASendMsg, test_WSASendTo, test_timeout,
// test_icmp, test_connect_udp, test_broadcast in Wine's sock.c). The group's TCP facts
// are in ws_io_tcp_test.cpp; the overlapped ones come later. Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>

namespace {

using namespace conformance;


// An ephemeral loopback port nothing is bound to any more (bound, read, closed).
void closed_port(sockaddr_in* out) {
    CONF_SOCKET(tmp, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_NO_FATAL_FAILURE(bind_loopback(tmp, out));
}

// WS-IO-06: "A successful sendto() sets the thread's last error to 0 (ERROR_SUCCESS)."
TEST_F(WsIo, WS_IO_06) {
    for (const ULONG address : {static_cast<ULONG>(INADDR_LOOPBACK), static_cast<ULONG>(INADDR_ANY)}) {
        SCOPED_TRACE(address);
        CONF_SOCKET(s1, AF_INET, SOCK_DGRAM, 0);
        sockaddr_in bound{};
        ASSERT_NO_FATAL_FAILURE(bind_to(s1, in4(address), &bound));
        const sockaddr_in target = loopback(bound.sin_port);  // always the loopback address
        CONF_SOCKET(s2, AF_INET, SOCK_DGRAM, 0);
        char msg[] = "HELLO";
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(sendto(s2, msg, sizeof msg, 0, csa(&target), sizeof target), static_cast<int>(sizeof msg));
        EXPECT_EQ(WSAGetLastError(), 0);
        char buf[16];
        EXPECT_EQ(recv_wait(s1, buf, sizeof buf), static_cast<int>(sizeof msg));
    }
}

// WS-IO-09: "Binding a UDP socket to port 0 assigns an ephemeral port visible via getsockname (sin_port != 0)."
TEST_F(WsIo, WS_IO_09) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, 0);
    const sockaddr_in address = loopback();
    ASSERT_EQ(bind(s, csa(&address), sizeof address), 0) << WSAGetLastError();
    sockaddr_in name{};
    ASSERT_NO_FATAL_FAILURE(get_name(s, &name));
    EXPECT_NE(name.sin_port, 0);
    EXPECT_EQ(name.sin_family, AF_INET);
}

// WS-IO-10: "recvfrom() on UDP with *fromlen = 1 (too small for a sockaddr_in): Windows returns SOCKET_ERROR (todo_wine) and does not write to the from buffer; the datagram is not consumed - a following recvfrom with a proper fromlen returns it (16 bytes)."
TEST_F(WsIo, WS_IO_10) {
    CONF_SOCKET(peer0, AF_INET, SOCK_DGRAM, 0);
    CONF_SOCKET(peer1, AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr0{};
    sockaddr_in addr1{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(peer0, &addr0));
    ASSERT_NO_FATAL_FAILURE(bind_loopback(peer1, &addr1));
    char buf[16] = {};
    ASSERT_EQ(sendto(peer1, buf, sizeof buf, 0, csa(&addr0), sizeof addr0), 16) << WSAGetLastError();
    ASSERT_TRUE(wait_readable(peer0));  // the datagram is there before the short-fromlen call

    char sockaddr_buf[1024];
    sockaddr_buf[0] = 'A';
    int ss = 1;
    WSASetLastError(0);
    EXPECT_EQ(recvfrom(peer0, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(sockaddr_buf), &ss), SOCKET_ERROR);
    // The code is not asserted by Wine's test; recvfrom's documentation gives
    // WSAEFAULT for "fromlen too small to accommodate the source address".
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(sockaddr_buf[0], 'A');

    ss = sizeof(sockaddr_in);
    EXPECT_EQ(recv_wait(peer0, buf, sizeof buf, reinterpret_cast<sockaddr*>(sockaddr_buf), &ss), 16)
        << WSAGetLastError();
}

// WS-IO-11: "recvfrom with a huge fromlen (1024) writes only the sockaddr, nothing beyond."
TEST_F(WsIo, WS_IO_11) {
    CONF_SOCKET(peer0, AF_INET, SOCK_DGRAM, 0);
    CONF_SOCKET(peer1, AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr0{};
    sockaddr_in addr1{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(peer0, &addr0));
    ASSERT_NO_FATAL_FAILURE(bind_loopback(peer1, &addr1));
    char buf[16] = {};
    ASSERT_EQ(sendto(peer1, buf, sizeof buf, 0, csa(&addr0), sizeof addr0), 16) << WSAGetLastError();
    char sockaddr_buf[1024];
    std::memset(sockaddr_buf, 'B', sizeof sockaddr_buf);
    int ss = sizeof sockaddr_buf;
    EXPECT_EQ(recv_wait(peer0, buf, sizeof buf, reinterpret_cast<sockaddr*>(sockaddr_buf), &ss), 16)
        << WSAGetLastError();
    EXPECT_EQ(sockaddr_buf[1023], 'B');
    for (std::size_t i = sizeof(sockaddr_in); i < sizeof sockaddr_buf; ++i) {
        ASSERT_EQ(sockaddr_buf[i], 'B') << "byte " << i << " beyond the sockaddr was written";
    }
}

// WS-IO-12: "A UDP socket connected to 127.0.0.1:255 (nothing listening, ICMP port-unreachable coming back) - ten consecutive send() calls all succeed with the full length."
TEST_F(WsIo, WS_IO_12) {
    sockaddr_in closed{};
    ASSERT_NO_FATAL_FAILURE(closed_port(&closed));  // an ephemeral port instead of 255
    CONF_SOCKET(sock, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_EQ(connect(sock, csa(&closed), sizeof closed), 0) << WSAGetLastError();
    char buf[16] = {};
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(send(sock, buf, sizeof buf, 0), static_cast<int>(sizeof buf))
            << "send " << i << " error " << WSAGetLastError();
    }
}

// WS-IO-13: "sendto() to port 0 (127.0.0.1:0 or [::1]:0) succeeds and returns the full length."
TEST_F(WsIo, WS_IO_13) {
    CONF_SOCKET(sock, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    const sockaddr_in port_zero = loopback(0);
    char buf[16] = {};
    EXPECT_EQ(sendto(sock, buf, sizeof buf, 0, csa(&port_zero), sizeof port_zero), static_cast<int>(sizeof buf))
        << WSAGetLastError();
    // [::1]:0 comes with IPv6.
}

// WS-IO-18: "recv(s, buf, -1, 0) (negative length) -> -1 with WSAEFAULT (pre-Win7: WSAENOBUFS)."
TEST_F(WsIo, WS_IO_18) {
    // Wine's socket is TCP with data queued; here a UDP socket with a datagram queued.
    CONF_SOCKET(r, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(r, &addr));
    ASSERT_EQ(sendto(s, "data", 5, 0, csa(&addr), sizeof addr), 5) << WSAGetLastError();
    ASSERT_TRUE(wait_readable(r));
    char buffer[8];
    WSASetLastError(0);
    EXPECT_EQ(recv(r, buffer, -1, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// WS-IO-21: "Sending on an unbound UDP socket (WSASendMsg / sendto) implicitly binds it: getsockname afterwards succeeds with 0.0.0.0 and a non-zero port. (Before that, getsockname -> WSAEINVAL.) Success sets last error 0."
TEST_F(WsIo, WS_IO_21) {
    CONF_SOCKET(sock, AF_INET, SOCK_DGRAM, 0);
    CONF_SOCKET(dst, AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sendaddr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(dst, &sendaddr));

    sockaddr_in name{};
    int addrlen = sizeof name;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getsockname(sock, sa(&name), &addrlen), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);

    char teststr[12] = "hello world";
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(sendto(sock, teststr, sizeof teststr, 0, csa(&sendaddr), sizeof sendaddr),
              static_cast<int>(sizeof teststr));
    EXPECT_EQ(WSAGetLastError(), 0);
    char buffer[32];
    EXPECT_EQ(recv_wait(dst, buffer, sizeof buffer), static_cast<int>(sizeof teststr));

    name = loopback();  // getsockname must overwrite it
    addrlen = sizeof name;
    EXPECT_EQ(getsockname(sock, sa(&name), &addrlen), 0) << WSAGetLastError();
    EXPECT_EQ(name.sin_addr.s_addr, static_cast<ULONG>(htonl(INADDR_ANY)));
    EXPECT_NE(name.sin_port, 0);
    // WSASendMsg and its gathering of several WSABUFs come with WSASendMsg.
}

// WS-IO-23: "WSASendTo(INVALID_SOCKET) -> WSAENOTSOCK. WSASendTo on a UDP socket with lpNumberOfBytesSent = NULL and no overlapped -> WSAEFAULT. Success -> 0, last error 0, and the previously unbound socket is now bound (getsockname -> AF_INET, non-zero port)."
TEST_F(WsIo, WS_IO_23) {
    CONF_SOCKET(dst, AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(dst, &addr));  // Wine sends to 127.0.0.1:139
    char buf[12] = "hello world";
    WSABUF data_buf;
    data_buf.len = sizeof buf;
    data_buf.buf = buf;

    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, 0);
    WSASetLastError(12345);
    EXPECT_EQ(WSASendTo(INVALID_SOCKET, &data_buf, 1, nullptr, 0, csa(&addr), sizeof addr, nullptr, nullptr),
              SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);

    sockaddr_in ret_addr{};
    int len = sizeof ret_addr;
    EXPECT_EQ(getsockname(s, sa(&ret_addr), &len), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);

    WSASetLastError(12345);
    EXPECT_EQ(WSASendTo(s, &data_buf, 1, nullptr, 0, csa(&addr), sizeof addr, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

    DWORD bytes_sent = 0;
    WSASetLastError(12345);
    EXPECT_EQ(WSASendTo(s, &data_buf, 1, &bytes_sent, 0, csa(&addr), sizeof addr, nullptr, nullptr), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    EXPECT_EQ(bytes_sent, static_cast<DWORD>(sizeof buf));

    len = sizeof ret_addr;
    EXPECT_EQ(getsockname(s, sa(&ret_addr), &len), 0) << WSAGetLastError();
    EXPECT_EQ(ret_addr.sin_family, AF_INET);
    EXPECT_NE(ret_addr.sin_port, 0);
}

// WS-IO-35: "UDP: shutdown(SD_RECEIVE) succeeds; recvfrom afterwards -> WSAESHUTDOWN. shutdown(SD_SEND) succeeds (twice); sendto afterwards -> WSAESHUTDOWN. (UDP shutdown does not require a connected socket.)"
TEST_F(WsIo, WS_IO_35) {
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(s, &addr));
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(shutdown(s, SD_RECEIVE), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    char buf[16];
    sockaddr_in from{};
    int from_len = sizeof from;
    EXPECT_EQ(recvfrom(s, buf, sizeof buf, 0, sa(&from), &from_len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(shutdown(s, SD_SEND), 0);
    EXPECT_EQ(shutdown(s, SD_SEND), 0);
    EXPECT_EQ(sendto(s, "x", 1, 0, csa(&addr), sizeof addr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
}

// WS-IO-41: "Default SO_RCVTIMEO is 0 (optlen 4, last error 0). After setting 100 ms: blocking recv() with no data returns -1 / WSAETIMEDOUT."
TEST_F(WsIo, WS_IO_41) {
    // Wine's socket is one end of a TCP pair; a bound UDP socket is the
    // datagram counterpart. (The WSARecv half comes with WSARecv.)
    CONF_SOCKET(client, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(client, &addr));

    DWORD timeout = 0xdeadbeef;
    int len = sizeof timeout;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getsockopt(client, SOL_SOCKET, SO_RCVTIMEO, opt(&timeout), &len), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    EXPECT_EQ(len, static_cast<int>(sizeof timeout));
    EXPECT_EQ(timeout, 0u);

    timeout = 100;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, copt(&timeout), sizeof timeout), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    timeout = 0xdeadbeef;
    len = sizeof timeout;
    EXPECT_EQ(getsockopt(client, SOL_SOCKET, SO_RCVTIMEO, opt(&timeout), &len), 0);
    EXPECT_EQ(timeout, 100u);

    // Hang guard: if the receive ignored SO_RCVTIMEO, a datagram sent after
    // wait_ms releases it (and the test fails on the result, not by hanging).
    std::atomic<bool> done{false};
    std::thread guard([&] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
        while (!done && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (!done) {
            Sock unblock(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
            sendto(unblock, "x", 1, 0, csa(&addr), sizeof addr);
        }
    });
    char buffer = 0;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    const int ret = recv(client, &buffer, 1, 0);
    const int error = WSAGetLastError();
    done = true;
    guard.join();
    EXPECT_EQ(ret, -1);
    EXPECT_EQ(error, WSAETIMEDOUT);
}

// ---- Raw ICMP ------------------------------------------------------------------

// RFC 1071 checksum, as Wine's test computes it (little-endian host).
std::uint16_t checksum(const unsigned char* data, std::size_t count) {
    std::uint32_t sum = 0;
    for (; count > 1; count -= 2, data += 2) {
        std::uint16_t word;
        std::memcpy(&word, data, 2);
        sum += word;
    }
    if (count) sum += *data;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// WS-IO-45: "Raw ICMP socket: sendto of an echo request to 127.0.0.1 succeeds; recv with a buffer one byte smaller than IP header + ICMP message -> -1 / WSAEMSGSIZE (datagram truncated and discarded); a full-size recv returns the IPv4 header (20 bytes) + ICMP echo reply; the IP header checksum is 0 for localhost on Windows."
TEST_F(WsIo, WS_IO_45) {
    Sock s(WSASocketA(AF_INET, SOCK_RAW, IPPROTO_ICMP, nullptr, 0, 0));
    if (!s.valid()) {
        ASSERT_EQ(WSAGetLastError(), WSAEACCES);
        GTEST_SKIP() << "raw sockets refused with WSAEACCES (Windows' answer without the privilege)";
    }
    constexpr std::uint32_t ping_data = 0xdeadbeef;
    constexpr std::size_t ip_header = 20;
    unsigned char send_buf[8 + sizeof ping_data] = {};
    auto build = [&](std::uint16_t sequence) {
        send_buf[0] = 8;  // echo request
        send_buf[1] = 0;
        const std::uint16_t id = 0xbeaf;
        std::memcpy(send_buf + 4, &id, 2);
        std::memcpy(send_buf + 6, &sequence, 2);
        std::memcpy(send_buf + 8, &ping_data, sizeof ping_data);
        send_buf[2] = send_buf[3] = 0;
        const std::uint16_t sum = checksum(send_buf, sizeof send_buf);
        std::memcpy(send_buf + 2, &sum, 2);
    };
    const sockaddr_in sa_to = loopback(0);

    build(1);
    ASSERT_EQ(sendto(s, reinterpret_cast<const char*>(send_buf), sizeof send_buf, 0, csa(&sa_to), sizeof sa_to),
              static_cast<int>(sizeof send_buf))
        << WSAGetLastError();
    ASSERT_TRUE(wait_readable(s)) << "no echo reply";
    unsigned char recv_buf[256];
    WSASetLastError(0);
    EXPECT_EQ(recv(s, reinterpret_cast<char*>(recv_buf), static_cast<int>(ip_header + sizeof send_buf - 1), 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEMSGSIZE);

    build(2);
    ASSERT_NE(sendto(s, reinterpret_cast<const char*>(send_buf), sizeof send_buf, 0, csa(&sa_to), sizeof sa_to),
              SOCKET_ERROR)
        << WSAGetLastError();
    std::memset(recv_buf, 0xcc, sizeof recv_buf);
    ASSERT_EQ(recv_wait(s, reinterpret_cast<char*>(recv_buf), sizeof recv_buf),
              static_cast<int>(ip_header + sizeof send_buf))
        << WSAGetLastError();

    const unsigned char* ip = recv_buf;
    EXPECT_EQ(ip[0], 0x45);  // version 4, 20-byte header
    std::uint16_t tot_len, frag_off, ip_sum;
    std::uint32_t saddr, daddr;
    std::memcpy(&tot_len, ip + 2, 2);
    std::memcpy(&frag_off, ip + 6, 2);
    std::memcpy(&ip_sum, ip + 10, 2);
    std::memcpy(&saddr, ip + 12, 4);
    std::memcpy(&daddr, ip + 16, 4);
    EXPECT_EQ(ntohs(tot_len), static_cast<u_short>(ip_header + sizeof send_buf));
    unsigned char header_copy[ip_header];
    std::memcpy(header_copy, ip, ip_header);
    header_copy[10] = header_copy[11] = 0;
    const std::uint16_t expected_sum = checksum(header_copy, ip_header);
    EXPECT_TRUE(ip_sum == expected_sum || ip_sum == 0) << "IP header checksum " << ip_sum;
    EXPECT_EQ(frag_off, 0);
    EXPECT_EQ(saddr, sa_to.sin_addr.s_addr);
    EXPECT_NE(daddr, 0u);
    EXPECT_EQ(ip[9], 1);  // ICMP

    const unsigned char* icmp = recv_buf + ip_header;
    std::uint16_t id, sequence, icmp_sum;
    std::uint32_t reply_data;
    std::memcpy(&icmp_sum, icmp + 2, 2);
    std::memcpy(&id, icmp + 4, 2);
    std::memcpy(&sequence, icmp + 6, 2);
    std::memcpy(&reply_data, icmp + 8, 4);
    EXPECT_EQ(icmp[0], 0);  // echo reply
    EXPECT_EQ(icmp[1], 0);
    EXPECT_EQ(id, 0xbeaf);
    EXPECT_EQ(sequence, 2);
    unsigned char icmp_copy[sizeof send_buf];
    std::memcpy(icmp_copy, icmp, sizeof icmp_copy);
    icmp_copy[2] = icmp_copy[3] = 0;
    EXPECT_EQ(icmp_sum, checksum(icmp_copy, sizeof icmp_copy));
    EXPECT_EQ(reply_data, ping_data);
}

// ---- Connected UDP ---------------------------------------------------------------

// WS-IO-46: "send() on an unconnected UDP socket -> -1 / WSAENOTCONN. recv() on an unbound UDP socket -> -1 / WSAEINVAL (todo_wine); once bound, non-blocking recv -> WSAEWOULDBLOCK."
TEST_F(WsIo, WS_IO_46) {
    CONF_SOCKET(client, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(server, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(client, true));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(server, true));
    char buffer[5];
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(send(client, "data", 4, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(recv(server, buffer, sizeof buffer, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(server, &addr));
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(recv(server, buffer, sizeof buffer, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// WS-IO-47: "connect() on UDP sets the peer: getpeername returns it, getsockname works (implicit bind); the unconnected server's getpeername -> WSAENOTCONN; send() then recv() on the server transfers the 4 bytes."
TEST_F(WsIo, WS_IO_47) {
    CONF_SOCKET(client, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(server, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(client, true));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(server, true));
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(server, &addr));
    int len = sizeof addr;

    ASSERT_EQ(connect(client, csa(&addr), sizeof addr), 0) << WSAGetLastError();
    sockaddr_in ret_addr{};
    EXPECT_EQ(getpeername(client, sa(&ret_addr), &len), 0) << WSAGetLastError();
    EXPECT_EQ(std::memcmp(&ret_addr, &addr, sizeof addr), 0);
    EXPECT_EQ(getsockname(client, sa(&ret_addr), &len), 0) << WSAGetLastError();
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getpeername(server, sa(&ret_addr), &len), -1);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);

    EXPECT_EQ(send(client, "data", 4, 0), 4) << WSAGetLastError();
    char buffer[5];
    std::memset(buffer, 0xcc, sizeof buffer);
    EXPECT_EQ(recv_wait(server, buffer, sizeof buffer), 4) << WSAGetLastError();
    EXPECT_EQ(std::memcmp(buffer, "data", 4), 0);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(recv(server, buffer, sizeof buffer, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// WS-IO-48: "A connected UDP socket's unconnected peer: send() on it -> WSAENOTCONN. Re-connecting a UDP socket to another address (port+1) succeeds; connect() with an AF_UNSPEC address dissolves the association (returns 0) and getpeername then -> WSAENOTCONN."
TEST_F(WsIo, WS_IO_48) {
    CONF_SOCKET(client, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(server, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(client, true));
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(server, true));
    sockaddr_in addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(server, &addr));
    ASSERT_EQ(connect(client, csa(&addr), sizeof addr), 0) << WSAGetLastError();

    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(send(server, "data", 4, 0), -1);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);

    EXPECT_EQ(connect(client, csa(&addr), sizeof addr), 0) << WSAGetLastError();
    sockaddr_in next = addr;
    next.sin_port = htons(static_cast<u_short>(ntohs(addr.sin_port) + 1));  // connect sends nothing
    EXPECT_EQ(connect(client, csa(&next), sizeof next), 0) << WSAGetLastError();

    sockaddr_in unspec;
    std::memset(&unspec, 0, sizeof unspec);
    unspec.sin_family = AF_UNSPEC;
    EXPECT_EQ(connect(client, csa(&unspec), sizeof unspec), 0) << WSAGetLastError();
    sockaddr_in ret_addr{};
    int len = sizeof ret_addr;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(getpeername(client, sa(&ret_addr), &len), -1);
    EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

// WS-IO-50: "sendto(255.255.255.255) without SO_BROADCAST -> -1 (WSAEACCES on Windows); [with SO_BROADCAST=1 succeeds;] a UDP socket can connect() to the broadcast address even with SO_BROADCAST = 0 (getsockopt shows 0); then sendto(broadcast) still fails [but send() succeeds]."
TEST_F(WsIo, WS_IO_50) {
    // Only the calls that send nothing: the ones that must fail, and connect()
    // on UDP. The broadcast sends that succeed, and the IPv6 multicast one,
    // are left out (the suite sends to 127.0.0.1 only).
    sockaddr_in port{};
    ASSERT_NO_FATAL_FAILURE(closed_port(&port));
    // --- The one non-loopback destination of the group: 255.255.255.255, in calls that send nothing.
    const sockaddr_in bcast = in4(INADDR_BROADCAST, port.sin_port);
    CONF_SOCKET(s, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    WSASetLastError(0);
    EXPECT_EQ(sendto(s, "test", 4, 0, csa(&bcast), sizeof bcast), -1);
    // Not asserted by Wine's test; sendto's documentation gives WSAEACCES
    // ("a broadcast address, but the appropriate flag was not set").
    EXPECT_EQ(WSAGetLastError(), WSAEACCES);

    EXPECT_EQ(connect(s, csa(&bcast), sizeof bcast), 0) << WSAGetLastError();
    int val = 1;
    int len = sizeof val;
    EXPECT_EQ(getsockopt(s, SOL_SOCKET, SO_BROADCAST, opt(&val), &len), 0) << WSAGetLastError();
    EXPECT_EQ(val, 0);
    WSASetLastError(0);
    EXPECT_EQ(sendto(s, "test", 4, 0, csa(&bcast), sizeof bcast), -1);
    EXPECT_EQ(WSAGetLastError(), WSAEACCES);
    // ---
}

}  // namespace
