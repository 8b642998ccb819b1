// EngineHost: where a stack Engine runs and how application threads reach it.
//
// Two modes, one interface (docs/architecture.md, "Engines and threads"):
//  - inline: the calling application thread *is* the engine. run(f) takes
//    the engine lock, runs f on the engine, then polls it once (so what f
//    queued leaves at once and loopback traffic is delivered). A blocking
//    wait polls the engine itself while it waits. Several application
//    threads may share an inline engine; the lock serialises them.
//  - threaded: the engine polls on its own thread. Each application thread
//    owns a slot with a Boost.Lockfree single-producer/single-consumer queue;
//    run(f) posts a request there and waits for its completion: it spins
//    first, then parks on the slot's condition variable. The engine
//    drains every slot's queue once per poll iteration.
// Either way f runs with exclusive access to the engine, so everything a
// socket owns is touched only inside run() closures.
//
// Waiting for progress: activity() is a counter bumped whenever a poll did
// work (a frame in, a packet looped back, a timer fired) and whenever a
// request ran. A blocking call reads it, tries its operation in run(), and
// if it would block calls wait_for_activity(seen, deadline): that returns as
// soon as the counter moved (or at the deadline, or at shutdown), after which
// the caller tries again. No wake-up can be lost: the counter is read before
// the attempt.
//
// Idle: busy mode spins; adaptive mode backs off (IdleBackoff) so two
// processes on a small machine do not starve each other. A backing-off engine
// thread sleeps on a condition variable that a posting application thread
// signals (only while the engine sleeps), so a request never waits out a
// back-off. Waiters (threaded, and inline ones backing off) spin first, then
// sleep on a condition variable that activity signals only while someone
// sleeps.
//
// Invariants: the engine is touched by exactly one thread at a time; a slot
// outlives every request posted to it (slots live as long as the host, and a
// thread's slot is handed back when the thread ends); the destructor stops
// the engine thread after every pending request ran.
#pragma once

#include <sluice/provider/stack_config.hpp>
#include <sluice/stack/core/idle.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace sluice::provider {

/// Deadlines of blocking calls (SO_RCVTIMEO, select, WSAPoll) are wall-clock
/// intervals measured on the steady clock, independent of engine time.
using SteadyTime = std::chrono::steady_clock::time_point;

class EngineHost {
public:
    /// Takes ownership of `engine` (already constructed, not yet started).
    /// Threaded mode starts the engine thread here.
    EngineHost(std::unique_ptr<stack::Engine> engine, stack::TscClock clock, EngineMode mode,
               IdleMode idle, std::optional<unsigned> engine_cpu = std::nullopt);
    ~EngineHost();
    EngineHost(const EngineHost&) = delete;
    EngineHost& operator=(const EngineHost&) = delete;

    EngineMode mode() const { return mode_; }

    /// Runs f(engine, now) with exclusive access to the engine and returns
    /// its result. Must not be called from inside another run().
    template <class F>
    auto run(F&& f) -> std::invoke_result_t<F&, stack::Engine&, stack::Instant> {
        using R = std::invoke_result_t<F&, stack::Engine&, stack::Instant>;
        if constexpr (std::is_void_v<R>) {
            execute(Request{&f, [](void* fn, stack::Engine& e, stack::Instant now) {
                                (*static_cast<std::remove_reference_t<F>*>(fn))(e, now);
                            }});
        } else {
            std::optional<R> result;
            auto wrapper = [&](stack::Engine& e, stack::Instant now) { result.emplace(f(e, now)); };
            execute(Request{&wrapper, [](void* fn, stack::Engine& e, stack::Instant now) {
                                (*static_cast<decltype(wrapper)*>(fn))(e, now);
                            }});
            return std::move(*result);
        }
    }

    /// The activity counter (see the file comment).
    std::uint64_t activity() const { return activity_.load(std::memory_order_acquire); }

    /// Waits until activity() != seen, the deadline passes (false) or the
    /// host is shutting down (false). Inline mode polls the engine meanwhile.
    bool wait_for_activity(std::uint64_t seen, std::optional<SteadyTime> deadline);

    /// Bumps activity() and wakes sleeping waiters: for changes made outside
    /// a poll that a waiter must see (closesocket of a socket being waited on).
    void notify();

    /// Wakes every waiter and makes later waits return at once (shutdown).
    void interrupt_waiters();

    /// Keeps the engine running until no graceful close is still delivering
    /// (TcpLayer::closing_count() == 0) or `limit` passes; false on the
    /// latter. For the last WSACleanup: an inline engine sends only while
    /// the application calls in, so closesocket's FIN (and data before it)
    /// would otherwise die with the process.
    bool drain_closes(std::chrono::milliseconds limit);

    /// Checks a threaded caller makes spinning before it parks (small: on an
    /// oversubscribed machine spinning starves the engine thread it waits
    /// for). No sched_yield phase: under load from other processes a yield
    /// gives the CPU away for whole time slices (measured: UDP echo over TAP
    /// at load 6 fell from 9,000 to 190 datagrams/s with 16 yields), while a
    /// parked thread gets the scheduler's wake-up preference.
    static constexpr unsigned kSpinChecks = 256;

    /// Per-thread request slot (threaded mode); public for the slot pool.
    struct Request {
        void* fn = nullptr;
        void (*call)(void*, stack::Engine&, stack::Instant) = nullptr;
    };
    class SlotPool;

private:
    void execute(Request request);
    void execute_inline(Request request);
    void execute_threaded(Request request);
    unsigned poll_and_count(stack::Instant now);
    void note_activity();
    void engine_thread_main(std::optional<unsigned> cpu);
    bool wait_inline(std::uint64_t seen, std::optional<SteadyTime> deadline);
    bool wait_threaded(std::uint64_t seen, std::optional<SteadyTime> deadline);
    /// Sleeps until activity() != seen, interruption, or the deadline.
    bool sleep_until_activity(std::uint64_t seen, std::optional<SteadyTime> deadline);
    /// Engine thread, idle: sleeps up to `sleep` unless a request is posted.
    void engine_idle_sleep(stack::Duration sleep, std::uint64_t posted_before_drain);
    /// Application thread, after posting: wakes a sleeping engine thread.
    void wake_engine();

    std::unique_ptr<stack::Engine> engine_;
    stack::TscClock clock_;
    EngineMode mode_;
    IdleMode idle_;

    std::mutex engine_mutex_;  ///< inline mode: who is the engine right now

    std::shared_ptr<SlotPool> slots_;  ///< threaded mode
    std::atomic<bool> stop_{false};
    std::thread engine_thread_;

    std::atomic<std::uint64_t> posted_{0};        ///< requests posted (threaded)
    std::atomic<bool> engine_sleeping_{false};
    std::mutex engine_sleep_mutex_;
    std::condition_variable engine_sleep_cv_;

    std::atomic<std::uint64_t> activity_{0};
    std::atomic<bool> interrupted_{false};
    std::atomic<int> sleepers_{0};
    std::mutex sleep_mutex_;
    std::condition_variable sleep_cv_;
};

}  // namespace sluice::provider
