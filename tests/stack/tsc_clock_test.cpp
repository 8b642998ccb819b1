// TscClock's fixed-point conversion against exact arithmetic.
#include <sluice/stack/core/tsc_clock.hpp>

#include <rte_cycles.h>

#include <gtest/gtest.h>

using namespace sluice::stack;

TEST(TscClock, ConvertsTicksToNanosecondsWithinOneNanosecondPerSecond) {
    for (const std::uint64_t hz : {1'000'000'000ull, 2'100'000'000ull, 2'994'373'000ull, 3'700'000'123ull}) {
        const TscClock clock(hz);
        const std::uint64_t base_tsc = rte_rdtsc();  // after construction: never before the clock's start
        const std::int64_t base = ns_since_epoch(clock.from_tsc(base_tsc));
        for (const std::uint64_t seconds : {1ull, 60ull, 3600ull, 86400ull * 365}) {
            const std::int64_t got = ns_since_epoch(clock.from_tsc(base_tsc + seconds * hz)) - base;
            const double want = static_cast<double>(seconds) * 1e9;
            EXPECT_NEAR(static_cast<double>(got), want, static_cast<double>(seconds) + 2.0)
                << hz << " Hz, " << seconds << " s";
        }
    }
}

TEST(TscClock, IsMonotonic) {
    const TscClock clock(2'000'000'000ull);
    Instant previous = clock.now();
    for (int i = 0; i < 1000; ++i) {
        const Instant t = clock.now();
        EXPECT_GE(t, previous);
        previous = t;
    }
}

TEST(TscClock, RejectsZeroFrequency) { EXPECT_THROW(TscClock(0), std::invalid_argument); }
