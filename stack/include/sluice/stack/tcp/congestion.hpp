// TCP congestion control: the interface a TCP sender drives, and the loss
// recovery and timeout rules that NewReno and CUBIC share.
//
// What it is for: a controller owns cwnd and ssthresh (RFC 5681 §2) and
// nothing else. It sees no segments, sequence numbers, sockets or clocks: the
// sender feeds it events in bytes with the injected `now` (core/time.hpp),
// and reads cwnd() before sending. Sequence-space state stays with the
// sender, in particular RFC 6582's `recover` (the recovery point): the sender
// decides whether an ACK is partial or covers the recovery point, and whether
// three duplicate ACKs may start a new recovery (ack > recover, RFC 6582 §3.2
// step 1). Limited transmit (RFC 3042) is the sender's too: the first two
// duplicate ACKs let it send beyond cwnd without changing cwnd.
//
// Call order, per event (in_flight is always FlightSize, RFC 5681 §2: bytes
// sent and not yet cumulatively acknowledged — or RFC 6675's `pipe` for a
// SACK sender):
//   - new data acknowledged: on_ack(newly_acked, rtt, now, in_flight), with
//     in_flight after this ACK and before anything is sent in response. In
//     recovery this is a partial ACK; the ACK that covers the recovery point
//     calls exit_recovery(now, in_flight) instead.
//   - duplicate ACK: on_duplicate_ack(now, in_flight); the third (RFC 5681
//     §3.2 step 2, or RFC 6675's loss trigger) calls enter_fast_recovery(now,
//     in_flight) instead, with FlightSize before the retransmission (its
//     3*SMSS inflation accounts for the three).
//   - retransmission timer fired: on_retransmission_timeout(now, in_flight),
//     once per expiry (repeated expiries of one segment keep ssthresh,
//     RFC 5681 §3.1).
//   - first send after an idle period longer than the RTO:
//     on_idle_restart(now) before sending (RFC 5681 §4.1).
//   - a reduction found spurious (RFC 3522/4015/5682 detection, DSACK):
//     on_spurious_congestion(now) undoes it (RFC 9438 §4.9).
//
// Invariants: smss <= cwnd <= kMaxCongestionWindow; ssthresh >= 2*SMSS after
// any reduction; at most one reduction per recovery episode; cwnd grows only
// on ACKs of new data sent while the flow was cwnd-limited (the flight before
// the ACK left less than one SMSS of cwnd unused: RFC 9438 §5.8, RFC 7661's
// rationale), so an application- or receiver-limited flow never inflates it.
// Single-threaded, no allocation after construction.
#pragma once

#include <sluice/stack/core/time.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

namespace sluice::stack {

/// Largest cwnd a controller reaches: TCP's largest window, 2^30 bytes
/// (RFC 7323 §2.3).
inline constexpr std::uint32_t kMaxCongestionWindow = std::uint32_t{1} << 30;

/// "Arbitrarily high" initial ssthresh (RFC 5681 §3.1).
inline constexpr std::uint32_t kUnlimitedSsthresh = std::numeric_limits<std::uint32_t>::max();

/// The controller a socket gets unless told otherwise (Windows' default).
inline constexpr std::string_view kDefaultCongestionController = "cubic";

/// RFC 6928 §2 initial window: min(10*SMSS, max(2*SMSS, 14600)) bytes.
std::uint32_t rfc6928_initial_window(std::uint32_t smss);

/// RFC 5681 §3.1 initial window: 4, 3 or 2 segments by SMSS.
std::uint32_t rfc5681_initial_window(std::uint32_t smss);

struct CongestionConfig {
    /// Sender maximum segment size in bytes (RFC 5681 §2). 0 is taken as 1.
    std::uint32_t smss = 1460;
    /// Initial window in bytes; 0 selects rfc6928_initial_window(smss).
    /// Clamped to [smss, kMaxCongestionWindow].
    std::uint32_t initial_window = 0;
    /// Initial ssthresh in bytes (RFC 5681 §3.1: arbitrarily high).
    std::uint32_t initial_ssthresh = kUnlimitedSsthresh;
    /// RFC 3465 §2.2 slow-start limit L in segments per ACK (2, as RFC 3465
    /// allows; 1 is RFC 5681's). Slow start after an RTO always uses 1.
    std::uint32_t abc_limit_segments = 2;
    /// RFC 6675 §5 recovery: cwnd = ssthresh on entry and held during
    /// recovery (the sender paces by pipe), instead of RFC 5681/6582 window
    /// inflation by duplicate ACKs and deflation by partial ACKs.
    bool sack_recovery = false;
    /// RFC 9438 §4.7 fast convergence (CUBIC only).
    bool fast_convergence = true;
};

/// The events a TCP sender feeds its congestion controller. All sizes are
/// bytes; all times are injected engine time.
class CongestionController {
public:
    virtual ~CongestionController() = default;
    CongestionController(const CongestionController&) = delete;
    CongestionController& operator=(const CongestionController&) = delete;

    /// The name the factory knows it by ("newreno", "cubic").
    virtual std::string_view name() const = 0;

    /// New data acknowledged: `newly_acked` bytes left the network, `rtt` is
    /// a valid (Karn) sample if the ACK gave one, `in_flight` is FlightSize
    /// after the ACK. In recovery: a partial ACK.
    virtual void on_ack(std::uint32_t newly_acked, std::optional<Duration> rtt, Instant now,
                        std::uint32_t in_flight) = 0;
    /// A duplicate ACK (RFC 5681 §2). Inflates cwnd in recovery (§3.2 step 4).
    virtual void on_duplicate_ack(Instant now, std::uint32_t in_flight) = 0;
    /// Loss detected by duplicate ACKs: the multiplicative decrease and the
    /// start of fast recovery. Ignored while already in recovery.
    virtual void enter_fast_recovery(Instant now, std::uint32_t in_flight) = 0;
    /// The ACK covering the recovery point arrived (RFC 6582 §3.2 step 3).
    virtual void exit_recovery(Instant now, std::uint32_t in_flight) = 0;
    /// The retransmission timer expired: cwnd collapses to one segment.
    virtual void on_retransmission_timeout(Instant now, std::uint32_t in_flight) = 0;
    /// About to send after an idle period longer than the RTO (RFC 5681 §4.1).
    virtual void on_idle_restart(Instant now) = 0;
    /// The last reduction was spurious: restore the state before it. False
    /// when there is nothing to undo. Ends recovery.
    virtual bool on_spurious_congestion(Instant now) = 0;

    /// Congestion window in bytes.
    virtual std::uint32_t cwnd() const = 0;
    /// Slow-start threshold in bytes.
    virtual std::uint32_t ssthresh() const = 0;
    /// Between enter_fast_recovery and exit_recovery (or a timeout).
    virtual bool in_recovery() const = 0;

protected:
    CongestionController() = default;
};

/// The controller called `name` ("newreno" or "cubic"), or null.
std::unique_ptr<CongestionController> make_congestion_controller(std::string_view name,
                                                                 const CongestionConfig& config);

/// What NewReno and CUBIC share (RFC 9438 §4.8, §4.10 keep Reno's slow start
/// and timeout handling): slow start with byte counting (RFC 3465), fast
/// recovery with RFC 5681 §3.2 inflation and RFC 6582 partial-ACK deflation
/// (or RFC 6675 §5 with sack_recovery), the RTO collapse, the restart window
/// and the undo of a spurious reduction. A subclass supplies the
/// multiplicative decrease and the congestion-avoidance increase through the
/// private hooks below.
class LossBasedController : public CongestionController {
public:
    void on_ack(std::uint32_t newly_acked, std::optional<Duration> rtt, Instant now,
                std::uint32_t in_flight) final;
    void on_duplicate_ack(Instant now, std::uint32_t in_flight) final;
    void enter_fast_recovery(Instant now, std::uint32_t in_flight) final;
    void exit_recovery(Instant now, std::uint32_t in_flight) final;
    void on_retransmission_timeout(Instant now, std::uint32_t in_flight) final;
    void on_idle_restart(Instant now) final;
    bool on_spurious_congestion(Instant now) final;

    std::uint32_t cwnd() const final { return cwnd_; }
    std::uint32_t ssthresh() const final { return ssthresh_; }
    bool in_recovery() const final { return in_recovery_; }

    std::uint32_t smss() const { return smss_; }
    std::uint32_t initial_window() const { return initial_window_; }
    /// RFC 6298 §2 smoothed RTT of the samples seen, if any.
    std::optional<Duration> srtt() const { return srtt_; }

protected:
    explicit LossBasedController(const CongestionConfig& config);

    /// Sets cwnd, clamped to [smss, kMaxCongestionWindow].
    void set_cwnd(std::uint64_t bytes);
    const CongestionConfig& config() const { return config_; }

private:
    /// ssthresh after a loss with `in_flight` outstanding (floored at 2*SMSS
    /// by the caller).
    virtual std::uint64_t decreased_ssthresh(std::uint32_t in_flight) const = 0;
    /// Congestion avoidance: `acked` bytes acknowledged while cwnd-limited
    /// and cwnd >= ssthresh.
    virtual void grow_in_avoidance(std::uint32_t acked, Instant now) = 0;
    /// An ACK in congestion avoidance while not cwnd-limited.
    virtual void on_app_limited_ack(Instant now) = 0;
    /// A reduction is about to happen; cwnd() is still the value before it.
    virtual void on_reduction(Instant now, bool timeout) = 0;
    /// Idle restart applied (RFC 5681 §4.1).
    virtual void on_restart(Instant now) = 0;
    /// Save/restore the subclass state a spurious-reduction undo needs.
    virtual void save_undo_state() = 0;
    virtual void restore_undo_state() = 0;

    std::uint32_t slow_start(std::uint32_t acked);
    void partial_ack(std::uint32_t acked);
    bool cwnd_limited(std::uint32_t acked, std::uint32_t in_flight) const;
    void update_srtt(Duration sample);
    void reduce(Instant now, std::uint32_t in_flight, bool timeout);

    CongestionConfig config_;
    std::uint32_t smss_;
    std::uint32_t initial_window_;
    std::uint32_t cwnd_;
    std::uint32_t ssthresh_;
    bool in_recovery_ = false;
    bool timed_out_ = false;       // an RTO fired and no new data was acked since
    bool rto_slow_start_ = false;  // slow start after an RTO: L = 1*SMSS
    std::optional<Duration> srtt_;
    struct Undo {
        bool valid = false;
        std::uint32_t cwnd = 0;
        std::uint32_t ssthresh = 0;
    } undo_;
};

}  // namespace sluice::stack
