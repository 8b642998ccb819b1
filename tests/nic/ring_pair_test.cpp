// Ring pair tests under the test EAL: ports appear and disappear, several
// pairs coexist without crosstalk, a name clash leaves the live pair intact,
// names can be reused, and teardown frees frames still in the rings.
#include "frames.hpp"
#include "ring_fixture.hpp"

#include <sluice/nic/ring_pair.hpp>

#include <rte_ethdev.h>
#include <rte_ring.h>

#include <gtest/gtest.h>

namespace sluice::nic {
namespace {

using test::OpenRingPair;

/// Sends one frame a->b on `ring` and checks only b gets it.
void expect_one_frame_crosses(OpenRingPair& ring, std::uint32_t seed) {
    rte_mbuf* frame = test::make_frame(ring.a->pool(), ring.b->capabilities().mac,
                                       ring.a->capabilities().mac, 100, seed);
    const std::vector<std::uint8_t> bytes = test::frame_bytes(frame);
    ASSERT_EQ(ring.a->queue(0).tx_burst(&frame, 1), 1);
    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), 1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(test::frame_bytes(received[0]), bytes);
    test::free_all(received);
}

TEST(RingPair, PortsAppearAndDisappear) {
    const std::uint16_t before = available_ports();
    RingPair pair = create_ring_pair(test::unique_pair_name("life"));
    EXPECT_EQ(available_ports(), before + 2);
    EXPECT_NE(pair.a, pair.b);
    EXPECT_TRUE(rte_eth_dev_is_valid_port(pair.a));
    EXPECT_TRUE(rte_eth_dev_is_valid_port(pair.b));
    EXPECT_EQ(find_port("net_ring_" + pair.name + "_a"), pair.a);
    destroy_ring_pair(pair);
    EXPECT_EQ(available_ports(), before);
    EXPECT_EQ(find_port("net_ring_" + pair.name + "_a"), std::nullopt);
    EXPECT_EQ(find_port("net_ring_" + pair.name + "_b"), std::nullopt);
}

TEST(RingPair, SeveralPairsCoexistWithoutCrosstalk) {
    OpenRingPair first("multi");
    OpenRingPair second("multi");
    OpenRingPair third("multi");
    expect_one_frame_crosses(second, 2);
    for (OpenRingPair* ring : {&first, &third}) {
        EXPECT_TRUE(test::receive(ring->b->queue(0), 1, std::chrono::milliseconds(0)).empty());
        EXPECT_TRUE(test::receive(ring->a->queue(0), 1, std::chrono::milliseconds(0)).empty());
    }
    expect_one_frame_crosses(first, 1);
    expect_one_frame_crosses(third, 3);
}

TEST(RingPair, NameClashThrowsAndLeavesTheLivePairIntact) {
    const std::string name = test::unique_pair_name("clash");
    test::RingPairGuard live{create_ring_pair(name)};
    const std::uint16_t ports = available_ports();
    EXPECT_THROW(create_ring_pair(name), std::runtime_error);
    EXPECT_EQ(available_ports(), ports);
    EXPECT_TRUE(rte_eth_dev_is_valid_port(live.pair.a));
    EXPECT_TRUE(rte_eth_dev_is_valid_port(live.pair.b));

    PortConfig config = OpenRingPair::quick_config();
    config.port_id = live.pair.a;
    std::unique_ptr<Port> a = Port::open(config);
    config.port_id = live.pair.b;
    std::unique_ptr<Port> b = Port::open(config);
    rte_mbuf* frame = test::make_frame(a->pool(), b->capabilities().mac, a->capabilities().mac,
                                       64, 9);
    ASSERT_EQ(a->queue(0).tx_burst(&frame, 1), 1);
    std::vector<rte_mbuf*> received = test::receive(b->queue(0), 1);
    EXPECT_EQ(received.size(), 1u);
    test::free_all(received);
}

TEST(RingPair, NameCanBeReusedAfterDestroy) {
    const std::string name = test::unique_pair_name("reuse");
    for (int round = 0; round < 3; ++round) {
        RingPair pair = create_ring_pair(name);
        EXPECT_EQ(pair.name, name);
        destroy_ring_pair(pair);
    }
}

TEST(RingPair, DestroyFreesFramesStillInTheRings) {
    rte_mempool* pool = rte_pktmbuf_pool_create("rp_inflight", 127, 0, 0,
                                                RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    ASSERT_NE(pool, nullptr);
    RingPair pair = create_ring_pair(test::unique_pair_name("inflight"), 64);
    const rte_ether_addr mac = generated_mac(0);
    for (std::uint32_t i = 0; i < 10; ++i) {
        rte_ring* ring = i % 2 == 0 ? pair.a_to_b : pair.b_to_a;
        ASSERT_EQ(rte_ring_enqueue(ring, test::make_frame(pool, mac, mac, 60, i)), 0);
    }
    EXPECT_EQ(rte_mempool_avail_count(pool), 117u);
    destroy_ring_pair(pair);
    EXPECT_EQ(rte_mempool_avail_count(pool), 127u);
    rte_mempool_free(pool);
}

TEST(RingPair, BadInputThrowsAndDefaultPairIsHarmless) {
    EXPECT_THROW(create_ring_pair(""), std::invalid_argument);
    EXPECT_THROW(create_ring_pair(test::unique_pair_name("npot"), 100), std::runtime_error);
    const std::uint16_t ports = available_ports();
    destroy_ring_pair(RingPair{});
    EXPECT_EQ(available_ports(), ports);
}

}  // namespace
}  // namespace sluice::nic
