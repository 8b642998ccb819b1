// TCP header (RFC 9293 section 3.1) and options (RFC 9293 section 3.2: EOL,
// NOP, MSS; RFC 7323: window scale, timestamps; RFC 2018: SACK-permitted,
// SACK), and the TCP checksum over the IPv4 pseudo-header.
//
// TcpRepr is the fixed 20-byte header, TcpOptions the options we understand.
// Invariants:
// - parse never reads outside the header (data offset * 4 bytes) and writes
//   its outputs only on success, so a refused segment leaves them untouched;
// - parse judges syntax only. Which options a segment may carry (MSS and
//   window scale only on SYN, RFC 9293 3.2 and RFC 7323 2.2), a window
//   shift above 14 (RFC 7323 2.3), which SACK blocks to believe, and the
//   checksum are the TCP layer's decisions;
// - emit writes options in one canonical layout (tcp.cpp) of length
//   encoded_len(), always a multiple of 4, so no trailing padding is needed;
//   TcpOptions::parse(emit(x)) == x for every x with unknown_count == 0,
//   unused SACK blocks zero and encoded_len() <= 40.
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace sluice::wire {

inline constexpr std::size_t kTcpHeaderLen = 20;     ///< without options: data offset 5
inline constexpr std::size_t kTcpMaxHeaderLen = 60;  ///< data offset 15
inline constexpr std::size_t kTcpMaxOptionsLen = kTcpMaxHeaderLen - kTcpHeaderLen;
inline constexpr std::size_t kTcpMaxSackBlocks = 4;     ///< (40 - 2) / 8, RFC 2018 section 3
inline constexpr std::uint8_t kTcpMaxWindowShift = 14;  ///< RFC 7323 section 2.3

/// Control bits, byte 13 of the header (RFC 9293 section 3.1; CWR and ECE
/// are RFC 3168's).
namespace tcpflag {
inline constexpr std::uint8_t fin = 0x01;
inline constexpr std::uint8_t syn = 0x02;
inline constexpr std::uint8_t rst = 0x04;
inline constexpr std::uint8_t psh = 0x08;
inline constexpr std::uint8_t ack = 0x10;
inline constexpr std::uint8_t urg = 0x20;
inline constexpr std::uint8_t ece = 0x40;
inline constexpr std::uint8_t cwr = 0x80;
}  // namespace tcpflag

/// Option kinds (IANA "TCP Option Kind Numbers").
namespace tcpopt {
inline constexpr std::uint8_t eol = 0;             ///< RFC 9293 3.2
inline constexpr std::uint8_t nop = 1;             ///< RFC 9293 3.2
inline constexpr std::uint8_t mss = 2;             ///< RFC 9293 3.2, length 4
inline constexpr std::uint8_t window_scale = 3;    ///< RFC 7323 2.2, length 3
inline constexpr std::uint8_t sack_permitted = 4;  ///< RFC 2018 2, length 2
inline constexpr std::uint8_t sack = 5;            ///< RFC 2018 3, length 2 + 8n
inline constexpr std::uint8_t timestamps = 8;      ///< RFC 7323 3.2, length 10
}  // namespace tcpopt

/// TSval and TSecr (RFC 7323 section 3.2).
struct TcpTimestamps {
    std::uint32_t value = 0;
    std::uint32_t echo = 0;
    bool operator==(const TcpTimestamps&) const = default;
};

/// One SACK block: sequence numbers [left, right) (RFC 2018 section 3).
struct TcpSackBlock {
    std::uint32_t left = 0;
    std::uint32_t right = 0;
    bool operator==(const TcpSackBlock&) const = default;
};

/// The options of one segment. Absent options are nullopt/false/0.
struct TcpOptions {
    std::optional<std::uint16_t> mss;
    std::optional<std::uint8_t> window_scale;  ///< shift count as sent (may exceed 14)
    bool sack_permitted = false;
    std::optional<TcpTimestamps> timestamps;
    /// The first sack_block_count entries are the SACK option's blocks in
    /// wire order; the rest are zero (parse guarantees it; == compares all).
    std::array<TcpSackBlock, kTcpMaxSackBlocks> sack_blocks{};
    std::uint8_t sack_block_count = 0;
    std::uint8_t unknown_count = 0;  ///< other kinds skipped by parse; never emitted

    std::span<const TcpSackBlock> sacks() const { return {sack_blocks.data(), sack_block_count}; }

    /// Parses an options area (the header bytes 20 .. data offset * 4).
    /// NOP is skipped, EOL ends the list (later bytes are ignored), unknown
    /// kinds are skipped by their length and counted. Drops, for the first
    /// offending option: tcp_option_past_header (its length byte or its
    /// length runs past the area), tcp_bad_option_length (length < 2),
    /// tcp_option_wrong_length (a known kind with another length than its
    /// own; SACK: 2 + 8n with n in 1..4), tcp_duplicate_option (a known kind
    /// seen again). On a drop `out` is untouched.
    static stack::Drop parse(Bytes area, TcpOptions& out);
    /// Bytes emit() writes: a multiple of 4. The caller keeps it within
    /// kTcpMaxOptionsLen (sack_blocks_that_fit() helps).
    std::size_t encoded_len() const;
    /// How many SACK blocks fit in 40 bytes beside the other options (0..4;
    /// 3 when timestamps are present, RFC 2018 section 3).
    std::size_t sack_blocks_that_fit() const;
    /// Writes encoded_len() bytes in the canonical layout (tcp.cpp).
    /// Precondition: encoded_len() <= out.size() and <= kTcpMaxOptionsLen.
    void emit(MutableBytes out) const;
    bool operator==(const TcpOptions&) const = default;
};

/// The fixed TCP header. Reserved bits (byte 12, low nibble) are ignored on
/// parse and written as zero (RFC 9293 section 3.1, "Rsrvd").
struct TcpRepr {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t data_offset = 5;  ///< 32-bit words, as received; emit derives it from the options
    std::uint8_t flags = 0;        ///< tcpflag bits
    std::uint16_t window = 0;      ///< unscaled, as on the wire
    std::uint16_t checksum = 0;    ///< as on the wire; emit writes it as is
    std::uint16_t urgent_pointer = 0;

    std::size_t header_len() const { return std::size_t{data_offset} * 4; }
    /// True when every bit of `mask` (tcpflag values) is set.
    bool has(std::uint8_t mask) const { return (flags & mask) == mask; }

    /// Parses the header from `head` (at least the whole header: the first
    /// segment of a chain) of a segment of `segment_len` bytes (the IPv4
    /// payload length). Drops, in this order: tcp_truncated (head or segment
    /// shorter than 20 bytes, or head shorter than data offset * 4),
    /// tcp_bad_data_offset (below 5, or data offset * 4 beyond the segment),
    /// then TcpOptions::parse's drops. Writes `out` and `options` only on
    /// success. The checksum is not verified here (tcp_ipv4_checksum_valid).
    static stack::Drop parse(Bytes head, std::size_t segment_len, TcpRepr& out, TcpOptions& options);
    /// Header bytes emit() writes: 20 + options.encoded_len().
    static std::size_t buffer_len(const TcpOptions& options) { return kTcpHeaderLen + options.encoded_len(); }
    /// Writes buffer_len(options) bytes: the header with data offset
    /// buffer_len / 4 and the options. The checksum field gets `checksum`;
    /// fill it afterwards with fill_tcp_ipv4_checksum.
    void emit(MutableBytes out, const TcpOptions& options) const;
    bool operator==(const TcpRepr&) const = default;
};

/// The Internet checksum over the IPv4 pseudo-header (source, destination,
/// zero, protocol 6, TCP length) and the segment `header` + `payload` as the
/// bytes stand (RFC 9293 section 3.1, "Checksum"). With the checksum field
/// zero it is the value to store; over a segment carrying a correct checksum
/// it is 0. The segment may come in two spans; `header` must then have even
/// length (a TCP header always has). Segment length <= 65535.
std::uint16_t tcp_ipv4_checksum(Ipv4Addr src, Ipv4Addr dst, Bytes header, Bytes payload = {});
/// True when the segment carries a correct checksum.
bool tcp_ipv4_checksum_valid(Ipv4Addr src, Ipv4Addr dst, Bytes header, Bytes payload = {});
/// Computes and stores the checksum field (header bytes 16..17).
void fill_tcp_ipv4_checksum(Ipv4Addr src, Ipv4Addr dst, MutableBytes header, Bytes payload = {});

}  // namespace sluice::wire
