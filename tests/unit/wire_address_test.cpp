// MacAddr, Ipv4Addr and Ipv4Cidr: wire conversion, text form, predicates.
//
// Text forms are strict (see stack/src/wire/address.cpp): "01.2.3.4" is
// rejected (octal under inet_aton), the short forms "1.2.3" are rejected, a
// CIDR needs its "/len".
#include "wire_test_support.hpp"

#include <sluice/stack/wire/address.hpp>

#include <array>
#include <random>

namespace sluice::wire {
namespace {

// ---- MacAddr ----

TEST(MacAddr, BytesRoundTrip) {
    const std::array<std::uint8_t, 8> wire{0x02, 0x00, 0x5e, 0x10, 0xab, 0xcd, 0xee, 0xee};
    const MacAddr mac = MacAddr::from_bytes(wire);
    EXPECT_EQ(mac.octets, (std::array<std::uint8_t, 6>{0x02, 0x00, 0x5e, 0x10, 0xab, 0xcd}));
    std::array<std::uint8_t, 7> out{};
    out.fill(0x77);
    mac.write_to(out);
    EXPECT_EQ(out, (std::array<std::uint8_t, 7>{0x02, 0x00, 0x5e, 0x10, 0xab, 0xcd, 0x77}));
}

TEST(MacAddr, ToString) {
    EXPECT_EQ((MacAddr{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}}).to_string(), "02:00:00:00:00:01");
    EXPECT_EQ(MacAddr::broadcast().to_string(), "ff:ff:ff:ff:ff:ff");
    EXPECT_EQ((MacAddr{{0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5}}).to_string(), "a0:b1:c2:d3:e4:f5");
}

TEST(MacAddr, ParseValid) {
    EXPECT_EQ(MacAddr::parse("02:00:00:00:00:01"), (MacAddr{{0x02, 0, 0, 0, 0, 0x01}}));
    EXPECT_EQ(MacAddr::parse("A0:b1:C2:d3:E4:f5"), (MacAddr{{0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5}}));
    EXPECT_EQ(MacAddr::parse("ff:ff:ff:ff:ff:ff"), MacAddr::broadcast());
}

TEST(MacAddr, ParseInvalid) {
    for (const char* text : {"", "02:00:00:00:00", "02:00:00:00:00:01:", "02-00-00-00-00-01",
                             "2:00:00:00:00:01", "02:00:00:00:00:0g", "02:00:00:00:00:001",
                             " 02:00:00:00:00:01", "02:00:00:00:00:01 ", "0200.0000.0001",
                             "02:00:00:00:00:0", "02:00:00:00:0:001", "+2:00:00:00:00:01"}) {
        EXPECT_FALSE(MacAddr::parse(text).has_value()) << '"' << text << '"';
    }
}

TEST(MacAddr, Predicates) {
    const MacAddr unicast{{0x02, 0, 0, 0, 0, 0x01}};
    const MacAddr multicast{{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}};
    EXPECT_TRUE(MacAddr::broadcast().is_broadcast());
    EXPECT_TRUE(MacAddr::broadcast().is_multicast());
    EXPECT_FALSE(MacAddr::broadcast().is_unicast());
    EXPECT_TRUE(multicast.is_multicast());
    EXPECT_FALSE(multicast.is_broadcast());
    EXPECT_TRUE(unicast.is_unicast());
    EXPECT_FALSE(unicast.is_zero());
    EXPECT_TRUE(MacAddr{}.is_zero());
    EXPECT_TRUE(MacAddr{}.is_unicast());
}

// ---- Ipv4Addr ----

TEST(Ipv4Addr, OctetsAndBytesAreBigEndian) {
    const Ipv4Addr a = Ipv4Addr::from_octets(10, 0, 0, 2);
    EXPECT_EQ(a.value, 0x0a000002u);
    const std::array<std::uint8_t, 4> wire{192, 168, 1, 200};
    EXPECT_EQ(Ipv4Addr::from_bytes(wire).value, 0xc0a801c8u);
    std::array<std::uint8_t, 5> out{};
    out.fill(0x77);
    a.write_to(out);
    EXPECT_EQ(out, (std::array<std::uint8_t, 5>{10, 0, 0, 2, 0x77}));
}

TEST(Ipv4Addr, ToString) {
    EXPECT_EQ(Ipv4Addr::from_octets(10, 0, 0, 2).to_string(), "10.0.0.2");
    EXPECT_EQ(Ipv4Addr::any().to_string(), "0.0.0.0");
    EXPECT_EQ(Ipv4Addr::limited_broadcast().to_string(), "255.255.255.255");
    EXPECT_EQ(Ipv4Addr::from_octets(192, 168, 100, 7).to_string(), "192.168.100.7");
}

TEST(Ipv4Addr, ParseValid) {
    EXPECT_EQ(Ipv4Addr::parse("10.0.0.2"), Ipv4Addr::from_octets(10, 0, 0, 2));
    EXPECT_EQ(Ipv4Addr::parse("0.0.0.0"), Ipv4Addr::any());
    EXPECT_EQ(Ipv4Addr::parse("255.255.255.255"), Ipv4Addr::limited_broadcast());
    EXPECT_EQ(Ipv4Addr::parse("192.168.100.200"), Ipv4Addr::from_octets(192, 168, 100, 200));
    EXPECT_EQ(Ipv4Addr::parse("1.20.0.255"), Ipv4Addr::from_octets(1, 20, 0, 255));
}

// Decisions: "1.2.3" (inet_aton short form) no; "01.2.3.4" no (leading zero,
// octal in inet_aton); no whitespace, signs, hex, or CIDR suffix.
TEST(Ipv4Addr, ParseInvalid) {
    for (const char* text : {"", "1.2.3", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3.00",
                             "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "a.b.c.d", " 1.2.3.4",
                             "1.2.3.4 ", "+1.2.3.4", "1.2.3.-4", "1234.1.1.1", "0x1.2.3.4",
                             "1.2.3.4/24", "10", "10.1", "999.999.999.999", "1.2.3.4\n"}) {
        EXPECT_FALSE(Ipv4Addr::parse(text).has_value()) << '"' << text << '"';
    }
}

TEST(Ipv4Addr, TextRoundTrip) {
    std::mt19937 rng(791);
    for (int i = 0; i < 1000; ++i) {
        const Ipv4Addr a{static_cast<std::uint32_t>(rng())};
        EXPECT_EQ(Ipv4Addr::parse(a.to_string()), a) << a.to_string();
    }
}

TEST(Ipv4Addr, Predicates) {
    EXPECT_TRUE(Ipv4Addr::any().is_unspecified());
    EXPECT_FALSE(Ipv4Addr::from_octets(0, 0, 0, 1).is_unspecified());
    EXPECT_TRUE(Ipv4Addr::limited_broadcast().is_limited_broadcast());
    EXPECT_FALSE(Ipv4Addr::from_octets(10, 0, 0, 255).is_limited_broadcast());
    EXPECT_TRUE(Ipv4Addr::from_octets(224, 0, 0, 1).is_multicast());
    EXPECT_TRUE(Ipv4Addr::from_octets(239, 255, 255, 255).is_multicast());
    EXPECT_FALSE(Ipv4Addr::from_octets(223, 255, 255, 255).is_multicast());
    EXPECT_FALSE(Ipv4Addr::from_octets(240, 0, 0, 0).is_multicast());
    EXPECT_TRUE(Ipv4Addr::from_octets(127, 0, 0, 1).is_loopback());
    EXPECT_TRUE(Ipv4Addr::from_octets(127, 255, 0, 9).is_loopback());
    EXPECT_FALSE(Ipv4Addr::from_octets(128, 0, 0, 1).is_loopback());
}

TEST(Ipv4Addr, OrderFollowsNumericValue) {
    EXPECT_LT(Ipv4Addr::from_octets(9, 255, 255, 255), Ipv4Addr::from_octets(10, 0, 0, 0));
    EXPECT_LT(Ipv4Addr::from_octets(10, 0, 0, 2), Ipv4Addr::from_octets(10, 0, 1, 0));
}

// ---- Ipv4Cidr ----

TEST(Ipv4Cidr, ParseKeepsHostBits) {
    const auto cidr = Ipv4Cidr::parse("10.0.0.2/24");
    ASSERT_TRUE(cidr.has_value());
    EXPECT_EQ(cidr->address, Ipv4Addr::from_octets(10, 0, 0, 2));
    EXPECT_EQ(cidr->prefix_len, 24);
    EXPECT_EQ(cidr->to_string(), "10.0.0.2/24");
    EXPECT_EQ(Ipv4Cidr::parse("0.0.0.0/0"), (Ipv4Cidr{Ipv4Addr::any(), 0}));
    EXPECT_EQ(Ipv4Cidr::parse("192.168.1.1/32"), (Ipv4Cidr{Ipv4Addr::from_octets(192, 168, 1, 1), 32}));
}

// Decisions: the "/len" is required; len is 0..32 without leading zeros.
TEST(Ipv4Cidr, ParseInvalid) {
    for (const char* text : {"1.2.3.4/33", "1.2.3.4", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/08",
                             "1.2.3.4/24/1", "1.2.3/24", "/24", "1.2.3.4/ 24", "1.2.3.4/100",
                             "256.1.1.1/8", "01.2.3.4/8", "1.2.3.4/+8", "1.2.3.4/0x8", ""}) {
        EXPECT_FALSE(Ipv4Cidr::parse(text).has_value()) << '"' << text << '"';
    }
}

TEST(Ipv4Cidr, TextRoundTrip) {
    for (std::uint8_t len = 0; len <= 32; ++len) {
        const Ipv4Cidr c{Ipv4Addr::from_octets(172, 16, 5, 9), len};
        EXPECT_EQ(Ipv4Cidr::parse(c.to_string()), c) << c.to_string();
    }
}

TEST(Ipv4Cidr, MaskAndNetwork) {
    const Ipv4Cidr c{Ipv4Addr::from_octets(10, 0, 0, 2), 24};
    EXPECT_EQ(c.mask(), 0xffffff00u);
    EXPECT_EQ(c.network(), Ipv4Addr::from_octets(10, 0, 0, 0));
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 1, 2, 3), 0}).mask(), 0u);
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 1, 2, 3), 32}).mask(), 0xffffffffu);
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 1, 2, 3), 9}).mask(), 0xff800000u);
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 255, 2, 3), 9}).network(), Ipv4Addr::from_octets(10, 128, 0, 0));
}

TEST(Ipv4Cidr, Broadcast) {
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 0, 0, 2), 24}).broadcast(), Ipv4Addr::from_octets(10, 0, 0, 255));
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 0, 0, 5), 30}).broadcast(), Ipv4Addr::from_octets(10, 0, 0, 7));
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(172, 20, 1, 1), 12}).broadcast(),
              Ipv4Addr::from_octets(172, 31, 255, 255));
    EXPECT_EQ((Ipv4Cidr{Ipv4Addr::from_octets(10, 0, 0, 2), 0}).broadcast(), Ipv4Addr::limited_broadcast());
    // RFC 3021: /31 point-to-point links and /32 hosts have no broadcast.
    EXPECT_FALSE((Ipv4Cidr{Ipv4Addr::from_octets(10, 0, 0, 0), 31}).broadcast().has_value());
    EXPECT_FALSE((Ipv4Cidr{Ipv4Addr::from_octets(10, 0, 0, 1), 32}).broadcast().has_value());
}

TEST(Ipv4Cidr, Contains) {
    const Ipv4Cidr c{Ipv4Addr::from_octets(10, 0, 0, 2), 24};
    EXPECT_TRUE(c.contains(Ipv4Addr::from_octets(10, 0, 0, 0)));
    EXPECT_TRUE(c.contains(Ipv4Addr::from_octets(10, 0, 0, 2)));
    EXPECT_TRUE(c.contains(Ipv4Addr::from_octets(10, 0, 0, 255)));
    EXPECT_FALSE(c.contains(Ipv4Addr::from_octets(10, 0, 1, 0)));
    EXPECT_FALSE(c.contains(Ipv4Addr::from_octets(9, 255, 255, 255)));
    const Ipv4Cidr any{Ipv4Addr::from_octets(10, 0, 0, 2), 0};
    EXPECT_TRUE(any.contains(Ipv4Addr::from_octets(1, 2, 3, 4)));
    EXPECT_TRUE(any.contains(Ipv4Addr::limited_broadcast()));
    const Ipv4Cidr host{Ipv4Addr::from_octets(10, 0, 0, 2), 32};
    EXPECT_TRUE(host.contains(Ipv4Addr::from_octets(10, 0, 0, 2)));
    EXPECT_FALSE(host.contains(Ipv4Addr::from_octets(10, 0, 0, 3)));
    const Ipv4Cidr p2p{Ipv4Addr::from_octets(10, 0, 0, 0), 31};
    EXPECT_TRUE(p2p.contains(Ipv4Addr::from_octets(10, 0, 0, 1)));
    EXPECT_FALSE(p2p.contains(Ipv4Addr::from_octets(10, 0, 0, 2)));
}

}  // namespace
}  // namespace sluice::wire
