// WSASocket selection beyond the plain matrix: lpProtocolInfo precedence,
// PFL_MATCHES_PROTOCOL_ZERO, raw entries, families of other installed
// providers, layered entries, dwFlags, groups, socket(), and the seed page's
// example command lines.
//
// Spec: shared/spec/winsock-behaviour.md WS-SOCK-01, 05..10, WS-ENUM-06;
// shared/spec/winsock-catalog.md §3a, §4a, §4d, §4f, §5.3; seed
// WSASocketA.ko.txt (flags, groups, error codes, example program).
#include "provider_test_support.hpp"

#include <sluice/provider/enumeration.hpp>
#include <sluice/provider/selection.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace sluice::provider {
namespace {

using test::make_entry;

class Selection : public ::testing::Test {
protected:
    Result<SocketSelection> select(int af, int type, int protocol,
                                   const ProtocolEntry* info = nullptr, GroupId g = 0,
                                   std::uint32_t flags = 0) const {
        SocketRequest r;
        r.af = af;
        r.type = type;
        r.protocol = protocol;
        r.protocol_info = info;
        r.group = g;
        r.flags = flags;
        return select_socket(catalog, groups, r);
    }

    /// What Wine's test passes as lpProtocolInfo: the first entry of
    /// WSAEnumProtocols({IPPROTO_TCP, 0}) (WS-ENUM-06), copied.
    ProtocolEntry enumerated_tcp_info() const {
        const std::array<int, 2> filter{ipproto::tcp, 0};
        const auto listed = listed_entries(catalog, zero_terminated_filter(filter.data()));
        EXPECT_FALSE(listed.empty());
        return *listed.front();
    }

    Catalog catalog = Catalog::with_base_entries();
    GroupTable groups;
};

// --- lpProtocolInfo ---------------------------------------------------------

TEST_F(Selection, WS_SOCK_05_FromProtocolInfoTakesTheStructure) {
    const ProtocolEntry info = enumerated_tcp_info();
    const auto r = select(from_protocol_info, from_protocol_info, from_protocol_info, &info);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1001u);
    EXPECT_EQ(r.value().af, af::inet);
    EXPECT_EQ(r.value().type, sock::stream);
    EXPECT_EQ(r.value().protocol, ipproto::tcp);
}

TEST_F(Selection, WS_SOCK_06_ZeroArgsTakeStructMinusOneIsAfnosupport) {
    ProtocolEntry info = enumerated_tcp_info();
    info.address_family = -1;
    info.socket_type = -1;
    info.protocol = -1;
    EXPECT_EQ(select(0, 0, ipproto::udp, &info).error(), err::wsaeafnosupport);
}

TEST_F(Selection, WS_SOCK_06_StructTripleAllZeroIsAfnosupport) {
    ProtocolEntry info = enumerated_tcp_info();
    info.address_family = 0;
    info.socket_type = 0;
    info.protocol = 0;
    EXPECT_EQ(select(0, 0, ipproto::udp, &info).error(), err::wsaeafnosupport);
}

TEST_F(Selection, WS_SOCK_06_ZeroArgsTakeUdpTripleFromStruct) {
    ProtocolEntry info = enumerated_tcp_info();  // the TCP entry's catalog id
    info.address_family = af::inet;
    info.socket_type = sock::dgram;
    info.protocol = ipproto::udp;
    const auto r = select(0, 0, 0, &info);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().type, sock::dgram);
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1002u);  // re-mapped within the provider
}

TEST_F(Selection, WS_SOCK_06_ExplicitArgsWinOverStruct) {
    ProtocolEntry info = enumerated_tcp_info();
    info.address_family = af::inet;
    info.socket_type = sock::dgram;
    info.protocol = ipproto::udp;
    const auto r = select(af::inet, sock::stream, ipproto::tcp, &info);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().type, sock::stream);
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1001u);
}

TEST_F(Selection, WS_SOCK_01_AllZeroArgsWithDuplicatedInfo) {
    const ProtocolEntry info = *catalog.find_by_id(1002);  // what WSADuplicateSocket returns
    const auto r = select(0, 0, 0, &info);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1002u);
    EXPECT_EQ(r.value().af, af::inet);
    EXPECT_EQ(r.value().type, sock::dgram);
    EXPECT_EQ(r.value().protocol, ipproto::udp);
}

TEST_F(Selection, ProtocolInfoKeepsTheNamedEntryWhenItMatches) {
    // A second IPv4 TCP entry of the same provider (e.g. a QoS variant): a
    // struct naming it must create the socket through it, not through 1001.
    auto qos_tcp = make_entry(af::inet, sock::stream, ipproto::tcp,
                              0x00020066 | xp1::qos_supported, pfl::matches_protocol_zero,
                              msafd_tcpip_ipv4_provider);
    const auto id = catalog.install(qos_tcp);
    ASSERT_TRUE(id.ok());
    ProtocolEntry info = qos_tcp;
    info.catalog_entry_id = id.value();
    const auto r = select(from_protocol_info, from_protocol_info, from_protocol_info, &info);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, id.value());
    // Without the struct, catalog order still picks 1001.
    EXPECT_EQ(select(af::inet, sock::stream, ipproto::tcp).value().entry->catalog_entry_id, 1001u);
}

TEST_F(Selection, ProtocolInfoUnknownCatalogIdIsEinval) {
    ProtocolEntry info = enumerated_tcp_info();
    info.catalog_entry_id = 4242;
    EXPECT_EQ(select(0, 0, 0, &info).error(), err::wsaeinval);
}

TEST_F(Selection, ProtocolInfoOfRemovedEntryIsEinval) {
    const ProtocolEntry info = enumerated_tcp_info();
    ASSERT_EQ(catalog.remove(info.catalog_entry_id), 0);
    EXPECT_EQ(select(0, 0, 0, &info).error(), err::wsaeinval);
}

TEST_F(Selection, ProtocolInfoNamingLayeredEntryIsEinval) {
    auto layered = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    layered.protocol_chain.length = layered_protocol;
    const auto id = catalog.install(layered);
    ASSERT_TRUE(id.ok());
    ProtocolEntry info = layered;
    info.catalog_entry_id = id.value();
    EXPECT_EQ(select(0, 0, 0, &info).error(), err::wsaeinval);
}

TEST_F(Selection, ProtocolInfoFamilyOutsideProviderIsAfnosupport) {
    // The IPv4 MSAFD GUID has no AF_INET6 entry: validated within the provider (§5.3 2c).
    const ProtocolEntry info = enumerated_tcp_info();
    EXPECT_EQ(select(af::inet6, 0, 0, &info).error(), err::wsaeafnosupport);
}

TEST_F(Selection, ProtocolInfoTypeOutsideProviderIsSocktnosupport) {
    const ProtocolEntry info = enumerated_tcp_info();
    EXPECT_EQ(select(af::inet, sock::seqpacket, 0, &info).error(), err::wsaesocktnosupport);
}

TEST_F(Selection, ProtocolInfoTypeOfAnotherFamilyIsSocktnosupport) {
    // The provider has SOCK_SEQPACKET, but only for AF_IPX: for AF_INET the
    // type is missing, so the deepest match is the family.
    const auto inet = catalog.install(make_entry(af::inet, sock::stream, ipproto::tcp,
                                                 test::stream_service, pfl::matches_protocol_zero,
                                                 test::test_provider_b));
    ASSERT_TRUE(catalog.install(make_entry(af::ipx, sock::seqpacket, test::nsproto_spx,
                                           test::stream_service, pfl::matches_protocol_zero,
                                           test::test_provider_b)).ok());
    ASSERT_TRUE(inet.ok());
    ProtocolEntry info = *catalog.find_by_id(inet.value());
    EXPECT_EQ(select(af::inet, sock::seqpacket, test::nsproto_spx, &info).error(),
              err::wsaesocktnosupport);
    const auto spx = select(af::ipx, sock::seqpacket, test::nsproto_spx, &info);
    ASSERT_TRUE(spx.ok()) << spx.error();
    EXPECT_EQ(spx.value().af, af::ipx);
}

TEST_F(Selection, ProtocolInfoProtocolOutsideTypeIsProtonosupport) {
    const ProtocolEntry info = enumerated_tcp_info();
    EXPECT_EQ(select(0, 0, ipproto::udp, &info).error(), err::wsaeprotonosupport);  // TCP + UDP
}

TEST_F(Selection, ProtocolInfoDoesNotLeaveTheProvider) {
    // A v6 struct asking for AF_INET must not fall back to the IPv4 provider.
    const ProtocolEntry info = *catalog.find_by_id(1004);
    EXPECT_EQ(select(af::inet, 0, 0, &info).error(), err::wsaeafnosupport);
}

// --- PFL_MATCHES_PROTOCOL_ZERO and defaults --------------------------------

TEST_F(Selection, WS_SOCK_07_ProtocolZeroTakesFirstMatchesProtocolZeroEntry) {
    // An AF_INET entry without PFL_MATCHES_PROTOCOL_ZERO placed first is skipped.
    const auto id = catalog.install(
        make_entry(af::inet, sock::dgram, ipproto::udp, test::datagram_service, 0));
    ASSERT_TRUE(id.ok());
    const std::array<CatalogId, 7> order{id.value(), 1001, 1002, 1003, 1004, 1005, 1006};
    ASSERT_EQ(catalog.write_order(order), 0);
    const auto r = select(af::inet, 0, 0);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1001u);
    EXPECT_EQ(r.value().type, sock::stream);
    // ... while a non-zero protocol may still pick it.
    EXPECT_EQ(select(af::inet, 0, ipproto::udp).value().entry->catalog_entry_id, id.value());
}

TEST_F(Selection, WS_SOCK_07_NoMatchesProtocolZeroEntryIsProtonosupport) {
    Catalog bare;
    ASSERT_TRUE(bare.install(make_entry(af::inet, sock::stream, ipproto::tcp,
                                        test::stream_service, 0)).ok());
    SocketRequest r;
    r.af = af::inet;
    EXPECT_EQ(select_socket(bare, groups, r).error(), err::wsaeprotonosupport);
}

TEST_F(Selection, WS_SOCK_08_TypeFromFirstEntryWithProtocol) {
    EXPECT_EQ(select(0, 0, ipproto::tcp).value().type, sock::stream);
    EXPECT_EQ(select(0, 0, ipproto::udp).value().type, sock::dgram);
    EXPECT_EQ(select(0, 0, ipproto::tcp).value().af, af::inet);
}

TEST_F(Selection, FirstMatchFollowsCatalogOrder) {
    // An installation listing IPv6 first (§2.1) makes AF_UNSPEC pick IPv6.
    const std::array<CatalogId, 6> v6_first{1004, 1005, 1006, 1001, 1002, 1003};
    ASSERT_EQ(catalog.write_order(v6_first), 0);
    EXPECT_EQ(select(0, sock::stream, ipproto::tcp).value().af, af::inet6);
    EXPECT_EQ(select(0, 0, ipproto::udp).value().entry->catalog_entry_id, 1005u);
}

// --- raw entries --------------------------------------------------------------

TEST_F(Selection, WS_SOCK_09_RawEntryIsHiddenButSelectable) {
    const auto r = select(af::inet, sock::raw, ipproto::icmp);
    ASSERT_TRUE(r.ok()) << r.error();
    const ProtocolEntry& e = *r.value().entry;
    EXPECT_TRUE(e.is_hidden());
    EXPECT_EQ(e.address_family, af::inet);
    EXPECT_EQ(e.socket_type, sock::raw);
    EXPECT_EQ(e.max_sockaddr, 16);
    EXPECT_EQ(e.min_sockaddr, 16);
    EXPECT_EQ(e.protocol, 0);
    EXPECT_EQ(e.protocol_max_offset, 255);
    EXPECT_EQ(e.provider_flags, pfl::matches_protocol_zero | pfl::hidden);
    EXPECT_EQ(e.service_flags1, xp1::ifs_handles | xp1::support_broadcast |
                                    xp1::support_multipoint | xp1::message_oriented |
                                    xp1::connectionless);
    EXPECT_EQ(r.value().protocol, ipproto::icmp);  // the socket keeps the asked protocol
}

TEST_F(Selection, WS_SOCK_09_RawRangeCoversTcpAndIpprotoRaw) {
    EXPECT_EQ(select(0, 0, ipproto::raw).value().type, sock::raw);
    EXPECT_EQ(select(af::inet, sock::raw, ipproto::tcp).value().type, sock::raw);
    EXPECT_EQ(select(af::inet6, sock::raw, ipproto::icmpv6).value().entry->catalog_entry_id,
              1006u);
    EXPECT_EQ(select(af::inet, sock::raw, 256).error(), err::wsaeprotonosupport);
}

// --- other providers' families (WS-SOCK-10) ---------------------------------

TEST_F(Selection, WS_SOCK_10_UninstalledFamiliesAreAfnosupport) {
    EXPECT_EQ(select(af::ipx, sock::dgram, test::nsproto_ipx).error(), err::wsaeafnosupport);
    EXPECT_EQ(select(af::bth, sock::stream, test::bthproto_rfcomm).error(),
              err::wsaeafnosupport);
}

TEST_F(Selection, WS_SOCK_10_InstalledBluetoothRules) {
    const auto bth = catalog.install(make_entry(af::bth, sock::stream, test::bthproto_rfcomm,
                                                test::stream_service, 0, test::test_provider_a));
    ASSERT_TRUE(bth.ok());
    // SOCK_DGRAM exists (UDP) but not for AF_BTH: Windows says WSAEAFNOSUPPORT.
    EXPECT_EQ(select(af::bth, sock::dgram, test::bthproto_rfcomm).error(),
              err::wsaeafnosupport);
    // af derived from protocol when the type is given.
    const auto r = select(0, sock::stream, test::bthproto_rfcomm);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, bth.value());
    EXPECT_EQ(r.value().af, af::bth);
}

TEST_F(Selection, WS_SOCK_10_InstalledIpxRules) {
    const auto ipx = catalog.install(make_entry(af::ipx, sock::dgram, test::nsproto_ipx,
                                                test::datagram_service, pfl::matches_protocol_zero,
                                                test::test_provider_b, 255));
    const auto spx = catalog.install(make_entry(af::ipx, sock::seqpacket, test::nsproto_spx,
                                                test::stream_service, pfl::matches_protocol_zero,
                                                test::test_provider_b));
    // NWLink also listed SPX as a SOCK_STREAM "[Pseudo-Stream]" entry.
    const auto spx_stream = catalog.install(make_entry(af::ipx, sock::stream, test::nsproto_spx,
                                                       test::stream_service, 0,
                                                       test::test_provider_b));
    ASSERT_TRUE(ipx.ok() && spx.ok() && spx_stream.ok());
    EXPECT_EQ(select(af::ipx, sock::stream, test::nsproto_ipx).error(), err::wsaeprotonosupport);
    for (int offset = 0; offset <= 255; offset += 17) {
        const auto r = select(0, 0, test::nsproto_ipx + offset);
        ASSERT_TRUE(r.ok()) << offset;
        EXPECT_EQ(r.value().entry->catalog_entry_id, ipx.value());
        EXPECT_EQ(r.value().type, sock::dgram);
        EXPECT_EQ(r.value().protocol, test::nsproto_ipx + offset);
    }
}

// --- layered entries and chains (§4d) -------------------------------------

TEST_F(Selection, LayeredEntriesAreNeverSelectedNorPartialMatches) {
    auto layered = make_entry(af::appletalk, sock::rdm, 77, test::stream_service);
    layered.protocol_chain.length = layered_protocol;
    ASSERT_TRUE(catalog.install(layered).ok());
    // Only a layered entry has AF_APPLETALK / SOCK_RDM: they count as absent.
    EXPECT_EQ(select(af::appletalk, sock::stream, ipproto::tcp).error(), err::wsaeafnosupport);
    EXPECT_EQ(select(af::inet, sock::rdm, 0).error(), err::wsaesocktnosupport);
}

TEST_F(Selection, LayeredEntryPlacedFirstIsSkipped) {
    // An LSP's ChainLen-0 entry mirrors TCP/IP and sits first; only its chain
    // entries may be selected, never the layered entry itself.
    auto layered = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    layered.protocol_chain.length = layered_protocol;
    const auto id = catalog.install(layered);
    ASSERT_TRUE(id.ok());
    const std::array<CatalogId, 7> order{id.value(), 1001, 1002, 1003, 1004, 1005, 1006};
    ASSERT_EQ(catalog.write_order(order), 0);
    EXPECT_EQ(select(af::inet, sock::stream, 0).value().entry->catalog_entry_id, 1001u);
    EXPECT_EQ(select(0, 0, ipproto::tcp).value().entry->catalog_entry_id, 1001u);
}

TEST_F(Selection, ProtocolChainPlacedFirstIsSelected) {
    auto chain = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    chain.protocol_chain.length = 2;
    chain.protocol_chain.entries = {2001, 1001, 0, 0, 0, 0, 0};
    const auto id = catalog.install(chain);
    ASSERT_TRUE(id.ok());
    const std::array<CatalogId, 7> order{id.value(), 1001, 1002, 1003, 1004, 1005, 1006};
    ASSERT_EQ(catalog.write_order(order), 0);
    EXPECT_EQ(select(af::inet, sock::stream, 0).value().entry->catalog_entry_id, id.value());
}

// --- dwFlags ----------------------------------------------------------------

TEST_F(Selection, OverlappedAndNoHandleInheritAreRecorded) {
    const auto plain = select(af::inet, sock::stream, 0);
    EXPECT_FALSE(plain.value().overlapped);  // WSASocket default: not overlapped (seed)
    EXPECT_FALSE(plain.value().no_handle_inherit);
    const auto both = select(af::inet, sock::stream, 0, nullptr, 0,
                             wsa_flag::overlapped | wsa_flag::no_handle_inherit);
    ASSERT_TRUE(both.ok());
    EXPECT_TRUE(both.value().overlapped);
    EXPECT_TRUE(both.value().no_handle_inherit);
    EXPECT_EQ(both.value().flags, wsa_flag::overlapped | wsa_flag::no_handle_inherit);
}

TEST_F(Selection, UnknownFlagBitsAreIgnoredAndPassedThrough) {
    const std::uint32_t flags = wsa_flag::overlapped | 0x200 | 0x80000000u;
    const auto r = select(af::inet, sock::stream, 0, nullptr, 0, flags);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().flags, flags);
    EXPECT_TRUE(r.value().overlapped);
}

TEST_F(Selection, SeedMultipointFlagsNeedXp1SupportMultipoint) {
    for (const std::uint32_t f : {wsa_flag::multipoint_c_root, wsa_flag::multipoint_c_leaf,
                                  wsa_flag::multipoint_d_root, wsa_flag::multipoint_d_leaf}) {
        EXPECT_EQ(select(af::inet, sock::stream, ipproto::tcp, nullptr, 0, f).error(),
                  err::wsaeinval)
            << f;
    }
}

TEST_F(Selection, SeedUdpIsNonRootedLeafOnly) {
    EXPECT_TRUE(select(af::inet, sock::dgram, 0, nullptr, 0,
                       wsa_flag::overlapped | wsa_flag::multipoint_c_leaf |
                           wsa_flag::multipoint_d_leaf)
                    .ok());
    EXPECT_EQ(select(af::inet, sock::dgram, 0, nullptr, 0, wsa_flag::multipoint_c_root).error(),
              err::wsaeinval);
    EXPECT_EQ(select(af::inet, sock::dgram, 0, nullptr, 0, wsa_flag::multipoint_d_root).error(),
              err::wsaeinval);
}

TEST(SocketFlags, SeedRootedPlanesAcceptRootsRejectLeavesAndPairs) {
    const auto rooted = make_entry(af::inet, sock::dgram, ipproto::udp,
                                   xp1::support_multipoint | xp1::multipoint_control_plane |
                                       xp1::multipoint_data_plane);
    EXPECT_EQ(check_socket_flags(rooted, wsa_flag::multipoint_c_root), 0);
    EXPECT_EQ(check_socket_flags(rooted, wsa_flag::multipoint_d_root), 0);
    EXPECT_EQ(check_socket_flags(rooted, wsa_flag::multipoint_c_root | wsa_flag::multipoint_d_root),
              0);
    EXPECT_EQ(check_socket_flags(rooted, wsa_flag::multipoint_c_leaf), err::wsaeinval);
    EXPECT_EQ(check_socket_flags(rooted, wsa_flag::multipoint_d_leaf), err::wsaeinval);
}

TEST(SocketFlags, SeedOnlyOneOfRootAndLeafPerPlane) {
    const auto rooted = make_entry(af::inet, sock::dgram, ipproto::udp,
                                   xp1::support_multipoint | xp1::multipoint_control_plane |
                                       xp1::multipoint_data_plane);
    const auto leafy = make_entry(af::inet, sock::dgram, ipproto::udp, xp1::support_multipoint);
    for (const auto* e : {&rooted, &leafy}) {
        EXPECT_EQ(check_socket_flags(*e, wsa_flag::multipoint_c_root | wsa_flag::multipoint_c_leaf),
                  err::wsaeinval);
        EXPECT_EQ(check_socket_flags(*e, wsa_flag::multipoint_d_root | wsa_flag::multipoint_d_leaf),
                  err::wsaeinval);
    }
}

TEST(SocketFlags, NonMultipointFlagsNeedNoCapability) {
    const auto tcp = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    EXPECT_EQ(check_socket_flags(tcp, wsa_flag::overlapped | wsa_flag::no_handle_inherit |
                                          wsa_flag::access_system_security |
                                          wsa_flag::registered_io),
              0);
}

// --- groups in selection ----------------------------------------------------

TEST_F(Selection, SeedConstrainedGroupNeedsConnectionOrientedEntry) {
    EXPECT_EQ(select(af::inet, sock::dgram, 0, nullptr, sg::constrained_group).error(),
              err::wsaeinval);
    EXPECT_TRUE(select(af::inet, sock::stream, 0, nullptr, sg::constrained_group).ok());
    EXPECT_TRUE(select(af::inet, sock::dgram, 0, nullptr, sg::unconstrained_group).ok());
}

TEST_F(Selection, SeedUnknownGroupIdIsEinval) {
    EXPECT_EQ(select(af::inet, sock::stream, 0, nullptr, 12345).error(), err::wsaeinval);
}

TEST_F(Selection, ExistingGroupIsJoinableAndRecorded) {
    const auto id = groups.add_member(sg::unconstrained_group, *catalog.find_by_id(1001),
                                      sock::stream, ipproto::tcp, 1);
    ASSERT_TRUE(id.ok());
    const auto r = select(af::inet, sock::dgram, 0, nullptr, id.value());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().group, id.value());
    // The IPv6 entries belong to another provider GUID.
    EXPECT_EQ(select(af::inet6, sock::stream, 0, nullptr, id.value()).error(), err::wsaeinval);
}

TEST_F(Selection, TripleErrorsComeBeforeGroupErrors) {
    // The group check needs the chosen entry, so a bad triple is reported first.
    EXPECT_EQ(select(af::inet, sock::stream, ipproto::udp, nullptr, 999).error(),
              err::wsaeprotonosupport);
    EXPECT_EQ(select(77, sock::stream, 0, nullptr, 999).error(), err::wsaeafnosupport);
    EXPECT_EQ(select(0, 0, 0, nullptr, 999).error(), err::wsaeinval);
}

TEST_F(Selection, TripleErrorsComeBeforeFlagErrors) {
    EXPECT_EQ(select(af::inet, 9, 0, nullptr, 0, wsa_flag::multipoint_c_root).error(),
              err::wsaesocktnosupport);
}

// --- socket() ---------------------------------------------------------------

TEST_F(Selection, SocketFunctionIsOverlappedByDefault) {
    const auto r = select_socket_function(catalog, groups, af::inet, sock::stream, 0);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.value().overlapped);
    EXPECT_EQ(r.value().flags, wsa_flag::overlapped);
    EXPECT_EQ(r.value().group, 0u);
}

TEST_F(Selection, SocketFunctionWithSynchronousOpenTypeIsNotOverlapped) {
    constexpr int so_synchronous_nonalert = 0x20;
    const auto r = select_socket_function(catalog, groups, af::inet, sock::stream, 0,
                                          so_synchronous_nonalert);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.value().overlapped);
    EXPECT_EQ(socket_function_flags(0), wsa_flag::overlapped);
    EXPECT_EQ(socket_function_flags(0x10), 0u);
}

TEST_F(Selection, SocketFunctionReportsTheSameErrors) {
    EXPECT_EQ(select_socket_function(catalog, groups, 0, 0, 0).error(), err::wsaeinval);
    EXPECT_EQ(select_socket_function(catalog, groups, af::inet, sock::stream, ipproto::udp).error(),
              err::wsaeprotonosupport);
}

// --- the seed page's example program: "<af> <type> <protocol> <flags>" -------
// It calls WSASocket(af, type, protocol, NULL, 0, flags): the 4th argument is
// dwFlags in decimal; lpProtocolInfo is always NULL.

TEST_F(Selection, SeedExample_0_2_17_1_OpensUdpIpv4Overlapped) {
    const auto r = select(0, 2, 17, nullptr, 0, 1);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().entry->catalog_entry_id, 1002u);
    EXPECT_EQ(r.value().entry->name, u"MSAFD Tcpip [UDP/IP]");
    EXPECT_EQ(r.value().af, af::inet);
    EXPECT_TRUE(r.value().overlapped);
}

TEST_F(Selection, SeedExample_2_1_17_1_IsWsaeprotonosupport10043) {
    EXPECT_EQ(select(2, 1, 17, nullptr, 0, 1).error(), 10043);
}

TEST_F(Selection, SeedExample_99_1_6_0_IsWsaeafnosupport10047) {
    EXPECT_EQ(select(99, 1, 6, nullptr, 0, 0).error(), 10047);
}

TEST_F(Selection, SeedExample_2_9_0_0_IsWsaesocktnosupport10044) {
    EXPECT_EQ(select(2, 9, 0, nullptr, 0, 0).error(), 10044);
}

}  // namespace
}  // namespace sluice::provider
