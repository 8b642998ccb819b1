// Big-endian loads and stores on byte spans (network byte order, RFC 791
// Appendix B). Internal to the wire layer.
//
// Plain shifts rather than memcpy + rte_be_to_cpu: the compiler turns these
// into a single load and bswap, and they need no alignment.
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>

namespace sluice::wire::detail {

inline std::uint16_t load_be16(Bytes b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline std::uint32_t load_be32(Bytes b, std::size_t at) {
    return (std::uint32_t{load_be16(b, at)} << 16) | load_be16(b, at + 2);
}

inline void store_be16(MutableBytes b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v & 0xff);
}

inline void store_be32(MutableBytes b, std::size_t at, std::uint32_t v) {
    store_be16(b, at, static_cast<std::uint16_t>(v >> 16));
    store_be16(b, at + 2, static_cast<std::uint16_t>(v & 0xffff));
}

}  // namespace sluice::wire::detail
