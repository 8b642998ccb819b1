// tests/api/winsock_api_test.cpp: the first exported Winsock entry points,
// called through libsluice.so as an application would (header in prefixed
// mode, so GoogleTest's POSIX headers can coexist). Test names carry the spec
// fact they check (shared/spec/winsock-behaviour.md WS-START-*, WS-ENUM-*).
// Every test starts and ends with Winsock not started (the fixture balances
// the reference count), so tests are independent of their order.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include <sluice/provider/catalog.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace p = sluice::provider;

constexpr int visible_entries = 4;  // the RAW entries are PFL_HIDDEN (WS-ENUM-03)

class WinsockApi : public ::testing::Test {
protected:
    void SetUp() override { drain(); }
    void TearDown() override { drain(); }
    static void drain() {
        while (WSACleanup() == 0) {
        }
    }
    static void start() {
        WSADATA data{};
        ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    }
    static bool started() {
        DWORD len = 0;
        WSAEnumProtocolsW(nullptr, nullptr, &len);
        return WSAGetLastError() != WSANOTINITIALISED;
    }
};

std::string narrow(const WCHAR* wide) {
    std::string s;
    for (; *wide != 0; ++wide) s.push_back(static_cast<char>(*wide));
    return s;
}

template <typename Info, typename Fn>
std::vector<Info> enumerate(Fn fn, int* filter = nullptr) {
    DWORD len = 0;
    EXPECT_EQ(fn(filter, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    EXPECT_EQ(len % sizeof(Info), 0u);
    std::vector<Info> infos(len / sizeof(Info));
    const int n = fn(filter, infos.data(), &len);
    EXPECT_EQ(n, static_cast<int>(infos.size()));
    EXPECT_EQ(WSAGetLastError(), 0);
    return infos;
}

// ---- WS-START ---------------------------------------------------------------

TEST_F(WinsockApi, WS_START_01_EnumProtocolsBeforeStartupIsNotInitialised) {
    DWORD len = 0;
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_EQ(WSAEnumProtocolsA(nullptr, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_EQ(len, 0u);
}

TEST_F(WinsockApi, WS_START_02_StartupTwoTwoSucceeds) {
    WSADATA data{};
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_TRUE(started());
}

TEST_F(WinsockApi, WS_START_04_EveryStartupCountsExtraCleanupFails) {
    start();
    start();
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_TRUE(started());
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_FALSE(started());
    WSASetLastError(0);
    EXPECT_EQ(WSACleanup(), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

TEST_F(WinsockApi, WS_START_05_BalancedCleanupReturnsZeroAndSetsLastErrorZero) {
    start();
    WSASetLastError(WSAEINVAL);
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_EQ(WSAGetLastError(), 0);
}

TEST_F(WinsockApi, WS_START_07_VersionCheckComesBeforePointerCheck) {
    EXPECT_EQ(WSAStartup(0, nullptr), WSAVERNOTSUPPORTED);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_FALSE(started());
    WSASetLastError(0);
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), nullptr), WSAEFAULT);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_FALSE(started());
}

TEST_F(WinsockApi, WS_START_08_VersionTable) {
    struct Row {
        int major, minor;
        int result;
        WORD version;
    };
    const Row rows[] = {
        {0, 0, WSAVERNOTSUPPORTED, MAKEWORD(2, 2)}, {0, 9, WSAVERNOTSUPPORTED, MAKEWORD(2, 2)},
        {1, 0, 0, MAKEWORD(1, 0)},   {1, 1, 0, MAKEWORD(1, 1)},     {1, 2, 0, MAKEWORD(1, 1)},
        {1, 15, 0, MAKEWORD(1, 1)},  {1, 255, 0, MAKEWORD(1, 1)},   {2, 0, 0, MAKEWORD(2, 0)},
        {2, 1, 0, MAKEWORD(2, 1)},   {2, 2, 0, MAKEWORD(2, 2)},     {2, 3, 0, MAKEWORD(2, 2)},
        {2, 15, 0, MAKEWORD(2, 2)},  {2, 255, 0, MAKEWORD(2, 2)},   {3, 0, 0, MAKEWORD(2, 2)},
        {15, 255, 0, MAKEWORD(2, 2)}, {255, 255, 0, MAKEWORD(2, 2)},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(std::to_string(row.major) + "." + std::to_string(row.minor));
        WSADATA data{};
        EXPECT_EQ(WSAStartup(MAKEWORD(row.major, row.minor), &data), row.result);
        EXPECT_EQ(data.wVersion, row.version);
        EXPECT_EQ(data.wHighVersion, MAKEWORD(2, 2));
        EXPECT_EQ(WSAGetLastError(), row.result == 0 ? 0 : WSANOTINITIALISED);
        if (row.result == 0) {
            EXPECT_EQ(WSACleanup(), 0);
        }
        EXPECT_FALSE(started());
    }
}

TEST_F(WinsockApi, WS_START_09_WsadataContentsAndUntouchedBytes) {
    for (const auto& [version, max_sockets, max_udp] :
         {std::array<int, 3>{MAKEWORD(2, 2), 0, 0}, std::array<int, 3>{MAKEWORD(1, 1), 32767, 65467}}) {
        WSADATA data;
        std::memset(&data, 0x5A, sizeof data);
        char marker = 0;
        data.lpVendorInfo = &marker;
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

TEST_F(WinsockApi, WS_START_11_NestedStartupsNeedOneCleanupEach) {
    WSADATA data{};
    ASSERT_EQ(WSAStartup(MAKEWORD(1, 1), &data), 0);
    EXPECT_EQ(data.wVersion, MAKEWORD(1, 1));
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_EQ(data.wVersion, MAKEWORD(2, 2));
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_TRUE(started());
    EXPECT_EQ(WSACleanup(), 0);
    EXPECT_FALSE(started());
}

// ---- WS-ENUM ----------------------------------------------------------------

TEST_F(WinsockApi, WS_ENUM_01_SizeQueryThenRightSizedBufferA) {
    start();
    const auto all = enumerate<WSAPROTOCOL_INFOA>(WSAEnumProtocolsA);
    EXPECT_EQ(all.size(), static_cast<std::size_t>(visible_entries));
    int tcp[] = {WS_IPPROTO_TCP, 0};
    const auto filtered = enumerate<WSAPROTOCOL_INFOA>(WSAEnumProtocolsA, tcp);
    EXPECT_EQ(filtered.size(), 2u);
}

TEST_F(WinsockApi, WS_ENUM_02_NullOrTooSmallBufferIsNoBufsWithRequiredLength) {
    start();
    DWORD len = 0;
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, nullptr, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    EXPECT_EQ(len, visible_entries * 628u);
    WSAPROTOCOL_INFOW one{};
    len = 0;
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, &one, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    EXPECT_EQ(len, visible_entries * 628u);
    len = sizeof one;
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, &one, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    WSAPROTOCOL_INFOA a{};
    len = sizeof a;
    EXPECT_EQ(WSAEnumProtocolsA(nullptr, &a, &len), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
    EXPECT_EQ(len, visible_entries * 372u);
}

TEST_F(WinsockApi, WS_ENUM_03_EntriesNamedNoneHidden) {
    start();
    for (const auto& info : enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW)) {
        EXPECT_NE(info.szProtocol[0], 0);
        EXPECT_EQ(info.dwProviderFlags & PFL_HIDDEN, 0u);
    }
    for (const auto& info : enumerate<WSAPROTOCOL_INFOA>(WSAEnumProtocolsA)) {
        EXPECT_NE(info.szProtocol[0], 0);
        EXPECT_EQ(info.dwProviderFlags & PFL_HIDDEN, 0u);
    }
}

TEST_F(WinsockApi, WS_ENUM_04_ExactServiceFlagsForTcpAndUdp) {
    start();
    int seen = 0;
    for (const auto& info : enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW)) {
        ASSERT_EQ(info.iVersion, 2);
        ASSERT_TRUE(info.iAddressFamily == WS_AF_INET || info.iAddressFamily == WS_AF_INET6);
        const DWORD flags = info.dwServiceFlags1 & ~static_cast<DWORD>(XP1_QOS_SUPPORTED);
        if (info.iSocketType == WS_SOCK_STREAM && info.iProtocol == WS_IPPROTO_TCP) {
            EXPECT_EQ(flags, 0x20066u);
            ++seen;
        } else if (info.iSocketType == WS_SOCK_DGRAM && info.iProtocol == WS_IPPROTO_UDP) {
            EXPECT_EQ(flags, 0x20609u);
            ++seen;
        }
    }
    EXPECT_EQ(seen, visible_entries);
}

TEST_F(WinsockApi, WS_ENUM_05_InvalidFilterNumbersAreIgnored) {
    start();
    int filter[] = {0xdead, WS_IPPROTO_TCP, 0xcafe, WS_IPPROTO_UDP, 0xbeef, 0};
    for (const auto& infos : {enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW, filter)}) {
        EXPECT_GE(infos.size(), 2u);
        unsigned found = 0;
        for (const auto& info : infos) {
            if (info.iProtocol == WS_IPPROTO_TCP) found |= 2;
            else if (info.iProtocol == WS_IPPROTO_UDP) found |= 8;
            else found |= 1;
        }
        EXPECT_EQ(found, 0xAu);
    }
}

TEST_F(WinsockApi, WS_ENUM_06_TcpFilterListsTheTcpEntriesFirstIpv4) {
    start();
    int filter[] = {WS_IPPROTO_TCP, WS_IPPROTO_IP};
    const auto infos = enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW, filter);
    ASSERT_EQ(infos.size(), 2u);
    EXPECT_EQ(infos[0].iAddressFamily, WS_AF_INET);
    EXPECT_EQ(infos[0].iProtocol, WS_IPPROTO_TCP);
    EXPECT_EQ(infos[1].iAddressFamily, WS_AF_INET6);
}

TEST_F(WinsockApi, EnumNullLengthPointerIsFault) {
    start();
    WSAPROTOCOL_INFOW info{};
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, &info, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(WSAEnumProtocolsA(nullptr, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// Every field of every listed entry, W and A, against the provider's catalog.
TEST_F(WinsockApi, EnumMarshalsEveryFieldOfTheCatalogEntries) {
    start();
    const auto catalog = p::Catalog::with_base_entries();
    std::vector<const p::ProtocolEntry*> visible;
    for (const auto& e : catalog.entries())
        if (!e.is_hidden()) visible.push_back(&e);
    const auto w = enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW);
    const auto a = enumerate<WSAPROTOCOL_INFOA>(WSAEnumProtocolsA);
    ASSERT_EQ(w.size(), visible.size());
    ASSERT_EQ(a.size(), visible.size());
    const std::array<DWORD, 4> ids{1001, 1002, 1004, 1005};
    for (std::size_t i = 0; i < visible.size(); ++i) {
        const p::ProtocolEntry& e = *visible[i];
        EXPECT_EQ(w[i].dwCatalogEntryId, ids[i]);
        auto check = [&](const auto& info) {
            EXPECT_EQ(info.dwServiceFlags1, e.service_flags1);
            EXPECT_EQ(info.dwServiceFlags2, e.service_flags2);
            EXPECT_EQ(info.dwServiceFlags3, e.service_flags3);
            EXPECT_EQ(info.dwServiceFlags4, e.service_flags4);
            EXPECT_EQ(info.dwProviderFlags, e.provider_flags);
            EXPECT_EQ(info.ProviderId.Data1, e.provider_id.data1);
            EXPECT_EQ(info.ProviderId.Data2, e.provider_id.data2);
            EXPECT_EQ(info.ProviderId.Data3, e.provider_id.data3);
            EXPECT_EQ(std::memcmp(info.ProviderId.Data4, e.provider_id.data4.data(), 8), 0);
            EXPECT_EQ(info.dwCatalogEntryId, e.catalog_entry_id);
            EXPECT_EQ(info.ProtocolChain.ChainLen, e.protocol_chain.length);
            for (int k = 0; k < MAX_PROTOCOL_CHAIN; ++k)
                EXPECT_EQ(info.ProtocolChain.ChainEntries[k], e.protocol_chain.entries[static_cast<std::size_t>(k)]);
            EXPECT_EQ(info.iVersion, e.version);
            EXPECT_EQ(info.iAddressFamily, e.address_family);
            EXPECT_EQ(info.iMaxSockAddr, e.max_sockaddr);
            EXPECT_EQ(info.iMinSockAddr, e.min_sockaddr);
            EXPECT_EQ(info.iSocketType, e.socket_type);
            EXPECT_EQ(info.iProtocol, e.protocol);
            EXPECT_EQ(info.iProtocolMaxOffset, e.protocol_max_offset);
            EXPECT_EQ(info.iNetworkByteOrder, e.network_byte_order);
            EXPECT_EQ(info.iSecurityScheme, e.security_scheme);
            EXPECT_EQ(info.dwMessageSize, e.message_size);
            EXPECT_EQ(info.dwProviderReserved, e.provider_reserved);
        };
        check(w[i]);
        check(a[i]);
        const std::string name(e.name.begin(), e.name.end());  // ASCII names
        EXPECT_EQ(narrow(w[i].szProtocol), name);
        EXPECT_STREQ(a[i].szProtocol, name.c_str());
        // The rest of szProtocol is NUL-padded.
        for (std::size_t k = name.size(); k <= WSAPROTOCOL_LEN; ++k) {
            EXPECT_EQ(w[i].szProtocol[k], 0);
            EXPECT_EQ(a[i].szProtocol[k], 0);
        }
    }
}

TEST_F(WinsockApi, EnumWritesIntoAnUnalignedBuffer) {
    start();
    DWORD len = visible_entries * sizeof(WSAPROTOCOL_INFOW);
    std::vector<unsigned char> bytes(len + 1);
    // Deliberately misaligned: the entry point copies bytewise.
    auto* buffer = reinterpret_cast<WSAPROTOCOL_INFOW*>(bytes.data() + 1);
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, buffer, &len), visible_entries);
    WSAPROTOCOL_INFOW first;
    std::memcpy(&first, bytes.data() + 1, sizeof first);
    EXPECT_EQ(first.dwCatalogEntryId, 1001u);
    EXPECT_EQ(narrow(first.szProtocol), "MSAFD Tcpip [TCP/IP]");
}

// ---- Byte order and last error ---------------------------------------------

TEST_F(WinsockApi, ByteOrderFunctionsHave32BitSemantics) {
    EXPECT_EQ(WS_htons(0x1234), 0x3412);
    EXPECT_EQ(WS_ntohs(0xBEEF), 0xEFBE);
    EXPECT_EQ(WS_htonl(0x12345678UL), 0x78563412UL);
    EXPECT_EQ(WS_ntohl(0x78563412UL), 0x12345678UL);
    EXPECT_EQ(WS_htonl(0xFFFFFFFF00000080UL), 0x80000000UL);  // low 32 bits, zero-extended
    EXPECT_EQ(WS_ntohl(0x80UL), 0x80000000UL);
    EXPECT_EQ(WS_htonl(0xFFFFFFFFUL), 0xFFFFFFFFUL);
}

TEST_F(WinsockApi, WsaByteOrderFunctionsCheckStartupPointerThenSocket) {
    WS_u_short s = 1;
    WS_u_long l = 1;
    EXPECT_EQ(WSAHtons(1, 2, &s), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    EXPECT_EQ(WSANtohl(1, 2, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    start();
    EXPECT_EQ(WSAHtonl(1, 2, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(WSANtohs(INVALID_SOCKET, 2, nullptr), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    // No socket exists yet: every handle is WSAENOTSOCK.
    EXPECT_EQ(WSAHtons(1, 2, &s), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(WSAHtonl(INVALID_SOCKET, 2, &l), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(WSANtohs(0, 2, &s), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(WSANtohl(42, 2, &l), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
    EXPECT_EQ(s, 1);
    EXPECT_EQ(l, 1u);
}

TEST_F(WinsockApi, LastErrorIsPerThread) {
    WSASetLastError(WSAEINVAL);
    int in_thread_before = -1;
    int in_thread_after = -1;
    std::thread t([&] {
        in_thread_before = WSAGetLastError();
        WSASetLastError(WSAECONNRESET);
        in_thread_after = WSAGetLastError();
    });
    t.join();
    EXPECT_EQ(in_thread_before, 0);
    EXPECT_EQ(in_thread_after, WSAECONNRESET);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
    WSASetLastError(-7);  // any int, as on Windows
    EXPECT_EQ(WSAGetLastError(), -7);
}

TEST_F(WinsockApi, SuccessfulCallsSetLastErrorZero) {
    WSASetLastError(WSAEINVAL);
    start();
    EXPECT_EQ(WSAGetLastError(), 0);
    WSASetLastError(WSAEINVAL);
    enumerate<WSAPROTOCOL_INFOW>(WSAEnumProtocolsW);
    EXPECT_EQ(WSAGetLastError(), 0);
}

}  // namespace
