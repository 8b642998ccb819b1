// TscClock: TSC readings to nanoseconds. See tsc_clock.hpp.
#include <sluice/stack/core/tsc_clock.hpp>

#include <rte_cycles.h>

#include <stdexcept>

namespace sluice::stack {

TscClock::TscClock() : TscClock(rte_get_tsc_hz()) {}

TscClock::TscClock(std::uint64_t tsc_hz) : hz_(tsc_hz), start_(rte_rdtsc()), ns_per_tick_q32_(0) {
    if (hz_ == 0) throw std::invalid_argument("TscClock: TSC frequency is 0");
    ns_per_tick_q32_ = (1'000'000'000ull << 32) / hz_;
}

Instant TscClock::now() const { return from_tsc(rte_rdtsc()); }

Instant TscClock::from_tsc(std::uint64_t tsc) const {
    // ticks * (1e9/hz) in 32.32 fixed point through a 128-bit product: no
    // division per reading, no overflow for centuries of uptime. Relative
    // error <= 2^-32 / (1e9/hz), far below a nanosecond per second.
    __extension__ using u128 = unsigned __int128;
    const u128 product = static_cast<u128>(tsc - start_) * ns_per_tick_q32_;
    return instant_from_ns(static_cast<std::int64_t>(product >> 32));
}

}  // namespace sluice::stack
