// IPv4 header (RFC 791 section 3.1; validation per RFC 1122 section 3.2.1).
//
// Ipv4Packet is a bounds-checked view; Ipv4Repr the validated value. Options
// are accepted on input (skipped via IHL) and never emitted.
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>

namespace sluice::wire {

inline constexpr std::size_t kIpv4MinHeaderLen = 20;

namespace ipproto {
inline constexpr std::uint8_t icmp = 1;
inline constexpr std::uint8_t igmp = 2;
inline constexpr std::uint8_t tcp = 6;
inline constexpr std::uint8_t udp = 17;
}  // namespace ipproto

/// Bounds-checked view over an IPv4 packet.
class Ipv4Packet {
public:
    explicit Ipv4Packet(Bytes packet) : bytes_(packet) {}
    bool check_len() const;  ///< the fixed 20-byte header fits
    std::uint8_t version() const;
    std::uint8_t ihl() const;           ///< in 32-bit words
    std::size_t header_len() const { return std::size_t{ihl()} * 4; }
    std::uint8_t tos() const;           ///< DSCP and ECN
    std::uint16_t total_length() const;
    std::uint16_t identification() const;
    bool dont_fragment() const;
    bool more_fragments() const;
    std::uint16_t fragment_offset() const;  ///< in bytes (field value * 8)
    std::uint8_t ttl() const;
    std::uint8_t protocol() const;
    std::uint16_t header_checksum() const;
    Ipv4Addr src() const;
    Ipv4Addr dst() const;
    /// True when the one's-complement sum over header_len() bytes is valid.
    /// Precondition: header_len() bytes are present.
    bool verify_checksum() const;

private:
    Bytes bytes_;
};

struct Ipv4Repr {
    Ipv4Addr src;
    Ipv4Addr dst;
    std::uint8_t protocol = 0;
    std::uint8_t ttl = 64;
    std::uint8_t tos = 0;
    std::uint16_t identification = 0;
    bool dont_fragment = false;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  ///< bytes
    std::uint16_t header_len = kIpv4MinHeaderLen;  ///< as received (IHL*4); emit always writes 20
    std::uint16_t payload_len = 0;

    bool is_fragment() const { return more_fragments || fragment_offset != 0; }

    /// Validates and parses. Drops, in this order: ipv4_truncated (< 20 bytes
    /// or < IHL*4), ipv4_bad_version, ipv4_bad_ihl (< 5), ipv4_bad_total_length
    /// (total length < IHL*4 or > packet.size(); bytes beyond it are link
    /// padding and ignored), ipv4_bad_checksum (only if verify_checksum).
    /// TTL, addresses and fragments are judged by the caller, not here.
    static stack::Drop parse(Bytes packet, Ipv4Repr& out, bool verify_checksum = true);
    /// The same checks for a packet held in pieces (a chained mbuf): `head`
    /// holds at least the whole header (the first segment), `packet_len` is
    /// the length of the whole packet, against which the total length is
    /// judged. parse(p) == parse_header(p, p.size()).
    static stack::Drop parse_header(Bytes head, std::size_t packet_len, Ipv4Repr& out,
                                    bool verify_checksum = true);
    static constexpr std::size_t buffer_len() { return kIpv4MinHeaderLen; }
    /// Writes a 20-byte header with total length = 20 + payload_len. When
    /// fill_checksum is false the checksum field is left 0 (for TX offload).
    void emit(MutableBytes out, bool fill_checksum = true) const;
    bool operator==(const Ipv4Repr&) const = default;
};

}  // namespace sluice::wire
