// WS-START-*: WSAStartup / WSACleanup (shared/spec/winsock-behaviour.md).
// Statuses of the facts without a test here: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <array>
#include <cstring>
#include <string>

namespace {

using namespace conformance;

class WsStart : public WinsockTest {};

// WS-START-01: "Before any WSAStartup: WSASocketA(0,0,0,NULL,0,0) returns INVALID_SOCKET with WSAGetLastError() = WSANOTINITIALISED."
TEST_F(WsStart, WS_START_01) {
    drain();  // back to "WSAStartup never called"
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(WSASocketA(0, 0, 0, nullptr, 0, 0), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    // The gethostbyname half needs name resolution, which is not in this API step.
}

// WS-START-02: "WSAStartup(MAKEWORD(2,2)) returns 0."
TEST_F(WsStart, WS_START_02) {
    drain();
    WSADATA data{};
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_TRUE(started());
}

// WS-START-03: "WSACleanup() destroys every socket the process owns: after WSACleanup and a fresh WSAStartup, send() on an old handle fails with WSAENOTSOCK and getsockname() on each old handle fails with WSAENOTSOCK."
TEST_F(WsStart, WS_START_03) {
    // UDP pair (src connected to dst) and a TCP socket (created only); TCP
    // pairs and WSADuplicateSocket duplicates come with their issues.
    CONF_SOCKET(dst, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(src, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    CONF_SOCKET(tcp, AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sockaddr_in dst_addr{};
    ASSERT_NO_FATAL_FAILURE(bind_loopback(dst, &dst_addr));
    ASSERT_EQ(connect(src, csa(&dst_addr), sizeof dst_addr), 0) << WSAGetLastError();
    ASSERT_EQ(send(src, "TEST", 4, 0), 4) << WSAGetLastError();

    const SOCKET old[] = {src.release(), dst.release(), tcp.release()};
    ASSERT_EQ(WSACleanup(), 0);  // the fixture's single startup: the final cleanup
    WSADATA data{};
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);

    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(send(old[0], "TEST", 4, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    for (const SOCKET s : old) {
        sockaddr_in name{};
        int len = sizeof name;
        WSASetLastError(static_cast<int>(0xdeadbeef));
        EXPECT_EQ(getsockname(s, sa(&name), &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    }
}

// WS-START-04: "Reference counting: after the matching WSACleanup returns 0 the next extra WSACleanup() returns SOCKET_ERROR with WSANOTINITIALISED."
TEST_F(WsStart, WS_START_04) {
    WSADATA data{};
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);  // second reference
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_TRUE(started());
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_FALSE(started());
    WSASetLastError(static_cast<int>(0xdeadbeef));
    EXPECT_EQ(WSACleanup(), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

// WS-START-05: "The final WSACleanup after balanced startups returns 0."
TEST_F(WsStart, WS_START_05) {
    WSADATA data{};
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_EQ(WSACleanup(), 0);  // final
    EXPECT_FALSE(started());
}

// WS-START-07: "WSAStartup(0, NULL) returns WSAVERNOTSUPPORTED; WSAStartup(MAKEWORD(2,2), NULL) returns WSAEFAULT. In both cases WSAGetLastError() is WSANOTINITIALISED afterwards and Winsock stays uninitialised."
TEST_F(WsStart, WS_START_07) {
    drain();
    WSASetLastError(0);
    EXPECT_EQ(WSAStartup(0, nullptr), WSAVERNOTSUPPORTED);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_FALSE(started());
    WSASetLastError(0);
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), nullptr), WSAEFAULT);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_FALSE(started());
}

// WS-START-08: "Version table (requested -> result, wVersion returned; wHighVersion is always 2.2)."
TEST_F(WsStart, WS_START_08) {
    drain();
    struct Row {
        int major, minor;
        int result;
        WORD version;
    };
    const Row rows[] = {
        {0, 0, WSAVERNOTSUPPORTED, MAKEWORD(2, 2)}, {0, 9, WSAVERNOTSUPPORTED, MAKEWORD(2, 2)},
        {1, 0, 0, MAKEWORD(1, 0)},    {1, 1, 0, MAKEWORD(1, 1)},   {1, 2, 0, MAKEWORD(1, 1)},
        {1, 15, 0, MAKEWORD(1, 1)},   {1, 255, 0, MAKEWORD(1, 1)}, {2, 0, 0, MAKEWORD(2, 0)},
        {2, 1, 0, MAKEWORD(2, 1)},    {2, 2, 0, MAKEWORD(2, 2)},   {2, 3, 0, MAKEWORD(2, 2)},
        {2, 15, 0, MAKEWORD(2, 2)},   {2, 255, 0, MAKEWORD(2, 2)}, {3, 0, 0, MAKEWORD(2, 2)},
        {3, 7, 0, MAKEWORD(2, 2)},    {15, 255, 0, MAKEWORD(2, 2)}, {255, 255, 0, MAKEWORD(2, 2)},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(std::to_string(row.major) + "." + std::to_string(row.minor));
        WSADATA data;
        std::memset(&data, 0, sizeof data);
        EXPECT_EQ(WSAStartup(MAKEWORD(row.major, row.minor), &data), row.result);
        EXPECT_EQ(data.wVersion, row.version);  // filled even on failure
        EXPECT_EQ(data.wHighVersion, MAKEWORD(2, 2));
        if (row.result == 0) {
            EXPECT_EQ(WSACleanup(), 0);
        }
        EXPECT_FALSE(started());
    }
}

// WS-START-09: "On success WSAGetLastError() = 0. WSADATA: szDescription = "WinSock 2.0", szSystemStatus = "Running" (rest of the buffer untouched), lpVendorInfo not written; iMaxSockets / iMaxUdpDg = 0 / 0 for a 2.x session and 32767 / 65467 for a 1.x session."
TEST_F(WsStart, WS_START_09) {
    drain();
    for (const auto& [version, max_sockets, max_udp] :
         {std::array<int, 3>{MAKEWORD(2, 2), 0, 0}, std::array<int, 3>{MAKEWORD(1, 1), 32767, 65467}}) {
        SCOPED_TRACE(version);
        WSADATA data;
        std::memset(&data, 0x5A, sizeof data);
        char marker = 0;
        data.lpVendorInfo = &marker;
        WSASetLastError(static_cast<int>(0xdeadbeef));
        ASSERT_EQ(WSAStartup(static_cast<WORD>(version), &data), 0);
        EXPECT_EQ(WSAGetLastError(), 0);
        EXPECT_EQ(data.iMaxSockets, max_sockets);
        EXPECT_EQ(data.iMaxUdpDg, max_udp);
        EXPECT_EQ(data.lpVendorInfo, &marker);
        EXPECT_STREQ(data.szDescription, "WinSock 2.0");
        EXPECT_STREQ(data.szSystemStatus, "Running");
        for (std::size_t i = sizeof "WinSock 2.0"; i < sizeof data.szDescription; ++i)
            EXPECT_EQ(static_cast<unsigned char>(data.szDescription[i]), 0x5A) << i;
        for (std::size_t i = sizeof "Running"; i < sizeof data.szSystemStatus; ++i)
            EXPECT_EQ(static_cast<unsigned char>(data.szSystemStatus[i]), 0x5A) << i;
        EXPECT_EQ(WSACleanup(), 0);
    }
}

// WS-START-11: "Nested startups with different versions: after WSAStartup(1.1), a WSAStartup(2.2) returns wVersion 2.2; after WSAStartup(2.2), a WSAStartup(1.1) returns wVersion 1.1. Each successful WSAStartup needs its own WSACleanup: after the first WSACleanup Winsock is still initialised, after the second it is not."
TEST_F(WsStart, WS_START_11) {
    drain();
    for (const auto& [first, second] : {std::array<WORD, 2>{MAKEWORD(1, 1), MAKEWORD(2, 2)},
                                        std::array<WORD, 2>{MAKEWORD(2, 2), MAKEWORD(1, 1)}}) {
        SCOPED_TRACE(first);
        WSADATA data{};
        ASSERT_EQ(WSAStartup(first, &data), 0);
        EXPECT_EQ(data.wVersion, first);
        ASSERT_EQ(WSAStartup(second, &data), 0);
        EXPECT_EQ(data.wVersion, second);
        EXPECT_EQ(WSACleanup(), 0);
        EXPECT_TRUE(started());
        EXPECT_EQ(WSACleanup(), 0);
        // Not initialised any more (Wine probes with gethostbyname; a socket call says the same).
        WSASetLastError(0);
        EXPECT_EQ(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0), INVALID_SOCKET);
        EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    }
    // Legacy 1.1-only functions (WSACancelBlockingCall) are not part of sluice's API.
}

}  // namespace
