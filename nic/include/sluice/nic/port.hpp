// An ethdev port (any PMD: vdev or PCI) configured, started and exposed to
// the stack as one Device per RX/TX queue pair; and adopt_queue(), the Device
// over one queue pair of a port an application configured and started itself.
//
// Port::open() validates the port, clamps queue and descriptor counts to the
// device's limits, creates a per-port mempool, negotiates offloads, sets the
// MTU, configures and starts the port, and waits (bounded) for link up.
//
// Offloads: with allow_offloads, RX IPv4/UDP/TCP checksum and TX IPv4/UDP/TCP
// checksum offloads are enabled exactly when dev_info advertises them, and
// MULTI_SEGS on TX when advertised, and TCP TSO when advertised together with
// the IPv4/TCP checksum offloads and MULTI_SEGS it needs.
// When TX checksum offloads are enabled, tx_burst runs rte_eth_tx_prepare()
// first (pseudo-header fix-ups some PMDs need).
//
// MAC: PortConfig::mac if given, else the device's. A device without an
// address (all zero, e.g. net_ring) gets the locally administered
// 02:53:4c:00:<port hi>:<port lo>. If the PMD cannot program an address we
// chose, promiscuous mode is enabled instead (tolerating -ENOTSUP).
//
// Invariants:
//  - A Port owns its port from open() to destruction: the destructor stops
//    and closes it (for vdevs, closing releases the port id) and frees the
//    mempool. If mbufs of the pool are still out (in a peer's ring, in the
//    caller's hands), the pool is deliberately leaked with a warning rather
//    than freed under them.
//  - A failed open() throws std::runtime_error naming the port and the call;
//    argument errors are found before the port is touched, later failures
//    close the port.
//  - Link down is recorded, never an error (net_tap/af_packet/ring differ).
//  - capabilities() is fixed after open(); every queue reports the same.
//
// Adoption (sluice as a socket API inside an existing DPDK application):
// adopt_queue() only reads the port. It checks that the port exists, that
// queue_id is below the configured RX and TX queue counts, that tx_pool is a
// pktmbuf pool with data room after the headroom, and that the queue pair is
// set up and started. Started is judged from the queue states ethdev records
// (rte_eth_{rx,tx}_queue_info_get); a PMD that cannot report them (net_ring,
// net_null, net_tap, net_memif, ...) is judged by its link, so such a port
// must have its link up when adopted. The capabilities are what the
// application configured, read once: the MAC (rte_eth_macaddr_get; an all-zero
// address is reported as generated_mac() but nothing is programmed), the MTU
// (rte_eth_dev_get_mtu) and configured_offload_caps() of the port-level
// offloads from rte_eth_dev_conf_get (per-queue extras are not used). TX runs
// rte_eth_tx_prepare() when TX checksum offloads are configured, as for Port.
//  - Refusals are std::invalid_argument "adopt_queue: port <id>: <what>"; a
//    failing ethdev query is std::runtime_error naming the port.
//  - The Device never configures, starts, stops or closes the port and does
//    not own tx_pool. The application keeps the port started, the pool alive
//    and its own hands off that queue pair while the Device is in use; it
//    destroys the Device before stopping or closing the port.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/nic/ethdev_queue.hpp>

#include <rte_ether.h>
#include <rte_mempool.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::nic {

/// How to bring up a port.
struct PortConfig {
    std::uint16_t port_id = 0;
    std::uint16_t queues = 1;  ///< RX/TX queue pairs (clamped to the device)
    std::uint16_t rx_descriptors = 1024;
    std::uint16_t tx_descriptors = 1024;
    std::uint16_t mtu = 1500;  ///< L3 MTU
    std::uint32_t mbufs = 0;   ///< 0: auto_mbuf_count(queues, rx, tx)
    std::chrono::milliseconds link_wait{2000};
    bool promiscuous = false;
    bool allow_offloads = true;
    std::optional<rte_ether_addr> mac;  ///< overrides the device's address
};

/// The offloads to enable and what they mean for the stack.
struct OffloadPlan {
    std::uint64_t rx_offloads = 0;  ///< RTE_ETH_RX_OFFLOAD_* to configure
    std::uint64_t tx_offloads = 0;  ///< RTE_ETH_TX_OFFLOAD_* to configure
    DeviceCapabilities caps;        ///< offload fields filled, mac/mtu untouched
};

/// Decides offloads from dev_info's rx/tx_offload_capa (pure).
OffloadPlan plan_offloads(std::uint64_t rx_offload_capa, std::uint64_t tx_offload_capa,
                          bool allow_offloads);

/// What the stack may rely on for a port configured (by anyone) with these
/// port-level RTE_ETH_RX/TX_OFFLOAD_* flags: the IPv4/UDP/TCP checksum
/// offloads and MULTI_SEGS that are enabled, never TSO, never what the
/// device could do but was not asked to. mac and mtu are left default (pure).
DeviceCapabilities configured_offload_caps(std::uint64_t rx_offloads, std::uint64_t tx_offloads);

/// Mbufs for a port: queues x (rx + tx descriptors) + per-lcore cache
/// (queues + 1 lcores) + burst headroom, rounded up to 2^n - 1.
std::uint32_t auto_mbuf_count(std::uint16_t queues, std::uint16_t rx_descriptors,
                              std::uint16_t tx_descriptors);

/// The per-lcore mempool cache size used for a pool of `mbufs`.
unsigned mempool_cache_size(std::uint32_t mbufs);

/// The MAC sluice assigns to a port whose device has none.
rte_ether_addr generated_mac(std::uint16_t port_id);

/// A started ethdev port and its queues.
class Port {
public:
    /// Opens and starts `config.port_id`. Throws std::runtime_error.
    static std::unique_ptr<Port> open(const PortConfig& config);

    ~Port();
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;

    std::uint16_t id() const { return config_.port_id; }

    /// The configuration in effect (queue and descriptor counts clamped,
    /// mbufs resolved).
    const PortConfig& config() const { return config_; }

    /// Number of queue pairs; queue(q) is valid for q < queue_count().
    std::uint16_t queue_count() const { return config_.queues; }

    /// The Device for queue pair `q`. Throws std::out_of_range.
    Device& queue(std::uint16_t q);

    const DeviceCapabilities& capabilities() const { return caps_; }

    rte_mempool* pool() { return pool_; }

    /// Current link state (asks the PMD, non-blocking).
    bool link_up() const;

    /// Whether the link was up when open() finished waiting.
    bool link_up_at_open() const { return link_up_at_open_; }

    /// The ethdev name (e.g. "net_ring_x", "0000:03:00.0").
    std::string name() const;

    PortStats stats() const;

private:
    explicit Port(const PortConfig& config) : config_(config) {}

    PortConfig config_;
    DeviceCapabilities caps_;
    rte_mempool* pool_ = nullptr;
    bool configured_ = false;
    bool started_ = false;
    bool link_up_at_open_ = false;
    std::vector<std::unique_ptr<EthdevQueue>> queues_;
};

/// The Device over queue pair `queue_id` of `port_id`, a port the
/// application configured and started itself; frames to send come from
/// `tx_pool`. See "Adoption" above. Throws std::invalid_argument naming the
/// port (unknown port, queue out of range or not set up, port or queue not
/// started, null or non-pktmbuf pool), std::runtime_error when an ethdev
/// query fails. port_stats() on the result reads the port's counters.
std::unique_ptr<EthdevQueue> adopt_queue(std::uint16_t port_id, std::uint16_t queue_id,
                                         rte_mempool* tx_pool);

/// A port by ethdev name or by decimal index.
std::optional<std::uint16_t> find_port(std::string_view name_or_index);

/// Number of ports available to this process (rte_eth_dev_count_avail).
std::uint16_t available_ports();

}  // namespace sluice::nic
