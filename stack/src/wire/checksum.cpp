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

#include <rte_byteorder.h>
#include <rte_ip.h>

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
    // DPDK's rte_raw_cksum sums native-order (little-endian) words, odd byte
    // as the low byte of a last word; swapping the folded result gives the
    // same sum over big-endian words with the odd byte high (RFC 1071 2(B):
    // the sum is byte-order independent).
    const std::uint16_t native = rte_raw_cksum(data.data(), data.size());
    return fold(std::uint64_t{initial} + rte_be_to_cpu_16(native));
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
