// The wait loop of every blocking provider call (recv, send, connect,
// accept): try the operation on the engine; if it would block and the
// socket is blocking, wait for engine activity and try again. Private to
// provider/src.
//
// Rules (docs/winsock-api.md, "Engines and threads"; spi.hpp):
//  - an attempt runs inside EngineHost::run and says what happened as a
//    Step: done (an error code or 0), or "would block" with whether the
//    caller may wait (false on a FIONBIO socket: WSAEWOULDBLOCK) and the
//    timeout that applies (SO_RCVTIMEO / SO_SNDTIMEO, 0 = none);
//  - the activity counter is read before each attempt, so no wake-up is lost;
//  - the deadline is checked on every round (on a busy port activity never
//    stops, so the wait alone would never time out): WSAETIMEDOUT;
//  - a socket closed before the first attempt is WSAENOTSOCK; closed while
//    waiting, or the stack shutting down, WSAEINTR.
#pragma once

#include "tcpip_socket.hpp"

#include <sluice/provider/engine_host.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace sluice::provider {

/// What one attempt of a blocking call did.
struct Step {
    int error = 0;              ///< final result when !would_block
    bool would_block = false;   ///< nothing could be done yet
    bool may_wait = false;      ///< a blocking socket: wait and retry
    std::uint32_t timeout_ms = 0;  ///< the option bounding the wait (0 = forever)

    static Step done(int error) { return Step{error, false, false, 0}; }
    static Step blocked(bool non_blocking, std::uint32_t timeout_ms) {
        return Step{err::wsaewouldblock, true, !non_blocking, timeout_ms};
    }
};

inline bool past(std::optional<SteadyTime> deadline) {
    return deadline && std::chrono::steady_clock::now() >= *deadline;
}

/// Runs `attempt(engine, now) -> Step` until it is done; see the file comment.
template <class Attempt>
int run_blocking(EngineHost& host, TcpIpSocket& s, Attempt&& attempt) {
    std::optional<SteadyTime> deadline;
    for (bool first = true;; first = false) {
        const std::uint64_t seen = host.activity();
        const Step step = host.run(attempt);
        if (!step.would_block || !step.may_wait) {
            return step.error == err::wsaeintr && first ? err::wsaenotsock : step.error;
        }
        if (first && step.timeout_ms != 0)
            deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(step.timeout_ms);
        if (past(deadline)) return err::wsaetimedout;
        if (!host.wait_for_activity(seen, deadline)) {
            const bool closed = host.run([&](stack::Engine&, stack::Instant) { return s.closed; });
            if (!closed && past(deadline)) return err::wsaetimedout;
            return err::wsaeintr;  // closed meanwhile, or the stack is shutting down (WSACleanup)
        }
    }
}

}  // namespace sluice::provider
