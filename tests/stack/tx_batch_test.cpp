// TxBatch against a device that takes a chosen number of frames per burst:
// refused frames stay, in order, and go first; device_full() says so while
// they wait; only past kCapacity, or at the front of a device that takes
// nothing for kStalledFlushLimit flushes, is a frame freed and counted;
// nothing leaks.
#include <sluice/nic/device.hpp>
#include <sluice/stack/net/tx_batch.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace sluice;
using stack::Drop;
using stack::TxBatch;

namespace {

/// Takes at most `budget` frames per tx_burst and keeps them, in order.
class BudgetDevice final : public nic::Device {
public:
    ~BudgetDevice() override {
        for (rte_mbuf* m : taken) rte_pktmbuf_free(m);
    }
    std::uint16_t rx_burst(rte_mbuf**, std::uint16_t) override { return 0; }
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override {
        const std::uint16_t n = std::min(count, budget);
        taken.insert(taken.end(), frames, frames + n);
        return n;
    }
    const nic::DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return nullptr; }
    bool link_up() const override { return true; }

    std::uint16_t budget = 0;
    std::vector<rte_mbuf*> taken;

private:
    nic::DeviceCapabilities caps_;
};

class TxBatchTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int serial = 0;
        pool_ = rte_pktmbuf_pool_create(("txb" + std::to_string(serial++)).c_str(), 4095, 0, 0,
                                        RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
        ASSERT_NE(pool_, nullptr);
    }
    void TearDown() override {
        EXPECT_EQ(rte_mempool_avail_count(pool_), 4095u) << "mbufs leaked";
        rte_mempool_free(pool_);
    }
    /// A frame whose first byte numbers it.
    rte_mbuf* frame(std::uint8_t n) {
        rte_mbuf* m = rte_pktmbuf_alloc(pool_);
        *static_cast<std::uint8_t*>(static_cast<void*>(rte_pktmbuf_append(m, 60))) = n;
        return m;
    }
    static std::uint8_t number(const rte_mbuf* m) { return *rte_pktmbuf_mtod(m, const std::uint8_t*); }

    rte_mempool* pool_ = nullptr;
    stack::StackCounters counters_;
};

TEST_F(TxBatchTest, RefusedFramesWaitAndGoFirstInOrder) {
    BudgetDevice device;
    {
        TxBatch batch(&device, counters_);
        device.budget = 3;
        for (std::uint8_t i = 0; i < 5; ++i) batch.push(frame(i));
        EXPECT_EQ(batch.flush(), 3u);
        EXPECT_TRUE(batch.device_full());
        EXPECT_EQ(batch.pending(), 2u);
        for (std::uint8_t i = 5; i < 7; ++i) batch.push(frame(i));
        device.budget = 100;
        EXPECT_EQ(batch.flush(), 4u);
        EXPECT_FALSE(batch.device_full());
        EXPECT_EQ(batch.pending(), 0u);
    }
    ASSERT_EQ(device.taken.size(), 7u);
    for (std::uint8_t i = 0; i < 7; ++i) EXPECT_EQ(number(device.taken[i]), i);
    EXPECT_EQ(counters_.events.tx_frames, 7u);
    EXPECT_EQ(counters_.events.tx_bytes, 7u * 60u);
    EXPECT_EQ(counters_.dropped(Drop::tx_queue_full), 0u);
}

TEST_F(TxBatchTest, AFullBurstFlushesEarly) {
    BudgetDevice device;
    device.budget = 1000;
    TxBatch batch(&device, counters_);
    for (std::uint8_t i = 0; i < TxBatch::kBurst; ++i) batch.push(frame(i));
    EXPECT_TRUE(device.taken.empty());
    batch.push(frame(0));
    EXPECT_EQ(device.taken.size(), TxBatch::kBurst);
    EXPECT_EQ(batch.pending(), 1u);
}

TEST_F(TxBatchTest, OnlyFramesPastTheCapacityAreFreedAndCounted) {
    BudgetDevice device;  // takes nothing: a ring that never drains
    {
        TxBatch batch(&device, counters_);
        for (unsigned i = 0; i < TxBatch::kCapacity + 5u; ++i) batch.push(frame(static_cast<std::uint8_t>(i)));
        EXPECT_EQ(batch.pending(), TxBatch::kCapacity);
        EXPECT_TRUE(batch.device_full());
        EXPECT_EQ(counters_.dropped(Drop::tx_queue_full), 5u);
    }
    // The batch's end frees what the device never took, and counts it.
    EXPECT_EQ(counters_.dropped(Drop::tx_queue_full), TxBatch::kCapacity + 5u);
    EXPECT_TRUE(device.taken.empty());
}

TEST_F(TxBatchTest, AFrameTheDeviceNeverTakesIsDroppedNotWedgingTheRest) {
    BudgetDevice device;  // refuses everything, as net_tap refuses a frame it cannot cut
    TxBatch batch(&device, counters_);
    batch.push(frame(0));
    batch.push(frame(1));
    for (std::uint32_t i = 1; i < TxBatch::kStalledFlushLimit; ++i) batch.flush();
    EXPECT_EQ(batch.pending(), 2u);
    EXPECT_EQ(counters_.dropped(Drop::tx_queue_full), 0u);
    batch.flush();  // the limit: the front frame goes
    EXPECT_EQ(batch.pending(), 1u);
    EXPECT_EQ(counters_.dropped(Drop::tx_queue_full), 1u);
    device.budget = 10;
    EXPECT_EQ(batch.flush(), 1u);
    ASSERT_EQ(device.taken.size(), 1u);
    EXPECT_EQ(number(device.taken[0]), 1u);
    EXPECT_FALSE(batch.device_full());
}

}  // namespace
