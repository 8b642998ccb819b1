// The transport checksum check UDP and TCP share: RFC 768 and RFC 9293 §3.1,
// over the IPv4 pseudo-header and the transport bytes. The NIC's verdict is
// taken when it gave one (GOOD, or NONE: virtio verified the data but left
// the field partial); otherwise the sum is computed in software over the
// possibly chained packet (packet_checksum_partial: any segment lengths).
#pragma once

#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/udp.hpp>

#include <rte_mbuf.h>

#include <cstdint>

namespace sluice::stack {

/// `packet` holds the transport header and data (at least `length` bytes).
inline bool l4_checksum_ok(const StackContext& ctx, const rte_mbuf* packet, const wire::Ipv4Repr& ip,
                           std::uint8_t protocol, std::uint16_t length) {
    if (ctx.caps.rx_l4_checksum) {
        const std::uint64_t flags = packet->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
        if (flags == RTE_MBUF_F_RX_L4_CKSUM_GOOD || flags == RTE_MBUF_F_RX_L4_CKSUM_NONE) return true;
        if (flags == RTE_MBUF_F_RX_L4_CKSUM_BAD) return false;
    }
    if (rte_pktmbuf_pkt_len(packet) < length) return false;
    const std::uint32_t sum =
        wire::ipv4_pseudo_header_sum(ip.src, ip.dst, protocol, length) + packet_checksum_partial(packet, 0, length);
    return wire::checksum_finish(sum) == 0;
}

}  // namespace sluice::stack
