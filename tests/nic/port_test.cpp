// Port tests over a ring pair under the test EAL: capabilities, MAC and link;
// frames A->B byte-identical through the Device interface; mempools refill;
// refused TX frames stay with the caller; bad configurations throw.
#include "frames.hpp"
#include "ring_fixture.hpp"

#include <eal_test_env.hpp>
#include <sluice/nic/port.hpp>

#include <rte_eal.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <filesystem>

namespace sluice::nic {
namespace {

using test::OpenRingPair;

bool same_mac(const rte_ether_addr& x, const rte_ether_addr& y) {
    return rte_is_same_ether_addr(&x, &y) != 0;
}

TEST(TestEal, RunsWithAnOwnedPrefixAndNoPci) {
    const Eal& eal = test::test_eal();
    EXPECT_GT(eal.tsc_hz(), 0u);
    EXPECT_TRUE(has_eal_option(eal.effective_args(), "--no-pci"));
    EXPECT_EQ(eal.file_prefix().rfind("sluice-", 0), 0u) << eal.file_prefix();
    EXPECT_TRUE(std::filesystem::is_directory(eal.runtime_dir()));
    EXPECT_STREQ(rte_eal_get_runtime_dir(), eal.runtime_dir().c_str());
}

TEST(RingPairPorts, CapabilitiesMacAndLink) {
    OpenRingPair ring("caps");
    for (Port* port : {ring.a.get(), ring.b.get()}) {
        const DeviceCapabilities& caps = port->capabilities();
        EXPECT_EQ(caps.mtu, 1500);
        // net_ring advertises no checksum offloads, but MULTI_SEGS on TX.
        EXPECT_FALSE(caps.rx_ipv4_checksum || caps.rx_l4_checksum || caps.tx_ipv4_checksum ||
                     caps.tx_udp_checksum || caps.tx_tcp_checksum || caps.tx_tso);
        EXPECT_TRUE(caps.tx_multi_segs);
        // net_ring has no address: sluice assigns a locally administered one.
        EXPECT_TRUE(same_mac(caps.mac, generated_mac(port->id())));
        EXPECT_TRUE(rte_is_unicast_ether_addr(&caps.mac));
        EXPECT_TRUE(port->link_up_at_open());
        EXPECT_TRUE(port->link_up());
        EXPECT_EQ(port->queue_count(), 1);
        Device& queue = port->queue(0);
        EXPECT_TRUE(queue.link_up());
        EXPECT_EQ(queue.tx_pool(), port->pool());
        EXPECT_TRUE(same_mac(queue.capabilities().mac, caps.mac));
        EXPECT_EQ(queue.capabilities().tx_multi_segs, caps.tx_multi_segs);
        EXPECT_THROW(port->queue(1), std::out_of_range);
    }
    EXPECT_FALSE(same_mac(ring.a->capabilities().mac, ring.b->capabilities().mac));
    EXPECT_EQ(ring.a->name(), "net_ring_" + ring.pair().name + "_a");
    EXPECT_EQ(ring.b->name(), "net_ring_" + ring.pair().name + "_b");
}

TEST(RingPairPorts, FramesArriveByteIdenticalAndPoolsRefill) {
    OpenRingPair ring("traffic");
    const unsigned a_start = rte_mempool_avail_count(ring.a->pool());
    const unsigned b_start = rte_mempool_avail_count(ring.b->pool());
    constexpr std::size_t kFrames = 200;
    const DeviceCapabilities& a_caps = ring.a->capabilities();
    const DeviceCapabilities& b_caps = ring.b->capabilities();

    std::vector<rte_mbuf*> frames;
    std::vector<std::vector<std::uint8_t>> sent_bytes;
    for (std::size_t i = 0; i < kFrames; ++i) {
        frames.push_back(test::make_frame(ring.a->queue(0).tx_pool(), b_caps.mac, a_caps.mac,
                                          test::test_length(i), static_cast<std::uint32_t>(i)));
        sent_bytes.push_back(test::frame_bytes(frames.back()));
    }
    ASSERT_EQ(test::send_all(ring.a->queue(0), frames), kFrames);

    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), kFrames);
    ASSERT_EQ(received.size(), kFrames);
    for (std::size_t i = 0; i < kFrames; ++i) {
        EXPECT_EQ(test::frame_bytes(received[i]), sent_bytes[i]) << "frame " << i;
    }
    EXPECT_TRUE(test::receive(ring.b->queue(0), 1, std::chrono::milliseconds(0)).empty());
    EXPECT_TRUE(test::receive(ring.a->queue(0), 1, std::chrono::milliseconds(0)).empty());
    test::free_all(received);

    EXPECT_EQ(rte_mempool_avail_count(ring.a->pool()), a_start);
    EXPECT_EQ(rte_mempool_avail_count(ring.b->pool()), b_start);
    EXPECT_EQ(ring.a->stats().tx_packets, kFrames);
    EXPECT_EQ(ring.b->stats().rx_packets, kFrames);
    EXPECT_EQ(ring.a->stats().tx_errors, 0u);
}

TEST(RingPairPorts, RefusedTxStaysWithTheCaller) {
    OpenRingPair ring("refuse", 64);  // each ring holds 63 frames
    const unsigned a_start = rte_mempool_avail_count(ring.a->pool());
    constexpr std::uint16_t kFrames = 100;
    rte_mbuf* frames[kFrames];
    for (std::uint16_t i = 0; i < kFrames; ++i) {
        frames[i] = test::make_frame(ring.a->pool(), ring.b->capabilities().mac,
                                     ring.a->capabilities().mac, 60, i);
    }
    const std::uint16_t taken = ring.a->queue(0).tx_burst(frames, kFrames);
    EXPECT_EQ(taken, 63);

    // The refused frames are untouched and still ours.
    for (std::uint16_t i = taken; i < kFrames; ++i) {
        EXPECT_EQ(rte_mbuf_refcnt_read(frames[i]), 1);
        EXPECT_EQ(test::frame_bytes(frames[i])[20], test::pattern_byte(i, 20));
        rte_pktmbuf_free(frames[i]);
    }
    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), taken);
    EXPECT_EQ(received.size(), taken);
    test::free_all(received);
    EXPECT_EQ(rte_mempool_avail_count(ring.a->pool()), a_start);
    EXPECT_EQ(ring.a->stats().tx_packets, taken);
}

TEST(RingPairPorts, ConfiguredMacOverridesTheDevice) {
    PortConfig config = OpenRingPair::quick_config();
    config.mac = rte_ether_addr{{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}};
    OpenRingPair ring("mac", 1024, config);
    EXPECT_TRUE(same_mac(ring.a->capabilities().mac, *config.mac));
    EXPECT_TRUE(same_mac(ring.a->queue(0).capabilities().mac, *config.mac));
}

TEST(RingPairPorts, CountsAreClampedAndResolved) {
    PortConfig config = OpenRingPair::quick_config();
    config.queues = 4;  // net_ring pairs have one queue each way
    OpenRingPair ring("clamp", 1024, config);
    EXPECT_EQ(ring.a->queue_count(), 1);
    EXPECT_EQ(ring.a->config().queues, 1);
    EXPECT_THROW(ring.a->queue(1), std::out_of_range);
    const PortConfig& used = ring.a->config();
    EXPECT_EQ(used.mbufs, auto_mbuf_count(1, used.rx_descriptors, used.tx_descriptors));
    EXPECT_EQ(ring.a->pool()->size, used.mbufs);
    EXPECT_GE(ring.a->pool()->elt_size, sizeof(rte_mbuf));
    EXPECT_GE(rte_pktmbuf_data_room_size(ring.a->pool()), RTE_MBUF_DEFAULT_BUF_SIZE);
}

TEST(RingPairPorts, ExplicitMbufCountAndJumboMtu) {
    PortConfig config = OpenRingPair::quick_config();
    config.mbufs = 1023;
    config.mtu = 9000;
    OpenRingPair ring("jumbo", 1024, config);
    EXPECT_EQ(ring.a->pool()->size, 1023u);
    EXPECT_EQ(ring.a->capabilities().mtu, 9000);
    EXPECT_GE(rte_pktmbuf_data_room_size(ring.a->pool()), RTE_PKTMBUF_HEADROOM + 9000 + 14);
    // A full-size jumbo frame crosses in one segment.
    rte_mbuf* frame = test::make_frame(ring.a->pool(), ring.b->capabilities().mac,
                                       ring.a->capabilities().mac, 9014, 7);
    const std::vector<std::uint8_t> bytes = test::frame_bytes(frame);
    ASSERT_EQ(ring.a->queue(0).tx_burst(&frame, 1), 1);
    std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), 1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(test::frame_bytes(received[0]), bytes);
    test::free_all(received);
}

TEST(PortOpen, NonexistentPortThrowsNamingThePort) {
    PortConfig config;
    config.port_id = RTE_MAX_ETHPORTS - 1;
    ASSERT_EQ(find_port(std::to_string(config.port_id)), std::nullopt);
    try {
        Port::open(config);
        FAIL() << "open of a nonexistent port succeeded";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("port " + std::to_string(config.port_id)),
                  std::string::npos)
            << error.what();
    }
    config.port_id = 65535;
    EXPECT_THROW(Port::open(config), std::runtime_error);
}

TEST(PortOpen, BadArgumentsThrowBeforeTouchingThePort) {
    test::RingPairGuard guard{create_ring_pair(test::unique_pair_name("badarg"))};
    PortConfig config = OpenRingPair::quick_config();
    config.port_id = guard.pair.a;
    config.mtu = 10;  // below any device's minimum
    EXPECT_THROW(Port::open(config), std::runtime_error);
    config.mtu = 1500;
    config.queues = 0;
    EXPECT_THROW(Port::open(config), std::runtime_error);
    config.queues = 1;
    std::unique_ptr<Port> port = Port::open(config);  // still usable
    EXPECT_EQ(port->id(), guard.pair.a);
}

TEST(FindPort, ByNameAndByIndex) {
    OpenRingPair ring("find");
    EXPECT_EQ(find_port(ring.a->name()), ring.a->id());
    EXPECT_EQ(find_port(ring.b->name()), ring.b->id());
    EXPECT_EQ(find_port(std::to_string(ring.b->id())), ring.b->id());
    EXPECT_EQ(find_port("net_ring_no_such_port"), std::nullopt);
    EXPECT_EQ(find_port(""), std::nullopt);
    EXPECT_EQ(find_port("99999"), std::nullopt);
    EXPECT_GE(available_ports(), 2);
}

}  // namespace
}  // namespace sluice::nic
