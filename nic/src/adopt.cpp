// adopt_queue(): the Device over one queue pair of a port an application
// configured and started itself. Validation and the capability read; the
// Device is an EthdevQueue. See "Adoption" in port.hpp.
//
// Invariants:
//  - Read-only towards the port: only is_valid/info/state/conf/mtu/MAC/link
//    queries. Nothing is configured, started, stopped or closed, and no
//    address, filter or promiscuous mode is programmed.
//  - Every check runs before anything is built; a refusal is
//    std::invalid_argument "adopt_queue: port <id>: <what>".
#include "sluice/nic/port.hpp"

#include "ethdev_support.hpp"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <cerrno>
#include <stdexcept>
#include <string>

namespace sluice::nic {
namespace {

using detail::check;

/// What a queue-info query says about one direction of the queue pair.
enum class QueueState { started, stopped, unknown };

[[noreturn]] void refuse(std::uint16_t port_id, const std::string& what) {
    throw std::invalid_argument("adopt_queue: " + detail::port_label(port_id) + ": " + what);
}

std::string queue_label(std::uint16_t queue_id) { return "queue " + std::to_string(queue_id); }

rte_eth_dev_info adoptable_info(std::uint16_t port_id) {
    if (rte_eth_dev_is_valid_port(port_id) == 0) {
        refuse(port_id, "no such ethdev port");
    }
    rte_eth_dev_info info{};
    check(port_id, "rte_eth_dev_info_get", rte_eth_dev_info_get(port_id, &info));
    return info;
}

void check_queue_range(std::uint16_t port_id, std::uint16_t queue_id,
                       const rte_eth_dev_info& info) {
    if (queue_id < info.nb_rx_queues && queue_id < info.nb_tx_queues) {
        return;
    }
    refuse(port_id, queue_label(queue_id) + " out of range: the port is configured with " +
                        std::to_string(info.nb_rx_queues) + " RX and " +
                        std::to_string(info.nb_tx_queues) + " TX queues");
}

void check_pool(std::uint16_t port_id, rte_mempool* pool) {
    if (pool == nullptr) {
        refuse(port_id, "tx_pool is null");
    }
    if (pool->private_data_size < sizeof(rte_pktmbuf_pool_private)) {
        refuse(port_id, std::string("tx_pool ") + pool->name + " is not a pktmbuf pool");
    }
    if (rte_pktmbuf_data_room_size(pool) <= RTE_PKTMBUF_HEADROOM) {
        refuse(port_id, std::string("tx_pool ") + pool->name + " has no data room after the " +
                            std::to_string(RTE_PKTMBUF_HEADROOM) + "-byte headroom");
    }
}

/// Reads one direction's answer: -ENOTSUP is a PMD without queue info; with
/// the range already checked, -EINVAL is a queue never set up (or hairpin).
QueueState to_state(std::uint16_t port_id, std::uint16_t queue_id, const std::string& direction,
                    int rc, std::uint8_t state) {
    if (rc == -ENOTSUP) {
        return QueueState::unknown;
    }
    if (rc == -EINVAL) {
        refuse(port_id, direction + " " + queue_label(queue_id) +
                            " is not set up (or is a hairpin queue)");
    }
    check(port_id, "rte_eth_" + direction + "_queue_info_get", rc);
    return state == RTE_ETH_QUEUE_STATE_STARTED ? QueueState::started : QueueState::stopped;
}

QueueState rx_state(std::uint16_t port_id, std::uint16_t queue_id) {
    rte_eth_rxq_info info{};
    const int rc = rte_eth_rx_queue_info_get(port_id, queue_id, &info);
    return to_state(port_id, queue_id, "rx", rc, info.queue_state);
}

QueueState tx_state(std::uint16_t port_id, std::uint16_t queue_id) {
    rte_eth_txq_info info{};
    const int rc = rte_eth_tx_queue_info_get(port_id, queue_id, &info);
    return to_state(port_id, queue_id, "tx", rc, info.queue_state);
}

/// Refuses a queue pair that is not running. Without queue states from the
/// PMD, link up is the evidence that the port was started.
void check_started(std::uint16_t port_id, std::uint16_t queue_id) {
    const QueueState rx = rx_state(port_id, queue_id);
    const QueueState tx = tx_state(port_id, queue_id);
    if (rx == QueueState::stopped || tx == QueueState::stopped) {
        refuse(port_id, queue_label(queue_id) +
                            " is not started (the port is stopped, or the queue is deferred)");
    }
    if (rx == QueueState::unknown && tx == QueueState::unknown &&
        !detail::link_is_up(port_id)) {
        refuse(port_id, "not started, or its link is down (the PMD reports no queue state, "
                        "so only link up shows that the port was started)");
    }
}

/// The port's address as adopted: the device's, or generated_mac() when it
/// has none (reported only; nothing is programmed).
rte_ether_addr adopted_mac(std::uint16_t port_id) {
    rte_ether_addr mac{};
    check(port_id, "rte_eth_macaddr_get", rte_eth_macaddr_get(port_id, &mac));
    return rte_is_zero_ether_addr(&mac) != 0 ? generated_mac(port_id) : mac;
}

DeviceCapabilities adopted_caps(std::uint16_t port_id) {
    rte_eth_conf conf{};
    check(port_id, "rte_eth_dev_conf_get", rte_eth_dev_conf_get(port_id, &conf));
    DeviceCapabilities caps = configured_offload_caps(conf.rxmode.offloads, conf.txmode.offloads);
    check(port_id, "rte_eth_dev_get_mtu", rte_eth_dev_get_mtu(port_id, &caps.mtu));
    caps.mac = adopted_mac(port_id);
    return caps;
}

}  // namespace

std::unique_ptr<EthdevQueue> adopt_queue(std::uint16_t port_id, std::uint16_t queue_id,
                                         rte_mempool* tx_pool) {
    const rte_eth_dev_info info = adoptable_info(port_id);
    check_queue_range(port_id, queue_id, info);
    check_pool(port_id, tx_pool);
    check_started(port_id, queue_id);
    const DeviceCapabilities caps = adopted_caps(port_id);
    const bool prepare = caps.tx_ipv4_checksum || caps.tx_udp_checksum || caps.tx_tcp_checksum;
    return std::make_unique<EthdevQueue>(port_id, queue_id, caps, tx_pool, prepare);
}

}  // namespace sluice::nic
