// ICMP for IPv4 (RFC 792; host requirements RFC 1122 section 3.2.2).
//
//   0 type | 1 code | 2..3 checksum | 4..7 rest of header | 8.. data
// The checksum is the RFC 1071 Internet checksum over the whole ICMP message
// (header and data, computed with the checksum field zero), RFC 792 "Echo or
// Echo Reply Message". For echo request/reply the rest of header is
// identifier (4..5) and sequence number (6..7).
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/checksum.hpp>

#include "byte_order.hpp"

#include <cassert>
#include <cstring>

namespace sluice::wire {

// ---- IcmpPacket ----

bool IcmpPacket::check_len() const { return bytes_.size() >= kIcmpHeaderLen; }

std::uint8_t IcmpPacket::type() const { return bytes_[0]; }
std::uint8_t IcmpPacket::code() const { return bytes_[1]; }
std::uint16_t IcmpPacket::checksum() const { return detail::load_be16(bytes_, 2); }
std::uint16_t IcmpPacket::echo_identifier() const { return detail::load_be16(bytes_, 4); }
std::uint16_t IcmpPacket::echo_sequence() const { return detail::load_be16(bytes_, 6); }
std::uint32_t IcmpPacket::rest_of_header() const { return detail::load_be32(bytes_, 4); }
Bytes IcmpPacket::data() const { return bytes_.subspan(kIcmpHeaderLen); }
bool IcmpPacket::verify_checksum() const { return internet_checksum(bytes_) == 0; }

// ---- IcmpRepr ----

stack::Drop IcmpRepr::parse(Bytes message, IcmpRepr& out, bool verify_checksum) {
    const IcmpPacket p(message);
    if (!p.check_len()) return stack::Drop::icmp_truncated;
    if (verify_checksum && !p.verify_checksum()) return stack::Drop::icmp_bad_checksum;
    out.type = p.type();
    out.code = p.code();
    out.rest_of_header = p.rest_of_header();
    out.data = p.data();
    return stack::Drop::none;
}

// In-place emit: when `data` already sits at out[8..] the copy is skipped;
// any other overlap is handled by memmove.
void IcmpRepr::emit(MutableBytes out) const {
    assert(out.size() >= buffer_len());
    out[0] = type;
    out[1] = code;
    detail::store_be16(out, 2, 0);
    detail::store_be32(out, 4, rest_of_header);
    std::uint8_t* const dest = out.data() + kIcmpHeaderLen;
    if (!data.empty() && data.data() != dest) std::memmove(dest, data.data(), data.size());
    detail::store_be16(out, 2, internet_checksum(out.first(buffer_len())));
}

}  // namespace sluice::wire
