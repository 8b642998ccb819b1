// Initial sequence numbers, RFC 6528 §3 (required by RFC 9293 §3.4.1):
//
//     ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
//
// M is a timer ticking every 4 microseconds (250,000 per second, wrapping
// every ~4.77 hours), so successive incarnations of one connection start
// ahead of the old one's sequence space. F is SipHash-2-4 keyed with a secret
// (low 32 bits), so an off-path attacker who sees the ISNs of its own
// connections learns nothing about anyone else's.
//
// Invariants:
//   - pure: the same (key, tuple, now) always gives the same ISN; time enters
//     only as the injected `now` (protocol code never reads a clock).
//   - for one tuple, ISN(now + d) - ISN(now) = floor-difference of the 4 µs
//     ticks, mod 2^32: it advances with time and with nothing else.
//   - the key is fixed for the generator's lifetime (the engine seeds it from
//     a random source at start): rotating it would throw every tuple to a new
//     random offset and lose the monotonicity across incarnations that M buys.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/core/time.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>
#include <sluice/stack/tcp/seq.hpp>

#include <chrono>
#include <cstdint>

namespace sluice::stack {

/// The period of RFC 6528's timer M.
inline constexpr Duration isn_tick = std::chrono::microseconds(4);

/// M: whole 4 µs ticks since the engine clock's epoch (floored, also before
/// it), mod 2^32.
std::uint32_t isn_clock(Instant now);

class IsnGenerator {
public:
    explicit IsnGenerator(const SipKey& secret) : secret_(secret) {}

    /// The ISN for a connection from tuple.local to tuple.remote opened at `now`.
    SeqNum isn(const FourTuple& tuple, Instant now) const;

private:
    SipKey secret_;
};

}  // namespace sluice::stack
