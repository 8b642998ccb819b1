// Longest-prefix-match IPv4 routing (RFC 1812 section 5.2.4.3, as a host uses it).
#include <sluice/stack/net/route.hpp>

namespace sluice::stack {

void RouteTable::add(const Ipv4Route& route) {
    Ipv4Route normalised = route;
    normalised.destination.address = route.destination.network();
    routes_.push_back(normalised);
}

void RouteTable::add_connected(const wire::Ipv4Cidr& address) {
    add({address, std::nullopt, 0});
}

void RouteTable::add_default(wire::Ipv4Addr gateway) {
    add({wire::Ipv4Cidr{wire::Ipv4Addr::any(), 0}, gateway, 0});
}

std::optional<NextHop> RouteTable::lookup(wire::Ipv4Addr destination) const {
    const Ipv4Route* best = nullptr;
    for (const Ipv4Route& r : routes_) {
        if (!r.destination.contains(destination)) continue;
        if (best == nullptr || r.destination.prefix_len > best->destination.prefix_len ||
            (r.destination.prefix_len == best->destination.prefix_len && r.metric < best->metric)) {
            best = &r;
        }
    }
    if (best == nullptr) return std::nullopt;
    if (best->gateway) return NextHop{*best->gateway, true};
    return NextHop{destination, false};
}

}  // namespace sluice::stack
