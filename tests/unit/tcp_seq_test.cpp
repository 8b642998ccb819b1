// Sequence-number arithmetic and segment acceptability (tcp/seq.hpp),
// RFC 9293 §3.4 and §3.10.7.4, checked against 64-bit reference models
// across the 2^31 and 2^32 wraps.
#include "tcp_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace sluice::stack {
namespace {

constexpr std::uint64_t two32 = 1ull << 32;
constexpr std::uint32_t half = 1u << 31;

// Reference: forward distance in 64-bit arithmetic; b is after a when it is
// 1..2^31 steps ahead (2^31 exactly is after in both directions).
std::uint64_t ref_distance(std::uint32_t from, std::uint32_t to) { return (std::uint64_t{to} + two32 - from) % two32; }
bool ref_lt(std::uint32_t a, std::uint32_t b) {
    const std::uint64_t d = ref_distance(a, b);
    return d >= 1 && d <= half;
}
// Reference window: unwrap x above start, then compare as plain integers.
bool ref_in_window(std::uint32_t x, std::uint32_t start, std::uint32_t size) {
    const std::uint64_t unwrapped = x >= start ? std::uint64_t{x} : std::uint64_t{x} + two32;
    return unwrapped < std::uint64_t{start} + size;
}

void expect_order_matches_reference(std::uint32_t a, std::uint32_t b) {
    const SeqNum sa{a};
    const SeqNum sb{b};
    ASSERT_EQ(seq_lt(sa, sb), ref_lt(a, b)) << a << " vs " << b;
    ASSERT_EQ(seq_gt(sa, sb), ref_lt(b, a) && a != b + half) << a << " vs " << b;
    ASSERT_EQ(seq_le(sa, sb), ref_lt(a, b) || a == b) << a << " vs " << b;
    ASSERT_EQ(seq_ge(sa, sb), !ref_lt(a, b)) << a << " vs " << b;
    ASSERT_EQ(seq_distance(sa, sb), ref_distance(a, b));
}

// Base values striding the whole circle, plus the ones next to the wraps.
std::vector<std::uint32_t> bases() {
    std::vector<std::uint32_t> v{0, 1, half - 1, half, half + 1, 0xffffffffu, 0xfffffffeu};
    for (std::uint64_t b = 12345; b < two32; b += 65521) v.push_back(static_cast<std::uint32_t>(b));
    return v;
}

std::vector<std::uint32_t> offsets() {
    std::vector<std::uint32_t> v{0, 1, 2, 3, 1000, 65535, 65536, 1u << 30, half - 2, half - 1, half,
                                 half + 1, half + 2, 0xfffffffeu, 0xffffffffu};
    for (std::uint32_t shift = 0; shift < 32; ++shift) v.push_back(1u << shift);
    return v;
}

TEST(SeqNum, ArithmeticWrapsMod2To32) {
    EXPECT_EQ(SeqNum{0xffffffffu} + 1, SeqNum{0});
    EXPECT_EQ(SeqNum{0} - 1, SeqNum{0xffffffffu});
    EXPECT_EQ(SeqNum{0xfffffff0u} + 0x20, SeqNum{0x10});
    SeqNum s{half - 1};
    s += 2;
    EXPECT_EQ(s, SeqNum{half + 1});
    s -= 3;
    EXPECT_EQ(s, SeqNum{half - 2});
    EXPECT_EQ(seq_distance(SeqNum{0xfffffff0u}, SeqNum{0x10}), 0x20u);
    EXPECT_EQ(seq_distance(SeqNum{0x10}, SeqNum{0xfffffff0u}), 0xffffffe0u);
    EXPECT_EQ(seq_diff(SeqNum{0x10}, SeqNum{0xfffffff0u}), 0x20);
    EXPECT_EQ(seq_diff(SeqNum{0xfffffff0u}, SeqNum{0x10}), -0x20);
}

TEST(SeqNum, ComparisonsAcrossTheWraps) {
    EXPECT_TRUE(seq_lt(SeqNum{0xffffffffu}, SeqNum{0}));
    EXPECT_TRUE(seq_gt(SeqNum{0}, SeqNum{0xffffffffu}));
    EXPECT_TRUE(seq_lt(SeqNum{half - 1}, SeqNum{half}));
    EXPECT_TRUE(seq_lt(SeqNum{0}, SeqNum{half - 1}));
    EXPECT_TRUE(seq_gt(SeqNum{0}, SeqNum{half + 1}));  // half+1 is 2^31-1 behind 0
    EXPECT_TRUE(seq_le(SeqNum{7}, SeqNum{7}));
    EXPECT_TRUE(seq_ge(SeqNum{7}, SeqNum{7}));
    EXPECT_FALSE(seq_lt(SeqNum{7}, SeqNum{7}));
    EXPECT_FALSE(seq_gt(SeqNum{7}, SeqNum{7}));
    EXPECT_EQ(seq_max(SeqNum{0xffffff00u}, SeqNum{0x100}), SeqNum{0x100});
    EXPECT_EQ(seq_min(SeqNum{0xffffff00u}, SeqNum{0x100}), SeqNum{0xffffff00u});
}

// Documented limit: numbers exactly 2^31 apart are each "before" the other.
TEST(SeqNum, ExactlyHalfTheCircleApartIsBeforeBothWays) {
    for (std::uint32_t a : {0u, 1u, half, 0xffffffffu, 0x12345678u}) {
        EXPECT_TRUE(seq_lt(SeqNum{a}, SeqNum{a + half}));
        EXPECT_TRUE(seq_lt(SeqNum{a + half}, SeqNum{a}));
        EXPECT_EQ(seq_diff(SeqNum{a}, SeqNum{a + half}), INT32_MIN);
    }
}

TEST(SeqNum, SweepOfBasesAndOffsetsMatchesReference) {
    for (std::uint32_t a : bases()) {
        for (std::uint32_t d : offsets()) {
            expect_order_matches_reference(a, a + d);
            expect_order_matches_reference(a + d, a);
            if (d != 0 && d < half) {
                ASSERT_TRUE(seq_lt(SeqNum{a}, SeqNum{a} + d));
                ASSERT_EQ(seq_diff(SeqNum{a} + d, SeqNum{a}), static_cast<std::int32_t>(d));
            }
        }
    }
}

TEST(SeqNum, RandomPairsMatchReference) {
    std::mt19937 rng(9293);
    for (int i = 0; i < 1'000'000; ++i) expect_order_matches_reference(test::u32(rng), test::u32(rng));
}

TEST(SeqNum, ComparisonsAreConstexpr) {
    static_assert(seq_lt(SeqNum{0xffffffffu}, SeqNum{0}));
    static_assert(segment_acceptable(SeqNum{5}, 0, SeqNum{5}, 0));
    SUCCEED();
}

TEST(InWindow, EdgesOfTheWindow) {
    const SeqNum start{0xfffffff0u};  // the window [start, start + 0x20) straddles 2^32
    EXPECT_FALSE(in_window(start - 1, start, 0x20));
    EXPECT_TRUE(in_window(start, start, 0x20));
    EXPECT_TRUE(in_window(SeqNum{0}, start, 0x20));
    EXPECT_TRUE(in_window(start + 0x1f, start, 0x20));
    EXPECT_FALSE(in_window(start + 0x20, start, 0x20));
    EXPECT_FALSE(in_window(start, start, 0));  // an empty window holds nothing
    EXPECT_TRUE(in_window(start, start, 1));
    EXPECT_FALSE(in_window(start + 1, start, 1));
    // Windows of 2^31 and more (beyond TCP's 2^30) stay exact.
    EXPECT_TRUE(in_window(start + half, start, half + 1));
    EXPECT_FALSE(in_window(start + half, start, half));
    EXPECT_TRUE(in_window(start - 2, start, 0xffffffffu));
    EXPECT_FALSE(in_window(start - 1, start, 0xffffffffu));
}

TEST(InWindow, SweepMatchesReference) {
    const std::vector<std::uint32_t> sizes{0, 1, 2, 536, 65535, 1u << 30, half - 1, half, half + 1, 0xffffffffu};
    std::mt19937 rng(3);
    for (std::uint32_t start : bases()) {
        for (std::uint32_t size : sizes) {
            for (std::uint32_t x : {start - 1, start, start + 1, start + size - 1, start + size, start + size + 1,
                                    start + half, test::u32(rng)}) {
                ASSERT_EQ(in_window(SeqNum{x}, SeqNum{start}, size), ref_in_window(x, start, size))
                    << "x " << x << " start " << start << " size " << size;
            }
        }
    }
}

// RFC 9293 §3.10.7.4's table, row by row.
TEST(SegmentAcceptable, ZeroLengthZeroWindowNeedsSeqEqualRcvNxt) {
    const SeqNum nxt{1000};
    EXPECT_TRUE(segment_acceptable(nxt, 0, nxt, 0));
    EXPECT_FALSE(segment_acceptable(nxt + 1, 0, nxt, 0));
    EXPECT_FALSE(segment_acceptable(nxt - 1, 0, nxt, 0));
}

TEST(SegmentAcceptable, ZeroLengthOpenWindowNeedsSeqInWindow) {
    const SeqNum nxt{0xffffff00u};
    EXPECT_FALSE(segment_acceptable(nxt - 1, 0, nxt, 0x200));
    EXPECT_TRUE(segment_acceptable(nxt, 0, nxt, 0x200));
    EXPECT_TRUE(segment_acceptable(SeqNum{0}, 0, nxt, 0x200));  // past the 2^32 wrap, still inside
    EXPECT_TRUE(segment_acceptable(nxt + 0x1ff, 0, nxt, 0x200));
    EXPECT_FALSE(segment_acceptable(nxt + 0x200, 0, nxt, 0x200));
}

TEST(SegmentAcceptable, DataIntoAZeroWindowIsNeverAcceptable) {
    const SeqNum nxt{half - 1};
    EXPECT_FALSE(segment_acceptable(nxt, 1, nxt, 0));
    EXPECT_FALSE(segment_acceptable(nxt, 1000, nxt, 0));
    EXPECT_FALSE(segment_acceptable(nxt - 10, 100, nxt, 0));
}

TEST(SegmentAcceptable, DataNeedsItsFirstOrLastOctetInWindow) {
    const SeqNum nxt{half - 4};  // window [2^31 - 4, 2^31 + 4) straddles the 2^31 boundary
    const std::uint32_t wnd = 8;
    EXPECT_TRUE(segment_acceptable(nxt, 1, nxt, wnd));             // first octet at RCV.NXT
    EXPECT_TRUE(segment_acceptable(nxt + 7, 100, nxt, wnd));       // first octet is the window's last
    EXPECT_FALSE(segment_acceptable(nxt + 8, 1, nxt, wnd));        // starts just past the window
    EXPECT_TRUE(segment_acceptable(nxt - 10, 11, nxt, wnd));       // old data whose last octet is RCV.NXT
    EXPECT_FALSE(segment_acceptable(nxt - 10, 10, nxt, wnd));      // entirely old
    EXPECT_TRUE(segment_acceptable(nxt - 10, 18, nxt, wnd));       // last octet is the window's last
    // Covering the whole window from before to after: neither end is inside,
    // so RFC 9293's test refuses it (Linux's overlap test would take it); a
    // sender that respects our window never sends one.
    EXPECT_FALSE(segment_acceptable(nxt - 1, wnd + 2, nxt, wnd));
}

TEST(SegmentAcceptable, SynAndFinCountInTheLength) {
    const SeqNum nxt{0xffffffffu};
    EXPECT_TRUE(segment_acceptable(nxt - 1, 2, nxt, 1));   // e.g. one data octet + FIN, FIN at RCV.NXT
    EXPECT_FALSE(segment_acceptable(nxt - 1, 1, nxt, 1));  // a bare old FIN
}

// The RFC's text taken literally, with modular comparisons (valid for
// windows below 2^31, which TCP's are).
bool rfc_acceptable(SeqNum seq, std::uint32_t len, SeqNum nxt, std::uint32_t wnd) {
    const auto inside = [&](SeqNum s) { return seq_le(nxt, s) && seq_lt(s, nxt + wnd); };
    if (len == 0) return wnd == 0 ? seq == nxt : inside(seq);
    if (wnd == 0) return false;
    return inside(seq) || inside(seq + len - 1);
}

TEST(SegmentAcceptable, SweepMatchesTheRfcText) {
    const std::vector<std::uint32_t> windows{0, 1, 2, 1460, 65535, 1u << 20, 1u << 30};
    const std::vector<std::uint32_t> lengths{0, 1, 2, 536, 1460, 65536};
    std::mt19937 rng(4);
    for (std::uint32_t nxt : bases()) {
        for (std::uint32_t wnd : windows) {
            for (std::uint32_t len : lengths) {
                for (std::uint32_t seq : {nxt - len - 1, nxt - len, nxt - 1, nxt, nxt + 1, nxt + wnd - 1,
                                          nxt + wnd, nxt + half - 1, test::u32(rng)}) {
                    ASSERT_EQ(segment_acceptable(SeqNum{seq}, len, SeqNum{nxt}, wnd),
                              rfc_acceptable(SeqNum{seq}, len, SeqNum{nxt}, wnd))
                        << "seq " << seq << " len " << len << " nxt " << nxt << " wnd " << wnd;
                }
            }
        }
    }
}

}  // namespace
}  // namespace sluice::stack
