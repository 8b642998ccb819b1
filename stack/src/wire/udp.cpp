// UDP header parse/emit and the IPv4 pseudo-header sum (RFC 768 "Fields").
#include <sluice/stack/wire/udp.hpp>

#include "byte_order.hpp"

namespace sluice::wire {

stack::Drop UdpRepr::parse(Bytes head, std::size_t datagram_len, UdpRepr& out) {
    if (head.size() < kUdpHeaderLen || datagram_len < kUdpHeaderLen) return stack::Drop::udp_truncated;
    const std::uint16_t length = detail::load_be16(head, 4);
    if (length < kUdpHeaderLen || length > datagram_len) return stack::Drop::udp_bad_length;
    out.src_port = detail::load_be16(head, 0);
    out.dst_port = detail::load_be16(head, 2);
    out.length = length;
    out.checksum = detail::load_be16(head, 6);
    return stack::Drop::none;
}

void UdpRepr::emit(MutableBytes out) const {
    detail::store_be16(out, 0, src_port);
    detail::store_be16(out, 2, dst_port);
    detail::store_be16(out, 4, length);
    detail::store_be16(out, 6, checksum);
}

std::uint32_t ipv4_pseudo_header_sum(Ipv4Addr src, Ipv4Addr dst, std::uint8_t protocol, std::uint16_t length) {
    return (src.value >> 16) + (src.value & 0xffff) + (dst.value >> 16) + (dst.value & 0xffff) + protocol + length;
}

}  // namespace sluice::wire
