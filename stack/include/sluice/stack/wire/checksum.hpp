// The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
//
// All functions work on byte spans in network order and return the value to
// store in the packet in host order (write it with a big-endian store).
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <cstdint>

namespace sluice::wire {

/// One's-complement sum of `data` folded to 16 bits, not inverted, added to
/// `initial` (an unfolded partial sum). RFC 1071 section 4.1.
std::uint32_t checksum_partial(Bytes data, std::uint32_t initial = 0);

/// Folds a partial sum and inverts it: the value to put in a checksum field.
std::uint16_t checksum_finish(std::uint32_t partial);

/// checksum_finish(checksum_partial(data)). Over data that contains a correct
/// checksum field, the result is 0.
std::uint16_t internet_checksum(Bytes data);

/// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for one 16-bit word changing from
/// `old_word` to `new_word`.
std::uint16_t checksum_update16(std::uint16_t old_checksum, std::uint16_t old_word,
                                std::uint16_t new_word);

}  // namespace sluice::wire
