// IPv4 input and output. RFC 791 section 3.2, RFC 1122 section 3.2.1
// (validation: 3.2.1.1 version, 3.2.1.2 checksum, 3.2.1.3 addressing,
// 3.2.1.7 TTL). See ipv4.hpp.
#include <sluice/stack/net/ipv4.hpp>

#include <sluice/stack/net/packet.hpp>

namespace sluice::stack {

using wire::Ipv4Repr;

Ipv4Layer::Ipv4Layer(StackContext& ctx, LinkLayer& link) : ctx_(ctx), link_(link) {
    link_.set_ipv4_receiver(this);
    routes_.add_connected(ctx_.iface.address);
    if (ctx_.iface.gateway) routes_.add_default(*ctx_.iface.gateway);
}

bool Ipv4Layer::nic_verified_checksum(const rte_mbuf* packet, Drop& verdict) {
    if (!ctx_.caps.rx_ipv4_checksum) return false;
    switch (packet->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) {
    case RTE_MBUF_F_RX_IP_CKSUM_GOOD:
        ++ctx_.counters.events.rx_ip_checksum_offloaded;
        return true;
    case RTE_MBUF_F_RX_IP_CKSUM_BAD:
        verdict = Drop::ipv4_bad_checksum;
        return true;
    default:
        return false;  // unknown: verify in software
    }
}

Drop Ipv4Layer::parse_header(rte_mbuf* packet, Ipv4Repr& ip) {
    Drop verdict = Drop::none;
    const bool verified = nic_verified_checksum(packet, verdict);
    if (verdict != Drop::none) return verdict;
    verdict = Ipv4Repr::parse(packet_bytes(packet), ip, !verified);
    if (verdict != Drop::none) return verdict;
    // RFC 791 3.2 "Time to Live": a datagram with TTL 0 must be destroyed.
    if (ip.ttl == 0) return Drop::ipv4_ttl_zero;
    return check_addresses(ip);
}

Drop Ipv4Layer::check_addresses(const Ipv4Repr& ip) const {
    // RFC 1122 3.2.1.3: silently discard a datagram whose source is a
    // broadcast or multicast address; one claiming to come from us is a
    // spoof or a loop.
    if (ip.src.is_multicast() || ctx_.iface.is_broadcast(ip.src) || ctx_.iface.is_our_unicast(ip.src))
        return Drop::ipv4_bad_source;
    if (ctx_.iface.is_our_unicast(ip.dst) || ctx_.iface.is_broadcast(ip.dst)) return Drop::none;
    return ip.dst.is_multicast() ? Drop::ipv4_multicast : Drop::ipv4_not_for_us;
}

void Ipv4Layer::receive_ipv4(rte_mbuf* packet, Instant now) {
    Ipv4Repr ip;
    Drop verdict = parse_header(packet, ip);
    if (verdict == Drop::none && ip.is_fragment()) verdict = Drop::ipv4_fragment;
    Ipv4ProtocolHandler* handler = handlers_[ip.protocol];
    if (verdict == Drop::none && handler == nullptr) verdict = Drop::ipv4_unknown_protocol;
    if (verdict != Drop::none) return ctx_.discard(packet, verdict);

    // Strip link padding, then the header (options included).
    const std::uint32_t total = std::uint32_t{ip.header_len} + ip.payload_len;
    if (rte_pktmbuf_data_len(packet) > total)
        rte_pktmbuf_trim(packet, static_cast<std::uint16_t>(rte_pktmbuf_data_len(packet) - total));
    rte_pktmbuf_adj(packet, ip.header_len);
    ++ctx_.counters.events.ipv4_delivered;
    handler->receive(packet, ip, now);
}

void Ipv4Layer::send(rte_mbuf* payload, const Ipv4SendParams& params, Instant now) {
    const std::size_t total = rte_pktmbuf_pkt_len(payload) + wire::kIpv4MinHeaderLen;
    if (total > ctx_.iface.mtu) return ctx_.discard(payload, Drop::ipv4_too_big);
    const bool broadcast = ctx_.iface.is_broadcast(params.dst);
    const std::optional<NextHop> hop =
        broadcast ? std::optional<NextHop>{NextHop{params.dst, false}} : routes_.lookup(params.dst);
    if (!hop) return ctx_.discard(payload, Drop::ipv4_no_route);

    Ipv4Repr ip;
    ip.src = params.src.is_unspecified() ? ctx_.iface.address.address : params.src;
    ip.dst = params.dst;
    ip.protocol = params.protocol;
    ip.ttl = params.ttl;
    ip.tos = params.tos;
    ip.dont_fragment = params.dont_fragment;
    ip.identification = next_identification_++;
    ip.payload_len = static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(payload));

    wire::MutableBytes header = prepend_header(payload, wire::kIpv4MinHeaderLen);
    if (header.empty()) return ctx_.discard(payload, Drop::no_headroom);
    const bool offload = ctx_.caps.tx_ipv4_checksum;
    ip.emit(header, !offload);
    payload->l3_len = wire::kIpv4MinHeaderLen;
    if (offload) payload->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
    ++ctx_.counters.events.ipv4_sent;
    link_.send_ipv4(payload, hop->neighbor, now);
}

}  // namespace sluice::stack
