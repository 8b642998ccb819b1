// ICMP (RFC 792; RFC 1122 3.2.2 and 3.2.2.6; RFC 1812 4.3.2.3 and 4.3.2.8).
// See icmp.hpp.
#include <sluice/stack/net/icmp.hpp>

#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include <algorithm>
#include <optional>

namespace sluice::stack {

using wire::IcmpRepr;

namespace {
constexpr double kErrorBurst = 50.0;

/// The folded one's-complement sum of a whole (possibly chained) message, as
/// checksum_finish expects it; nullopt if the chain is shorter than pkt_len.
std::optional<std::uint16_t> message_checksum(const rte_mbuf* m) {
    return wire::checksum_finish(packet_checksum_partial(m, 0, rte_pktmbuf_pkt_len(m)));
}

/// Parses an ICMP message held in one segment or a chain (large loopback
/// pings); the checksum is verified over all of it.
Drop parse_message(const rte_mbuf* m, IcmpRepr& icmp) {
    if (m->nb_segs == 1) return IcmpRepr::parse(packet_bytes(m), icmp, true);
    if (rte_pktmbuf_data_len(m) < wire::kIcmpHeaderLen) return Drop::icmp_truncated;
    const Drop d = IcmpRepr::parse(packet_bytes(m), icmp, false);
    if (d != Drop::none) return d;
    const auto sum = message_checksum(m);
    return sum && *sum == 0 ? Drop::none : Drop::icmp_bad_checksum;
}
constexpr double kErrorsPerSecond = 1000.0;
constexpr std::size_t kMaxErrorDatagram = 576;  // RFC 1812 4.3.2.3
}  // namespace

IcmpLayer::IcmpLayer(StackContext& ctx, Ipv4Layer& ipv4) : ctx_(ctx), ipv4_(ipv4) {
    ipv4_.register_protocol(wire::ipproto::icmp, this);
}

void IcmpLayer::receive(rte_mbuf* message, const wire::Ipv4Repr& ip, Instant now) {
    IcmpRepr icmp;
    const Drop verdict = parse_message(message, icmp);
    if (verdict != Drop::none) return ctx_.discard(message, verdict);
    switch (icmp.type) {
    case wire::icmptype::echo_request:
        ++ctx_.counters.events.icmp_echo_requests;
        if (!ctx_.is_local(ip.dst) && !answer_broadcast_echo_)
            return ctx_.discard(message, Drop::icmp_broadcast_echo);
        return answer_echo(message, icmp, ip, now);
    case wire::icmptype::echo_reply:
        ++ctx_.counters.events.icmp_echo_replies_received;
        if (on_echo_reply_)
            on_echo_reply_({ip.src, icmp.identifier(), icmp.sequence(),
                            rte_pktmbuf_pkt_len(message) - wire::kIcmpHeaderLen, now});
        rte_pktmbuf_free(message);
        return;
    case wire::icmptype::dest_unreachable:
    case wire::icmptype::time_exceeded:
    case wire::icmptype::parameter_problem:
        if (message->nb_segs != 1) return ctx_.discard(message, Drop::icmp_unhandled);  // quotes are small
        return receive_error(message, icmp, ip, now);
    default:
        return ctx_.discard(message, Drop::icmp_unhandled);
    }
}

void IcmpLayer::receive_error(rte_mbuf* message, const IcmpRepr& icmp, const wire::Ipv4Repr& ip, Instant now) {
    if (icmp.type == wire::icmptype::dest_unreachable) ++ctx_.counters.events.icmp_unreachable_received;
    // The quote: the original IPv4 header and at least 8 bytes of its data.
    IcmpErrorReport report{icmp.type, icmp.code, ip.src, {}, {}, 0};
    if (icmp.type == wire::icmptype::dest_unreachable && icmp.code == icmpcode::fragmentation_needed)
        report.next_hop_mtu = static_cast<std::uint16_t>(icmp.rest_of_header & 0xffff);
    wire::Ipv4Repr& original = report.original;
    const wire::Bytes quote = icmp.data;
    const wire::Ipv4Packet view(quote);
    if (!view.check_len() || view.version() != 4 || view.ihl() < 5 || view.header_len() + 8 > quote.size() ||
        !ctx_.is_local(view.src()))
        return ctx_.discard(message, Drop::icmp_error_unmatched);
    original.src = view.src();
    original.dst = view.dst();
    original.protocol = view.protocol();
    original.header_len = static_cast<std::uint16_t>(view.header_len());
    report.original_l4 = quote.subspan(view.header_len());
    IcmpErrorSink* sink = error_sinks_[original.protocol];
    if (sink == nullptr) return ctx_.discard(message, Drop::icmp_error_unmatched);
    sink->icmp_error(report, now);
    rte_pktmbuf_free(message);
}

void IcmpLayer::answer_echo(rte_mbuf* message, const IcmpRepr& request, const wire::Ipv4Repr& ip, Instant now) {
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
        new_sum = message_checksum(message).value_or(0xffff);
    }
    bytes[2] = static_cast<std::uint8_t>(new_sum >> 8);
    bytes[3] = static_cast<std::uint8_t>(new_sum & 0xff);
    reset_offload_flags(message);

    Ipv4SendParams reply;
    reply.src = ctx_.is_broadcast(ip.dst) ? wire::Ipv4Addr{} : ip.dst;
    reply.dst = ip.src;
    reply.protocol = wire::ipproto::icmp;
    reply.tos = ip.tos;
    ++ctx_.counters.events.icmp_echo_replies;
    ipv4_.send(message, reply, now);
}

bool IcmpLayer::send_echo_request(wire::Ipv4Addr dst, std::uint16_t identifier, std::uint16_t sequence,
                                  wire::Bytes data, Instant now) {
    // The data may need several segments (large loopback pings): copy it,
    // then prepend the header, checksummed over the caller's contiguous data.
    rte_mbuf* m = packet_from_bytes(ctx_.pool, data);
    wire::MutableBytes header = m != nullptr ? prepend_header(m, wire::kIcmpHeaderLen) : wire::MutableBytes{};
    if (header.empty()) {
        if (m != nullptr) rte_pktmbuf_free(m);
        ctx_.counters.drop(Drop::no_mbuf);
        return false;
    }
    const IcmpRepr request = IcmpRepr::echo(wire::icmptype::echo_request, identifier, sequence, {});
    request.emit(header);
    header[2] = header[3] = 0;  // emit summed the header alone; sum it with the data
    const std::uint32_t header_sum = wire::checksum_partial(header);
    const std::uint16_t sum = wire::checksum_finish(wire::checksum_partial(data, header_sum));
    header[2] = static_cast<std::uint8_t>(sum >> 8);
    header[3] = static_cast<std::uint8_t>(sum);
    Ipv4SendParams params;
    params.dst = dst;
    params.protocol = wire::ipproto::icmp;
    ipv4_.send(m, params, now);
    return true;
}

bool IcmpLayer::is_icmp_query(const rte_mbuf* original, std::size_t header_len) {
    // RFC 1122 3.2.2: no ICMP error about an ICMP error message (types 3, 4,
    // 5, 11, 12 and unknown ones are treated as errors; echo and the other
    // queries may be answered with errors).
    std::uint8_t type = 0;
    if (rte_pktmbuf_pkt_len(original) <= header_len) return false;
    copy_out(original, static_cast<std::uint32_t>(header_len), 1, &type);
    return type == wire::icmptype::echo_request || type == wire::icmptype::echo_reply || type == 13 || type == 14;
}

bool IcmpLayer::take_error_token(Instant now) {
    const double elapsed_s = std::chrono::duration<double>(now - last_refill_).count();
    last_refill_ = now;
    error_tokens_ = std::min(kErrorBurst, error_tokens_ + std::max(0.0, elapsed_s) * kErrorsPerSecond);
    if (error_tokens_ < 1.0) return false;
    error_tokens_ -= 1.0;
    return true;
}

bool IcmpLayer::send_unreachable(std::uint8_t code, const rte_mbuf* original, const wire::Ipv4Repr& ip, Instant now) {
    // RFC 1122 3.2.2: never about a broadcast/multicast datagram, a non-first
    // fragment, or a source that is not a unicast host.
    if (ctx_.is_broadcast(ip.dst) || ip.dst.is_multicast() || ip.fragment_offset != 0 ||
        ip.src.is_unspecified() || ip.src.is_multicast() || ctx_.is_broadcast(ip.src))
        return false;
    if (ip.protocol == wire::ipproto::icmp && !is_icmp_query(original, ip.header_len)) return false;
    if (!take_error_token(now)) {
        ++ctx_.counters.events.icmp_errors_rate_limited;
        return false;
    }
    const std::size_t quote_len = std::min<std::size_t>(
        rte_pktmbuf_pkt_len(original), kMaxErrorDatagram - wire::kIpv4MinHeaderLen - wire::kIcmpHeaderLen);
    rte_mbuf* m = alloc_packet(ctx_.pool, wire::kIcmpHeaderLen + quote_len);
    if (m == nullptr) {
        ctx_.counters.drop(Drop::no_mbuf);
        return false;
    }
    wire::MutableBytes out = packet_bytes_mut(m);
    copy_out(original, 0, static_cast<std::uint32_t>(quote_len), out.data() + wire::kIcmpHeaderLen);
    const IcmpRepr error{wire::icmptype::dest_unreachable, code, 0, out.subspan(wire::kIcmpHeaderLen)};
    error.emit(out);
    Ipv4SendParams params;
    params.dst = ip.src;
    params.src = ctx_.is_local(ip.dst) ? ip.dst : wire::Ipv4Addr{};
    params.protocol = wire::ipproto::icmp;
    ++ctx_.counters.events.icmp_unreachable_sent;
    ipv4_.send(m, params, now);
    return true;
}

}  // namespace sluice::stack
