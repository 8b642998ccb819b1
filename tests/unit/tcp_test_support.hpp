// Shared helpers for the TCP building-block tests: readable SeqNum values in
// GoogleTest output and a few fixed 4-tuples and keys.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>
#include <sluice/stack/tcp/seq.hpp>

#include <cstdint>
#include <ios>
#include <ostream>
#include <random>

namespace sluice::stack {
// Lets EXPECT_EQ(seq, SeqNum{x}) print "seq 0x1234" instead of raw bytes.
inline void PrintTo(SeqNum s, std::ostream* os) { *os << "seq 0x" << std::hex << s.raw() << std::dec; }
}  // namespace sluice::stack

namespace sluice::test {

using stack::Endpoint;
using stack::FourTuple;
using stack::SipKey;
using wire::Ipv4Addr;

/// 10.0.0.1:80 (us) <- 10.0.0.2:49152 (peer).
inline FourTuple server_tuple() {
    return {{Ipv4Addr::from_octets(10, 0, 0, 1), 80}, {Ipv4Addr::from_octets(10, 0, 0, 2), 49152}};
}

/// The tuple with one field changed by one: 0 local address, 1 local port,
/// 2 remote address, 3 remote port.
inline FourTuple nudged(FourTuple t, int field) {
    switch (field) {
    case 0: ++t.local.address.value; break;
    case 1: ++t.local.port; break;
    case 2: ++t.remote.address.value; break;
    default: ++t.remote.port; break;
    }
    return t;
}

inline FourTuple swapped(const FourTuple& t) { return {t.remote, t.local}; }

/// 32 random bits (mt19937's result_type is wider than uint32_t on LP64).
inline std::uint32_t u32(std::mt19937& rng) { return static_cast<std::uint32_t>(rng()); }

inline FourTuple random_tuple(std::mt19937& rng) {
    const Endpoint local{Ipv4Addr{u32(rng)}, static_cast<std::uint16_t>(rng())};
    const Endpoint remote{Ipv4Addr{u32(rng)}, static_cast<std::uint16_t>(rng())};
    return {local, remote};
}

inline constexpr SipKey key_a{0x0123456789abcdefull, 0xfedcba9876543210ull};
inline constexpr SipKey key_b{0x0123456789abcdefull, 0xfedcba9876543211ull};  // one bit from key_a

}  // namespace sluice::test
