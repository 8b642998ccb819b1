// Ethernet/802.1Q receive and transmit, and the ARP protocol (RFC 826
// "Packet Reception", RFC 5227 section 2.3 announcements). See link.hpp.
#include <sluice/stack/net/link.hpp>

#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/ethernet.hpp>

namespace sluice::stack {

using wire::ArpOp;
using wire::ArpRepr;
using wire::EthernetRepr;
using wire::MacAddr;

LinkLayer::LinkLayer(StackContext& ctx, const ArpConfig& arp_config)
    : ctx_(ctx), iface_(ctx.ethernet.value()), cache_(arp_config, ctx.timers, *this, ctx.counters) {}

Drop LinkLayer::check_frame_addresses(const MacAddr& dst, const MacAddr& src,
                                      std::optional<std::uint16_t> vlan_tci) const {
    if (!dst.is_broadcast() && dst != iface_.mac)
        return dst.is_multicast() ? Drop::eth_multicast : Drop::eth_not_for_us;
    if (src.is_multicast()) return Drop::eth_src_invalid;
    // 802.1Q: VLAN id 0 is a priority tag and means "untagged" (802.1Q 9.6).
    const std::uint16_t vid = vlan_tci ? (*vlan_tci & 0x0fff) : 0;
    if (vid != iface_.vlan_id.value_or(0)) return Drop::vlan_not_ours;
    return Drop::none;
}

void LinkLayer::receive(rte_mbuf* frame, Instant now) {
    // A chain (a peer's zero-copy TCP segment, scatter RX) must carry the
    // Ethernet and IPv4 headers in its first segment; later layers check
    // their own headers the same way.
    constexpr std::uint16_t kHeadersInFirstSegment = 14 + 20;
    if (frame->nb_segs != 1 && rte_pktmbuf_data_len(frame) < kHeadersInFirstSegment)
        return ctx_.discard(frame, Drop::eth_multi_segment);
    EthernetRepr eth;
    Drop verdict = EthernetRepr::parse(packet_bytes(frame), eth);
    if (verdict == Drop::none) verdict = check_frame_addresses(eth.dst, eth.src, eth.vlan_tci);
    if (verdict != Drop::none) return ctx_.discard(frame, verdict);
    rte_pktmbuf_adj(frame, static_cast<std::uint16_t>(eth.header_len()));
    switch (eth.ethertype) {
    case wire::ethertype::arp:
        return receive_arp(frame, now);
    case wire::ethertype::ipv4:
        if (ipv4_ != nullptr) return ipv4_->receive_ipv4(frame, now);
        break;
    default:
        break;
    }
    ctx_.discard(frame, Drop::eth_unknown_ethertype);
}

void LinkLayer::receive_arp(rte_mbuf* body, Instant now) {
    ArpRepr arp;
    Drop verdict = ArpRepr::parse(packet_bytes(body), arp);
    // A sender claiming our address, or a non-unicast sender, is never learnt.
    if (verdict == Drop::none && (arp.sender_mac.is_multicast() || arp.sender_mac.is_zero() ||
                                  arp.sender_ip.is_multicast() ||
                                  arp.sender_ip.is_limited_broadcast() ||
                                  iface_.is_our_unicast(arp.sender_ip)))
        verdict = Drop::arp_bad_sender;
    if (verdict != Drop::none) return ctx_.discard(body, verdict);

    if (arp.operation == ArpOp::request) ++ctx_.counters.events.arp_requests_received;
    else ++ctx_.counters.events.arp_replies_received;

    // RFC 826: merge the sender into an existing entry; if the packet is for
    // us, add it. A probe's sender (0.0.0.0, RFC 5227 2.1.1) is never learnt.
    const bool for_us = iface_.is_our_unicast(arp.target_ip);
    // New entries only for senders on our subnet: an off-link sender can
    // never be a next hop, so learning it would only spend the cache.
    const bool create = for_us && iface_.address.contains(arp.sender_ip);
    if (!arp.sender_ip.is_unspecified()) cache_.learn(arp.sender_ip, arp.sender_mac, create, now);
    if (!for_us) {
        // Gratuitous announcements and requests for other hosts are normal
        // traffic, but nothing we answer: counted as not for us.
        return ctx_.discard(body, Drop::arp_not_for_us);
    }
    if (arp.operation == ArpOp::request) answer_arp_request(arp);
    rte_pktmbuf_free(body);
}

void LinkLayer::answer_arp_request(const ArpRepr& request) {
    ArpRepr reply;
    reply.operation = ArpOp::reply;
    reply.sender_mac = iface_.mac;
    reply.sender_ip = iface_.address.address;
    reply.target_mac = request.sender_mac;
    reply.target_ip = request.sender_ip;
    send_arp(reply, request.sender_mac);
    ++ctx_.counters.events.arp_replies_sent;
}

void LinkLayer::send_arp_request(wire::Ipv4Addr target, std::optional<MacAddr> to) {
    ArpRepr request;
    request.operation = ArpOp::request;
    request.sender_mac = iface_.mac;
    request.sender_ip = iface_.address.address;
    request.target_mac = MacAddr{};
    request.target_ip = target;
    send_arp(request, to.value_or(MacAddr::broadcast()));
    ++ctx_.counters.events.arp_requests_sent;
}

void LinkLayer::announce() {
    // RFC 5227 2.3: an ARP announcement is a request with sender and target
    // protocol address both ours, broadcast.
    ArpRepr announcement;
    announcement.operation = ArpOp::request;
    announcement.sender_mac = iface_.mac;
    announcement.sender_ip = iface_.address.address;
    announcement.target_ip = iface_.address.address;
    send_arp(announcement, MacAddr::broadcast());
    ++ctx_.counters.events.arp_gratuitous_sent;
}

void LinkLayer::send_arp(const ArpRepr& arp, const MacAddr& dst) {
    rte_mbuf* m = alloc_packet(ctx_.pool, ArpRepr::buffer_len());
    if (m == nullptr) {
        ctx_.counters.drop(Drop::no_mbuf);
        return;
    }
    arp.emit(packet_bytes_mut(m));
    emit_frame(m, dst, wire::ethertype::arp);
}

void LinkLayer::send_ipv4(rte_mbuf* packet, wire::Ipv4Addr next_hop, Instant now) {
    if (iface_.is_broadcast(next_hop))
        return emit_frame(packet, MacAddr::broadcast(), wire::ethertype::ipv4);
    cache_.send(next_hop, packet, now);
}

void LinkLayer::transmit_resolved(rte_mbuf* packet, const MacAddr& dst) {
    emit_frame(packet, dst, wire::ethertype::ipv4);
}

void LinkLayer::emit_frame(rte_mbuf* payload, const MacAddr& dst, std::uint16_t ethertype) {
    EthernetRepr eth;
    eth.dst = dst;
    eth.src = iface_.mac;
    eth.ethertype = ethertype;
    if (iface_.vlan_id) eth.vlan_tci = *iface_.vlan_id;
    wire::MutableBytes header = prepend_header(payload, eth.header_len());
    if (header.empty()) return ctx_.discard(payload, Drop::no_headroom);
    eth.emit(header);
    payload->l2_len = static_cast<std::uint8_t>(eth.header_len()) & 0x7f;
    ctx_.tx.push(payload);
}

}  // namespace sluice::stack
