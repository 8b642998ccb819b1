// SipHash-2-4: a keyed pseudo-random function for short inputs (Aumasson and
// Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012).
//
// What it is for: the secret-keyed F() of TCP initial sequence numbers (RFC
// 6528) and the MAC inside SYN cookies (RFC 4987 §3.6), both of which must
// not be computable by an attacker who sees their outputs. Written from the
// paper's description and checked against its published test vectors
// (tests/unit/siphash_test.cpp).
//
// Invariants: a pure function of (key, message); the 128-bit key and the
// message words are read little-endian, as the paper specifies, so the
// result is the same on any host.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace sluice::stack {

/// A 128-bit SipHash key as the two little-endian 64-bit halves k0, k1.
struct SipKey {
    std::uint64_t k0 = 0;
    std::uint64_t k1 = 0;

    /// k0 from bytes 0..7, k1 from bytes 8..15, each little-endian (the paper's encoding).
    static SipKey from_bytes(std::span<const std::uint8_t, 16> bytes);
    constexpr bool operator==(const SipKey&) const = default;
};

/// SipHash-2-4 of `message` under `key`: 2 compression rounds per 8-byte
/// word, 4 finalisation rounds, 64-bit result.
std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> message);

}  // namespace sluice::stack
