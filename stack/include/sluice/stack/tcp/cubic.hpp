// CUBIC congestion control (RFC 9438).
//
// What it adds to LossBasedController (congestion.hpp: Reno's slow start,
// fast recovery and RTO collapse, which RFC 9438 §4.8 and §4.10 keep):
//   - the decrease (§4.6): ssthresh = max(FlightSize * beta_cubic, 2*SMSS),
//     beta_cubic = 0.7, computed as FlightSize * 7 / 10 in integers;
//     cwnd_prior = cwnd; W_max = cwnd, or with fast convergence (§4.7) and
//     cwnd < W_max, W_max = cwnd * (1 + beta_cubic) / 2;
//   - the increase in congestion avoidance (§4.2-4.5). A congestion-avoidance
//     stage (epoch) starts at its first cwnd-limited ACK: t_epoch = now,
//     cwnd_epoch = cwnd, K = cbrt((W_max - cwnd_epoch) / C) (Figure 2),
//     W_est = cwnd_epoch. Per ACK of `acked` bytes, with t = now - t_epoch:
//       W_cubic(t) = C * (t - K)^3 + W_max             (Figure 1, C = 0.4)
//       target = clamp(W_cubic(t + SRTT), cwnd, 1.5 * cwnd)      (Figure 3)
//       W_est += alpha * acked / cwnd (in segments)     (Figure 4)
//       alpha = 3 * (1 - beta) / (1 + beta), 1 once W_est >= cwnd_prior
//       if W_cubic(t) < W_est:  cwnd = max(cwnd, W_est)  (Reno-friendly, §4.3)
//       else: cwnd += (target - cwnd) * acked / cwnd (concave §4.4, convex §4.5)
//     SRTT is the RFC 6298 average of the samples given to on_ack (0 before
//     the first). cwnd never decreases on an ACK: where the RFC says "set
//     cwnd to W_est" and W_est is below cwnd, cwnd is kept.
//   - the first stage after an RTO (§4.8) uses K = 0, W_max = cwnd_epoch; as
//     does a stage whose cwnd_epoch is at or above W_max (no loss yet, or a
//     restart), so the curve starts convex from cwnd.
//   - §4.2/§5.8: t excludes application-limited time. An ACK in congestion
//     avoidance that was not cwnd-limited moves t_epoch forward by the time
//     since the previous ACK, and grows neither cwnd nor W_est. An idle
//     restart (RFC 5681 §4.1) ends the epoch; the next starts from the
//     reduced cwnd toward the same W_max.
//   - §4.9 undo: the state above is saved at each reduction and restored by
//     on_spurious_congestion (W_max, K, t_epoch, W_est, cwnd_prior).
//
// Arithmetic: IEEE double (W in bytes, t in seconds; the RFC's segment
// formulas are applied to W / SMSS), std::cbrt for K. No clock, no
// randomness, no -ffast-math, no FMA contraction (ISO C++ mode): the same
// event sequence gives bit-identical windows on a given build. cwnd itself
// is whole bytes; the fractional part of the exact window is carried in the
// epoch state so per-ACK growth below one byte is not lost.
//
// Invariants: in an epoch, floor(cwnd_exact) == cwnd() (re-synchronised when
// the shared rules moved cwnd); K >= 0; W_max > 0 once a stage has started.
#pragma once

#include <sluice/stack/tcp/congestion.hpp>

#include <optional>

namespace sluice::stack {

/// RFC 9438 §4.1 constants.
inline constexpr double kCubicC = 0.4;
inline constexpr double kCubicBeta = 0.7;
inline constexpr double kCubicAlpha = 3.0 * (1.0 - kCubicBeta) / (1.0 + kCubicBeta);

/// RFC 9438 Figure 2: K in seconds for windows in segments; 0 when
/// cwnd_epoch >= w_max.
double cubic_k(double w_max, double cwnd_epoch);
/// RFC 9438 Figure 1: W_cubic(t) in segments, t and k in seconds.
double cubic_window(double t, double k, double w_max);
/// RFC 9438 Figure 3: W_cubic(t + RTT) clamped to [cwnd, 1.5 * cwnd].
double cubic_target(double w_cubic_next, double cwnd);

class Cubic final : public LossBasedController {
public:
    explicit Cubic(const CongestionConfig& config = {}) : LossBasedController(config) {}

    std::string_view name() const override { return "cubic"; }

    // Inspection (tests, statistics). Windows in bytes, K in seconds.
    double w_max() const { return s_.w_max; }
    double k() const { return s_.k; }
    double w_est() const { return s_.w_est; }
    double cwnd_prior() const { return s_.cwnd_prior; }
    double cwnd_epoch() const { return s_.cwnd_epoch; }
    /// Start of the current congestion-avoidance stage, if one is running.
    std::optional<Instant> epoch_start() const { return s_.epoch_start; }
    /// W_cubic(now - t_epoch) in bytes, if a stage is running.
    std::optional<double> w_cubic_at(Instant now) const;

private:
    std::uint64_t decreased_ssthresh(std::uint32_t in_flight) const override;
    void grow_in_avoidance(std::uint32_t acked, Instant now) override;
    void on_app_limited_ack(Instant now) override;
    void on_reduction(Instant now, bool timeout) override;
    void on_restart(Instant now) override;
    void save_undo_state() override { saved_ = s_; }
    void restore_undo_state() override { s_ = saved_; }

    void start_epoch(Instant now);
    void sync_exact();
    void update_w_est(std::uint32_t acked);
    double w_cubic_bytes(double t) const;
    double seconds_since_epoch(Instant now) const;

    struct State {
        double w_max = 0;       // bytes
        double k = 0;           // seconds
        double w_est = 0;       // bytes
        double cwnd_epoch = 0;  // bytes
        double cwnd_prior = 0;  // bytes
        double cwnd_exact = 0;  // bytes: cwnd with its fraction, during an epoch
        std::optional<Instant> epoch_start;
        Instant last_ack{};
        bool after_timeout = false;
    };
    State s_;
    State saved_;
};

}  // namespace sluice::stack
