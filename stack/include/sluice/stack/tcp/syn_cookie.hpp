// SYN cookies, RFC 4987 §3.6: when the SYN queue is full, a listener answers
// a SYN without keeping state and encodes what it must remember in its own
// ISN; the client's ACK (SEG.ACK - 1 = our ISN) brings it back.
//
// Cookie layout (32 bits, our ISN), all arithmetic mod 2^32:
//
//     cookie = H0(tuple) + client_isn + (T << 24) + (MAC << 2) + mss_index
//
//   T          the 64-second counter floor(now / 64 s); its low 8 bits go in
//              the top byte, the whole of it into the MAC.
//   MAC        22 bits of H1(tuple, T, mss_index).
//   mss_index  index into syn_cookie_mss_table (2 bits, in the clear).
//   H0, H1     SipHash-2-4 of the 4-tuple under the secret, in two domains,
//              low 32 bits.
// Adding H0 and the client ISN makes cookies unpredictable and different for
// every SYN; the MAC binds tuple, counter and MSS index, so a peer holding a
// valid cookie cannot turn it into one for another MSS (cookie + 1 fails).
// The client ISN enters additively: a valid cookie shifted by d is valid for
// client ISN + d on the same tuple, which only the peer itself, or someone on
// its path who has seen our SYN-ACK, could exploit, for that same connection.
//
// Validation undoes this: subtract H0 and the client ISN (SEG.SEQ - 1), read
// the counter's age from the top byte, accept ages 0 and 1 only (the current
// and the previous period: a cookie lives 64 to 128 s), recompute the MAC for
// that full counter and the index, and compare. The top byte repeats every
// 256 periods (~4.5 h), but the MAC covers the whole counter, so an old cookie
// does not come back to life. A forged ACK passes with probability
// 2/256 x 2^-22 = 2^-29 per guess.
//
// MSS table (syn_cookie_mss_table), the same four values Linux uses, 2 bits:
//   536   RFC 9293's default (the 576-byte datagram every IPv4 host accepts)
//   1300  paths through tunnels and VPNs that take a large bite of 1500
//   1440  paths a little below 1500 (PPPoE's 1492, light encapsulation)
//   1460  plain Ethernet (1500 MTU)
// A peer's MSS is rounded down to the nearest entry; an MSS below 536 is
// encoded as 536 (as Linux does: such peers are vanishingly rare and IPv4
// hosts must accept 576-byte datagrams), anything above 1460 (jumbo frames,
// loopback) as 1460. Each extra table bit would double a forger's odds.
//
// Options and timestamps: the cookie has no room for the SYN's window scale,
// SACK-permitted or ECN. When the SYN carried timestamps (RFC 7323), they go
// in the low 6 bits of our TSval, as Linux does, and come back in the ACK's
// TSecr: bits 0-3 the peer's window scale (15 = the SYN had none), bit 4
// SACK-permitted, bit 5 ECN. These bits are not authenticated: they describe
// only the peer's own capabilities, and whoever can return a valid cookie has
// seen our SYN-ACK anyway. Our own window scale is configuration, recomputed
// when the ACK arrives. Decode only when the ACK carries a timestamp option
// (RFC 7323: then every segment does). Without timestamps those options are
// lost: the connection runs unscaled (64 KiB window), without SACK and ECN,
// on a rounded-down MSS. This is why cookies are a fallback for a full SYN
// queue, never the normal path.
//
// Invariants: pure functions of (secret, inputs, injected now); a cookie
// validates for exactly the tuple, client ISN and secret it was made for,
// during the period it was made in and the next one.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/core/time.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>
#include <sluice/stack/tcp/seq.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

namespace sluice::stack {

/// The MSS values a cookie can carry, ascending (see above).
inline constexpr std::array<std::uint16_t, 4> syn_cookie_mss_table{536, 1300, 1440, 1460};

/// The period of the cookie counter.
inline constexpr Duration syn_cookie_period = std::chrono::seconds(64);

/// Counter values a cookie stays valid for: the one it was made in and the next.
inline constexpr std::uint32_t syn_cookie_max_age = 2;

/// floor(now / 64 s), mod 2^32 (floored also before the clock's epoch).
std::uint32_t syn_cookie_counter(Instant now);

/// The table index for a peer's MSS: the largest entry not above it, or
/// index 0 (536) for an MSS below 536.
std::uint32_t syn_cookie_mss_index(std::uint16_t peer_mss);

class SynCookies {
public:
    explicit SynCookies(const SipKey& secret) : secret_(secret) {}

    /// Our ISN answering a SYN with sequence `client_isn` and MSS option
    /// `peer_mss` (536 when the SYN had none) on `tuple`, at `now`.
    SeqNum encode(const FourTuple& tuple, SeqNum client_isn, std::uint16_t peer_mss, Instant now) const;

    /// The MSS table entry encoded in an ACK's SEG.ACK - 1, if it is a cookie
    /// we made for this tuple and client ISN SEG.SEQ - 1 no more than one
    /// period before the current one; nullopt otherwise.
    std::optional<std::uint16_t> validate(const FourTuple& tuple, SeqNum seg_seq, SeqNum seg_ack,
                                          Instant now) const;

private:
    std::uint32_t hash0(const FourTuple& tuple) const;
    std::uint32_t mac(const FourTuple& tuple, std::uint32_t counter, std::uint32_t mss_index) const;

    SipKey secret_;
};

/// The SYN options a cookie carries in our TSval (when the SYN had timestamps).
struct SynCookieOptions {
    std::optional<std::uint8_t> window_scale;  ///< the peer's shift, 0..14; none: the SYN had no option
    bool sack_permitted = false;
    bool ecn = false;
    constexpr bool operator==(const SynCookieOptions&) const = default;
};

/// Our TSval for a cookie SYN-ACK: `ts_now` with its low 6 bits replaced by
/// the options, stepped back by 64 if that would put it after `ts_now` (our
/// timestamps never run ahead of our clock). A window scale above 14 is sent
/// as 14 (RFC 7323 §2.3).
std::uint32_t syn_cookie_tsval(std::uint32_t ts_now, const SynCookieOptions& options);

/// The options carried back in the TSecr of the ACK that returns a cookie.
SynCookieOptions syn_cookie_options(std::uint32_t tsecr);

}  // namespace sluice::stack
