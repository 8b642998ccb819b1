// TCP sequence-number arithmetic (RFC 9293 §3.4) and the segment
// acceptability test of §3.10.7.4.
//
// Sequence numbers live in a 2^32 circle, so "a < b" only means something for
// numbers less than 2^31 apart: the comparisons below look at the signed
// difference a - b (RFC 9293 §3.4; Linux's before()/after()). SeqNum has no
// operator<, on purpose: the relation is not transitive around the circle, so
// it must not reach std::sort or an ordered container.
//
// Invariants:
//   - SeqNum is a plain uint32 value; every operation is mod 2^32.
//   - seq_lt(a, b) == seq_gt(b, a), and exactly one of lt / == / gt holds for
//     any a, b whose forward distance is not exactly 2^31. At exactly 2^31
//     apart, a - b and b - a are both INT32_MIN, so seq_lt holds both ways;
//     TCP never compares numbers that far apart (windows are < 2^30).
//   - Windows are tested without signed arithmetic: x is in [start, start + size)
//     iff (x - start) mod 2^32 < size, exact for every size up to 2^32 - 1.
#pragma once

#include <cstdint>

namespace sluice::stack {

/// A TCP sequence (or acknowledgment) number.
class SeqNum {
public:
    constexpr SeqNum() = default;
    constexpr explicit SeqNum(std::uint32_t raw) : raw_(raw) {}

    constexpr std::uint32_t raw() const { return raw_; }

    /// Advances by a length (octets, SYN and FIN counting one each), mod 2^32.
    constexpr SeqNum operator+(std::uint32_t len) const { return SeqNum{raw_ + len}; }
    constexpr SeqNum operator-(std::uint32_t len) const { return SeqNum{raw_ - len}; }
    constexpr SeqNum& operator+=(std::uint32_t len) { raw_ += len; return *this; }
    constexpr SeqNum& operator-=(std::uint32_t len) { raw_ -= len; return *this; }

    constexpr bool operator==(const SeqNum&) const = default;

private:
    std::uint32_t raw_ = 0;
};

/// a - b as a signed number: negative when a is "before" b.
constexpr std::int32_t seq_diff(SeqNum a, SeqNum b) {
    return static_cast<std::int32_t>(a.raw() - b.raw());  // C++20: conversion is mod 2^32
}

/// Forward distance from `from` to `to`: how far `from` must advance to reach `to`.
constexpr std::uint32_t seq_distance(SeqNum from, SeqNum to) { return to.raw() - from.raw(); }

constexpr bool seq_lt(SeqNum a, SeqNum b) { return seq_diff(a, b) < 0; }
constexpr bool seq_le(SeqNum a, SeqNum b) { return seq_diff(a, b) <= 0; }
constexpr bool seq_gt(SeqNum a, SeqNum b) { return seq_diff(a, b) > 0; }
constexpr bool seq_ge(SeqNum a, SeqNum b) { return seq_diff(a, b) >= 0; }

constexpr SeqNum seq_max(SeqNum a, SeqNum b) { return seq_lt(a, b) ? b : a; }
constexpr SeqNum seq_min(SeqNum a, SeqNum b) { return seq_lt(a, b) ? a : b; }

/// start =< x < start + size, around the circle. An empty window holds nothing.
constexpr bool in_window(SeqNum x, SeqNum start, std::uint32_t size) { return seq_distance(start, x) < size; }

/// RFC 9293 §3.10.7.4, first check: may a segment occupying
/// [seg_seq, seg_seq + seg_len) be accepted by a receive window
/// [rcv_nxt, rcv_nxt + rcv_wnd)? seg_len counts SYN and FIN. The four cases
/// of the RFC's table:
///   len 0, wnd 0:  SEG.SEQ = RCV.NXT
///   len 0, wnd >0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
///   len >0, wnd 0: not acceptable
///   len >0, wnd >0: the first or the last octet, SEG.SEQ+SEG.LEN-1, is in the window
/// Taken literally, as the RFC words it: a segment that starts before the
/// window and ends after it (neither end inside) is refused; a sender that
/// respects our window never sends one. With a zero window the RFC still
/// wants valid ACKs, URGs and RSTs processed from unacceptable segments; that
/// is the state machine's business.
constexpr bool segment_acceptable(SeqNum seg_seq, std::uint32_t seg_len, SeqNum rcv_nxt, std::uint32_t rcv_wnd) {
    if (rcv_wnd == 0) return seg_len == 0 && seg_seq == rcv_nxt;
    if (seg_len == 0) return in_window(seg_seq, rcv_nxt, rcv_wnd);
    return in_window(seg_seq, rcv_nxt, rcv_wnd) || in_window(seg_seq + (seg_len - 1), rcv_nxt, rcv_wnd);
}

}  // namespace sluice::stack
