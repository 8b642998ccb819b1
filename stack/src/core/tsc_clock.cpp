// TscClock: TSC readings to nanoseconds. See tsc_clock.hpp.
#include <sluice/stack/core/tsc_clock.hpp>

#include <rte_cycles.h>

#include <stdexcept>

namespace sluice::stack {

TscClock::TscClock() : TscClock(rte_get_tsc_hz()) {}

TscClock::TscClock(std::uint64_t tsc_hz) : hz_(tsc_hz), start_(rte_rdtsc()) {
    if (hz_ == 0) throw std::invalid_argument("TscClock: TSC frequency is 0");
}

Instant TscClock::now() const { return from_tsc(rte_rdtsc()); }

Instant TscClock::from_tsc(std::uint64_t tsc) const {
    const std::uint64_t ticks = tsc - start_;
    // Split to avoid overflow of ticks * 1e9 for long uptimes.
    const std::uint64_t seconds = ticks / hz_;
    const std::uint64_t rest = ticks % hz_;
    const std::uint64_t ns = seconds * 1'000'000'000ull + rest * 1'000'000'000ull / hz_;
    return instant_from_ns(static_cast<std::int64_t>(ns));
}

}  // namespace sluice::stack
