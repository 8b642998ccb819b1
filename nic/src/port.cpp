// Port bring-up and teardown over ethdev; the queues are EthdevQueues
// (ethdev_queue.cpp), the same Device adopt_queue() (adopt.cpp) builds.
//
// Invariants:
//  - Every rte_eth_* failure in open() becomes a std::runtime_error naming
//    the port and the failing call.
//  - Port members record what has been done (pool_, configured_, started_)
//    so the destructor undoes exactly that, also after a failed open().
//  - Port::stats() is the port's rte_eth_stats plus the tx_prepare drops
//    its EthdevQueues counted.
#include "sluice/nic/port.hpp"

#include "ethdev_support.hpp"

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

static_assert(RTE_PKTMBUF_HEADROOM >= 128, "sluice prepends headers into >= 128 B of headroom");

namespace sluice::nic {
namespace {

constexpr unsigned kMaxCacheSize = 256;
constexpr std::uint32_t kBurstHeadroom = 64;
constexpr std::chrono::milliseconds kLinkPollInterval{10};
constexpr std::uint16_t kDrainBurst = 32;

std::atomic<unsigned> g_pool_sequence{0};

using detail::check;
using detail::fail;
using detail::link_is_up;
using detail::port_label;

rte_eth_dev_info device_info(std::uint16_t port_id) {
    if (rte_eth_dev_is_valid_port(port_id) == 0) {
        throw std::runtime_error(port_label(port_id) + ": no such ethdev port");
    }
    rte_eth_dev_info info{};
    check(port_id, "rte_eth_dev_info_get", rte_eth_dev_info_get(port_id, &info));
    return info;
}

void clamp_queues(PortConfig& config, const rte_eth_dev_info& info) {
    if (config.queues == 0) {
        throw std::runtime_error(port_label(config.port_id) + ": queues must be >= 1");
    }
    config.queues = std::min({config.queues, info.max_rx_queues, info.max_tx_queues});
    if (config.queues == 0) {
        throw std::runtime_error(port_label(config.port_id) + ": device has no queues");
    }
}

void clamp_descriptors(PortConfig& config) {
    check(config.port_id, "rte_eth_dev_adjust_nb_rx_tx_desc",
          rte_eth_dev_adjust_nb_rx_tx_desc(config.port_id, &config.rx_descriptors,
                                           &config.tx_descriptors));
}

/// Largest frame for `mtu`: Ethernet header, two VLAN tags, CRC.
std::uint32_t max_frame_size(std::uint16_t mtu) {
    return std::uint32_t{mtu} + RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN + RTE_ETHER_CRC_LEN;
}

void validate_mtu(const PortConfig& config, const rte_eth_dev_info& info) {
    if (config.mtu < info.min_mtu || config.mtu > info.max_mtu) {
        throw std::runtime_error(port_label(config.port_id) + ": mtu " +
                                 std::to_string(config.mtu) + " outside the device's range " +
                                 std::to_string(info.min_mtu) + ".." +
                                 std::to_string(info.max_mtu));
    }
    if (RTE_PKTMBUF_HEADROOM + max_frame_size(config.mtu) > UINT16_MAX) {
        throw std::runtime_error(port_label(config.port_id) + ": mtu " +
                                 std::to_string(config.mtu) +
                                 " does not fit a single-segment mbuf");
    }
}

std::uint16_t data_room_size(std::uint16_t mtu) {
    std::uint32_t needed = RTE_PKTMBUF_HEADROOM + max_frame_size(mtu);
    return static_cast<std::uint16_t>(std::max<std::uint32_t>(RTE_MBUF_DEFAULT_BUF_SIZE, needed));
}

rte_mempool* create_pool(const PortConfig& config, int socket) {
    std::string name = "sl_p" + std::to_string(config.port_id) + "_" +
                       std::to_string(g_pool_sequence.fetch_add(1));
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), config.mbufs,
                                                mempool_cache_size(config.mbufs), 0,
                                                data_room_size(config.mtu), socket);
    if (pool == nullptr) {
        fail(config.port_id, "rte_pktmbuf_pool_create(" + name + ", " +
                                 std::to_string(config.mbufs) + " mbufs)",
             rte_errno);
    }
    return pool;
}

rte_eth_conf port_conf(const PortConfig& config, const OffloadPlan& plan,
                       const rte_eth_dev_info& info) {
    rte_eth_conf conf{};
    conf.rxmode.mtu = config.mtu;
    conf.rxmode.offloads = plan.rx_offloads;
    conf.txmode.offloads = plan.tx_offloads;
    const std::uint64_t rss_types =
        info.flow_type_rss_offloads & (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);
    if (config.queues > 1 && rss_types != 0) {
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_key = nullptr;  // the PMD's default key
        conf.rx_adv_conf.rss_conf.rss_hf = rss_types;
    }
    return conf;
}

void set_mtu(const PortConfig& config) {
    const int rc = rte_eth_dev_set_mtu(config.port_id, config.mtu);
    if (rc == 0) {
        return;
    }
    std::uint16_t current = 0;
    if (rc == -ENOTSUP && rte_eth_dev_get_mtu(config.port_id, &current) == 0 &&
        current >= config.mtu) {
        return;
    }
    fail(config.port_id, "rte_eth_dev_set_mtu(" + std::to_string(config.mtu) + ")", rc);
}

void setup_queues(const PortConfig& config, const OffloadPlan& plan,
                  const rte_eth_dev_info& info, int socket, rte_mempool* pool) {
    rte_eth_rxconf rxconf = info.default_rxconf;
    rxconf.offloads = plan.rx_offloads;
    rte_eth_txconf txconf = info.default_txconf;
    txconf.offloads = plan.tx_offloads;
    const auto socket_id = static_cast<unsigned>(socket);
    for (std::uint16_t q = 0; q < config.queues; ++q) {
        check(config.port_id, "rte_eth_rx_queue_setup(" + std::to_string(q) + ")",
              rte_eth_rx_queue_setup(config.port_id, q, config.rx_descriptors, socket_id,
                                     &rxconf, pool));
        check(config.port_id, "rte_eth_tx_queue_setup(" + std::to_string(q) + ")",
              rte_eth_tx_queue_setup(config.port_id, q, config.tx_descriptors, socket_id,
                                     &txconf));
    }
}

/// Enables promiscuous mode; a PMD without the control passes everything.
void enable_promiscuous(std::uint16_t port_id) {
    const int rc = rte_eth_promiscuous_enable(port_id);
    if (rc == -ENOTSUP) {
        RTE_LOG(INFO, USER1, "sluice: port %u has no promiscuous control\n", port_id);
        return;
    }
    check(port_id, "rte_eth_promiscuous_enable", rc);
}

/// Picks the MAC (see port.hpp) and programs it when it is not the device's.
rte_ether_addr choose_mac(const PortConfig& config) {
    rte_ether_addr device_mac{};
    check(config.port_id, "rte_eth_macaddr_get", rte_eth_macaddr_get(config.port_id, &device_mac));
    rte_ether_addr wanted = device_mac;
    if (config.mac) {
        wanted = *config.mac;
    } else if (rte_is_zero_ether_addr(&device_mac)) {
        wanted = generated_mac(config.port_id);
    }
    if (rte_is_same_ether_addr(&wanted, &device_mac)) {
        return wanted;
    }
    const int rc = rte_eth_dev_default_mac_addr_set(config.port_id, &wanted);
    if (rc != 0) {
        RTE_LOG(INFO, USER1, "sluice: port %u cannot set its MAC (%s); using promiscuous mode\n",
                config.port_id, rte_strerror(-rc));
        enable_promiscuous(config.port_id);
    }
    return wanted;
}

bool wait_for_link(std::uint16_t port_id, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!link_is_up(port_id)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(kLinkPollInterval);
    }
    return true;
}

/// Frees what is waiting in the RX queues (bounded, so traffic cannot stall it).
void drain_rx(std::uint16_t port_id, const PortConfig& config) {
    rte_mbuf* frames[kDrainBurst];
    const unsigned rounds = config.rx_descriptors / kDrainBurst + 2;
    for (std::uint16_t q = 0; q < config.queues; ++q) {
        for (unsigned round = 0; round < rounds; ++round) {
            const std::uint16_t n = rte_eth_rx_burst(port_id, q, frames, kDrainBurst);
            rte_pktmbuf_free_bulk(frames, n);
            if (n == 0) {
                break;
            }
        }
    }
}

/// Frees `pool` unless mbufs of it are still out somewhere.
void release_pool(rte_mempool* pool, std::uint16_t port_id) {
    const unsigned in_use = rte_mempool_in_use_count(pool);
    if (in_use != 0) {
        RTE_LOG(WARNING, USER1,
                "sluice: port %u closed with %u mbufs of pool %s still in use; "
                "pool left allocated\n",
                port_id, in_use, pool->name);
        return;
    }
    rte_mempool_free(pool);
}

constexpr std::uint64_t kTxChecksumOffloads =
    RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM;

bool has(std::uint64_t capa, std::uint64_t flag) { return (capa & flag) == flag; }

}  // namespace

OffloadPlan plan_offloads(std::uint64_t rx_capa, std::uint64_t tx_capa, bool allow_offloads) {
    OffloadPlan plan;
    if (has(tx_capa, RTE_ETH_TX_OFFLOAD_MULTI_SEGS)) {
        plan.tx_offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
        plan.caps.tx_multi_segs = true;
    }
    if (!allow_offloads) {
        return plan;
    }
    plan.rx_offloads |= rx_capa & (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
                                   RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
    plan.caps.rx_ipv4_checksum = has(rx_capa, RTE_ETH_RX_OFFLOAD_IPV4_CKSUM);
    plan.caps.rx_l4_checksum =
        has(rx_capa, RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
    plan.tx_offloads |= tx_capa & kTxChecksumOffloads;
    plan.caps.tx_ipv4_checksum = has(tx_capa, RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
    plan.caps.tx_udp_checksum = has(tx_capa, RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
    plan.caps.tx_tcp_checksum = has(tx_capa, RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
    // TSO needs the checksums it implies and chained mbufs (the stack hands
    // it up to 64 KiB of send buffer as a chain).
    constexpr std::uint64_t kTsoNeeds = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
                                        RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
    if (has(tx_capa, kTsoNeeds)) {
        plan.tx_offloads |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
        plan.caps.tx_tso = true;
    }
    return plan;
}

DeviceCapabilities configured_offload_caps(std::uint64_t rx_offloads, std::uint64_t tx_offloads) {
    // Configured flags are exactly what may be relied on: plan as if the
    // device could do only those.
    DeviceCapabilities caps = plan_offloads(rx_offloads, tx_offloads, true).caps;
    caps.tx_tso = false;  // an adopted port's PMD quirks are not ours to know (see Port::open)
    return caps;
}

std::uint32_t auto_mbuf_count(std::uint16_t queues, std::uint16_t rx_descriptors,
                              std::uint16_t tx_descriptors) {
    const std::uint32_t descriptors =
        std::uint32_t{queues} * (std::uint32_t{rx_descriptors} + tx_descriptors);
    const std::uint32_t caches = (std::uint32_t{queues} + 1) * kMaxCacheSize * 3 / 2;
    const std::uint32_t headroom = std::uint32_t{queues} * kBurstHeadroom;
    std::uint32_t total = descriptors + caches + headroom;
    std::uint32_t rounded = 1;
    while (rounded - 1 < total) {
        rounded <<= 1;
    }
    return rounded - 1;
}

unsigned mempool_cache_size(std::uint32_t mbufs) {
    // rte_mempool requires cache * 1.5 <= n; stay well inside that.
    return std::min<unsigned>(kMaxCacheSize, mbufs / 8);
}

rte_ether_addr generated_mac(std::uint16_t port_id) {
    rte_ether_addr mac{};
    const std::uint8_t bytes[RTE_ETHER_ADDR_LEN] = {
        0x02, 0x53, 0x4c, 0x00, static_cast<std::uint8_t>(port_id >> 8),
        static_cast<std::uint8_t>(port_id & 0xff)};
    std::copy(std::begin(bytes), std::end(bytes), std::begin(mac.addr_bytes));
    return mac;
}

std::unique_ptr<Port> Port::open(const PortConfig& requested) {
    PortConfig config = requested;
    const rte_eth_dev_info info = device_info(config.port_id);
    clamp_queues(config, info);
    clamp_descriptors(config);
    validate_mtu(config, info);
    if (config.mbufs == 0) {
        config.mbufs = auto_mbuf_count(config.queues, config.rx_descriptors, config.tx_descriptors);
    }
    const OffloadPlan plan = plan_offloads(info.rx_offload_capa, info.tx_offload_capa,
                                           config.allow_offloads);
    const int socket = rte_eth_dev_socket_id(config.port_id);

    std::unique_ptr<Port> port(new Port(config));
    port->caps_ = plan.caps;
    port->caps_.mtu = config.mtu;
    if (plan.caps.tx_tso && std::string_view(info.driver_name) == "net_tap") {
        port->caps_.tx_tso_max_frame = config.mtu;  // its tx_burst's check: tso_segsz + l2 + l3 + l4 <= MTU
    }
    port->pool_ = create_pool(config, socket);

    const rte_eth_conf conf = port_conf(config, plan, info);
    check(config.port_id, "rte_eth_dev_configure",
          rte_eth_dev_configure(config.port_id, config.queues, config.queues, &conf));
    port->configured_ = true;
    set_mtu(config);
    setup_queues(config, plan, info, socket, port->pool_);
    port->caps_.mac = choose_mac(config);

    check(config.port_id, "rte_eth_dev_start", rte_eth_dev_start(config.port_id));
    port->started_ = true;
    if (config.promiscuous) {
        enable_promiscuous(config.port_id);
    }
    port->link_up_at_open_ = wait_for_link(config.port_id, config.link_wait);

    const bool prepare = (plan.tx_offloads & kTxChecksumOffloads) != 0;
    for (std::uint16_t q = 0; q < config.queues; ++q) {
        port->queues_.push_back(
            std::make_unique<EthdevQueue>(config.port_id, q, port->caps_, port->pool_, prepare));
    }
    return port;
}

Port::~Port() {
    queues_.clear();
    if (started_) {
        drain_rx(id(), config_);
        rte_eth_dev_stop(id());
    }
    if (configured_) {
        rte_eth_dev_close(id());
    }
    if (pool_ != nullptr) {
        release_pool(pool_, id());
    }
}

Device& Port::queue(std::uint16_t q) {
    if (q >= queues_.size()) {
        throw std::out_of_range(port_label(id()) + ": no queue " + std::to_string(q));
    }
    return *queues_[q];
}

bool Port::link_up() const { return link_is_up(id()); }

std::string Port::name() const {
    char name[RTE_ETH_NAME_MAX_LEN] = {};
    if (rte_eth_dev_get_name_by_port(id(), name) != 0) {
        return port_label(id());
    }
    return name;
}

PortStats Port::stats() const {
    PortStats stats = read_port_stats(id());
    for (const auto& q : queues_) {
        stats.tx_errors += q->prepare_drops();
    }
    return stats;
}

std::optional<std::uint16_t> find_port(std::string_view name_or_index) {
    std::uint16_t index = 0;
    const char* first = name_or_index.data();
    const char* last = first + name_or_index.size();
    auto [end, ec] = std::from_chars(first, last, index);
    if (!name_or_index.empty() && ec == std::errc{} && end == last) {
        return rte_eth_dev_is_valid_port(index) != 0 ? std::optional(index) : std::nullopt;
    }
    std::uint16_t port_id = 0;
    if (rte_eth_dev_get_port_by_name(std::string(name_or_index).c_str(), &port_id) == 0) {
        return port_id;
    }
    return std::nullopt;
}

std::uint16_t available_ports() { return rte_eth_dev_count_avail(); }

}  // namespace sluice::nic
