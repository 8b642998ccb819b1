// Ethernet II and 802.1Q against the golden vectors in tests/data/wire/eth_*.hex
// (made by tests/data/gen/make_wire_vectors.py).
#include "wire_test_support.hpp"

#include <sluice/stack/wire/ethernet.hpp>

namespace sluice::wire {
namespace {

using stack::Drop;
using test::wire_vector;

const MacAddr kHostMac{{0x02, 0, 0, 0, 0, 0x01}};
const MacAddr kPeerMac{{0x02, 0, 0, 0, 0, 0x02}};

EthernetRepr parse_ok(Bytes frame) {
    EthernetRepr eth;
    EXPECT_EQ(EthernetRepr::parse(frame, eth), Drop::none);
    return eth;
}

std::vector<std::uint8_t> emit(const EthernetRepr& eth) {
    std::vector<std::uint8_t> out(eth.header_len());  // exact size: ASan catches overruns
    eth.emit(out);
    return out;
}

Drop parse_drop(Bytes frame) {
    EthernetRepr eth;
    return EthernetRepr::parse(frame, eth);
}

TEST(EthernetFrame, UntaggedAccessors) {
    const auto frame = wire_vector("eth_untagged");
    ASSERT_EQ(frame.size(), 46u);
    const EthernetFrame view(frame);
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.dst(), kHostMac);
    EXPECT_EQ(view.src(), kPeerMac);
    EXPECT_EQ(view.outer_ethertype(), ethertype::ipv4);
    EXPECT_FALSE(view.has_vlan_tag());
    EXPECT_EQ(view.ethertype(), ethertype::ipv4);
    EXPECT_EQ(view.header_len(), 14u);
    EXPECT_EQ(view.payload().size(), 32u);
    EXPECT_EQ(view.payload().data(), frame.data() + 14);
}

TEST(EthernetFrame, TaggedAccessors) {
    const auto frame = wire_vector("eth_vlan100_pcp5");
    const EthernetFrame view(frame);
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.outer_ethertype(), ethertype::vlan);
    EXPECT_TRUE(view.has_vlan_tag());
    EXPECT_EQ(view.vlan_tci(), 0xa064);
    EXPECT_EQ(view.ethertype(), ethertype::ipv4);
    EXPECT_EQ(view.header_len(), 18u);
    EXPECT_EQ(view.payload().size(), frame.size() - 18);
    EXPECT_EQ(view.payload()[0], 0x45);
}

TEST(EthernetFrame, CheckLenAtEveryLength) {
    const auto untagged = wire_vector("eth_untagged");
    const auto tagged = wire_vector("eth_vlan100_pcp5");
    for (std::size_t len = 0; len <= 20; ++len) {
        EXPECT_EQ(EthernetFrame(Bytes(untagged).first(len)).check_len(), len >= 14) << len;
        EXPECT_EQ(EthernetFrame(Bytes(tagged).first(len)).check_len(), len >= 18) << len;
    }
}

TEST(EthernetRepr, Untagged) {
    const auto frame = wire_vector("eth_untagged");
    const EthernetRepr eth = parse_ok(frame);
    EXPECT_EQ(eth.dst, kHostMac);
    EXPECT_EQ(eth.src, kPeerMac);
    EXPECT_EQ(eth.ethertype, ethertype::ipv4);
    EXPECT_FALSE(eth.vlan_tci.has_value());
    EXPECT_EQ(eth.vlan_id(), 0);
    EXPECT_EQ(eth.header_len(), 14u);
    EXPECT_EQ(emit(eth), std::vector<std::uint8_t>(frame.begin(), frame.begin() + 14));
}

TEST(EthernetRepr, Vlan100Pcp5) {
    const auto frame = wire_vector("eth_vlan100_pcp5");
    const EthernetRepr eth = parse_ok(frame);
    EXPECT_EQ(eth.dst, kHostMac);
    EXPECT_EQ(eth.src, kPeerMac);
    EXPECT_EQ(eth.ethertype, ethertype::ipv4);
    ASSERT_TRUE(eth.vlan_tci.has_value());
    EXPECT_EQ(*eth.vlan_tci, 0xa064);
    EXPECT_EQ(*eth.vlan_tci >> 13, 5);         // PCP
    EXPECT_EQ((*eth.vlan_tci >> 12) & 1, 0);   // DEI
    EXPECT_EQ(eth.vlan_id(), 100);
    EXPECT_EQ(eth.header_len(), 18u);
    EXPECT_EQ(emit(eth), std::vector<std::uint8_t>(frame.begin(), frame.begin() + 18));
}

TEST(EthernetRepr, PriorityTaggedHasVlanZero) {
    const auto frame = wire_vector("eth_priority_tagged");
    const EthernetRepr eth = parse_ok(frame);
    EXPECT_EQ(eth.dst, MacAddr::broadcast());
    EXPECT_EQ(eth.src, kPeerMac);
    EXPECT_EQ(eth.ethertype, ethertype::arp);
    ASSERT_TRUE(eth.vlan_tci.has_value());
    EXPECT_EQ(*eth.vlan_tci, 0xc000);
    EXPECT_EQ(eth.vlan_id(), 0);
    EXPECT_EQ(eth.header_len(), 18u);
    EXPECT_EQ(emit(eth), std::vector<std::uint8_t>(frame.begin(), frame.begin() + 18));
}

TEST(EthernetRepr, RoundTrip) {
    for (const char* name : {"eth_untagged", "eth_vlan100_pcp5", "eth_priority_tagged", "arp_request",
                             "icmp_echo_reply"}) {
        const auto frame = wire_vector(name);
        const EthernetRepr first = parse_ok(frame);
        const auto bytes = emit(first);
        EXPECT_EQ(parse_ok(bytes), first) << name;
    }
}

TEST(EthernetRepr, EmitWritesOnlyTheHeader) {
    const EthernetRepr eth{kPeerMac, kHostMac, ethertype::arp, std::uint16_t{0x2005}};
    std::vector<std::uint8_t> out(24, 0xee);
    eth.emit(out);
    const std::vector<std::uint8_t> expected{0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01,
                                             0x81, 0x00, 0x20, 0x05, 0x08, 0x06, 0xee, 0xee,
                                             0xee, 0xee, 0xee, 0xee};
    EXPECT_EQ(out, expected);
}

TEST(EthernetRepr, QinqIsStacked) {
    EXPECT_EQ(parse_drop(wire_vector("eth_qinq")), Drop::eth_stacked_vlan);
}

TEST(EthernetRepr, DoubleCtagIsStacked) {
    EXPECT_EQ(parse_drop(wire_vector("eth_double_ctag")), Drop::eth_stacked_vlan);
}

// An outer 802.1ad S-tag alone (derived from eth_untagged by rewriting the type).
TEST(EthernetRepr, OuterStagIsStacked) {
    auto frame = wire_vector("eth_untagged");
    frame[12] = 0x88;
    frame[13] = 0xa8;
    EXPECT_EQ(parse_drop(frame), Drop::eth_stacked_vlan);
}

// A C-tag whose inner type is an S-tag.
TEST(EthernetRepr, CtagThenStagIsStacked) {
    auto frame = wire_vector("eth_vlan100_pcp5");
    frame[16] = 0x88;
    frame[17] = 0xa8;
    EXPECT_EQ(parse_drop(frame), Drop::eth_stacked_vlan);
}

TEST(EthernetRepr, Truncated) {
    EXPECT_EQ(parse_drop(wire_vector("eth_truncated")), Drop::eth_truncated);
    EXPECT_EQ(parse_drop(wire_vector("eth_vlan_truncated")), Drop::eth_truncated);
    EXPECT_EQ(parse_drop({}), Drop::eth_truncated);
}

TEST(EthernetRepr, EveryShortPrefixIsTruncated) {
    const auto untagged = wire_vector("eth_untagged");
    const auto tagged = wire_vector("eth_vlan100_pcp5");
    for (std::size_t len = 0; len < 14; ++len) EXPECT_EQ(parse_drop(Bytes(untagged).first(len)), Drop::eth_truncated);
    for (std::size_t len = 0; len < 18; ++len) EXPECT_EQ(parse_drop(Bytes(tagged).first(len)), Drop::eth_truncated);
    EXPECT_EQ(parse_drop(Bytes(untagged).first(14)), Drop::none);
    EXPECT_EQ(parse_drop(Bytes(tagged).first(18)), Drop::none);
}

// The parser does not judge addresses or ethertypes (the caller does).
TEST(EthernetRepr, DoesNotJudgeAddressesOrType) {
    auto frame = wire_vector("eth_untagged");
    for (std::size_t i = 0; i < 12; ++i) frame[i] = 0xff;  // broadcast source
    frame[12] = 0x12;
    frame[13] = 0x34;
    const EthernetRepr eth = parse_ok(frame);
    EXPECT_EQ(eth.src, MacAddr::broadcast());
    EXPECT_EQ(eth.ethertype, 0x1234);
}

}  // namespace
}  // namespace sluice::wire
