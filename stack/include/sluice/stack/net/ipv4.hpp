// Ipv4Layer: IPv4 input validation and dispatch, and IPv4 output, over the
// loopback interface and (when the engine has one) the Ethernet interface.
//
// Input (RFC 791 3.2, RFC 1122 3.2.1): the header is validated by
// Ipv4Repr::parse_header (checksum skipped when the NIC verified it, and for
// loopback packets, which this engine built itself), then source and
// destination are judged here (never the TTL: RFC 1122 3.2.1.7) (per interface: 127/8 is a martian on a real
// link); fragments are counted and dropped until reassembly lands. Raw
// sockets get a copy with the header (RawTap), then link padding is trimmed,
// the header stripped, and the payload handed to the protocol's handler.
// Output: destinations in 0/8, 224/4 (until multicast lands) and 240/4 are
// refused, as is a 127/8 source leaving the host; TTL 0 is raised to 1.
// A local destination (127/8 or our address) goes through loopback;
// anything else through the routing table and the link layer. The 20-byte
// header is prepended into headroom; its checksum is computed in software or
// left to the NIC's TX offload.
//
// Packets may be chained mbufs (large loopback datagrams); the IPv4 header is
// always within the first segment. Every function taking an rte_mbuf* takes
// ownership of it.
#pragma once

#include <sluice/stack/core/time.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/link.hpp>
#include <sluice/stack/net/loopback.hpp>
#include <sluice/stack/net/route.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <rte_mbuf.h>

#include <array>
#include <cstdint>

namespace sluice::stack {

/// A transport protocol's entry point (data at the protocol header).
class Ipv4ProtocolHandler {
public:
    virtual ~Ipv4ProtocolHandler() = default;
    virtual void receive(rte_mbuf* payload, const wire::Ipv4Repr& ip, Instant now) = 0;
};

/// Sees every accepted datagram, header included, before its protocol does
/// (raw sockets). Must not keep or free `packet`; it copies what it needs.
/// Returns whether any copy was taken.
class RawTap {
public:
    virtual ~RawTap() = default;
    virtual bool tap(const rte_mbuf* packet, const wire::Ipv4Repr& ip, Instant now) = 0;
};

/// The fields of an outgoing IPv4 header the caller chooses.
struct Ipv4SendParams {
    wire::Ipv4Addr src;  ///< unspecified: chosen by the route (127.0.0.1 or the interface's)
    wire::Ipv4Addr dst;
    std::uint8_t protocol = 0;
    std::uint8_t ttl = 64;
    std::uint8_t tos = 0;
    bool dont_fragment = false;
};

class Ipv4Layer final : public Ipv4Receiver {
public:
    /// `link` is null for a loopback-only engine.
    Ipv4Layer(StackContext& ctx, LinkLayer* link, LoopbackInterface& loopback);

    void register_protocol(std::uint8_t protocol, Ipv4ProtocolHandler* handler) {
        handlers_[protocol] = handler;
    }
    void set_raw_tap(RawTap* tap) { raw_tap_ = tap; }
    RouteTable& routes() { return routes_; }
    const RouteTable& routes() const { return routes_; }

    // Ipv4Receiver: a packet from the Ethernet link.
    void receive_ipv4(rte_mbuf* packet, Instant now) override;
    /// A packet from the loopback interface.
    void receive_loopback(rte_mbuf* packet, Instant now);

    /// Sends `payload` (data at the transport header) as one IPv4 packet.
    /// Returns Drop::none when the packet was handed on (it may still die
    /// later, e.g. unresolved ARP, counted then), else the reason it was
    /// dropped now (no route, too big, no headroom) — also counted.
    Drop send(rte_mbuf* payload, const Ipv4SendParams& params, Instant now);
    /// Sends a packet whose IPv4 header the caller wrote (IP_HDRINCL): total
    /// length, checksum, and a zero identification or source are filled in.
    Drop send_with_header(rte_mbuf* packet, Instant now);

    /// The source address a packet to `dst` leaves with.
    wire::Ipv4Addr source_for(wire::Ipv4Addr dst) const;
    /// The MTU towards `dst` (loopback or link).
    std::uint32_t mtu_for(wire::Ipv4Addr dst) const;

private:
    Drop parse_header(const rte_mbuf* packet, bool from_loopback, wire::Ipv4Repr& ip);
    Drop check_link_addresses(const wire::Ipv4Repr& ip) const;
    bool nic_verified_checksum(const rte_mbuf* packet, Drop& verdict);
    void deliver(rte_mbuf* packet, bool from_loopback, Instant now);
    /// Where a packet goes: the loopback queue, or a neighbour on the link.
    struct Route {
        bool local = false;
        NextHop hop;
    };
    /// Address rules and the route lookup, once per packet.
    Drop plan_route(wire::Ipv4Addr src, wire::Ipv4Addr dst, Route& route) const;
    Drop route_out(rte_mbuf* packet, const Route& route, Instant now);
    Drop refuse(rte_mbuf* packet, Drop reason);

    StackContext& ctx_;
    LinkLayer* link_;
    LoopbackInterface& loopback_;
    RawTap* raw_tap_ = nullptr;
    RouteTable routes_;
    std::array<Ipv4ProtocolHandler*, 256> handlers_{};
    std::uint16_t next_identification_ = 1;
};

}  // namespace sluice::stack
