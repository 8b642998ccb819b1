// The seed's WSASocket error table (shared/seeds/WSASocketA.ko.txt, "반환 값"):
// every code that can arise on Linux, produced by a call. The codes that
// cannot arise here are listed in docs/winsock-conformance.md with the
// reason (WSAENETDOWN, WSAEINPROGRESS, WSAEINVALIDPROVIDER,
// WSAEINVALIDPROCTABLE, WSAEPROVIDERFAILEDINIT, WSAEPROTOTYPE; WSAENOBUFS
// only on a failed allocation). Also: dwFlags are recorded and observable
// (sluice_socket_flags), socket() is WSASocket with WSA_FLAG_OVERLAPPED.
#include <sluice/sluice.h>
#include <sluice/winsock2.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

class WsaSocketErrors : public ::testing::Test {
protected:
    void start(const char* config = nullptr) {
        ASSERT_EQ(sluice_set_config(config), 0) << sluice_config_error();
        WSADATA data;
        ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
        started_ = true;
    }
    void TearDown() override {
        if (started_) {
            EXPECT_EQ(WSACleanup(), 0);
        }
        sluice_set_config(nullptr);
    }
    static int error_of(SOCKET s) {
        const int e = WSAGetLastError();
        if (s != INVALID_SOCKET) closesocket(s);
        return s == INVALID_SOCKET ? e : 0;
    }
    bool started_ = false;
};

TEST_F(WsaSocketErrors, NotInitialised) {
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0)), WSANOTINITIALISED);
    EXPECT_EQ(error_of(WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0)), WSANOTINITIALISED);
}

TEST_F(WsaSocketErrors, FamilyTypeProtocol) {
    start();
    EXPECT_EQ(error_of(WSASocketA(99, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, 0)), WSAEAFNOSUPPORT);
    EXPECT_EQ(error_of(WSASocketA(AF_INET, 9, 0, nullptr, 0, 0)), WSAESOCKTNOSUPPORT);
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_UDP, nullptr, 0, 0)), WSAEPROTONOSUPPORT);
    EXPECT_EQ(error_of(WSASocketA(0, SOCK_DGRAM, 0, nullptr, 0, 0)), WSAEINVAL);  // af 0 and protocol 0
}

TEST_F(WsaSocketErrors, FaultForAProtocolInfoOutsideTheAddressSpace) {
    start();
    EXPECT_EQ(error_of(WSASocketA(0, 0, 0, reinterpret_cast<LPWSAPROTOCOL_INFOA>(1), 0, 0)), WSAEFAULT);
    EXPECT_EQ(error_of(WSASocketW(0, 0, 0, reinterpret_cast<LPWSAPROTOCOL_INFOW>(16), 0, 0)), WSAEFAULT);
}

TEST_F(WsaSocketErrors, InvalidGroupProtocolInfoAndFlags) {
    start();
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 12345, 0)), WSAEINVAL);  // no such group
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, SG_CONSTRAINED_GROUP, 0)), WSAEINVAL);
    WSAPROTOCOL_INFOA info{};
    info.dwCatalogEntryId = 4242;  // not in the catalog
    EXPECT_EQ(error_of(WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0)), WSAEINVAL);
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, WSA_FLAG_MULTIPOINT_C_ROOT)), WSAEINVAL);
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_MULTIPOINT_C_LEAF)), WSAEINVAL);
}

TEST_F(WsaSocketErrors, NoMoreDescriptors) {
    start("max_sockets = 8\n");
    std::vector<SOCKET> open;
    for (int i = 0; i < 8; ++i) {
        const SOCKET s = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0);
        ASSERT_NE(s, INVALID_SOCKET) << WSAGetLastError();
        open.push_back(s);
    }
    EXPECT_EQ(error_of(WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0)), WSAEMFILE);
    EXPECT_EQ(error_of(socket(AF_INET, SOCK_STREAM, 0)), WSAEMFILE);
    ASSERT_EQ(closesocket(open.back()), 0);
    open.pop_back();
    const SOCKET again = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0);
    EXPECT_NE(again, INVALID_SOCKET) << WSAGetLastError();
    open.push_back(again);
    for (SOCKET s : open) EXPECT_EQ(closesocket(s), 0);
}

TEST_F(WsaSocketErrors, FlagsAreRecordedAndObservable) {
    start();
    unsigned flags = 0xdead;
    const SOCKET plain = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0);
    ASSERT_EQ(sluice_socket_flags(plain, &flags), 0);
    EXPECT_EQ(flags, 0u);
    const SOCKET marked = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0,
                                     WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    ASSERT_EQ(sluice_socket_flags(marked, &flags), 0);
    EXPECT_EQ(flags, static_cast<unsigned>(WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT));
    const SOCKET bsd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);  // overlapped, as on Windows
    ASSERT_EQ(sluice_socket_flags(bsd, &flags), 0);
    EXPECT_EQ(flags, static_cast<unsigned>(WSA_FLAG_OVERLAPPED));
    EXPECT_EQ(sluice_socket_flags(bsd, nullptr), WSAEFAULT);
    for (SOCKET s : {plain, marked, bsd}) EXPECT_EQ(closesocket(s), 0);
    EXPECT_EQ(sluice_socket_flags(bsd, &flags), WSAENOTSOCK);
}

}  // namespace
