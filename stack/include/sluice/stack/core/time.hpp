// Engine time: an Instant on a clock that protocol code cannot read.
//
// Time enters the stack only as a parameter (`now`), read once per poll
// iteration by whoever drives the engine (TscClock in production, the test
// itself in unit tests). EngineClock deliberately has no now() member, so a
// protocol file that tries to read the time does not compile.
#pragma once

#include <chrono>
#include <cstdint>

namespace sluice::stack {

/// Tag clock for engine time: nanoseconds since an arbitrary epoch.
struct EngineClock {
    using rep = std::int64_t;
    using period = std::nano;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<EngineClock>;
    static constexpr bool is_steady = true;
};

using Duration = EngineClock::duration;
using Instant = EngineClock::time_point;

/// An Instant from a raw nanosecond count (tests and clock adapters).
constexpr Instant instant_from_ns(std::int64_t ns) { return Instant{Duration{ns}}; }

/// Nanoseconds since the epoch of an Instant.
constexpr std::int64_t ns_since_epoch(Instant t) { return t.time_since_epoch().count(); }

}  // namespace sluice::stack
