// IPv4 routing table: connected subnets and gateways, longest prefix wins.
//
// Small and linear: an engine has a handful of routes. Ties on prefix length
// go to the lower metric, then to the route added first.
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace sluice::stack {

struct Ipv4Route {
    wire::Ipv4Cidr destination;            ///< network (host bits ignored)
    std::optional<wire::Ipv4Addr> gateway; ///< none: directly connected
    std::uint32_t metric = 0;
};

/// Where to send a packet: the neighbour to resolve on the link.
struct NextHop {
    wire::Ipv4Addr neighbor;  ///< the destination itself, or the gateway
    bool via_gateway = false;
};

class RouteTable {
public:
    void add(const Ipv4Route& route);
    /// Adds the connected route for an interface address (e.g. 10.0.0.2/24).
    void add_connected(const wire::Ipv4Cidr& address);
    /// Adds 0.0.0.0/0 via `gateway`.
    void add_default(wire::Ipv4Addr gateway);
    /// Longest-prefix match; nullopt when nothing matches.
    std::optional<NextHop> lookup(wire::Ipv4Addr destination) const;
    const std::vector<Ipv4Route>& routes() const { return routes_; }

private:
    std::vector<Ipv4Route> routes_;
};

}  // namespace sluice::stack
