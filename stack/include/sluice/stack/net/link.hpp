// LinkLayer: Ethernet in and out, 802.1Q, and ARP (RFC 826) for the engine's
// Ethernet interface (constructed only when the engine has one).
//
// Receive: receive() validates the Ethernet header (destination ours or
// broadcast, unicast source, VLAN ours), strips it, and hands ARP bodies to
// the ARP logic here and IPv4 packets to the registered IPv4 handler.
// Transmit: send_ipv4() resolves the next hop through the ArpCache and
// prepends the Ethernet header (and 802.1Q tag) into the mbuf's headroom.
//
// Ownership: every function taking an rte_mbuf* takes ownership of it.
#pragma once

#include <sluice/stack/core/time.hpp>
#include <sluice/stack/net/arp_cache.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/wire/address.hpp>
#include <sluice/stack/wire/arp.hpp>

#include <rte_mbuf.h>

#include <cstdint>
#include <optional>

namespace sluice::stack {

/// Receives IPv4 packets from the link (data at the IP header).
class Ipv4Receiver {
public:
    virtual ~Ipv4Receiver() = default;
    virtual void receive_ipv4(rte_mbuf* packet, Instant now) = 0;
};

class LinkLayer final : public ArpSink {
public:
    LinkLayer(StackContext& ctx, const ArpConfig& arp_config);

    void set_ipv4_receiver(Ipv4Receiver* receiver) { ipv4_ = receiver; }

    /// Processes one received frame.
    void receive(rte_mbuf* frame, Instant now);
    /// Sends an IPv4 packet (data at the IP header) towards `next_hop`.
    void send_ipv4(rte_mbuf* packet, wire::Ipv4Addr next_hop, Instant now);
    /// Announces our address with a gratuitous ARP request (RFC 5227 2.3).
    void announce();

    ArpCache& arp_cache() { return cache_; }
    const ArpCache& arp_cache() const { return cache_; }

    // ArpSink
    void send_arp_request(wire::Ipv4Addr target, std::optional<wire::MacAddr> to) override;
    void transmit_resolved(rte_mbuf* packet, const wire::MacAddr& dst) override;
    void drop_packet(rte_mbuf* packet, Drop reason) override { ctx_.discard(packet, reason); }

private:
    Drop check_frame_addresses(const wire::MacAddr& dst, const wire::MacAddr& src,
                               std::optional<std::uint16_t> vlan_tci) const;
    void receive_arp(rte_mbuf* body, Instant now);
    void answer_arp_request(const wire::ArpRepr& request);
    void send_arp(const wire::ArpRepr& arp, const wire::MacAddr& dst);
    /// Prepends Ethernet (+802.1Q) and queues the frame for transmission.
    void emit_frame(rte_mbuf* payload, const wire::MacAddr& dst, std::uint16_t ethertype);

    StackContext& ctx_;
    const InterfaceConfig& iface_;  ///< *ctx_.ethernet: a LinkLayer exists only with one
    ArpCache cache_;
    Ipv4Receiver* ipv4_ = nullptr;
};

}  // namespace sluice::stack
