// WS-IO-* facts about TCP: stream send/recv, WSARecv, shutdown, resets and
// close (shared/spec/winsock-behaviour.md; the client/server helpers, test_WSARecv,
// test_shutdown, test_send, test_sendto/test_recvfrom on TCP in Wine's sock.c).
// Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"
#include "tcp.hpp"

#include <string>
#include <thread>
#include <vector>

namespace {

using namespace conformance;

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return s;
}

// WS-IO-01: "A freshly accepted TCP socket reports ioctlsocket(SIOCATMARK) = 1 (TRUE, i.e. no urgent data pending); still 1 after ordinary data has been read."
TEST_F(WsIo, WS_IO_01) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    u_long at_mark = 0;
    ASSERT_EQ(ioctlsocket(p.server, SIOCATMARK, &at_mark), 0);
    EXPECT_EQ(at_mark, 1u);
    ASSERT_EQ(send(p.client, "plain", 5, 0), 5);
    EXPECT_EQ(recv_all(p.server, 5), "plain");
    at_mark = 0;
    ASSERT_EQ(ioctlsocket(p.server, SIOCATMARK, &at_mark), 0);
    EXPECT_EQ(at_mark, 1u);
}

// WS-IO-02: "After the peer sends a block with send(..., MSG_OOB) (SO_OOBINLINE off) and the receiver reads the data with ordinary recv, SIOCATMARK is expected to be 0 (urgent byte pending, not yet read)" (todo_wine: Windows' 0 is the contract).
TEST_F(WsIo, WS_IO_02) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "0123456789abcdeU"));  // 'U', the last byte, is urgent
    ASSERT_TRUE(wait_for(p.server, Role::except)) << "the urgent byte did not arrive";
    EXPECT_EQ(recv_all(p.server, 8), "01234567");
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    EXPECT_EQ(recv_all(p.server, 7), "89abcde");
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 0u);
    EXPECT_EQ(recv_oob(p.server), 'U');
    EXPECT_EQ(ioctl_value(p.server, SIOCATMARK), 1u);
}

// WS-IO-03: "recvfrom() on a connected TCP socket does NOT touch the from address buffer (left as 0.0.0.0)."
TEST_F(WsIo, WS_IO_03) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "mixed", 5, 0), 5);
    sockaddr_in from = any4();
    int from_len = sizeof from;
    char buf[8];
    EXPECT_EQ(recv_wait(p.server, buf, 5, sa(&from), &from_len), 5);
    EXPECT_EQ(from.sin_addr.s_addr, 0u);
    EXPECT_EQ(from.sin_port, 0);
}

// WS-IO-04: "Echo pattern: client sends, shutdown(SD_SEND), can still receive all echoed data, then recv returns 0; server reads until recv returns 0 after peer's FIN."
TEST_F(WsIo, WS_IO_04) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    const std::string data = pattern(100000);
    const SOCKET server = p.server.get();
    std::thread echo([server] {
        int timeout = wait_ms;
        setsockopt(server, SOL_SOCKET, SO_RCVTIMEO, copt(&timeout), sizeof timeout);
        char buf[8192];
        int r;
        while ((r = recv(server, buf, sizeof buf, 0)) > 0) send(server, buf, r, 0);
        EXPECT_EQ(r, 0) << WSAGetLastError();  // "read_zero_bytes"
        shutdown(server, SD_SEND);
    });
    int timeout = wait_ms;
    ASSERT_EQ(setsockopt(p.client, SOL_SOCKET, SO_SNDTIMEO, copt(&timeout), sizeof timeout), 0);
    ASSERT_EQ(send(p.client, data.data(), static_cast<int>(data.size()), 0), static_cast<int>(data.size()));
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    EXPECT_EQ(recv_all(p.client, data.size()), data);
    char c;
    EXPECT_EQ(recv_wait(p.client, &c, 1), 0);
    echo.join();
}

// WS-IO-14: "After the peer sends 1 byte with MSG_OOB (SO_OOBINLINE off): receiver appears in exceptfds (select returns 1 when checking read+except); recv(..., MSG_OOB) returns 1 byte 'A'." (Same fact as WS-SEL-20.)
TEST_F(WsIo, WS_IO_14) { expect_urgent_byte_in_exceptfds(); }

// WS-IO-15: "With SO_OOBINLINE = 1, OOB data is reported in readfds (not exceptfds), and recv(..., MSG_OOB) fails with WSAEINVAL." (Same fact as WS-SEL-21.)
TEST_F(WsIo, WS_IO_15) { expect_inline_urgent_byte_in_readfds(); }

// WS-IO-16: "After reading the inline OOB byte, an ordinary non-blocking recv returns -1/WSAEWOULDBLOCK" (todo_wine: Linux delivers the byte twice; Windows once).
TEST_F(WsIo, WS_IO_16) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_NO_FATAL_FAILURE(set_int_option(p.server, SOL_SOCKET, SO_OOBINLINE, 1));
    ASSERT_NO_FATAL_FAILURE(send_oob(p.client, "A"));
    char buf[8] = {};
    ASSERT_EQ(recv_wait(p.server, buf, sizeof buf), 1) << WSAGetLastError();  // inline, read normally
    EXPECT_EQ(buf[0], 'A');
    ASSERT_NO_FATAL_FAILURE(set_nonblocking(p.server, true));
    EXPECT_EQ(recv(p.server, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// WS-IO-17: "When the peer closes (closesocket, graceful), the remaining socket is reported readable and recv returns 0." (Same fact as WS-SEL-22.)
TEST_F(WsIo, WS_IO_17) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(p.client.close(), 0);
    ASSERT_TRUE(wait_readable(p.server));
    char c;
    EXPECT_EQ(recv(p.server, &c, 1, 0), 0);
}

// WS-IO-24: "send() success sets last error to ERROR_SUCCESS (0). Non-overlapped WSARecv success returns 0, sets *lpNumberOfBytesRecvd and sets last error 0."
TEST_F(WsIo, WS_IO_24) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    WSASetLastError(static_cast<int>(0xdeadbeef));
    ASSERT_EQ(send(p.client, "test", 4, 0), 4);
    EXPECT_EQ(WSAGetLastError(), 0);
    ASSERT_TRUE(wait_readable(p.server));
    char buf[8];
    WSABUF wsa{sizeof buf, buf};
    DWORD received = 0xdead, flags = 0;
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(WSARecv(p.server, &wsa, 1, &received, &flags, nullptr, nullptr), 0);
    EXPECT_EQ(received, 4u);
    EXPECT_EQ(WSAGetLastError(), 0);
}

// WS-IO-25: "Peer sends "ab": two WSARecv calls with a 1-byte buffer each return 1 byte (stream semantics, no message boundaries)."
TEST_F(WsIo, WS_IO_25) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "ab", 2, 0), 2);
    ASSERT_TRUE(wait_readable(p.server));
    for (const char expected : {'a', 'b'}) {
        char c = 0;
        WSABUF wsa{1, &c};
        DWORD received = 0, flags = 0;
        int timeout = wait_ms;
        setsockopt(p.server, SOL_SOCKET, SO_RCVTIMEO, copt(&timeout), sizeof timeout);
        EXPECT_EQ(WSARecv(p.server, &wsa, 1, &received, &flags, nullptr, nullptr), 0) << WSAGetLastError();
        EXPECT_EQ(received, 1u);
        EXPECT_EQ(c, expected);
    }
}

// WS-IO-26: "Scatter: WSARecv with two WSABUFs of 4 and 5 bytes receives 9 bytes "deadbeefs" split as "dead" | "beefs"."
TEST_F(WsIo, WS_IO_26) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(send(p.client, "deadbeefs", 9, 0), 9);
    char b1[4], b2[5];
    WSABUF bufs[2] = {{4, b1}, {5, b2}};
    DWORD received = 0, flags = 0;
    int timeout = wait_ms;
    setsockopt(p.server, SOL_SOCKET, SO_RCVTIMEO, copt(&timeout), sizeof timeout);
    // Loopback may deliver the 9 bytes in one segment; wait until all are there.
    u_long pending = 0;
    for (int i = 0; i < 500 && pending < 9; ++i) {
        ioctlsocket(p.server, FIONREAD, &pending);
        if (pending < 9) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(WSARecv(p.server, bufs, 2, &received, &flags, nullptr, nullptr), 0) << WSAGetLastError();
    EXPECT_EQ(received, 9u);
    EXPECT_EQ(std::string(b1, 4), "dead");
    EXPECT_EQ(std::string(b2, 5), "beefs");
}

// WS-IO-28: "shutdown(SD_SEND) or shutdown(SD_RECEIVE) on an unconnected TCP socket -> -1 / WSAENOTCONN; likewise on a listening socket -> WSAENOTCONN."
TEST_F(WsIo, WS_IO_28) {
    CONF_SOCKET(s, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    Sock listener;
    sockaddr_in address{};
    ASSERT_NO_FATAL_FAILURE(tcp_listener(&listener, &address));
    for (const SOCKET socket_ : {s.get(), listener.get()}) {
        for (const int how : {SD_SEND, SD_RECEIVE}) {
            EXPECT_EQ(shutdown(socket_, how), SOCKET_ERROR);
            EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
        }
    }
}

// WS-IO-29: "shutdown(SD_SEND) on a connected socket succeeds (last error 0 on Win7+); calling it again succeeds too (idempotent). Then send() -> -1 / WSAESHUTDOWN (10058). The peer's recv returns 0, and again 0 on a second call (EOF is sticky)."
TEST_F(WsIo, WS_IO_29) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(shutdown(p.client, SD_SEND), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
    EXPECT_EQ(shutdown(p.client, SD_SEND), 0);
    EXPECT_EQ(send(p.client, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    char c;
    EXPECT_EQ(recv_wait(p.server, &c, 1), 0);
    EXPECT_EQ(recv_wait(p.server, &c, 1), 0);
}

// WS-IO-30: "shutdown(SD_RECEIVE) succeeds; afterwards recv() -> -1 / WSAESHUTDOWN (each time), even if data arrives - but the socket can still send (server after SD_RECEIVE sends 5 bytes that the peer receives). A client that did SD_SEND can still receive data; after its own SD_RECEIVE its recv fails with WSAESHUTDOWN."
TEST_F(WsIo, WS_IO_30) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    ASSERT_EQ(shutdown(p.server, SD_RECEIVE), 0);
    char buf[8];
    EXPECT_EQ(recv(p.server, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    ASSERT_EQ(send(p.client, "late", 4, 0), 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let it arrive (not a timing assertion)
    EXPECT_EQ(recv(p.server, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    ASSERT_EQ(send(p.server, "12345", 5, 0), 5);
    EXPECT_EQ(recv_all(p.client, 5), "12345");
    ASSERT_EQ(shutdown(p.client, SD_RECEIVE), 0);
    EXPECT_EQ(recv(p.client, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
}

// WS-IO-31: "After shutdowns in both directions, getpeername/getsockname still work and return the original addresses; connect() -> WSAEISCONN; shutdown(s, 0xdeadbeef) (invalid how) -> WSAEINVAL."
TEST_F(WsIo, WS_IO_31) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    sockaddr_in name_before{};
    ASSERT_NO_FATAL_FAILURE(get_name(p.client, &name_before));
    ASSERT_EQ(shutdown(p.client, SD_SEND), 0);
    ASSERT_EQ(shutdown(p.client, SD_RECEIVE), 0);
    sockaddr_in name_after{}, peer{};
    ASSERT_NO_FATAL_FAILURE(get_name(p.client, &name_after));
    EXPECT_EQ(std::memcmp(&name_before, &name_after, sizeof name_after), 0);
    int len = sizeof peer;
    EXPECT_EQ(getpeername(p.client, sa(&peer), &len), 0) << WSAGetLastError();
    EXPECT_EQ(peer.sin_port, p.address.sin_port);
    EXPECT_EQ(connect(p.client, csa(&p.address), sizeof p.address), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
    EXPECT_EQ(shutdown(p.client, static_cast<int>(0xdeadbeef)), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// WS-IO-32: "SD_BOTH: subsequent recv and send both fail with WSAESHUTDOWN; the peer's recv returns 0 (a FIN was sent). The peer can then SD_BOTH itself with the same results."
TEST_F(WsIo, WS_IO_32) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    char buf[4];
    ASSERT_EQ(shutdown(p.client, SD_BOTH), 0);
    EXPECT_EQ(recv(p.client, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(send(p.client, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(recv_wait(p.server, buf, sizeof buf), 0);
    ASSERT_EQ(shutdown(p.server, SD_BOTH), 0);
    EXPECT_EQ(recv(p.server, buf, sizeof buf, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
    EXPECT_EQ(send(p.server, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
}

// WS-IO-44: "After that [a reset by the peer], getsockopt(SO_ERROR) returns 0 (the reset is not stored as a pending socket error); a new WSARecv fails synchronously with WSAECONNRESET; send() fails with WSAECONNRESET."
TEST_F(WsIo, WS_IO_44) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    const LINGER abort_on_close{1, 0};
    ASSERT_EQ(setsockopt(p.client, SOL_SOCKET, SO_LINGER, copt(&abort_on_close), sizeof abort_on_close), 0);
    ASSERT_EQ(p.client.close(), 0);
    ASSERT_TRUE(wait_readable(p.server));
    int error = -1;
    ASSERT_NO_FATAL_FAILURE(get_int_option(p.server, SOL_SOCKET, SO_ERROR, &error));
    EXPECT_EQ(error, 0);
    char buf[4];
    WSABUF wsa{sizeof buf, buf};
    DWORD received = 0, flags = 0;
    EXPECT_EQ(WSARecv(p.server, &wsa, 1, &received, &flags, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
    EXPECT_EQ(send(p.server, "x", 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
}

// WS-IO-49: "sendto() on a connected TCP socket ignores the destination address (even garbage 0xfe... bytes) and sends on the connection; the address buffer and tolen are not modified. recvfrom() on TCP leaves the from buffer and *fromlen untouched (fromlen stays 0xc0ffee11)."
TEST_F(WsIo, WS_IO_49) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    unsigned char garbage[sizeof(sockaddr_in)];
    std::memset(garbage, 0xfe, sizeof garbage);
    unsigned char copy[sizeof garbage];
    std::memcpy(copy, garbage, sizeof garbage);
    EXPECT_EQ(sendto(p.client, "hello", 5, 0, reinterpret_cast<const sockaddr*>(garbage), sizeof garbage), 5)
        << WSAGetLastError();
    EXPECT_EQ(std::memcmp(garbage, copy, sizeof garbage), 0);
    ASSERT_TRUE(wait_readable(p.server));
    sockaddr_in from;
    std::memset(&from, 0xfe, sizeof from);
    int from_len = static_cast<int>(0xc0ffee11);
    char buf[8];
    EXPECT_EQ(recvfrom(p.server, buf, sizeof buf, 0, sa(&from), &from_len), 5) << WSAGetLastError();
    EXPECT_EQ(from_len, static_cast<int>(0xc0ffee11));
    EXPECT_EQ(std::memcmp(&from, copy, sizeof from), 0);
}

// WS-IO-52: "[CancelIoEx/CancelIo: Windows kernel calls, not applicable] shutdown(SD_BOTH) + closesocket from a thread that then exits still delivers all data."
TEST_F(WsIo, WS_IO_52) {
    TcpPair p;
    ASSERT_NO_FATAL_FAILURE(tcp_pair(&p));
    const std::string data = pattern(60000);  // fits the send buffer: the thread ends before any read
    const SOCKET client = p.client.release();
    std::thread sender([&] {
        int timeout = wait_ms;
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, copt(&timeout), sizeof timeout);
        EXPECT_EQ(send(client, data.data(), static_cast<int>(data.size()), 0), static_cast<int>(data.size()));
        EXPECT_EQ(shutdown(client, SD_BOTH), 0);
        EXPECT_EQ(closesocket(client), 0);
    });
    sender.join();  // the thread has exited before anything is read
    EXPECT_EQ(recv_all(p.server, data.size()), data);
    char c;
    EXPECT_EQ(recv_wait(p.server, &c, 1), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
}

}  // namespace
