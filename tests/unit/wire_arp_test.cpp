// ARP (RFC 826) against the golden vectors in tests/data/wire/arp_*.hex.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/arp.hpp>
#include <sluice/stack/wire/ethernet.hpp>

namespace sluice::wire {
namespace {

using stack::Drop;
using test::eth_payload;
using test::wire_vector;

const MacAddr kHostMac{{0x02, 0, 0, 0, 0, 0x01}};
const MacAddr kPeerMac{{0x02, 0, 0, 0, 0, 0x02}};
const Ipv4Addr kHostIp = Ipv4Addr::from_octets(10, 0, 0, 2);
const Ipv4Addr kPeerIp = Ipv4Addr::from_octets(10, 0, 0, 1);

Drop parse_drop(Bytes body) {
    ArpRepr arp;
    return ArpRepr::parse(body, arp);
}

ArpRepr parse_ok(Bytes body) {
    ArpRepr arp;
    EXPECT_EQ(ArpRepr::parse(body, arp), Drop::none);
    return arp;
}

std::vector<std::uint8_t> emit(const ArpRepr& arp) {
    std::vector<std::uint8_t> out(ArpRepr::buffer_len());
    arp.emit(out);
    return out;
}

// Emits Ethernet + ARP into one frame, as the stack does.
std::vector<std::uint8_t> emit_frame(const EthernetRepr& eth, const ArpRepr& arp) {
    std::vector<std::uint8_t> out(eth.header_len() + ArpRepr::buffer_len());
    eth.emit(out);
    arp.emit(MutableBytes(out).subspan(eth.header_len()));
    return out;
}

std::vector<std::uint8_t> first_bytes(Bytes b, std::size_t n) { return {b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)}; }

TEST(ArpPacket, RequestAccessors) {
    const auto frame = wire_vector("arp_request");
    const ArpPacket view(eth_payload(frame));
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.hardware_type(), 1);
    EXPECT_EQ(view.protocol_type(), 0x0800);
    EXPECT_EQ(view.hardware_len(), 6);
    EXPECT_EQ(view.protocol_len(), 4);
    EXPECT_EQ(view.operation(), 1);
    EXPECT_EQ(view.sender_mac(), kPeerMac);
    EXPECT_EQ(view.sender_ip(), kPeerIp);
    EXPECT_EQ(view.target_mac(), MacAddr{});
    EXPECT_EQ(view.target_ip(), kHostIp);
}

TEST(ArpPacket, CheckLen) {
    const auto frame = wire_vector("arp_request");
    const Bytes body = eth_payload(frame);
    ASSERT_EQ(body.size(), kArpLen);
    for (std::size_t len = 0; len < kArpLen; ++len) EXPECT_FALSE(ArpPacket(body.first(len)).check_len()) << len;
    EXPECT_TRUE(ArpPacket(body).check_len());
    // hlen=8 announces 8 + 2*8 + 2*4 = 32 bytes.
    const auto wide = wire_vector("arp_bad_hlen8");
    const Bytes wide_body = eth_payload(wide);
    ASSERT_EQ(wide_body.size(), 32u);
    EXPECT_TRUE(ArpPacket(wide_body).check_len());
    EXPECT_FALSE(ArpPacket(wide_body.first(31)).check_len());
    EXPECT_EQ(ArpPacket(wide_body).hardware_len(), 8);
}

// hlen=1, plen=1 announces only 12 bytes; the view still needs kArpLen so the
// fixed-offset address accessors stay in bounds, while parse() reports the
// real problem (the hardware length).
TEST(ArpPacket, ShortAnnouncedLengthsStillNeedFullBody) {
    std::vector<std::uint8_t> body{0x00, 0x01, 0x08, 0x00, 0x01, 0x01, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd};
    EXPECT_FALSE(ArpPacket(body).check_len());
    EXPECT_EQ(parse_drop(body), Drop::arp_bad_hardware);
}

TEST(ArpRepr, Request) {
    const auto frame = wire_vector("arp_request");
    const ArpRepr arp = parse_ok(eth_payload(frame));
    EXPECT_EQ(arp.operation, ArpOp::request);
    EXPECT_EQ(arp.sender_mac, kPeerMac);
    EXPECT_EQ(arp.sender_ip, kPeerIp);
    EXPECT_EQ(arp.target_mac, MacAddr{});
    EXPECT_EQ(arp.target_ip, kHostIp);
    EXPECT_EQ(emit(arp), first_bytes(eth_payload(frame), kArpLen));
}

TEST(ArpRepr, Reply) {
    const auto frame = wire_vector("arp_reply");
    const ArpRepr arp = parse_ok(eth_payload(frame));
    EXPECT_EQ(arp.operation, ArpOp::reply);
    EXPECT_EQ(arp.sender_mac, kHostMac);
    EXPECT_EQ(arp.sender_ip, kHostIp);
    EXPECT_EQ(arp.target_mac, kPeerMac);
    EXPECT_EQ(arp.target_ip, kPeerIp);
    EXPECT_EQ(emit(arp), first_bytes(eth_payload(frame), kArpLen));
}

TEST(ArpRepr, Gratuitous) {
    const auto frame = wire_vector("arp_gratuitous");
    const ArpRepr arp = parse_ok(eth_payload(frame));
    EXPECT_EQ(arp.operation, ArpOp::request);
    EXPECT_EQ(arp.sender_mac, kPeerMac);
    EXPECT_EQ(arp.sender_ip, kPeerIp);
    EXPECT_EQ(arp.target_mac, MacAddr{});
    EXPECT_EQ(arp.target_ip, kPeerIp);
    EXPECT_EQ(emit(arp), first_bytes(eth_payload(frame), kArpLen));
}

TEST(ArpRepr, PaddingIsIgnored) {
    const auto padded = wire_vector("arp_padded");
    ASSERT_EQ(padded.size(), 60u);
    const Bytes body = eth_payload(padded);
    EXPECT_EQ(body.size(), 46u);
    const ArpRepr arp = parse_ok(body);
    EXPECT_EQ(arp, parse_ok(eth_payload(wire_vector("arp_request"))));
    EXPECT_EQ(emit(arp), first_bytes(body, kArpLen));
}

TEST(ArpRepr, InsidePriorityTaggedFrame) {
    const auto frame = wire_vector("eth_priority_tagged");
    EXPECT_EQ(parse_ok(eth_payload(frame)), parse_ok(eth_payload(wire_vector("arp_request"))));
}

// Ethernet header + ARP body emitted together reproduce the scapy frame.
TEST(ArpRepr, WholeFrameEmit) {
    for (const char* name : {"arp_request", "arp_reply", "arp_gratuitous"}) {
        const auto frame = wire_vector(name);
        EthernetRepr eth;
        ASSERT_EQ(EthernetRepr::parse(frame, eth), Drop::none);
        EXPECT_EQ(emit_frame(eth, parse_ok(eth_payload(frame))), frame) << name;
    }
}

TEST(ArpRepr, RoundTrip) {
    for (const char* name : {"arp_request", "arp_reply", "arp_gratuitous", "arp_padded"}) {
        const ArpRepr first = parse_ok(eth_payload(wire_vector(name)));
        EXPECT_EQ(parse_ok(emit(first)), first) << name;
    }
}

TEST(ArpRepr, BadHardwareLength) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_bad_hlen8"))), Drop::arp_bad_hardware); }
TEST(ArpRepr, BadHardwareType) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_bad_htype6"))), Drop::arp_bad_hardware); }
TEST(ArpRepr, BadProtocolType) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_bad_ptype_ipv6"))), Drop::arp_bad_protocol); }
TEST(ArpRepr, BadProtocolLength) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_bad_plen16"))), Drop::arp_bad_protocol); }
TEST(ArpRepr, BadOperation) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_bad_op3"))), Drop::arp_bad_operation); }
TEST(ArpRepr, Truncated) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("arp_truncated"))), Drop::arp_truncated); }

TEST(ArpRepr, OperationZeroIsBad) {
    auto frame = wire_vector("arp_request");
    frame[14 + 7] = 0;
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::arp_bad_operation);
}

TEST(ArpRepr, EveryShortPrefixIsTruncated) {
    const auto frame = wire_vector("arp_request");
    const Bytes body = eth_payload(frame);
    for (std::size_t len = 0; len < kArpLen; ++len) EXPECT_EQ(parse_drop(body.first(len)), Drop::arp_truncated) << len;
}

// A body that announces more (hlen=8: 32 bytes) than it holds is truncated,
// even though its hardware length is also wrong: truncated is judged first.
TEST(ArpRepr, TruncationJudgedBeforeHardware) {
    const auto frame = wire_vector("arp_bad_hlen8");
    const Bytes body = eth_payload(frame);
    EXPECT_EQ(parse_drop(body.first(31)), Drop::arp_truncated);
    EXPECT_EQ(parse_drop(body.first(28)), Drop::arp_truncated);
    const auto wide_proto = wire_vector("arp_bad_plen16");
    EXPECT_EQ(parse_drop(eth_payload(wide_proto).first(51)), Drop::arp_truncated);
    EXPECT_EQ(parse_drop(eth_payload(wide_proto)), Drop::arp_bad_protocol);
}

// Drop order: hardware, then protocol, then operation.
TEST(ArpRepr, DropOrder) {
    auto frame = wire_vector("arp_bad_htype6");  // htype 6
    frame[14 + 2] = 0x86;                        // and ptype 0x86dd
    frame[14 + 3] = 0xdd;
    frame[14 + 7] = 3;                           // and op 3
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::arp_bad_hardware);
    auto proto = wire_vector("arp_bad_ptype_ipv6");
    proto[14 + 7] = 3;
    EXPECT_EQ(parse_drop(eth_payload(proto)), Drop::arp_bad_protocol);
}

TEST(ArpRepr, EmitFromValues) {
    const ArpRepr reply{ArpOp::reply, kHostMac, kHostIp, kPeerMac, kPeerIp};
    std::vector<std::uint8_t> out(kArpLen + 4, 0xee);
    reply.emit(out);
    const std::vector<std::uint8_t> expected{0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,
                                             0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 2,
                                             0x02, 0, 0, 0, 0, 0x02, 10, 0, 0, 1,
                                             0xee, 0xee, 0xee, 0xee};
    EXPECT_EQ(out, expected);
    EXPECT_EQ(emit(reply), first_bytes(eth_payload(wire_vector("arp_reply")), kArpLen));
}

}  // namespace
}  // namespace sluice::wire
