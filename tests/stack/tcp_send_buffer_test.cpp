// TcpSendBuffer on real mbufs: byte-exact slice() and copy_out() at many
// (offset, len) pairs across data mbuf boundaries for buffers of 0..200,000
// bytes, the limit and space rules (shrinking included), slices outliving
// consume() and the buffer itself, pool exhaustion in append() (partial
// count, consistent state) and slice() (nullptr, nothing leaked), and
// 1,000,000 seeded random operations checked against a std::deque model.
//
// Invariant of every test: each pool it creates has all its mbufs back at
// TearDown (rte_mempool_avail_count), so no mbuf or reference leaked.
#include <sluice/stack/tcp/send_buffer.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

using sluice::stack::TcpSendBuffer;

namespace {

/// Byte number `position` of the test stream (position counted from the
/// first byte ever appended), so expected bytes need no stored copy. A
/// multiplicative hash: no short period that a misplaced range could match.
std::uint8_t stream_byte(std::uint64_t position) {
    return static_cast<std::uint8_t>(((position + 1) * 0x9e37'79b9'7f4a'7c15ULL) >> 56);
}

std::vector<std::uint8_t> stream_bytes(std::uint64_t first, std::size_t n) {
    std::vector<std::uint8_t> bytes(n);
    for (std::size_t i = 0; i < n; ++i) bytes[i] = stream_byte(first + i);
    return bytes;
}

/// The bytes a packet chain shows, after checking its shape: pkt_len and
/// nb_segs of the head agree with the segments, every segment is indirect
/// and non-empty.
std::vector<std::uint8_t> chain_bytes(const rte_mbuf* head) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(head->pkt_len);
    std::uint16_t segments = 0;
    for (const rte_mbuf* m = head; m != nullptr; m = m->next) {
        EXPECT_TRUE(RTE_MBUF_CLONED(m)) << "segment " << segments << " is not indirect";
        EXPECT_GT(m->data_len, 0) << "empty segment " << segments;
        const auto* data = rte_pktmbuf_mtod(m, const std::uint8_t*);
        bytes.insert(bytes.end(), data, data + m->data_len);
        ++segments;
    }
    EXPECT_EQ(head->nb_segs, segments);
    EXPECT_EQ(head->pkt_len, bytes.size());
    return bytes;
}

class TcpSendBufferTest : public ::testing::Test {
protected:
    static constexpr std::uint16_t kDataRoom = RTE_MBUF_DEFAULT_BUF_SIZE;  // bytes per data mbuf (data_off 0)

    void SetUp() override {
        data_pool_ = make_pool(1023, kDataRoom);
        indirect_pool_ = make_pool(1023, 0);
    }
    void TearDown() override {
        for (const CheckedPool& checked : pools_) {
            EXPECT_EQ(rte_mempool_avail_count(checked.pool), checked.start) << "mbufs leaked from " << checked.pool->name;
            rte_mempool_free(checked.pool);
        }
    }

    /// A pool (no per-lcore cache, so counts are exact) checked at TearDown.
    rte_mempool* make_pool(unsigned count, std::uint16_t data_room) {
        static int serial = 0;
        const std::string name = "sndbuf" + std::to_string(serial++);
        rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), count, 0, 0, data_room, SOCKET_ID_ANY);
        EXPECT_NE(pool, nullptr);
        if (pool != nullptr) pools_.push_back({pool, rte_mempool_avail_count(pool)});
        return pool;
    }

    /// Appends stream bytes [first, first + n) and returns what was taken.
    static std::size_t append_stream(TcpSendBuffer& buffer, std::uint64_t first, std::size_t n) {
        const std::vector<std::uint8_t> bytes = stream_bytes(first, n);
        return buffer.append(bytes);
    }

    /// Checks slice() and copy_out() of [offset, offset + len) against the
    /// stream, where offset 0 is stream byte `front`.
    void expect_range(const TcpSendBuffer& buffer, std::uint64_t front, std::size_t offset, std::size_t len,
                      std::size_t room) {
        SCOPED_TRACE("offset " + std::to_string(offset) + " len " + std::to_string(len));
        const std::vector<std::uint8_t> expected = stream_bytes(front + offset, len);
        std::vector<std::uint8_t> copied(len);
        buffer.copy_out(offset, len, copied.data());
        EXPECT_EQ(copied, expected);
        if (len == 0) return;
        rte_mbuf* chain = buffer.slice(offset, len, indirect_pool_);
        ASSERT_NE(chain, nullptr);
        EXPECT_EQ(chain_bytes(chain), expected);
        if (front == 0) {  // the data mbufs are full from offset 0: the segment count is known
            EXPECT_EQ(std::size_t{chain->nb_segs}, (offset + len - 1) / room - offset / room + 1);
        }
        rte_pktmbuf_free(chain);
    }

    struct CheckedPool {
        rte_mempool* pool;
        unsigned start;
    };
    std::vector<CheckedPool> pools_;
    rte_mempool* data_pool_ = nullptr;
    rte_mempool* indirect_pool_ = nullptr;
};

TEST_F(TcpSendBufferTest, StartsEmpty) {
    TcpSendBuffer buffer(data_pool_, 4096);
    EXPECT_TRUE(buffer.empty());
    EXPECT_EQ(buffer.size(), 0u);
    EXPECT_EQ(buffer.space(), 4096u);
    EXPECT_EQ(buffer.limit(), 4096u);
    EXPECT_EQ(buffer.mbuf_count(), 0u);
    EXPECT_EQ(buffer.append({}), 0u);
    buffer.consume(0);
    buffer.copy_out(0, 0, nullptr);
    EXPECT_EQ(buffer.mbuf_count(), 0u);
}

TEST_F(TcpSendBufferTest, EverySizeSlicesAndCopiesExactly) {
    const std::size_t room = kDataRoom;
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{100}, room - 1, room,
                                   room + 1, 2 * room, 3 * room + 17, std::size_t{65535}, std::size_t{65536},
                                   std::size_t{100000}, std::size_t{199999}, std::size_t{200000}}) {
        SCOPED_TRACE("size " + std::to_string(size));
        TcpSendBuffer buffer(data_pool_, 200000);
        ASSERT_EQ(append_stream(buffer, 0, size), size);
        EXPECT_EQ(buffer.size(), size);
        EXPECT_EQ(buffer.mbuf_count(), (size + room - 1) / room);
        expect_range(buffer, 0, 0, size, room);
        std::vector<std::pair<std::size_t, std::size_t>> ranges;
        for (std::size_t boundary = room; boundary < size; boundary += room) {
            for (const std::size_t before : {std::size_t{1}, std::size_t{2}, std::size_t{1460}}) {
                for (const std::size_t len : {std::size_t{1}, std::size_t{2}, std::size_t{1460}, room + 3}) {
                    if (before <= boundary && boundary - before + len <= size) ranges.emplace_back(boundary - before, len);
                }
            }
            if (boundary + 1460 <= size) ranges.emplace_back(boundary, 1460);
        }
        for (std::size_t offset = 0; offset < size; offset += size / 7 + 1) ranges.emplace_back(offset, size - offset);
        for (const auto& [offset, len] : ranges) expect_range(buffer, 0, offset, len, room);
        if (HasFailure()) return;
    }
}

TEST_F(TcpSendBufferTest, ConsumeKeepsTheRestExact) {
    TcpSendBuffer buffer(data_pool_, 200000);
    ASSERT_EQ(append_stream(buffer, 0, 200000), 200000u);
    std::uint64_t front = 0;
    for (const std::size_t step : {1u, 1459u, 2176u, 2175u, 1u, 4352u, 65536u, 1000u, 50000u}) {
        buffer.consume(step);
        front += step;
        const std::size_t size = 200000 - front;
        ASSERT_EQ(buffer.size(), size);
        expect_range(buffer, front, 0, size, kDataRoom);
        expect_range(buffer, front, 0, 1, kDataRoom);
        expect_range(buffer, front, size / 2, size - size / 2, kDataRoom);
        expect_range(buffer, front, size - 1, 1, kDataRoom);
    }
    buffer.consume(buffer.size());
    EXPECT_TRUE(buffer.empty());
    EXPECT_EQ(buffer.mbuf_count(), 0u);
    EXPECT_EQ(rte_mempool_avail_count(data_pool_), pools_[0].start) << "consume() must free every data mbuf";
}

TEST_F(TcpSendBufferTest, AppendFillsTheTailBeforeAllocating) {
    TcpSendBuffer buffer(data_pool_, 100000);
    ASSERT_EQ(append_stream(buffer, 0, 10), 10u);
    ASSERT_EQ(append_stream(buffer, 10, 10), 10u);
    EXPECT_EQ(buffer.mbuf_count(), 1u);
    ASSERT_EQ(append_stream(buffer, 20, kDataRoom - 20), kDataRoom - 20u);
    EXPECT_EQ(buffer.mbuf_count(), 1u);
    ASSERT_EQ(append_stream(buffer, kDataRoom, 1), 1u);
    EXPECT_EQ(buffer.mbuf_count(), 2u);
    buffer.consume(kDataRoom + 1);
    EXPECT_EQ(buffer.mbuf_count(), 0u);
    ASSERT_EQ(append_stream(buffer, kDataRoom + 1, 5), 5u);
    expect_range(buffer, kDataRoom + 1, 0, 5, kDataRoom);
}

TEST_F(TcpSendBufferTest, LimitAndSpace) {
    TcpSendBuffer buffer(data_pool_, 1000);
    EXPECT_EQ(append_stream(buffer, 0, 1500), 1000u);
    EXPECT_EQ(buffer.size(), 1000u);
    EXPECT_EQ(buffer.space(), 0u);
    EXPECT_EQ(append_stream(buffer, 1000, 1), 0u);
    buffer.consume(300);
    EXPECT_EQ(buffer.space(), 300u);
    buffer.set_limit(500);  // shrinks below size(): nothing is dropped
    EXPECT_EQ(buffer.limit(), 500u);
    EXPECT_EQ(buffer.size(), 700u);
    EXPECT_EQ(buffer.space(), 0u);
    EXPECT_EQ(append_stream(buffer, 1000, 10), 0u);
    expect_range(buffer, 300, 0, 700, kDataRoom);
    buffer.consume(250);
    EXPECT_EQ(buffer.space(), 50u);
    EXPECT_EQ(append_stream(buffer, 1000, 80), 50u);
    buffer.set_limit(0);
    EXPECT_EQ(buffer.space(), 0u);
    buffer.set_limit(10000);
    EXPECT_EQ(buffer.space(), 10000u - 500u);
    EXPECT_EQ(append_stream(buffer, 1050, 9500), 9500u);
    expect_range(buffer, 550, 0, 10000, kDataRoom);
}

TEST_F(TcpSendBufferTest, SliceOutlivesConsume) {
    TcpSendBuffer buffer(data_pool_, 20000);
    ASSERT_EQ(append_stream(buffer, 0, 10000), 10000u);
    rte_mbuf* chain = buffer.slice(1000, 5000, indirect_pool_);
    ASSERT_NE(chain, nullptr);
    buffer.consume(10000);
    EXPECT_EQ(buffer.mbuf_count(), 0u);
    EXPECT_LT(rte_mempool_avail_count(data_pool_), pools_[0].start) << "the slice keeps its buffers alive";
    ASSERT_EQ(append_stream(buffer, 10000, 10000), 10000u);  // may reuse freed mbufs: never the slice's
    EXPECT_EQ(chain_bytes(chain), stream_bytes(1000, 5000));
    expect_range(buffer, 10000, 0, 10000, kDataRoom);
    rte_pktmbuf_free(chain);
    buffer.consume(10000);
    EXPECT_EQ(rte_mempool_avail_count(data_pool_), pools_[0].start);
    EXPECT_EQ(rte_mempool_avail_count(indirect_pool_), pools_[1].start);
}

TEST_F(TcpSendBufferTest, SliceOutlivesTheBuffer) {
    rte_mbuf* chain = nullptr;
    {
        TcpSendBuffer buffer(data_pool_, 20000);
        ASSERT_EQ(append_stream(buffer, 0, 20000), 20000u);
        chain = buffer.slice(2175, 4000, indirect_pool_);
        ASSERT_NE(chain, nullptr);
    }
    EXPECT_LT(rte_mempool_avail_count(data_pool_), pools_[0].start);
    EXPECT_EQ(chain_bytes(chain), stream_bytes(2175, 4000));
    rte_pktmbuf_free(chain);
    EXPECT_EQ(rte_mempool_avail_count(data_pool_), pools_[0].start);
}

TEST_F(TcpSendBufferTest, SlicesKeepTheirViewWhileTheBufferChanges) {
    TcpSendBuffer buffer(data_pool_, 20000);
    ASSERT_EQ(append_stream(buffer, 0, 100), 100u);
    rte_mbuf* first = buffer.slice(0, 100, indirect_pool_);
    ASSERT_NE(first, nullptr);
    ASSERT_EQ(append_stream(buffer, 100, 100), 100u);  // into the tail the slice references
    EXPECT_EQ(buffer.mbuf_count(), 1u);
    buffer.consume(50);  // adjusts the front mbuf the slice references
    rte_mbuf* second = buffer.slice(10, 130, indirect_pool_);
    ASSERT_NE(second, nullptr);
    buffer.consume(100);
    EXPECT_EQ(chain_bytes(first), stream_bytes(0, 100));
    EXPECT_EQ(chain_bytes(second), stream_bytes(60, 130));
    expect_range(buffer, 150, 0, 50, kDataRoom);
    rte_pktmbuf_free(first);
    rte_pktmbuf_free(second);
}

TEST_F(TcpSendBufferTest, AppendStopsWhenThePoolRunsDry) {
    rte_mempool* tiny = make_pool(4, 256);
    ASSERT_NE(tiny, nullptr);
    TcpSendBuffer buffer(tiny, 100000);
    EXPECT_EQ(append_stream(buffer, 0, 2000), 1024u);  // 4 mbufs of 256 bytes
    EXPECT_EQ(buffer.size(), 1024u);
    EXPECT_EQ(buffer.mbuf_count(), 4u);
    EXPECT_EQ(append_stream(buffer, 1024, 10), 0u);
    expect_range(buffer, 0, 0, 1024, 256);
    expect_range(buffer, 0, 255, 2, 256);
    buffer.consume(300);  // frees one mbuf
    EXPECT_EQ(buffer.mbuf_count(), 3u);
    EXPECT_EQ(append_stream(buffer, 1024, 1000), 256u);
    EXPECT_EQ(buffer.size(), 980u);
    expect_range(buffer, 300, 0, 980, 256);
    expect_range(buffer, 300, 723, 2, 256);
}

TEST_F(TcpSendBufferTest, SliceFailsCleanlyWhenTheIndirectPoolRunsDry) {
    rte_mempool* tiny = make_pool(3, 0);
    ASSERT_NE(tiny, nullptr);
    TcpSendBuffer buffer(data_pool_, 100000);
    ASSERT_EQ(append_stream(buffer, 0, 5 * kDataRoom), 5u * kDataRoom);
    EXPECT_EQ(buffer.slice(1, 3 * kDataRoom, tiny), nullptr);  // needs 4 segments
    EXPECT_EQ(rte_mempool_avail_count(tiny), 3u);
    rte_mbuf* held = buffer.slice(kDataRoom - 1, kDataRoom + 2, tiny);  // 3 segments
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held->nb_segs, 3);
    EXPECT_EQ(buffer.slice(0, 1, tiny), nullptr);
    EXPECT_EQ(chain_bytes(held), stream_bytes(kDataRoom - 1, kDataRoom + 2));
    rte_pktmbuf_free(held);
    buffer.consume(5 * kDataRoom);
    EXPECT_EQ(rte_mempool_avail_count(data_pool_), pools_[0].start) << "a failed slice left a reference behind";
}

// The model: a std::deque of the bytes held. Small data mbufs (128 bytes)
// put boundaries everywhere; tight pools make append() and slice() run dry
// now and then; some slices are held across later operations.
class RandomOperations : public TcpSendBufferTest {
protected:
    static constexpr std::uint16_t kRoom = 128;

    struct HeldSlice {
        rte_mbuf* chain;
        std::vector<std::uint8_t> expected;
    };

    void SetUp() override {
        TcpSendBufferTest::SetUp();
        small_pool_ = make_pool(96, kRoom);
        small_indirect_ = make_pool(24, 0);
    }

    std::size_t pick(std::size_t bound) { return bound == 0 ? 0 : rng_() % (bound + 1); }

    /// Lengths mostly small, sometimes a segment or more.
    std::size_t pick_length(std::size_t bound) { return pick(std::min<std::size_t>(bound, rng_() % 32 == 0 ? 3000 : 128)); }

    void check_range(const TcpSendBuffer& buffer, std::size_t offset, std::size_t len) {
        std::vector<std::uint8_t> out(len);
        buffer.copy_out(offset, len, out.data());
        ASSERT_TRUE(std::equal(out.begin(), out.end(), model_.begin() + static_cast<std::ptrdiff_t>(offset)));
    }

    void slice_and_check(const TcpSendBuffer& buffer, std::size_t offset, std::size_t len) {
        const unsigned before = rte_mempool_avail_count(small_indirect_);
        rte_mbuf* chain = buffer.slice(offset, len, small_indirect_);
        if (chain == nullptr) {
            ASSERT_EQ(rte_mempool_avail_count(small_indirect_), before);
            ++failed_slices_;
            return;
        }
        std::vector<std::uint8_t> expected(model_.begin() + static_cast<std::ptrdiff_t>(offset),
                                           model_.begin() + static_cast<std::ptrdiff_t>(offset + len));
        ASSERT_EQ(chain_bytes(chain), expected);
        if (held_.size() < 6 && rng_() % 8 == 0) {
            held_.push_back({chain, std::move(expected)});
            ++held_slices_;
        } else {
            rte_pktmbuf_free(chain);
        }
    }

    void release_held() {
        const std::size_t which = rng_() % held_.size();
        ASSERT_EQ(chain_bytes(held_[which].chain), held_[which].expected);
        rte_pktmbuf_free(held_[which].chain);
        held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(which));
    }

    void append(TcpSendBuffer& buffer) {
        const std::size_t asked = pick_length(4000);
        std::vector<std::uint8_t> bytes(asked);
        for (std::size_t i = 0; i < asked; i += sizeof(std::uint64_t)) {  // random bytes, 8 per draw
            const std::uint64_t word = rng_();
            std::memcpy(bytes.data() + i, &word, std::min(sizeof word, asked - i));
        }
        const std::size_t taken = buffer.append(bytes);
        if (taken < std::min(asked, space_before_)) ++short_appends_;
        ASSERT_LE(taken, asked);
        ASSERT_LE(taken, space_before_);
        if (rte_mempool_avail_count(small_pool_) != 0) {  // only a dry pool may cut an append short
            ASSERT_EQ(taken, std::min(asked, space_before_));
        }
        model_.insert(model_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(taken));
    }

    void step(TcpSendBuffer& buffer) {
        const std::size_t size = model_.size();
        space_before_ = buffer.space();
        const unsigned op = static_cast<unsigned>(rng_() % 100);
        if (op < 30) {
            append(buffer);
        } else if (op < 55) {
            const std::size_t n = rng_() % 64 == 0 ? pick(size) : pick(std::min<std::size_t>(size, 150));
            buffer.consume(n);
            model_.erase(model_.begin(), model_.begin() + static_cast<std::ptrdiff_t>(n));
        } else if (op < 75 && size != 0) {
            const std::size_t offset = pick(size - 1);
            slice_and_check(buffer, offset, std::max<std::size_t>(1, pick_length(size - offset)));
        } else if (op < 93) {
            const std::size_t offset = pick(size);
            check_range(buffer, offset, pick_length(size - offset));
        } else if (op < 98) {
            if (!held_.empty()) release_held();
        } else {
            buffer.set_limit(pick(16000));  // the data pool holds 12,288 bytes
        }
    }

    /// Every data mbuf but the front (consumed into) and the tail (being
    /// filled) is full, which bounds mbuf_count() from both sides.
    bool state_matches(const TcpSendBuffer& buffer) const {
        const std::size_t size = model_.size();
        return buffer.size() == size && buffer.empty() == (size == 0) &&
               buffer.space() == (size >= buffer.limit() ? 0 : buffer.limit() - size) &&
               buffer.mbuf_count() <= (size + kRoom - 1) / kRoom + 1 && buffer.mbuf_count() * kRoom >= size;
    }

    void check_state(const TcpSendBuffer& buffer) {
        if (state_matches(buffer)) return;  // the fast path of a million calls; the details say what broke
        ASSERT_EQ(buffer.size(), model_.size());
        ASSERT_EQ(buffer.empty(), model_.empty());
        ASSERT_EQ(buffer.space(), buffer.size() >= buffer.limit() ? 0 : buffer.limit() - buffer.size());
        ASSERT_LE(buffer.mbuf_count(), (model_.size() + kRoom - 1) / kRoom + 1);
        ASSERT_GE(buffer.mbuf_count() * kRoom, model_.size());
        FAIL() << "state_matches() and the detailed checks disagree";
    }

    std::mt19937_64 rng_{0x5eed'5eb0'f00dULL};
    std::deque<std::uint8_t> model_;
    std::vector<HeldSlice> held_;
    std::size_t space_before_ = 0;
    int short_appends_ = 0;  ///< appends the data pool cut short
    int failed_slices_ = 0;  ///< slices the indirect pool refused
    int held_slices_ = 0;    ///< slices kept across later operations
    rte_mempool* small_pool_ = nullptr;
    rte_mempool* small_indirect_ = nullptr;
};

TEST_F(RandomOperations, MillionOperationsMatchTheModel) {
    {
        TcpSendBuffer buffer(small_pool_, 16000);
        for (int i = 0; i < 1'000'000; ++i) {
            ASSERT_NO_FATAL_FAILURE(step(buffer)) << "operation " << i;
            ASSERT_NO_FATAL_FAILURE(check_state(buffer)) << "operation " << i;
        }
        check_range(buffer, 0, model_.size());
    }
    // The seed reaches every path the test is for.
    EXPECT_GT(short_appends_, 100);
    EXPECT_GT(failed_slices_, 100);
    EXPECT_GT(held_slices_, 1000);
    while (!held_.empty()) release_held();  // after the buffer: the slices alone keep their bytes
}

}  // namespace
