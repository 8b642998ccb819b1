// tests/conformance/protocol_info_check.hpp: the check of WS-SOCK-02, which
// the spec also files as WS-OPT-17 (one fact, two ids, a test under each).
#ifndef SLUICE_TESTS_CONFORMANCE_PROTOCOL_INFO_CHECK_HPP
#define SLUICE_TESTS_CONFORMANCE_PROTOCOL_INFO_CHECK_HPP

#include <sluice/winsock2.h>

#include "conformance.hpp"

#include <cstddef>
#include <cstring>
#include <string>

namespace conformance {

// SO_PROTOCOL_INFOA and SO_PROTOCOL_INFOW of IPv4 TCP and UDP sockets: equal
// up to szProtocol, the same non-empty name, the creation triple, optlen =
// sizeof(struct). (The AF_INET6 rows of the fact come with IPv6.)
inline void check_protocol_info_a_w() {
    struct Triple {
        int af, type, protocol;
    };
    for (const Triple t : {Triple{AF_INET, SOCK_STREAM, IPPROTO_TCP}, Triple{AF_INET, SOCK_DGRAM, IPPROTO_UDP}}) {
        SCOPED_TRACE(t.type == SOCK_STREAM ? "TCP" : "UDP");
        Sock s(socket(t.af, t.type, t.protocol));
        ASSERT_TRUE(s.valid()) << "error " << WSAGetLastError();

        WSAPROTOCOL_INFOA a;
        std::memset(&a, 0, sizeof a);
        int size = sizeof a;
        ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, opt(&a), &size), 0) << WSAGetLastError();
        EXPECT_EQ(size, static_cast<int>(sizeof(WSAPROTOCOL_INFOA)));

        WSAPROTOCOL_INFOW w;
        std::memset(&w, 0, sizeof w);
        size = sizeof w;
        ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, opt(&w), &size), 0) << WSAGetLastError();
        EXPECT_EQ(size, static_cast<int>(sizeof(WSAPROTOCOL_INFOW)));

        EXPECT_NE(a.szProtocol[0], '\0');
        EXPECT_NE(w.szProtocol[0], 0);
        std::string narrowed;
        for (const WCHAR* c = w.szProtocol; *c != 0; ++c) narrowed.push_back(static_cast<char>(*c));
        EXPECT_EQ(narrowed, std::string(a.szProtocol));
        EXPECT_EQ(std::memcmp(&a, &w, offsetof(WSAPROTOCOL_INFOA, szProtocol)), 0);

        EXPECT_EQ(a.iAddressFamily, t.af);
        EXPECT_EQ(a.iSocketType, t.type);
        EXPECT_EQ(a.iProtocol, t.protocol);
    }
}

}  // namespace conformance

#endif  // SLUICE_TESTS_CONFORMANCE_PROTOCOL_INFO_CHECK_HPP
