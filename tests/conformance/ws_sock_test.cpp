// WS-SOCK-*: socket creation (shared/spec/winsock-behaviour.md; test_WSASocket
// in Wine's sock.c). Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"
#include "protocol_info_check.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace conformance;

class WsSock : public WinsockTest {};

int socket_type(SOCKET s) {
    int type = 0xdead;
    int len = sizeof type;
    EXPECT_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, opt(&type), &len), 0) << WSAGetLastError();
    return type;
}

// WS-SOCK-02: "For socket(AF_INET/AF_INET6, SOCK_STREAM, IPPROTO_TCP) and (..., SOCK_DGRAM, IPPROTO_UDP): SO_PROTOCOL_INFOA and SO_PROTOCOL_INFOW return identical structures up to szProtocol, non-empty szProtocol (same name in A/W), and iAddressFamily / iSocketType / iProtocol equal the creation arguments; returned optlen = sizeof(struct)."
TEST_F(WsSock, WS_SOCK_02) {
    check_protocol_info_a_w();  // IPv4 rows; the AF_INET6 rows come with IPv6 (same fact as WS-OPT-17)
}

// WS-SOCK-03: "Successful WSASocketA sets last error to 0 (test sets 0xdeadbeef first and expects 0 on success)."
TEST_F(WsSock, WS_SOCK_03) {
    WSASetLastError(static_cast<int>(0xdeadbeef));
    Sock a(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0));
    EXPECT_TRUE(a.valid());
    EXPECT_EQ(WSAGetLastError(), 0);
    WSASetLastError(static_cast<int>(0xdeadbeef));
    Sock w(WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, 0));
    EXPECT_TRUE(w.valid());
    EXPECT_EQ(WSAGetLastError(), 0);
}

// WS-SOCK-04: "Error precedence table for WSASocketA(af, type, protocol, NULL, 0, 0); the resulting triple is what getsockopt(SO_PROTOCOL_INFOA) reports."
TEST_F(WsSock, WS_SOCK_04) {
    struct Row {
        int af, type, protocol;
        int error;
        int ret_af, ret_type, ret_protocol;
    };
    // AF_UNSPEC rows that succeed give AF_INET (Windows 11 gives AF_INET6;
    // sluice's catalog lists the IPv4 entries first, as Windows 10 does).
    const Row rows[] = {
        {0xdead, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0, 0, 0},
        {-1, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0, 0, 0},
        {AF_INET, 0xdead, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {AF_INET, -1, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {AF_INET, SOCK_STREAM, 0xdead, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_INET, SOCK_STREAM, -1, WSAEPROTONOSUPPORT, 0, 0, 0},
        {0xdead, 0xdead, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {0xdead, SOCK_STREAM, 0xdead, WSAEAFNOSUPPORT, 0, 0, 0},
        {AF_INET, 0xdead, 0xdead, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {0xdead, SOCK_STREAM, IPPROTO_UDP, WSAEAFNOSUPPORT, 0, 0, 0},
        {AF_INET, SOCK_STREAM, 0, 0, AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_INET, SOCK_DGRAM, 0, 0, AF_INET, SOCK_DGRAM, IPPROTO_UDP},
        {AF_INET, 0xdead, 0, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {AF_INET, 0, IPPROTO_TCP, 0, AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_INET, 0, IPPROTO_UDP, 0, AF_INET, SOCK_DGRAM, IPPROTO_UDP},
        {AF_INET, 0, 0xdead, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_INET, 0, 0, 0, AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, 0, AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_UNSPEC, SOCK_STREAM, 0xdead, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_UNSPEC, 0xdead, IPPROTO_UDP, WSAESOCKTNOSUPPORT, 0, 0, 0},
        {AF_UNSPEC, SOCK_STREAM, 0, WSAEINVAL, 0, 0, 0},
        {AF_UNSPEC, SOCK_DGRAM, 0, WSAEINVAL, 0, 0, 0},
        {AF_UNSPEC, 0xdead, 0, WSAEINVAL, 0, 0, 0},
        {AF_UNSPEC, 0, IPPROTO_TCP, 0, AF_INET, SOCK_STREAM, IPPROTO_TCP},
        {AF_UNSPEC, 0, IPPROTO_UDP, 0, AF_INET, SOCK_DGRAM, IPPROTO_UDP},
        {AF_UNSPEC, 0, 0xdead, WSAEPROTONOSUPPORT, 0, 0, 0},
        {AF_UNSPEC, 0, 0, WSAEINVAL, 0, 0, 0},
    };
    int index = 0;
    for (const Row& row : rows) {
        SCOPED_TRACE("row " + std::to_string(index++) + ": (" + std::to_string(row.af) + ", " +
                     std::to_string(row.type) + ", " + std::to_string(row.protocol) + ")");
        WSASetLastError(static_cast<int>(0xdeadbeef));
        Sock s(WSASocketA(row.af, row.type, row.protocol, nullptr, 0, 0));
        EXPECT_EQ(WSAGetLastError(), row.error);
        if (row.error != 0) {
            EXPECT_FALSE(s.valid());
            continue;
        }
        ASSERT_TRUE(s.valid());
        WSAPROTOCOL_INFOA info;
        ASSERT_NO_FATAL_FAILURE(protocol_info(s, &info));
        EXPECT_EQ(info.iAddressFamily, row.ret_af);
        EXPECT_EQ(info.iSocketType, row.ret_type);
        EXPECT_EQ(info.iProtocol, row.ret_protocol);
    }
}

// WS-SOCK-05: "WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &pi[0], 0, 0) with an entry from WSAEnumProtocolsA({IPPROTO_TCP, IPPROTO_IP}) succeeds."
TEST_F(WsSock, WS_SOCK_05) {
    int filter[] = {IPPROTO_TCP, IPPROTO_IP};
    auto pi = enum_protocols_a(filter);
    ASSERT_FALSE(pi.empty());
    Sock s(WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &pi[0], 0, 0));
    ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();
    EXPECT_EQ(socket_type(s), SOCK_STREAM);
}

// WS-SOCK-06: "Precedence of lpProtocolInfo vs explicit params: WSASocketA(0, 0, IPPROTO_UDP, &info) with info af/type/protocol = -1 -> WSAEAFNOSUPPORT; with the struct fields all 0 -> WSAEAFNOSUPPORT; struct {AF_INET, SOCK_DGRAM, IPPROTO_UDP} with params (0,0,0) -> SOCK_DGRAM; params (AF_INET, SOCK_STREAM, IPPROTO_TCP) with the UDP struct -> SOCK_STREAM."
TEST_F(WsSock, WS_SOCK_06) {
    int filter[] = {IPPROTO_TCP, IPPROTO_IP};
    auto pi = enum_protocols_a(filter);
    ASSERT_FALSE(pi.empty());
    WSAPROTOCOL_INFOA info = pi[0];

    info.iProtocol = -1;
    info.iSocketType = -1;
    info.iAddressFamily = -1;
    WSASetLastError(0);
    EXPECT_EQ(WSASocketA(0, 0, IPPROTO_UDP, &info, 0, 0), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);

    info.iProtocol = 0;
    info.iSocketType = 0;
    info.iAddressFamily = 0;
    WSASetLastError(0);
    EXPECT_EQ(WSASocketA(0, 0, IPPROTO_UDP, &info, 0, 0), INVALID_SOCKET);  // Vista+; worked on <= 2003
    EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);

    info.iProtocol = IPPROTO_UDP;
    info.iSocketType = SOCK_DGRAM;
    info.iAddressFamily = AF_INET;
    {
        Sock s(WSASocketA(0, 0, 0, &info, 0, 0));
        ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();
        EXPECT_EQ(socket_type(s), SOCK_DGRAM);
    }
    {
        Sock s(WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, &info, 0, 0));
        ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();
        EXPECT_EQ(socket_type(s), SOCK_STREAM);
    }
}

// WS-SOCK-07: "WSASocketA(AF_INET, 0, 0) yields the socket type of the first WSAEnumProtocols entry flagged PFL_MATCHES_PROTOCOL_ZERO (i.e. SOCK_STREAM/TCP for AF_INET)."
TEST_F(WsSock, WS_SOCK_07) {
    const auto pi = enum_protocols_a(nullptr);
    Sock s(WSASocketA(AF_INET, 0, 0, nullptr, 0, 0));
    ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();
    const int type = socket_type(s);
    bool found = false;
    for (const auto& info : pi) {
        if (info.dwProviderFlags & PFL_MATCHES_PROTOCOL_ZERO) {
            EXPECT_EQ(type, info.iSocketType);
            found = true;
            break;
        }
    }
    EXPECT_TRUE(found) << "no PFL_MATCHES_PROTOCOL_ZERO entry";
    EXPECT_EQ(type, SOCK_STREAM);
}

// WS-SOCK-08: "WSASocketA(0, 0, IPPROTO_TCP) and WSASocketA(0, 0, IPPROTO_UDP) succeed; SO_TYPE equals the iSocketType of the first catalogue entry with that iProtocol (STREAM for TCP, DGRAM for UDP)."
TEST_F(WsSock, WS_SOCK_08) {
    const auto pi = enum_protocols_a(nullptr);
    for (const int protocol : {IPPROTO_TCP, IPPROTO_UDP}) {
        SCOPED_TRACE(protocol);
        Sock s(WSASocketA(0, 0, protocol, nullptr, 0, 0));
        ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();
        const int type = socket_type(s);
        bool found = false;
        for (const auto& info : pi) {
            if (info.iProtocol == protocol) {
                EXPECT_EQ(info.iSocketType, type);
                found = true;
                break;
            }
        }
        EXPECT_TRUE(found);
        EXPECT_EQ(type, protocol == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM);
    }
}

// WS-SOCK-09: "Raw sockets: WSASocketA(AF_INET, SOCK_RAW, IPPROTO_ICMP) fails at creation with WSAEACCES for non-admin users. When allowed: SO_TYPE = SOCK_RAW; SO_PROTOCOL_INFOW has AF_INET, SOCK_RAW, iMaxSockAddr = iMinSockAddr = 16, iProtocol = 0, iProtocolMaxOffset = 255, dwProviderFlags = PFL_MATCHES_PROTOCOL_ZERO|PFL_HIDDEN, dwServiceFlags1 = XP1_IFS_HANDLES|XP1_SUPPORT_BROADCAST|XP1_SUPPORT_MULTIPOINT|XP1_MESSAGE_ORIENTED|XP1_CONNECTIONLESS. WSASocketA(0,0,IPPROTO_RAW) and WSASocketA(AF_INET, SOCK_RAW, IPPROTO_TCP) give SOCK_RAW sockets."
TEST_F(WsSock, WS_SOCK_09) {
    WSASetLastError(static_cast<int>(0xdeadbeef));
    Sock s(WSASocketA(AF_INET, SOCK_RAW, IPPROTO_ICMP, nullptr, 0, 0));
    if (!s.valid()) {
        ASSERT_EQ(WSAGetLastError(), WSAEACCES);
        GTEST_SKIP() << "raw sockets refused with WSAEACCES (Windows' answer without the privilege)";
    }
    EXPECT_EQ(socket_type(s), SOCK_RAW);
    WSAPROTOCOL_INFOW info;
    std::memset(&info, 0, sizeof info);
    int len = sizeof info;
    ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, opt(&info), &len), 0) << WSAGetLastError();
    EXPECT_EQ(info.iAddressFamily, AF_INET);
    EXPECT_EQ(info.iSocketType, SOCK_RAW);
    EXPECT_EQ(info.iMaxSockAddr, 16);
    EXPECT_EQ(info.iMinSockAddr, 16);
    EXPECT_EQ(info.iProtocol, 0);  // todo_wine: the catalog entry's value, not IPPROTO_ICMP
    EXPECT_EQ(info.iProtocolMaxOffset, 255);
    EXPECT_EQ(info.dwProviderFlags, static_cast<DWORD>(PFL_MATCHES_PROTOCOL_ZERO | PFL_HIDDEN));
    EXPECT_EQ(info.dwServiceFlags1, static_cast<DWORD>(XP1_IFS_HANDLES | XP1_SUPPORT_BROADCAST |
                                                      XP1_SUPPORT_MULTIPOINT | XP1_MESSAGE_ORIENTED |
                                                      XP1_CONNECTIONLESS));
    s.close();

    Sock raw(WSASocketA(0, 0, IPPROTO_RAW, nullptr, 0, 0));
    ASSERT_TRUE(raw.valid()) << "error " << WSAGetLastError();
    EXPECT_EQ(socket_type(raw), SOCK_RAW);
    Sock raw_tcp(WSASocketA(AF_INET, SOCK_RAW, IPPROTO_TCP, nullptr, 0, 0));
    ASSERT_TRUE(raw_tcp.valid()) << "error " << WSAGetLastError();
    EXPECT_EQ(socket_type(raw_tcp), SOCK_RAW);
}

// WS-SOCK-10: "Unsupported families: AF_IPX (not installed) -> WSAEAFNOSUPPORT; AF_BTH without Bluetooth -> WSAEAFNOSUPPORT."
TEST_F(WsSock, WS_SOCK_10) {
    constexpr int nsproto_ipx = 1000;  // wsipx.h
    constexpr int bthproto_rfcomm = 3;  // ws2bth.h
    WSASetLastError(0);
    EXPECT_EQ(WSASocketA(AF_IPX, SOCK_DGRAM, nsproto_ipx, nullptr, 0, 0), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    WSASetLastError(0);
    EXPECT_EQ(WSASocketA(AF_BTH, SOCK_STREAM, bthproto_rfcomm, nullptr, 0, 0), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    // The installed-IPX and installed-Bluetooth answers do not apply (no such providers).
}

}  // namespace
