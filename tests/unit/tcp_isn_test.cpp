// RFC 6528 initial sequence numbers (tcp/isn.hpp): deterministic for a given
// key, tuple and time; keyed per tuple; advancing 250,000 per second.
#include "tcp_test_support.hpp"

#include <sluice/stack/tcp/isn.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <set>

namespace sluice::stack {
namespace {

using namespace std::chrono_literals;
using test::key_a;
using test::key_b;
using test::server_tuple;

const Instant t0 = instant_from_ns(1'234'567'890'123);

TEST(IsnClock, TicksEveryFourMicroseconds) {
    EXPECT_EQ(isn_clock(instant_from_ns(0)), 0u);
    EXPECT_EQ(isn_clock(instant_from_ns(3'999)), 0u);
    EXPECT_EQ(isn_clock(instant_from_ns(4'000)), 1u);
    EXPECT_EQ(isn_clock(Instant{1s}), 250'000u);
    EXPECT_EQ(isn_clock(instant_from_ns(-1)), 0xffffffffu);  // floored before the epoch too
    EXPECT_EQ(isn_clock(instant_from_ns(-4'000)), 0xffffffffu);
    EXPECT_EQ(isn_clock(instant_from_ns(-4'001)), 0xfffffffeu);
}

TEST(Isn, SameKeyTupleAndTimeGiveTheSameIsn) {
    const IsnGenerator a(key_a);
    const IsnGenerator again(key_a);
    EXPECT_EQ(a.isn(server_tuple(), t0), a.isn(server_tuple(), t0));
    EXPECT_EQ(a.isn(server_tuple(), t0), again.isn(server_tuple(), t0));
}

TEST(Isn, EachTupleFieldChangesTheIsn) {
    const IsnGenerator gen(key_a);
    std::set<std::uint32_t> seen{gen.isn(server_tuple(), t0).raw()};
    for (int field = 0; field < 4; ++field) seen.insert(gen.isn(test::nudged(server_tuple(), field), t0).raw());
    seen.insert(gen.isn(test::swapped(server_tuple()), t0).raw());  // the other direction is another tuple
    EXPECT_EQ(seen.size(), 6u);
}

TEST(Isn, ManyTuplesSpreadOverTheSpace) {
    const IsnGenerator gen(key_a);
    std::mt19937 rng(6528);
    std::set<std::uint32_t> seen;
    std::uint32_t any_set = 0;
    std::uint32_t all_set = ~0u;
    constexpr int n = 10'000;  // birthday: ~0.01 expected collisions in 2^32
    for (int i = 0; i < n; ++i) {
        const FourTuple t = test::random_tuple(rng);
        const std::uint32_t isn = gen.isn(t, t0).raw();
        seen.insert(isn);
        any_set |= isn;
        all_set &= isn;
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(any_set, ~0u);  // every bit takes both values
    EXPECT_EQ(all_set, 0u);
}

TEST(Isn, AdvancesWithTimeAt250000PerSecond) {
    const IsnGenerator gen(key_a);
    const FourTuple t = server_tuple();
    const Instant tick = instant_from_ns(std::int64_t{4'000} * 1'000'000);  // on a tick boundary
    EXPECT_EQ(gen.isn(t, tick + 4us), gen.isn(t, tick) + 1);
    EXPECT_EQ(gen.isn(t, tick + 3999ns), gen.isn(t, tick));
    EXPECT_EQ(gen.isn(t, tick + 1s), gen.isn(t, tick) + 250'000);
    EXPECT_EQ(gen.isn(t, tick + 1min), gen.isn(t, tick) + 60 * 250'000);
    EXPECT_EQ(seq_distance(gen.isn(t, t0), gen.isn(t, t0 + 1s)), 250'000u);
    // 2^32 ticks (~4.77 h) bring the same ISN back.
    EXPECT_EQ(gen.isn(t, tick + 4us * (std::int64_t{1} << 32)), gen.isn(t, tick));
}

TEST(Isn, LaterIncarnationsStartAhead) {
    const IsnGenerator gen(key_a);
    SeqNum previous = gen.isn(server_tuple(), t0);
    for (int i = 1; i <= 1000; ++i) {  // one connection every 7 s, for ~2 h (< 2^31 ticks)
        const SeqNum next = gen.isn(server_tuple(), t0 + i * 7s);
        ASSERT_TRUE(seq_gt(next, previous)) << i;
        previous = next;
    }
}

TEST(Isn, KeyChangesEverything) {
    const IsnGenerator a(key_a);
    const IsnGenerator b(key_b);
    std::mt19937 rng(1);
    for (int i = 0; i < 1000; ++i) {
        const FourTuple t = test::random_tuple(rng);
        ASSERT_NE(a.isn(t, t0), b.isn(t, t0));
    }
    // Nor is the difference a constant offset a peer could learn once.
    const FourTuple t1 = server_tuple();
    const FourTuple t2 = test::nudged(t1, 3);
    EXPECT_NE(seq_distance(a.isn(t1, t0), b.isn(t1, t0)), seq_distance(a.isn(t2, t0), b.isn(t2, t0)));
}

}  // namespace
}  // namespace sluice::stack
