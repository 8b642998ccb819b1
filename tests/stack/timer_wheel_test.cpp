// TimerWheel on injected time: ordering, never-early firing, re-arming from
// callbacks, cancellation (incl. of a timer due in the same advance), long
// deadlines beyond one rotation, and destruction of armed timers.
#include <sluice/stack/core/timer_wheel.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

using namespace sluice::stack;
using namespace std::chrono_literals;

namespace {

Instant at_ms(std::int64_t ms) { return Instant{} + std::chrono::milliseconds(ms); }

}  // namespace

TEST(TimerWheel, FiresAtOrAfterDeadlineNeverBefore) {
    TimerWheel wheel(at_ms(0));
    int fired = 0;
    Timer t([&](Instant) { ++fired; });
    wheel.schedule(t, at_ms(10) + 300us);
    EXPECT_EQ(wheel.advance(at_ms(10)), 0u);
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(wheel.advance(at_ms(10) + 299us), 0u);
    EXPECT_EQ(wheel.advance(at_ms(10) + 300us), 1u);
    EXPECT_EQ(fired, 1);
    EXPECT_FALSE(t.armed());
    EXPECT_EQ(wheel.armed_count(), 0u);
}

TEST(TimerWheel, FiresInDeadlineOrderAcrossTicks) {
    TimerWheel wheel(at_ms(0));
    std::vector<int> order;
    Timer a([&](Instant) { order.push_back(1); });
    Timer b([&](Instant) { order.push_back(2); });
    Timer c([&](Instant) { order.push_back(3); });
    wheel.schedule(c, at_ms(30));
    wheel.schedule(a, at_ms(10));
    wheel.schedule(b, at_ms(20));
    EXPECT_EQ(wheel.advance(at_ms(100)), 3u);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(TimerWheel, RearmFromCallbackFiresOncePerAdvance) {
    TimerWheel wheel(at_ms(0));
    int fired = 0;
    Timer t;
    t.set_callback([&](Instant now) {
        ++fired;
        wheel.schedule(t, now);  // due again immediately: must wait for the next advance
    });
    wheel.schedule(t, at_ms(1));
    EXPECT_EQ(wheel.advance(at_ms(1)), 1u);
    EXPECT_EQ(fired, 1);
    EXPECT_TRUE(t.armed());
    EXPECT_EQ(wheel.advance(at_ms(2)), 1u);
    EXPECT_EQ(fired, 2);
}

TEST(TimerWheel, CallbackMayCancelAnotherDueTimer) {
    TimerWheel wheel(at_ms(0));
    int b_fired = 0;
    Timer b([&](Instant) { ++b_fired; });
    Timer a([&](Instant) { wheel.cancel(b); });
    wheel.schedule(a, at_ms(5));
    wheel.schedule(b, at_ms(5));
    wheel.advance(at_ms(5));
    // Whichever fires first, b never fires after being cancelled by a.
    EXPECT_LE(b_fired, 1);
    EXPECT_FALSE(b.armed());
    EXPECT_EQ(wheel.armed_count(), 0u);
}

TEST(TimerWheel, CallbackMayDestroyAnotherDueTimer) {
    TimerWheel wheel(at_ms(0));
    auto victim = std::make_unique<Timer>([](Instant) { FAIL() << "destroyed timer fired"; });
    Timer killer([&](Instant) { victim.reset(); });
    // Same slot; whichever the wheel finds first, no use-after-free (ASan).
    wheel.schedule(killer, at_ms(7));
    wheel.schedule(*victim, at_ms(7) + 500us);
    wheel.advance(at_ms(7) + 500us);
    EXPECT_EQ(victim, nullptr);
    EXPECT_EQ(wheel.armed_count(), 0u);
}

TEST(TimerWheel, DeadlinesBeyondOneRotation) {
    TimerWheel wheel(at_ms(0), 1ms, 16);
    int fired = 0;
    Timer t([&](Instant) { ++fired; });
    wheel.schedule(t, at_ms(100));  // 6+ rotations away
    for (int ms = 1; ms < 100; ++ms) wheel.advance(at_ms(ms));
    EXPECT_EQ(fired, 0);
    wheel.advance(at_ms(100));
    EXPECT_EQ(fired, 1);
}

TEST(TimerWheel, LargeJumpFiresEverythingDue) {
    TimerWheel wheel(at_ms(0), 1ms, 64);
    int fired = 0;
    std::vector<std::unique_ptr<Timer>> timers;
    for (int i = 1; i <= 500; ++i) {
        timers.push_back(std::make_unique<Timer>([&](Instant) { ++fired; }));
        wheel.schedule(*timers.back(), at_ms(i * 3));
    }
    EXPECT_EQ(wheel.advance(at_ms(750)), 250u);
    EXPECT_EQ(fired, 250);
    EXPECT_EQ(wheel.advance(at_ms(100000)), 250u);
    EXPECT_EQ(wheel.armed_count(), 0u);
}

TEST(TimerWheel, RescheduleMovesTheDeadline) {
    TimerWheel wheel(at_ms(0));
    int fired = 0;
    Timer t([&](Instant) { ++fired; });
    wheel.schedule(t, at_ms(5));
    wheel.schedule(t, at_ms(50));
    EXPECT_EQ(wheel.armed_count(), 1u);
    wheel.advance(at_ms(10));
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(wheel.next_deadline(), at_ms(50));
    wheel.advance(at_ms(50));
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(wheel.next_deadline(), std::nullopt);
}

TEST(TimerWheel, DestroyingArmedTimerUnlinksIt) {
    TimerWheel wheel(at_ms(0));
    {
        Timer t([](Instant) {});
        wheel.schedule(t, at_ms(3));
        EXPECT_EQ(wheel.armed_count(), 1u);
    }
    EXPECT_EQ(wheel.armed_count(), 0u);
    EXPECT_EQ(wheel.advance(at_ms(10)), 0u);
}

TEST(TimerWheel, PastDeadlineFiresOnNextAdvance) {
    TimerWheel wheel(at_ms(0));
    wheel.advance(at_ms(20));
    int fired = 0;
    Timer t([&](Instant) { ++fired; });
    wheel.schedule(t, at_ms(5));
    EXPECT_EQ(wheel.advance(at_ms(20)), 1u);
    EXPECT_EQ(fired, 1);
}

TEST(TimerWheel, RejectsBadGeometry) {
    EXPECT_THROW(TimerWheel(at_ms(0), Duration::zero(), 16), std::invalid_argument);
    EXPECT_THROW(TimerWheel(at_ms(0), 1ms, 1), std::invalid_argument);
}
