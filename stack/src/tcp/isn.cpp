// RFC 6528 initial sequence numbers. Scope and invariants: isn.hpp.
#include <sluice/stack/tcp/isn.hpp>

#include <chrono>
#include <ratio>

namespace sluice::stack {
namespace {

// Keeps F apart from the other uses of a key (SYN cookies), should the engine
// ever hand the same key to both.
constexpr std::uint32_t isn_domain = 0x49534e00;  // "ISN\0"

using IsnTicks = std::chrono::duration<std::int64_t, std::ratio<4, 1'000'000>>;
static_assert(IsnTicks{1} == isn_tick);

}  // namespace

std::uint32_t isn_clock(Instant now) {
    const auto ticks = std::chrono::floor<IsnTicks>(now.time_since_epoch());
    return static_cast<std::uint32_t>(ticks.count());  // mod 2^32
}

SeqNum IsnGenerator::isn(const FourTuple& tuple, Instant now) const {
    const auto f = static_cast<std::uint32_t>(hash_four_tuple(secret_, tuple, isn_domain));
    return SeqNum{isn_clock(now)} + f;
}

}  // namespace sluice::stack
