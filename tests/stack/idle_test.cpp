// IdleBackoff: busy never sleeps; adaptive spins, then backs off
// exponentially to a cap, resets on work, and never sleeps past a deadline,
// which it asks for only when a poll could sleep.
#include <sluice/stack/core/idle.hpp>

#include <gtest/gtest.h>

using namespace sluice::stack;
using namespace std::chrono_literals;

TEST(IdleBackoff, BusyNeverSleeps) {
    IdleBackoff b(IdleBackoff::Mode::busy, 1);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration::zero());
}

TEST(IdleBackoff, AdaptiveSpinsThenDoublesToCap) {
    IdleBackoff b(IdleBackoff::Mode::adaptive, 3, 10us, 40us);
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration::zero());
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration::zero());
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration(10us));
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration(20us));
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration(40us));
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration(40us));
    EXPECT_EQ(b.after_poll(1, Instant{}, std::nullopt), Duration::zero());
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration::zero());
}

TEST(IdleBackoff, NeverSleepsPastTheNextDeadline) {
    IdleBackoff b(IdleBackoff::Mode::adaptive, 1, 100us, 100us);
    const Instant now = Instant{} + 1ms;
    EXPECT_EQ(b.after_poll(0, now, now + 30us), Duration(30us));
    EXPECT_EQ(b.after_poll(0, now, now - 5us), Duration::zero());
}

// The deadline is asked for exactly when the poll could sleep: never when
// busy, never while spinning or after work.
TEST(IdleBackoff, DeadlineIsNeededOnlyWhenThePollCouldSleep) {
    IdleBackoff busy(IdleBackoff::Mode::busy, 1);
    EXPECT_FALSE(busy.needs_deadline(0));
    IdleBackoff b(IdleBackoff::Mode::adaptive, 3, 10us, 40us);
    EXPECT_FALSE(b.needs_deadline(0));
    (void)b.after_poll(0, Instant{}, std::nullopt);
    EXPECT_FALSE(b.needs_deadline(0));
    (void)b.after_poll(0, Instant{}, std::nullopt);
    EXPECT_TRUE(b.needs_deadline(0));  // the third idle poll sleeps
    EXPECT_FALSE(b.needs_deadline(1));
    EXPECT_EQ(b.after_poll(0, Instant{}, std::nullopt), Duration(10us));
}
