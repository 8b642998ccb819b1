// RtoEstimator (RFC 6298, RFC 7323 §4 and Appendix G) on injected durations:
// hand-computed SRTT/RTTVAR/RTO for sequences of samples, the minimum and
// maximum clamps, the granularity floor, backoff doubling and its cap and
// reset, Karn's rule, timestamp samples, and the §5.7 SYN-timeout rule.
#include <sluice/stack/tcp/rto.hpp>

#include <gtest/gtest.h>

using namespace sluice::stack;
using namespace std::chrono_literals;

namespace {

// Fractional milliseconds, exactly (the tests pick values that are whole ns).
constexpr Duration ms_f(double ms) { return Duration{static_cast<std::int64_t>(ms * 1'000'000.0)}; }

RtoEstimator::Sample plain(Duration rtt) { return {.rtt = rtt}; }
RtoEstimator::Sample retransmitted(Duration rtt) { return {.rtt = rtt, .retransmitted = true}; }
RtoEstimator::Sample timestamped(Duration rtt, std::uint32_t flight = 0, std::uint32_t smss = 0) {
    return {.rtt = rtt, .timestamped = true, .flight_size = flight, .smss = smss};
}

}  // namespace

TEST(Rto, InitialRtoIsOneSecondUntilAMeasurement) {  // §2.1
    RtoEstimator rto;
    EXPECT_FALSE(rto.has_sample());
    EXPECT_EQ(rto.rto(), 1s);
    EXPECT_EQ(rto.timeout(), 1s);
    EXPECT_EQ(rto.backoff_count(), 0u);
    EXPECT_EQ(rto.min_rto(), 200ms);
}

TEST(Rto, FirstSampleSetsSrttAndHalfVariance) {  // §2.2
    RtoEstimator rto;
    EXPECT_TRUE(rto.on_sample(plain(100ms)));
    EXPECT_TRUE(rto.has_sample());
    EXPECT_EQ(rto.srtt(), 100ms);
    EXPECT_EQ(rto.rttvar(), 50ms);
    EXPECT_EQ(rto.rto(), 300ms);  // 100 + max(1, 4 * 50)
}

TEST(Rto, SequenceOfSamplesHandComputed) {  // §2.3
    RtoEstimator rto;
    rto.on_sample(plain(100ms));
    // R' = 200: RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5.
    rto.on_sample(plain(200ms));
    EXPECT_EQ(rto.rttvar(), ms_f(62.5));
    EXPECT_EQ(rto.srtt(), ms_f(112.5));
    EXPECT_EQ(rto.rto(), ms_f(362.5));
    // R' = 100: RTTVAR = 3/4*62.5 + 1/4*12.5 = 50; SRTT = 7/8*112.5 + 1/8*100 = 110.9375.
    rto.on_sample(plain(100ms));
    EXPECT_EQ(rto.rttvar(), 50ms);
    EXPECT_EQ(rto.srtt(), ms_f(110.9375));
    EXPECT_EQ(rto.rto(), ms_f(310.9375));
}

TEST(Rto, RttvarUsesTheSrttBeforeItsUpdate) {  // §2.3's order
    RtoEstimator rto(0ms);
    rto.on_sample(plain(80ms));   // SRTT 80, RTTVAR 40
    rto.on_sample(plain(160ms));  // |80 - 160| = 80, not |90 - 160|
    EXPECT_EQ(rto.rttvar(), 50ms);
    EXPECT_EQ(rto.srtt(), 90ms);
    EXPECT_EQ(rto.rto(), 290ms);
}

TEST(Rto, DefaultMinimumIs200Milliseconds) {  // §2.4, Linux's floor
    RtoEstimator rto;
    rto.on_sample(plain(10ms));  // 10 + 4*5 = 30 ms, raised
    EXPECT_EQ(rto.rto(), 200ms);
    EXPECT_EQ(rto.timeout(), 200ms);
}

TEST(Rto, MinimumIsAConstructorParameter) {
    RtoEstimator none(0ms);
    none.on_sample(plain(10ms));
    EXPECT_EQ(none.rto(), 30ms);

    RtoEstimator rfc(RtoEstimator::kRfcMinRto);
    rfc.on_sample(plain(10ms));
    EXPECT_EQ(rfc.rto(), 1s);

    RtoEstimator high(2s);  // the initial 1 s is clamped too
    EXPECT_EQ(high.rto(), 2s);

    RtoEstimator absurd(10min);  // the minimum itself is capped at the maximum
    EXPECT_EQ(absurd.min_rto(), 60s);
    EXPECT_EQ(absurd.rto(), 60s);
}

TEST(Rto, ClockGranularityFloorsTheVarianceTerm) {  // RTO = SRTT + max(G, 4 RTTVAR)
    RtoEstimator rto(0ms);
    rto.on_sample(plain(100ms));
    for (int i = 0; i < 40; ++i) rto.on_sample(plain(100ms));
    EXPECT_EQ(rto.srtt(), 100ms);
    EXPECT_LT(4 * rto.rttvar(), RtoEstimator::kGranularity);
    EXPECT_EQ(rto.rto(), 101ms);
}

TEST(Rto, MaximumIsSixtySeconds) {  // §2.5
    RtoEstimator rto;
    rto.on_sample(plain(50s));  // 50 + 4*25 = 150 s
    EXPECT_EQ(rto.rto(), 60s);
}

TEST(Rto, BackoffDoublesUpToTheCap) {  // §5.5
    RtoEstimator rto;
    const Duration expected[] = {2s, 4s, 8s, 16s, 32s, 60s, 60s, 60s};
    unsigned n = 0;
    for (Duration want : expected) {
        rto.on_timeout();
        EXPECT_EQ(rto.timeout(), want) << "after " << n + 1 << " expiries";
        EXPECT_EQ(rto.backoff_count(), ++n);
    }
    EXPECT_EQ(rto.rto(), 1s);  // the §2 value is untouched
}

TEST(Rto, BackoffCountSaturatesAndTimeoutStaysCapped) {
    RtoEstimator rto;
    for (int i = 0; i < 1000; ++i) rto.on_timeout();
    EXPECT_EQ(rto.backoff_count(), 255u);
    EXPECT_EQ(rto.timeout(), 60s);
}

TEST(Rto, ValidSampleCollapsesTheBackoff) {  // note after §5.7
    RtoEstimator rto;
    rto.on_sample(plain(100ms));  // RTO 300 ms
    for (int i = 0; i < 3; ++i) rto.on_timeout();
    EXPECT_EQ(rto.timeout(), 2400ms);
    EXPECT_TRUE(rto.on_sample(plain(100ms)));  // RTTVAR 37.5, SRTT 100
    EXPECT_EQ(rto.backoff_count(), 0u);
    EXPECT_EQ(rto.rto(), 250ms);
    EXPECT_EQ(rto.timeout(), 250ms);
}

TEST(Rto, KarnIgnoresSamplesFromRetransmittedSegments) {  // §3
    RtoEstimator rto;
    rto.on_sample(plain(100ms));
    rto.on_timeout();
    EXPECT_FALSE(rto.on_sample(retransmitted(5s)));
    EXPECT_EQ(rto.srtt(), 100ms);
    EXPECT_EQ(rto.rttvar(), 50ms);
    EXPECT_EQ(rto.backoff_count(), 1u);  // the backed-off value is kept
    EXPECT_EQ(rto.timeout(), 600ms);
}

TEST(Rto, AmbiguousFirstSampleLeavesTheFirstSampleRulePending) {  // §2.2 with Karn
    RtoEstimator rto;
    EXPECT_FALSE(rto.on_sample(retransmitted(100ms)));
    EXPECT_FALSE(rto.has_sample());
    EXPECT_EQ(rto.rto(), 1s);
    rto.on_sample(plain(40ms));
    EXPECT_EQ(rto.srtt(), 40ms);
    EXPECT_EQ(rto.rttvar(), 20ms);
}

TEST(Rto, TimestampsMakeRetransmittedSamplesUsable) {  // RFC 7323 §4
    RtoEstimator rto;
    rto.on_timeout();
    RtoEstimator::Sample s = timestamped(100ms);
    s.retransmitted = true;
    EXPECT_TRUE(rto.on_sample(s));
    EXPECT_EQ(rto.srtt(), 100ms);
    EXPECT_EQ(rto.backoff_count(), 0u);
    EXPECT_EQ(rto.timeout(), 300ms);
}

TEST(Rto, AppendixGDividesGainsByExpectedSamples) {  // RFC 7323 Appendix G
    RtoEstimator rto;
    rto.on_sample(timestamped(100ms, 8000, 1000));  // first sample: §2.2 as usual
    EXPECT_EQ(rto.rttvar(), 50ms);
    // ExpectedSamples = ceil(8000 / 2000) = 4: beta' = 1/16, alpha' = 1/32.
    rto.on_sample(timestamped(200ms, 8000, 1000));
    EXPECT_EQ(rto.rttvar(), ms_f(53.125));  // 50 + (100 - 50) / 16
    EXPECT_EQ(rto.srtt(), ms_f(103.125));   // 100 + (200 - 100) / 32
    EXPECT_EQ(rto.rto(), ms_f(315.625));
}

TEST(Rto, AppendixGRoundsExpectedSamplesUp) {
    RtoEstimator one;  // FlightSize <= 2 SMSS: one sample per window, plain gains
    one.on_sample(timestamped(100ms));
    one.on_sample(timestamped(200ms, 2000, 1000));
    EXPECT_EQ(one.srtt(), ms_f(112.5));

    RtoEstimator two;  // one byte more: ceil(2001 / 2000) = 2
    two.on_sample(timestamped(100ms));
    two.on_sample(timestamped(200ms, 2001, 1000));
    EXPECT_EQ(two.rttvar(), ms_f(56.25));  // 50 + 50 / 8
    EXPECT_EQ(two.srtt(), ms_f(106.25));   // 100 + 100 / 16
    EXPECT_EQ(two.rto(), ms_f(331.25));
}

TEST(Rto, AppendixGOnlyForTimestampSamples) {
    RtoEstimator rto;
    rto.on_sample(plain(100ms));
    RtoEstimator::Sample s = plain(200ms);
    s.flight_size = 8000;
    s.smss = 1000;
    rto.on_sample(s);
    EXPECT_EQ(rto.srtt(), ms_f(112.5));
    EXPECT_EQ(rto.rttvar(), ms_f(62.5));
}

TEST(Rto, NegativeSampleIsIgnored) {
    RtoEstimator rto;
    EXPECT_FALSE(rto.on_sample(plain(-1ms)));
    EXPECT_FALSE(rto.has_sample());
}

TEST(Rto, ZeroSampleIsValid) {  // a 1 ms timestamp clock on a LAN
    RtoEstimator rto(0ms);
    EXPECT_TRUE(rto.on_sample(timestamped(0ms)));
    EXPECT_EQ(rto.rto(), RtoEstimator::kGranularity);
}

TEST(Rto, SynTimeoutReinitialisesRtoToThreeSeconds) {  // §5.7
    RtoEstimator rto;
    rto.on_timeout();  // the SYN timed out
    EXPECT_EQ(rto.timeout(), 2s);
    rto.established(true);
    EXPECT_EQ(rto.rto(), 3s);
    EXPECT_EQ(rto.timeout(), 3s);
    EXPECT_EQ(rto.backoff_count(), 0u);
    rto.on_sample(plain(100ms));  // still the first measurement: §2.2
    EXPECT_EQ(rto.rto(), 300ms);
}

TEST(Rto, NoSynTimeoutKeepsTheRto) {
    RtoEstimator rto;
    rto.established(false);
    EXPECT_EQ(rto.rto(), 1s);
}

TEST(Rto, SynTimeoutRuleOnlyRaisesAnRtoBelowThreeSeconds) {
    RtoEstimator rto(5s);
    rto.on_timeout();
    rto.established(true);
    EXPECT_EQ(rto.rto(), 5s);
    EXPECT_EQ(rto.timeout(), 10s);  // backoff kept: no valid sample yet
}
