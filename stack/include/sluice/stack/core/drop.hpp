// Drop reasons: every frame the stack refuses is counted under exactly one.
//
// Parsers return a Drop (Drop::none on success) instead of throwing, so the
// receive path is a chain of checks that each either continue or name why the
// frame died. The list is an X-macro so that names for printing and counters
// never drift from the enum.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice::stack {

// clang-format off
#define SLUICE_DROP_REASONS(X)                                                   \
    X(none,                    "not dropped")                                    \
    /* Ethernet / 802.1Q */                                                      \
    X(eth_truncated,           "frame shorter than its Ethernet/802.1Q header")  \
    X(eth_not_for_us,          "destination MAC is neither ours nor broadcast")  \
    X(eth_multicast,           "multicast MAC we have not joined")               \
    X(eth_src_invalid,         "source MAC is multicast/broadcast")              \
    X(eth_unknown_ethertype,   "ethertype we do not speak")                      \
    X(eth_stacked_vlan,        "QinQ / stacked 802.1Q tags")                     \
    X(vlan_not_ours,           "802.1Q VLAN id is not the interface's")          \
    X(eth_multi_segment,       "chained frame whose first segment splits headers")\
    /* ARP (RFC 826) */                                                          \
    X(arp_truncated,           "ARP shorter than 28 bytes")                      \
    X(arp_bad_hardware,        "ARP hardware type/length is not Ethernet/6")     \
    X(arp_bad_protocol,        "ARP protocol type/length is not IPv4/4")         \
    X(arp_bad_operation,       "ARP operation is not request or reply")          \
    X(arp_bad_sender,          "ARP sender is multicast, zero MAC, or our IP")  \
    X(arp_not_for_us,          "ARP request for another address")                \
    X(arp_queue_full,          "packet evicted from a full ARP waiting queue")   \
    X(arp_unresolved,          "packet dropped: next hop did not answer ARP")    \
    X(arp_cache_full,          "ARP cache full, no entry for the next hop")      \
    /* IPv4 (RFC 791, RFC 1122 3.2.1) */                                         \
    X(ipv4_truncated,          "IPv4 shorter than its header")                   \
    X(ipv4_bad_version,        "IPv4 version field is not 4")                    \
    X(ipv4_bad_ihl,            "IPv4 IHL below 5")                               \
    X(ipv4_bad_total_length,   "IPv4 total length below IHL or beyond the frame")\
    X(ipv4_bad_checksum,       "IPv4 header checksum mismatch")                  \
    X(ipv4_bad_source,         "IPv4 source is 0/8, broadcast, multicast or ours")\
    X(ipv4_not_for_us,         "IPv4 destination is not ours")                   \
    X(ipv4_multicast,          "IPv4 multicast (not supported yet)")             \
    X(ipv4_fragment,           "IPv4 fragment (reassembly not supported yet)")   \
    X(ipv4_unknown_protocol,   "IPv4 protocol with no handler")                  \
    X(ipv4_no_route,           "no route to the destination")                    \
    X(ipv4_too_big,            "packet larger than the MTU, fragmentation off")  \
    X(ipv4_martian,            "loopback address (127/8) seen on a real link")   \
    X(loopback_queue_full,     "loopback interface queue full")                  \
    X(ipv4_bad_destination,    "send to 0/8, multicast or class E refused")      \
    X(ipv4_loopback_source,    "127/8 source on a packet leaving the host")      \
    /* ICMP (RFC 792, RFC 1122 3.2.2) */                                         \
    X(icmp_truncated,          "ICMP shorter than 8 bytes")                      \
    X(icmp_bad_checksum,       "ICMP checksum mismatch")                         \
    X(icmp_unhandled,          "ICMP type we do not act on")                     \
    X(icmp_broadcast_echo,     "echo request to a broadcast address (ignored)")  \
    X(icmp_error_unmatched,    "ICMP error quoting traffic we did not send")     \
    /* UDP (RFC 768) and raw IP */                                               \
    X(udp_truncated,           "UDP shorter than its 8-byte header")             \
    X(udp_bad_length,          "UDP length field below 8 or beyond the packet")  \
    X(udp_bad_checksum,        "UDP checksum mismatch")                          \
    X(udp_no_socket,           "UDP to a port nobody is bound to")               \
    X(udp_receive_buffer_full, "UDP datagram beyond the socket's SO_RCVBUF")     \
    X(raw_receive_buffer_full, "raw datagram beyond the socket's SO_RCVBUF")     \
    X(socket_memory_full,      "engine-wide budget of queued socket mbufs spent")\
    /* TCP header and options (RFC 9293 3.1, 3.2; RFC 7323; RFC 2018) */        \
    X(tcp_truncated,           "TCP shorter than its 20-byte header")            \
    X(tcp_bad_data_offset,     "TCP data offset below 5 or beyond the segment")  \
    X(tcp_option_past_header,  "TCP option runs past the end of the header")     \
    X(tcp_bad_option_length,   "TCP option length below 2")                      \
    X(tcp_option_wrong_length, "TCP option length wrong for its kind")           \
    X(tcp_duplicate_option,    "TCP option kind given twice in one segment")     \
    X(tcp_bad_checksum,        "TCP checksum mismatch")                          \
    X(tcp_not_unicast,         "TCP segment to a broadcast or multicast address")\
    X(tcp_no_connection,       "TCP segment for no connection or listener (RST sent)") \
    X(tcp_stale_segment,       "TCP segment refused by a connection's checks (§3.10.7)") \
    X(tcp_listen_drop,         "SYN refused: accept queue full or connection limit") \
    X(tcp_receive_buffer_full, "TCP payload beyond the receive buffer's memory") \
    /* Resources */                                                              \
    X(no_mbuf,                 "mbuf pool exhausted")                            \
    X(no_headroom,             "mbuf headroom too small to prepend headers")     \
    X(tx_queue_full,           "TX ring full and TxBatch's hold full too")       \
    X(link_down,               "link down")
// clang-format on

enum class Drop : std::uint16_t {
#define SLUICE_DROP_ENUM(name, text) name,
    SLUICE_DROP_REASONS(SLUICE_DROP_ENUM)
#undef SLUICE_DROP_ENUM
};

inline constexpr std::size_t kDropReasonCount = 0
#define SLUICE_DROP_COUNT(name, text) +1
    SLUICE_DROP_REASONS(SLUICE_DROP_COUNT)
#undef SLUICE_DROP_COUNT
    ;

/// Short identifier of a drop reason, e.g. "ipv4_bad_checksum".
constexpr std::string_view drop_name(Drop d) {
    constexpr std::array<std::string_view, kDropReasonCount> names = {
#define SLUICE_DROP_NAME(name, text) #name,
        SLUICE_DROP_REASONS(SLUICE_DROP_NAME)
#undef SLUICE_DROP_NAME
    };
    return names[static_cast<std::size_t>(d)];
}

/// One-line human description of a drop reason.
constexpr std::string_view drop_description(Drop d) {
    constexpr std::array<std::string_view, kDropReasonCount> texts = {
#define SLUICE_DROP_TEXT(name, text) text,
        SLUICE_DROP_REASONS(SLUICE_DROP_TEXT)
#undef SLUICE_DROP_TEXT
    };
    return texts[static_cast<std::size_t>(d)];
}

}  // namespace sluice::stack
