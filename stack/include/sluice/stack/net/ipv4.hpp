// Ipv4Layer: IPv4 input validation and dispatch, and IPv4 output.
//
// Input (RFC 791 3.2, RFC 1122 3.2.1): header validated by Ipv4Repr::parse
// (checksum skipped when the NIC already verified it), then TTL, source and
// destination judged here; fragments are counted and dropped until
// reassembly lands. Link padding beyond the total length is trimmed, the
// header stripped, and the payload handed to the protocol's handler.
// Output: prepends a 20-byte header into headroom, routes (longest prefix),
// checksums in software or marks the mbuf for TX checksum offload, and gives
// the packet to the link layer for neighbour resolution.
//
// Ownership: every function taking an rte_mbuf* takes ownership of it.
#pragma once

#include <sluice/stack/core/time.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/link.hpp>
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

/// The fields of an outgoing IPv4 header the caller chooses.
struct Ipv4SendParams {
    wire::Ipv4Addr src;  ///< unspecified: the interface address
    wire::Ipv4Addr dst;
    std::uint8_t protocol = 0;
    std::uint8_t ttl = 64;
    std::uint8_t tos = 0;
    bool dont_fragment = false;
};

class Ipv4Layer final : public Ipv4Receiver {
public:
    Ipv4Layer(StackContext& ctx, LinkLayer& link);

    void register_protocol(std::uint8_t protocol, Ipv4ProtocolHandler* handler) {
        handlers_[protocol] = handler;
    }
    RouteTable& routes() { return routes_; }
    const RouteTable& routes() const { return routes_; }

    // Ipv4Receiver
    void receive_ipv4(rte_mbuf* packet, Instant now) override;

    /// Sends `payload` (data at the transport header) as one IPv4 packet.
    void send(rte_mbuf* payload, const Ipv4SendParams& params, Instant now);

private:
    Drop parse_header(rte_mbuf* packet, wire::Ipv4Repr& ip);
    Drop check_addresses(const wire::Ipv4Repr& ip) const;
    bool nic_verified_checksum(const rte_mbuf* packet, Drop& verdict);

    StackContext& ctx_;
    LinkLayer& link_;
    RouteTable routes_;
    std::array<Ipv4ProtocolHandler*, 256> handlers_{};
    std::uint16_t next_identification_ = 1;
};

}  // namespace sluice::stack
