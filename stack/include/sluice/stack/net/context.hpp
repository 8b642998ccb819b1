// StackContext: what every layer of one engine shares.
//
// One engine owns one StackContext; layers hold a reference to it. Nothing in
// it is thread-safe: it belongs to the engine's thread.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/stack/core/counters.hpp>
#include <sluice/stack/core/timer_wheel.hpp>
#include <sluice/stack/net/tx_batch.hpp>
#include <sluice/stack/wire/address.hpp>

#include <rte_mbuf.h>

#include <cstdint>
#include <optional>

namespace sluice::stack {

/// The addresses of the engine's one interface.
struct InterfaceConfig {
    wire::MacAddr mac;
    wire::Ipv4Cidr address;
    std::optional<wire::Ipv4Addr> gateway;
    std::optional<std::uint16_t> vlan_id;  ///< 802.1Q VLAN id (1..4094) or untagged
    std::uint16_t mtu = 1500;              ///< L3 MTU

    bool is_our_unicast(wire::Ipv4Addr a) const { return a == address.address; }
    /// Limited broadcast or our subnet's directed broadcast.
    bool is_broadcast(wire::Ipv4Addr a) const {
        return a.is_limited_broadcast() || address.broadcast() == a;
    }
};

struct StackContext {
    StackContext(nic::Device& dev, const InterfaceConfig& config, Instant now)
        : device(dev), caps(dev.capabilities()), iface(config), timers(now), tx(dev, counters) {}

    nic::Device& device;
    nic::DeviceCapabilities caps;
    InterfaceConfig iface;
    StackCounters counters;
    TimerWheel timers;
    TxBatch tx;

    /// Counts `reason` and frees the packet.
    void discard(rte_mbuf* m, Drop reason) {
        counters.drop(reason);
        rte_pktmbuf_free(m);
    }
};

}  // namespace sluice::stack
