// The Internet checksum: RFC 1071 (computation, section 4.1 reference
// algorithm) and RFC 1624 (incremental update, equation 3).
//
// The sum is the one's-complement sum of the data taken as big-endian 16-bit
// words; an odd trailing byte is the high byte of a word whose low byte is
// zero (RFC 1071 section 4.1, "add left-over byte, if any"). Because the sum
// is byte-order independent (RFC 1071 section 2(B)) reading big-endian yields
// the value to store with a big-endian write.
#include <sluice/stack/wire/checksum.hpp>

#include "byte_order.hpp"

namespace sluice::wire {
namespace {

// End-around carry until the value fits in 16 bits (RFC 1071 section 2(C)).
std::uint16_t fold(std::uint64_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

}  // namespace

// Returns the folded 16-bit partial sum (so it can be chained indefinitely
// without overflow); folding does not change the one's-complement value.
std::uint32_t checksum_partial(Bytes data, std::uint32_t initial) {
    std::uint64_t sum = initial;
    const std::size_t even = data.size() & ~std::size_t{1};
    for (std::size_t i = 0; i < even; i += 2) sum += detail::load_be16(data, i);
    if (even != data.size()) sum += std::uint32_t{data[even]} << 8;
    return fold(sum);
}

std::uint16_t checksum_finish(std::uint32_t partial) {
    return static_cast<std::uint16_t>(~fold(partial));
}

std::uint16_t internet_checksum(Bytes data) {
    return checksum_finish(checksum_partial(data));
}

// RFC 1624 section 3, eqn. 3: HC' = ~(~HC + ~m + m'). Unlike eqn. 2 it never
// produces 0xffff (-0) for a non-zero result (RFC 1624 section 4). It equals
// full recomputation except when the updated data is all zero: then it gives
// 0x0000 where recomputation gives 0xffff, and 0x0000 does not verify. A
// caller that can produce all-zero data (an echo reply with id 0, seq 0 and
// zero data) must recompute or map that case itself.
std::uint16_t checksum_update16(std::uint16_t old_checksum, std::uint16_t old_word,
                                std::uint16_t new_word) {
    const std::uint32_t sum = std::uint32_t{static_cast<std::uint16_t>(~old_checksum)} +
                              std::uint32_t{static_cast<std::uint16_t>(~old_word)} + new_word;
    return static_cast<std::uint16_t>(~fold(sum));
}

}  // namespace sluice::wire
