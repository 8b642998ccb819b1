// The catalog: the six base entries field by field, id allocation (1001
// upward, never reused), install validation, remove, write_order, and the
// protocol-range predicate.
//
// Spec: shared/spec/winsock-catalog.md §1.1, §2.2-§2.4, §4e, §5.6;
// shared/spec/winsock-behaviour.md WS-ENUM-04 (service flags), WS-SOCK-09
// (raw entry fields).
#include "provider_test_support.hpp"

#include <sluice/provider/catalog.hpp>

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <string>

namespace sluice::provider {
namespace {

using test::make_entry;

struct BaseExpectation {
    CatalogId id;
    const char16_t* name;
    int af, type, protocol, max_offset, sockaddr_len;
    std::uint32_t service, provider_flags, message_size;
    Guid provider;
};

// §2.3 table (with §2.4's 0xFFBB for RAW), in Windows' catalog order.
const std::array<BaseExpectation, 6> expected_base{{
    {1001, u"MSAFD Tcpip [TCP/IP]", 2, 1, 6, 0, 16, 0x00020066, 0x8, 0,
     msafd_tcpip_ipv4_provider},
    {1002, u"MSAFD Tcpip [UDP/IP]", 2, 2, 17, 0, 16, 0x00020609, 0x8, 0xFFBB,
     msafd_tcpip_ipv4_provider},
    {1003, u"MSAFD Tcpip [RAW/IP]", 2, 3, 0, 255, 16, 0x00020609, 0xC, 0xFFBB,
     msafd_tcpip_ipv4_provider},
    {1004, u"MSAFD Tcpip [TCP/IPv6]", 23, 1, 6, 0, 28, 0x00020066, 0x8, 0,
     msafd_tcpip_ipv6_provider},
    {1005, u"MSAFD Tcpip [UDP/IPv6]", 23, 2, 17, 0, 28, 0x00020609, 0x8, 0xFFBB,
     msafd_tcpip_ipv6_provider},
    {1006, u"MSAFD Tcpip [RAW/IPv6]", 23, 3, 0, 255, 28, 0x00020609, 0xC, 0xFFBB,
     msafd_tcpip_ipv6_provider},
}};

TEST(BaseCatalog, SixEntriesInWindowsOrderWithExactValues) {
    const Catalog catalog = Catalog::with_base_entries();
    ASSERT_EQ(catalog.entries().size(), 6u);
    for (std::size_t i = 0; i < expected_base.size(); ++i) {
        const auto& want = expected_base[i];
        const ProtocolEntry& e = catalog.entries()[i];
        SCOPED_TRACE(e.catalog_entry_id);
        EXPECT_EQ(e.catalog_entry_id, want.id);
        EXPECT_EQ(e.name, want.name);
        EXPECT_EQ(e.address_family, want.af);
        EXPECT_EQ(e.socket_type, want.type);
        EXPECT_EQ(e.protocol, want.protocol);
        EXPECT_EQ(e.protocol_max_offset, want.max_offset);
        EXPECT_EQ(e.min_sockaddr, want.sockaddr_len);
        EXPECT_EQ(e.max_sockaddr, want.sockaddr_len);
        EXPECT_EQ(e.service_flags1, want.service);
        EXPECT_EQ(e.provider_flags, want.provider_flags);
        EXPECT_EQ(e.message_size, want.message_size);
        EXPECT_EQ(e.provider_id, want.provider);
    }
}

TEST(BaseCatalog, CommonFieldsPerSection2_2) {
    const Catalog catalog = Catalog::with_base_entries();
    for (const ProtocolEntry& e : catalog.entries()) {
        SCOPED_TRACE(e.catalog_entry_id);
        EXPECT_EQ(e.service_flags2, 0u);
        EXPECT_EQ(e.service_flags3, 0u);
        EXPECT_EQ(e.service_flags4, 0u);
        EXPECT_EQ(e.protocol_chain.length, base_protocol);
        EXPECT_EQ(e.protocol_chain.entries, (std::array<std::uint32_t, 7>{}));
        EXPECT_EQ(e.version, 2);
        EXPECT_EQ(e.network_byte_order, bigendian);
        EXPECT_EQ(e.security_scheme, security_protocol_none);
        EXPECT_EQ(e.provider_reserved, 0u);
        EXPECT_FALSE(e.is_layered());
    }
}

TEST(BaseCatalog, ProviderGuidsAreMicrosofts) {
    // {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}, {F9EAB0C0-26D4-11D0-BBBF-00AA006C34E4} (§2.2)
    EXPECT_EQ(msafd_tcpip_ipv4_provider.data1, 0xE70F1AA0u);
    EXPECT_EQ(msafd_tcpip_ipv4_provider.data2, 0xAB8B);
    EXPECT_EQ(msafd_tcpip_ipv4_provider.data3, 0x11CF);
    EXPECT_EQ(msafd_tcpip_ipv4_provider.data4,
              (std::array<std::uint8_t, 8>{0x8C, 0xA3, 0x00, 0x80, 0x5F, 0x48, 0xA1, 0x92}));
    EXPECT_EQ(msafd_tcpip_ipv6_provider.data1, 0xF9EAB0C0u);
    EXPECT_EQ(msafd_tcpip_ipv6_provider.data2, 0x26D4);
    EXPECT_EQ(msafd_tcpip_ipv6_provider.data3, 0x11D0);
    EXPECT_EQ(msafd_tcpip_ipv6_provider.data4,
              (std::array<std::uint8_t, 8>{0xBB, 0xBF, 0x00, 0xAA, 0x00, 0x6C, 0x34, 0xE4}));
}

TEST(BaseCatalog, WS_ENUM_04_ServiceFlagsDecodeAsWindows) {
    EXPECT_EQ(xp1::guaranteed_delivery | xp1::guaranteed_order | xp1::graceful_close |
                  xp1::expedited_data | xp1::ifs_handles,
              0x00020066u);
    EXPECT_EQ(xp1::connectionless | xp1::message_oriented | xp1::support_broadcast |
                  xp1::support_multipoint | xp1::ifs_handles,
              0x00020609u);
    const Catalog catalog = Catalog::with_base_entries();
    for (const ProtocolEntry& e : catalog.entries()) {
        EXPECT_EQ(e.service_flags1 & xp1::qos_supported, 0u);  // not on MSAFD entries
    }
}

TEST(CatalogIds, AssignedFrom1001Upward) {
    Catalog catalog;
    const auto a = catalog.install(make_entry(af::inet, sock::stream, ipproto::tcp, 0));
    const auto b = catalog.install(make_entry(af::inet, sock::dgram, ipproto::udp, 0));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.value(), 1001u);
    EXPECT_EQ(b.value(), 1002u);
    EXPECT_EQ(catalog.find_by_id(1002)->catalog_entry_id, 1002u);
}

TEST(CatalogIds, InstallOverwritesTheCallersId) {
    Catalog catalog = Catalog::with_base_entries();
    auto entry = make_entry(af::inet, sock::stream, ipproto::tcp, 0);
    entry.catalog_entry_id = 1001;  // clashes with TCP/IP
    const auto id = catalog.install(entry);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id.value(), 1007u);
    EXPECT_EQ(catalog.entries().back().catalog_entry_id, 1007u);
    EXPECT_EQ(catalog.find_by_id(1001)->name, u"MSAFD Tcpip [TCP/IP]");
}

TEST(CatalogIds, NeverReusedAfterRemove) {
    Catalog catalog = Catalog::with_base_entries();
    ASSERT_EQ(catalog.remove(1006), 0);
    EXPECT_EQ(catalog.find_by_id(1006), nullptr);
    const auto id = catalog.install(make_entry(af::inet6, sock::raw, 0, 0));
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id.value(), 1007u);
    ASSERT_EQ(catalog.remove(1007), 0);
    EXPECT_EQ(catalog.install(make_entry(af::inet6, sock::raw, 0, 0)).value(), 1008u);
}

TEST(CatalogIds, InstallAppendsAtTheEnd) {
    Catalog catalog = Catalog::with_base_entries();
    ASSERT_TRUE(catalog.install(make_entry(af::bth, sock::stream, 3, 0)).ok());
    EXPECT_EQ(catalog.entries().front().catalog_entry_id, 1001u);
    EXPECT_EQ(catalog.entries().back().address_family, af::bth);
}

TEST(CatalogInstall, NameOfAtMost255UnitsAccepted) {
    Catalog catalog;
    auto entry = make_entry(af::inet, sock::stream, ipproto::tcp, 0);
    entry.name = std::u16string(255, u'x');
    EXPECT_TRUE(catalog.install(entry).ok());
    entry.name.push_back(u'x');
    EXPECT_EQ(catalog.install(entry).error(), err::wsaeinval);
    EXPECT_EQ(catalog.entries().size(), 1u);
}

TEST(CatalogInstall, ChainLengthMustBe0To7) {
    Catalog catalog;
    auto entry = make_entry(af::inet, sock::stream, ipproto::tcp, 0);
    for (const int ok_len : {0, 1, 2, 7}) {
        entry.protocol_chain.length = ok_len;
        EXPECT_TRUE(catalog.install(entry).ok()) << ok_len;
    }
    for (const int bad_len : {-1, 8}) {
        entry.protocol_chain.length = bad_len;
        EXPECT_EQ(catalog.install(entry).error(), err::wsaeinval) << bad_len;
    }
}

TEST(CatalogRemove, UnknownIdIsEinvalAndChangesNothing) {
    Catalog catalog = Catalog::with_base_entries();
    const auto serial = catalog.serial();
    EXPECT_EQ(catalog.remove(999), err::wsaeinval);
    EXPECT_EQ(catalog.remove(1007), err::wsaeinval);
    EXPECT_EQ(catalog.entries().size(), 6u);
    EXPECT_EQ(catalog.serial(), serial);
}

TEST(CatalogRemove, KeepsTheOrderOfTheRest) {
    Catalog catalog = Catalog::with_base_entries();
    ASSERT_EQ(catalog.remove(1002), 0);
    std::array<CatalogId, 5> ids{};
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = catalog.entries()[i].catalog_entry_id;
    EXPECT_EQ(ids, (std::array<CatalogId, 5>{1001, 1003, 1004, 1005, 1006}));
}

TEST(CatalogWriteOrder, PermutesTheEntries) {
    Catalog catalog = Catalog::with_base_entries();
    const std::array<CatalogId, 6> order{1004, 1005, 1006, 1001, 1002, 1003};
    ASSERT_EQ(catalog.write_order(order), 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(catalog.entries()[i].catalog_entry_id, order[i]);
    }
    EXPECT_EQ(catalog.find_by_id(1004)->name, u"MSAFD Tcpip [TCP/IPv6]");
}

TEST(CatalogWriteOrder, RejectsAnythingButAPermutation) {
    Catalog catalog = Catalog::with_base_entries();
    const auto serial = catalog.serial();
    const std::array<CatalogId, 5> missing{1001, 1002, 1003, 1004, 1005};
    const std::array<CatalogId, 6> twice{1001, 1001, 1003, 1004, 1005, 1006};
    const std::array<CatalogId, 6> unknown{1001, 1002, 1003, 1004, 1005, 1007};
    const std::array<CatalogId, 7> extra{1001, 1002, 1003, 1004, 1005, 1006, 1007};
    EXPECT_EQ(catalog.write_order(missing), err::wsaeinval);
    EXPECT_EQ(catalog.write_order(twice), err::wsaeinval);
    EXPECT_EQ(catalog.write_order(unknown), err::wsaeinval);
    EXPECT_EQ(catalog.write_order(extra), err::wsaeinval);
    EXPECT_EQ(catalog.entries().front().catalog_entry_id, 1001u);
    EXPECT_EQ(catalog.serial(), serial);
}

TEST(CatalogSerial, BumpedByEveryChange) {
    Catalog catalog;
    const auto s0 = catalog.serial();
    ASSERT_TRUE(catalog.install(make_entry(af::inet, sock::stream, ipproto::tcp, 0)).ok());
    const auto s1 = catalog.serial();
    const std::array<CatalogId, 1> order{1001};
    ASSERT_EQ(catalog.write_order(order), 0);
    const auto s2 = catalog.serial();
    ASSERT_EQ(catalog.remove(1001), 0);
    EXPECT_LT(s0, s1);
    EXPECT_LT(s1, s2);
    EXPECT_LT(s2, catalog.serial());
}

TEST(ProtocolRange, CoversInclusiveRange) {
    const auto raw = make_entry(af::inet, sock::raw, 0, 0, 0, test::test_provider_a, 255);
    EXPECT_TRUE(raw.covers_protocol(0));
    EXPECT_TRUE(raw.covers_protocol(255));
    EXPECT_FALSE(raw.covers_protocol(256));
    EXPECT_FALSE(raw.covers_protocol(-1));
    const auto tcp = make_entry(af::inet, sock::stream, 6, 0);
    EXPECT_TRUE(tcp.covers_protocol(6));
    EXPECT_FALSE(tcp.covers_protocol(7));
    EXPECT_FALSE(tcp.covers_protocol(5));
}

TEST(ProtocolRange, NoOverflowWithHostileFields) {
    // A caller's lpProtocolInfo can carry anything; the range must not wrap.
    auto e = make_entry(af::inet, sock::raw, std::numeric_limits<int>::max(), 0, 0,
                        test::test_provider_a, std::numeric_limits<int>::max());
    EXPECT_TRUE(e.covers_protocol(std::numeric_limits<int>::max()));
    EXPECT_FALSE(e.covers_protocol(std::numeric_limits<int>::min()));
    e.protocol = std::numeric_limits<int>::min();
    e.protocol_max_offset = -1;
    EXPECT_FALSE(e.covers_protocol(std::numeric_limits<int>::min()));
}

}  // namespace
}  // namespace sluice::provider
