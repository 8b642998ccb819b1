// A hashed timer wheel on injected time.
//
// Timers are intrusive (a Timer is a member of the object it serves: a
// neighbour entry, later a TCB), so arming and cancelling never allocate.
// The wheel has `slot_count` slots of `tick` each; a timer whose deadline is
// more than one rotation away waits in its slot until its tick comes round.
//
// Invariants:
//  - A Timer is armed iff it is linked into exactly one slot.
//  - A timer fires at the first advance() whose `now` is >= its deadline,
//    never earlier; firing unlinks it before its callback runs, so the
//    callback may re-arm it, arm/cancel/destroy any other timer, or destroy
//    the object that owns the firing timer itself (the wheel touches
//    nothing of a timer after calling its callback).
//  - Destroying an armed Timer unlinks it (no dangling pointers in the wheel).
//  - The wheel must outlive every Timer armed on it.
#pragma once

#include <sluice/stack/core/time.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace sluice::stack {

class TimerWheel;

/// One timer. The callback gets the `now` of the advance() that fired it.
class Timer {
public:
    using Callback = std::function<void(Instant now)>;

    Timer() = default;
    explicit Timer(Callback on_fire) : on_fire_(std::move(on_fire)) {}
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void set_callback(Callback on_fire) { on_fire_ = std::move(on_fire); }
    bool armed() const { return wheel_ != nullptr; }
    Instant deadline() const { return deadline_; }

private:
    friend class TimerWheel;
    Callback on_fire_;
    TimerWheel* wheel_ = nullptr;
    Timer* prev_ = nullptr;
    Timer* next_ = nullptr;
    Instant deadline_{};
    std::int64_t deadline_tick_ = 0;
};

class TimerWheel {
public:
    /// `start` is the time of tick 0; `tick` the resolution.
    explicit TimerWheel(Instant start, Duration tick = std::chrono::milliseconds(1),
                        std::size_t slot_count = 4096);
    ~TimerWheel();
    TimerWheel(const TimerWheel&) = delete;
    TimerWheel& operator=(const TimerWheel&) = delete;

    /// Arms `timer` for `deadline` (re-arms it if already armed).
    void schedule(Timer& timer, Instant deadline);
    /// Disarms `timer`; harmless if it is not armed.
    void cancel(Timer& timer);
    /// Fires every timer due at `now`, in deadline-tick order. Returns how
    /// many fired.
    std::size_t advance(Instant now);
    /// Earliest deadline among armed timers (scans the wheel: for idle
    /// decisions, not for the per-packet path).
    std::optional<Instant> next_deadline() const;
    std::size_t armed_count() const { return armed_; }
    Duration tick() const { return tick_; }

private:
    std::int64_t tick_of(Instant t) const;
    void link(Timer& timer);
    void unlink(Timer& timer);
    Timer* first_due(std::size_t slot, Instant now) const;
    std::size_t fire_slot(std::int64_t tick, Instant now);

    Instant start_;
    Duration tick_;
    std::vector<Timer*> slots_;
    std::int64_t current_tick_ = 0;    ///< every tick < current_tick_ has been processed
    std::int64_t schedule_floor_ = 0;  ///< earliest tick a newly armed timer may take
    std::size_t armed_ = 0;
};

}  // namespace sluice::stack
