// WSABUF lists (IoBuffer spans) as the stack's contiguous byte views: total
// size, gathering for a send, scattering after a receive. Private to
// provider/src; shared by the datagram and the stream paths.
//
// Invariants: a single buffer is used in place (no copy); several are
// gathered into, or scattered from, a caller-owned scratch vector.
#pragma once

#include <sluice/provider/spi.hpp>
#include <sluice/stack/wire/address.hpp>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <span>
#include <vector>

namespace sluice::provider {

inline std::size_t total_size(std::span<const IoBuffer> buffers) {
    return std::accumulate(buffers.begin(), buffers.end(), std::size_t{0},
                           [](std::size_t n, const IoBuffer& b) { return n + b.size; });
}

/// The bytes of `buffers` as one contiguous view (gathering into `scratch`
/// only when there is more than one buffer).
inline wire::Bytes gather(std::span<const IoBuffer> buffers, std::vector<std::byte>& scratch) {
    if (buffers.size() == 1) return {reinterpret_cast<const std::uint8_t*>(buffers[0].data), buffers[0].size};
    scratch.clear();
    for (const IoBuffer& b : buffers) scratch.insert(scratch.end(), b.data, b.data + b.size);
    return {reinterpret_cast<const std::uint8_t*>(scratch.data()), scratch.size()};
}

/// Where a receive writes: the single buffer itself, or `scratch` sized to
/// all of them (scatter() copies it out afterwards).
inline wire::MutableBytes receive_target(std::span<const IoBuffer> buffers, std::vector<std::byte>& scratch) {
    if (buffers.size() == 1) return {reinterpret_cast<std::uint8_t*>(buffers[0].data), buffers[0].size};
    scratch.resize(total_size(buffers));
    return {reinterpret_cast<std::uint8_t*>(scratch.data()), scratch.size()};
}

/// Copies the first `n` bytes of `data` across `buffers` in order.
inline void scatter(std::span<const IoBuffer> buffers, const std::vector<std::byte>& data, std::size_t n) {
    std::size_t at = 0;
    for (const IoBuffer& b : buffers) {
        const std::size_t take = std::min(b.size, n - at);
        if (take > 0) std::memcpy(b.data, data.data() + at, take);
        at += take;
        if (at == n) break;
    }
}

}  // namespace sluice::provider
