// NewReno's decrease and congestion-avoidance increase. Scope and
// invariants: newreno.hpp; the shared rules: congestion.hpp.
#include <sluice/stack/tcp/newreno.hpp>

#include <algorithm>

namespace sluice::stack {

// RFC 5681 §3.1 equation (4); the 2*SMSS floor is applied by the caller.
std::uint64_t NewReno::decreased_ssthresh(std::uint32_t in_flight) const { return in_flight / 2; }

// RFC 5681 §3.1 / RFC 3465 §2.1: one SMSS per cwnd of acked bytes.
void NewReno::grow_in_avoidance(std::uint32_t acked, Instant) {
    bytes_acked_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{bytes_acked_} + acked,
                                                                      kUnlimitedSsthresh));
    if (bytes_acked_ < cwnd()) return;
    bytes_acked_ -= cwnd();
    set_cwnd(std::uint64_t{cwnd()} + smss());
}

}  // namespace sluice::stack
