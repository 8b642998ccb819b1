// ICMP (RFC 792) against the golden vectors in tests/data/wire/icmp_*.hex.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <algorithm>

namespace sluice::wire {
namespace {

using stack::Drop;
using test::eth_payload;
using test::ipv4_payload;
using test::wire_vector;

// The 56 bytes ping(8)-like data of the echo vectors (make_wire_vectors.py).
std::vector<std::uint8_t> ping_data() {
    std::vector<std::uint8_t> d{0x65, 0x53, 0xf1, 0x00, 0x00, 0x00, 0x00, 0x00};
    for (std::uint8_t b = 0x10; b < 0x40; ++b) d.push_back(b);
    return d;
}

std::vector<std::uint8_t> mtu_data() {
    std::vector<std::uint8_t> d(1472);
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(i & 0xff);
    return d;
}

/// The ICMP message of a golden frame (Ethernet and IPv4 stripped).
Bytes icmp_of(const std::vector<std::uint8_t>& frame) { return ipv4_payload(eth_payload(frame)); }

std::vector<std::uint8_t> to_vec(Bytes b) { return {b.begin(), b.end()}; }

Drop parse_drop(Bytes message, bool verify = true) {
    IcmpRepr icmp;
    return IcmpRepr::parse(message, icmp, verify);
}

IcmpRepr parse_ok(Bytes message) {
    IcmpRepr icmp;
    EXPECT_EQ(IcmpRepr::parse(message, icmp), Drop::none);
    return icmp;
}

std::vector<std::uint8_t> emit(const IcmpRepr& icmp) {
    std::vector<std::uint8_t> out(icmp.buffer_len());
    icmp.emit(out);
    return out;
}

TEST(IcmpPacket, EchoRequestAccessors) {
    const auto frame = wire_vector("icmp_echo_request");
    const Bytes message = icmp_of(frame);
    ASSERT_EQ(message.size(), 64u);
    const IcmpPacket view(message);
    ASSERT_TRUE(view.check_len());
    EXPECT_EQ(view.type(), icmptype::echo_request);
    EXPECT_EQ(view.code(), 0);
    EXPECT_EQ(view.checksum(), 0xe3b2);
    EXPECT_EQ(view.echo_identifier(), 0x1234);
    EXPECT_EQ(view.echo_sequence(), 1);
    EXPECT_EQ(view.rest_of_header(), 0x12340001u);
    EXPECT_EQ(to_vec(view.data()), ping_data());
    EXPECT_EQ(view.data().data(), message.data() + 8);
    EXPECT_TRUE(view.verify_checksum());
}

TEST(IcmpPacket, CheckLen) {
    const auto frame = wire_vector("icmp_echo_request");
    const Bytes message = icmp_of(frame);
    for (std::size_t len = 0; len < 8; ++len) EXPECT_FALSE(IcmpPacket(message.first(len)).check_len());
    EXPECT_TRUE(IcmpPacket(message.first(8)).check_len());
    EXPECT_TRUE(IcmpPacket(message.first(8)).data().empty());
}

TEST(IcmpRepr, EchoRequest) {
    const auto frame = wire_vector("icmp_echo_request");
    const Bytes message = icmp_of(frame);
    const IcmpRepr icmp = parse_ok(message);
    EXPECT_EQ(icmp.type, icmptype::echo_request);
    EXPECT_EQ(icmp.code, 0);
    EXPECT_EQ(icmp.rest_of_header, 0x12340001u);
    EXPECT_EQ(icmp.identifier(), 0x1234);
    EXPECT_EQ(icmp.sequence(), 1);
    EXPECT_EQ(icmp.data.data(), message.data() + 8);  // aliases the buffer
    EXPECT_EQ(to_vec(icmp.data), ping_data());
    EXPECT_EQ(icmp.buffer_len(), 64u);
    EXPECT_EQ(emit(icmp), to_vec(message));
}

TEST(IcmpRepr, EchoReply) {
    const auto frame = wire_vector("icmp_echo_reply");
    const Bytes message = icmp_of(frame);
    const IcmpRepr icmp = parse_ok(message);
    EXPECT_EQ(icmp.type, icmptype::echo_reply);
    EXPECT_EQ(icmp.code, 0);
    EXPECT_EQ(icmp.identifier(), 0x1234);
    EXPECT_EQ(icmp.sequence(), 1);
    EXPECT_EQ(to_vec(icmp.data), ping_data());
    const auto data = ping_data();
    EXPECT_EQ(emit(IcmpRepr::echo(icmptype::echo_reply, 0x1234, 1, data)), to_vec(message));
}

TEST(IcmpRepr, FullMtuEcho) {
    const auto frame = wire_vector("icmp_echo_mtu");
    ASSERT_EQ(frame.size(), 1514u);
    const Bytes message = icmp_of(frame);
    ASSERT_EQ(message.size(), 1480u);
    const IcmpRepr icmp = parse_ok(message);
    EXPECT_EQ(icmp.type, icmptype::echo_request);
    EXPECT_EQ(icmp.identifier(), 0x1234);
    EXPECT_EQ(icmp.sequence(), 7);
    EXPECT_EQ(to_vec(icmp.data), mtu_data());
    const auto data = mtu_data();
    EXPECT_EQ(emit(IcmpRepr::echo(icmptype::echo_request, 0x1234, 7, data)), to_vec(message));
}

TEST(IcmpRepr, DestinationUnreachable) {
    const auto frame = wire_vector("icmp_dest_unreachable");
    const Bytes message = icmp_of(frame);
    ASSERT_EQ(message.size(), 36u);
    const IcmpRepr icmp = parse_ok(message);
    EXPECT_EQ(icmp.type, icmptype::dest_unreachable);
    EXPECT_EQ(icmp.code, 4);
    EXPECT_EQ(icmp.rest_of_header, 1400u);  // unused(16) | next-hop MTU (RFC 1191)
    ASSERT_EQ(icmp.data.size(), 28u);       // quoted IPv4 header + 8 bytes
    const Ipv4Packet quoted(icmp.data);
    ASSERT_TRUE(quoted.check_len());
    EXPECT_EQ(quoted.src(), Ipv4Addr::from_octets(10, 0, 0, 2));
    EXPECT_EQ(quoted.dst(), Ipv4Addr::from_octets(192, 0, 2, 7));
    EXPECT_EQ(quoted.protocol(), ipproto::udp);
    EXPECT_EQ(quoted.identification(), 0x4242);
    EXPECT_TRUE(quoted.dont_fragment());
    EXPECT_TRUE(quoted.verify_checksum());
    EXPECT_EQ(emit(icmp), to_vec(message));
}

TEST(IcmpRepr, RoundTrip) {
    for (const char* name : {"icmp_echo_request", "icmp_echo_reply", "icmp_echo_mtu", "icmp_dest_unreachable",
                             "ipv4_df", "eth_untagged"}) {
        const auto frame = wire_vector(name);
        const IcmpRepr first = parse_ok(icmp_of(frame));
        const auto bytes = emit(first);
        const IcmpRepr second = parse_ok(bytes);
        EXPECT_EQ(second.type, first.type) << name;
        EXPECT_EQ(second.code, first.code) << name;
        EXPECT_EQ(second.rest_of_header, first.rest_of_header) << name;
        EXPECT_EQ(to_vec(second.data), to_vec(first.data)) << name;
    }
}

// Turning the request into the reply in place, as an echo responder does:
// the data already sits at out[8..] and is not copied.
IcmpRepr reply_in_place(MutableBytes message) {
    const IcmpRepr request = parse_ok(message);
    const IcmpRepr reply = IcmpRepr::echo(icmptype::echo_reply, request.identifier(), request.sequence(),
                                          request.data);
    EXPECT_EQ(reply.data.data(), message.data() + 8);
    reply.emit(message);
    return reply;
}

TEST(IcmpRepr, InPlaceEmitTurnsRequestIntoReply) {
    auto frame = wire_vector("icmp_echo_request");
    const MutableBytes message = MutableBytes(frame).subspan(34);
    reply_in_place(message);
    EXPECT_EQ(to_vec(message), to_vec(icmp_of(wire_vector("icmp_echo_reply"))));
}

TEST(IcmpRepr, InPlaceEmitFullMtu) {
    auto frame = wire_vector("icmp_echo_mtu");
    const MutableBytes message = MutableBytes(frame).subspan(34);
    reply_in_place(message);
    const IcmpRepr reply = parse_ok(message);
    EXPECT_EQ(reply.type, icmptype::echo_reply);
    EXPECT_EQ(reply.identifier(), 0x1234);
    EXPECT_EQ(reply.sequence(), 7);
    EXPECT_EQ(to_vec(reply.data), mtu_data());
}

// Data elsewhere in the same buffer (overlapping the destination) is moved.
TEST(IcmpRepr, EmitFromOverlappingData) {
    std::vector<std::uint8_t> buffer(64, 0);
    for (std::size_t i = 0; i < 20; ++i) buffer[12 + i] = static_cast<std::uint8_t>(0xa0 + i);
    const std::vector<std::uint8_t> data(buffer.begin() + 12, buffer.begin() + 32);
    const IcmpRepr icmp = IcmpRepr::echo(icmptype::echo_request, 1, 2, Bytes(buffer).subspan(12, 20));
    icmp.emit(MutableBytes(buffer).first(28));
    const IcmpRepr back = parse_ok(Bytes(buffer).first(28));
    EXPECT_EQ(to_vec(back.data), data);
    EXPECT_EQ(back.sequence(), 2);
}

TEST(IcmpRepr, EmitOddLengthAndEmptyData) {
    const std::vector<std::uint8_t> odd{0x01, 0x02, 0x03};
    const auto with_odd = emit(IcmpRepr::echo(icmptype::echo_request, 0xabcd, 9, odd));
    ASSERT_EQ(with_odd.size(), 11u);
    EXPECT_EQ(internet_checksum(with_odd), 0);
    EXPECT_EQ(to_vec(parse_ok(with_odd).data), odd);
    const auto empty = emit(IcmpRepr::echo(icmptype::echo_request, 0xabcd, 9, {}));
    ASSERT_EQ(empty.size(), 8u);
    // 0x0800 + 0xabcd + 0x0009 = 0xb3d6, checksum 0x4c29.
    EXPECT_EQ(empty, (std::vector<std::uint8_t>{0x08, 0x00, 0x4c, 0x29, 0xab, 0xcd, 0x00, 0x09}));
}

TEST(IcmpRepr, BadChecksum) {
    const auto frame = wire_vector("icmp_bad_checksum");
    const Bytes message = icmp_of(frame);
    EXPECT_EQ(IcmpPacket(message).checksum(), 0xbeef);
    EXPECT_FALSE(IcmpPacket(message).verify_checksum());
    EXPECT_EQ(parse_drop(message), Drop::icmp_bad_checksum);
    IcmpRepr icmp;
    ASSERT_EQ(IcmpRepr::parse(message, icmp, false), Drop::none);
    EXPECT_EQ(icmp.identifier(), 0x1234);
    EXPECT_EQ(to_vec(icmp.data), ping_data());
}

TEST(IcmpRepr, Truncated7) {
    const auto frame = wire_vector("icmp_truncated");
    const Bytes message = icmp_of(frame);  // the IPv4 layer is fine
    ASSERT_EQ(message.size(), 7u);
    EXPECT_EQ(parse_drop(message), Drop::icmp_truncated);
    EXPECT_EQ(parse_drop(message, false), Drop::icmp_truncated);
}

TEST(IcmpRepr, EveryShortPrefixIsTruncated) {
    const auto frame = wire_vector("icmp_echo_request");
    const Bytes message = icmp_of(frame);
    for (std::size_t len = 0; len < 8; ++len) EXPECT_EQ(parse_drop(message.first(len)), Drop::icmp_truncated);
}

TEST(IcmpRepr, AnyTypeAndCodeAccepted) {
    for (int type : {5, 11, 12, 13, 42, 255}) {
        const IcmpRepr in{static_cast<std::uint8_t>(type), 7, 0xdeadbeef, {}};
        const IcmpRepr out = parse_ok(emit(in));
        EXPECT_EQ(out.type, type);
        EXPECT_EQ(out.code, 7);
        EXPECT_EQ(out.rest_of_header, 0xdeadbeefu);
    }
}

}  // namespace
}  // namespace sluice::wire
