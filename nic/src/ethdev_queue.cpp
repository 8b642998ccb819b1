// EthdevQueue (the Device over one queue pair of a started port) and the
// port-wide counter read. See ethdev_queue.hpp.
//
// Invariant: nothing here changes a port's state; only burst, prepare, link
// and stats calls are made.
#include "sluice/nic/ethdev_queue.hpp"

#include "ethdev_support.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

namespace sluice::nic {

PortStats read_port_stats(std::uint16_t port_id) {
    rte_eth_stats raw{};
    detail::check(port_id, "rte_eth_stats_get", rte_eth_stats_get(port_id, &raw));
    PortStats stats;
    stats.rx_packets = raw.ipackets;
    stats.tx_packets = raw.opackets;
    stats.rx_bytes = raw.ibytes;
    stats.tx_bytes = raw.obytes;
    stats.rx_errors = raw.ierrors;
    stats.tx_errors = raw.oerrors;
    stats.rx_missed = raw.imissed;
    stats.rx_nombuf = raw.rx_nombuf;
    return stats;
}

EthdevQueue::EthdevQueue(std::uint16_t port_id, std::uint16_t queue_id,
                         const DeviceCapabilities& caps, rte_mempool* pool, bool prepare)
    : port_(port_id), queue_(queue_id), caps_(caps), pool_(pool), prepare_(prepare),
      link_refresh_ticks_(rte_get_tsc_hz() / 10) {}

std::uint16_t EthdevQueue::rx_burst(rte_mbuf** frames, std::uint16_t count) {
    return rte_eth_rx_burst(port_, queue_, frames, count);
}

std::uint16_t EthdevQueue::tx_burst(rte_mbuf** frames, std::uint16_t count) {
    if (!prepare_) {
        return rte_eth_tx_burst(port_, queue_, frames, count);
    }
    return prepare_and_send(frames, count);
}

bool EthdevQueue::link_up() const {
    const std::uint64_t now = rte_get_tsc_cycles();
    if (now >= next_link_check_) {
        link_cached_ = detail::link_is_up(port_);
        next_link_check_ = now + link_refresh_ticks_;
    }
    return link_cached_;
}

PortStats EthdevQueue::port_stats() const {
    PortStats stats = read_port_stats(port_);
    stats.tx_errors += prepare_drops();
    return stats;
}

/// rte_eth_tx_prepare() then send. A frame tx_prepare rejects is freed and
/// counted as taken (retrying it could never succeed).
std::uint16_t EthdevQueue::prepare_and_send(rte_mbuf** frames, std::uint16_t count) {
    const std::uint16_t ready = rte_eth_tx_prepare(port_, queue_, frames, count);
    const std::uint16_t sent = ready == 0 ? 0 : rte_eth_tx_burst(port_, queue_, frames, ready);
    if (sent < ready || ready == count) {
        return sent;
    }
    rte_pktmbuf_free(frames[ready]);
    prepare_drops_.fetch_add(1, std::memory_order_relaxed);
    return static_cast<std::uint16_t>(sent + 1);
}

}  // namespace sluice::nic
