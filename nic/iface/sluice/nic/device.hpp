// The device interface: the only thing the stack knows about a NIC.
//
// A Device is one RX/TX queue pair of one port, owned by exactly one engine
// (no locking). The stack pulls bursts of received frames and pushes bursts of
// frames to send; everything else about ethdev (EAL, ports, mempools, offload
// negotiation, capture) stays in nic/. Test harnesses may put any Device under
// the stack.
//
// Invariants:
//  - rx_burst hands ownership of each returned mbuf to the caller.
//  - tx_burst takes ownership of the first N mbufs it returns (N <= count);
//    the caller still owns the rest and must free or retry them.
//  - capabilities() is fixed once the device is started.
//  - TX offloads follow DPDK's convention: a frame asking for IPv4 checksum
//    offload sets l2_len, l3_len and RTE_MBUF_F_TX_IPV4|RTE_MBUF_F_TX_IP_CKSUM;
//    one asking for L4 checksum offload also puts the pseudo-header checksum
//    in the L4 checksum field. A frame the PMD's tx_prepare rejects is freed
//    and counted by the device as a TX error, and reported as taken.
#pragma once

#include <rte_ether.h>
#include <rte_mbuf.h>

#include <cstdint>

namespace sluice::nic {

/// What the queue pair can do in hardware (or in its PMD) on our behalf.
struct DeviceCapabilities {
    rte_ether_addr mac{};      ///< the port's unicast MAC
    std::uint16_t mtu = 1500;  ///< L3 MTU (IP packet size, no Ethernet header)
    bool rx_ipv4_checksum = false;  ///< RX sets RTE_MBUF_F_RX_IP_CKSUM_{GOOD,BAD}
    bool rx_l4_checksum = false;    ///< RX sets RTE_MBUF_F_RX_L4_CKSUM_{GOOD,BAD}
    bool tx_ipv4_checksum = false;  ///< honours RTE_MBUF_F_TX_IP_CKSUM
    bool tx_udp_checksum = false;   ///< honours RTE_MBUF_F_TX_UDP_CKSUM
    bool tx_tcp_checksum = false;   ///< honours RTE_MBUF_F_TX_TCP_CKSUM
    bool tx_tso = false;            ///< honours RTE_MBUF_F_TX_TCP_SEG
    /// With tx_tso: the largest frame, L2 header included, a TSO segment may
    /// be cut into when that is less than MTU + L2 header (net_tap checks
    /// tso_segsz + l2 + l3 + l4 against the MTU); 0: no such limit.
    std::uint16_t tx_tso_max_frame = 0;
    bool tx_multi_segs = false;     ///< accepts chained mbufs
};

/// One RX/TX queue pair, as seen by one engine.
class Device {
public:
    virtual ~Device() = default;

    /// Receives up to `count` frames into `frames`; returns how many arrived.
    virtual std::uint16_t rx_burst(rte_mbuf** frames, std::uint16_t count) = 0;

    /// Queues up to `count` frames for transmission; returns how many were
    /// taken. Frames not taken still belong to the caller.
    virtual std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) = 0;

    /// The offloads and addresses this queue pair offers.
    virtual const DeviceCapabilities& capabilities() const = 0;

    /// The pool the stack allocates transmit frames from.
    virtual rte_mempool* tx_pool() = 0;

    /// Whether the link is up (cheap; may be cached by the implementation).
    virtual bool link_up() const = 0;
};

}  // namespace sluice::nic
