// One-byte corruption of every valid golden vector, in the manner of DPDK's
// app/test/test_cksum.c: a corrupted checksum-covered byte must be rejected,
// and recomputing the checksum must make the packet acceptable again.
//
// Covered: every byte of the IPv4 header (RFC 791 header checksum) and every
// byte of the ICMP message (RFC 792 checksum over header and data). Ethernet
// and ARP carry no checksum (the FCS is stripped by the NIC), so they are not
// corrupted here. A one-byte change is always detected by the Internet
// checksum: it moves the sum by d or d*256 with 0 < |d| < 256, never a
// multiple of 0xffff.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <set>

namespace sluice::wire {
namespace {

using stack::Drop;
using test::wire_vector;

constexpr std::size_t kIpOffset = kEthernetHeaderLen;  // all vectors below are untagged
constexpr std::uint8_t kMasks[] = {0x01, 0x80, 0xff};

// Every valid vector that carries IPv4 + ICMP in an untagged frame.
const char* const kIpv4Vectors[] = {"eth_untagged", "icmp_echo_request", "icmp_echo_reply", "icmp_echo_mtu",
                                    "icmp_dest_unreachable", "ipv4_options_router_alert", "ipv4_padded_small",
                                    "ipv4_df", "ipv4_fragment_first", "ipv4_fragment_last"};
// Those whose IPv4 payload is a whole ICMP message (not a fragment of one).
const char* const kIcmpVectors[] = {"eth_untagged", "icmp_echo_request", "icmp_echo_reply", "icmp_echo_mtu",
                                    "icmp_dest_unreachable", "ipv4_options_router_alert", "ipv4_padded_small",
                                    "ipv4_df"};

Drop parse_ip(Bytes packet, Ipv4Repr& ip) { return Ipv4Repr::parse(packet, ip); }

void refill_ipv4_checksum(MutableBytes header) {
    header[10] = 0;
    header[11] = 0;
    const std::uint16_t sum = internet_checksum(header);
    header[10] = static_cast<std::uint8_t>(sum >> 8);
    header[11] = static_cast<std::uint8_t>(sum & 0xff);
}

class Ipv4Corruption : public ::testing::TestWithParam<const char*> {};

// Bytes other than version/IHL (0) and total length (2, 3) are only guarded
// by the checksum: exactly ipv4_bad_checksum, then accepted once refilled.
TEST_P(Ipv4Corruption, ChecksumCoveredBytes) {
    const auto golden = wire_vector(GetParam());
    Ipv4Repr ip;
    ASSERT_EQ(parse_ip(Bytes(golden).subspan(kIpOffset), ip), Drop::none);
    for (std::size_t at = 0; at < ip.header_len; ++at) {
        if (at == 0 || at == 2 || at == 3) continue;
        for (std::uint8_t mask : kMasks) {
            auto frame = golden;
            const MutableBytes packet = MutableBytes(frame).subspan(kIpOffset);
            packet[at] ^= mask;
            Ipv4Repr bad;
            EXPECT_EQ(parse_ip(packet, bad), Drop::ipv4_bad_checksum) << "byte " << at << " ^ " << int{mask};
            EXPECT_EQ(Ipv4Repr::parse(packet, bad, false), Drop::none) << "byte " << at;
            refill_ipv4_checksum(packet.first(ip.header_len));
            if (at == 10 || at == 11) {
                EXPECT_EQ(frame, golden) << "refilled checksum differs from scapy's";
            }
            EXPECT_EQ(parse_ip(packet, bad), Drop::none) << "byte " << at;
        }
    }
}

// Version/IHL and total length: rejected, by a structural check or the checksum.
TEST_P(Ipv4Corruption, StructuralBytes) {
    const auto golden = wire_vector(GetParam());
    const std::set<Drop> allowed{Drop::ipv4_truncated, Drop::ipv4_bad_version, Drop::ipv4_bad_ihl,
                                 Drop::ipv4_bad_total_length, Drop::ipv4_bad_checksum};
    for (std::size_t at : {0, 2, 3}) {
        for (std::uint8_t mask : kMasks) {
            auto frame = golden;
            frame[kIpOffset + at] ^= mask;
            Ipv4Repr ip;
            const Drop drop = parse_ip(Bytes(frame).subspan(kIpOffset), ip);
            EXPECT_TRUE(allowed.count(drop) == 1) << "byte " << at << " ^ " << int{mask} << ": " << drop_name(drop);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Vectors, Ipv4Corruption, ::testing::ValuesIn(kIpv4Vectors),
                         [](const auto& vector) { return std::string(vector.param); });

class IcmpCorruption : public ::testing::TestWithParam<const char*> {};

TEST_P(IcmpCorruption, EveryByteOfTheMessage) {
    const auto golden = wire_vector(GetParam());
    const Bytes packet = Bytes(golden).subspan(kIpOffset);
    Ipv4Repr ip;
    ASSERT_EQ(parse_ip(packet, ip), Drop::none);
    const std::size_t begin = kIpOffset + ip.header_len;
    const std::size_t len = ip.payload_len;
    for (std::size_t at = 0; at < len; ++at) {
        for (std::uint8_t mask : kMasks) {
            auto frame = golden;
            const MutableBytes message = MutableBytes(frame).subspan(begin, len);
            message[at] ^= mask;
            IcmpRepr icmp;
            ASSERT_EQ(IcmpRepr::parse(message, icmp), Drop::icmp_bad_checksum) << "byte " << at << " ^ " << int{mask};
            ASSERT_EQ(IcmpRepr::parse(message, icmp, false), Drop::none);
            icmp.emit(message);  // in place: recomputes the checksum
            ASSERT_EQ(IcmpRepr::parse(message, icmp), Drop::none) << "byte " << at;
            if (at == 2 || at == 3) {
                EXPECT_EQ(frame, golden) << "recomputed checksum differs from scapy's";
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Vectors, IcmpCorruption, ::testing::ValuesIn(kIcmpVectors),
                         [](const auto& vector) { return std::string(vector.param); });

}  // namespace
}  // namespace sluice::wire
