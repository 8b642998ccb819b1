// ICMP echo (RFC 792 "Echo or Echo Reply Message"; RFC 1122 3.2.2.6). See icmp.hpp.
#include <sluice/stack/net/icmp.hpp>

#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>

namespace sluice::stack {

using wire::IcmpRepr;

IcmpLayer::IcmpLayer(StackContext& ctx, Ipv4Layer& ipv4) : ctx_(ctx), ipv4_(ipv4) {
    ipv4_.register_protocol(wire::ipproto::icmp, this);
}

void IcmpLayer::receive(rte_mbuf* message, const wire::Ipv4Repr& ip, Instant now) {
    IcmpRepr icmp;
    const Drop verdict = IcmpRepr::parse(packet_bytes(message), icmp, true);
    if (verdict != Drop::none) return ctx_.discard(message, verdict);
    switch (icmp.type) {
    case wire::icmptype::echo_request:
        ++ctx_.counters.events.icmp_echo_requests;
        if (!ctx_.iface.is_our_unicast(ip.dst) && !answer_broadcast_echo_)
            return ctx_.discard(message, Drop::icmp_broadcast_echo);
        return answer_echo(message, icmp, ip, now);
    case wire::icmptype::echo_reply:
        ++ctx_.counters.events.icmp_echo_replies_received;
        if (on_echo_reply_)
            on_echo_reply_({ip.src, icmp.identifier(), icmp.sequence(), icmp.data.size(), now});
        rte_pktmbuf_free(message);
        return;
    default:
        return ctx_.discard(message, Drop::icmp_unhandled);
    }
}

void IcmpLayer::answer_echo(rte_mbuf* message, const IcmpRepr& request, const wire::Ipv4Repr& ip,
                            Instant now) {
    // In place: only the type changes (8 -> 0), so patch the checksum per
    // RFC 1624 instead of summing the whole message again.
    wire::MutableBytes bytes = packet_bytes_mut(message);
    const std::uint16_t old_word = static_cast<std::uint16_t>(request.type << 8 | request.code);
    const std::uint16_t new_word = static_cast<std::uint16_t>(wire::icmptype::echo_reply << 8 | request.code);
    const std::uint16_t old_sum = static_cast<std::uint16_t>(bytes[2] << 8 | bytes[3]);
    std::uint16_t new_sum = wire::checksum_update16(old_sum, old_word, new_word);
    bytes[0] = wire::icmptype::echo_reply;
    if (new_sum == 0) {
        // Eqn. 3 yields +0 where a full sum over an all-zero message gives
        // 0xffff (RFC 1624 section 5): recompute in that rare case.
        bytes[2] = bytes[3] = 0;
        new_sum = wire::internet_checksum(bytes);
    }
    bytes[2] = static_cast<std::uint8_t>(new_sum >> 8);
    bytes[3] = static_cast<std::uint8_t>(new_sum & 0xff);
    reset_offload_flags(message);

    Ipv4SendParams reply;
    reply.src = ip.dst.is_limited_broadcast() || ctx_.iface.is_broadcast(ip.dst) ? wire::Ipv4Addr{} : ip.dst;
    reply.dst = ip.src;
    reply.protocol = wire::ipproto::icmp;
    reply.tos = ip.tos;
    ++ctx_.counters.events.icmp_echo_replies;
    ipv4_.send(message, reply, now);
}

bool IcmpLayer::send_echo_request(wire::Ipv4Addr dst, std::uint16_t identifier, std::uint16_t sequence,
                                  wire::Bytes data, Instant now) {
    const IcmpRepr request = IcmpRepr::echo(wire::icmptype::echo_request, identifier, sequence, data);
    rte_mbuf* m = alloc_packet(ctx_.device.tx_pool(), request.buffer_len());
    if (m == nullptr) {
        ctx_.counters.drop(Drop::no_mbuf);
        return false;
    }
    request.emit(packet_bytes_mut(m));
    Ipv4SendParams params;
    params.dst = dst;
    params.protocol = wire::ipproto::icmp;
    ipv4_.send(m, params, now);
    return true;
}

}  // namespace sluice::stack
