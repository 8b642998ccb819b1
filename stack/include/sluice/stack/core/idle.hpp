// IdleBackoff: what a poll loop does when polls find nothing to do.
//
// Busy polling (the default, lowest latency) never sleeps. Adaptive mode is
// for shared machines and CI: after `spin_polls` consecutive idle polls it
// sleeps, doubling from `min_sleep` up to `max_sleep`, and any work resets it.
// It never sleeps past the engine's next timer deadline.
#pragma once

#include <sluice/stack/core/time.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace sluice::stack {

class IdleBackoff {
public:
    enum class Mode { busy, adaptive };

    explicit IdleBackoff(Mode mode, std::uint32_t spin_polls = 2000,
                         Duration min_sleep = std::chrono::microseconds(10),
                         Duration max_sleep = std::chrono::microseconds(500))
        : mode_(mode), spin_polls_(spin_polls), min_sleep_(min_sleep), max_sleep_(max_sleep) {}

    /// How long to sleep after a poll that did `work` (0 = none). Pure: the
    /// caller sleeps, so the policy is testable.
    Duration after_poll(unsigned work, Instant now, std::optional<Instant> next_deadline);
    /// Whether after_poll(work, ...) could sleep, so that it needs the next
    /// deadline. Finding that deadline walks the timer wheel: a busy loop
    /// (and an adaptive one still spinning) must not pay for it every poll.
    bool needs_deadline(unsigned work) const {
        return mode_ == Mode::adaptive && work == 0 && idle_polls_ + 1 >= spin_polls_;
    }

private:
    Mode mode_;
    std::uint32_t spin_polls_;
    Duration min_sleep_;
    Duration max_sleep_;
    std::uint32_t idle_polls_ = 0;
    Duration current_ = Duration::zero();
};

}  // namespace sluice::stack
