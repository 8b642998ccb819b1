// Engine: one stack instance, driven by poll().
//
// An engine always has a loopback interface (127.0.0.0/8) and, when built on
// a device, one Ethernet interface on that device's queue pair. A
// loopback-only engine needs no NIC (only a mempool): the Winsock layer's
// embedded default, where sockets of one process reach each other over
// 127.0.0.1.
//
// Call order (one iteration of poll(now)):
//   1. rx burst from the device (if any),
//   2. each frame through link -> ipv4 -> icmp/udp/raw (prefetching the next),
//   3. the loopback queue as it stood (packets looped meanwhile wait),
//   4. due timers on the wheel (ARP retries and expiry, later TCP),
//   5. flush of every frame queued for transmission in this iteration; if
//      the device took everything and TCP connections held new data back
//      while it was full (TxBatch::device_full), they send now and that is
//      flushed too.
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
#include <sluice/stack/net/loopback.hpp>
#include <sluice/stack/raw/raw.hpp>
#include <sluice/stack/tcp/tcp.hpp>
#include <sluice/stack/udp/udp.hpp>

#include <cstdint>
#include <memory>
#include <optional>

namespace sluice::stack {

struct EngineConfig {
    wire::Ipv4Cidr address;                    ///< the Ethernet interface, e.g. 10.0.0.2/24
    std::optional<wire::Ipv4Addr> gateway;     ///< default route
    std::optional<std::uint16_t> vlan_id;      ///< 802.1Q VLAN of the interface
    std::optional<wire::MacAddr> mac;          ///< override; default: the device's
    std::optional<std::uint16_t> mtu;          ///< default: the device's
    ArpConfig arp;
    std::uint16_t rx_burst = 32;
    std::uint32_t ephemeral_seed = 0;          ///< where ephemeral port allocation starts
    TcpConfig tcp;
};

class Engine {
public:
    /// An engine with an Ethernet interface on `device` (and loopback).
    Engine(nic::Device& device, const EngineConfig& config, Instant now);
    /// A loopback-only engine allocating from `pool` (config.address unused).
    Engine(rte_mempool* pool, const EngineConfig& config, Instant now);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Announces the Ethernet interface (gratuitous ARP) and flushes it out.
    void start(Instant now);
    /// One iteration; returns frames received, loopback packets delivered,
    /// timers fired and frames sent (0 = idle). Kept out of line (it runs once per loop
    /// iteration, inlining gains nothing) so that profilers and callgrind can
    /// attribute its cost.
    [[gnu::noinline]] unsigned poll(Instant now);
    /// When the engine next needs poll() even with no traffic (for idling).
    std::optional<Instant> next_deadline() const { return ctx_.timers.next_deadline(); }

    const StackCounters& counters() const { return ctx_.counters; }
    bool has_ethernet() const { return link_ != nullptr; }
    /// The Ethernet interface. Precondition: has_ethernet().
    const InterfaceConfig& interface() const { return ctx_.ethernet.value(); }
    rte_mempool* pool() const { return ctx_.pool; }
    LinkLayer& link() { return *link_; }
    ArpCache& arp_cache() { return link_->arp_cache(); }
    Ipv4Layer& ipv4() { return ipv4_; }
    IcmpLayer& icmp() { return icmp_; }
    UdpLayer& udp() { return udp_; }
    RawLayer& raw() { return raw_; }
    TcpLayer& tcp() { return tcp_; }

private:
    void register_tcp();
    static InterfaceConfig make_interface(const nic::Device& device, const EngineConfig& config);

    EngineConfig config_;
    StackContext ctx_;
    LoopbackInterface loopback_;
    std::unique_ptr<LinkLayer> link_;
    Ipv4Layer ipv4_;
    IcmpLayer icmp_;
    UdpLayer udp_;
    RawLayer raw_;
    TcpLayer tcp_;
};

}  // namespace sluice::stack
