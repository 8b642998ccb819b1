// EngineHost: inline and threaded execution of one engine. Design and
// invariants: engine_host.hpp.
#include <sluice/provider/engine_host.hpp>

#include <boost/lockfree/spsc_queue.hpp>

#include <rte_pause.h>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <vector>

namespace sluice::provider {

/// The per-thread request slots of a threaded host. Slots are created on
/// demand, published in a fixed array the engine thread scans, never freed
/// before the pool, and handed back (in_use = false) when their thread ends.
class EngineHost::SlotPool {
public:
    struct Slot {
        boost::lockfree::spsc_queue<Request, boost::lockfree::capacity<8>> queue;
        std::atomic<std::uint32_t> completed{0};  ///< requests run (engine writes)
        std::uint32_t issued = 0;                 ///< requests posted (owner thread only)
        std::atomic<bool> in_use{false};
        std::atomic<bool> parked{false};  ///< the owner sleeps on `wake` (signal only then)
        std::mutex park_mutex;
        std::condition_variable wake;

        /// Engine side: one more request ran; wakes the owner if it parked.
        void complete() {
            completed.fetch_add(1, std::memory_order_seq_cst);
            if (parked.load(std::memory_order_seq_cst)) {
                std::lock_guard lock(park_mutex);
                wake.notify_one();
            }
        }

        /// Owner side: sleeps until `target` requests ran.
        void park_until(std::uint32_t target) {
            parked.store(true, std::memory_order_seq_cst);
            {
                std::unique_lock lock(park_mutex);
                wake.wait(lock, [&] { return completed.load(std::memory_order_seq_cst) == target; });
            }
            parked.store(false, std::memory_order_relaxed);
        }
    };
    static constexpr std::size_t kMaxSlots = 4096;

    /// A free slot for the calling thread, or nullptr when all are taken.
    Slot* acquire() {
        const std::size_t n = count_.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < n; ++i) {
            Slot* s = slots_[i].load(std::memory_order_acquire);
            bool expected = false;
            if (s->in_use.compare_exchange_strong(expected, true)) return s;
        }
        std::lock_guard lock(grow_mutex_);
        const std::size_t i = count_.load(std::memory_order_relaxed);
        if (i == kMaxSlots) return nullptr;
        owned_.push_back(std::make_unique<Slot>());
        Slot* s = owned_.back().get();
        s->in_use.store(true);
        slots_[i].store(s, std::memory_order_release);
        count_.store(i + 1, std::memory_order_release);
        return s;
    }

    static void release(Slot* slot) { slot->in_use.store(false, std::memory_order_release); }

    /// Engine thread: runs every queued request; returns how many ran.
    unsigned drain(stack::Engine& engine, stack::Instant now) {
        unsigned ran = 0;
        const std::size_t n = count_.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < n; ++i) {
            Slot& s = *slots_[i].load(std::memory_order_acquire);
            Request r;
            while (s.queue.pop(r)) {
                r.call(r.fn, engine, now);
                s.complete();
                ++ran;
            }
        }
        return ran;
    }

private:
    std::mutex grow_mutex_;
    std::vector<std::unique_ptr<Slot>> owned_;
    std::array<std::atomic<Slot*>, kMaxSlots> slots_{};
    std::atomic<std::size_t> count_{0};
};

namespace {

/// The calling thread's slots, one per live threaded host it has used; each
/// is handed back when the thread ends (if its host still exists).
class ThreadSlots {
public:
    ~ThreadSlots() {
        for (auto& [pool, slot] : entries_) {
            if (pool.lock()) EngineHost::SlotPool::release(slot);
        }
    }

    EngineHost::SlotPool::Slot* slot_for(const std::shared_ptr<EngineHost::SlotPool>& pool) {
        for (auto& [weak, slot] : entries_) {
            if (!weak.owner_before(pool) && !pool.owner_before(weak)) return slot;
        }
        std::erase_if(entries_, [](const auto& e) { return e.first.expired(); });
        EngineHost::SlotPool::Slot* slot = pool->acquire();
        if (slot != nullptr) entries_.emplace_back(pool, slot);
        return slot;
    }

private:
    std::vector<std::pair<std::weak_ptr<EngineHost::SlotPool>, EngineHost::SlotPool::Slot*>> entries_;
};

thread_local ThreadSlots t_slots;

stack::IdleBackoff::Mode backoff_mode(IdleMode idle) {
    return idle == IdleMode::busy ? stack::IdleBackoff::Mode::busy : stack::IdleBackoff::Mode::adaptive;
}

}  // namespace

EngineHost::EngineHost(std::unique_ptr<stack::Engine> engine, stack::TscClock clock, EngineMode mode,
                       IdleMode idle, std::optional<unsigned> engine_cpu)
    : engine_(std::move(engine)), clock_(clock), mode_(mode), idle_(idle) {
    engine_->start(clock_.now());
    if (mode_ == EngineMode::threaded) {
        slots_ = std::make_shared<SlotPool>();
        engine_thread_ = std::thread([this, engine_cpu] { engine_thread_main(engine_cpu); });
    }
}

EngineHost::~EngineHost() {
    interrupt_waiters();
    if (engine_thread_.joinable()) {
        stop_.store(true, std::memory_order_release);
        engine_thread_.join();
    }
}

void EngineHost::execute(Request request) {
    if (mode_ == EngineMode::inline_mode) {
        execute_inline(request);
    } else {
        execute_threaded(request);
    }
}

void EngineHost::execute_inline(Request request) {
    std::lock_guard lock(engine_mutex_);
    const stack::Instant now = clock_.now();
    request.call(request.fn, *engine_, now);
    poll_and_count(now);
}

void EngineHost::execute_threaded(Request request) {
    SlotPool::Slot* slot;
    // All kMaxSlots taken means as many live threads: wait for one to end.
    while ((slot = t_slots.slot_for(slots_)) == nullptr) std::this_thread::yield();
    const std::uint32_t target = ++slot->issued;
    while (!slot->queue.push(request)) rte_pause();
    wake_engine();
    for (unsigned i = 0; i < kSpinChecks; ++i) {
        if (slot->completed.load(std::memory_order_acquire) == target) return;
        rte_pause();
    }
    slot->park_until(target);
}

unsigned EngineHost::poll_and_count(stack::Instant now) {
    const unsigned work = engine_->poll(now);
    if (work != 0) note_activity();
    return work;
}

void EngineHost::note_activity() {
    activity_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
        std::lock_guard lock(sleep_mutex_);
        sleep_cv_.notify_all();
    }
}

void EngineHost::notify() { note_activity(); }

void EngineHost::interrupt_waiters() {
    interrupted_.store(true, std::memory_order_seq_cst);
    note_activity();
}

void EngineHost::wake_engine() {
    posted_.fetch_add(1, std::memory_order_seq_cst);
    if (engine_sleeping_.load(std::memory_order_seq_cst)) {
        std::lock_guard lock(engine_sleep_mutex_);
        engine_sleep_cv_.notify_one();
    }
}

void EngineHost::engine_idle_sleep(stack::Duration sleep, std::uint64_t posted_before_drain) {
    // Either the poster sees engine_sleeping_ (and signals under the mutex),
    // or this thread sees its posted_ increment and does not sleep.
    engine_sleeping_.store(true, std::memory_order_seq_cst);
    {
        std::unique_lock lock(engine_sleep_mutex_);
        engine_sleep_cv_.wait_for(lock, sleep, [&] {
            return posted_.load(std::memory_order_seq_cst) != posted_before_drain ||
                   stop_.load(std::memory_order_acquire);
        });
    }
    engine_sleeping_.store(false, std::memory_order_seq_cst);
}

void EngineHost::engine_thread_main(std::optional<unsigned> cpu) {
    if (cpu) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(*cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);  // best effort: a CPU outside the allowed set is ignored
    }
    stack::IdleBackoff backoff(backoff_mode(idle_));
    while (!stop_.load(std::memory_order_acquire)) {
        const stack::Instant now = clock_.now();
        const unsigned polled = engine_->poll(now);
        // Only traffic and timers count as activity: a request that changes
        // what others wait for shows up in the next poll (or calls notify()),
        // and counting requests would wake every waiter on every request.
        if (polled != 0) note_activity();
        const std::uint64_t posted = posted_.load(std::memory_order_seq_cst);
        const unsigned work = polled + slots_->drain(*engine_, now);
        const std::optional<stack::Instant> next =
            backoff.needs_deadline(work) ? engine_->next_deadline() : std::nullopt;
        const stack::Duration sleep = backoff.after_poll(work, now, next);
        if (sleep > stack::Duration::zero()) {
            engine_idle_sleep(sleep, posted);
        } else {
            rte_pause();
        }
    }
    // Requests posted before the stop still complete (their threads wait).
    slots_->drain(*engine_, clock_.now());
}

bool EngineHost::drain_closes(std::chrono::milliseconds limit) {
    const SteadyTime deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const bool done = run([this](stack::Engine& engine, stack::Instant now) {
            if (mode_ == EngineMode::inline_mode) (void)poll_and_count(now);
            return engine.tcp().closing_count() == 0;
        });
        if (done) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        if (mode_ == EngineMode::threaded) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the engine thread polls
        } else {
            rte_pause();
        }
    }
}

bool EngineHost::wait_for_activity(std::uint64_t seen, std::optional<SteadyTime> deadline) {
    return mode_ == EngineMode::inline_mode ? wait_inline(seen, deadline) : wait_threaded(seen, deadline);
}

bool EngineHost::wait_inline(std::uint64_t seen, std::optional<SteadyTime> deadline) {
    stack::IdleBackoff backoff(backoff_mode(idle_));
    for (;;) {
        if (activity() != seen) return true;
        if (interrupted_.load(std::memory_order_acquire)) return false;
        const SteadyTime wall = std::chrono::steady_clock::now();
        if (deadline && wall >= *deadline) return false;
        unsigned work;
        stack::Instant now;
        std::optional<stack::Instant> next;
        {
            std::lock_guard lock(engine_mutex_);
            now = clock_.now();
            work = poll_and_count(now);
            if (backoff.needs_deadline(work)) next = engine_->next_deadline();
        }
        if (activity() != seen) return true;
        stack::Duration sleep = backoff.after_poll(work, now, next);
        if (deadline) sleep = std::min(sleep, std::chrono::duration_cast<stack::Duration>(*deadline - wall));
        if (sleep > stack::Duration::zero()) {
            // Another application thread's call may bring the activity.
            sleep_until_activity(seen, std::chrono::steady_clock::now() + sleep);
        } else {
            rte_pause();
        }
    }
}

bool EngineHost::wait_threaded(std::uint64_t seen, std::optional<SteadyTime> deadline) {
    for (unsigned i = 0; i < kSpinChecks; ++i) {
        if (activity() != seen) return true;
        if (interrupted_.load(std::memory_order_acquire)) return false;
        rte_pause();
    }
    return sleep_until_activity(seen, deadline);
}

bool EngineHost::sleep_until_activity(std::uint64_t seen, std::optional<SteadyTime> deadline) {
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    bool changed;
    {
        std::unique_lock lock(sleep_mutex_);
        const auto ready = [&] { return activity() != seen || interrupted_.load(std::memory_order_seq_cst); };
        if (deadline) {
            sleep_cv_.wait_until(lock, *deadline, ready);
        } else {
            sleep_cv_.wait(lock, ready);
        }
        changed = activity() != seen;
    }
    sleepers_.fetch_sub(1, std::memory_order_seq_cst);
    return changed;
}

}  // namespace sluice::provider
