// TCP header and options (RFC 9293 3.1, 3.2; RFC 7323; RFC 2018) against the
// golden vectors in tests/data/wire/tcp_*.hex: every field of each valid
// vector, emit byte for byte (or the canonical layout where scapy's differs),
// emit -> parse round trips, the exact drop of each malformed vector, the
// checksum, and hand-built option areas for what the vectors do not cover.
#include "wire_test_support.hpp"

#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/tcp.hpp>

#include <algorithm>
#include <random>
#include <string>

namespace sluice::wire {

// Readable values in GoogleTest failure messages.
void PrintTo(const TcpRepr& t, std::ostream* os) {
    *os << "{ports " << t.src_port << "->" << t.dst_port << std::hex << " seq 0x" << t.seq << " ack 0x" << t.ack
        << " flags 0x" << int{t.flags} << std::dec << " offset " << int{t.data_offset} << " window " << t.window
        << std::hex << " checksum 0x" << t.checksum << std::dec << " urgent " << t.urgent_pointer << "}";
}

void PrintTo(const TcpOptions& o, std::ostream* os) {
    *os << "{";
    if (o.mss) *os << "mss " << *o.mss << " ";
    if (o.window_scale) *os << "ws " << int{*o.window_scale} << " ";
    if (o.sack_permitted) *os << "sack_permitted ";
    if (o.timestamps) *os << std::hex << "ts 0x" << o.timestamps->value << "/0x" << o.timestamps->echo << std::dec << " ";
    for (const auto& b : o.sack_blocks) *os << std::hex << "[0x" << b.left << ",0x" << b.right << ") " << std::dec;
    *os << "sacks " << int{o.sack_block_count} << " unknown " << int{o.unknown_count} << "}";
}

namespace {

using stack::Drop;
using test::eth_payload;
using test::wire_vector;
using Buffer = std::vector<std::uint8_t>;

// The generator's constants (make_wire_vectors.py).
constexpr std::uint16_t kPeerPort = 40000;
constexpr std::uint16_t kHostPort = 80;
constexpr std::uint32_t kPeerIsn = 0xfffff000;
constexpr std::uint32_t kHostIsn = 0x5e6f7080;
constexpr std::uint32_t kPeerTsval = 0x00c0ffee;
constexpr std::uint32_t kHostTsval = 0x0badf00d;
const Ipv4Addr kHostIp = Ipv4Addr::from_octets(10, 0, 0, 2);
const Ipv4Addr kPeerIp = Ipv4Addr::from_octets(10, 0, 0, 1);
const std::string kData = "hello, sluice!\n";

constexpr std::uint32_t peer_seq(std::uint32_t n) { return kPeerIsn + n; }  // wraps mod 2^32
constexpr std::uint32_t host_seq(std::uint32_t n) { return kHostIsn + n; }

Buffer to_vec(Bytes b) { return {b.begin(), b.end()}; }
Buffer data_bytes() { return {kData.begin(), kData.end()}; }

Buffer hex(std::string_view text) { return test::parse_hex(text); }

/// The IPv4 layer of a golden frame (its own parse must succeed).
Ipv4Repr ip_of(const Buffer& frame) {
    Ipv4Repr ip;
    EXPECT_EQ(Ipv4Repr::parse(eth_payload(frame), ip), Drop::none);
    EXPECT_EQ(ip.protocol, ipproto::tcp);
    return ip;
}

/// The TCP segment of a golden frame: the IPv4 payload.
Bytes segment_of(const Buffer& frame) { return test::ipv4_payload(eth_payload(frame)); }

Drop parse_drop(Bytes segment) {
    TcpRepr tcp;
    TcpOptions options;
    return TcpRepr::parse(segment, segment.size(), tcp, options);
}

struct Parsed {
    TcpRepr tcp;
    TcpOptions options;
};

Parsed parse_ok(Bytes segment) {
    Parsed p;
    EXPECT_EQ(TcpRepr::parse(segment, segment.size(), p.tcp, p.options), Drop::none);
    return p;
}

Drop parse_options_drop(std::string_view area_hex) {
    TcpOptions options;
    return TcpOptions::parse(hex(area_hex), options);
}

TcpOptions parse_options_ok(std::string_view area_hex) {
    TcpOptions options;
    EXPECT_EQ(TcpOptions::parse(hex(area_hex), options), Drop::none) << area_hex;
    return options;
}

Buffer emit_header(const TcpRepr& tcp, const TcpOptions& options) {
    Buffer out(TcpRepr::buffer_len(options), 0xcc);  // 0xcc: a byte emit forgot shows
    tcp.emit(out, options);
    return out;
}

Buffer emit_options(const TcpOptions& options) {
    Buffer out(options.encoded_len(), 0xcc);
    options.emit(out);
    return out;
}

// ---- expected values of the valid vectors ----

TcpOptions syn_options(std::uint32_t tsval, std::uint32_t tsecr, std::uint8_t shift) {
    TcpOptions o;
    o.mss = 1460;
    o.sack_permitted = true;
    o.timestamps = TcpTimestamps{tsval, tsecr};
    o.window_scale = shift;
    return o;
}

/// sack_edges(count) of the generator: 1448-byte blocks with 1448-byte holes.
TcpOptions with_sack_blocks(TcpOptions o, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto k = static_cast<std::uint32_t>(i);
        o.sack_blocks[i] = {peer_seq(1 + 1448 * (2 * k + 2)), peer_seq(1 + 1448 * (2 * k + 3))};
    }
    o.sack_block_count = static_cast<std::uint8_t>(count);
    return o;
}

TcpOptions host_ts_sack(std::size_t count) {
    TcpOptions o;
    o.timestamps = TcpTimestamps{kHostTsval, kPeerTsval};
    return with_sack_blocks(o, count);
}

TcpOptions mss_ws(std::optional<std::uint8_t> shift, bool sack_permitted = false, std::uint8_t unknown = 0) {
    TcpOptions o;
    o.mss = 1460;
    o.window_scale = shift;
    o.sack_permitted = sack_permitted;
    o.unknown_count = unknown;
    return o;
}

TcpOptions data_ts() {
    TcpOptions o;
    o.timestamps = TcpTimestamps{kPeerTsval + 1, kHostTsval};
    return o;
}

struct Golden {
    const char* name;
    bool from_host;  ///< host -> peer (else peer -> host): the pseudo-header's addresses
    TcpRepr tcp;
    TcpOptions options;
    bool has_data;  ///< carries kData
    /// The options emit writes, in hex, where scapy's layout is not ours
    /// (nullptr: emit reproduces the vector byte for byte).
    const char* canonical_options;
};

constexpr std::uint8_t kSynAck = tcpflag::syn | tcpflag::ack;

std::vector<Golden> golden_vectors() {
    using namespace tcpflag;
    std::vector<Golden> g;
    g.push_back({"tcp_syn", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 10,
                  .flags = syn, .window = 64240, .checksum = 0xabcc, .urgent_pointer = 0},
                 syn_options(kPeerTsval, 0, 7), false, nullptr});
    g.push_back({"tcp_syn_ack", true,
                 {.src_port = kHostPort, .dst_port = kPeerPort, .seq = kHostIsn, .ack = peer_seq(1), .data_offset = 10,
                  .flags = kSynAck, .window = 65160, .checksum = 0xdd76, .urgent_pointer = 0},
                 syn_options(kHostTsval, kPeerTsval, 9), false, nullptr});
    g.push_back({"tcp_syn_ecn", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 8,
                  .flags = syn | ece | cwr, .window = 64240, .checksum = 0xd2cc, .urgent_pointer = 0},
                 mss_ws(7, true), false, nullptr});
    g.push_back({"tcp_data_ts", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = peer_seq(1), .ack = host_seq(1),
                  .data_offset = 8, .flags = psh | ack, .window = 502, .checksum = 0x5f54, .urgent_pointer = 0},
                 data_ts(), true, nullptr});
    const std::uint16_t sack_checksums[] = {0xd0c6, 0x9dcc, 0x5432};
    const char* const sack_names[] = {"tcp_ack_sack1", "tcp_ack_sack2", "tcp_ack_sack3"};
    for (std::size_t n = 1; n <= 3; ++n) {
        g.push_back({sack_names[n - 1], true,
                     {.src_port = kHostPort, .dst_port = kPeerPort, .seq = host_seq(1), .ack = peer_seq(1449),
                      .data_offset = static_cast<std::uint8_t>(5 + (16 + 8 * n) / 4), .flags = ack, .window = 509,
                      .checksum = sack_checksums[n - 1], .urgent_pointer = 0},
                     host_ts_sack(n), false, nullptr});
    }
    g.push_back({"tcp_ack_sack4", true,
                 {.src_port = kHostPort, .dst_port = kPeerPort, .seq = host_seq(1), .ack = peer_seq(1449),
                  .data_offset = 14, .flags = ack, .window = 509, .checksum = 0x2979, .urgent_pointer = 0},
                 with_sack_blocks({}, 4), false, nullptr});
    g.push_back({"tcp_fin", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = peer_seq(1), .ack = host_seq(1),
                  .data_offset = 5, .flags = fin | ack, .window = 502, .checksum = 0x3e58, .urgent_pointer = 0},
                 {}, false, nullptr});
    g.push_back({"tcp_rst", true,
                 {.src_port = kHostPort, .dst_port = kPeerPort, .seq = 0, .ack = peer_seq(1), .data_offset = 5,
                  .flags = rst | ack, .window = 0, .checksum = 0x0f3c, .urgent_pointer = 0},
                 {}, false, nullptr});
    g.push_back({"tcp_urgent", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = peer_seq(1), .ack = host_seq(1),
                  .data_offset = 5, .flags = urg | psh | ack, .window = 502, .checksum = 0x94b3, .urgent_pointer = 3},
                 {}, true, nullptr});
    // Reserved bits are ignored on parse and written as zero: emit differs in
    // byte 12 (0x5f -> 0x50) and so in the checksum.
    g.push_back({"tcp_reserved_bits", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = peer_seq(1), .ack = host_seq(1),
                  .data_offset = 5, .flags = 0xff, .window = 502, .checksum = 0x2e6a, .urgent_pointer = 0},
                 {}, false, ""});
    // Unknown options are skipped and never emitted; scapy's EOL padding
    // becomes our NOP before the window scale.
    g.push_back({"tcp_unknown_options", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 9,
                  .flags = syn, .window = 64240, .checksum = 0xa901, .urgent_pointer = 0},
                 mss_ws(7, false, 2), false, "020405b4 01030307"});
    // scapy: MSS WS EOL; ours: MSS NOP WS (same length, WS's shift last).
    g.push_back({"tcp_eol_padding", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 7,
                  .flags = syn, .window = 64240, .checksum = 0xe29a, .urgent_pointer = 0},
                 mss_ws(7), false, "020405b4 01030307"});
    g.push_back({"tcp_eol_then_garbage", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 7,
                  .flags = syn, .window = 502, .checksum = 0xe497, .urgent_pointer = 0},
                 mss_ws(std::nullopt), false, "020405b4"});
    g.push_back({"tcp_nop_only", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = peer_seq(1), .ack = host_seq(1),
                  .data_offset = 6, .flags = ack, .window = 502, .checksum = 0x2c53, .urgent_pointer = 0},
                 {}, false, ""});
    g.push_back({"tcp_nops_unaligned", false,
                 {.src_port = kPeerPort, .dst_port = kHostPort, .seq = kPeerIsn, .ack = 0, .data_offset = 9,
                  .flags = syn, .window = 64240, .checksum = 0x0c3e, .urgent_pointer = 0},
                 mss_ws(7, true), false, "020405b4 01010402 01030307"});
    // scapy packs TS + SACK into 20 bytes with TSval unaligned; ours is
    // NOP NOP TS NOP NOP SACK, 24 bytes (RFC 7323 Appendix A alignment).
    g.push_back({"tcp_ts_sack_unaligned", true,
                 {.src_port = kHostPort, .dst_port = kPeerPort, .seq = host_seq(1), .ack = peer_seq(1449),
                  .data_offset = 10, .flags = ack, .window = 509, .checksum = 0xe2cc, .urgent_pointer = 0},
                 host_ts_sack(1), false, "0101080a 0badf00d 00c0ffee 0101050a fffffb51 000000f9"});
    return g;
}

std::string golden_name(const ::testing::TestParamInfo<Golden>& vector) { return vector.param.name; }

class TcpGolden : public ::testing::TestWithParam<Golden> {
protected:
    Buffer frame() const { return wire_vector(GetParam().name); }
    Ipv4Addr src() const { return GetParam().from_host ? kHostIp : kPeerIp; }
    Ipv4Addr dst() const { return GetParam().from_host ? kPeerIp : kHostIp; }
    Buffer payload() const { return GetParam().has_data ? data_bytes() : Buffer{}; }
};

TEST_P(TcpGolden, ParsesEveryField) {
    const Golden& g = GetParam();
    const Buffer f = frame();
    const Ipv4Repr ip = ip_of(f);
    EXPECT_EQ(ip.src, src());
    EXPECT_EQ(ip.dst, dst());
    const Bytes segment = segment_of(f);
    const Parsed p = parse_ok(segment);
    EXPECT_EQ(p.tcp, g.tcp);
    EXPECT_EQ(p.options, g.options);
    EXPECT_EQ(p.tcp.header_len(), std::size_t{g.tcp.data_offset} * 4);
    EXPECT_EQ(to_vec(segment.subspan(p.tcp.header_len())), payload());
}

// The segment emit + fill_tcp_ipv4_checksum must produce: the golden one, or
// for the vectors whose option layout is not ours, the golden fixed header
// with our data offset, zero reserved bits, the canonical options and the
// checksum of that.
Buffer expected_emit(const Golden& g, Bytes golden_segment, Ipv4Addr src, Ipv4Addr dst) {
    if (g.canonical_options == nullptr) return to_vec(golden_segment);
    const Buffer options = hex(g.canonical_options);
    Buffer out(golden_segment.begin(), golden_segment.begin() + kTcpHeaderLen);
    out[12] = static_cast<std::uint8_t>(((kTcpHeaderLen + options.size()) / 4) << 4);
    out.insert(out.end(), options.begin(), options.end());
    const Bytes payload = golden_segment.subspan(std::size_t{g.tcp.data_offset} * 4);
    out.insert(out.end(), payload.begin(), payload.end());
    fill_tcp_ipv4_checksum(src, dst, out);
    return out;
}

Buffer emit_segment(const TcpRepr& tcp, const TcpOptions& options, Bytes payload, Ipv4Addr src, Ipv4Addr dst) {
    Buffer out = emit_header(tcp, options);
    const std::size_t header_len = out.size();
    out.insert(out.end(), payload.begin(), payload.end());
    fill_tcp_ipv4_checksum(src, dst, MutableBytes(out).first(header_len), Bytes(out).subspan(header_len));
    return out;
}

TEST_P(TcpGolden, EmitsTheGoldenBytes) {
    const Golden& g = GetParam();
    const Buffer f = frame();
    const Bytes segment = segment_of(f);
    const Buffer data = payload();
    const Buffer emitted = emit_segment(g.tcp, g.options, data, src(), dst());
    const Buffer expected = expected_emit(g, segment, src(), dst());
    EXPECT_EQ(emitted, expected);
    EXPECT_TRUE(tcp_ipv4_checksum_valid(src(), dst(), emitted));
    if (g.canonical_options == nullptr) {
        // Without filling, emit writes the checksum it was given: scapy's.
        EXPECT_EQ(emit_header(g.tcp, g.options), to_vec(segment.first(g.tcp.header_len())));
    }
}

TEST_P(TcpGolden, RoundTripsThroughEmit) {
    const Golden& g = GetParam();
    const Buffer data = payload();
    const Buffer emitted = emit_segment(g.tcp, g.options, data, src(), dst());
    const Parsed back = parse_ok(emitted);
    TcpRepr expected = g.tcp;
    expected.data_offset = static_cast<std::uint8_t>(TcpRepr::buffer_len(g.options) / 4);
    expected.checksum = back.tcp.checksum;  // recomputed; checked by EmitsTheGoldenBytes
    EXPECT_EQ(back.tcp, expected);
    TcpOptions known = g.options;
    known.unknown_count = 0;  // never emitted
    EXPECT_EQ(back.options, known);
    EXPECT_EQ(to_vec(Bytes(emitted).subspan(back.tcp.header_len())), data);
}

TEST_P(TcpGolden, ChecksumVerifies) {
    const Buffer f = frame();
    const Bytes segment = segment_of(f);
    EXPECT_TRUE(tcp_ipv4_checksum_valid(src(), dst(), segment));
    EXPECT_EQ(tcp_ipv4_checksum(src(), dst(), segment), 0);
    // The same segment in two spans (header, data), as the TCP layer holds it.
    const std::size_t header_len = std::size_t{GetParam().tcp.data_offset} * 4;
    EXPECT_TRUE(tcp_ipv4_checksum_valid(src(), dst(), segment.first(header_len), segment.subspan(header_len)));
    EXPECT_FALSE(tcp_ipv4_checksum_valid(src(), Ipv4Addr::from_octets(10, 0, 0, 3), segment));
}

TEST_P(TcpGolden, FillReproducesScapysChecksum) {
    const Buffer f = frame();
    Buffer segment = to_vec(segment_of(f));
    const Buffer golden = segment;
    segment[16] ^= 0x5a;
    segment[17] ^= 0xa5;
    const std::size_t header_len = std::size_t{GetParam().tcp.data_offset} * 4;
    fill_tcp_ipv4_checksum(src(), dst(), MutableBytes(segment).first(header_len), Bytes(segment).subspan(header_len));
    EXPECT_EQ(segment, golden);
}

INSTANTIATE_TEST_SUITE_P(Vectors, TcpGolden, ::testing::ValuesIn(golden_vectors()), golden_name);

// ---- malformed vectors: each refused with exactly its reason ----

struct Malformed {
    const char* name;
    Drop drop;
};

const Malformed kMalformed[] = {
    {"tcp_truncated", Drop::tcp_truncated},
    {"tcp_data_offset4", Drop::tcp_bad_data_offset},
    {"tcp_data_offset_beyond_segment", Drop::tcp_bad_data_offset},
    {"tcp_option_length0", Drop::tcp_bad_option_length},
    {"tcp_option_length1", Drop::tcp_bad_option_length},
    {"tcp_option_past_header", Drop::tcp_option_past_header},
    {"tcp_option_kind_at_end", Drop::tcp_option_past_header},
    {"tcp_mss_wrong_length", Drop::tcp_option_wrong_length},
    {"tcp_ws_wrong_length", Drop::tcp_option_wrong_length},
    {"tcp_ts_wrong_length", Drop::tcp_option_wrong_length},
    {"tcp_sack_permitted_wrong_length", Drop::tcp_option_wrong_length},
    {"tcp_sack_wrong_length", Drop::tcp_option_wrong_length},
    {"tcp_duplicate_mss", Drop::tcp_duplicate_option},
    {"tcp_duplicate_timestamps", Drop::tcp_duplicate_option},
};

class TcpMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(TcpMalformed, RefusedWithItsReason) {
    const Buffer f = wire_vector(GetParam().name);
    const Bytes segment = segment_of(f);  // the IPv4 layer is fine
    EXPECT_EQ(parse_drop(segment), GetParam().drop);
    // scapy computed the checksum over every byte, malformed options included.
    const Ipv4Repr ip = ip_of(f);
    if (GetParam().drop != Drop::tcp_truncated) {
        EXPECT_TRUE(tcp_ipv4_checksum_valid(ip.src, ip.dst, segment));
    }
}

TEST_P(TcpMalformed, LeavesTheOutputsUntouched) {
    const Buffer f = wire_vector(GetParam().name);
    TcpRepr tcp{.src_port = 1, .dst_port = 2, .seq = 3, .ack = 4, .data_offset = 6, .flags = 7, .window = 8,
                .checksum = 9, .urgent_pointer = 10};
    const TcpRepr tcp_before = tcp;
    TcpOptions options = syn_options(11, 12, 13);
    const TcpOptions options_before = options;
    const Bytes segment = segment_of(f);
    EXPECT_NE(TcpRepr::parse(segment, segment.size(), tcp, options), Drop::none);
    EXPECT_EQ(tcp, tcp_before);
    EXPECT_EQ(options, options_before);
}

INSTANTIATE_TEST_SUITE_P(Vectors, TcpMalformed, ::testing::ValuesIn(kMalformed),
                         [](const auto& vector) { return std::string(vector.param.name); });

TEST(TcpRepr, BadChecksumVectorParsesButDoesNotVerify) {
    const Buffer f = wire_vector("tcp_bad_checksum");
    const Bytes segment = segment_of(f);
    const Parsed p = parse_ok(segment);
    EXPECT_EQ(p.tcp.checksum, 0xbeef);
    EXPECT_EQ(p.options, data_ts());
    EXPECT_FALSE(tcp_ipv4_checksum_valid(kPeerIp, kHostIp, segment));
    Buffer fixed = to_vec(segment);
    fill_tcp_ipv4_checksum(kPeerIp, kHostIp, fixed);
    EXPECT_EQ(fixed, to_vec(segment_of(wire_vector("tcp_data_ts"))));
}

// ---- the header: lengths ----

TEST(TcpRepr, EveryShortPrefixIsTruncated) {
    const Buffer f = wire_vector("tcp_fin");
    const Bytes segment = segment_of(f);
    for (std::size_t len = 0; len < kTcpHeaderLen; ++len) {
        EXPECT_EQ(parse_drop(segment.first(len)), Drop::tcp_truncated) << len;
    }
    EXPECT_EQ(parse_drop(segment.first(kTcpHeaderLen)), Drop::none);
}

// A chained segment whose first piece does not hold the options.
TEST(TcpRepr, HeadShorterThanTheHeaderIsTruncated) {
    const Buffer f = wire_vector("tcp_syn");
    const Bytes segment = segment_of(f);
    TcpRepr tcp;
    TcpOptions options;
    for (std::size_t len = kTcpHeaderLen; len < 40; ++len) {
        EXPECT_EQ(TcpRepr::parse(segment.first(len), 1000, tcp, options), Drop::tcp_truncated) << len;
    }
    EXPECT_EQ(TcpRepr::parse(segment.first(40), 1000, tcp, options), Drop::none);
    EXPECT_EQ(TcpRepr::parse(segment, 19, tcp, options), Drop::tcp_truncated);  // segment_len < 20
}

TEST(TcpRepr, DataOffsetBounds) {
    Buffer segment = emit_header({}, {});
    segment.resize(60, tcpopt::nop);  // 40 bytes beyond the header: NOPs if read as options
    for (std::uint8_t offset = 0; offset < 16; ++offset) {
        segment[12] = static_cast<std::uint8_t>(offset << 4);
        const Drop expected = offset < 5 ? Drop::tcp_bad_data_offset : Drop::none;
        EXPECT_EQ(parse_drop(segment), expected) << int{offset};
        // The data offset must fit the segment, not just the buffer.
        const std::size_t too_short = std::size_t{offset} * 4 - 1;
        TcpRepr tcp;
        TcpOptions options;
        if (offset >= 6) {
            EXPECT_EQ(TcpRepr::parse(segment, too_short, tcp, options), Drop::tcp_bad_data_offset) << int{offset};
        }
    }
}

TEST(TcpRepr, ReservedBitsIgnoredAndNotEmitted) {
    Buffer segment = emit_header({.flags = tcpflag::ack}, {});
    segment[12] |= 0x0f;
    const Parsed p = parse_ok(segment);
    EXPECT_EQ(p.tcp.flags, tcpflag::ack);
    EXPECT_EQ(emit_header(p.tcp, p.options)[12], 0x50);
}

TEST(TcpRepr, FlagHelpers) {
    const TcpRepr t{.flags = tcpflag::syn | tcpflag::ack};
    EXPECT_TRUE(t.has(tcpflag::syn));
    EXPECT_TRUE(t.has(tcpflag::syn | tcpflag::ack));
    EXPECT_FALSE(t.has(tcpflag::syn | tcpflag::fin));
    EXPECT_FALSE(t.has(tcpflag::rst));
    // The bit values are the wire's (RFC 9293 section 3.1, byte 13).
    EXPECT_EQ(tcpflag::fin | tcpflag::syn | tcpflag::rst | tcpflag::psh | tcpflag::ack | tcpflag::urg |
                  tcpflag::ece | tcpflag::cwr,
              0xff);
}

TEST(TcpRepr, EmitWritesEveryFixedField) {
    const TcpRepr t{.src_port = 0x1234, .dst_port = 0x5678, .seq = 0x9abcdef0, .ack = 0x0fedcba9, .data_offset = 15,
                    .flags = 0xa5, .window = 0xbeef, .checksum = 0xcafe, .urgent_pointer = 0x0102};
    EXPECT_EQ(emit_header(t, {}), hex("1234 5678 9abcdef0 0fedcba9 50 a5 beef cafe 0102"));
}

// ---- options: hand-built areas ----

TEST(TcpOptions, EmptyEolAndNops) {
    EXPECT_EQ(parse_options_ok(""), TcpOptions{});
    EXPECT_EQ(parse_options_ok("00"), TcpOptions{});
    EXPECT_EQ(parse_options_ok("01 01 01"), TcpOptions{});
    EXPECT_EQ(parse_options_ok("00 ff ff ff"), TcpOptions{});  // after EOL: ignored, even garbage
    EXPECT_EQ(parse_options_ok("01 00 02 00"), TcpOptions{});
}

TEST(TcpOptions, EachKnownKind) {
    EXPECT_EQ(parse_options_ok("02 04 ff ff").mss, 0xffff);
    EXPECT_EQ(parse_options_ok("03 03 0e").window_scale, 14);
    EXPECT_EQ(parse_options_ok("03 03 ff").window_scale, 255);  // kept as sent; the clamp is the layer's
    EXPECT_TRUE(parse_options_ok("04 02").sack_permitted);
    EXPECT_EQ(parse_options_ok("08 0a 01020304 05060708").timestamps, (TcpTimestamps{0x01020304, 0x05060708}));
    const TcpOptions sack = parse_options_ok("05 12 00000001 00000002 fffffff0 00000010");
    ASSERT_EQ(sack.sack_block_count, 2);
    EXPECT_EQ(sack.sacks()[0], (TcpSackBlock{1, 2}));
    EXPECT_EQ(sack.sacks()[1], (TcpSackBlock{0xfffffff0, 0x10}));
    EXPECT_EQ(sack.sack_blocks[2], TcpSackBlock{});
}

TEST(TcpOptions, UnknownKindsSkippedAndCounted) {
    const TcpOptions o = parse_options_ok("fe 04 f9 89 22 02 1e 06 00 00 00 00 02 04 05 b4 09 02");
    EXPECT_EQ(o.unknown_count, 4);
    EXPECT_EQ(o.mss, 1460);
    // Unknown kinds may repeat; a length-2 unknown may end the area.
    EXPECT_EQ(parse_options_ok("fe 02 fe 02").unknown_count, 2);
}

struct BadArea {
    const char* area;
    Drop drop;
};

TEST(TcpOptions, MalformedAreas) {
    const BadArea cases[] = {
        {"02", Drop::tcp_option_past_header},             // kind, no length byte
        {"01 01 01 08", Drop::tcp_option_past_header},    // the same after NOPs
        {"fe 05 00 00", Drop::tcp_option_past_header},    // unknown kind longer than the area
        {"08 0a 00 00 00 01", Drop::tcp_option_past_header},
        {"02 04 05", Drop::tcp_option_past_header},       // MSS cut short: past, not wrong length
        {"fe 00", Drop::tcp_bad_option_length},
        {"fe 01 01 01", Drop::tcp_bad_option_length},
        {"02 01 00 00", Drop::tcp_bad_option_length},     // a known kind: length checked first
        {"02 03 05 01", Drop::tcp_option_wrong_length},
        {"02 05 05 b4 00", Drop::tcp_option_wrong_length},
        {"03 02", Drop::tcp_option_wrong_length},
        {"04 04 00 00", Drop::tcp_option_wrong_length},
        {"08 0b 00000001 00000002 00", Drop::tcp_option_wrong_length},
        {"05 02", Drop::tcp_option_wrong_length},         // SACK without blocks
        {"05 09 00000001 00000002 00", Drop::tcp_option_wrong_length},
        {"02 04 05 b4 03 03 07 02 04 05 b4", Drop::tcp_duplicate_option},
        {"03 03 07 03 03 07", Drop::tcp_duplicate_option},
        {"04 02 04 02", Drop::tcp_duplicate_option},
        {"05 0a 00000001 00000002 05 0a 00000003 00000004", Drop::tcp_duplicate_option},
        {"02 04 05 b4 02 03 00", Drop::tcp_option_wrong_length},  // wrong length before duplicate
        {"02 04 05 b4 fe 00 02 04 05 b4", Drop::tcp_bad_option_length},  // the first offence counts
    };
    for (const BadArea& c : cases) EXPECT_EQ(parse_options_drop(c.area), c.drop) << c.area;
}

// Five blocks fit only in an area longer than TCP allows: still refused.
TEST(TcpOptions, FiveSackBlocksRefused) {
    std::string area = "05 2a";
    for (int i = 0; i < 10; ++i) area += " 00000001";
    EXPECT_EQ(parse_options_drop(area), Drop::tcp_option_wrong_length);
}

// ---- options: the canonical layout ----

TEST(TcpOptions, CanonicalLayouts) {
    TcpOptions ts_only;
    ts_only.timestamps = TcpTimestamps{1, 2};
    EXPECT_EQ(emit_options(ts_only), hex("0101080a 00000001 00000002"));
    TcpOptions sp_only;
    sp_only.sack_permitted = true;
    EXPECT_EQ(emit_options(sp_only), hex("01010402"));
    TcpOptions ws_only;
    ws_only.window_scale = 14;
    EXPECT_EQ(emit_options(ws_only), hex("0103030e"));
    TcpOptions mss_only;
    mss_only.mss = 536;
    EXPECT_EQ(emit_options(mss_only), hex("02040218"));
    EXPECT_EQ(emit_options(syn_options(1, 0, 7)), hex("020405b4 0402080a 00000001 00000000 01030307"));
    EXPECT_EQ(emit_options(with_sack_blocks({}, 1)), hex("0101050a fffffb51 000000f9"));
    EXPECT_TRUE(emit_options({}).empty());
}

// Every combination of the four SYN-type options with every number of SACK
// blocks that fits: whole words, within 40 bytes, 32-bit values aligned, and
// parse(emit(x)) == x.
TEST(TcpOptions, EveryCombinationRoundTrips) {
    for (unsigned mask = 0; mask < 16; ++mask) {
        TcpOptions o;
        if (mask & 1) o.mss = 1400;
        if (mask & 2) o.window_scale = 3;
        if (mask & 4) o.sack_permitted = true;
        if (mask & 8) o.timestamps = TcpTimestamps{0xdeadbeef, 0x01020304};
        for (std::size_t n = 0; n <= o.sack_blocks_that_fit(); ++n) {
            const TcpOptions x = with_sack_blocks(o, n);
            const Buffer bytes = emit_options(x);
            ASSERT_EQ(bytes.size(), x.encoded_len());
            EXPECT_EQ(bytes.size() % 4, 0u) << mask << "/" << n;
            EXPECT_LE(bytes.size(), kTcpMaxOptionsLen) << mask << "/" << n;
            TcpOptions back;
            ASSERT_EQ(TcpOptions::parse(bytes, back), Drop::none) << mask << "/" << n;
            EXPECT_EQ(back, x) << mask << "/" << n;
            if (x.timestamps) {
                const std::uint8_t ts_kind_and_length[] = {tcpopt::timestamps, 10};
                const auto at = std::search(bytes.begin(), bytes.end(), std::begin(ts_kind_and_length),
                                            std::end(ts_kind_and_length));
                ASSERT_NE(at, bytes.end());
                EXPECT_EQ((at - bytes.begin() + 2) % 4, 0) << "TSval unaligned, mask " << mask;
            }
        }
    }
}

TEST(TcpOptions, SackBlocksThatFit) {
    EXPECT_EQ(TcpOptions{}.sack_blocks_that_fit(), 4u);
    EXPECT_EQ(data_ts().sack_blocks_that_fit(), 3u);  // RFC 2018 section 3
    EXPECT_EQ(syn_options(1, 2, 7).sack_blocks_that_fit(), 2u);  // 20 bytes used: 4 + 16 more
    EXPECT_EQ(mss_ws(7, true).sack_blocks_that_fit(), 3u);
    // The count of blocks already present does not matter.
    EXPECT_EQ(host_ts_sack(3).sack_blocks_that_fit(), 3u);
}

TEST(TcpOptions, EncodedLen) {
    EXPECT_EQ(TcpOptions{}.encoded_len(), 0u);
    EXPECT_EQ(syn_options(1, 2, 3).encoded_len(), 20u);
    EXPECT_EQ(mss_ws(7, true).encoded_len(), 12u);
    EXPECT_EQ(host_ts_sack(3).encoded_len(), 40u);
    EXPECT_EQ(with_sack_blocks({}, 4).encoded_len(), 36u);
    EXPECT_EQ(TcpRepr::buffer_len(host_ts_sack(3)), kTcpMaxHeaderLen);
}

// Random option areas: parse never reads outside the area (ASan build) and
// whatever it accepts re-emits to the same known options.
TEST(TcpOptions, RandomAreas) {
    std::mt19937 rng(9293);
    std::uniform_int_distribution<int> len_dist(0, 40);
    // Mostly small kinds and lengths, so that known options turn up often.
    std::uniform_int_distribution<int> byte_dist(0, 12);
    std::size_t accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        Buffer area(static_cast<std::size_t>(len_dist(rng)));
        for (auto& b : area) {
            const int pick = byte_dist(rng);
            b = static_cast<std::uint8_t>(pick == 12 ? static_cast<int>(rng() & 0xff) : pick);
        }
        TcpOptions o;
        if (TcpOptions::parse(area, o) != Drop::none) continue;
        ++accepted;
        o.unknown_count = 0;
        if (o.encoded_len() > kTcpMaxOptionsLen) continue;  // e.g. unaligned MSS+TS+WS+SACK packed tighter
        TcpOptions back;
        ASSERT_EQ(TcpOptions::parse(emit_options(o), back), Drop::none);
        EXPECT_EQ(back, o);
    }
    EXPECT_GT(accepted, 1000u);
}

}  // namespace
}  // namespace sluice::wire
