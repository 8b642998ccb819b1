// The shared loss-based controller (slow start, fast recovery, RTO, restart,
// undo) and the controller factory. Scope, call order and invariants:
// congestion.hpp.
#include <sluice/stack/tcp/congestion.hpp>
#include <sluice/stack/tcp/cubic.hpp>
#include <sluice/stack/tcp/newreno.hpp>

#include <algorithm>

namespace sluice::stack {

namespace {

std::uint32_t clamp_window(std::uint64_t bytes, std::uint32_t smss) {
    return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(bytes, smss, kMaxCongestionWindow));
}

}  // namespace

std::uint32_t rfc6928_initial_window(std::uint32_t smss) {
    const std::uint64_t s = smss;
    return clamp_window(std::min<std::uint64_t>(10 * s, std::max<std::uint64_t>(2 * s, 14600)), smss);
}

std::uint32_t rfc5681_initial_window(std::uint32_t smss) {
    const std::uint64_t s = smss;
    const std::uint64_t segments = smss > 2190 ? 2 : smss > 1095 ? 3 : 4;
    return clamp_window(segments * s, smss);
}

std::unique_ptr<CongestionController> make_congestion_controller(std::string_view name,
                                                                 const CongestionConfig& config) {
    if (name == "newreno") return std::make_unique<NewReno>(config);
    if (name == "cubic") return std::make_unique<Cubic>(config);
    return nullptr;
}

LossBasedController::LossBasedController(const CongestionConfig& config)
    : config_(config),
      smss_(std::clamp<std::uint32_t>(config.smss, 1, kMaxCongestionWindow)),
      initial_window_(clamp_window(config.initial_window != 0 ? config.initial_window : rfc6928_initial_window(smss_),
                                   smss_)),
      cwnd_(initial_window_),
      ssthresh_(config.initial_ssthresh) {}

void LossBasedController::set_cwnd(std::uint64_t bytes) { cwnd_ = clamp_window(bytes, smss_); }

// RFC 5681 §3.1 slow start and congestion avoidance; in recovery, RFC 6582
// §3.2 step 4 (partial ACK).
void LossBasedController::on_ack(std::uint32_t newly_acked, std::optional<Duration> rtt, Instant now,
                                 std::uint32_t in_flight) {
    if (rtt) update_srtt(*rtt);
    if (newly_acked == 0) return;
    timed_out_ = false;
    if (in_recovery_) {
        partial_ack(newly_acked);
        return;
    }
    if (!cwnd_limited(newly_acked, in_flight)) {
        if (cwnd_ >= ssthresh_) on_app_limited_ack(now);
        return;
    }
    const std::uint32_t rest = slow_start(newly_acked);
    if (rest != 0) grow_in_avoidance(rest, now);
}

// RFC 3465 §2.2: cwnd += min(N, L*SMSS), never past ssthresh; L = 1*SMSS in
// slow start after an RTO (§2.3). Returns the acked bytes left over for
// congestion avoidance once cwnd reaches ssthresh (all of them when it
// already had).
std::uint32_t LossBasedController::slow_start(std::uint32_t acked) {
    if (cwnd_ >= ssthresh_) return acked;
    const std::uint64_t limit_segments = rto_slow_start_ ? 1 : std::max<std::uint32_t>(config_.abc_limit_segments, 1);
    const std::uint64_t room = ssthresh_ - cwnd_;
    const std::uint64_t increase = std::min({std::uint64_t{acked}, limit_segments * smss_, room});
    set_cwnd(cwnd_ + increase);
    if (cwnd_ < ssthresh_) return 0;
    rto_slow_start_ = false;
    return static_cast<std::uint32_t>(acked - increase);
}

// RFC 6582 §3.2 step 4: deflate by the newly acked amount, add back one SMSS
// if at least one SMSS was acked. RFC 6675 §5 holds cwnd instead.
void LossBasedController::partial_ack(std::uint32_t acked) {
    if (config_.sack_recovery) return;
    std::uint64_t window = cwnd_ > acked ? cwnd_ - acked : 0;
    if (acked >= smss_) window += smss_;
    set_cwnd(window);
}

// The flight before this ACK left less than one SMSS of cwnd unused.
bool LossBasedController::cwnd_limited(std::uint32_t acked, std::uint32_t in_flight) const {
    return std::uint64_t{in_flight} + acked + smss_ > cwnd_;
}

// RFC 6298 §2.2-2.3: SRTT = R, then SRTT = 7/8 SRTT + 1/8 R (integer ns).
void LossBasedController::update_srtt(Duration sample) {
    const Duration r = std::max(sample, Duration::zero());
    srtt_ = srtt_ ? (*srtt_ * 7 + r) / 8 : r;
}

// RFC 5681 §3.1 equation (4) and §3.2 step 2, with the subclass's decrease:
// ssthresh = max(decrease(FlightSize), 2*SMSS). Saves the state for undo.
void LossBasedController::reduce(Instant now, std::uint32_t in_flight, bool timeout) {
    undo_ = Undo{true, cwnd_, ssthresh_};
    save_undo_state();
    on_reduction(now, timeout);
    const std::uint64_t floor = 2 * std::uint64_t{smss_};
    ssthresh_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        std::max(decreased_ssthresh(in_flight), floor), kUnlimitedSsthresh));
}

// RFC 5681 §3.2 step 4: each further duplicate ACK inflates cwnd by SMSS.
void LossBasedController::on_duplicate_ack(Instant, std::uint32_t) {
    if (in_recovery_ && !config_.sack_recovery) set_cwnd(std::uint64_t{cwnd_} + smss_);
}

// RFC 5681 §3.2 steps 2-3 (cwnd = ssthresh + 3*SMSS), RFC 6582 §3.2 step 2;
// RFC 6675 §5 step 4.2 (cwnd = ssthresh) with sack_recovery.
void LossBasedController::enter_fast_recovery(Instant now, std::uint32_t in_flight) {
    if (in_recovery_) return;
    reduce(now, in_flight, false);
    in_recovery_ = true;
    rto_slow_start_ = false;
    set_cwnd(config_.sack_recovery ? ssthresh_ : std::uint64_t{ssthresh_} + 3 * std::uint64_t{smss_});
}

// RFC 6582 §3.2 step 3, option (1): cwnd = min(ssthresh, max(FlightSize,
// SMSS) + SMSS), which avoids a burst when little is outstanding.
void LossBasedController::exit_recovery(Instant, std::uint32_t in_flight) {
    if (!in_recovery_) return;
    in_recovery_ = false;
    const std::uint64_t flight = std::max(in_flight, smss_);
    set_cwnd(std::min<std::uint64_t>(ssthresh_, flight + smss_));
}

// RFC 5681 §3.1: ssthresh per equation (4) unless the timer already fired
// with nothing acked since (a segment retransmitted by the timer again keeps
// ssthresh); cwnd = LW = 1*SMSS. RFC 6582 §3.2 step 5: recovery ends.
void LossBasedController::on_retransmission_timeout(Instant now, std::uint32_t in_flight) {
    if (!timed_out_) reduce(now, in_flight, true);
    timed_out_ = true;
    in_recovery_ = false;
    rto_slow_start_ = true;
    set_cwnd(smss_);
}

// RFC 5681 §4.1: cwnd = RW = min(IW, cwnd). An old reduction can no longer
// be undone after idling.
void LossBasedController::on_idle_restart(Instant now) {
    set_cwnd(std::min(cwnd_, initial_window_));
    undo_.valid = false;
    on_restart(now);
}

// RFC 9438 §4.9 (and the restore of RFC 4015 §3.2 for Reno): cwnd =
// max(cwnd, cwnd before the reduction), ssthresh as it was.
bool LossBasedController::on_spurious_congestion(Instant) {
    if (!undo_.valid) return false;
    set_cwnd(std::max(cwnd_, undo_.cwnd));
    ssthresh_ = undo_.ssthresh;
    in_recovery_ = false;
    timed_out_ = false;
    rto_slow_start_ = false;
    undo_.valid = false;
    restore_undo_state();
    return true;
}

}  // namespace sluice::stack
