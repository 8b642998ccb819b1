// Engine: one stack instance on one device queue pair, driven by poll().
//
// Call order (one iteration of poll(now)):
//   1. rx burst from the device,
//   2. each frame through link -> ipv4 -> icmp (prefetching the next),
//   3. due timers on the wheel (ARP retries and expiry, later TCP),
//   4. flush of every frame queued for transmission in this iteration.
// `now` is read once by the caller per iteration (TscClock in apps, chosen
// values in tests); nothing inside reads a clock.
//
// Invariants: single-threaded (the thread that calls poll owns the engine);
// every received mbuf is freed, transmitted or queued exactly once.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/stack/core/counters.hpp>
#include <sluice/stack/core/time.hpp>
#include <sluice/stack/net/arp_cache.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/icmp.hpp>
#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/net/link.hpp>

#include <cstdint>
#include <optional>

namespace sluice::stack {

struct EngineConfig {
    wire::Ipv4Cidr address;                    ///< e.g. 10.0.0.2/24
    std::optional<wire::Ipv4Addr> gateway;     ///< default route
    std::optional<std::uint16_t> vlan_id;      ///< 802.1Q VLAN of the interface
    std::optional<wire::MacAddr> mac;          ///< override; default: the device's
    std::optional<std::uint16_t> mtu;          ///< default: the device's
    ArpConfig arp;
    std::uint16_t rx_burst = 32;
};

class Engine {
public:
    Engine(nic::Device& device, const EngineConfig& config, Instant now);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Announces the interface (gratuitous ARP) and flushes it out.
    void start(Instant now);
    /// One iteration; returns frames received plus timers fired (0 = idle).
    /// Kept out of line (it runs once per loop iteration, inlining gains
    /// nothing) so that profilers and callgrind can attribute its cost.
    [[gnu::noinline]] unsigned poll(Instant now);
    /// When the engine next needs poll() even with no traffic (for idling).
    std::optional<Instant> next_deadline() const { return ctx_.timers.next_deadline(); }

    const StackCounters& counters() const { return ctx_.counters; }
    const InterfaceConfig& interface() const { return ctx_.iface; }
    LinkLayer& link() { return link_; }
    Ipv4Layer& ipv4() { return ipv4_; }
    IcmpLayer& icmp() { return icmp_; }
    ArpCache& arp_cache() { return link_.arp_cache(); }

private:
    static InterfaceConfig make_interface(const nic::Device& device, const EngineConfig& config);

    EngineConfig config_;
    StackContext ctx_;
    LinkLayer link_;
    Ipv4Layer ipv4_;
    IcmpLayer icmp_;
};

}  // namespace sluice::stack
