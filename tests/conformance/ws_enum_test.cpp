// WS-ENUM-*: WSAEnumProtocolsA/W (shared/spec/winsock-behaviour.md, protocol.c
// and sock.c facts). Statuses: docs/winsock-conformance.md.
#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <cstring>
#include <vector>

namespace {

using namespace conformance;

class WsEnum : public WinsockTest {};

// The A and W entry points are checked alike (protocol.c runs each test on both).
struct EnumA {
    using Info = WSAPROTOCOL_INFOA;
    static int call(int* filter, Info* buffer, DWORD* len) { return WSAEnumProtocolsA(filter, buffer, len); }
    static bool named(const Info& info) { return info.szProtocol[0] != '\0'; }
};
struct EnumW {
    using Info = WSAPROTOCOL_INFOW;
    static int call(int* filter, Info* buffer, DWORD* len) { return WSAEnumProtocolsW(filter, buffer, len); }
    static bool named(const Info& info) { return info.szProtocol[0] != 0; }
};

// Size query then a right-sized call; returns the entries.
template <typename E>
std::vector<typename E::Info> list(int* filter) {
    DWORD len = 0;
    EXPECT_EQ(E::call(filter, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    EXPECT_GT(len, 0u);
    EXPECT_EQ(len % sizeof(typename E::Info), 0u);
    std::vector<typename E::Info> infos(len / sizeof(typename E::Info));
    const int n = E::call(filter, infos.data(), &len);
    EXPECT_EQ(n, static_cast<int>(infos.size())) << "error " << WSAGetLastError();
    infos.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
    return infos;
}

// WS-ENUM-01: "WSAEnumProtocolsA(filter, NULL, &len) with len = 0 -> SOCKET_ERROR / WSAENOBUFS and len set to the required size; calling again with a buffer of that size succeeds and returns the item count. Same with filter = NULL."
TEST_F(WsEnum, WS_ENUM_01) {
    int tcp_only[] = {IPPROTO_TCP, IPPROTO_IP};
    for (int* filter : {tcp_only, static_cast<int*>(nullptr)}) {
        SCOPED_TRACE(filter == nullptr ? "all protocols" : "TCP filter");
        DWORD len = 0;
        WSASetLastError(0);
        EXPECT_EQ(WSAEnumProtocolsA(filter, nullptr, &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
        ASSERT_GT(len, 0u);
        ASSERT_EQ(len % sizeof(WSAPROTOCOL_INFOA), 0u);
        std::vector<WSAPROTOCOL_INFOA> infos(len / sizeof(WSAPROTOCOL_INFOA));
        EXPECT_EQ(WSAEnumProtocolsA(filter, infos.data(), &len), static_cast<int>(infos.size()));
    }
}

// WS-ENUM-02: "WSAEnumProtocols(NULL, NULL, &len) with len = 0 -> SOCKET_ERROR / WSAENOBUFS and len receives the required byte count. Passing a real buffer that is too small (one WSAPROTOCOL_INFO, len = 0) -> WSAENOBUFS too."
TEST_F(WsEnum, WS_ENUM_02) {
    {
        DWORD len = 0;
        EXPECT_EQ(WSAEnumProtocolsA(nullptr, nullptr, &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
        const DWORD required = len;
        EXPECT_GT(required, 0u);
        EXPECT_EQ(required % sizeof(WSAPROTOCOL_INFOA), 0u);
        WSAPROTOCOL_INFOA one{};
        len = 0;
        EXPECT_EQ(WSAEnumProtocolsA(nullptr, &one, &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
        EXPECT_EQ(len, required);
    }
    {
        DWORD len = 0;
        EXPECT_EQ(WSAEnumProtocolsW(nullptr, nullptr, &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
        const DWORD required = len;
        EXPECT_GT(required, 0u);
        EXPECT_EQ(required % sizeof(WSAPROTOCOL_INFOW), 0u);
        WSAPROTOCOL_INFOW one{};
        len = 0;
        EXPECT_EQ(WSAEnumProtocolsW(nullptr, &one, &len), SOCKET_ERROR);
        EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
        EXPECT_EQ(len, required);
    }
}

// WS-ENUM-03: "With a buffer of the returned size the call returns the number of entries (>= 1). Every returned entry has a non-empty szProtocol and no entry has PFL_HIDDEN set."
template <typename E>
void check_enum_03() {
    const auto infos = list<E>(nullptr);
    EXPECT_GE(infos.size(), 1u);
    for (const auto& info : infos) {
        EXPECT_TRUE(E::named(info)) << "catalog entry " << info.dwCatalogEntryId;
        EXPECT_EQ(info.dwProviderFlags & PFL_HIDDEN, 0u) << "catalog entry " << info.dwCatalogEntryId;
    }
}
TEST_F(WsEnum, WS_ENUM_03) {
    check_enum_03<EnumA>();
    check_enum_03<EnumW>();
}

// WS-ENUM-04: "dwServiceFlags1 (ignoring XP1_QOS_SUPPORTED) for iVersion == 2 entries of AF_INET/AF_INET6: SOCK_STREAM/IPPROTO_TCP exactly 0x00020066; SOCK_DGRAM/IPPROTO_UDP exactly 0x00020609."
template <typename E>
void check_enum_04() {
    int tcp = 0;
    int udp = 0;
    for (const auto& info : list<E>(nullptr)) {
        if (info.iVersion != 2 || (info.iAddressFamily != AF_INET && info.iAddressFamily != AF_INET6)) continue;
        const DWORD flags = info.dwServiceFlags1 & ~static_cast<DWORD>(XP1_QOS_SUPPORTED);
        if (info.iSocketType == SOCK_STREAM && info.iProtocol == IPPROTO_TCP) {
            EXPECT_EQ(flags, static_cast<DWORD>(XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER |
                                                XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES));
            EXPECT_EQ(flags, 0x00020066u);
            ++tcp;
        } else if (info.iSocketType == SOCK_DGRAM && info.iProtocol == IPPROTO_UDP) {
            EXPECT_EQ(flags, static_cast<DWORD>(XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED |
                                                XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT |
                                                XP1_IFS_HANDLES));
            EXPECT_EQ(flags, 0x00020609u);
            ++udp;
        }
    }
    EXPECT_GE(tcp, 1);  // an IPv4 TCP and an IPv4 UDP entry are listed at least
    EXPECT_GE(udp, 1);
}
TEST_F(WsEnum, WS_ENUM_04) {
    check_enum_04<EnumA>();
    check_enum_04<EnumW>();
}

// WS-ENUM-05: "Filter {0xdead, IPPROTO_TCP, 0xcafe, IPPROTO_UDP, 0xbeef, 0}: size query -> WSAENOBUFS; the real call succeeds (invalid numbers are silently ignored), returns >= 2 entries, and the returned iProtocol values are only TCP and UDP (found-mask 0xA)."
template <typename E>
void check_enum_05() {
    int filter[] = {0xdead, IPPROTO_TCP, 0xcafe, IPPROTO_UDP, 0xbeef, 0};
    const auto infos = list<E>(filter);  // asserts the WSAENOBUFS size query
    EXPECT_GE(infos.size(), 2u);
    unsigned found = 0;
    for (const auto& info : infos) {
        if (info.iProtocol == IPPROTO_TCP) found |= 2;
        else if (info.iProtocol == IPPROTO_UDP) found |= 8;
        else found |= 1;
    }
    EXPECT_EQ(found, 0xAu);
}
TEST_F(WsEnum, WS_ENUM_05) {
    check_enum_05<EnumA>();
    check_enum_05<EnumW>();
}

// WS-ENUM-06: "Filter {IPPROTO_TCP, IPPROTO_IP(=0 terminator)} works the same way (size query -> WSAENOBUFS, then success), and the first entry is usable as lpProtocolInfo with FROM_PROTOCOL_INFO."
TEST_F(WsEnum, WS_ENUM_06) {
    int filter[] = {IPPROTO_TCP, IPPROTO_IP};
    auto infos = list<EnumA>(filter);
    ASSERT_GE(infos.size(), 1u);
    for (const auto& info : infos) EXPECT_EQ(info.iProtocol, IPPROTO_TCP);
    Sock s(WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &infos[0], 0, 0));
    EXPECT_TRUE(s.valid()) << "error " << WSAGetLastError();
}

}  // namespace
