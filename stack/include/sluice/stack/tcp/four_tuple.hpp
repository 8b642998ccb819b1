// A TCP connection's identity, (local endpoint, remote endpoint) as RFC 9293
// §3.2 names it, and a keyed hash of it for the secret functions that TCP
// derives from a connection: initial sequence numbers (RFC 6528) and SYN
// cookies (RFC 4987 §3.6).
//
// Invariants: "local" is always this host's side, whichever side opened the
// connection, so a tuple hashes the same on every segment of a connection.
// The hash input is fixed-layout network byte order, independent of the host.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/socket/socket_types.hpp>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>

namespace sluice::stack {

struct FourTuple {
    Endpoint local;
    Endpoint remote;
    constexpr auto operator<=>(const FourTuple&) const = default;
};

/// SipHash-2-4 under `key` of local address, remote address, local port,
/// remote port (12 bytes, network order), then `domain` and `extra` (4 bytes
/// each, network order). `domain` keeps the uses of one key apart (ISN,
/// cookie hash 0, cookie hash 1); `extra` carries a counter where one is needed.
inline std::uint64_t hash_four_tuple(const SipKey& key, const FourTuple& tuple, std::uint32_t domain,
                                     std::uint32_t extra = 0) {
    std::array<std::uint8_t, 20> in{};
    std::size_t at = 0;
    const auto put = [&](std::uint32_t value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) in[at++] = static_cast<std::uint8_t>(value >> shift);
    };
    put(tuple.local.address.value, 4);
    put(tuple.remote.address.value, 4);
    put(tuple.local.port, 2);
    put(tuple.remote.port, 2);
    put(domain, 4);
    put(extra, 4);
    return siphash24(key, in);
}

}  // namespace sluice::stack
