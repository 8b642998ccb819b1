// Unit tests (no EAL) for the port bring-up decisions: offload negotiation,
// what an adopted port's configured offloads let the stack rely on, mempool
// sizing and the generated MAC.
#include <sluice/nic/port.hpp>

#include <rte_ethdev.h>

#include <gtest/gtest.h>

namespace sluice::nic {
namespace {

constexpr std::uint64_t kAllRxChecksums =
    RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
constexpr std::uint64_t kAllTxChecksums =
    RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM;

TEST(PlanOffloads, EnablesAdvertisedChecksumsAndTso) {
    const std::uint64_t rx_capa = kAllRxChecksums | RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
    const std::uint64_t tx_capa =
        kAllTxChecksums | RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
    OffloadPlan plan = plan_offloads(rx_capa, tx_capa, true);
    EXPECT_EQ(plan.rx_offloads, kAllRxChecksums);  // no VLAN strip
    EXPECT_EQ(plan.tx_offloads, tx_capa);
    EXPECT_TRUE(plan.caps.rx_ipv4_checksum);
    EXPECT_TRUE(plan.caps.rx_l4_checksum);
    EXPECT_TRUE(plan.caps.tx_ipv4_checksum);
    EXPECT_TRUE(plan.caps.tx_udp_checksum);
    EXPECT_TRUE(plan.caps.tx_tcp_checksum);
    EXPECT_TRUE(plan.caps.tx_tso);
    EXPECT_TRUE(plan.caps.tx_multi_segs);
    // An adopted port: TSO is never relied on (PMD quirks, see Port::open).
    EXPECT_FALSE(configured_offload_caps(rx_capa, tx_capa).tx_tso);
}

TEST(PlanOffloads, TsoOnlyWithTheChecksumsAndChainsItNeeds) {
    for (const std::uint64_t missing : {RTE_ETH_TX_OFFLOAD_MULTI_SEGS, RTE_ETH_TX_OFFLOAD_TCP_CKSUM,
                                        RTE_ETH_TX_OFFLOAD_IPV4_CKSUM}) {
        const std::uint64_t tx_capa =
            (kAllTxChecksums | RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS) & ~missing;
        const OffloadPlan plan = plan_offloads(0, tx_capa, true);
        EXPECT_FALSE(plan.caps.tx_tso) << missing;
        EXPECT_EQ(plan.tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO, 0u) << missing;
    }
    EXPECT_FALSE(plan_offloads(0, kAllTxChecksums | RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
                               false).caps.tx_tso);
}

TEST(PlanOffloads, NothingAdvertisedNothingEnabled) {
    OffloadPlan plan = plan_offloads(RTE_ETH_RX_OFFLOAD_SCATTER, 0, true);
    EXPECT_EQ(plan.rx_offloads, 0u);
    EXPECT_EQ(plan.tx_offloads, 0u);
    EXPECT_FALSE(plan.caps.rx_ipv4_checksum || plan.caps.rx_l4_checksum ||
                 plan.caps.tx_ipv4_checksum || plan.caps.tx_udp_checksum ||
                 plan.caps.tx_tcp_checksum || plan.caps.tx_tso || plan.caps.tx_multi_segs);
}

TEST(PlanOffloads, DisallowedKeepsOnlyMultiSegs) {
    OffloadPlan plan = plan_offloads(kAllRxChecksums, kAllTxChecksums | RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
                                     false);
    EXPECT_EQ(plan.rx_offloads, 0u);
    EXPECT_EQ(plan.tx_offloads, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
    EXPECT_FALSE(plan.caps.rx_ipv4_checksum);
    EXPECT_FALSE(plan.caps.tx_tcp_checksum);
    EXPECT_TRUE(plan.caps.tx_multi_segs);
}

TEST(PlanOffloads, PartialL4IsEnabledButNotReportedAsL4) {
    OffloadPlan plan = plan_offloads(RTE_ETH_RX_OFFLOAD_TCP_CKSUM, RTE_ETH_TX_OFFLOAD_UDP_CKSUM, true);
    EXPECT_EQ(plan.rx_offloads, RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
    EXPECT_FALSE(plan.caps.rx_l4_checksum);  // UDP would arrive unverified
    EXPECT_FALSE(plan.caps.rx_ipv4_checksum);
    EXPECT_TRUE(plan.caps.tx_udp_checksum);
    EXPECT_FALSE(plan.caps.tx_tcp_checksum);
    EXPECT_FALSE(plan.caps.tx_ipv4_checksum);
}

TEST(ConfiguredOffloadCaps, ReportsExactlyTheConfiguredChecksums) {
    const DeviceCapabilities all = configured_offload_caps(
        kAllRxChecksums, kAllTxChecksums | RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
    EXPECT_TRUE(all.rx_ipv4_checksum && all.rx_l4_checksum && all.tx_ipv4_checksum &&
                all.tx_udp_checksum && all.tx_tcp_checksum && all.tx_multi_segs);

    const DeviceCapabilities some = configured_offload_caps(
        RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM, RTE_ETH_TX_OFFLOAD_TCP_CKSUM);
    EXPECT_TRUE(some.rx_ipv4_checksum);
    EXPECT_FALSE(some.rx_l4_checksum);  // TCP not configured: not every L4 frame is checked
    EXPECT_FALSE(some.tx_ipv4_checksum);
    EXPECT_FALSE(some.tx_udp_checksum);
    EXPECT_TRUE(some.tx_tcp_checksum);
    EXPECT_FALSE(some.tx_multi_segs);
}

TEST(ConfiguredOffloadCaps, NothingConfiguredNothingReportedAndNeverTso) {
    const DeviceCapabilities none = configured_offload_caps(0, 0);
    EXPECT_FALSE(none.rx_ipv4_checksum || none.rx_l4_checksum || none.tx_ipv4_checksum ||
                 none.tx_udp_checksum || none.tx_tcp_checksum || none.tx_tso ||
                 none.tx_multi_segs);
    const DeviceCapabilities tso = configured_offload_caps(
        RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_SCATTER, RTE_ETH_TX_OFFLOAD_TCP_TSO);
    EXPECT_FALSE(tso.tx_tso);  // the stack does not use TSO yet
    EXPECT_FALSE(tso.rx_ipv4_checksum || tso.tx_tcp_checksum);
}

TEST(MbufSizing, CoversDescriptorsCachesAndHeadroom) {
    EXPECT_EQ(auto_mbuf_count(1, 1024, 1024), 4095u);
    for (std::uint16_t queues : {1, 2, 4, 8}) {
        for (std::uint16_t descriptors : {64, 256, 1024, 4096}) {
            const std::uint32_t n = auto_mbuf_count(queues, descriptors, descriptors);
            const std::uint32_t floor = std::uint32_t{queues} * 2 * descriptors +
                                        (std::uint32_t{queues} + 1) * 384 + queues * 64u;
            EXPECT_GE(n, floor) << queues << "x" << descriptors;
            EXPECT_LT(n, 2 * floor) << queues << "x" << descriptors;
            EXPECT_EQ((n + 1) & n, 0u) << "not 2^k - 1: " << n;
        }
    }
}

TEST(MbufSizing, CacheRespectsMempoolLimit) {
    EXPECT_EQ(mempool_cache_size(4095), 256u);
    EXPECT_EQ(mempool_cache_size(63), 7u);
    for (std::uint32_t n : {1u, 15u, 511u, 2047u, 65535u}) {
        EXPECT_LE(mempool_cache_size(n) * 3 / 2, n);
        EXPECT_LE(mempool_cache_size(n), 512u);  // RTE_MEMPOOL_CACHE_MAX_SIZE
    }
}

TEST(GeneratedMac, LocallyAdministeredUnicastAndPerPort) {
    rte_ether_addr a = generated_mac(0);
    rte_ether_addr b = generated_mac(0x0102);
    EXPECT_TRUE(rte_is_unicast_ether_addr(&a));
    EXPECT_TRUE(rte_is_local_admin_ether_addr(&a));
    EXPECT_FALSE(rte_is_zero_ether_addr(&a));
    EXPECT_FALSE(rte_is_same_ether_addr(&a, &b));
    EXPECT_EQ(b.addr_bytes[4], 0x01);
    EXPECT_EQ(b.addr_bytes[5], 0x02);
}

}  // namespace
}  // namespace sluice::nic
