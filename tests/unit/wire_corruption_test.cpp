// One-byte corruption of every valid golden vector, in the manner of DPDK's
// app/test/test_cksum.c: a corrupted checksum-covered byte must be rejected,
// and recomputing the checksum must make the packet acceptable again.
//
// Covered: every byte of the IPv4 header (RFC 791 header checksum), every
// byte of the ICMP message (RFC 792 checksum over header and data), and every
// byte of the TCP segment and of the addresses in its pseudo-header (RFC 9293
// section 3.1 checksum over pseudo-header, header, options and data). Ethernet
// and ARP carry no checksum (the FCS is stripped by the NIC), so they are not
// corrupted here. A one-byte change is always detected by the Internet
// checksum: it moves the sum by d or d*256 with 0 < |d| < 256, never a
// multiple of 0xffff.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/tcp.hpp>

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

// Every valid vector that carries IPv4 + TCP with a correct checksum.
const char* const kTcpVectors[] = {"tcp_syn", "tcp_syn_ack", "tcp_syn_ecn", "tcp_data_ts", "tcp_ack_sack1",
                                   "tcp_ack_sack2", "tcp_ack_sack3", "tcp_ack_sack4", "tcp_fin", "tcp_rst",
                                   "tcp_urgent", "tcp_reserved_bits", "tcp_unknown_options", "tcp_eol_padding",
                                   "tcp_eol_then_garbage", "tcp_nop_only", "tcp_nops_unaligned",
                                   "tcp_ts_sack_unaligned"};

// What parse may say about a segment with one corrupted byte: fine, or a
// structural TCP reason (a changed data offset or option byte), never more.
const std::set<Drop> kTcpStructural{Drop::none,
                                    Drop::tcp_truncated,
                                    Drop::tcp_bad_data_offset,
                                    Drop::tcp_option_past_header,
                                    Drop::tcp_bad_option_length,
                                    Drop::tcp_option_wrong_length,
                                    Drop::tcp_duplicate_option};

class TcpCorruption : public ::testing::TestWithParam<const char*> {};

TEST_P(TcpCorruption, EveryByteOfTheSegment) {
    const auto golden = wire_vector(GetParam());
    Ipv4Repr ip;
    ASSERT_EQ(parse_ip(Bytes(golden).subspan(kIpOffset), ip), Drop::none);
    const std::size_t begin = kIpOffset + ip.header_len;
    const std::size_t len = ip.payload_len;
    ASSERT_TRUE(tcp_ipv4_checksum_valid(ip.src, ip.dst, Bytes(golden).subspan(begin, len)));
    for (std::size_t at = 0; at < len; ++at) {
        for (std::uint8_t mask : kMasks) {
            auto frame = golden;
            const MutableBytes segment = MutableBytes(frame).subspan(begin, len);
            segment[at] ^= mask;
            ASSERT_FALSE(tcp_ipv4_checksum_valid(ip.src, ip.dst, segment)) << "byte " << at << " ^ " << int{mask};
            TcpRepr tcp;
            TcpOptions options;
            const Drop drop = TcpRepr::parse(segment, segment.size(), tcp, options);
            EXPECT_EQ(kTcpStructural.count(drop), 1u) << "byte " << at << ": " << drop_name(drop);
            fill_tcp_ipv4_checksum(ip.src, ip.dst, segment);
            ASSERT_TRUE(tcp_ipv4_checksum_valid(ip.src, ip.dst, segment)) << "byte " << at;
            if (at == 16 || at == 17) {
                EXPECT_EQ(frame, golden) << "recomputed checksum differs from scapy's";
            }
        }
    }
}

// The pseudo-header's addresses are covered: a segment delivered with a
// corrupted source or destination address does not verify.
TEST_P(TcpCorruption, PseudoHeaderAddresses) {
    const auto golden = wire_vector(GetParam());
    Ipv4Repr ip;
    ASSERT_EQ(parse_ip(Bytes(golden).subspan(kIpOffset), ip), Drop::none);
    const Bytes segment = Bytes(golden).subspan(kIpOffset + ip.header_len, ip.payload_len);
    for (int bit = 0; bit < 32; ++bit) {
        const Ipv4Addr flipped_src{ip.src.value ^ (1u << bit)};
        const Ipv4Addr flipped_dst{ip.dst.value ^ (1u << bit)};
        EXPECT_FALSE(tcp_ipv4_checksum_valid(flipped_src, ip.dst, segment)) << "source bit " << bit;
        EXPECT_FALSE(tcp_ipv4_checksum_valid(ip.src, flipped_dst, segment)) << "destination bit " << bit;
    }
}

INSTANTIATE_TEST_SUITE_P(Vectors, TcpCorruption, ::testing::ValuesIn(kTcpVectors),
                         [](const auto& vector) { return std::string(vector.param); });

}  // namespace
}  // namespace sluice::wire
