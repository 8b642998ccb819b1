// ImpairingDevice tests under the test EAL, over real ring pairs and a fake
// clock: pass-through, loss (exact, statistical, deterministic per seed),
// duplication, single-bit corruption, reordering by delay in both directions,
// the hold cap, back-pressure from a busy inner device, no leaked mbufs, and
// the text parser's acceptances and refusals.
#include "frames.hpp"
#include "ring_fixture.hpp"

#include <sluice/nic/impair.hpp>

#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>

namespace sluice::nic {
namespace {

using namespace std::chrono_literals;
using test::OpenRingPair;

constexpr std::size_t kIdOffset = RTE_ETHER_HDR_LEN;  // frame number: 4 bytes here

/// A fake monotonic clock the tests move by hand.
struct FakeClock {
    std::uint64_t now = 0;
    ImpairingDevice::Clock function() {
        return [this] { return now; };
    }
};

rte_mbuf* numbered_frame(Port& from, Port& to, std::uint32_t id) {
    rte_mbuf* frame = test::make_frame(from.pool(), to.capabilities().mac,
                                       from.capabilities().mac, test::test_length(id), id);
    std::memcpy(rte_pktmbuf_mtod_offset(frame, std::uint8_t*, kIdOffset), &id, sizeof(id));
    return frame;
}

std::vector<rte_mbuf*> numbered_frames(Port& from, Port& to, std::uint32_t first,
                                       std::size_t count) {
    std::vector<rte_mbuf*> frames;
    for (std::size_t i = 0; i < count; ++i) {
        frames.push_back(numbered_frame(from, to, first + static_cast<std::uint32_t>(i)));
    }
    return frames;
}

std::uint32_t frame_id(const rte_mbuf* frame) {
    std::uint32_t id = 0;
    std::memcpy(&id, test::frame_bytes(frame).data() + kIdOffset, sizeof(id));
    return id;
}

std::vector<std::uint32_t> ids_and_free(std::vector<rte_mbuf*>& frames) {
    std::vector<std::uint32_t> ids;
    for (const rte_mbuf* frame : frames) ids.push_back(frame_id(frame));
    test::free_all(frames);
    return ids;
}

/// Polls `device` for 30 ms and returns whatever came.
std::vector<rte_mbuf*> poll_briefly(Device& device) {
    return test::receive(device, SIZE_MAX, 30ms);
}

ImpairConfig tx_config(double loss = 0) {
    ImpairConfig config;
    config.direction = ImpairDirection::tx;
    config.loss = loss;
    return config;
}

/// A Device that takes at most `budget` frames per tx_burst and keeps them,
/// with a chosen tx_pool() and every offload on.
class SinkDevice final : public Device {
public:
    SinkDevice(std::uint16_t budget, rte_mempool* pool) : budget_(budget), pool_(pool) {
        caps_.rx_ipv4_checksum = caps_.rx_l4_checksum = true;
        caps_.tx_ipv4_checksum = caps_.tx_udp_checksum = caps_.tx_tcp_checksum = true;
        caps_.tx_tso = caps_.tx_multi_segs = true;
    }
    ~SinkDevice() override { test::free_all(taken_); }

    std::uint16_t rx_burst(rte_mbuf**, std::uint16_t) override { return 0; }
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override {
        const auto n = std::min(count, budget_);
        taken_.insert(taken_.end(), frames, frames + n);
        return n;
    }
    const DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return pool_; }
    bool link_up() const override { return true; }

    std::vector<rte_mbuf*> taken_;

private:
    std::uint16_t budget_;
    rte_mempool* pool_;
    DeviceCapabilities caps_;
};

/// Sends `count` numbered frames through `tx` and returns the ids that reach
/// ring.b, in arrival order.
std::vector<std::uint32_t> send_numbered(OpenRingPair& ring, ImpairingDevice& tx,
                                         std::size_t count) {
    std::vector<std::uint32_t> arrived;
    for (std::size_t first = 0; first < count; first += 32) {
        std::vector<rte_mbuf*> frames =
            numbered_frames(*ring.a, *ring.b, static_cast<std::uint32_t>(first), 32);
        const std::uint64_t dropped = tx.tx_counters().dropped;
        EXPECT_EQ(test::send_all(tx, frames), frames.size());
        const std::size_t expected = 32 - (tx.tx_counters().dropped - dropped);
        std::vector<rte_mbuf*> received = test::receive(ring.b->queue(0), expected);
        EXPECT_EQ(received.size(), expected);
        for (std::uint32_t id : ids_and_free(received)) arrived.push_back(id);
    }
    return arrived;
}

class ImpairTest : public testing::Test {
protected:
    void SetUp() override { start_ = rte_mempool_avail_count(ring_.a->pool()); }
    void TearDown() override { EXPECT_EQ(rte_mempool_avail_count(ring_.a->pool()), start_); }

    OpenRingPair ring_{"imp"};
    FakeClock clock_;
    unsigned start_ = 0;
};

TEST_F(ImpairTest, ZeroLossPassesEverythingUnchanged) {
    ImpairingDevice tx(ring_.a->queue(0), ImpairConfig{}, clock_.function());
    ImpairingDevice rx(ring_.b->queue(0), ImpairConfig{}, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 100);
    std::vector<std::vector<std::uint8_t>> sent;
    for (rte_mbuf* frame : frames) sent.push_back(test::frame_bytes(frame));
    ASSERT_EQ(test::send_all(tx, frames), 100u);
    std::vector<rte_mbuf*> received = test::receive(rx, 100);
    ASSERT_EQ(received.size(), 100u);
    for (std::size_t i = 0; i < received.size(); ++i) {
        EXPECT_EQ(test::frame_bytes(received[i]), sent[i]) << i;
    }
    test::free_all(received);
    EXPECT_EQ(tx.tx_counters().frames, 100u);
    EXPECT_EQ(rx.rx_counters().frames, 100u);
    EXPECT_EQ(tx.tx_counters().dropped + tx.tx_counters().delayed + rx.rx_counters().dropped, 0u);
    EXPECT_EQ(tx.tx_pending() + rx.rx_pending(), 0u);
}

TEST_F(ImpairTest, FullLossDropsEverything) {
    ImpairingDevice tx(ring_.a->queue(0), tx_config(1.0), clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 100);
    EXPECT_EQ(test::send_all(tx, frames), 100u);  // dropped frames count as taken
    std::vector<rte_mbuf*> received = poll_briefly(ring_.b->queue(0));
    EXPECT_TRUE(received.empty());
    test::free_all(received);
    EXPECT_EQ(tx.tx_counters().frames, 100u);
    EXPECT_EQ(tx.tx_counters().dropped, 100u);
}

TEST_F(ImpairTest, TenPercentLossIsSaneAndDeterministicPerSeed) {
    constexpr std::size_t kFrames = 20'000;
    auto run = [&](std::uint64_t seed) {
        ImpairConfig config = tx_config(0.10);
        config.seed = seed;
        ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
        std::vector<std::uint32_t> arrived = send_numbered(ring_, tx, kFrames);
        EXPECT_EQ(tx.tx_counters().frames, kFrames);
        EXPECT_EQ(arrived.size() + tx.tx_counters().dropped, kFrames);
        EXPECT_TRUE(std::is_sorted(arrived.begin(), arrived.end()));
        return arrived;
    };
    const std::vector<std::uint32_t> first = run(42);
    const std::size_t lost = kFrames - first.size();
    // Binomial(20000, 0.1): mean 2000, sd 42.4; the band is about +-4.7 sd.
    EXPECT_GE(lost, 1800u);
    EXPECT_LE(lost, 2200u);
    EXPECT_EQ(run(42), first);
    EXPECT_NE(run(43), first);
}

TEST_F(ImpairTest, DuplicatesAreByteIdenticalAndFollowTheOriginal) {
    ImpairConfig config = tx_config();
    config.duplicate = 1.0;
    ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 50);
    std::vector<std::vector<std::uint8_t>> sent;
    for (rte_mbuf* frame : frames) sent.push_back(test::frame_bytes(frame));
    ASSERT_EQ(test::send_all(tx, frames), 50u);
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 100);
    ASSERT_EQ(received.size(), 100u);
    for (std::size_t i = 0; i < 50; ++i) {
        EXPECT_EQ(test::frame_bytes(received[2 * i]), sent[i]) << i;
        EXPECT_EQ(test::frame_bytes(received[2 * i + 1]), sent[i]) << i;
        EXPECT_NE(received[2 * i], received[2 * i + 1]);
    }
    test::free_all(received);
    EXPECT_EQ(tx.tx_counters().duplicated, 50u);
    EXPECT_EQ(tx.tx_counters().duplicate_failures, 0u);
}

TEST_F(ImpairTest, DuplicateWithoutMbufIsCountedAndTheOriginalGoesOn) {
    SinkDevice inner(64, nullptr);  // no pool to copy into
    ImpairConfig config = tx_config();
    config.duplicate = 1.0;
    ImpairingDevice tx(inner, config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 5);
    EXPECT_EQ(tx.tx_burst(frames.data(), 5), 5);
    EXPECT_EQ(inner.taken_.size(), 5u);
    EXPECT_EQ(tx.tx_counters().duplicate_failures, 5u);
    EXPECT_EQ(tx.tx_counters().duplicated, 0u);
}

TEST_F(ImpairTest, CorruptionFlipsExactlyOneBitAfterTheEthernetHeader) {
    ImpairConfig config = tx_config();
    config.corrupt = 1.0;
    config.seed = 7;
    ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 200);
    std::vector<std::vector<std::uint8_t>> sent;
    for (rte_mbuf* frame : frames) sent.push_back(test::frame_bytes(frame));
    ASSERT_EQ(test::send_all(tx, frames), 200u);
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 200);
    ASSERT_EQ(received.size(), 200u);
    std::size_t late_bytes = 0;
    for (std::size_t i = 0; i < received.size(); ++i) {
        const std::vector<std::uint8_t> bytes = test::frame_bytes(received[i]);
        ASSERT_EQ(bytes.size(), sent[i].size());
        int flipped = 0;
        for (std::size_t b = 0; b < bytes.size(); ++b) {
            const int bits = std::popcount(static_cast<unsigned>(bytes[b] ^ sent[i][b]));
            flipped += bits;
            EXPECT_TRUE(bits == 0 || b >= RTE_ETHER_HDR_LEN) << "frame " << i << " byte " << b;
            late_bytes += bits != 0 && b >= 64 ? 1 : 0;
        }
        EXPECT_EQ(flipped, 1) << "frame " << i;
    }
    EXPECT_GT(late_bytes, 0u);  // positions spread over the frame
    test::free_all(received);
    EXPECT_EQ(tx.tx_counters().corrupted, 200u);
}

TEST_F(ImpairTest, CorruptionHidesChecksumOffloadsOfItsDirection) {
    SinkDevice inner(64, nullptr);
    ImpairConfig config = tx_config();
    config.corrupt = 0.5;
    ImpairingDevice tx(inner, config, clock_.function());
    EXPECT_FALSE(tx.capabilities().tx_tcp_checksum || tx.capabilities().tx_udp_checksum ||
                 tx.capabilities().tx_ipv4_checksum || tx.capabilities().tx_tso);
    EXPECT_TRUE(tx.capabilities().rx_l4_checksum);
    config.direction = ImpairDirection::rx;
    ImpairingDevice rx(inner, config, clock_.function());
    EXPECT_TRUE(rx.capabilities().tx_tcp_checksum);
    EXPECT_FALSE(rx.capabilities().rx_l4_checksum || rx.capabilities().rx_ipv4_checksum);
    ImpairingDevice clean(inner, tx_config(0.5), clock_.function());
    EXPECT_TRUE(clean.capabilities().tx_tcp_checksum && clean.capabilities().rx_l4_checksum);
}

TEST_F(ImpairTest, TxReorderReleasesHeldFramesOnlyOnceDue) {
    ImpairConfig config = tx_config();
    config.reorder = 0.5;
    config.reorder_delay_min = 3ms;
    config.reorder_delay_max = 5ms;
    config.seed = 1;
    ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 100);
    ASSERT_EQ(test::send_all(tx, frames), 100u);
    const std::uint64_t held = tx.tx_counters().delayed;
    EXPECT_GT(held, 20u);
    EXPECT_LT(held, 80u);
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 100 - held);
    ASSERT_EQ(received.size(), 100 - held);
    EXPECT_TRUE(poll_briefly(ring_.b->queue(0)).empty());

    clock_.now = std::chrono::nanoseconds(3ms).count() - 1;
    EXPECT_EQ(tx.tx_burst(nullptr, 0), 0);
    EXPECT_TRUE(poll_briefly(ring_.b->queue(0)).empty());
    EXPECT_EQ(tx.tx_pending(), held);

    clock_.now = std::chrono::nanoseconds(5ms).count();
    EXPECT_EQ(tx.tx_burst(nullptr, 0), 0);
    std::vector<rte_mbuf*> late = test::receive(ring_.b->queue(0), held);
    EXPECT_EQ(late.size(), held);
    received.insert(received.end(), late.begin(), late.end());
    std::vector<std::uint32_t> ids = ids_and_free(received);
    EXPECT_FALSE(std::is_sorted(ids.begin(), ids.end()));
    std::sort(ids.begin(), ids.end());
    std::vector<std::uint32_t> all(100);
    std::iota(all.begin(), all.end(), 0u);
    EXPECT_EQ(ids, all);
    EXPECT_EQ(tx.tx_counters().released, held);
    EXPECT_EQ(tx.tx_pending(), 0u);
}

TEST_F(ImpairTest, RxPollingReleasesHeldTxFrames) {
    ImpairConfig config = tx_config();
    config.reorder = 1.0;
    config.reorder_delay_min = config.reorder_delay_max = 1ms;
    ImpairingDevice device(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 4);
    ASSERT_EQ(test::send_all(device, frames), 4u);
    rte_mbuf* burst[8];
    EXPECT_EQ(device.rx_burst(burst, 8), 0);
    EXPECT_TRUE(poll_briefly(ring_.b->queue(0)).empty());
    clock_.now = std::chrono::nanoseconds(1ms).count();
    EXPECT_EQ(device.rx_burst(burst, 8), 0);  // nothing received, TX released
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 4);
    EXPECT_EQ(ids_and_free(received), (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST_F(ImpairTest, HeldFramesGoOutBeforeLaterOnes) {
    ImpairConfig config = tx_config();
    config.reorder = 1.0;
    config.reorder_delay_min = config.reorder_delay_max = 1ms;
    ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> early = numbered_frames(*ring_.a, *ring_.b, 0, 3);
    ASSERT_EQ(test::send_all(tx, early), 3u);
    clock_.now = std::chrono::nanoseconds(1ms).count();
    std::vector<rte_mbuf*> later = numbered_frames(*ring_.a, *ring_.b, 3, 2);
    ASSERT_EQ(test::send_all(tx, later), 2u);  // held too, until 2 ms
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 3);
    EXPECT_EQ(ids_and_free(received), (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ(tx.tx_pending(), 2u);
}

TEST_F(ImpairTest, RxReorderHoldsReceivedFramesUntilDue) {
    ImpairConfig config;
    config.direction = ImpairDirection::rx;
    config.reorder = 1.0;
    config.reorder_delay_min = config.reorder_delay_max = 1ms;
    ImpairingDevice rx(ring_.b->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 40);
    ASSERT_EQ(test::send_all(ring_.a->queue(0), frames), 40u);
    EXPECT_TRUE(poll_briefly(rx).empty());
    EXPECT_EQ(rx.rx_pending(), 40u);
    clock_.now = std::chrono::nanoseconds(1ms).count();
    rte_mbuf* burst[16];
    EXPECT_EQ(rx.rx_burst(burst, 16), 16);  // a small burst: the rest stays ready
    std::vector<rte_mbuf*> received(burst, burst + 16);
    std::vector<rte_mbuf*> rest = test::receive(rx, 24);
    received.insert(received.end(), rest.begin(), rest.end());
    std::vector<std::uint32_t> expected(40);
    std::iota(expected.begin(), expected.end(), 0u);
    EXPECT_EQ(ids_and_free(received), expected);  // same due time: arrival order
    EXPECT_EQ(rx.rx_counters().released, 40u);
}

TEST_F(ImpairTest, HoldQueueIsCappedAndOverflowIsADrop) {
    EXPECT_EQ(ImpairConfig{}.hold_capacity, 4096u);
    ImpairConfig config = tx_config();
    config.reorder = 1.0;
    config.reorder_delay_min = config.reorder_delay_max = 1ms;
    config.hold_capacity = 10;
    ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 25);
    EXPECT_EQ(test::send_all(tx, frames), 25u);
    EXPECT_EQ(tx.tx_counters().delayed, 10u);
    EXPECT_EQ(tx.tx_counters().overflow_drops, 15u);
    EXPECT_EQ(tx.tx_pending(), 10u);
    clock_.now = std::chrono::nanoseconds(1ms).count();
    EXPECT_EQ(tx.tx_burst(nullptr, 0), 0);
    std::vector<rte_mbuf*> received = test::receive(ring_.b->queue(0), 10);
    EXPECT_EQ(ids_and_free(received), (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(ImpairTest, DestructorFreesHeldAndWaitingFrames) {
    ImpairConfig config;
    config.duplicate = 0.5;
    config.reorder = 0.5;
    config.reorder_delay_min = 1s;
    config.reorder_delay_max = 2s;
    {
        ImpairingDevice rx(ring_.b->queue(0), config, clock_.function());
        ImpairingDevice tx(ring_.a->queue(0), config, clock_.function());
        std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 200);
        EXPECT_EQ(test::send_all(tx, frames), 200u);
        rte_mbuf* burst[32];
        for (int i = 0; i < 3; ++i) {  // about half of what rx pulls is held
            const std::uint16_t n = rx.rx_burst(burst, 32);
            rte_pktmbuf_free_bulk(burst, n);
        }
        EXPECT_GT(tx.tx_pending(), 0u);
        EXPECT_GT(rx.rx_pending(), 0u);
        std::vector<rte_mbuf*> left = poll_briefly(ring_.b->queue(0));
        test::free_all(left);
    }
    // TearDown checks that the pool is whole again.
}

TEST_F(ImpairTest, BusyInnerDeviceKeepsOrderAndBackPressure) {
    SinkDevice inner(5, nullptr);
    ImpairingDevice tx(inner, tx_config(), clock_.function());
    std::vector<rte_mbuf*> frames = numbered_frames(*ring_.a, *ring_.b, 0, 32);
    EXPECT_EQ(tx.tx_burst(frames.data(), 32), 32);  // judged, so taken
    EXPECT_EQ(inner.taken_.size(), 5u);
    EXPECT_EQ(tx.tx_pending(), 27u);
    std::vector<rte_mbuf*> more = numbered_frames(*ring_.a, *ring_.b, 32, 4);
    EXPECT_EQ(tx.tx_burst(more.data(), 4), 0);  // still draining: takes nothing
    for (int i = 0; i < 5; ++i) tx.tx_burst(nullptr, 0);
    EXPECT_EQ(tx.tx_pending(), 0u);
    EXPECT_EQ(tx.tx_burst(more.data(), 4), 4);
    std::vector<std::uint32_t> ids;
    for (const rte_mbuf* frame : inner.taken_) ids.push_back(frame_id(frame));
    std::vector<std::uint32_t> expected(36);
    std::iota(expected.begin(), expected.end(), 0u);
    EXPECT_EQ(ids, expected);
}

TEST_F(ImpairTest, ConstructorRefusesAnInvalidConfig) {
    ImpairConfig config;
    config.loss = 1.5;
    EXPECT_THROW(ImpairingDevice(ring_.a->queue(0), config), std::invalid_argument);
    config.loss = 0;
    config.reorder_delay_min = 2ms;
    config.reorder_delay_max = 1ms;
    EXPECT_THROW(ImpairingDevice(ring_.a->queue(0), config), std::invalid_argument);
}

TEST(ImpairParse, AcceptsTheFullForm) {
    const ImpairConfig config =
        parse_impair_config("loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42,dir=both");
    EXPECT_DOUBLE_EQ(config.loss, 0.02);
    EXPECT_DOUBLE_EQ(config.duplicate, 0.01);
    EXPECT_DOUBLE_EQ(config.corrupt, 0.001);
    EXPECT_DOUBLE_EQ(config.reorder, 0.25);
    EXPECT_EQ(config.reorder_delay_min, 3ms);
    EXPECT_EQ(config.reorder_delay_max, 5ms);
    EXPECT_EQ(config.seed, 42u);
    EXPECT_EQ(config.direction, ImpairDirection::both);
    EXPECT_EQ(config.hold_capacity, 4096u);
}

TEST(ImpairParse, AcceptsFractionsSingleDelaysUnitsAndDefaults) {
    ImpairConfig config = parse_impair_config("loss=0.5,reorder=1:250us,dir=rx,limit=8");
    EXPECT_DOUBLE_EQ(config.loss, 0.5);
    EXPECT_DOUBLE_EQ(config.reorder, 1.0);
    EXPECT_EQ(config.reorder_delay_min, 250us);
    EXPECT_EQ(config.reorder_delay_max, 250us);
    EXPECT_EQ(config.direction, ImpairDirection::rx);
    EXPECT_EQ(config.hold_capacity, 8u);
    config = parse_impair_config("reorder=10%:1.5ms-2s,dir=tx");
    EXPECT_EQ(config.reorder_delay_min, 1500us);
    EXPECT_EQ(config.reorder_delay_max, 2s);
    EXPECT_EQ(config.direction, ImpairDirection::tx);
    config = parse_impair_config("reorder=10%");
    EXPECT_EQ(config.reorder_delay_max, 0ns);
    config = parse_impair_config("");
    EXPECT_EQ(config.loss + config.duplicate + config.corrupt + config.reorder, 0.0);
    EXPECT_EQ(parse_impair_config("reorder=1%:100ns").reorder_delay_min, 100ns);
}

std::string refusal(const std::string& text) {
    try {
        parse_impair_config(text);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "accepted";
}

TEST(ImpairParse, RefusesBadInputNamingTheField) {
    const std::pair<const char*, const char*> cases[] = {
        {"loss=2x%", "impair: loss:"},
        {"loss=150%", "impair: loss:"},
        {"loss=2", "impair: loss:"},
        {"dup=-1%", "impair: dup:"},
        {"corrupt=", "impair: corrupt:"},
        {"reorder=25%:3ms-1ms", "impair: reorder:"},
        {"reorder=25%:3", "impair: reorder:"},
        {"reorder=25%:3ms-", "impair: reorder:"},
        {"reorder=x:3ms", "impair: reorder:"},
        {"seed=abc", "impair: seed:"},
        {"seed=-1", "impair: seed:"},
        {"dir=up", "impair: dir:"},
        {"limit=0", "impair: limit:"},
        {"colour=red", "impair: colour:"},
        {"loss", "impair: loss:"},
        {"loss=1%,loss=2%", "impair: loss:"},
    };
    for (const auto& [text, prefix] : cases) {
        const std::string message = refusal(text);
        EXPECT_EQ(message.rfind(prefix, 0), 0u) << text << " -> " << message;
    }
}

}  // namespace
}  // namespace sluice::nic
