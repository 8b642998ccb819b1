// TscClock: turns the CPU's time-stamp counter into engine Instants.
//
// The driver of an engine (an app's poll loop) reads it once per iteration
// and passes the result down as `now`. Protocol code never includes this.
// Invariant: monotonic for the life of the process (invariant TSC assumed, as
// DPDK does); the epoch is the moment the clock was constructed.
#pragma once

#include <sluice/stack/core/time.hpp>

#include <cstdint>

namespace sluice::stack {

class TscClock {
public:
    /// Calibrates against DPDK's measured TSC frequency (EAL must be up).
    TscClock();
    /// Uses an explicit frequency (for tests that drive it by hand).
    explicit TscClock(std::uint64_t tsc_hz);

    Instant now() const;
    /// Converts a raw TSC reading taken on this machine.
    Instant from_tsc(std::uint64_t tsc) const;
    std::uint64_t hz() const { return hz_; }

private:
    std::uint64_t hz_;
    std::uint64_t start_;
    std::uint64_t ns_per_tick_q32_;  ///< 1e9 / hz in 32.32 fixed point: one multiply per reading
};

}  // namespace sluice::stack
