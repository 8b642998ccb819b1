// IcmpLayer: ICMP for IPv4 (RFC 792, RFC 1122 section 3.2.2).
//
// Answers echo requests addressed to a local address by turning the request
// mbuf into the reply in place (RFC 1122 3.2.2.6: same identifier, sequence
// and data; source is the address the request was sent to). Echo requests to
// a broadcast address are ignored by default (counted), as Linux does.
// Echo replies go to an observer (ping clients, tests).
//
// Errors out: send_unreachable() quotes the offending datagram's header and
// as much of its data as fits in 576 bytes (RFC 1812 4.3.2.3), never about
// ICMP errors, broadcasts, multicasts or fragments other than the first
// (RFC 1122 3.2.2), rate-limited by a token bucket (1000/s, burst 50, as
// Linux's icmp_msgs_per_sec/icmp_msgs_burst).
// Errors in: destination unreachable / time exceeded / parameter problem are
// matched by the quoted protocol to an IcmpErrorSink (UDP, later TCP); a
// quote whose source is not ours is dropped (icmp_error_unmatched).
#pragma once

#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/wire/icmp.hpp>

#include <array>
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

/// An ICMP error about a datagram we sent, as the transport sees it.
struct IcmpErrorReport {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    wire::Ipv4Addr reporter;   ///< who sent the ICMP error
    wire::Ipv4Repr original;   ///< the quoted header of our datagram
    wire::Bytes original_l4;   ///< the quoted transport bytes (>= 8 per RFC 792)
    std::uint16_t next_hop_mtu = 0;  ///< "fragmentation needed": RFC 1191 §4's field (0: none)
};

class IcmpErrorSink {
public:
    virtual ~IcmpErrorSink() = default;
    virtual void icmp_error(const IcmpErrorReport& report, Instant now) = 0;
};

namespace icmpcode {
inline constexpr std::uint8_t net_unreachable = 0;
inline constexpr std::uint8_t host_unreachable = 1;
inline constexpr std::uint8_t protocol_unreachable = 2;
inline constexpr std::uint8_t port_unreachable = 3;
inline constexpr std::uint8_t fragmentation_needed = 4;
}  // namespace icmpcode

class IcmpLayer final : public Ipv4ProtocolHandler {
public:
    using EchoReplyObserver = std::function<void(const EchoReply&)>;

    IcmpLayer(StackContext& ctx, Ipv4Layer& ipv4);

    void receive(rte_mbuf* message, const wire::Ipv4Repr& ip, Instant now) override;

    /// Sends an echo request; returns false (and counts no_mbuf) if no buffer.
    bool send_echo_request(wire::Ipv4Addr dst, std::uint16_t identifier, std::uint16_t sequence,
                           wire::Bytes data, Instant now);
    /// Sends destination unreachable about `original` (data at its IPv4
    /// header; not consumed). Returns whether one was sent.
    bool send_unreachable(std::uint8_t code, const rte_mbuf* original, const wire::Ipv4Repr& ip, Instant now);

    void set_echo_reply_observer(EchoReplyObserver observer) { on_echo_reply_ = std::move(observer); }
    void set_answer_broadcast_echo(bool answer) { answer_broadcast_echo_ = answer; }
    void register_error_sink(std::uint8_t protocol, IcmpErrorSink* sink) { error_sinks_[protocol] = sink; }

private:
    void answer_echo(rte_mbuf* message, const wire::IcmpRepr& request, const wire::Ipv4Repr& ip, Instant now);
    void receive_error(rte_mbuf* message, const wire::IcmpRepr& icmp, const wire::Ipv4Repr& ip, Instant now);
    bool take_error_token(Instant now);
    static bool is_icmp_query(const rte_mbuf* original, std::size_t header_len);

    StackContext& ctx_;
    Ipv4Layer& ipv4_;
    EchoReplyObserver on_echo_reply_;
    bool answer_broadcast_echo_ = false;
    std::array<IcmpErrorSink*, 256> error_sinks_{};
    // Token bucket for ICMP errors (RFC 1812 4.3.2.8).
    double error_tokens_ = 50.0;
    Instant last_refill_{};
};

}  // namespace sluice::stack
