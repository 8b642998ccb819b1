// NewReno congestion control: RFC 5681 with RFC 6582's partial-ACK handling.
//
// What it adds to LossBasedController (congestion.hpp, which holds slow start
// with RFC 3465 byte counting, fast retransmit/recovery with window inflation
// and partial-ACK deflation, the RTO collapse and the restart window):
//   - the multiplicative decrease: ssthresh = max(FlightSize / 2, 2*SMSS)
//     (RFC 5681 §3.1 equation (4)), on fast retransmit and on RTO;
//   - congestion avoidance by byte counting (RFC 5681 §3.1, RFC 3465 §2.1):
//     acked bytes accumulate in bytes_acked; when it reaches cwnd, it drops
//     by cwnd and cwnd grows by one SMSS, so a cwnd-limited flow gains one
//     SMSS per RTT however the receiver spaces its ACKs.
//
// Invariants: bytes_acked counts only cwnd-limited congestion-avoidance ACKs
// since the last reduction or restart (it is zeroed by both). Integer
// arithmetic only.
#pragma once

#include <sluice/stack/tcp/congestion.hpp>

namespace sluice::stack {

class NewReno final : public LossBasedController {
public:
    explicit NewReno(const CongestionConfig& config = {}) : LossBasedController(config) {}

    std::string_view name() const override { return "newreno"; }
    /// RFC 3465 §2.1 congestion-avoidance byte counter.
    std::uint32_t bytes_acked() const { return bytes_acked_; }

private:
    std::uint64_t decreased_ssthresh(std::uint32_t in_flight) const override;
    void grow_in_avoidance(std::uint32_t acked, Instant now) override;
    void on_app_limited_ack(Instant) override {}
    void on_reduction(Instant, bool) override { bytes_acked_ = 0; }
    void on_restart(Instant) override { bytes_acked_ = 0; }
    void save_undo_state() override {}
    void restore_undo_state() override {}

    std::uint32_t bytes_acked_ = 0;
};

}  // namespace sluice::stack
