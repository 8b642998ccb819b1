// SYN cookies (tcp/syn_cookie.hpp), RFC 4987 §3.6: round trips for every MSS
// table entry and TSval option, refusal of wrong tuples, secrets, client ISNs,
// stale or future counters and forged ACKs, and the two-period boundary.
#include "tcp_test_support.hpp"

#include <sluice/stack/tcp/syn_cookie.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace sluice::stack {
namespace {

using namespace std::chrono_literals;
using test::key_a;
using test::key_b;
using test::server_tuple;

// The start of counter period 1000 (well past the epoch, not at a byte wrap).
const Instant period_start = Instant{1000 * syn_cookie_period};
const Instant t0 = period_start + 17s;
const SeqNum client_isn{0x8badf00du};

// What the ACK completing the handshake carries: SEQ = client ISN + 1, ACK = cookie + 1.
std::optional<std::uint16_t> ack_back(const SynCookies& c, const FourTuple& t, SeqNum isn, SeqNum cookie,
                                      Instant now) {
    return c.validate(t, isn + 1, cookie + 1, now);
}

TEST(SynCookie, CounterIs64SecondPeriods) {
    EXPECT_EQ(syn_cookie_counter(instant_from_ns(0)), 0u);
    EXPECT_EQ(syn_cookie_counter(Instant{64s} - 1ns), 0u);
    EXPECT_EQ(syn_cookie_counter(Instant{64s}), 1u);
    EXPECT_EQ(syn_cookie_counter(period_start), 1000u);
    EXPECT_EQ(syn_cookie_counter(instant_from_ns(-1)), 0xffffffffu);
}

TEST(SynCookie, MssRoundsDownToTheTable) {
    EXPECT_EQ(syn_cookie_mss_table, (std::array<std::uint16_t, 4>{536, 1300, 1440, 1460}));
    const std::pair<std::uint16_t, std::uint32_t> cases[] = {
        {0, 0},    {100, 0},  {535, 0},  {536, 0},  {1299, 0},  {1300, 1},     {1439, 1},
        {1440, 2}, {1459, 2}, {1460, 3}, {1461, 3}, {8960, 3}, {65495, 3}, {65535, 3}};
    for (auto [mss, index] : cases) EXPECT_EQ(syn_cookie_mss_index(mss), index) << "mss " << mss;
}

TEST(SynCookie, RoundTripForEveryTableEntry) {
    const SynCookies c(key_a);
    for (std::uint16_t mss : syn_cookie_mss_table) {
        const SeqNum cookie = c.encode(server_tuple(), client_isn, mss, t0);
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, t0), mss);
        // A peer MSS between entries comes back as the entry below it.
        const SeqNum above = c.encode(server_tuple(), client_isn, static_cast<std::uint16_t>(mss + 9), t0);
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn, above, t0), mss);
    }
}

TEST(SynCookie, RoundTripAcrossClientIsnsAndTuples) {
    const SynCookies c(key_a);
    std::mt19937 rng(4987);
    for (int i = 0; i < 20'000; ++i) {
        const FourTuple t = test::random_tuple(rng);
        // Include client ISNs whose SEQ + 1 wraps to 0.
        const SeqNum isn{i % 100 == 0 ? 0xffffffffu : test::u32(rng)};
        const std::uint16_t mss = syn_cookie_mss_table[rng() % 4];
        const Instant now = t0 + std::chrono::nanoseconds(rng());
        const SeqNum cookie = c.encode(t, isn, mss, now);
        ASSERT_EQ(ack_back(c, t, isn, cookie, now + 30s), mss) << i;
    }
}

TEST(SynCookie, DifferentSynsGetDifferentCookies) {
    const SynCookies c(key_a);
    const SeqNum cookie = c.encode(server_tuple(), client_isn, 1460, t0);
    EXPECT_NE(c.encode(server_tuple(), client_isn + 1, 1460, t0), cookie);
    EXPECT_NE(c.encode(test::nudged(server_tuple(), 3), client_isn, 1460, t0), cookie);
    EXPECT_NE(c.encode(server_tuple(), client_isn, 1460, t0 + 64s), cookie);
    EXPECT_NE(c.encode(server_tuple(), client_isn, 536, t0), cookie);
}

TEST(SynCookie, WrongTupleIsRefused) {
    const SynCookies c(key_a);
    for (std::uint16_t mss : syn_cookie_mss_table) {
        const SeqNum cookie = c.encode(server_tuple(), client_isn, mss, t0);
        for (int field = 0; field < 4; ++field)
            EXPECT_EQ(ack_back(c, test::nudged(server_tuple(), field), client_isn, cookie, t0), std::nullopt);
        EXPECT_EQ(ack_back(c, test::swapped(server_tuple()), client_isn, cookie, t0), std::nullopt);
    }
}

TEST(SynCookie, WrongSecretIsRefused) {
    const SynCookies ours(key_a);
    const SynCookies other(key_b);
    for (std::uint16_t mss : syn_cookie_mss_table) {
        const SeqNum cookie = ours.encode(server_tuple(), client_isn, mss, t0);
        EXPECT_EQ(ack_back(other, server_tuple(), client_isn, cookie, t0), std::nullopt);
    }
}

TEST(SynCookie, WrongClientIsnIsRefused) {
    const SynCookies c(key_a);
    const SeqNum cookie = c.encode(server_tuple(), client_isn, 1460, t0);
    for (std::uint32_t d : {1u, 2u, 0x100u, 0x01000000u, 0x80000000u, 0xffffffffu})
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn + d, cookie, t0), std::nullopt) << d;
}

// Made at the very start of a period: valid until the end of the next one.
TEST(SynCookie, AcceptedForTwoPeriodsFromAPeriodStart) {
    const SynCookies c(key_a);
    const SeqNum cookie = c.encode(server_tuple(), client_isn, 1440, period_start);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, period_start), 1440);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, period_start + 64s), 1440);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, period_start + 128s - 1ns), 1440);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, period_start + 128s), std::nullopt);
}

// Made at the last nanosecond of a period: it still gets the next period, so
// a cookie lives at least 64 s.
TEST(SynCookie, AcceptedForTheNextPeriodFromAPeriodEnd) {
    const SynCookies c(key_a);
    const Instant made = period_start + 64s - 1ns;
    const SeqNum cookie = c.encode(server_tuple(), client_isn, 1300, made);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, made + 1ns), 1300);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, made + 64s), 1300);
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, made + 64s + 1ns), std::nullopt);
}

TEST(SynCookie, StaleAndFutureCountersAreRefused) {
    const SynCookies c(key_a);
    const SeqNum cookie = c.encode(server_tuple(), client_isn, 536, t0);
    for (std::int64_t periods : {2, 3, 100, 255, 257})
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, t0 + periods * syn_cookie_period), std::nullopt)
            << periods;
    EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, t0 - syn_cookie_period), std::nullopt);
}

// After 256 periods the counter's top byte matches again (age 0 and 1), but
// the MAC covers the whole counter.
TEST(SynCookie, CounterByteWrapDoesNotRevive) {
    const SynCookies c(key_a);
    for (std::uint16_t mss : syn_cookie_mss_table) {
        const SeqNum cookie = c.encode(server_tuple(), client_isn, mss, t0);
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, t0 + 256 * syn_cookie_period), std::nullopt);
        EXPECT_EQ(ack_back(c, server_tuple(), client_isn, cookie, t0 + 257 * syn_cookie_period), std::nullopt);
    }
}

// The MAC covers the MSS index: a valid cookie cannot be nudged to another MSS.
TEST(SynCookie, NeighboursOfAValidCookieAreRefused) {
    const SynCookies c(key_a);
    for (std::uint16_t mss : syn_cookie_mss_table) {
        const SeqNum cookie = c.encode(server_tuple(), client_isn, mss, t0);
        for (std::uint32_t d = 1; d < 4096; ++d) {
            ASSERT_EQ(ack_back(c, server_tuple(), client_isn, cookie + d, t0), std::nullopt) << d;
            ASSERT_EQ(ack_back(c, server_tuple(), client_isn, cookie - d, t0), std::nullopt) << d;
        }
        for (int bit = 0; bit < 32; ++bit) {
            const SeqNum flipped{cookie.raw() ^ (1u << bit)};
            ASSERT_EQ(ack_back(c, server_tuple(), client_isn, flipped, t0), std::nullopt) << bit;
        }
    }
}

// Blind guesses: each passes with probability 2^-29, so none of a million should.
TEST(SynCookie, RandomAcksAreRefused) {
    const SynCookies c(key_a);
    std::mt19937 rng(29);
    int accepted = 0;
    for (int i = 0; i < 1'000'000; ++i)
        if (c.validate(server_tuple(), client_isn + 1, SeqNum{test::u32(rng)}, t0)) ++accepted;
    EXPECT_EQ(accepted, 0);
}

TEST(SynCookieTs, OptionsRoundTripThroughTsval) {
    for (int wscale = -1; wscale <= 14; ++wscale) {
        for (bool sack : {false, true}) {
            for (bool ecn : {false, true}) {
                SynCookieOptions o;
                if (wscale >= 0) o.window_scale = static_cast<std::uint8_t>(wscale);
                o.sack_permitted = sack;
                o.ecn = ecn;
                for (std::uint32_t ts_now : {0u, 63u, 64u, 1000u, 0x12345678u, 0xffffffffu}) {
                    const std::uint32_t tsval = syn_cookie_tsval(ts_now, o);
                    ASSERT_EQ(syn_cookie_options(tsval), o) << "wscale " << wscale << " ts " << ts_now;
                    // Never ahead of our clock, and less than one 64-unit step behind it.
                    ASSERT_LT(ts_now - tsval, 64u) << "wscale " << wscale << " ts " << ts_now;
                }
            }
        }
    }
}

TEST(SynCookieTs, LayoutOfTheLowSixBits) {
    SynCookieOptions o;
    o.window_scale = 7;
    o.sack_permitted = true;
    EXPECT_EQ(syn_cookie_tsval(0x1000u, o), 0x0fd7u);  // 0x17 > 0: one step back, 0x0fc0 | 0x17
    EXPECT_EQ(syn_cookie_tsval(0x103fu, o), 0x1017u);
    o.ecn = true;
    o.window_scale.reset();
    EXPECT_EQ(syn_cookie_tsval(0x103fu, o), 0x103fu);  // 15 | SACK | ECN
    EXPECT_EQ(syn_cookie_tsval(0x0000003fu, SynCookieOptions{}), 0x0000000fu);
    EXPECT_EQ(syn_cookie_tsval(0u, SynCookieOptions{}), 0xffffffcfu);  // steps back across the wrap
}

TEST(SynCookieTs, WindowScaleAboveFourteenIsSentAsFourteen) {
    SynCookieOptions o;
    o.window_scale = 15;
    EXPECT_EQ(syn_cookie_options(syn_cookie_tsval(5000, o)).window_scale, 14);
    o.window_scale = 255;
    EXPECT_EQ(syn_cookie_options(syn_cookie_tsval(5000, o)).window_scale, 14);
}

TEST(SynCookieTs, DecodesEveryTsecr) {
    EXPECT_EQ(syn_cookie_options(0x0f), SynCookieOptions{});
    EXPECT_EQ(syn_cookie_options(0xabcdef00u).window_scale, 0);
    const SynCookieOptions all = syn_cookie_options(0x3e);
    EXPECT_EQ(all.window_scale, 14);
    EXPECT_TRUE(all.sack_permitted);
    EXPECT_TRUE(all.ecn);
}

}  // namespace
}  // namespace sluice::stack
