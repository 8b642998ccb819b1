// Helpers for tests that put engines on a crossed rte_eth_from_rings pair:
// opening a port of the pair quickly, and freeing what is still in flight
// towards a port before the pools are counted for leaks.
//
// Invariant: nothing here keeps an mbuf; drain_device frees every frame it
// receives.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/nic/port.hpp>

#include <rte_mbuf.h>

#include <chrono>
#include <cstdint>
#include <memory>

namespace sluice::test {

/// Opens ring port `id` with `descriptors` per queue, `mbufs` in its pool (0:
/// the port's automatic size) and no wait for the link.
inline std::unique_ptr<nic::Port> open_ring_port(std::uint16_t id, std::uint16_t descriptors = 256,
                                                 std::uint32_t mbufs = 0) {
    nic::PortConfig config;
    config.port_id = id;
    config.rx_descriptors = descriptors;
    config.tx_descriptors = descriptors;
    config.mbufs = mbufs;
    config.link_wait = std::chrono::milliseconds(0);
    return nic::Port::open(config);
}

/// Frees whatever is still in flight towards `device`.
inline void drain_device(nic::Device& device) {
    rte_mbuf* frames[32];
    std::uint16_t n;
    while ((n = device.rx_burst(frames, 32)) > 0) rte_pktmbuf_free_bulk(frames, n);
}

}  // namespace sluice::test
