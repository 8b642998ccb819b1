// IPv4 header (RFC 791 section 3.1), validated as RFC 1122 section 3.2.1
// requires of a host: version (3.2.1.1), header checksum (3.2.1.2, silently
// discard on mismatch), IHL and total length. Options (RFC 791 section 3.1
// "Options") are skipped via IHL and never emitted.
//
//   0 version:4 IHL:4 | 1 TOS (DSCP:6 ECN:2) | 2..3 total length
//   4..5 identification | 6..7 flags:3 (0, DF, MF) fragment offset:13 (8-byte units)
//   8 TTL | 9 protocol | 10..11 header checksum (RFC 1071 over IHL*4 bytes)
//   12..15 source | 16..19 destination | 20.. options, IHL*4.. payload
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/checksum.hpp>

#include "byte_order.hpp"

#include <cassert>
#include <limits>

namespace sluice::wire {
namespace {

constexpr std::uint16_t kFlagDf = 0x4000;
constexpr std::uint16_t kFlagMf = 0x2000;
constexpr std::uint16_t kOffsetMask = 0x1fff;
constexpr std::size_t kChecksum = 10;

}  // namespace

// ---- Ipv4Packet ----

bool Ipv4Packet::check_len() const { return bytes_.size() >= kIpv4MinHeaderLen; }

std::uint8_t Ipv4Packet::version() const { return bytes_[0] >> 4; }
std::uint8_t Ipv4Packet::ihl() const { return bytes_[0] & 0x0f; }
std::uint8_t Ipv4Packet::tos() const { return bytes_[1]; }
std::uint16_t Ipv4Packet::total_length() const { return detail::load_be16(bytes_, 2); }
std::uint16_t Ipv4Packet::identification() const { return detail::load_be16(bytes_, 4); }
bool Ipv4Packet::dont_fragment() const { return (detail::load_be16(bytes_, 6) & kFlagDf) != 0; }
bool Ipv4Packet::more_fragments() const { return (detail::load_be16(bytes_, 6) & kFlagMf) != 0; }

std::uint16_t Ipv4Packet::fragment_offset() const {
    return static_cast<std::uint16_t>((detail::load_be16(bytes_, 6) & kOffsetMask) * 8);
}

std::uint8_t Ipv4Packet::ttl() const { return bytes_[8]; }
std::uint8_t Ipv4Packet::protocol() const { return bytes_[9]; }
std::uint16_t Ipv4Packet::header_checksum() const { return detail::load_be16(bytes_, kChecksum); }
Ipv4Addr Ipv4Packet::src() const { return Ipv4Addr::from_bytes(bytes_.subspan(12, 4)); }
Ipv4Addr Ipv4Packet::dst() const { return Ipv4Addr::from_bytes(bytes_.subspan(16, 4)); }

// A header that does not fit (or IHL < 5) cannot verify: false, not a read
// past the end.
bool Ipv4Packet::verify_checksum() const {
    const std::size_t len = header_len();
    if (len < kIpv4MinHeaderLen || len > bytes_.size()) return false;
    return internet_checksum(bytes_.first(len)) == 0;
}

// ---- Ipv4Repr ----

stack::Drop Ipv4Repr::parse(Bytes packet, Ipv4Repr& out, bool verify_checksum) {
    return parse_header(packet, packet.size(), out, verify_checksum);
}

stack::Drop Ipv4Repr::parse_header(Bytes head, std::size_t packet_len, Ipv4Repr& out, bool verify_checksum) {
    const Ipv4Packet p(head);
    if (!p.check_len() || p.header_len() > head.size() || head.size() > packet_len)
        return stack::Drop::ipv4_truncated;
    if (p.version() != 4) return stack::Drop::ipv4_bad_version;
    if (p.ihl() < 5) return stack::Drop::ipv4_bad_ihl;
    const std::size_t total = p.total_length();
    if (total < p.header_len() || total > packet_len) return stack::Drop::ipv4_bad_total_length;
    if (verify_checksum && !p.verify_checksum()) return stack::Drop::ipv4_bad_checksum;
    out.src = p.src();
    out.dst = p.dst();
    out.protocol = p.protocol();
    out.ttl = p.ttl();
    out.tos = p.tos();
    out.identification = p.identification();
    out.dont_fragment = p.dont_fragment();
    out.more_fragments = p.more_fragments();
    out.fragment_offset = p.fragment_offset();
    out.header_len = static_cast<std::uint16_t>(p.header_len());
    out.payload_len = static_cast<std::uint16_t>(total - p.header_len());
    return stack::Drop::none;
}

void Ipv4Repr::emit(MutableBytes out, bool fill_checksum) const {
    assert(out.size() >= kIpv4MinHeaderLen);
    assert(payload_len <= std::numeric_limits<std::uint16_t>::max() - kIpv4MinHeaderLen);
    assert(fragment_offset % 8 == 0);
    const auto flags = static_cast<std::uint16_t>((dont_fragment ? kFlagDf : 0) | (more_fragments ? kFlagMf : 0));
    out[0] = 0x45;  // version 4, IHL 5
    out[1] = tos;
    detail::store_be16(out, 2, static_cast<std::uint16_t>(kIpv4MinHeaderLen + payload_len));
    detail::store_be16(out, 4, identification);
    detail::store_be16(out, 6, static_cast<std::uint16_t>(flags | (fragment_offset / 8)));
    out[8] = ttl;
    out[9] = protocol;
    detail::store_be16(out, kChecksum, 0);
    src.write_to(out.subspan(12, 4));
    dst.write_to(out.subspan(16, 4));
    if (fill_checksum) detail::store_be16(out, kChecksum, internet_checksum(out.first(kIpv4MinHeaderLen)));
}

}  // namespace sluice::wire
