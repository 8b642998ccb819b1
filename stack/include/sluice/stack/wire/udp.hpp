// UDP header (RFC 768) and the IPv4 pseudo-header checksum (RFC 768, RFC 1071).
//
// The checksum covers a pseudo-header (source, destination, zero, protocol,
// UDP length), the UDP header and the data. A transmitted checksum of zero
// means "none" (IPv4 only); a computed zero is sent as 0xffff (RFC 768).
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>

namespace sluice::wire {

inline constexpr std::size_t kUdpHeaderLen = 8;

struct UdpRepr {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint16_t length = 0;    ///< header + data, as on the wire
    std::uint16_t checksum = 0;  ///< as on the wire; 0 = none

    /// Parses the header from `head` (at least 8 bytes: the first segment)
    /// of a datagram whose IP payload is `datagram_len` bytes. Drops:
    /// udp_truncated (< 8 bytes), udp_bad_length (length field < 8 or beyond
    /// the IP payload). Bytes beyond `length` are ignored by the caller.
    static stack::Drop parse(Bytes head, std::size_t datagram_len, UdpRepr& out);
    /// Writes the 8-byte header as the fields say.
    void emit(MutableBytes out) const;
};

/// Unfolded one's-complement sum of the IPv4 pseudo-header (RFC 768).
std::uint32_t ipv4_pseudo_header_sum(Ipv4Addr src, Ipv4Addr dst, std::uint8_t protocol, std::uint16_t length);

}  // namespace sluice::wire
