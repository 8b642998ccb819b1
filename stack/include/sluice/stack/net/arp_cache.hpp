// The IPv4 neighbour cache (RFC 826 table, RFC 1122 section 2.3.2.1/2.3.2.2).
//
// Maps next-hop IPv4 addresses to MACs. An entry is either INCOMPLETE (a
// request is out; packets wait in a bounded queue) or REACHABLE (a MAC is
// known until `expires`). The cache decides; an ArpSink does the sending, so
// the cache itself never builds a frame.
//
// Behaviour:
//  - send(): REACHABLE -> transmit now; a REACHABLE entry used within
//    `refresh_before` of its expiry sends one unicast request to refresh it
//    (no gap in service for busy flows). Unknown -> new INCOMPLETE entry,
//    broadcast request, packet queued. INCOMPLETE -> packet queued; when the
//    queue is full the oldest waiting packet is dropped (arp_queue_full).
//  - An INCOMPLETE entry retries every `retransmit_interval`, at most
//    `max_requests` requests in all; then its packets are dropped
//    (arp_unresolved) and the entry is removed, so the next packet starts over.
//  - A REACHABLE entry is removed when it expires (arp_entries_expired).
//  - learn(): updates an existing entry (RFC 826 "merge"), releasing queued
//    packets in order; creates one only when asked (the request was for us)
//    and there is room (a flood of spoofed requests cannot evict entries).
//  - Capacity: when full, send() evicts the REACHABLE entry closest to
//    expiry; if there is none, the packet is dropped (arp_cache_full).
//  - Bounds against spoofed sources (each would park a reply and trigger
//    three broadcasts): at most `max_incomplete` entries resolve at once (a
//    packet for another new next hop is dropped, arp_cache_full), and at most
//    `max_queued_total` packets wait in all (arp_queue_full). RFC 1122
//    2.3.2.2 asks only that one packet per entry be kept.
// Invariant: every mbuf given to send() is, exactly once, transmitted through
// the sink, dropped through the sink, or freed by the destructor.
#pragma once

#include <sluice/stack/core/counters.hpp>
#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/core/time.hpp>
#include <sluice/stack/core/timer_wheel.hpp>
#include <sluice/stack/wire/address.hpp>

#include <rte_mbuf.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace sluice::stack {

struct ArpConfig {
    Duration reachable_time = std::chrono::seconds(60);
    Duration refresh_before = std::chrono::seconds(5);
    Duration retransmit_interval = std::chrono::seconds(1);
    unsigned max_requests = 3;
    std::size_t max_queued_per_entry = 8;
    std::size_t max_queued_total = 256;  ///< packets waiting, all entries together
    std::size_t max_incomplete = 64;     ///< entries being resolved at once
    std::size_t capacity = 4096;
};

/// What the cache asks of the link layer.
class ArpSink {
public:
    virtual ~ArpSink() = default;
    /// Sends an ARP request for `target`: broadcast, or unicast to `to`.
    virtual void send_arp_request(wire::Ipv4Addr target, std::optional<wire::MacAddr> to) = 0;
    /// Sends an IPv4 packet (data at the IP header) to a resolved MAC.
    virtual void transmit_resolved(rte_mbuf* packet, const wire::MacAddr& dst) = 0;
    /// Gives up on a packet; the sink counts `reason` and frees it.
    virtual void drop_packet(rte_mbuf* packet, Drop reason) = 0;
};

enum class NeighborState : std::uint8_t { incomplete, reachable };

class ArpCache {
public:
    ArpCache(const ArpConfig& config, TimerWheel& timers, ArpSink& sink, StackCounters& counters);
    ~ArpCache();
    ArpCache(const ArpCache&) = delete;
    ArpCache& operator=(const ArpCache&) = delete;

    /// Sends `packet` to `next_hop`, resolving it first if needed. Takes
    /// ownership of the packet.
    void send(wire::Ipv4Addr next_hop, rte_mbuf* packet, Instant now);
    /// Records `ip` is at `mac` (RFC 826 merge). Creates an entry only if
    /// `create` and there is room. Returns whether an entry now exists.
    bool learn(wire::Ipv4Addr ip, const wire::MacAddr& mac, bool create, Instant now);

    std::optional<wire::MacAddr> lookup(wire::Ipv4Addr ip) const;
    std::optional<NeighborState> state(wire::Ipv4Addr ip) const;
    std::size_t size() const { return entries_.size(); }
    std::size_t queued(wire::Ipv4Addr ip) const;
    std::size_t queued_total() const { return queued_total_; }
    std::size_t incomplete() const { return incomplete_; }
    const ArpConfig& config() const { return config_; }

private:
    struct Entry {
        wire::Ipv4Addr ip;
        wire::MacAddr mac;
        NeighborState state = NeighborState::incomplete;
        Instant expires{};
        unsigned requests_sent = 0;
        bool refresh_sent = false;
        std::vector<rte_mbuf*> waiting;
        Timer timer;
    };

    Entry* find(wire::Ipv4Addr ip) const;
    Entry* create_entry(wire::Ipv4Addr ip, NeighborState state);
    bool make_room();
    void enqueue(Entry& e, rte_mbuf* packet);
    void start_resolution(Entry& e, Instant now);
    void mark_reachable(Entry& e, const wire::MacAddr& mac, Instant now);
    void release_waiting(Entry& e);
    void maybe_refresh(Entry& e, Instant now);
    void on_timer(Entry& e, Instant now);
    void remove(Entry& e);

    ArpConfig config_;
    TimerWheel& timers_;
    ArpSink& sink_;
    StackCounters& counters_;
    std::unordered_map<std::uint32_t, std::unique_ptr<Entry>> entries_;
    std::size_t incomplete_ = 0;     ///< entries in state INCOMPLETE
    std::size_t queued_total_ = 0;   ///< packets waiting across all entries
    mutable Entry* last_hit_ = nullptr;  ///< most flows talk to one next hop; cleared on remove
};

}  // namespace sluice::stack
