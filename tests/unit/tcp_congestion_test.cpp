// Congestion controllers (NewReno: RFC 5681/6582/3465; CUBIC: RFC 9438) on
// injected time: initial windows, slow start, congestion avoidance, fast
// recovery with partial ACKs, RTO collapse, restart, undo, CUBIC's K and
// W_cubic against hand-computed values, its regions and clamps, and
// determinism. A small simulated flow (a sender that always has data, a
// fixed RTT) stands in for the TCP sender; no EAL, no clock.
#include <sluice/stack/tcp/congestion.hpp>
#include <sluice/stack/tcp/cubic.hpp>
#include <sluice/stack/tcp/newreno.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

using namespace sluice::stack;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kMss = 1000;

constexpr std::uint32_t segs(std::uint32_t n) { return n * kMss; }

Instant at(Duration d) { return Instant{} + d; }

CongestionConfig config_with(std::uint32_t iw_segs, std::uint32_t ssthresh_segs = 0) {
    CongestionConfig c;
    c.smss = kMss;
    c.initial_window = segs(iw_segs);
    if (ssthresh_segs != 0) c.initial_ssthresh = segs(ssthresh_segs);
    return c;
}

// A sender that always has data and sends whole segments while cwnd allows,
// and a receiver that ACKs every `ack_every` segments of a burst (the rest of
// a burst at once, as its delayed-ACK timer would). Each ACK returns `rtt`
// after its segments left, so round n ends at start + n * rtt.
class Flow {
public:
    Flow(CongestionController& cc, Instant start, Duration rtt, std::uint32_t ack_every = 1)
        : cc_(cc), now_(start), rtt_(rtt), ack_every_(ack_every) {
        fill();
    }

    /// Delivers every ACK due by the end of the next round trip.
    void round() { run_until(now_ + rtt_); }
    void rounds(int n) {
        for (int i = 0; i < n; ++i) round();
    }
    Instant now() const { return now_; }
    std::uint32_t in_flight() const { return in_flight_; }

private:
    struct Ack {
        Instant due;
        std::uint32_t bytes;
    };

    void fill() {
        std::uint32_t burst = 0;
        while (std::uint64_t{in_flight_} + kMss <= cc_.cwnd()) {
            in_flight_ += kMss;
            burst += kMss;
            if (burst == ack_every_ * kMss) {
                acks_.push_back({now_ + rtt_, burst});
                burst = 0;
            }
        }
        if (burst != 0) acks_.push_back({now_ + rtt_, burst});
    }

    void run_until(Instant until) {
        const Instant round_end = until;
        while (!acks_.empty() && acks_.front().due <= round_end) {
            const Ack ack = acks_.front();
            acks_.pop_front();
            now_ = ack.due;
            in_flight_ -= ack.bytes;
            cc_.on_ack(ack.bytes, rtt_, now_, in_flight_);
            fill();
        }
        now_ = round_end;
    }

    CongestionController& cc_;
    Instant now_;
    Duration rtt_;
    std::uint32_t ack_every_;
    std::uint32_t in_flight_ = 0;
    std::deque<Ack> acks_;
};

// Puts a controller in congestion avoidance at `segs_cwnd`, has it detect a
// loss with that much in flight, and ends recovery with `flight_after`
// outstanding: the state right after a fast-recovery episode.
void loss_episode(CongestionController& cc, Instant now, std::uint32_t flight, std::uint32_t flight_after) {
    cc.enter_fast_recovery(now, flight);
    cc.exit_recovery(now, flight_after);
}

// ---------------------------------------------------------------- windows

TEST(CongestionInitialWindow, Rfc6928IsMinOfTenSegmentsAndMaxOfTwoSegmentsAnd14600) {
    EXPECT_EQ(rfc6928_initial_window(1460), 14600u);
    EXPECT_EQ(rfc6928_initial_window(1000), 10000u);
    EXPECT_EQ(rfc6928_initial_window(536), 5360u);
    EXPECT_EQ(rfc6928_initial_window(4000), 14600u);
    EXPECT_EQ(rfc6928_initial_window(9000), 18000u);
}

TEST(CongestionInitialWindow, Rfc5681IsFourThreeOrTwoSegmentsBySmss) {
    EXPECT_EQ(rfc5681_initial_window(536), 4u * 536);
    EXPECT_EQ(rfc5681_initial_window(1095), 4u * 1095);
    EXPECT_EQ(rfc5681_initial_window(1096), 3u * 1096);
    EXPECT_EQ(rfc5681_initial_window(2190), 3u * 2190);
    EXPECT_EQ(rfc5681_initial_window(2191), 2u * 2191);
}

TEST(CongestionInitialWindow, DefaultConfiguredAndClamped) {
    EXPECT_EQ(NewReno(CongestionConfig{}).cwnd(), 14600u);
    EXPECT_EQ(NewReno(CongestionConfig{}).ssthresh(), kUnlimitedSsthresh);
    CongestionConfig c;
    c.smss = 1000;
    c.initial_window = 4000;
    EXPECT_EQ(Cubic(c).cwnd(), 4000u);
    c.initial_window = 10;  // below one segment
    EXPECT_EQ(Cubic(c).cwnd(), 1000u);
    c.smss = 0;  // taken as 1: IW = min(10 * 1, max(2 * 1, 14600)) = 10
    c.initial_window = 0;
    EXPECT_EQ(NewReno(c).smss(), 1u);
    EXPECT_EQ(NewReno(c).cwnd(), 10u);
}

TEST(CongestionFactory, MakesControllersByName) {
    const CongestionConfig c;
    auto reno = make_congestion_controller("newreno", c);
    auto cubic = make_congestion_controller("cubic", c);
    ASSERT_NE(reno, nullptr);
    ASSERT_NE(cubic, nullptr);
    EXPECT_EQ(reno->name(), "newreno");
    EXPECT_EQ(cubic->name(), "cubic");
    EXPECT_NE(dynamic_cast<NewReno*>(reno.get()), nullptr);
    EXPECT_NE(dynamic_cast<Cubic*>(cubic.get()), nullptr);
    EXPECT_EQ(make_congestion_controller("bbr", c), nullptr);
    EXPECT_EQ(make_congestion_controller("CUBIC", c), nullptr);
    EXPECT_EQ(make_congestion_controller(kDefaultCongestionController, c)->name(), "cubic");
}

// ---------------------------------------------------------------- NewReno

TEST(NewRenoSlowStart, DoublesEveryRoundTrip) {
    NewReno cc(config_with(10));
    Flow flow(cc, at(0ms), 100ms);
    for (std::uint32_t expected : {20u, 40u, 80u, 160u, 320u}) {
        flow.round();
        EXPECT_EQ(cc.cwnd(), segs(expected));
    }
}

TEST(NewRenoSlowStart, ByteCountingWithLTwoStillDoublesUnderDelayedAcks) {
    NewReno l2(config_with(10));
    Flow f2(l2, at(0ms), 100ms, 2);
    f2.rounds(3);
    EXPECT_EQ(l2.cwnd(), segs(80));

    CongestionConfig c = config_with(10);
    c.abc_limit_segments = 1;  // RFC 5681's L: one SMSS per ACK
    NewReno l1(c);
    Flow f1(l1, at(0ms), 100ms, 2);
    f1.round();
    EXPECT_EQ(l1.cwnd(), segs(15));  // five ACKs of two segments, +1 SMSS each
    f1.rounds(2);
    EXPECT_LT(l1.cwnd(), l2.cwnd());
}

TEST(NewRenoSlowStart, StretchAckGrowthIsCappedAtLSegments) {
    NewReno cc(config_with(10));
    cc.on_ack(segs(8), 50ms, at(50ms), segs(2));  // one ACK for eight segments
    EXPECT_EQ(cc.cwnd(), segs(12));
}

TEST(NewRenoSlowStart, StopsAtSsthreshAndCarriesTheRestIntoAvoidance) {
    NewReno cc(config_with(10, 25));
    Flow flow(cc, at(0ms), 100ms);
    flow.round();
    EXPECT_EQ(cc.cwnd(), segs(20));
    flow.round();
    EXPECT_EQ(cc.cwnd(), segs(25));
    EXPECT_GT(cc.bytes_acked(), 0u);  // acked bytes beyond ssthresh count toward CA
    flow.round();
    EXPECT_EQ(cc.cwnd(), segs(26));

    NewReno crossing(config_with(10, 11));
    crossing.on_ack(segs(2), 10ms, at(10ms), segs(8));  // one segment fills ssthresh
    EXPECT_EQ(crossing.cwnd(), segs(11));
    EXPECT_EQ(crossing.bytes_acked(), kMss);  // the other counts toward avoidance
}

TEST(NewRenoAvoidance, GrowsOneSegmentPerRoundTrip) {
    NewReno cc(config_with(20, 20));
    Flow flow(cc, at(0ms), 100ms);
    for (std::uint32_t n = 1; n <= 10; ++n) {
        flow.round();
        EXPECT_EQ(cc.cwnd(), segs(20 + n)) << "round " << n;
    }
}

TEST(NewRenoAvoidance, GrowthPerRoundTripDoesNotDependOnAckSpacing) {
    NewReno cc(config_with(20, 20));
    Flow flow(cc, at(0ms), 100ms, 2);
    flow.rounds(10);
    EXPECT_EQ(cc.cwnd(), segs(30));
}

TEST(NewRenoAvoidance, ApplicationLimitedAcksDoNotGrowCwnd) {
    NewReno cc(config_with(10));
    cc.on_ack(kMss, 10ms, at(10ms), 0);  // only one segment was outstanding
    EXPECT_EQ(cc.cwnd(), segs(10));
    NewReno ca(config_with(20, 20));
    for (int i = 0; i < 100; ++i) ca.on_ack(kMss, 10ms, at(10ms * (i + 1)), segs(5));
    EXPECT_EQ(ca.cwnd(), segs(20));
    EXPECT_EQ(ca.bytes_acked(), 0u);
}

TEST(NewRenoRecovery, FastRetransmitHalvesAndInflatesByThreeSegments) {
    NewReno cc(config_with(20, 20));
    cc.on_duplicate_ack(at(1ms), segs(20));  // limited transmit is the sender's:
    cc.on_duplicate_ack(at(2ms), segs(20));  // the first two leave cwnd alone
    EXPECT_EQ(cc.cwnd(), segs(20));
    cc.enter_fast_recovery(at(3ms), segs(20));
    EXPECT_TRUE(cc.in_recovery());
    EXPECT_EQ(cc.ssthresh(), segs(10));  // max(FlightSize / 2, 2 * SMSS)
    EXPECT_EQ(cc.cwnd(), segs(13));      // ssthresh + 3 * SMSS
    cc.on_duplicate_ack(at(4ms), segs(20));
    cc.on_duplicate_ack(at(5ms), segs(20));
    EXPECT_EQ(cc.cwnd(), segs(15));  // +1 SMSS per further duplicate
}

TEST(NewRenoRecovery, PartialAckDeflatesByAckedAndAddsBackOneSegment) {
    NewReno cc(config_with(20, 20));
    cc.enter_fast_recovery(at(0ms), segs(20));
    cc.on_duplicate_ack(at(1ms), segs(20));
    cc.on_duplicate_ack(at(2ms), segs(20));
    ASSERT_EQ(cc.cwnd(), segs(15));
    cc.on_ack(segs(4), std::nullopt, at(10ms), segs(16));  // partial ACK: 4 segments
    EXPECT_EQ(cc.cwnd(), segs(15) - segs(4) + kMss);
    EXPECT_TRUE(cc.in_recovery());
    cc.on_ack(500, std::nullopt, at(20ms), segs(16) - 500);  // less than one SMSS: no add-back
    EXPECT_EQ(cc.cwnd(), segs(12) - 500);
    cc.enter_fast_recovery(at(30ms), segs(8));  // one reduction per episode
    EXPECT_EQ(cc.ssthresh(), segs(10));
}

TEST(NewRenoRecovery, FullAckSetsCwndToMinOfSsthreshAndFlightPlusOneSegment) {
    NewReno small(config_with(20, 20));
    small.enter_fast_recovery(at(0ms), segs(20));
    small.exit_recovery(at(10ms), segs(5));
    EXPECT_FALSE(small.in_recovery());
    EXPECT_EQ(small.cwnd(), segs(6));  // then slow start back to ssthresh
    small.exit_recovery(at(11ms), segs(1));  // not in recovery: no effect
    EXPECT_EQ(small.cwnd(), segs(6));
    small.on_ack(kMss, 10ms, at(20ms), segs(5));
    EXPECT_EQ(small.cwnd(), segs(7));

    NewReno large(config_with(20, 20));
    large.enter_fast_recovery(at(0ms), segs(20));
    large.exit_recovery(at(10ms), segs(15));
    EXPECT_EQ(large.cwnd(), segs(10));  // ssthresh
}

TEST(NewRenoRecovery, SackRecoveryHoldsCwndAtSsthresh) {
    CongestionConfig c = config_with(20, 20);
    c.sack_recovery = true;  // RFC 6675 §5: pipe governs sending, cwnd stays
    NewReno cc(c);
    cc.enter_fast_recovery(at(0ms), segs(20));
    EXPECT_EQ(cc.ssthresh(), segs(10));
    EXPECT_EQ(cc.cwnd(), segs(10));
    cc.on_duplicate_ack(at(1ms), segs(20));
    cc.on_ack(segs(4), std::nullopt, at(2ms), segs(8));
    EXPECT_EQ(cc.cwnd(), segs(10));
    cc.exit_recovery(at(3ms), segs(12));
    EXPECT_EQ(cc.cwnd(), segs(10));
}

TEST(NewRenoTimeout, CollapsesToOneSegmentWithHalfTheFlightAsSsthresh) {
    NewReno cc(config_with(20, 20));
    cc.enter_fast_recovery(at(0ms), segs(20));
    cc.on_retransmission_timeout(at(1s), segs(20));
    EXPECT_EQ(cc.cwnd(), kMss);  // LW = 1 SMSS
    EXPECT_EQ(cc.ssthresh(), segs(10));
    EXPECT_FALSE(cc.in_recovery());  // RFC 6582 step 5
}

TEST(NewRenoTimeout, RepeatedTimeoutKeepsSsthreshUntilNewDataIsAcked) {
    NewReno cc(config_with(20, 20));
    cc.on_retransmission_timeout(at(1s), segs(20));
    cc.on_retransmission_timeout(at(3s), segs(3));  // the same segment, backed off
    EXPECT_EQ(cc.ssthresh(), segs(10));
    EXPECT_EQ(cc.cwnd(), kMss);
    cc.on_ack(kMss, std::nullopt, at(4s), segs(3));
    cc.on_retransmission_timeout(at(6s), segs(3));
    EXPECT_EQ(cc.ssthresh(), segs(2));  // max(1500, 2 * SMSS)
}

TEST(NewRenoTimeout, SlowStartAfterTimeoutUsesOneSegmentPerAck) {
    NewReno cc(config_with(20, 20));
    cc.on_retransmission_timeout(at(1s), segs(20));
    cc.on_ack(segs(2), std::nullopt, at(2s), 0);
    EXPECT_EQ(cc.cwnd(), segs(2));  // L = 1 SMSS after an RTO (RFC 3465 §2.3)
    cc.on_ack(segs(2), 10ms, at(3s), 0);
    EXPECT_EQ(cc.cwnd(), segs(3));
}

TEST(NewRenoRestart, IdleRestartLimitsCwndToTheInitialWindow) {
    NewReno cc(config_with(10));
    Flow flow(cc, at(0ms), 100ms);
    flow.rounds(2);
    ASSERT_EQ(cc.cwnd(), segs(40));
    cc.on_idle_restart(at(10s));
    EXPECT_EQ(cc.cwnd(), segs(10));  // RW = min(IW, cwnd)
    cc.on_retransmission_timeout(at(11s), segs(10));
    cc.on_idle_restart(at(20s));
    EXPECT_EQ(cc.cwnd(), kMss);  // already below IW: unchanged
    EXPECT_FALSE(cc.on_spurious_congestion(at(21s)));  // no undo across an idle period
}

TEST(NewRenoUndo, SpuriousReductionIsUndoneOnce) {
    NewReno cc(config_with(20, 20));
    EXPECT_FALSE(cc.on_spurious_congestion(at(0ms)));
    cc.enter_fast_recovery(at(1ms), segs(20));
    ASSERT_EQ(cc.ssthresh(), segs(10));
    EXPECT_TRUE(cc.on_spurious_congestion(at(2ms)));
    EXPECT_EQ(cc.cwnd(), segs(20));
    EXPECT_EQ(cc.ssthresh(), segs(20));
    EXPECT_FALSE(cc.in_recovery());
    EXPECT_FALSE(cc.on_spurious_congestion(at(3ms)));
    cc.on_retransmission_timeout(at(1s), segs(20));
    EXPECT_TRUE(cc.on_spurious_congestion(at(2s)));
    EXPECT_EQ(cc.cwnd(), segs(20));
    EXPECT_EQ(cc.ssthresh(), segs(20));
}

// ---------------------------------------------------------------- CUBIC formulas

// Hand-computed from RFC 9438 Figures 1 and 2 with C = 0.4:
//   W_max = 100, cwnd_epoch = 70: K = cbrt(30 / 0.4) = cbrt(75) = 4.2171633265...
//   W_cubic(0) = 100 - 0.4 * 75 = 70;  W_cubic(K) = 100;  W_cubic(K + 1) = 100.4
//   W_cubic(2) = 100 + 0.4 * (2 - 4.2171633265)^3 = 100 - 0.4 * 10.89916 = 95.6403357
//   W_max = 10, cwnd_epoch = 7: K = cbrt(7.5) = 1.9574338206
TEST(CubicFormula, KAndWindowMatchHandComputedValues) {
    const double k = cubic_k(100, 70);
    EXPECT_NEAR(k, 4.2171633265, 1e-9);
    EXPECT_NEAR(cubic_window(0, k, 100), 70.0, 1e-9);
    EXPECT_NEAR(cubic_window(k, k, 100), 100.0, 1e-12);
    EXPECT_NEAR(cubic_window(k + 1, k, 100), 100.4, 1e-9);
    EXPECT_NEAR(cubic_window(2, k, 100), 95.6403357, 1e-6);
    EXPECT_NEAR(cubic_k(10, 7), 1.9574338206, 1e-9);
    EXPECT_EQ(cubic_k(50, 60), 0.0);
    EXPECT_EQ(cubic_k(50, 50), 0.0);
    EXPECT_NEAR(kCubicAlpha, 9.0 / 17.0, 1e-15);  // 3 * 0.3 / 1.7
}

TEST(CubicFormula, TargetIsClampedToOneAndAHalfCwnd) {
    EXPECT_EQ(cubic_target(500, 10), 15.0);
    EXPECT_EQ(cubic_target(5, 10), 10.0);
    EXPECT_EQ(cubic_target(12, 10), 12.0);
}

// ---------------------------------------------------------------- CUBIC controller

TEST(Cubic, LossSetsWmaxSsthreshFromFlightAndK) {
    Cubic cc(config_with(100, 100));
    cc.enter_fast_recovery(at(0ms), segs(100));
    EXPECT_EQ(cc.ssthresh(), segs(70));  // FlightSize * 0.7
    EXPECT_EQ(cc.cwnd(), segs(73));      // + 3 * SMSS of RFC 5681 recovery
    EXPECT_EQ(cc.w_max(), segs(100));
    EXPECT_EQ(cc.cwnd_prior(), segs(100));
    cc.exit_recovery(at(50ms), segs(70));
    EXPECT_EQ(cc.cwnd(), segs(70));
    EXPECT_FALSE(cc.epoch_start().has_value());
    cc.on_ack(kMss, 100ms, at(100ms), segs(69));  // first ACK in avoidance
    ASSERT_TRUE(cc.epoch_start().has_value());
    EXPECT_EQ(*cc.epoch_start(), at(100ms));
    EXPECT_EQ(cc.cwnd_epoch(), segs(70));
    EXPECT_DOUBLE_EQ(cc.k(), cubic_k(100, 70));

    Cubic app(config_with(100, 100));  // a flight below cwnd sets ssthresh, not W_max
    app.enter_fast_recovery(at(0ms), segs(50));
    EXPECT_EQ(app.ssthresh(), segs(35));
    EXPECT_EQ(app.w_max(), segs(100));
}

TEST(Cubic, GrowthAfterLossFollowsTheCurveAndReachesWmaxAtK) {
    Cubic cc(config_with(100, 100));
    loss_episode(cc, at(0ms), segs(100), segs(70));
    Flow flow(cc, at(0ms), 100ms);
    flow.round();  // the epoch starts with the first ACK, at 100 ms
    ASSERT_TRUE(cc.epoch_start().has_value());
    const Instant epoch = *cc.epoch_start();
    const double k = cc.k();
    double previous = cc.cwnd();
    while (flow.now() - epoch < std::chrono::duration<double>(k)) {
        flow.round();
        const double t = std::chrono::duration<double>(flow.now() - epoch).count();
        EXPECT_GE(cc.cwnd(), previous);                                  // never shrinks
        EXPECT_LE(cc.cwnd(), cubic_window(t + 0.1, k, 100) * kMss + 1);  // never past the target
        EXPECT_GE(cc.cwnd(), cubic_window(t, k, 100) * kMss - kMss);     // and close behind the curve
        if (t + 0.1 < k) {
            EXPECT_LT(cc.cwnd(), segs(100));  // concave: below W_max
        }
        EXPECT_GT(cc.cwnd(), cc.w_est());                                // not Reno-friendly here
        previous = cc.cwnd();
    }
    EXPECT_NEAR(cc.cwnd(), segs(100), 0.01 * segs(100));  // at t = K: W_max
    flow.rounds(5);  // the plateau around K
    EXPECT_NEAR(cc.cwnd(), segs(100), 0.01 * segs(100));
    flow.rounds(40);  // t = K + ~4.5 s: convex, W_cubic = 100 + 0.4 * 4.5^3 = 136
    EXPECT_GT(cc.cwnd(), segs(125));
}

TEST(Cubic, RenoFriendlyRegionGovernsAtSmallBdp) {
    Cubic cc(config_with(10, 10));
    loss_episode(cc, at(0ms), segs(10), segs(7));
    ASSERT_EQ(cc.cwnd(), segs(7));
    Flow flow(cc, at(0ms), 1ms);  // K = 1.96 s is ~2000 round trips away
    flow.rounds(2);
    const double before = cc.cwnd();
    flow.rounds(4);
    // alpha_cubic = 9/17 segment per round trip while W_est < cwnd_prior.
    EXPECT_NEAR((cc.cwnd() - before) / 4, kCubicAlpha * kMss, 0.1 * kMss);
    EXPECT_NEAR(cc.cwnd(), cc.w_est(), 1.0);
    EXPECT_LT(*cc.w_cubic_at(flow.now()), cc.w_est());
    flow.rounds(20);  // W_est passed cwnd_prior = 10 segments: alpha = 1
    const double later = cc.cwnd();
    flow.rounds(10);
    EXPECT_NEAR((cc.cwnd() - later) / 10, kMss, 0.1 * kMss);
    EXPECT_NEAR(cc.cwnd(), cc.w_est(), 1.0);
}

TEST(Cubic, FastConvergenceLowersWmaxWhenLossComesBelowIt) {
    Cubic cc(config_with(100, 100));
    loss_episode(cc, at(0ms), segs(100), segs(70));
    ASSERT_EQ(cc.w_max(), segs(100));
    cc.enter_fast_recovery(at(1s), segs(70));  // cwnd 70 < W_max 100
    EXPECT_DOUBLE_EQ(cc.w_max(), segs(70) * (1 + kCubicBeta) / 2);  // 59.5 segments
    EXPECT_EQ(cc.ssthresh(), segs(49));

    CongestionConfig c = config_with(100, 100);
    c.fast_convergence = false;
    Cubic plain(c);
    loss_episode(plain, at(0ms), segs(100), segs(70));
    plain.enter_fast_recovery(at(1s), segs(70));
    EXPECT_EQ(plain.w_max(), segs(70));
}

TEST(Cubic, LossAboveWmaxRemembersTheNewMaximum) {
    Cubic cc(config_with(100, 100));
    loss_episode(cc, at(0ms), segs(100), segs(70));
    Flow flow(cc, at(0ms), 100ms);
    flow.rounds(70);  // well into the convex region
    const std::uint32_t cwnd = cc.cwnd();
    ASSERT_GT(cwnd, segs(100));
    cc.enter_fast_recovery(flow.now(), flow.in_flight());
    EXPECT_EQ(cc.w_max(), cwnd);
}

TEST(Cubic, IncreaseTowardTargetIsClampedToOneAndAHalfCwnd) {
    Cubic cc(config_with(10, 10));  // no loss yet: K = 0, W_max = cwnd_epoch
    cc.on_ack(kMss, 10s, at(0s), segs(9));  // epoch starts; SRTT = 10 s
    EXPECT_EQ(cc.k(), 0.0);
    EXPECT_EQ(cc.w_max(), segs(10));
    EXPECT_EQ(cc.cwnd(), 10100u);  // W_cubic(0) = W_max < W_est = 10.1: Reno-friendly
    // t = 1 s: W_cubic(1) = 10.4 segments > W_est = 10.199: the cubic region.
    // W_cubic(1 + 10) = 0.4 * 1331 + 10 = 542.4 segments, clamped to
    // 1.5 * 10100 = 15150 bytes; cwnd += (15150 - 10100) * 1000 / 10100 = 500.
    cc.on_ack(kMss, 10s, at(1s), 9100);
    EXPECT_EQ(cc.cwnd(), 10600u);
}

TEST(Cubic, RenoFriendlyEstimateBelowCwndNeverShrinksIt) {
    Cubic cc(config_with(10, 10));
    cc.on_ack(kMss, 10s, at(0s), segs(9));
    cc.on_ack(kMss, 10s, at(1s), 9100);  // the clamped jump of the test above
    ASSERT_EQ(cc.cwnd(), 10600u);
    // More ACKs at t = 1 s: W_est passes W_cubic(1) = 10400 bytes (the
    // Reno-friendly region) while still below cwnd; cwnd must hold.
    std::uint32_t previous = cc.cwnd();
    for (int i = 0; i < 5; ++i) {
        cc.on_ack(kMss, 10s, at(1s), cc.cwnd() - kMss);
        EXPECT_GE(cc.cwnd(), previous);
        previous = cc.cwnd();
    }
    EXPECT_GT(cc.w_est(), *cc.w_cubic_at(at(1s)));
    EXPECT_LT(cc.w_est(), cc.cwnd());
}

TEST(Cubic, FirstStageAfterTimeoutStartsTheCurveAtCwndEpoch) {
    Cubic cc(config_with(100, 100));
    cc.on_retransmission_timeout(at(0s), segs(100));
    EXPECT_EQ(cc.cwnd(), kMss);
    EXPECT_EQ(cc.ssthresh(), segs(70));  // beta_cubic, RFC 9438 §4.8
    Instant now = at(1s);
    while (cc.cwnd() < cc.ssthresh()) {
        cc.on_ack(kMss, 100ms, now, cc.cwnd() - kMss);
        now += 1ms;
    }
    EXPECT_FALSE(cc.epoch_start().has_value());
    cc.on_ack(kMss, 100ms, now, cc.cwnd() - kMss);  // the first ACK in avoidance
    ASSERT_TRUE(cc.epoch_start().has_value());
    EXPECT_EQ(cc.cwnd_epoch(), segs(70));
    EXPECT_EQ(cc.k(), 0.0);
    EXPECT_EQ(cc.w_max(), segs(70));
    EXPECT_GE(cc.w_est(), segs(70));
    EXPECT_LT(cc.w_est(), segs(71));
}

TEST(Cubic, ApplicationLimitedTimeIsNotPartOfT) {
    Cubic cc(config_with(10, 10));
    cc.on_ack(kMss, 50ms, at(0s), segs(9));
    ASSERT_EQ(cc.epoch_start(), at(0s));
    const std::uint32_t cwnd = cc.cwnd();
    const double w_est = cc.w_est();
    cc.on_ack(kMss, 50ms, at(5s), 0);  // nothing else was outstanding
    EXPECT_EQ(cc.epoch_start(), at(5s));
    EXPECT_EQ(cc.cwnd(), cwnd);
    EXPECT_EQ(cc.w_est(), w_est);
    EXPECT_DOUBLE_EQ(*cc.w_cubic_at(at(5s)), segs(10));  // still W_cubic(0)
}

TEST(Cubic, IdleRestartEndsTheEpochAndAppliesTheRestartWindow) {
    Cubic cc(config_with(10, 10));
    Flow flow(cc, at(0ms), 100ms);
    flow.rounds(30);
    ASSERT_TRUE(cc.epoch_start().has_value());
    ASSERT_GT(cc.cwnd(), segs(10));
    cc.on_idle_restart(at(60s));
    EXPECT_EQ(cc.cwnd(), segs(10));
    EXPECT_FALSE(cc.epoch_start().has_value());
}

TEST(Cubic, SpuriousLossUndoRestoresTheCurve) {
    Cubic cc(config_with(100, 100));
    loss_episode(cc, at(0ms), segs(100), segs(70));
    Flow flow(cc, at(0ms), 100ms);
    flow.rounds(20);
    const std::uint32_t cwnd = cc.cwnd();
    const std::uint32_t ssthresh = cc.ssthresh();
    const double w_max = cc.w_max();
    const double k = cc.k();
    const double w_est = cc.w_est();
    const auto epoch = cc.epoch_start();
    cc.enter_fast_recovery(flow.now(), flow.in_flight());
    ASSERT_NE(cc.w_max(), w_max);
    EXPECT_TRUE(cc.on_spurious_congestion(flow.now() + 10ms));
    EXPECT_EQ(cc.cwnd(), cwnd);
    EXPECT_EQ(cc.ssthresh(), ssthresh);
    EXPECT_EQ(cc.w_max(), w_max);
    EXPECT_EQ(cc.k(), k);
    EXPECT_EQ(cc.w_est(), w_est);
    EXPECT_EQ(cc.epoch_start(), epoch);
    EXPECT_FALSE(cc.in_recovery());
}

// ---------------------------------------------------------------- both

class BothControllers : public testing::TestWithParam<std::string> {};

// A scripted run through every event: slow start, loss and recovery with
// partial ACKs, avoidance, a timeout, an idle restart. Returns cwnd after
// each step.
std::vector<std::uint32_t> scripted_run(const std::string& name, Instant t0) {
    auto cc = make_congestion_controller(name, config_with(10));
    std::vector<std::uint32_t> trace;
    Flow flow(*cc, t0, 30ms);
    for (int i = 0; i < 4; ++i) {
        flow.round();
        trace.push_back(cc->cwnd());
    }
    const Instant now = flow.now();
    cc->enter_fast_recovery(now, flow.in_flight());
    cc->on_duplicate_ack(now + 1ms, flow.in_flight());
    cc->on_ack(segs(3), 30ms, now + 2ms, flow.in_flight() - segs(3));
    cc->exit_recovery(now + 3ms, segs(40));
    trace.push_back(cc->cwnd());
    Flow avoid(*cc, now + 4ms, 30ms);
    for (int i = 0; i < 50; ++i) {
        avoid.round();
        trace.push_back(cc->cwnd());
    }
    cc->on_retransmission_timeout(avoid.now() + 1s, avoid.in_flight());
    cc->on_idle_restart(avoid.now() + 10s);
    trace.push_back(cc->cwnd());
    trace.push_back(cc->ssthresh());
    return trace;
}

TEST_P(BothControllers, DeterministicUnderInjectedTime) {
    const auto first = scripted_run(GetParam(), at(0s));
    EXPECT_EQ(scripted_run(GetParam(), at(0s)), first);
    // Only time differences matter: the same run a day later is identical.
    EXPECT_EQ(scripted_run(GetParam(), at(24h + 123ns)), first);
}

TEST_P(BothControllers, WindowInvariantsHoldOverAPseudoRandomEventMix) {
    auto cc = make_congestion_controller(GetParam(), config_with(10));
    std::uint32_t state = 12345;  // a fixed LCG: the same mix every run
    Instant now = at(0s);
    bool reduced = false;
    for (int i = 0; i < 20000; ++i) {
        state = state * 1664525u + 1013904223u;
        const std::uint32_t flight = cc->cwnd() - (state >> 8) % cc->cwnd();
        now += std::chrono::microseconds((state >> 4) % 5000);
        switch ((state >> 24) % 16) {
        case 0: cc->enter_fast_recovery(now, flight); reduced = true; break;
        case 1: cc->exit_recovery(now, flight); break;
        case 2: cc->on_retransmission_timeout(now, flight); reduced = true; break;
        case 3: cc->on_idle_restart(now); break;
        case 4: cc->on_spurious_congestion(now); break;
        case 5: case 6: cc->on_duplicate_ack(now, flight); break;
        default: cc->on_ack((state >> 12) % (3 * kMss) + 1, 20ms, now, flight); break;
        }
        ASSERT_GE(cc->cwnd(), kMss) << "event " << i;
        ASSERT_LE(cc->cwnd(), kMaxCongestionWindow) << "event " << i;
        if (reduced) {
            ASSERT_GE(cc->ssthresh(), segs(2)) << "event " << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Congestion, BothControllers, testing::Values("newreno", "cubic"),
                         [](const testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
