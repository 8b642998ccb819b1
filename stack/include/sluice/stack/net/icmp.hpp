// IcmpLayer: ICMP for IPv4 (RFC 792, RFC 1122 section 3.2.2).
//
// Answers echo requests addressed to our unicast address by turning the
// request mbuf into the reply in place (RFC 1122 3.2.2.6: same identifier,
// sequence and data; source is the address the request was sent to). Echo
// requests to a broadcast address are ignored by default (counted), as Linux
// does (icmp_echo_ignore_broadcasts). Echo replies are reported to an
// observer (ping clients, tests); other types are counted and dropped until
// the transports that consume them land.
#pragma once

#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/wire/icmp.hpp>

#include <functional>

namespace sluice::stack {

/// An echo reply that arrived for us.
struct EchoReply {
    wire::Ipv4Addr from;
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    std::size_t data_len = 0;
    Instant received{};
};

class IcmpLayer final : public Ipv4ProtocolHandler {
public:
    using EchoReplyObserver = std::function<void(const EchoReply&)>;

    IcmpLayer(StackContext& ctx, Ipv4Layer& ipv4);

    void receive(rte_mbuf* message, const wire::Ipv4Repr& ip, Instant now) override;

    /// Sends an echo request; returns false (and counts no_mbuf) if no buffer.
    bool send_echo_request(wire::Ipv4Addr dst, std::uint16_t identifier, std::uint16_t sequence,
                           wire::Bytes data, Instant now);
    void set_echo_reply_observer(EchoReplyObserver observer) { on_echo_reply_ = std::move(observer); }
    void set_answer_broadcast_echo(bool answer) { answer_broadcast_echo_ = answer; }

private:
    void answer_echo(rte_mbuf* message, const wire::IcmpRepr& request, const wire::Ipv4Repr& ip, Instant now);

    StackContext& ctx_;
    Ipv4Layer& ipv4_;
    EchoReplyObserver on_echo_reply_;
    bool answer_broadcast_echo_ = false;
};

}  // namespace sluice::stack
