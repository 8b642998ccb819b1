// Per-engine counters: traffic totals, protocol events and drop reasons.
//
// One engine writes them (no atomics); readers on other threads accept torn
// but monotonic values. Names are X-macros so printing never drifts from the
// fields. Every frame the engine receives ends up either delivered/answered or
// counted under exactly one drop reason.
#pragma once

#include <sluice/stack/core/drop.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace sluice::stack {

// clang-format off
#define SLUICE_EVENT_COUNTERS(X)                                             \
    X(rx_frames,              "frames received from the device")             \
    X(rx_bytes,               "bytes received from the device")              \
    X(tx_frames,              "frames the device accepted")                  \
    X(tx_bytes,               "bytes the device accepted")                   \
    X(arp_requests_received,  "ARP requests received")                       \
    X(arp_replies_received,   "ARP replies received")                        \
    X(arp_requests_sent,      "ARP requests sent (incl. retries, refresh)")  \
    X(arp_replies_sent,       "ARP replies sent")                            \
    X(arp_gratuitous_sent,    "gratuitous ARP announcements sent")           \
    X(arp_entries_expired,    "ARP cache entries that aged out")             \
    X(ipv4_delivered,         "IPv4 packets delivered to a protocol")        \
    X(ipv4_sent,              "IPv4 packets handed to the link layer")       \
    X(icmp_echo_requests,     "ICMP echo requests received")                 \
    X(icmp_echo_replies,      "ICMP echo replies sent")                      \
    X(icmp_echo_replies_received, "ICMP echo replies received")              \
    X(rx_ip_checksum_offloaded, "IPv4 header checksums verified by the NIC") \
    X(loopback_packets,       "packets sent through the loopback interface")  \
    X(udp_delivered,          "UDP datagrams queued to a socket")            \
    X(udp_sent,               "UDP datagrams sent")                          \
    X(raw_delivered,          "datagram copies queued to raw sockets")       \
    X(raw_sent,               "datagrams sent from raw sockets")             \
    X(icmp_unreachable_sent,  "ICMP destination unreachable sent")           \
    X(icmp_unreachable_received, "ICMP destination unreachable received")    \
    X(icmp_errors_rate_limited, "ICMP errors not sent: rate limit")
// clang-format on

/// Named event counters, one field each.
struct EventCounters {
#define SLUICE_EVENT_FIELD(name, text) std::uint64_t name = 0;
    SLUICE_EVENT_COUNTERS(SLUICE_EVENT_FIELD)
#undef SLUICE_EVENT_FIELD
};

struct StackCounters {
    EventCounters events;
    std::array<std::uint64_t, kDropReasonCount> drops{};

    void drop(Drop reason, std::uint64_t n = 1) { drops[static_cast<std::size_t>(reason)] += n; }
    std::uint64_t dropped(Drop reason) const { return drops[static_cast<std::size_t>(reason)]; }
    std::uint64_t total_drops() const {
        std::uint64_t sum = 0;
        for (std::size_t i = 1; i < drops.size(); ++i) sum += drops[i];
        return sum;
    }

    /// Calls f(name, value) for each event counter, then f("drop.<reason>",
    /// value) for each drop reason (skipping Drop::none).
    template <class F>
    void for_each(F&& f) const {
#define SLUICE_EVENT_VISIT(name, text) f(std::string_view{#name}, events.name);
        SLUICE_EVENT_COUNTERS(SLUICE_EVENT_VISIT)
#undef SLUICE_EVENT_VISIT
#define SLUICE_DROP_VISIT(name, text) \
    if (Drop::name != Drop::none) f(std::string_view{"drop." #name}, dropped(Drop::name));
        SLUICE_DROP_REASONS(SLUICE_DROP_VISIT)
#undef SLUICE_DROP_VISIT
    }
};

}  // namespace sluice::stack
