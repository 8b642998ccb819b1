// IPv4 input and output. RFC 791 section 3.2, RFC 1122 section 3.2.1
// (validation: 3.2.1.1 version, 3.2.1.2 checksum, 3.2.1.3 addressing incl.
// the 127/8 martian rule, 3.2.1.7 TTL). See ipv4.hpp.
#include <sluice/stack/net/ipv4.hpp>

#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>

#include <algorithm>

namespace sluice::stack {

using wire::Ipv4Repr;

Ipv4Layer::Ipv4Layer(StackContext& ctx, LinkLayer* link, LoopbackInterface& loopback)
    : ctx_(ctx), link_(link), loopback_(loopback) {
    if (link_ != nullptr) link_->set_ipv4_receiver(this);
    if (ctx_.ethernet) {
        routes_.add_connected(ctx_.ethernet->address);
        if (ctx_.ethernet->gateway) routes_.add_default(*ctx_.ethernet->gateway);
    }
}

bool Ipv4Layer::nic_verified_checksum(const rte_mbuf* packet, Drop& verdict) {
    if (!ctx_.caps.rx_ipv4_checksum) return false;
    switch (packet->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) {
    case RTE_MBUF_F_RX_IP_CKSUM_GOOD:
    case RTE_MBUF_F_RX_IP_CKSUM_NONE:  // data verified, field not filled (virtio)
        ++ctx_.counters.events.rx_ip_checksum_offloaded;
        return true;
    case RTE_MBUF_F_RX_IP_CKSUM_BAD:
        verdict = Drop::ipv4_bad_checksum;
        return true;
    default:
        return false;  // unknown: verify in software
    }
}

Drop Ipv4Layer::parse_header(const rte_mbuf* packet, bool from_loopback, Ipv4Repr& ip) {
    Drop verdict = Drop::none;
    const bool verified = from_loopback || nic_verified_checksum(packet, verdict);
    if (verdict != Drop::none) return verdict;
    verdict = Ipv4Repr::parse_header(packet_bytes(packet), rte_pktmbuf_pkt_len(packet), ip, !verified);
    if (verdict != Drop::none) return verdict;
    // No TTL check: a host MUST NOT discard a datagram it receives because
    // its TTL is below 2 (RFC 1122 3.2.1.7; RFC 1812 4.2.2.9 names zero).
    if (!from_loopback) verdict = check_link_addresses(ip);
    if (verdict == Drop::none && ip.is_fragment()) verdict = Drop::ipv4_fragment;
    return verdict;
}

Drop Ipv4Layer::check_link_addresses(const Ipv4Repr& ip) const {
    // RFC 1122 3.2.1.3: 127/8 must never appear on a network; a source that
    // is broadcast, multicast or our own address is a spoof or a loop; 0/8
    // may be a source only while a host starts up, to a broadcast (DHCP).
    if (ip.src.is_loopback() || ip.dst.is_loopback()) return Drop::ipv4_martian;
    if (ip.src.is_multicast() || ctx_.is_broadcast(ip.src) || ctx_.is_local(ip.src)) return Drop::ipv4_bad_source;
    if ((ip.src.value >> 24) == 0 && !ctx_.is_broadcast(ip.dst)) return Drop::ipv4_bad_source;
    if (ctx_.is_local(ip.dst) || ctx_.is_broadcast(ip.dst)) return Drop::none;
    return ip.dst.is_multicast() ? Drop::ipv4_multicast : Drop::ipv4_not_for_us;
}

void Ipv4Layer::receive_ipv4(rte_mbuf* packet, Instant now) { deliver(packet, false, now); }

void Ipv4Layer::receive_loopback(rte_mbuf* packet, Instant now) { deliver(packet, true, now); }

void Ipv4Layer::deliver(rte_mbuf* packet, bool from_loopback, Instant now) {
    Ipv4Repr ip;
    Drop verdict = parse_header(packet, from_loopback, ip);
    if (verdict != Drop::none) return ctx_.discard(packet, verdict);
    // Strip link padding (frames are single-segment; loopback packets are exact).
    const std::uint32_t total = std::uint32_t{ip.header_len} + ip.payload_len;
    if (rte_pktmbuf_pkt_len(packet) > total && packet->nb_segs == 1)
        rte_pktmbuf_trim(packet, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(packet) - total));
    const bool tapped = raw_tap_ != nullptr && raw_tap_->tap(packet, ip, now);
    Ipv4ProtocolHandler* handler = handlers_[ip.protocol];
    if (handler == nullptr) {
        // A protocol only raw sockets speak: delivered if one took a copy.
        if (tapped) rte_pktmbuf_free(packet);
        else ctx_.discard(packet, Drop::ipv4_unknown_protocol);
        return;
    }
    rte_pktmbuf_adj(packet, ip.header_len);
    ++ctx_.counters.events.ipv4_delivered;
    handler->receive(packet, ip, now);
}

wire::Ipv4Addr Ipv4Layer::source_for(wire::Ipv4Addr dst) const {
    if (dst.is_loopback()) return kLoopbackAddress;
    if (ctx_.ethernet) return ctx_.ethernet->address.address;
    return kLoopbackAddress;
}

std::uint32_t Ipv4Layer::mtu_for(wire::Ipv4Addr dst) const {
    if (ctx_.is_local(dst) || !ctx_.ethernet) return kLoopbackMtu;
    return ctx_.ethernet->mtu;
}

Drop Ipv4Layer::plan_route(wire::Ipv4Addr src, wire::Ipv4Addr dst, Route& route) const {
    // RFC 1122 3.2.1.3: never send to 0/8; 224/4 needs multicast support (a
    // later issue); 240/4 is reserved (but 255.255.255.255 is broadcast).
    const bool class_e = (dst.value >> 28) == 0xf && !dst.is_limited_broadcast();
    if ((dst.value >> 24) == 0 || dst.is_multicast() || class_e) return Drop::ipv4_bad_destination;
    route.local = ctx_.is_local(dst);
    if (route.local) return Drop::none;
    if (link_ == nullptr) return Drop::ipv4_no_route;
    if (ctx_.is_broadcast(dst)) {
        route.hop = NextHop{dst, false};
    } else {
        const std::optional<NextHop> hop = routes_.lookup(dst);
        if (!hop) return Drop::ipv4_no_route;
        route.hop = *hop;
    }
    // 127/8 must never leave the host as a source (RFC 1122 3.2.1.3 (g)).
    if (src.is_loopback()) return Drop::ipv4_loopback_source;
    return Drop::none;
}

Drop Ipv4Layer::refuse(rte_mbuf* packet, Drop reason) {
    ctx_.discard(packet, reason);
    return reason;
}

Drop Ipv4Layer::route_out(rte_mbuf* packet, const Route& route, Instant now) {
    if (route.local) {
        if (!loopback_.push(packet)) return refuse(packet, Drop::loopback_queue_full);
        ++ctx_.counters.events.loopback_packets;
        return Drop::none;
    }
    ++ctx_.counters.events.ipv4_sent;
    link_->send_ipv4(packet, route.hop.neighbor, now);
    return Drop::none;
}

Drop Ipv4Layer::send(rte_mbuf* payload, const Ipv4SendParams& params, Instant now) {
    const wire::Ipv4Addr src = params.src.is_unspecified() ? source_for(params.dst) : params.src;
    Route route;
    if (const Drop bad = plan_route(src, params.dst, route); bad != Drop::none) return refuse(payload, bad);
    const std::size_t total = rte_pktmbuf_pkt_len(payload) + wire::kIpv4MinHeaderLen;
    // A TSO segment is larger than the MTU by design: the NIC cuts it into
    // packets that fit (each at most l2+l3+l4 headers + tso_segsz).
    const bool tso = (payload->ol_flags & RTE_MBUF_F_TX_TCP_SEG) != 0;
    if (tso ? total > 0xffff : total > mtu_for(params.dst)) {
        ctx_.discard(payload, Drop::ipv4_too_big);
        return Drop::ipv4_too_big;
    }
    Ipv4Repr ip;
    ip.src = src;
    ip.dst = params.dst;
    ip.protocol = params.protocol;
    ip.ttl = std::max<std::uint8_t>(params.ttl, 1);  // RFC 1122 3.2.1.7: never send TTL 0
    ip.tos = params.tos;
    ip.dont_fragment = params.dont_fragment;
    ip.identification = next_identification_++;
    ip.payload_len = static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(payload));

    wire::MutableBytes header = prepend_header(payload, wire::kIpv4MinHeaderLen);
    if (header.empty()) {
        ctx_.discard(payload, Drop::no_headroom);
        return Drop::no_headroom;
    }
    const bool offload = ctx_.caps.tx_ipv4_checksum && !ctx_.is_local(params.dst);
    ip.emit(header, !offload);
    payload->l3_len = wire::kIpv4MinHeaderLen;
    if (offload) payload->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
    return route_out(payload, route, now);
}

Drop Ipv4Layer::send_with_header(rte_mbuf* packet, Instant now) {
    // IP_HDRINCL: the caller's header, with the fields a host always owns
    // filled in (as Linux raw(7) does): total length and checksum always,
    // identification and source when zero.
    wire::MutableBytes bytes = packet_bytes_mut(packet);
    const std::uint32_t total = rte_pktmbuf_pkt_len(packet);
    if (bytes.size() < wire::kIpv4MinHeaderLen || (bytes[0] >> 4) != 4 || (bytes[0] & 0x0f) < 5 ||
        std::size_t{bytes[0] & 0x0fu} * 4 > bytes.size() || total > 0xffff) {
        ctx_.discard(packet, Drop::ipv4_truncated);
        return Drop::ipv4_truncated;
    }
    const std::size_t header_len = std::size_t{bytes[0] & 0x0fu} * 4;
    const wire::Ipv4Addr dst = wire::Ipv4Addr::from_bytes(bytes.subspan(16, 4));
    if (wire::Ipv4Addr::from_bytes(bytes.subspan(12, 4)).is_unspecified()) source_for(dst).write_to(bytes.subspan(12, 4));
    Route route;
    if (const Drop bad = plan_route(wire::Ipv4Addr::from_bytes(bytes.subspan(12, 4)), dst, route); bad != Drop::none)
        return refuse(packet, bad);
    if (bytes[8] == 0) bytes[8] = 1;  // RFC 1122 3.2.1.7: never send TTL 0
    if (total > mtu_for(dst)) {
        ctx_.discard(packet, Drop::ipv4_too_big);
        return Drop::ipv4_too_big;
    }
    bytes[2] = static_cast<std::uint8_t>(total >> 8);
    bytes[3] = static_cast<std::uint8_t>(total);
    if (bytes[4] == 0 && bytes[5] == 0) {
        const std::uint16_t id = next_identification_++;
        bytes[4] = static_cast<std::uint8_t>(id >> 8);
        bytes[5] = static_cast<std::uint8_t>(id);
    }
    bytes[10] = bytes[11] = 0;
    const std::uint16_t sum = wire::internet_checksum(bytes.first(header_len));
    bytes[10] = static_cast<std::uint8_t>(sum >> 8);
    bytes[11] = static_cast<std::uint8_t>(sum);
    packet->l3_len = header_len & 0x1ff;
    return route_out(packet, route, now);
}

}  // namespace sluice::stack
