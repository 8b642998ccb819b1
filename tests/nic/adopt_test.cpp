// adopt_queue() tests under the test EAL: a ring pair whose ports the test
// configures and starts with raw ethdev calls, as an application would, then
// hands one queue pair to sluice. Capabilities are what the "application"
// configured (MAC, MTU, offloads), frames cross both ways through the adopted
// Devices, the pool refills, destroying the Device leaves the port running,
// and bad ports, queues and pools are refused with a message naming the port.
#include "frames.hpp"
#include "ring_fixture.hpp"

#include <sluice/nic/port.hpp>

#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace sluice::nic {
namespace {

constexpr std::uint16_t kDescriptors = 256;

bool same_mac(const rte_ether_addr& x, const rte_ether_addr& y) {
    return rte_is_same_ether_addr(&x, &y) != 0;
}

void app_check(int rc, const std::string& call) {
    if (rc != 0) {
        throw std::runtime_error("test application: " + call + " failed: " + std::to_string(rc));
    }
}

/// What the test application does to bring a port up: configure with
/// `conf`, one queue pair fed from `pool`, start.
void app_configure(std::uint16_t port_id, const rte_eth_conf& conf, rte_mempool* pool) {
    const auto socket = static_cast<unsigned>(rte_socket_id());
    app_check(rte_eth_dev_configure(port_id, 1, 1, &conf), "rte_eth_dev_configure");
    app_check(rte_eth_rx_queue_setup(port_id, 0, kDescriptors, socket, nullptr, pool),
              "rte_eth_rx_queue_setup");
    app_check(rte_eth_tx_queue_setup(port_id, 0, kDescriptors, socket, nullptr),
              "rte_eth_tx_queue_setup");
}

/// A pktmbuf pool the test application owns.
struct PoolGuard {
    rte_mempool* pool;
    ~PoolGuard() { rte_mempool_free(pool); }
};

rte_mempool* make_pool() {
    static unsigned next = 0;
    const std::string name = "adopt_pool" + std::to_string(next++);
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), 2047, 64, 0,
                                                RTE_MBUF_DEFAULT_BUF_SIZE,
                                                static_cast<int>(rte_socket_id()));
    if (pool == nullptr) {
        throw std::runtime_error("test application: cannot create " + name);
    }
    return pool;
}

/// A ring pair whose ports the test application configured (and by default
/// started) itself; sluice only adopts queues of it.
class AppRingPair {
public:
    explicit AppRingPair(const std::string& stem, const rte_eth_conf& conf = {}, bool start = true)
        : pool_{make_pool()}, guard_{create_ring_pair(test::unique_pair_name(stem))} {
        for (std::uint16_t port_id : {a(), b()}) {
            app_configure(port_id, conf, pool());
            if (start) {
                app_check(rte_eth_dev_start(port_id), "rte_eth_dev_start");
            }
        }
    }

    std::uint16_t a() const { return guard_.pair.a; }
    std::uint16_t b() const { return guard_.pair.b; }
    rte_mempool* pool() const { return pool_.pool; }

private:
    PoolGuard pool_;  // freed last: the pair's teardown returns mbufs into it
    test::RingPairGuard guard_;
};

/// Expects adopt_queue to refuse with std::invalid_argument whose message
/// names `port_id` and contains `fragment`.
void expect_refusal(std::uint16_t port_id, std::uint16_t queue_id, rte_mempool* pool,
                    const std::string& fragment) {
    try {
        adopt_queue(port_id, queue_id, pool);
        ADD_FAILURE() << "adopt_queue(" << port_id << ", " << queue_id << ") succeeded";
    } catch (const std::invalid_argument& error) {
        const std::string what = error.what();
        EXPECT_NE(what.find("port " + std::to_string(port_id) + ":"), std::string::npos) << what;
        EXPECT_NE(what.find(fragment), std::string::npos) << what;
    }
}

void expect_no_checksum_offloads(const DeviceCapabilities& caps) {
    EXPECT_FALSE(caps.rx_ipv4_checksum || caps.rx_l4_checksum || caps.tx_ipv4_checksum ||
                 caps.tx_udp_checksum || caps.tx_tcp_checksum || caps.tx_tso);
}

TEST(AdoptQueue, CapabilitiesAreWhatTheApplicationConfigured) {
    rte_eth_conf conf{};
    conf.rxmode.mtu = 9000;
    conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
    AppRingPair ring("adopt_caps", conf);

    std::unique_ptr<EthdevQueue> a = adopt_queue(ring.a(), 0, ring.pool());
    std::unique_ptr<EthdevQueue> b = adopt_queue(ring.b(), 0, ring.pool());
    for (EthdevQueue* queue : {a.get(), b.get()}) {
        const DeviceCapabilities& caps = queue->capabilities();
        // net_ring has no address (and cannot be given one): reported as the
        // generated one, as Port does.
        EXPECT_TRUE(same_mac(caps.mac, generated_mac(queue->port_id())));
        EXPECT_EQ(caps.mtu, 9000);
        expect_no_checksum_offloads(caps);  // net_ring has none
        EXPECT_TRUE(caps.tx_multi_segs);    // configured
        EXPECT_EQ(queue->tx_pool(), ring.pool());
        EXPECT_TRUE(queue->link_up());
        EXPECT_EQ(queue->queue_id(), 0);
    }
    EXPECT_EQ(a->port_id(), ring.a());
    EXPECT_EQ(b->port_id(), ring.b());
}

/// A net_null port (a PMD that takes a MAC), removed at the end.
struct NullPortGuard {
    std::string name;
    ~NullPortGuard() {
        std::uint16_t port_id = 0;
        if (rte_eth_dev_get_port_by_name(name.c_str(), &port_id) == 0) {
            rte_eth_dev_stop(port_id);
            rte_eth_dev_close(port_id);
        }
        rte_vdev_uninit(name.c_str());
    }
};

TEST(AdoptQueue, MacIsTheOneTheApplicationSet) {
    PoolGuard pool{make_pool()};  // freed after the port is closed
    NullPortGuard guard{test::unique_pair_name("net_null_adopt")};
    std::uint16_t port_id = 0;
    if (rte_vdev_init(guard.name.c_str(), "") != 0 ||
        rte_eth_dev_get_port_by_name(guard.name.c_str(), &port_id) != 0) {
        GTEST_SKIP() << "net_null PMD not available";
    }
    rte_eth_conf conf{};
    conf.rxmode.mtu = 2000;
    app_configure(port_id, conf, pool.pool);
    rte_ether_addr app_mac{{0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01}};
    ASSERT_EQ(rte_eth_dev_default_mac_addr_set(port_id, &app_mac), 0);
    ASSERT_EQ(rte_eth_dev_start(port_id), 0);

    std::unique_ptr<EthdevQueue> queue = adopt_queue(port_id, 0, pool.pool);
    EXPECT_TRUE(same_mac(queue->capabilities().mac, app_mac));
    EXPECT_EQ(queue->capabilities().mtu, 2000);
    expect_no_checksum_offloads(queue->capabilities());
}

TEST(AdoptQueue, OffloadsTheDeviceHasButTheApplicationDidNotEnableAreNotReported) {
    AppRingPair ring("adopt_plain");  // default conf: no offloads, MTU 1500
    rte_eth_dev_info info{};
    ASSERT_EQ(rte_eth_dev_info_get(ring.a(), &info), 0);
    ASSERT_NE(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS, 0u);  // could, was not asked

    std::unique_ptr<Device> a = adopt_queue(ring.a(), 0, ring.pool());
    EXPECT_FALSE(a->capabilities().tx_multi_segs);
    expect_no_checksum_offloads(a->capabilities());
    EXPECT_EQ(a->capabilities().mtu, RTE_ETHER_MTU);
    // Port::open on the same PMD does enable what the device can do.
    EXPECT_TRUE(plan_offloads(info.rx_offload_capa, info.tx_offload_capa, true).caps.tx_multi_segs);
}

/// Sends `count` frames from `from` to `to`; checks they arrive unchanged.
void expect_frames_cross(Device& from, Device& to, std::size_t count, std::uint32_t seed) {
    std::vector<rte_mbuf*> frames;
    std::vector<std::vector<std::uint8_t>> sent;
    for (std::size_t i = 0; i < count; ++i) {
        frames.push_back(test::make_frame(from.tx_pool(), to.capabilities().mac,
                                          from.capabilities().mac, test::test_length(i),
                                          seed + static_cast<std::uint32_t>(i)));
        sent.push_back(test::frame_bytes(frames.back()));
    }
    ASSERT_EQ(test::send_all(from, frames), count);
    std::vector<rte_mbuf*> received = test::receive(to, count);
    ASSERT_EQ(received.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
        EXPECT_EQ(test::frame_bytes(received[i]), sent[i]) << "frame " << i;
    }
    EXPECT_TRUE(test::receive(to, 1, std::chrono::milliseconds(0)).empty());
    test::free_all(received);
}

TEST(AdoptQueue, FramesCrossBothWaysAndThePoolRefills) {
    AppRingPair ring("adopt_traffic");
    const unsigned start = rte_mempool_avail_count(ring.pool());
    {
        std::unique_ptr<EthdevQueue> a = adopt_queue(ring.a(), 0, ring.pool());
        std::unique_ptr<EthdevQueue> b = adopt_queue(ring.b(), 0, ring.pool());
        expect_frames_cross(*a, *b, 200, 1);
        expect_frames_cross(*b, *a, 50, 1000);

        const PortStats a_stats = a->port_stats();
        EXPECT_EQ(a_stats.tx_packets, 200u);
        EXPECT_EQ(a_stats.rx_packets, 50u);
        EXPECT_EQ(a_stats.tx_errors, 0u);
        EXPECT_EQ(b->port_stats().rx_packets, 200u);
        EXPECT_EQ(read_port_stats(ring.b()).tx_packets, 50u);
    }
    EXPECT_EQ(rte_mempool_avail_count(ring.pool()), start);
}

TEST(AdoptQueue, DestroyingTheDeviceLeavesThePortAsTheApplicationHadIt) {
    rte_eth_conf conf{};
    conf.rxmode.mtu = 4000;
    AppRingPair ring("adopt_leave", conf);
    const unsigned start = rte_mempool_avail_count(ring.pool());
    adopt_queue(ring.a(), 0, ring.pool()).reset();

    std::uint16_t mtu = 0;
    ASSERT_EQ(rte_eth_dev_get_mtu(ring.a(), &mtu), 0);
    EXPECT_EQ(mtu, 4000);
    rte_eth_link link{};
    ASSERT_EQ(rte_eth_link_get_nowait(ring.a(), &link), 0);
    EXPECT_EQ(link.link_status, RTE_ETH_LINK_UP);
    // The application's own raw I/O on the port still works.
    rte_mbuf* frame = test::make_frame(ring.pool(), generated_mac(ring.b()),
                                       generated_mac(ring.a()), 64, 3);
    ASSERT_EQ(rte_eth_tx_burst(ring.a(), 0, &frame, 1), 1);
    rte_mbuf* received = nullptr;
    ASSERT_EQ(rte_eth_rx_burst(ring.b(), 0, &received, 1), 1);
    rte_pktmbuf_free(received);
    // And the queue can be adopted again.
    EXPECT_NE(adopt_queue(ring.a(), 0, ring.pool()), nullptr);
    EXPECT_EQ(rte_mempool_avail_count(ring.pool()), start);
}

TEST(AdoptQueue, UnknownPortIsRefused) {
    rte_mempool* pool = make_pool();
    PoolGuard guard{pool};
    for (std::uint16_t port_id : {std::uint16_t{RTE_MAX_ETHPORTS - 1}, std::uint16_t{65535}}) {
        ASSERT_EQ(rte_eth_dev_is_valid_port(port_id), 0);
        expect_refusal(port_id, 0, pool, "no such ethdev port");
    }
}

TEST(AdoptQueue, PortNotStartedIsRefused) {
    AppRingPair ring("adopt_stopped", rte_eth_conf{}, false);
    expect_refusal(ring.a(), 0, ring.pool(), "not started");  // configured, never started

    ASSERT_EQ(rte_eth_dev_start(ring.a()), 0);
    EXPECT_NE(adopt_queue(ring.a(), 0, ring.pool()), nullptr);
    ASSERT_EQ(rte_eth_dev_stop(ring.a()), 0);
    expect_refusal(ring.a(), 0, ring.pool(), "not started");  // stopped again
}

TEST(AdoptQueue, QueueOutOfRangeIsRefused) {
    AppRingPair ring("adopt_range");
    expect_refusal(ring.a(), 1, ring.pool(), "queue 1 out of range");
    expect_refusal(ring.a(), 65535, ring.pool(), "queue 65535 out of range");
}

TEST(AdoptQueue, MissingOrUnusablePoolIsRefused) {
    AppRingPair ring("adopt_pool");
    const unsigned start = rte_mempool_avail_count(ring.pool());
    expect_refusal(ring.a(), 0, nullptr, "tx_pool is null");

    rte_mempool* plain = rte_mempool_create("adopt_not_pktmbuf", 63, 64, 0, 0, nullptr, nullptr,
                                            nullptr, nullptr,
                                            static_cast<int>(rte_socket_id()), 0);
    ASSERT_NE(plain, nullptr);
    PoolGuard plain_guard{plain};
    expect_refusal(ring.a(), 0, plain, "not a pktmbuf pool");

    rte_mempool* no_room = rte_pktmbuf_pool_create("adopt_no_room", 63, 0, 0,
                                                   RTE_PKTMBUF_HEADROOM,
                                                   static_cast<int>(rte_socket_id()));
    ASSERT_NE(no_room, nullptr);
    PoolGuard no_room_guard{no_room};
    expect_refusal(ring.a(), 0, no_room, "no data room");
    EXPECT_EQ(rte_mempool_avail_count(ring.pool()), start);
}

}  // namespace
}  // namespace sluice::nic
