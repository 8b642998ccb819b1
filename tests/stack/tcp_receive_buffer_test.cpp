// TcpReceiveBuffer on real mbufs (RFC 9293 §3.10.7.4 text processing,
// RFC 2018 §4 SACK blocks): in-order and reversed arrival, random
// permutations with duplicates and overlapping retransmissions (byte-exact
// against the original stream), sequence-number wrap, peek, the charged
// window, trimming at the window edge, SACK block order, the OOO range cap,
// 1-byte floods, chained input, collapsing only into private direct mbufs
// and a seeded 100,000-segment model test.
//
// Invariant checked by every test: no mbuf leaks (the pool is full again
// after the buffer is destroyed), and mbuf_count() == 0 after clear().
#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/tcp/receive_buffer.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

using sluice::stack::kMaxOooRanges;
using sluice::stack::kMinMbufCharge;
using sluice::stack::SeqNum;
using sluice::stack::TcpReceiveBuffer;
using sluice::wire::TcpSackBlock;
using Bytes = std::vector<std::uint8_t>;

namespace {

std::uint8_t byte_at(std::uint64_t pos) {
    const std::uint64_t h = pos * 0x9E3779B97F4A7C15ull;
    return static_cast<std::uint8_t>(h >> 56 ^ pos);
}

Bytes stream(std::uint64_t from, std::size_t n) {
    Bytes v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = byte_at(from + i);
    return v;
}

class ReceiveBufferTest : public ::testing::Test {
public:
    void SetUp() override {
        static int serial = 0;
        const std::string name = "rcvbuf_pool" + std::to_string(serial++);
        pool_ = rte_pktmbuf_pool_create(name.c_str(), 8191, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
        ASSERT_NE(pool_, nullptr);
        pool_start_ = rte_mempool_avail_count(pool_);
    }
    void TearDown() override {
        EXPECT_EQ(rte_mempool_avail_count(pool_), pool_start_) << "mbufs leaked";
        rte_mempool_free(pool_);
    }

    /// A packet of `data` split over up to `segs` chained mbufs.
    rte_mbuf* packet(const Bytes& data, unsigned segs = 1) {
        const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(segs, data.size()));
        rte_mbuf* head = nullptr;
        for (std::size_t k = 0; k < parts; ++k) {
            const std::size_t a = data.size() * k / parts;
            const std::size_t b = data.size() * (k + 1) / parts;
            rte_mbuf* m = sluice::stack::packet_from_bytes(pool_, {data.data() + a, b - a});
            EXPECT_NE(m, nullptr);
            if (head == nullptr) {
                head = m;
            } else {
                EXPECT_EQ(rte_pktmbuf_chain(head, m), 0);
            }
        }
        return head;
    }
    /// Offers stream bytes [from, from + n) of a stream starting at `isn1`.
    TcpReceiveBuffer::InsertResult offer(TcpReceiveBuffer& b, SeqNum isn1, std::uint64_t from, std::size_t n,
                                         unsigned segs = 1) {
        return b.insert(isn1 + static_cast<std::uint32_t>(from), packet(stream(from, n), segs));
    }
    static Bytes read_all(TcpReceiveBuffer& b) {
        Bytes out(b.readable());
        EXPECT_EQ(b.read(out, false), out.size());
        return out;
    }

    rte_mempool* pool_ = nullptr;
    unsigned pool_start_ = 0;
};

constexpr SeqNum kIsn1{1000};

TEST_F(ReceiveBufferTest, InOrderSegmentsAdvanceAndReadBack) {
    TcpReceiveBuffer b(1 << 20);
    b.init(kIsn1);
    std::mt19937 rng(1);
    std::uint64_t pos = 0;
    for (int i = 0; i < 200; ++i) {
        const std::size_t n = 1 + rng() % 1460;
        const auto r = offer(b, kIsn1, pos, n);
        EXPECT_EQ(r.advanced, n);
        EXPECT_FALSE(r.out_of_order || r.duplicate || r.dropped);
        pos += n;
        EXPECT_EQ(b.next(), kIsn1 + static_cast<std::uint32_t>(pos));
    }
    EXPECT_EQ(b.readable(), pos);
    EXPECT_EQ(b.window(), (1u << 20) - b.charged_bytes());
    EXPECT_EQ(read_all(b), stream(0, pos));
    EXPECT_EQ(b.mbuf_count(), 0u);
    EXPECT_EQ(b.charged_bytes(), 0u);
    EXPECT_EQ(b.window(), 1u << 20);
}

TEST_F(ReceiveBufferTest, ReversedOrderReassemblesOnTheLastSegment) {
    TcpReceiveBuffer b(1 << 20);
    b.init(kIsn1);
    constexpr std::size_t kSeg = 1000, kCount = 50;
    for (std::size_t k = kCount; k-- > 1;) {
        const auto r = offer(b, kIsn1, k * kSeg, kSeg);
        EXPECT_TRUE(r.out_of_order);
        EXPECT_EQ(r.advanced, 0u);
    }
    EXPECT_EQ(b.out_of_order_ranges(), 1u);
    EXPECT_EQ(b.out_of_order_bytes(), (kCount - 1) * kSeg);
    EXPECT_EQ(b.readable(), 0u);
    const auto r = offer(b, kIsn1, 0, kSeg);
    EXPECT_EQ(r.advanced, kCount * kSeg);
    EXPECT_FALSE(r.out_of_order);
    EXPECT_EQ(b.out_of_order_bytes(), 0u);
    EXPECT_EQ(read_all(b), stream(0, kCount * kSeg));
}

/// Segments covering [0, total) with random boundaries, plus random
/// retransmissions of random ranges, shuffled; then a repair pass in order
/// (for anything refused at the range cap). The read stream must match.
void permutation_round(ReceiveBufferTest& t, TcpReceiveBuffer& b, SeqNum isn1, std::mt19937& rng,
                       std::size_t total) {
    struct Piece { std::uint64_t at; std::size_t len; unsigned segs; };
    std::vector<Piece> pieces;
    for (std::uint64_t at = 0; at < total;) {
        const std::size_t len = std::min<std::size_t>(1 + rng() % 1460, total - at);
        pieces.push_back({at, len, 1 + static_cast<unsigned>(rng() % 3)});
        at += len;
    }
    const std::size_t originals = pieces.size();
    for (std::size_t k = 0; k < originals; ++k) {
        const std::uint64_t at = rng() % total;
        pieces.push_back({at, std::min<std::size_t>(1 + rng() % 3000, total - at), 1 + static_cast<unsigned>(rng() % 4)});
    }
    std::shuffle(pieces.begin(), pieces.end(), rng);
    for (const Piece& p : pieces) {
        const std::size_t ranges = b.out_of_order_ranges();
        const auto r = b.insert(isn1 + static_cast<std::uint32_t>(p.at), t.packet(stream(p.at, p.len), p.segs));
        if (r.dropped) {
            EXPECT_EQ(ranges, kMaxOooRanges);
        }
        EXPECT_LE(b.out_of_order_ranges(), kMaxOooRanges);
    }
    for (std::uint64_t at = 0; at < total; at += 1000) {
        b.insert(isn1 + static_cast<std::uint32_t>(at), t.packet(stream(at, std::min<std::size_t>(1000, total - at))));
    }
}

TEST_F(ReceiveBufferTest, RandomPermutationsWithDuplicatesAndOverlaps) {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        std::mt19937 rng(seed);
        TcpReceiveBuffer b(4 << 20);
        const SeqNum isn1{static_cast<std::uint32_t>(rng())};
        b.init(isn1);
        const std::size_t total = 20000 + rng() % 60000;
        permutation_round(*this, b, isn1, rng, total);
        EXPECT_EQ(b.next(), isn1 + static_cast<std::uint32_t>(total)) << "seed " << seed;
        EXPECT_EQ(b.out_of_order_bytes(), 0u);
        ASSERT_EQ(read_all(b), stream(0, total)) << "seed " << seed;
        EXPECT_EQ(b.mbuf_count(), 0u);
    }
}

TEST_F(ReceiveBufferTest, SequenceNumbersWrap) {
    std::mt19937 rng(7);
    const SeqNum isn1{0xFFFFFFFFu - 20000};
    TcpReceiveBuffer b(4 << 20);
    b.init(isn1);
    permutation_round(*this, b, isn1, rng, 50000);
    EXPECT_EQ(b.next().raw(), 50000u - 20001u);
    EXPECT_EQ(read_all(b), stream(0, 50000));

    // OOO ranges on both sides of 2^32 stay sorted: [0xFFFFFFF0, 0xFFFFFFF8) and [8, 16).
    TcpReceiveBuffer w(1 << 16);
    const SeqNum start{0xFFFFFFE0u};
    w.init(start);
    EXPECT_TRUE(offer(w, start, 0x28, 8).out_of_order);  // seq 8
    EXPECT_TRUE(offer(w, start, 0x10, 8).out_of_order);  // seq 0xFFFFFFF0
    std::array<TcpSackBlock, 4> sacks{};
    ASSERT_EQ(w.sack_blocks(sacks), 2u);
    EXPECT_EQ(sacks[0], (TcpSackBlock{0xFFFFFFF0u, 0xFFFFFFF8u}));
    EXPECT_EQ(sacks[1], (TcpSackBlock{8u, 16u}));
    EXPECT_TRUE(offer(w, start, 0x18, 0x10).out_of_order);  // bridges across 0
    ASSERT_EQ(w.sack_blocks(sacks), 1u);
    EXPECT_EQ(sacks[0], (TcpSackBlock{0xFFFFFFF0u, 16u}));
    EXPECT_EQ(offer(w, start, 0, 0x10).advanced, 0x30u);
    EXPECT_EQ(w.next().raw(), 16u);
    EXPECT_EQ(read_all(w), stream(0, 0x30));
}

TEST_F(ReceiveBufferTest, PeekLeavesDataAndReadConsumes) {
    TcpReceiveBuffer b(1 << 16);
    b.init(kIsn1);
    offer(b, kIsn1, 0, 300);
    offer(b, kIsn1, 300, 1400, 3);
    Bytes out(1000);
    EXPECT_EQ(b.read(out, true), 1000u);
    EXPECT_EQ(out, stream(0, 1000));
    EXPECT_EQ(b.readable(), 1700u);
    EXPECT_EQ(b.read(out, true), 1000u);
    EXPECT_EQ(out, stream(0, 1000));
    EXPECT_EQ(b.read(out, false), 1000u);
    EXPECT_EQ(out, stream(0, 1000));
    EXPECT_EQ(b.readable(), 700u);
    EXPECT_EQ(b.read(out, true), 700u);
    EXPECT_TRUE(std::equal(out.begin(), out.begin() + 700, stream(1000, 700).begin()));
    EXPECT_EQ(b.read(std::span<std::uint8_t>(out.data(), 0), false), 0u);
    EXPECT_EQ(b.read(out, false), 700u);
    EXPECT_EQ(b.read(out, false), 0u);
    EXPECT_EQ(b.mbuf_count(), 0u);
}

TEST_F(ReceiveBufferTest, WindowShrinksAndRecoversAsTheApplicationReads) {
    constexpr std::size_t kLimit = 16000;
    TcpReceiveBuffer b(kLimit);
    b.init(kIsn1);
    EXPECT_EQ(b.window(), kLimit);
    std::uint64_t pos = 0;
    while (b.window() != 0) {
        const auto r = offer(b, kIsn1, pos, 1000);
        pos += r.advanced;
        EXPECT_EQ(b.window(), kLimit - std::min(kLimit, b.charged_bytes()));
    }
    EXPECT_EQ(pos, kLimit);  // full-sized segments are charged their bytes
    const auto refused = offer(b, kIsn1, pos, 100);
    EXPECT_TRUE(refused.dropped);
    Bytes out(5000);
    b.read(out, true);
    EXPECT_EQ(b.window(), 0u);  // peeking frees nothing
    b.read(out, false);
    EXPECT_EQ(b.window(), 5000u);
    b.read(out, false);
    b.read(out, false);
    b.read(out, false);
    EXPECT_EQ(b.window(), kLimit);

    // Tiny segments cost kMinMbufCharge each while they pin their own mbuf.
    TcpReceiveBuffer t(kLimit);
    t.init(kIsn1);
    offer(t, kIsn1, 10, 1);
    EXPECT_EQ(t.window(), kLimit - kMinMbufCharge);
    t.set_limit(100);
    EXPECT_EQ(t.window(), 0u);
    EXPECT_EQ(t.receive_space(), 100u);
    EXPECT_TRUE(offer(t, kIsn1, 100, 5).dropped);   // beyond the space
    EXPECT_TRUE(offer(t, kIsn1, 50, 5).dropped);    // OOO over the memory limit
    t.set_limit(kLimit);
    EXPECT_EQ(offer(t, kIsn1, 0, 5).advanced, 5u);  // byte 10 stays apart
    EXPECT_EQ(t.out_of_order_bytes(), 1u);
}

TEST_F(ReceiveBufferTest, BytesBeyondTheWindowAreTrimmed) {
    TcpReceiveBuffer b(4096);
    b.init(kIsn1);
    const auto r = offer(b, kIsn1, 0, 6000, 4);
    EXPECT_EQ(r.advanced, 4096u);
    EXPECT_FALSE(r.dropped);
    EXPECT_EQ(b.window(), 0u);
    EXPECT_EQ(read_all(b), stream(0, 4096));
    EXPECT_EQ(b.mbuf_count(), 0u);

    // OOO: a segment straddling the edge keeps its part inside; one wholly
    // beyond is refused; data before RCV.NXT is a duplicate.
    const SeqNum nxt = b.next();
    EXPECT_TRUE(offer(b, kIsn1, 4096 + 3000, 2000).out_of_order);
    EXPECT_EQ(b.out_of_order_bytes(), 1096u);
    EXPECT_EQ(b.window(), 4096u - 1096u);      // what to advertise now
    EXPECT_EQ(b.receive_space(), 4096u);       // what was advertised is not trimmed
    EXPECT_TRUE(offer(b, kIsn1, 4096 + 4096, 10).dropped);
    EXPECT_TRUE(offer(b, kIsn1, 0, 4096).duplicate);
    EXPECT_TRUE(offer(b, kIsn1, 4096 + 3500, 100).duplicate);
    std::array<TcpSackBlock, 4> sacks{};
    ASSERT_EQ(b.sack_blocks(sacks), 1u);
    EXPECT_EQ(sacks[0], (TcpSackBlock{(nxt + 3000).raw(), (nxt + 4096).raw()}));
    // The old and the new bytes join once the gap is filled from before RCV.NXT.
    EXPECT_EQ(offer(b, kIsn1, 4000, 3200).advanced, 4096u);
    EXPECT_EQ(read_all(b), stream(4096, 4096));
    // An empty payload reports nothing.
    const auto e = b.insert(b.next(), packet({}));
    EXPECT_FALSE(e.duplicate || e.dropped || e.out_of_order || e.advanced != 0);
}

TEST_F(ReceiveBufferTest, SackBlocksFollowRfc2018Section4) {
    TcpReceiveBuffer b(1 << 20);
    b.init(kIsn1);
    std::array<TcpSackBlock, 4> sacks{};
    auto block = [](std::uint64_t a, std::uint64_t z) {
        return TcpSackBlock{(kIsn1 + static_cast<std::uint32_t>(a)).raw(), (kIsn1 + static_cast<std::uint32_t>(z)).raw()};
    };
    EXPECT_EQ(b.sack_blocks(sacks), 0u);
    // RFC 2018 §4's example flavour: segments 2, 4, 6 (of 500 bytes) arrive.
    offer(b, kIsn1, 1000, 500);
    offer(b, kIsn1, 2000, 500);
    offer(b, kIsn1, 3000, 500);
    ASSERT_EQ(b.sack_blocks(sacks), 3u);
    EXPECT_EQ(sacks[0], block(3000, 3500));
    EXPECT_EQ(sacks[1], block(2000, 2500));
    EXPECT_EQ(sacks[2], block(1000, 1500));
    // A segment extending the oldest block moves that block first.
    offer(b, kIsn1, 1500, 200);
    ASSERT_EQ(b.sack_blocks(sacks), 3u);
    EXPECT_EQ(sacks[0], block(1000, 1700));
    EXPECT_EQ(sacks[1], block(3000, 3500));
    EXPECT_EQ(sacks[2], block(2000, 2500));
    // A duplicate inside a block also makes it the first (it triggered the ACK).
    EXPECT_TRUE(offer(b, kIsn1, 2100, 10).duplicate);
    EXPECT_EQ(sacks.size(), 4u);
    ASSERT_EQ(b.sack_blocks(sacks), 3u);
    EXPECT_EQ(sacks[0], block(2000, 2500));
    // Two more blocks: only the four most recent are reported, newest first.
    offer(b, kIsn1, 5000, 100);
    offer(b, kIsn1, 4000, 100);
    ASSERT_EQ(b.sack_blocks(sacks), 4u);
    EXPECT_EQ(sacks[0], block(4000, 4100));
    EXPECT_EQ(sacks[1], block(5000, 5100));
    EXPECT_EQ(sacks[2], block(2000, 2500));
    EXPECT_EQ(sacks[3], block(1000, 1700));
    std::array<TcpSackBlock, 2> two{};
    ASSERT_EQ(b.sack_blocks(two), 2u);
    EXPECT_EQ(two[0], block(4000, 4100));
    // Filling the first hole advances RCV.NXT and that block leaves the
    // list; the oldest block, not reported a moment ago, comes back last.
    EXPECT_EQ(offer(b, kIsn1, 0, 1000).advanced, 1700u);
    ASSERT_EQ(b.sack_blocks(sacks), 4u);
    EXPECT_EQ(sacks[0], block(4000, 4100));
    EXPECT_EQ(sacks[1], block(5000, 5100));
    EXPECT_EQ(sacks[2], block(2000, 2500));
    EXPECT_EQ(sacks[3], block(3000, 3500));
    // One segment bridging three blocks makes one block.
    offer(b, kIsn1, 2400, 1700);
    ASSERT_EQ(b.sack_blocks(sacks), 2u);
    EXPECT_EQ(sacks[0], block(2000, 4100));
    EXPECT_EQ(sacks[1], block(5000, 5100));
}

TEST_F(ReceiveBufferTest, HeldDataWinsOverRetransmittedBytes) {
    TcpReceiveBuffer b(1 << 16);
    b.init(kIsn1);
    b.insert(kIsn1 + 10, packet(Bytes(5, 'A')));
    b.insert(kIsn1 + 20, packet(Bytes(5, 'C')));
    const auto r = b.insert(kIsn1 + 5, packet(Bytes(30, 'B'), 3));
    EXPECT_TRUE(r.out_of_order);
    EXPECT_EQ(b.out_of_order_bytes(), 30u);
    EXPECT_EQ(b.insert(kIsn1, packet(Bytes(8, 'Z'))).advanced, 35u);
    const std::string got = [&] { const Bytes v = read_all(b); return std::string(v.begin(), v.end()); }();
    EXPECT_EQ(got, "ZZZZZBBBBBAAAAABBBBBCCCCCBBBBBBBBBB");
}

TEST_F(ReceiveBufferTest, OutOfOrderRangesAreCapped) {
    TcpReceiveBuffer b(1 << 20);
    b.init(kIsn1);
    for (std::size_t k = 0; k < kMaxOooRanges; ++k) EXPECT_TRUE(offer(b, kIsn1, 10 + 10 * k, 2).out_of_order);
    EXPECT_EQ(b.out_of_order_ranges(), kMaxOooRanges);
    const auto refused = offer(b, kIsn1, 5000, 2);
    EXPECT_TRUE(refused.dropped);
    EXPECT_FALSE(refused.out_of_order);
    // Extending or bridging existing ranges is still accepted.
    EXPECT_TRUE(offer(b, kIsn1, 12, 3).out_of_order);
    EXPECT_TRUE(offer(b, kIsn1, 21, 10).out_of_order);  // joins [20,22) and [30,32)
    EXPECT_EQ(b.out_of_order_ranges(), kMaxOooRanges - 1);
    EXPECT_TRUE(offer(b, kIsn1, 5000, 2).out_of_order);
    EXPECT_EQ(offer(b, kIsn1, 0, 10).advanced, 15u);
    EXPECT_EQ(b.out_of_order_ranges(), kMaxOooRanges - 1);
    EXPECT_LE(b.mbuf_count(), 2 * kMaxOooRanges);
}

TEST_F(ReceiveBufferTest, OneByteFloodInOrderCollapsesIntoFewMbufs) {
    constexpr std::size_t kLimit = 64 * 1024;
    TcpReceiveBuffer b(kLimit);
    b.init(kIsn1);
    std::uint64_t pos = 0;
    std::size_t dropped = 0;
    for (int i = 0; i < 100000; ++i) {
        const auto r = offer(b, kIsn1, pos, 1);
        pos += r.advanced;
        dropped += r.dropped;
        ASSERT_LE(b.mbuf_count(), kLimit / 1500 + 2);
    }
    EXPECT_EQ(pos, kLimit);
    EXPECT_EQ(dropped, 100000 - kLimit);
    EXPECT_EQ(read_all(b), stream(0, kLimit));
}

TEST_F(ReceiveBufferTest, OneByteFloodOutOfOrderIsBoundedByTheCharge) {
    constexpr std::size_t kLimit = 64 * 1024;
    TcpReceiveBuffer b(kLimit);
    b.init(kIsn1);
    // Descending adjacent bytes: each lands in front of the range (no
    // collapse), charged kMinMbufCharge, until the memory check refuses.
    std::size_t stored = 0;
    for (std::uint64_t at = 60000; at > 1; --at) {
        const auto r = offer(b, kIsn1, at, 1);
        stored += r.out_of_order;
        ASSERT_LE(b.mbuf_count(), kLimit / kMinMbufCharge + 1);
    }
    EXPECT_EQ(stored, kLimit / kMinMbufCharge);
    EXPECT_EQ(b.out_of_order_ranges(), 1u);
    EXPECT_EQ(b.window(), 0u);
    EXPECT_EQ(b.receive_space(), kLimit);  // nothing readable: the sequence space is all still offered
    // In-order data is still taken: the highest OOO bytes make room.
    const auto r = offer(b, kIsn1, 0, 1000);
    EXPECT_EQ(r.advanced, 1000u);
    EXPECT_EQ(r.reneged, kLimit / kMinMbufCharge);
    EXPECT_EQ(b.out_of_order_bytes(), 0u);
    // Ascending adjacent bytes collapse at the back of a range.
    TcpReceiveBuffer c(kLimit);
    c.init(kIsn1);
    for (std::uint64_t at = 1; at < 30000; ++at) offer(c, kIsn1, at, 1);
    EXPECT_EQ(c.out_of_order_bytes(), 29999u);
    EXPECT_LE(c.mbuf_count(), 30000u / 1500 + 2);
    EXPECT_EQ(offer(c, kIsn1, 0, 1).advanced, 30000u);
    EXPECT_EQ(read_all(c), stream(0, 30000));
    // Scattered bytes: the range cap, then refusals.
    TcpReceiveBuffer d(kLimit);
    d.init(kIsn1);
    for (std::uint64_t at = 1; at < 60000; at += 2) offer(d, kIsn1, at, 1);
    EXPECT_EQ(d.out_of_order_ranges(), kMaxOooRanges);
    EXPECT_EQ(d.mbuf_count(), kMaxOooRanges);
}

TEST_F(ReceiveBufferTest, ChainedInputIsTrimmedAndReadAcrossSegments) {
    TcpReceiveBuffer b(1 << 20);
    b.init(kIsn1);
    // 4 segments of 1000; the first 2500 bytes are old: two leading mbufs go.
    offer(b, kIsn1, 0, 2500);
    const unsigned before = b.mbuf_count();
    const auto r = offer(b, kIsn1, 0, 4000, 4);
    EXPECT_EQ(r.advanced, 1500u);
    EXPECT_EQ(b.mbuf_count(), before + 2);
    // Reading partway through a chain frees the segments read.
    Bytes out(2500 + 600);
    EXPECT_EQ(b.read(out, false), out.size());
    EXPECT_EQ(out, stream(0, 3100));
    EXPECT_EQ(b.mbuf_count(), 1u);
    // An OOO chain overlapping a held range on both sides references two gaps.
    offer(b, kIsn1, 5000, 1000);
    offer(b, kIsn1, 4200, 3000, 5);
    EXPECT_EQ(b.out_of_order_bytes(), 3000u);
    EXPECT_EQ(b.out_of_order_ranges(), 1u);
    EXPECT_EQ(offer(b, kIsn1, 4000, 300, 2).advanced, 3200u);
    EXPECT_EQ(read_all(b), stream(3100, 4100));
    EXPECT_EQ(b.mbuf_count(), 0u);
    // Whatever is left is freed by the destructor (checked in TearDown).
    offer(b, kIsn1, 9000, 500, 3);
    offer(b, kIsn1, 7200, 500, 3);
}

TEST_F(ReceiveBufferTest, OnlyPrivateDirectTailsAreCollapsedInto) {
    TcpReceiveBuffer b(1 << 16);
    b.init(kIsn1);
    rte_mbuf* shared = packet(stream(0, 100));
    rte_mbuf_refcnt_update(shared, 1);  // someone else (say a capture) holds it too
    b.insert(kIsn1, shared);
    offer(b, kIsn1, 100, 10);
    EXPECT_EQ(b.mbuf_count(), 2u);
    EXPECT_EQ(rte_pktmbuf_data_len(shared), 100u);  // not written into
    offer(b, kIsn1, 110, 10);
    EXPECT_EQ(b.mbuf_count(), 2u);  // collapsed into the private 100..110 mbuf
    // An indirect mbuf (a clone) is not written into either.
    rte_mbuf* original = packet(stream(120, 600));  // > kCollapseMaxBytes: stays whole
    rte_mbuf* clone = rte_pktmbuf_clone(original, pool_);
    ASSERT_NE(clone, nullptr);
    rte_pktmbuf_free(original);
    EXPECT_EQ(b.insert(kIsn1 + 120, clone).advanced, 600u);
    offer(b, kIsn1, 720, 5);
    EXPECT_EQ(b.mbuf_count(), 4u);
    EXPECT_EQ(read_all(b), stream(0, 725));
    rte_pktmbuf_free(shared);
}

// ---- model test ------------------------------------------------------------

/// A byte-level model of the buffer: RCV.NXT and OOO intervals as absolute
/// 64-bit stream offsets (no wrap), with the same trim / cap / memory /
/// merge rules. Charges are the buffer's (charged_bytes() before the offer).
struct Model {
    std::uint64_t nxt = 0;
    std::uint64_t read = 0;
    std::map<std::uint64_t, std::uint64_t> ooo;  // begin -> end

    struct Offer {
        std::uint64_t at, len;
        std::uint32_t space;     // receive_space() before
        std::size_t charged;     // charged_bytes() before
        std::size_t limit;
        std::uint32_t reneged;   // what the buffer reports (checked for plausibility)
    };

    std::uint64_t ooo_bytes() const {
        std::uint64_t n = 0;
        for (const auto& [a, z] : ooo) n += z - a;
        return n;
    }
    /// Drops the highest ranges holding exactly `bytes`; false if no such set.
    bool renege(std::uint64_t bytes) {
        while (bytes != 0 && !ooo.empty()) {
            const auto last = std::prev(ooo.end());
            if (last->second - last->first > bytes) return false;
            bytes -= last->second - last->first;
            ooo.erase(last);
        }
        return bytes == 0;
    }
    /// Expected result of an offer; applies it. `block`: the range holding it.
    TcpReceiveBuffer::InsertResult offer(const Offer& o, std::pair<std::uint64_t, std::uint64_t>& block) {
        TcpReceiveBuffer::InsertResult r;
        if (o.at + o.len <= nxt) { r.duplicate = true; return r; }
        const std::uint64_t lo = std::max(o.at, nxt);
        if (lo >= nxt + o.space) { r.dropped = true; return r; }
        const std::uint64_t hi = std::min(o.at + o.len, nxt + o.space);
        const bool in_order = lo == nxt;
        auto first = ooo.end(), last = ooo.end();
        std::uint64_t gap_bytes = 0, gaps = 0;
        auto survey = [&] {  // the ranges [lo, hi) touches and its gaps between them
            first = ooo.lower_bound(lo);
            if (first != ooo.begin() && std::prev(first)->second >= lo) --first;
            last = first;
            std::uint64_t cursor = lo;
            gap_bytes = gaps = 0;
            auto gap_to = [&](std::uint64_t to) {
                if (cursor >= to) return;
                ++gaps;
                gap_bytes += to - cursor;
            };
            while (last != ooo.end() && last->first <= hi) {
                gap_to(last->first);
                cursor = std::max(cursor, last->second);
                ++last;
            }
            gap_to(hi);
            return std::max<std::size_t>(gap_bytes, gaps * kMinMbufCharge);
        };
        const std::size_t charge = survey();
        if (in_order && o.reneged != 0) {
            EXPECT_GT(o.charged + charge, o.limit);
            EXPECT_TRUE(renege(o.reneged));
            r.reneged = o.reneged;
            survey();
        }
        if (gaps == 0) { r.duplicate = true; block = *first; return r; }
        const bool over_cap = first == last && ooo.size() >= kMaxOooRanges;
        if (!in_order && (over_cap || o.charged + charge > o.limit)) { r.dropped = true; return r; }
        std::uint64_t a = lo, z = hi;
        if (first != last) { a = std::min(a, first->first); z = std::max(z, std::prev(last)->second); }
        ooo.erase(first, last);
        r.out_of_order = !in_order;
        block = {a, z};
        if (a == nxt) { r.advanced = static_cast<std::uint32_t>(z - nxt); nxt = z; }
        else ooo[a] = z;
        return r;
    }
};

TEST_F(ReceiveBufferTest, SeededModelOf100000Segments) {
    std::mt19937_64 rng(0x5eed);
    constexpr std::size_t kLimit = 64 * 1024;
    const SeqNum isn1{0xFFFFFFFFu - 300'000};  // wraps during the run
    TcpReceiveBuffer b(kLimit);
    b.init(isn1);
    Model model;
    Bytes out(8000);
    std::uint64_t reneged = 0, dropped = 0;
    auto seq_of = [&](std::uint64_t abs) { return isn1 + static_cast<std::uint32_t>(abs); };
    for (int step = 0; step < 100000; ++step) {
        if (rng() % 100 < 15) {  // the application reads or peeks
            const std::size_t want = rng() % out.size();
            const bool peek = rng() % 4 == 0;
            const std::size_t got = b.read({out.data(), want}, peek);
            ASSERT_EQ(got, std::min<std::uint64_t>(want, model.nxt - model.read));
            for (std::size_t k = 0; k < got; ++k) ASSERT_EQ(out[k], byte_at(model.read + k)) << "step " << step;
            if (!peek) model.read += got;
        }
        const std::uint64_t roll = rng() % 10;
        const std::uint64_t len = 1 + rng() % (roll < 5 ? 1460 : roll < 8 ? 64 : 4);
        const std::int64_t rel = static_cast<std::int64_t>(rng() % (b.receive_space() + 6000)) - 3000;
        const std::uint64_t at = static_cast<std::uint64_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(model.nxt) + rel));
        const std::uint32_t space = b.receive_space();
        const std::size_t charged = b.charged_bytes();
        ASSERT_GE(space, b.window());
        const auto got = b.insert(seq_of(at), packet(stream(at, len), 1 + static_cast<unsigned>(rng() % 3)));
        std::pair<std::uint64_t, std::uint64_t> block{};
        const auto want = model.offer({at, len, space, charged, kLimit, got.reneged}, block);
        ASSERT_EQ(got.reneged, want.reneged) << "step " << step;
        reneged += got.reneged;
        dropped += got.dropped;
        ASSERT_EQ(got.advanced, want.advanced) << "step " << step;
        ASSERT_EQ(got.out_of_order, want.out_of_order) << "step " << step;
        ASSERT_EQ(got.duplicate, want.duplicate) << "step " << step;
        ASSERT_EQ(got.dropped, want.dropped) << "step " << step;
        ASSERT_EQ(b.next(), seq_of(model.nxt));
        ASSERT_EQ(b.readable(), model.nxt - model.read);
        ASSERT_EQ(b.out_of_order_bytes(), model.ooo_bytes());
        ASSERT_EQ(b.out_of_order_ranges(), model.ooo.size());
        ASSERT_LE(b.mbuf_count() * kMinMbufCharge, b.charged_bytes());
        ASSERT_LE(b.charged_bytes(), kLimit + (kMaxOooRanges + 1) * kMinMbufCharge * 3);
        std::array<TcpSackBlock, 4> sacks{};
        const std::size_t n = b.sack_blocks(sacks);
        ASSERT_EQ(n, std::min<std::size_t>(4, model.ooo.size()));
        if (want.out_of_order || (want.duplicate && block.second != 0)) {
            ASSERT_GE(n, 1u);
            ASSERT_EQ(sacks[0], (TcpSackBlock{seq_of(block.first).raw(), seq_of(block.second).raw()})) << "step " << step;
        }
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint64_t a = model.nxt + sluice::stack::seq_distance(b.next(), SeqNum{sacks[k].left});
            ASSERT_TRUE(model.ooo.contains(a));
            ASSERT_EQ(seq_of(model.ooo[a]).raw(), sacks[k].right);
        }
    }
    EXPECT_GT(model.nxt, 300'000u);  // the run crossed 2^32
    EXPECT_GT(reneged, 0u);
    EXPECT_GT(dropped, 0u);
    std::printf("model: %llu bytes, %llu reneged, %llu dropped\n", static_cast<unsigned long long>(model.nxt),
                static_cast<unsigned long long>(reneged), static_cast<unsigned long long>(dropped));
    b.clear();
    EXPECT_EQ(b.mbuf_count(), 0u);
    EXPECT_EQ(b.charged_bytes(), 0u);
}

}  // namespace
