// Modular comparisons on 32-bit TCP sequence numbers (RFC 9293 §3.4,
// RFC 1982 serial number arithmetic).
//
// What it is for: the sender's building blocks (sack_scoreboard.hpp) compare
// sequence numbers that wrap at 2^32. This is deliberately a tiny, private
// stand-in: a plain std::uint32_t and a handful of free functions in their own
// namespace, so that the stack's SeqNum type (tcp/seq.hpp) can replace it by
// editing this one header and the `tcp_seq::` call sites. The comparisons
// themselves are seq.hpp's.
//
// Invariant (the caller's): two numbers are only compared when they lie
// within 2^31 - 1 of each other, which holds for any two numbers inside one
// send window (RFC 7323 §2.3 caps windows at 2^30). Outside that distance the
// order is undefined (RFC 1982 §3.2), though the functions stay total.
#pragma once

#include <sluice/stack/tcp/seq.hpp>

#include <cstdint>

namespace sluice::stack::tcp_seq {

using Seq = std::uint32_t;

/// a before b (tcp/seq.hpp's order: one definition for the whole stack).
constexpr bool lt(Seq a, Seq b) { return seq_lt(SeqNum(a), SeqNum(b)); }
/// a before or equal to b.
constexpr bool le(Seq a, Seq b) { return seq_le(SeqNum(a), SeqNum(b)); }
/// a after b.
constexpr bool gt(Seq a, Seq b) { return seq_gt(SeqNum(a), SeqNum(b)); }
/// a after or equal to b.
constexpr bool ge(Seq a, Seq b) { return seq_ge(SeqNum(a), SeqNum(b)); }
/// The later of the two.
constexpr Seq max(Seq a, Seq b) { return lt(a, b) ? b : a; }
/// The earlier of the two.
constexpr Seq min(Seq a, Seq b) { return lt(a, b) ? a : b; }

}  // namespace sluice::stack::tcp_seq
