// IdleBackoff policy. See idle.hpp.
#include <sluice/stack/core/idle.hpp>

#include <algorithm>

namespace sluice::stack {

Duration IdleBackoff::after_poll(unsigned work, Instant now, std::optional<Instant> next_deadline) {
    if (mode_ == Mode::busy) return Duration::zero();
    if (work != 0) {
        idle_polls_ = 0;
        current_ = Duration::zero();
        return Duration::zero();
    }
    if (++idle_polls_ < spin_polls_) return Duration::zero();
    current_ = current_ == Duration::zero() ? min_sleep_ : std::min(current_ * 2, max_sleep_);
    Duration sleep = current_;
    if (next_deadline) sleep = std::clamp(*next_deadline - now, Duration::zero(), sleep);
    return sleep;
}

}  // namespace sluice::stack
