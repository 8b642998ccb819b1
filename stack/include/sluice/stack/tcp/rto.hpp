// RFC 6298 retransmission timeout (RTO) computation for the TCP sender.
//
// What it is for: the sender feeds RTT measurements and timer expiries in,
// and reads the value to arm its retransmission timer with (timeout()). It is
// pure arithmetic on injected durations: it owns no timer, reads no clock and
// sees no segments. Starting, restarting and stopping the timer (RFC 6298
// §5.1-5.3, §5.4's retransmission) are the sender's.
//
// The rules (RFC 6298 unless noted):
//  - §2.1: RTO is 1 s until the first measurement.
//  - §2.2: first measurement R: SRTT = R, RTTVAR = R/2.
//  - §2.3: later R': RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| (with the SRTT
//    before this update), then SRTT = 7/8 SRTT + 1/8 R';
//    RTO = SRTT + max(G, 4 RTTVAR). G is the timer granularity: 1 ms, the
//    engine's timer wheel tick (core/timer_wheel.hpp).
//  - §2.4: RTO is raised to a minimum. The RFC says 1 s; the default here is
//    200 ms as in Linux (TCP_RTO_MIN), because 1 s makes every tail loss on a
//    datacentre or LAN path cost a second. It is a constructor parameter:
//    kRfcMinRto gives the RFC's behaviour. The §2.1 initial value is clamped
//    to the same bounds.
//  - §2.5: RTO is capped at 60 s (the RFC allows any maximum >= 60 s).
//  - §5.5: each expiry doubles the RTO ("backing off"), up to the cap. A new
//    valid measurement recomputes RTO from SRTT/RTTVAR and so cancels the
//    backoff (the note after §5.7); ACKs that give no valid measurement keep
//    it (Karn's timer backoff).
//  - §3, Karn: a measurement from a retransmitted segment is ambiguous and is
//    not used, unless it came from an echoed timestamp (RFC 7323 §4: TSecr
//    names the transmission that was acknowledged).
//  - RFC 7323 §4 (RTTM): with timestamps the sender may take a measurement
//    from every ACK that advances SND.UNA (R = now - the time the echoed TSval
//    was sent; the sender picks the ACKs, this class takes what it is given).
//    Because that gives many samples per RTT, RFC 7323 Appendix G's
//    adjustment is applied to timestamp samples for which the sender passes
//    FlightSize and SMSS: alpha and beta are divided by
//    ExpectedSamples = ceil(FlightSize / (2 SMSS)), keeping about one
//    window of history as RFC 6298 intends. Non-timestamp samples (one timed
//    segment per RTT) use plain 1/8 and 1/4.
//  - §5.7: if the SYN (or SYN-ACK) timed out and the RTO is below 3 s, the
//    RTO is re-initialised to 3 s when data transfer begins (established()).
//    The RFC's "MUST" is followed even if a timestamp measurement was taken
//    in the handshake; the next valid measurement recomputes RTO as usual.
//  - Not done: §5's optional clearing of SRTT/RTTVAR after repeated backoffs.
//
// Invariants: min_rto() <= rto() <= kMaxRto; rto() >= G when min_rto() is 0;
// timeout() == min(rto() * 2^backoff_count(), kMaxRto); srtt()/rttvar() are
// meaningful only when has_sample(). Integer nanosecond arithmetic, so the
// values are exact for the millisecond inputs the tests use.
#pragma once

#include <sluice/stack/core/time.hpp>

#include <chrono>
#include <cstdint>

namespace sluice::stack {

class RtoEstimator {
public:
    static constexpr Duration kDefaultMinRto = std::chrono::milliseconds(200);  ///< Linux's
    static constexpr Duration kRfcMinRto = std::chrono::seconds(1);             ///< §2.4
    static constexpr Duration kInitialRto = std::chrono::seconds(1);            ///< §2.1
    static constexpr Duration kMaxRto = std::chrono::seconds(60);               ///< §2.5
    static constexpr Duration kSynTimeoutRto = std::chrono::seconds(3);         ///< §5.7
    static constexpr Duration kGranularity = std::chrono::milliseconds(1);      ///< G

    /// One round-trip time measurement R.
    struct Sample {
        Duration rtt{};
        /// The measured segment was sent more than once (Karn, §3).
        bool retransmitted = false;
        /// R comes from an echoed timestamp (RFC 7323 §4): unambiguous.
        bool timestamped = false;
        /// RFC 7323 Appendix G, timestamp samples only: FlightSize (bytes
        /// outstanding when the ACK arrived) and SMSS. 0 in either: no
        /// adjustment.
        std::uint32_t flight_size = 0;
        std::uint32_t smss = 0;
    };

    /// `min_rto` is clamped to [0, kMaxRto].
    explicit RtoEstimator(Duration min_rto = kDefaultMinRto);

    /// Takes a measurement (§2.2/§2.3). Returns false, changing nothing, for
    /// an ambiguous one (retransmitted and not timestamped) or a negative R.
    bool on_sample(const Sample& sample);
    /// The retransmission timer expired (§5.5): the next timeout() doubles.
    void on_timeout();
    /// Data transfer begins after the handshake (§5.7). `syn_timed_out`: our
    /// SYN or SYN-ACK was retransmitted because its timer expired.
    void established(bool syn_timed_out);

    /// The value to arm the retransmission timer with: rto() backed off.
    Duration timeout() const;
    /// RTO per §2 (before backoff).
    Duration rto() const { return rto_; }
    Duration srtt() const { return srtt_; }
    Duration rttvar() const { return rttvar_; }
    bool has_sample() const { return has_sample_; }
    /// Expiries since the last valid measurement (saturates at 255).
    unsigned backoff_count() const { return backoff_; }
    Duration min_rto() const { return min_rto_; }

private:
    void first_sample(Duration r);
    void smooth(Duration r, std::int64_t expected_samples);
    void compute_rto();

    Duration srtt_{};
    Duration rttvar_{};
    Duration rto_;
    Duration min_rto_;
    std::uint8_t backoff_ = 0;
    bool has_sample_ = false;
};

}  // namespace sluice::stack
