// The Winsock numbers the provider uses, checked against the spec's tables
// (so a typo in wsa_constants.hpp shows): WSAE* = WSABASEERR + n, the values
// that differ from Linux, the WSAPROTOCOL_INFO constants and struct sizes.
//
// Spec: shared/spec/winsock-catalog.md §1.1-§1.4, §1.6, §1.8, §1.9; seed
// WSASocketA.ko.txt (AF_*, SOCK_*, IPPROTO_*, WSA_FLAG_*, SG_* tables).
#include <sluice/provider/wsa_constants.hpp>

#include <gtest/gtest.h>

namespace sluice::provider {
namespace {

TEST(WsaConstants, ErrorsAreWsabaseerrPlusN) {
    EXPECT_EQ(err::wsaeinval, err::wsabaseerr + 22);
    EXPECT_EQ(err::wsaefault, err::wsabaseerr + 14);
    EXPECT_EQ(err::wsaeprototype, err::wsabaseerr + 41);
    EXPECT_EQ(err::wsaeprotonosupport, err::wsabaseerr + 43);
    EXPECT_EQ(err::wsaesocktnosupport, err::wsabaseerr + 44);
    EXPECT_EQ(err::wsaeafnosupport, err::wsabaseerr + 47);
    EXPECT_EQ(err::wsaenobufs, err::wsabaseerr + 55);
    EXPECT_EQ(err::wsasysnotready, 10091);
    EXPECT_EQ(err::wsavernotsupported, 10092);
    EXPECT_EQ(err::wsanotinitialised, 10093);
    EXPECT_EQ(err::wsaeinvalidprovider, 10105);
    EXPECT_EQ(err::wsatry_again, 11002);
    EXPECT_EQ(err::wsa_qos_reserved_petype, 11031);
    EXPECT_EQ(err::wsa_io_pending, 997);
}

TEST(WsaConstants, SeedFamiliesTypesProtocols) {
    EXPECT_EQ(af::unspec, 0);
    EXPECT_EQ(af::inet, 2);
    EXPECT_EQ(af::ipx, 6);
    EXPECT_EQ(af::appletalk, 16);
    EXPECT_EQ(af::netbios, 17);
    EXPECT_EQ(af::inet6, 23);
    EXPECT_EQ(af::irda, 26);
    EXPECT_EQ(af::bth, 32);
    EXPECT_EQ(sock::stream, 1);
    EXPECT_EQ(sock::dgram, 2);
    EXPECT_EQ(sock::raw, 3);
    EXPECT_EQ(sock::rdm, 4);
    EXPECT_EQ(sock::seqpacket, 5);
    EXPECT_EQ(ipproto::icmp, 1);
    EXPECT_EQ(ipproto::igmp, 2);
    EXPECT_EQ(ipproto::tcp, 6);
    EXPECT_EQ(ipproto::udp, 17);
    EXPECT_EQ(ipproto::icmpv6, 58);
    EXPECT_EQ(ipproto::rm, 113);
    EXPECT_EQ(ipproto::raw, 255);
}

TEST(WsaConstants, SeedFlagsAndGroups) {
    EXPECT_EQ(wsa_flag::overlapped, 0x01u);
    EXPECT_EQ(wsa_flag::multipoint_c_root, 0x02u);
    EXPECT_EQ(wsa_flag::multipoint_c_leaf, 0x04u);
    EXPECT_EQ(wsa_flag::multipoint_d_root, 0x08u);
    EXPECT_EQ(wsa_flag::multipoint_d_leaf, 0x10u);
    EXPECT_EQ(wsa_flag::access_system_security, 0x40u);
    EXPECT_EQ(wsa_flag::no_handle_inherit, 0x80u);
    EXPECT_EQ(wsa_flag::registered_io, 0x100u);
    EXPECT_EQ(sg::unconstrained_group, 0x01u);
    EXPECT_EQ(sg::constrained_group, 0x02u);
}

TEST(WsaConstants, ProviderFlagsAndProtocolInfo) {
    EXPECT_EQ(pfl::hidden, 0x4u);
    EXPECT_EQ(pfl::matches_protocol_zero, 0x8u);
    EXPECT_EQ(xp1::support_multipoint, 0x400u);
    EXPECT_EQ(xp1::multipoint_control_plane, 0x800u);
    EXPECT_EQ(xp1::multipoint_data_plane, 0x1000u);
    EXPECT_EQ(xp1::ifs_handles, 0x20000u);
    EXPECT_EQ(from_protocol_info, -1);
    EXPECT_EQ(wsaprotocol_len, 255u);
    EXPECT_EQ(max_protocol_chain, 7);
    EXPECT_EQ(base_protocol, 1);
    EXPECT_EQ(layered_protocol, 0);
    EXPECT_EQ(bigendian, 0);
    EXPECT_EQ(littleendian, 1);
    EXPECT_EQ(protocol_info_a_size, 372u);
    EXPECT_EQ(protocol_info_w_size, 628u);
    EXPECT_EQ(socket_error, -1);
    EXPECT_EQ(wsadescription_len, 256u);
    EXPECT_EQ(wsasys_status_len, 128u);
}

}  // namespace
}  // namespace sluice::provider
