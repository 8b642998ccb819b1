// CUBIC's window function, decrease and congestion-avoidance increase
// (RFC 9438). Scope, arithmetic and invariants: cubic.hpp; the shared
// rules: congestion.hpp.
#include <sluice/stack/tcp/cubic.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace sluice::stack {

namespace {

double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

double cubic_k(double w_max, double cwnd_epoch) {
    if (cwnd_epoch >= w_max) return 0.0;
    return std::cbrt((w_max - cwnd_epoch) / kCubicC);
}

double cubic_window(double t, double k, double w_max) {
    const double d = t - k;
    return kCubicC * d * d * d + w_max;
}

double cubic_target(double w_cubic_next, double cwnd) { return std::clamp(w_cubic_next, cwnd, 1.5 * cwnd); }

std::optional<double> Cubic::w_cubic_at(Instant now) const {
    if (!s_.epoch_start) return std::nullopt;
    return w_cubic_bytes(seconds_since_epoch(now));
}

// RFC 9438 §4.6: ssthresh = flight_size * beta_cubic (floor 2*SMSS by the caller).
std::uint64_t Cubic::decreased_ssthresh(std::uint32_t in_flight) const {
    return std::uint64_t{in_flight} * 7 / 10;
}

// RFC 9438 §4.2-4.5, as summarised in cubic.hpp.
void Cubic::grow_in_avoidance(std::uint32_t acked, Instant now) {
    if (!s_.epoch_start) start_epoch(now);
    sync_exact();
    s_.last_ack = now;
    const double t = seconds_since_epoch(now);
    const double rtt = srtt() ? to_seconds(*srtt()) : 0.0;
    const double target = cubic_target(w_cubic_bytes(t + rtt), s_.cwnd_exact);
    const double cwnd_before = s_.cwnd_exact;
    update_w_est(acked);
    if (w_cubic_bytes(t) < s_.w_est) {
        s_.cwnd_exact = std::max(cwnd_before, s_.w_est);
    } else {
        s_.cwnd_exact = cwnd_before + (target - cwnd_before) * acked / cwnd_before;
    }
    s_.cwnd_exact = std::min(s_.cwnd_exact, static_cast<double>(kMaxCongestionWindow));
    set_cwnd(static_cast<std::uint64_t>(s_.cwnd_exact));
}

// RFC 9438 §4.2 / §5.8: application-limited time is not part of t.
void Cubic::on_app_limited_ack(Instant now) {
    if (s_.epoch_start) *s_.epoch_start += now - s_.last_ack;
    s_.last_ack = now;
}

// RFC 9438 §4.6 (cwnd_prior), §4.7 (W_max with fast convergence), §4.8
// (the next stage after a timeout uses K = 0).
void Cubic::on_reduction(Instant, bool timeout) {
    const double cwnd_now = cwnd();
    const bool converge = config().fast_convergence && cwnd_now < s_.w_max;
    s_.w_max = converge ? cwnd_now * (1.0 + kCubicBeta) / 2.0 : cwnd_now;
    s_.cwnd_prior = cwnd_now;
    s_.after_timeout = timeout;
    s_.epoch_start.reset();
}

void Cubic::on_restart(Instant) { s_.epoch_start.reset(); }

// RFC 9438 §4.2 (t_epoch, cwnd_epoch, K), §4.3 (W_est = cwnd_epoch), §4.8.
void Cubic::start_epoch(Instant now) {
    s_.epoch_start = now;
    s_.last_ack = now;
    s_.cwnd_epoch = cwnd();
    s_.cwnd_exact = s_.cwnd_epoch;
    if (s_.after_timeout || s_.w_max <= s_.cwnd_epoch) s_.w_max = s_.cwnd_epoch;
    s_.k = cubic_k(s_.w_max / smss(), s_.cwnd_epoch / smss());
    s_.w_est = s_.cwnd_epoch;
    s_.after_timeout = false;
}

// The shared rules may have moved cwnd since the last ACK (restart, undo).
void Cubic::sync_exact() {
    if (static_cast<std::uint64_t>(s_.cwnd_exact) != cwnd()) s_.cwnd_exact = cwnd();
}

// RFC 9438 Figure 4 in bytes: W_est += alpha * SMSS * acked / cwnd.
void Cubic::update_w_est(std::uint32_t acked) {
    const double alpha = s_.w_est >= s_.cwnd_prior ? 1.0 : kCubicAlpha;
    s_.w_est += alpha * smss() * acked / s_.cwnd_exact;
}

double Cubic::w_cubic_bytes(double t) const { return cubic_window(t, s_.k, s_.w_max / smss()) * smss(); }

double Cubic::seconds_since_epoch(Instant now) const { return to_seconds(now - *s_.epoch_start); }

}  // namespace sluice::stack
