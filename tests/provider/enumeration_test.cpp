// WSAEnumProtocols logic: what is listed, the lpiProtocols filter, the
// buffer-length rule for the A (372-byte) and W (628-byte) structures, and
// the szProtocol conversions.
//
// Spec: shared/spec/winsock-behaviour.md WS-ENUM-01..06; shared/spec/
// winsock-catalog.md §4b, §4d, §5.4.
#include "provider_test_support.hpp"

#include <sluice/provider/enumeration.hpp>
#include <sluice/provider/selection.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

namespace sluice::provider {
namespace {

using test::make_entry;

std::vector<CatalogId> ids(const std::vector<const ProtocolEntry*>& entries) {
    std::vector<CatalogId> out;
    for (const auto* e : entries) out.push_back(e->catalog_entry_id);
    return out;
}

class Enumerate : public ::testing::TestWithParam<std::uint32_t> {
protected:
    Catalog catalog = Catalog::with_base_entries();
    std::uint32_t size() const { return GetParam(); }
};

TEST_P(Enumerate, WS_ENUM_01_SizeQueryThenCallWithThatSize) {
    const std::array<int, 2> tcp_only{ipproto::tcp, 0};
    const auto filter = zero_terminated_filter(tcp_only.data());
    std::uint32_t len = 0;
    const auto query = enumerate_protocols(catalog, filter, false, &len, size());
    EXPECT_EQ(query.error, err::wsaenobufs);
    EXPECT_EQ(query.required_length, 2 * size());  // TCP/IP and TCP/IPv6
    EXPECT_TRUE(query.entries.empty());
    len = query.required_length;
    const auto call = enumerate_protocols(catalog, filter, true, &len, size());
    EXPECT_EQ(call.error, 0);
    EXPECT_EQ(ids(call.entries), (std::vector<CatalogId>{1001, 1004}));
}

TEST_P(Enumerate, WS_ENUM_01_NullFilterListsAllVisible) {
    std::uint32_t len = 0;
    const auto query = enumerate_protocols(catalog, std::nullopt, false, &len, size());
    EXPECT_EQ(query.error, err::wsaenobufs);
    EXPECT_EQ(query.required_length, 4 * size());
    len = query.required_length;
    const auto call = enumerate_protocols(catalog, std::nullopt, true, &len, size());
    EXPECT_EQ(call.error, 0);
    EXPECT_EQ(ids(call.entries), (std::vector<CatalogId>{1001, 1002, 1004, 1005}));
}

TEST_P(Enumerate, WS_ENUM_02_NullBufferOrTooSmallIsEnobufs) {
    std::uint32_t len = 0;
    EXPECT_EQ(enumerate_protocols(catalog, std::nullopt, false, &len, size()).error,
              err::wsaenobufs);
    // A real buffer with length 0 (one structure, len = 0).
    EXPECT_EQ(enumerate_protocols(catalog, std::nullopt, true, &len, size()).error,
              err::wsaenobufs);
    len = 4 * size() - 1;
    const auto short_by_one = enumerate_protocols(catalog, std::nullopt, true, &len, size());
    EXPECT_EQ(short_by_one.error, err::wsaenobufs);
    EXPECT_EQ(short_by_one.required_length, 4 * size());
    // A big enough length with a NULL buffer is still WSAENOBUFS (§5.4).
    len = 100 * size();
    EXPECT_EQ(enumerate_protocols(catalog, std::nullopt, false, &len, size()).error,
              err::wsaenobufs);
}

TEST_P(Enumerate, WS_ENUM_03_ListedEntriesHaveNamesAndNoneIsHidden) {
    std::uint32_t len = 10 * size();
    const auto call = enumerate_protocols(catalog, std::nullopt, true, &len, size());
    ASSERT_EQ(call.error, 0);
    ASSERT_GE(call.entries.size(), 1u);
    for (const auto* e : call.entries) {
        EXPECT_FALSE(e->name.empty());
        EXPECT_NE(ansi_protocol_name(e->name)[0], '\0');
        EXPECT_EQ(e->provider_flags & pfl::hidden, 0u);
    }
}

TEST_P(Enumerate, WS_ENUM_05_InvalidFilterValuesAreIgnored) {
    const std::array<int, 6> filter{0xdead, ipproto::tcp, 0xcafe, ipproto::udp, 0xbeef, 0};
    std::uint32_t len = 0;
    const auto query =
        enumerate_protocols(catalog, zero_terminated_filter(filter.data()), false, &len, size());
    ASSERT_EQ(query.error, err::wsaenobufs);
    len = query.required_length;
    const auto call =
        enumerate_protocols(catalog, zero_terminated_filter(filter.data()), true, &len, size());
    ASSERT_EQ(call.error, 0);
    ASSERT_GE(call.entries.size(), 2u);
    bool found_tcp = false;
    bool found_udp = false;
    for (const auto* e : call.entries) {
        ASSERT_TRUE(e->protocol == ipproto::tcp || e->protocol == ipproto::udp) << e->protocol;
        found_tcp = found_tcp || e->protocol == ipproto::tcp;
        found_udp = found_udp || e->protocol == ipproto::udp;
    }
    EXPECT_TRUE(found_tcp && found_udp);
}

TEST_P(Enumerate, NullLengthPointerIsEfault) {
    const auto call = enumerate_protocols(catalog, std::nullopt, true, nullptr, size());
    EXPECT_EQ(call.error, err::wsaefault);
    EXPECT_TRUE(call.entries.empty());
}

INSTANTIATE_TEST_SUITE_P(AnsiAndWide, Enumerate,
                         ::testing::Values(protocol_info_a_size, protocol_info_w_size),
                         [](const ::testing::TestParamInfo<std::uint32_t>& param_info) {
                             return param_info.param == protocol_info_a_size ? std::string("A")
                                                                       : std::string("W");
                         });

TEST(EnumerateSizes, StructureSizesAre372And628) {
    EXPECT_EQ(protocol_info_a_size, 372u);
    EXPECT_EQ(protocol_info_w_size, 628u);
}

TEST(EnumerateFilter, WS_ENUM_06_FirstTcpEntryIsUsableWithFromProtocolInfo) {
    const Catalog catalog = Catalog::with_base_entries();
    const std::array<int, 2> filter{ipproto::tcp, ipproto::ip};
    const auto listed = listed_entries(catalog, zero_terminated_filter(filter.data()));
    ASSERT_FALSE(listed.empty());
    const ProtocolEntry copy = *listed.front();
    SocketRequest r{from_protocol_info, from_protocol_info, from_protocol_info, &copy, 0, 0};
    const auto s = select_socket(catalog, GroupTable{}, r);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s.value().type, sock::stream);
}

TEST(EnumerateFilter, RawEntriesNeverMatchAFilter) {
    // iProtocol 0 with range 0..255: 0 terminates the list, so no filter value
    // can name it, even in the installer view that shows hidden entries.
    const Catalog catalog = Catalog::with_base_entries();
    const std::array<int, 3> filter{ipproto::icmp, ipproto::raw, 0};
    EXPECT_TRUE(listed_entries(catalog, zero_terminated_filter(filter.data()), EnumView::installer)
                    .empty());
    const std::array<int, 2> tcp{ipproto::tcp, 0};
    EXPECT_EQ(ids(listed_entries(catalog, zero_terminated_filter(tcp.data()), EnumView::installer)),
              (std::vector<CatalogId>{1001, 1004}));
}

TEST(EnumerateFilter, RangedEntryMatchesAnyProtocolInItsRange) {
    Catalog catalog = Catalog::with_base_entries();
    const auto ipx = catalog.install(make_entry(af::ipx, sock::dgram, test::nsproto_ipx,
                                                test::datagram_service,
                                                pfl::matches_protocol_zero, test::test_provider_b,
                                                255));
    ASSERT_TRUE(ipx.ok());
    for (const int p : {test::nsproto_ipx, test::nsproto_ipx + 17, test::nsproto_ipx + 255}) {
        const std::array<int, 2> filter{p, 0};
        EXPECT_EQ(ids(listed_entries(catalog, zero_terminated_filter(filter.data()))),
                  (std::vector<CatalogId>{ipx.value()}))
            << p;
    }
    const std::array<int, 2> past{test::nsproto_ipx + 256, 0};
    EXPECT_TRUE(listed_entries(catalog, zero_terminated_filter(past.data())).empty());
}

TEST(EnumerateFilter, EmptyFilterListsNothing) {
    const Catalog catalog = Catalog::with_base_entries();
    const std::array<int, 1> empty{0};
    const auto filter = zero_terminated_filter(empty.data());
    ASSERT_TRUE(filter.has_value());
    EXPECT_TRUE(filter->empty());
    EXPECT_TRUE(listed_entries(catalog, filter).empty());
    std::uint32_t len = 0;
    const auto call = enumerate_protocols(catalog, filter, true, &len, protocol_info_w_size);
    EXPECT_EQ(call.error, 0);
    EXPECT_EQ(call.required_length, 0u);
}

TEST(EnumerateFilter, NullFilterPointerMeansAll) {
    EXPECT_FALSE(zero_terminated_filter(nullptr).has_value());
    const std::array<int, 4> three{6, 17, 255, 0};
    EXPECT_EQ(zero_terminated_filter(three.data())->size(), 3u);
}

TEST(EnumerateViews, InstallerViewListsHiddenAndLayeredInCatalogOrder) {
    Catalog catalog = Catalog::with_base_entries();
    auto layered = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    layered.protocol_chain.length = layered_protocol;
    const auto id = catalog.install(layered);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(ids(listed_entries(catalog, std::nullopt, EnumView::installer)),
              (std::vector<CatalogId>{1001, 1002, 1003, 1004, 1005, 1006, id.value()}));
    EXPECT_EQ(ids(listed_entries(catalog, std::nullopt, EnumView::application)),
              (std::vector<CatalogId>{1001, 1002, 1004, 1005}));
}

TEST(EnumerateViews, ApplicationViewFollowsCatalogOrder) {
    Catalog catalog = Catalog::with_base_entries();
    const std::array<CatalogId, 6> order{1005, 1004, 1006, 1002, 1003, 1001};
    ASSERT_EQ(catalog.write_order(order), 0);
    EXPECT_EQ(ids(listed_entries(catalog, std::nullopt)),
              (std::vector<CatalogId>{1005, 1004, 1002, 1001}));
}

TEST(ProtocolNames, WideNameIsNulPadded) {
    const auto w = wide_protocol_name(u"MSAFD Tcpip [TCP/IP]");
    EXPECT_EQ(std::u16string(w.data()), u"MSAFD Tcpip [TCP/IP]");
    EXPECT_TRUE(std::all_of(w.begin() + 20, w.end(), [](char16_t c) { return c == 0; }));
}

TEST(ProtocolNames, AnsiNameOfAsciiIsLossless) {
    const Catalog catalog = Catalog::with_base_entries();
    for (const ProtocolEntry& e : catalog.entries()) {
        const auto a = ansi_protocol_name(e.name);
        const std::string narrow(a.data());
        ASSERT_EQ(narrow.size(), e.name.size());
        for (std::size_t i = 0; i < narrow.size(); ++i) {
            EXPECT_EQ(static_cast<char16_t>(narrow[i]), e.name[i]);
        }
        EXPECT_TRUE(std::all_of(a.begin() + static_cast<std::ptrdiff_t>(narrow.size()), a.end(),
                                [](char c) { return c == 0; }));
    }
}

TEST(ProtocolNames, AnsiReplacesNonAsciiUnitsWithQuestionMark) {
    const auto a = ansi_protocol_name(u"caf\u00e9 \u4e2d [x]\u007f");
    EXPECT_STREQ(a.data(), "caf? ? [x]\x7f");
}

TEST(ProtocolNames, LongestNameKeepsItsTerminator) {
    const std::u16string name(255, u'n');
    const auto w = wide_protocol_name(name);
    const auto a = ansi_protocol_name(name);
    EXPECT_EQ(w[254], u'n');
    EXPECT_EQ(w[255], 0);
    EXPECT_EQ(a[254], 'n');
    EXPECT_EQ(a[255], 0);
    EXPECT_EQ(std::strlen(a.data()), 255u);
}

TEST(ProtocolNames, OverlongNameIsCutTo255Units) {
    // Catalog entries cannot be that long, but a caller's structure can.
    const std::u16string name(300, u'z');
    const auto w = wide_protocol_name(name);
    const auto a = ansi_protocol_name(name);
    EXPECT_EQ(w[255], 0);
    EXPECT_EQ(a[255], 0);
    EXPECT_EQ(std::u16string(w.data()).size(), 255u);
}

}  // namespace
}  // namespace sluice::provider
