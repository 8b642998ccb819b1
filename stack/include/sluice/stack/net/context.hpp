// StackContext: what every layer of one engine shares.
//
// An engine has a loopback interface (127.0.0.0/8, always) and at most one
// Ethernet interface on a device. A loopback-only engine (no NIC: the
// embedded default of the Winsock layer) has no device and allocates from a
// pool it is given. Nothing here is thread-safe: it belongs to the engine's
// thread.
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

/// The addresses of the engine's Ethernet interface.
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

/// 127.0.0.1, the loopback interface's address (the whole of 127/8 is local).
inline constexpr wire::Ipv4Addr kLoopbackAddress = wire::Ipv4Addr::from_octets(127, 0, 0, 1);
/// The loopback interface's MTU (as Linux; datagrams up to 64 KiB need no fragmentation).
inline constexpr std::uint32_t kLoopbackMtu = 65535;

struct StackContext {
    StackContext(nic::Device* dev, rte_mempool* alloc_pool, const std::optional<InterfaceConfig>& eth, Instant now)
        : device(dev),
          pool(alloc_pool),
          caps(dev != nullptr ? dev->capabilities() : nic::DeviceCapabilities{}),
          ethernet(eth),
          timers(now),
          tx(dev, counters),
          socket_mbuf_limit(alloc_pool != nullptr ? alloc_pool->size / 2 : 0) {}

    nic::Device* device;         ///< null: loopback-only engine
    rte_mempool* pool;           ///< where the stack allocates packets
    nic::DeviceCapabilities caps;
    std::optional<InterfaceConfig> ethernet;
    StackCounters counters;
    TimerWheel timers;
    TxBatch tx;
    /// mbuf segments held in socket receive queues, engine-wide, and the cap
    /// on them (half the pool): a flood of tiny datagrams at sockets nobody
    /// reads can never take the buffers the NIC and TX need.
    std::size_t socket_mbufs = 0;
    std::size_t socket_mbuf_limit;

    /// Charges `segments` to the socket budget; false when it would overflow.
    bool charge_socket_mbufs(std::size_t segments) {
        if (socket_mbufs + segments > socket_mbuf_limit) return false;
        socket_mbufs += segments;
        return true;
    }
    void release_socket_mbufs(std::size_t segments) { socket_mbufs -= segments; }

    /// An address of this host: 127/8 or the Ethernet interface's address.
    bool is_local(wire::Ipv4Addr a) const {
        return a.is_loopback() || (ethernet && ethernet->is_our_unicast(a));
    }
    /// Limited broadcast, or the Ethernet subnet's directed broadcast.
    bool is_broadcast(wire::Ipv4Addr a) const {
        return a.is_limited_broadcast() || (ethernet && ethernet->is_broadcast(a));
    }

    /// Counts `reason` and frees the packet.
    void discard(rte_mbuf* m, Drop reason) {
        counters.drop(reason);
        rte_pktmbuf_free(m);
    }
};

}  // namespace sluice::stack
