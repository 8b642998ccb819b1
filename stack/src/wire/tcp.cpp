// TCP header and options parse/emit (RFC 9293 sections 3.1 and 3.2, RFC 7323,
// RFC 2018) and the TCP checksum over the IPv4 pseudo-header.
//
//   0..1 source port | 2..3 destination port | 4..7 sequence number
//   8..11 acknowledgment number | 12 data offset:4 reserved:4
//   13 CWR ECE URG ACK PSH RST SYN FIN | 14..15 window | 16..17 checksum
//   18..19 urgent pointer | 20..(data offset * 4) options | then data
//
// Options are kind (1 byte), then for every kind but EOL and NOP a length
// byte counting kind and length, then the value (RFC 9293 section 3.2).
//
// Canonical emit layout: every option group is a whole number of 32-bit
// words and every 32-bit value sits on a 4-byte boundary:
//   MSS                  02 04 mss
//   SACK-perm + TS       04 02 08 0a TSval TSecr   (no TS: 01 01 04 02)
//   TS without SACK-perm 01 01 08 0a TSval TSecr
//   window scale         01 03 03 shift
//   SACK blocks          01 01 05 (2+8n) left right ...
// This is the layout Linux sends (tcp_options_write), so a SYN reads the
// same as a Linux SYN, and the non-SYN form "NOP NOP TS" is the one RFC 7323
// Appendix A recommends for header prediction on the receiver.
#include <sluice/stack/wire/tcp.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/udp.hpp>  // ipv4_pseudo_header_sum

#include "byte_order.hpp"

#include <algorithm>
#include <cassert>

namespace sluice::wire {
namespace {

using stack::Drop;

constexpr std::size_t kDataOffsetByte = 12;
constexpr std::size_t kFlagsByte = 13;
constexpr std::size_t kChecksumAt = 16;

constexpr std::size_t kMssLen = 4;
constexpr std::size_t kWindowScaleLen = 3;
constexpr std::size_t kSackPermittedLen = 2;
constexpr std::size_t kTimestampsLen = 10;
constexpr std::size_t kSackHeadLen = 2;  // kind, length; then 8 bytes per block
constexpr std::size_t kSackBlockLen = 8;

// Encoded sizes of the canonical groups (see the file comment).
constexpr std::size_t kMssGroup = 4;
constexpr std::size_t kTimestampsGroup = 12;
constexpr std::size_t kSackPermittedGroup = 4;
constexpr std::size_t kWindowScaleGroup = 4;
constexpr std::size_t kSackGroupHead = 4;

// ---- parse: one option of a known kind; `opt` is kind, length, value ----

// RFC 9293 section 3.2, "Maximum Segment Size Option Data".
Drop read_mss(Bytes opt, TcpOptions& out) {
    if (opt.size() != kMssLen) return Drop::tcp_option_wrong_length;
    if (out.mss) return Drop::tcp_duplicate_option;
    out.mss = detail::load_be16(opt, 2);
    return Drop::none;
}

// RFC 7323 section 2.2: the shift count is kept as sent (2.3's clamp to 14
// is the receiver's).
Drop read_window_scale(Bytes opt, TcpOptions& out) {
    if (opt.size() != kWindowScaleLen) return Drop::tcp_option_wrong_length;
    if (out.window_scale) return Drop::tcp_duplicate_option;
    out.window_scale = opt[2];
    return Drop::none;
}

// RFC 2018 section 2.
Drop read_sack_permitted(Bytes opt, TcpOptions& out) {
    if (opt.size() != kSackPermittedLen) return Drop::tcp_option_wrong_length;
    if (out.sack_permitted) return Drop::tcp_duplicate_option;
    out.sack_permitted = true;
    return Drop::none;
}

// RFC 7323 section 3.2.
Drop read_timestamps(Bytes opt, TcpOptions& out) {
    if (opt.size() != kTimestampsLen) return Drop::tcp_option_wrong_length;
    if (out.timestamps) return Drop::tcp_duplicate_option;
    out.timestamps = TcpTimestamps{detail::load_be32(opt, 2), detail::load_be32(opt, 6)};
    return Drop::none;
}

// RFC 2018 section 3: length 8n + 2, n blocks of (left edge, right edge).
Drop read_sack(Bytes opt, TcpOptions& out) {
    const std::size_t body = opt.size() - kSackHeadLen;
    const std::size_t blocks = body / kSackBlockLen;
    if (body % kSackBlockLen != 0 || blocks == 0 || blocks > kTcpMaxSackBlocks)
        return Drop::tcp_option_wrong_length;
    if (out.sack_block_count != 0) return Drop::tcp_duplicate_option;
    for (std::size_t i = 0; i < blocks; ++i) {
        const std::size_t at = kSackHeadLen + i * kSackBlockLen;
        out.sack_blocks[i] = {detail::load_be32(opt, at), detail::load_be32(opt, at + 4)};
    }
    out.sack_block_count = static_cast<std::uint8_t>(blocks);
    return Drop::none;
}

// RFC 9293 section 3.2: an option we do not implement is ignored, "assuming
// that the option has a length field" (MUST-6).
Drop read_option(Bytes opt, TcpOptions& out) {
    switch (opt[0]) {
    case tcpopt::mss: return read_mss(opt, out);
    case tcpopt::window_scale: return read_window_scale(opt, out);
    case tcpopt::sack_permitted: return read_sack_permitted(opt, out);
    case tcpopt::timestamps: return read_timestamps(opt, out);
    case tcpopt::sack: return read_sack(opt, out);
    default: ++out.unknown_count; return Drop::none;
    }
}

// ---- emit: the canonical layout (see the file comment) ----

class OptionWriter {
public:
    explicit OptionWriter(MutableBytes out) : out_(out) {}
    void byte(std::uint8_t v) { out_[at_++] = v; }
    void kind_and_length(std::uint8_t kind, std::size_t len) {
        byte(kind);
        byte(static_cast<std::uint8_t>(len));
    }
    void be16(std::uint16_t v) {
        detail::store_be16(out_, at_, v);
        at_ += 2;
    }
    void be32(std::uint32_t v) {
        detail::store_be32(out_, at_, v);
        at_ += 4;
    }
    std::size_t written() const { return at_; }

private:
    MutableBytes out_;
    std::size_t at_ = 0;
};

// RFC 9293 section 3.2: MSS, kind 2, length 4.
void write_mss(OptionWriter& w, std::uint16_t mss) {
    w.kind_and_length(tcpopt::mss, kMssLen);
    w.be16(mss);
}

// RFC 7323 section 3.2 and Appendix A: TS preceded by SACK-permitted (RFC
// 2018 section 2) when offered, else by two NOPs, so TSval is aligned.
void write_timestamps(OptionWriter& w, const TcpTimestamps& ts, bool sack_permitted) {
    if (sack_permitted) {
        w.kind_and_length(tcpopt::sack_permitted, kSackPermittedLen);
    } else {
        w.byte(tcpopt::nop);
        w.byte(tcpopt::nop);
    }
    w.kind_and_length(tcpopt::timestamps, kTimestampsLen);
    w.be32(ts.value);
    w.be32(ts.echo);
}

// RFC 2018 section 2: SACK-permitted, kind 4, length 2, after two NOPs.
void write_sack_permitted(OptionWriter& w) {
    w.byte(tcpopt::nop);
    w.byte(tcpopt::nop);
    w.kind_and_length(tcpopt::sack_permitted, kSackPermittedLen);
}

// RFC 7323 section 2.2: window scale, kind 3, length 3, after one NOP.
void write_window_scale(OptionWriter& w, std::uint8_t shift) {
    w.byte(tcpopt::nop);
    w.kind_and_length(tcpopt::window_scale, kWindowScaleLen);
    w.byte(shift);
}

// RFC 2018 section 3: SACK, kind 5, length 8n + 2, after two NOPs.
void write_sack_blocks(OptionWriter& w, std::span<const TcpSackBlock> blocks) {
    w.byte(tcpopt::nop);
    w.byte(tcpopt::nop);
    w.kind_and_length(tcpopt::sack, kSackHeadLen + blocks.size() * kSackBlockLen);
    for (const TcpSackBlock& b : blocks) {
        w.be32(b.left);
        w.be32(b.right);
    }
}

}  // namespace

// ---- TcpOptions ----

// RFC 9293 section 3.2: EOL ends the list, NOP is one byte of padding, every
// other kind has a length byte counting kind and length; an illegal length
// (e.g. zero) must be handled (MUST-7): here, refused.
Drop TcpOptions::parse(Bytes area, TcpOptions& out) {
    TcpOptions parsed;
    for (std::size_t at = 0; at < area.size();) {
        const std::uint8_t kind = area[at];
        if (kind == tcpopt::eol) break;
        if (kind == tcpopt::nop) {
            ++at;
            continue;
        }
        if (at + 1 >= area.size()) return Drop::tcp_option_past_header;
        const std::size_t len = area[at + 1];
        if (len < 2) return Drop::tcp_bad_option_length;
        if (len > area.size() - at) return Drop::tcp_option_past_header;
        if (const Drop d = read_option(area.subspan(at, len), parsed); d != Drop::none) return d;
        at += len;
    }
    out = parsed;
    return Drop::none;
}

// The canonical layout's size (file comment): each group is whole words.
std::size_t TcpOptions::encoded_len() const {
    std::size_t len = 0;
    if (mss) len += kMssGroup;
    if (timestamps) {
        len += kTimestampsGroup;  // carries SACK-permitted in its padding
    } else if (sack_permitted) {
        len += kSackPermittedGroup;
    }
    if (window_scale) len += kWindowScaleGroup;
    if (sack_block_count != 0) len += kSackGroupHead + sack_block_count * kSackBlockLen;
    return len;
}

// RFC 2018 section 3: 4 blocks alone, 3 beside timestamps.
std::size_t TcpOptions::sack_blocks_that_fit() const {
    TcpOptions others = *this;
    others.sack_block_count = 0;
    const std::size_t used = others.encoded_len() + kSackGroupHead;
    if (used >= kTcpMaxOptionsLen) return 0;
    return std::min(kTcpMaxSackBlocks, (kTcpMaxOptionsLen - used) / kSackBlockLen);
}

// RFC 9293 section 3.2, in the canonical layout (file comment).
void TcpOptions::emit(MutableBytes out) const {
    assert(encoded_len() <= out.size() && encoded_len() <= kTcpMaxOptionsLen);
    OptionWriter w(out);
    if (mss) write_mss(w, *mss);
    if (timestamps) {
        write_timestamps(w, *timestamps, sack_permitted);
    } else if (sack_permitted) {
        write_sack_permitted(w);
    }
    if (window_scale) write_window_scale(w, *window_scale);
    if (sack_block_count != 0) write_sack_blocks(w, sacks());
    assert(w.written() == encoded_len());
}

// ---- TcpRepr ----

// RFC 9293 section 3.1: the fixed header; data offset counts 32-bit words
// and is at least 5; reserved bits are ignored on receipt.
Drop TcpRepr::parse(Bytes head, std::size_t segment_len, TcpRepr& out, TcpOptions& options) {
    if (head.size() < kTcpHeaderLen || segment_len < kTcpHeaderLen) return Drop::tcp_truncated;
    const std::uint8_t offset = head[kDataOffsetByte] >> 4;
    const std::size_t header_len = std::size_t{offset} * 4;
    if (header_len < kTcpHeaderLen || header_len > segment_len) return Drop::tcp_bad_data_offset;
    if (header_len > head.size()) return Drop::tcp_truncated;
    TcpOptions parsed;
    const Drop d = TcpOptions::parse(head.subspan(kTcpHeaderLen, header_len - kTcpHeaderLen), parsed);
    if (d != Drop::none) return d;
    out.src_port = detail::load_be16(head, 0);
    out.dst_port = detail::load_be16(head, 2);
    out.seq = detail::load_be32(head, 4);
    out.ack = detail::load_be32(head, 8);
    out.data_offset = offset;
    out.flags = head[kFlagsByte];
    out.window = detail::load_be16(head, 14);
    out.checksum = detail::load_be16(head, kChecksumAt);
    out.urgent_pointer = detail::load_be16(head, 18);
    options = parsed;
    return Drop::none;
}

// RFC 9293 section 3.1: reserved bits "must be zero in generated segments".
void TcpRepr::emit(MutableBytes out, const TcpOptions& options) const {
    const std::size_t len = buffer_len(options);
    assert(len <= out.size() && len <= kTcpMaxHeaderLen);
    detail::store_be16(out, 0, src_port);
    detail::store_be16(out, 2, dst_port);
    detail::store_be32(out, 4, seq);
    detail::store_be32(out, 8, ack);
    out[kDataOffsetByte] = static_cast<std::uint8_t>((len / 4) << 4);
    out[kFlagsByte] = flags;
    detail::store_be16(out, 14, window);
    detail::store_be16(out, kChecksumAt, checksum);
    detail::store_be16(out, 18, urgent_pointer);
    options.emit(out.subspan(kTcpHeaderLen));
}

// ---- checksum ----

// RFC 9293 section 3.1, "Checksum": over the 12-byte pseudo-header and the
// segment; RFC 1071 for the sum.
std::uint16_t tcp_ipv4_checksum(Ipv4Addr src, Ipv4Addr dst, Bytes header, Bytes payload) {
    assert(payload.empty() || header.size() % 2 == 0);
    const std::size_t len = header.size() + payload.size();
    assert(len <= 0xffff);
    const std::uint32_t pseudo = ipv4_pseudo_header_sum(src, dst, ipproto::tcp, static_cast<std::uint16_t>(len));
    return checksum_finish(checksum_partial(payload, checksum_partial(header, pseudo)));
}

// RFC 9293 section 3.1: a correct checksum sums the segment to -0.
bool tcp_ipv4_checksum_valid(Ipv4Addr src, Ipv4Addr dst, Bytes header, Bytes payload) {
    return tcp_ipv4_checksum(src, dst, header, payload) == 0;
}

// RFC 9293 section 3.1: "the checksum field itself is replaced with zeros"
// while computing.
void fill_tcp_ipv4_checksum(Ipv4Addr src, Ipv4Addr dst, MutableBytes header, Bytes payload) {
    detail::store_be16(header, kChecksumAt, 0);
    detail::store_be16(header, kChecksumAt, tcp_ipv4_checksum(src, dst, header, payload));
}

}  // namespace sluice::wire
