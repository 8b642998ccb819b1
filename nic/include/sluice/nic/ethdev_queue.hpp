// EthdevQueue: the Device over one RX/TX queue pair of a started ethdev
// port. Port (port.hpp) builds one per queue pair of a port sluice owns;
// adopt_queue() (port.hpp) builds one over a queue pair of a port an
// application configured and started itself. Also PortStats, the counters
// both read.
//
// Invariants:
//  - An EthdevQueue never configures, starts, stops or closes its port and
//    never frees its pool: whoever owns the port owns those. Destroying it
//    leaves the port exactly as it was.
//  - Used by one engine at a time (no locking); its only shared state is an
//    atomic count of frames rte_eth_tx_prepare() rejected, which stats
//    readers may read from any thread.
//  - tx_burst runs rte_eth_tx_prepare() first exactly when constructed with
//    `prepare` (the port has TX checksum offloads enabled).
//  - capabilities() is fixed at construction.
#pragma once

#include <sluice/nic/device.hpp>

#include <rte_mempool.h>

#include <atomic>
#include <cstdint>

namespace sluice::nic {

/// Counters from rte_eth_stats (what each PMD counts varies); tx_errors also
/// counts frames dropped because rte_eth_tx_prepare() rejected them.
struct PortStats {
    std::uint64_t rx_packets = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_bytes = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_errors = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t rx_missed = 0;
    std::uint64_t rx_nombuf = 0;
};

/// The port-wide rte_eth_stats of `port_id` (no tx_prepare drops: those are
/// counted by the queues). Throws std::runtime_error naming the port.
PortStats read_port_stats(std::uint16_t port_id);

/// One queue pair of a started port, as a Device.
class EthdevQueue final : public Device {
public:
    EthdevQueue(std::uint16_t port_id, std::uint16_t queue_id, const DeviceCapabilities& caps,
                rte_mempool* pool, bool prepare);

    std::uint16_t rx_burst(rte_mbuf** frames, std::uint16_t count) override;
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override;
    const DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return pool_; }

    /// Cached for ~100 ms: asking some PMDs (tap, af_packet) costs a syscall.
    bool link_up() const override;

    std::uint16_t port_id() const { return port_; }
    std::uint16_t queue_id() const { return queue_; }

    /// Frames rte_eth_tx_prepare() rejected (freed and reported as taken).
    std::uint64_t prepare_drops() const { return prepare_drops_.load(std::memory_order_relaxed); }

    /// read_port_stats() of the port with this queue's prepare_drops() added
    /// to tx_errors. The counters are port-wide: on an adopted port they
    /// include the application's traffic on its other queues.
    PortStats port_stats() const;

private:
    std::uint16_t prepare_and_send(rte_mbuf** frames, std::uint16_t count);

    std::uint16_t port_;
    std::uint16_t queue_;
    DeviceCapabilities caps_;
    rte_mempool* pool_;
    bool prepare_;
    std::uint64_t link_refresh_ticks_;
    mutable std::uint64_t next_link_check_ = 0;
    mutable bool link_cached_ = false;
    std::atomic<std::uint64_t> prepare_drops_{0};
};

}  // namespace sluice::nic
