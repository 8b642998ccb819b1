// IPv4 (RFC 791 3.1, RFC 1122 3.2.1) against the golden vectors in
// tests/data/wire/{icmp,ipv4}_*.hex.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>

namespace sluice::wire {
namespace {

using stack::Drop;
using test::eth_payload;
using test::wire_vector;

const Ipv4Addr kHostIp = Ipv4Addr::from_octets(10, 0, 0, 2);
const Ipv4Addr kPeerIp = Ipv4Addr::from_octets(10, 0, 0, 1);

Drop parse_drop(Bytes packet, bool verify = true) {
    Ipv4Repr ip;
    return Ipv4Repr::parse(packet, ip, verify);
}

Ipv4Repr parse_ok(Bytes packet) {
    Ipv4Repr ip;
    EXPECT_EQ(Ipv4Repr::parse(packet, ip), Drop::none);
    return ip;
}

std::vector<std::uint8_t> emit(const Ipv4Repr& ip, bool fill_checksum = true) {
    std::vector<std::uint8_t> out(Ipv4Repr::buffer_len());
    ip.emit(out, fill_checksum);
    return out;
}

std::vector<std::uint8_t> first20(Bytes packet) { return {packet.begin(), packet.begin() + 20}; }

// What the generator put into each valid vector (see make_wire_vectors.py).
struct Golden {
    const char* name;
    Ipv4Repr repr;
    std::uint16_t checksum;
    std::size_t frame_ip_bytes;  ///< bytes after the Ethernet header (incl. padding)
};

Ipv4Repr repr(Ipv4Addr src, Ipv4Addr dst, std::uint16_t id, std::uint16_t payload_len) {
    Ipv4Repr r;
    r.src = src;
    r.dst = dst;
    r.protocol = ipproto::icmp;
    r.ttl = 64;
    r.identification = id;
    r.payload_len = payload_len;
    return r;
}

std::vector<Golden> golden_vectors() {
    std::vector<Golden> g;
    g.push_back({"icmp_echo_request", repr(kPeerIp, kHostIp, 0x1c46, 64), 0x4a61, 84});
    g.push_back({"icmp_echo_reply", repr(kHostIp, kPeerIp, 0x0001, 64), 0x66a6, 84});
    g.push_back({"ipv4_padded_small", repr(kPeerIp, kHostIp, 0x1c46, 12), 0x4a95, 46});
    g.push_back({"icmp_dest_unreachable", repr(kPeerIp, kHostIp, 0x0002, 36), 0x66c1, 56});
    Golden df{"ipv4_df", repr(kPeerIp, kHostIp, 0xbeef, 12), 0xa832, 32};
    df.repr.dont_fragment = true;
    df.repr.ttl = 255;
    df.repr.tos = 0xb8;
    g.push_back(df);
    Golden mtu{"icmp_echo_mtu", repr(kPeerIp, kHostIp, 0x1c46, 1480), 0x04d9, 1500};
    mtu.repr.dont_fragment = true;
    g.push_back(mtu);
    Golden first{"ipv4_fragment_first", repr(kPeerIp, kHostIp, 0x0bad, 1480), 0x3572, 1500};
    first.repr.more_fragments = true;
    g.push_back(first);
    Golden last{"ipv4_fragment_last", repr(kPeerIp, kHostIp, 0x0bad, 528), 0x5871, 548};
    last.repr.fragment_offset = 185 * 8;
    g.push_back(last);
    return g;
}

class Ipv4Golden : public ::testing::TestWithParam<Golden> {};

TEST_P(Ipv4Golden, ViewAccessors) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    const Bytes packet = eth_payload(frame);
    ASSERT_EQ(packet.size(), g.frame_ip_bytes);
    const Ipv4Packet view(packet);
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.version(), 4);
    EXPECT_EQ(view.ihl(), 5);
    EXPECT_EQ(view.header_len(), 20u);
    EXPECT_EQ(view.tos(), g.repr.tos);
    EXPECT_EQ(view.total_length(), 20 + g.repr.payload_len);
    EXPECT_EQ(view.identification(), g.repr.identification);
    EXPECT_EQ(view.dont_fragment(), g.repr.dont_fragment);
    EXPECT_EQ(view.more_fragments(), g.repr.more_fragments);
    EXPECT_EQ(view.fragment_offset(), g.repr.fragment_offset);
    EXPECT_EQ(view.ttl(), g.repr.ttl);
    EXPECT_EQ(view.protocol(), ipproto::icmp);
    EXPECT_EQ(view.header_checksum(), g.checksum);
    EXPECT_EQ(view.src(), g.repr.src);
    EXPECT_EQ(view.dst(), g.repr.dst);
    EXPECT_TRUE(view.verify_checksum());
}

TEST_P(Ipv4Golden, ParseEveryField) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    EXPECT_EQ(parse_ok(eth_payload(frame)), g.repr);
}

TEST_P(Ipv4Golden, EmitMatchesGoldenBytes) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    EXPECT_EQ(emit(g.repr), first20(eth_payload(frame)));
}

TEST_P(Ipv4Golden, RoundTrip) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    const Ipv4Repr first = parse_ok(eth_payload(frame));
    // emit writes only the header; the total length it announces needs payload.
    std::vector<std::uint8_t> packet(20 + first.payload_len);
    first.emit(packet);
    EXPECT_EQ(parse_ok(packet), first);
}

TEST_P(Ipv4Golden, EmitWithoutChecksumLeavesZero) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    auto expected = first20(eth_payload(frame));
    expected[10] = 0;
    expected[11] = 0;
    EXPECT_EQ(emit(g.repr, false), expected);
}

TEST_P(Ipv4Golden, EveryShortPrefixIsRejected) {
    const Golden& g = GetParam();
    const auto frame = wire_vector(g.name);
    const Bytes packet = eth_payload(frame);
    for (std::size_t len = 0; len < 20; ++len) EXPECT_EQ(parse_drop(packet.first(len)), Drop::ipv4_truncated) << len;
    const std::size_t total = 20u + g.repr.payload_len;
    for (std::size_t len = 20; len < total; len += (len < 64 ? 1 : 97))
        EXPECT_EQ(parse_drop(packet.first(len)), Drop::ipv4_bad_total_length) << len;
    EXPECT_EQ(parse_drop(packet.first(total)), Drop::none);
}

INSTANTIATE_TEST_SUITE_P(Vectors, Ipv4Golden, ::testing::ValuesIn(golden_vectors()),
                         [](const auto& vector) { return std::string(vector.param.name); });

TEST(Ipv4Repr, FragmentPredicate) {
    EXPECT_FALSE(parse_ok(eth_payload(wire_vector("icmp_echo_request"))).is_fragment());
    EXPECT_FALSE(parse_ok(eth_payload(wire_vector("ipv4_df"))).is_fragment());
    EXPECT_TRUE(parse_ok(eth_payload(wire_vector("ipv4_fragment_first"))).is_fragment());
    EXPECT_TRUE(parse_ok(eth_payload(wire_vector("ipv4_fragment_last"))).is_fragment());
}

// IHL 6 (Router Alert): parse only, emit writes no options.
TEST(Ipv4Repr, OptionsAreSkipped) {
    const auto frame = wire_vector("ipv4_options_router_alert");
    const Bytes packet = eth_payload(frame);
    const Ipv4Packet view(packet);
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.ihl(), 6);
    EXPECT_EQ(view.header_len(), 24u);
    EXPECT_EQ(view.total_length(), 36);
    EXPECT_EQ(view.header_checksum(), 0xb58c);
    EXPECT_TRUE(view.verify_checksum());
    EXPECT_EQ(packet[20], 0x94);  // the option itself (RFC 2113)
    const Ipv4Repr ip = parse_ok(packet);
    EXPECT_EQ(ip.header_len, 24);
    EXPECT_EQ(ip.payload_len, 12);
    EXPECT_EQ(ip.src, kPeerIp);
    EXPECT_EQ(ip.dst, kHostIp);
    EXPECT_EQ(ip.protocol, ipproto::icmp);
    IcmpRepr icmp;
    ASSERT_EQ(IcmpRepr::parse(packet.subspan(ip.header_len, ip.payload_len), icmp), Drop::none);
    EXPECT_EQ(icmp.type, icmptype::echo_request);
    // Re-emitted without options: a valid 20-byte header with the same fields.
    const auto header = emit(ip);
    EXPECT_EQ(header[0], 0x45);
    std::vector<std::uint8_t> reemitted(header);
    reemitted.resize(20 + ip.payload_len);
    Ipv4Repr again = parse_ok(reemitted);
    EXPECT_EQ(again.header_len, 20);
    again.header_len = 24;
    EXPECT_EQ(again, ip);
}

// Frame padded to 60 bytes with 0xa5: the payload ends at total length.
TEST(Ipv4Repr, LinkPaddingIsNotPayload) {
    const auto frame = wire_vector("ipv4_padded_small");
    ASSERT_EQ(frame.size(), 60u);
    const Bytes packet = eth_payload(frame);
    const Ipv4Repr ip = parse_ok(packet);
    EXPECT_EQ(ip.payload_len, 12);
    IcmpRepr icmp;
    EXPECT_EQ(IcmpRepr::parse(packet.subspan(20, ip.payload_len), icmp), Drop::none);
    EXPECT_EQ(icmp.data.size(), 4u);
    // Taking the padding as payload would break the ICMP checksum.
    EXPECT_EQ(IcmpRepr::parse(packet.subspan(20), icmp), Drop::icmp_bad_checksum);
}

TEST(Ipv4Repr, BadChecksum) {
    const auto frame = wire_vector("ipv4_bad_checksum");
    const Bytes packet = eth_payload(frame);
    EXPECT_FALSE(Ipv4Packet(packet).verify_checksum());
    EXPECT_EQ(Ipv4Packet(packet).header_checksum(), 0xdead);
    EXPECT_EQ(parse_drop(packet), Drop::ipv4_bad_checksum);
    // Not verified (e.g. the NIC checked it): accepted, fields intact.
    Ipv4Repr ip;
    ASSERT_EQ(Ipv4Repr::parse(packet, ip, false), Drop::none);
    EXPECT_EQ(ip, parse_ok(eth_payload(wire_vector("icmp_echo_request"))));
}

TEST(Ipv4Repr, IhlBelowFive) { EXPECT_EQ(parse_drop(eth_payload(wire_vector("ipv4_ihl4"))), Drop::ipv4_bad_ihl); }

TEST(Ipv4Repr, Version6) {
    const auto frame = wire_vector("ipv4_version6");
    EXPECT_EQ(Ipv4Packet(eth_payload(frame)).version(), 6);
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::ipv4_bad_version);
}

TEST(Ipv4Repr, TotalLengthBeyondFrame) {
    const auto frame = wire_vector("ipv4_total_length_beyond_frame");
    EXPECT_EQ(Ipv4Packet(eth_payload(frame)).total_length(), 200);
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::ipv4_bad_total_length);
}

TEST(Ipv4Repr, TotalLengthBelowIhl) {
    const auto frame = wire_vector("ipv4_total_length_below_ihl");
    EXPECT_EQ(Ipv4Packet(eth_payload(frame)).total_length(), 16);
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::ipv4_bad_total_length);
}

TEST(Ipv4Repr, Truncated19) {
    const auto frame = wire_vector("ipv4_truncated");
    ASSERT_EQ(eth_payload(frame).size(), 19u);
    EXPECT_FALSE(Ipv4Packet(eth_payload(frame)).check_len());
    EXPECT_EQ(parse_drop(eth_payload(frame)), Drop::ipv4_truncated);
}

// IHL 15 (60 bytes) in a shorter packet: truncated, and verify_checksum does
// not read past the end.
TEST(Ipv4Repr, HeaderLongerThanPacketIsTruncated) {
    auto frame = wire_vector("ipv4_padded_small");
    MutableBytes packet = MutableBytes(frame).subspan(14);
    packet[0] = 0x4f;
    EXPECT_EQ(parse_drop(packet), Drop::ipv4_truncated);
    EXPECT_FALSE(Ipv4Packet(packet).verify_checksum());
}

TEST(Ipv4Repr, DropOrder) {
    // Version 6 with IHL 4: version is judged first.
    auto frame = wire_vector("ipv4_ihl4");
    MutableBytes packet = MutableBytes(frame).subspan(14);
    packet[0] = 0x64;
    EXPECT_EQ(parse_drop(packet), Drop::ipv4_bad_version);
    // Bad total length and bad checksum: total length first.
    auto bad = wire_vector("ipv4_bad_checksum");
    MutableBytes bad_packet = MutableBytes(bad).subspan(14);
    bad_packet[2] = 0x10;
    EXPECT_EQ(parse_drop(bad_packet), Drop::ipv4_bad_total_length);
    // IHL 4 with a bad checksum: IHL first.
    auto ihl = wire_vector("ipv4_ihl4");
    ihl[14 + 10] ^= 0xff;
    EXPECT_EQ(parse_drop(Bytes(ihl).subspan(14)), Drop::ipv4_bad_ihl);
}

// TTL, addresses and fragments are the caller's business.
TEST(Ipv4Repr, DoesNotJudgeTtlOrAddresses) {
    Ipv4Repr ip = parse_ok(eth_payload(wire_vector("icmp_echo_request")));
    ip.ttl = 0;
    ip.src = Ipv4Addr::limited_broadcast();
    ip.dst = Ipv4Addr::from_octets(224, 0, 0, 1);
    std::vector<std::uint8_t> packet(20 + ip.payload_len);
    ip.emit(packet);
    EXPECT_EQ(parse_ok(packet), ip);
}

TEST(Ipv4Repr, EmitLargestPayload) {
    Ipv4Repr ip = repr(kPeerIp, kHostIp, 7, 65535 - 20);
    const auto header = emit(ip);
    EXPECT_EQ(header[2], 0xff);
    EXPECT_EQ(header[3], 0xff);
    EXPECT_EQ(internet_checksum(header), 0);
}

TEST(Ipv4Repr, EmitLargestFragmentOffset) {
    Ipv4Repr ip = repr(kPeerIp, kHostIp, 7, 8);
    ip.fragment_offset = 8191 * 8;
    ip.more_fragments = true;
    ip.dont_fragment = true;
    const auto header = emit(ip);
    EXPECT_EQ(header[6], 0x7f);  // DF | MF | top offset bits
    EXPECT_EQ(header[7], 0xff);
    EXPECT_EQ(Ipv4Packet(header).fragment_offset(), 65528);
}

}  // namespace
}  // namespace sluice::wire
