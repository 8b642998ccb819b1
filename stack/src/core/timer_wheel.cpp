// Hashed timer wheel. See timer_wheel.hpp for the invariants.
#include <sluice/stack/core/timer_wheel.hpp>

#include <algorithm>
#include <stdexcept>

namespace sluice::stack {

Timer::~Timer() {
    if (wheel_ != nullptr) wheel_->cancel(*this);
}

TimerWheel::TimerWheel(Instant start, Duration tick, std::size_t slot_count)
    : start_(start), tick_(tick), slots_(slot_count, nullptr) {
    if (tick_.count() <= 0 || slot_count < 2)
        throw std::invalid_argument("TimerWheel: tick must be positive and slots >= 2");
}

TimerWheel::~TimerWheel() {
    // Disarm what is left so that Timer destructors do not touch a dead wheel.
    for (Timer*& head : slots_) {
        while (head != nullptr) unlink(*head);
    }
}

std::int64_t TimerWheel::tick_of(Instant t) const {
    const auto since = t - start_;
    if (since.count() <= 0) return 0;
    // Round up: a deadline inside a tick belongs to the next tick boundary,
    // so a timer never fires before its deadline.
    return (since.count() + tick_.count() - 1) / tick_.count();
}

void TimerWheel::link(Timer& timer) {
    Timer*& head = slots_[static_cast<std::size_t>(timer.deadline_tick_) % slots_.size()];
    timer.prev_ = nullptr;
    timer.next_ = head;
    if (head != nullptr) head->prev_ = &timer;
    head = &timer;
    timer.wheel_ = this;
    ++armed_;
}

void TimerWheel::unlink(Timer& timer) {
    Timer*& head = slots_[static_cast<std::size_t>(timer.deadline_tick_) % slots_.size()];
    if (timer.prev_ != nullptr) timer.prev_->next_ = timer.next_;
    else head = timer.next_;
    if (timer.next_ != nullptr) timer.next_->prev_ = timer.prev_;
    timer.prev_ = timer.next_ = nullptr;
    timer.wheel_ = nullptr;
    --armed_;
}

void TimerWheel::schedule(Timer& timer, Instant deadline) {
    if (timer.wheel_ != nullptr) timer.wheel_->cancel(timer);
    timer.deadline_ = deadline;
    // A deadline in a tick already processed goes to the next tick to process.
    timer.deadline_tick_ = std::max(tick_of(deadline), schedule_floor_);
    link(timer);
}

void TimerWheel::cancel(Timer& timer) {
    if (timer.wheel_ == this) unlink(timer);
}

Timer* TimerWheel::first_due(std::size_t slot, Instant now) const {
    for (Timer* t = slots_[slot]; t != nullptr; t = t->next_) {
        if (t->deadline_ <= now) return t;
    }
    return nullptr;
}

std::size_t TimerWheel::fire_slot(std::int64_t tick, Instant now) {
    // One timer at a time, rescanning from the head: a callback may cancel,
    // destroy or re-arm any other timer, including ones in this slot. Timers
    // armed meanwhile land at tick + 1 or later (schedule_floor_), never in
    // the tick being fired, so this loop ends.
    const auto slot = static_cast<std::size_t>(tick) % slots_.size();
    schedule_floor_ = tick + 1;
    std::size_t fired = 0;
    while (Timer* t = first_due(slot, now)) {
        unlink(*t);
        ++fired;
        if (t->on_fire_) t->on_fire_(now);
    }
    return fired;
}

std::size_t TimerWheel::advance(Instant now) {
    const std::int64_t target = tick_of(now);
    if (target < current_tick_) return 0;
    std::size_t fired = 0;
    const std::int64_t span = target - current_tick_ + 1;
    const std::int64_t steps = std::min<std::int64_t>(span, static_cast<std::int64_t>(slots_.size()));
    for (std::int64_t i = 0; i < steps; ++i) {
        const std::int64_t tick = current_tick_ + i;
        if (slots_[static_cast<std::size_t>(tick) % slots_.size()] != nullptr) fired += fire_slot(tick, now);
    }
    // Tick `target` stays open: it may hold timers due later within it.
    current_tick_ = target;
    schedule_floor_ = target;
    return fired;
}

std::optional<Instant> TimerWheel::next_deadline() const {
    std::optional<Instant> best;
    for (const Timer* head : slots_) {
        for (const Timer* t = head; t != nullptr; t = t->next_) {
            if (!best || t->deadline_ < *best) best = t->deadline_;
        }
    }
    return best;
}

}  // namespace sluice::stack
