// The TCP sender's SACK scoreboard and RFC 6675 loss recovery queries.
//
// What it is for: the sender records what the peer has selectively
// acknowledged (RFC 2018) over the outstanding sequence space
// [SND.UNA, HighData], and asks RFC 6675 §4's questions of it: is this octet
// lost (IsLost), how much is in the network (SetPipe), what to send next
// (NextSeg). It holds sequence numbers only: no segments, buffers, timers or
// congestion window. The sender keeps the data, DupAcks, cwnd and the choice
// of when to enter recovery (RFC 6675 §5 steps 1-3).
//
// Conventions. Ranges are half-open [begin, end). RFC 6675 names inclusive
// octets; here every watermark is stored as the octet after it:
//   snd_una()        = HighACK + 1        (SND.UNA)
//   snd_nxt()        = HighData + 1       (the highest sequence sent + 1,
//                                          BSD's snd_max: it never moves back)
//   high_rxt()       = HighRxt + 1
//   rescue_rxt       = RescueRxt + 1
//   recovery_point() = RecoveryPoint + 1
// so "S > HighRxt" reads S >= high_rxt() and "HighACK > RescueRxt" reads
// snd_una() > rescue_rxt.
//
// Rules and sections:
//  - Update() (RFC 6675 §4, RFC 2018 §3-4): on_ack() takes one ACK's
//    cumulative acknowledgement and SACK blocks. An ACK of unsent data
//    (beyond snd_nxt()) is ignored whole (RFC 9293 §3.10.7.4). The
//    cumulative ACK advances SND.UNA and drops SACK information below it;
//    then each block is merged into the scoreboard. A block that is empty or
//    inverted, ends at or below SND.UNA, or ends beyond snd_nxt() (the peer
//    claims data never sent) is ignored and counted; a block straddling
//    SND.UNA is clipped to it. Old ACKs (ack before SND.UNA) still
//    contribute their blocks, as in Linux.
//  - D-SACK (RFC 2883 §4, sender side): the first block is a D-SACK when it
//    starts below the ACK's cumulative acknowledgement or lies within the
//    second block. It is reported (dsack, dsack_block) and not recorded.
//  - IsLost(S) (§4): true when DupThresh (3) discontiguous SACKed ranges lie
//    above S, or more than (DupThresh - 1) * SMSS SACKed bytes do. Ranges
//    are counted after merging: adjacent or overlapping blocks are one range.
//  - SetPipe() (§4): for every unSACKed octet in [SND.UNA, HighData], +1 if
//    not IsLost, +1 if at or below HighRxt.
//  - NextSeg() (§4): rules (1)-(5) in order, segments of up to SMSS octets,
//    never extending into SACKed data. Only in recovery (§5 step C, and
//    HighRxt/RescueRxt are per recovery): outside it next_seg() answers
//    "nothing" and the sender sends as usual (after an RTO it may skip SACKed
//    data with next_hole()). The rescue (4) happens once per recovery.
//  - Recovery (§5): enter_recovery() is step (4.1)/(4.3): RecoveryPoint =
//    HighData, and the first retransmission (up to SMSS unSACKed octets from
//    SND.UNA) with HighRxt = RescueRxt = its last octet. on_sent() is steps
//    (C.2)/(C.3). Recovery ends when the cumulative ACK covers
//    RecoveryPoint. Whether to enter recovery (DupAcks >= DupThresh or
//    IsLost(HighACK + 1), §5 step 2-3) is the sender's; AckResult's
//    newly_sacked tells it whether an ACK was a SACK duplicate.
//  - RTO (§5.1): on_rto() sets RecoveryPoint = HighData, ends recovery and
//    discards SACK information (RFC 2018 §8's SHOULD, since the receiver may
//    have reneged); later ACKs rebuild it. may_enter_recovery() is false
//    until SND.UNA passes that RecoveryPoint (§5.1's "MUST NOT").
//
// Invariants: the ranges are sorted, pairwise disjoint and non-adjacent
// (separated by at least one unSACKed octet), and lie within
// [snd_una(), snd_nxt()); snd_una() <= high_rxt() <= snd_nxt(); outside
// recovery high_rxt() == snd_una(); at most kMaxRanges ranges (a block that
// would need more is ignored and counted, so a hostile receiver cannot make
// the scoreboard grow without bound; ignoring SACK information is always
// safe, it only makes the sender more conservative).
//
// Size: one per connection, so it is small: 48 bytes on LP64, and the range
// vector holds no heap memory while there is no SACK information (it is
// released whenever the last range is acknowledged). Blocks are placed by
// binary search; every query is O(ranges). Sequence numbers compare modulo
// 2^32 (seq_compare.hpp); the outstanding space must stay below 2^31 octets.
#pragma once

#include <sluice/stack/tcp/seq_compare.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sluice::stack {

class SackScoreboard {
public:
    using Seq = tcp_seq::Seq;

    static constexpr std::uint32_t kDupThresh = 3;  ///< RFC 6675 §2 (the default)
    static constexpr std::size_t kMaxRanges = 256;

    /// A sequence range [begin, end): a SACK block's left and right edges
    /// (RFC 2018 §3), a SACKed range, or a segment to send.
    struct Range {
        Seq begin = 0;
        Seq end = 0;
        std::uint32_t length() const { return end - begin; }
        bool operator==(const Range&) const = default;
    };

    /// What one ACK changed.
    struct AckResult {
        std::uint32_t newly_acked = 0;   ///< SND.UNA advance, in bytes
        std::uint32_t newly_sacked = 0;  ///< bytes SACKed for the first time
        /// RFC 6937 DeliveredData: newly_acked + newly_sacked, less the
        /// bytes of newly_acked that were SACKed before.
        std::uint32_t delivered = 0;
        std::uint8_t ignored_blocks = 0;  ///< invalid, out of window, or over kMaxRanges
        bool dsack = false;               ///< the first block was a D-SACK (RFC 2883)
        Range dsack_block{};              ///< that block, as received
        bool recovery_ended = false;      ///< the ACK covered RecoveryPoint
    };

    /// NextSeg()'s answer: which RFC 6675 §4 rule chose `range`.
    enum class Rule : std::uint8_t {
        none,      ///< (5): nothing to send
        lost,      ///< (1): retransmit a lost hole
        new_data,  ///< (2): previously unsent data at snd_nxt()
        unsacked,  ///< (3): retransmit an unSACKed, not yet lost hole
        rescue,    ///< (4): the rescue retransmission
    };
    struct Segment {
        Rule rule = Rule::none;
        Range range{};
        bool operator==(const Segment&) const = default;
    };

    /// Nothing outstanding: SND.UNA = SND.NXT = `snd_una`. `smss` is
    /// clamped to [1, 65535] (an MSS option is 16 bits, RFC 9293 §3.7.1).
    SackScoreboard(Seq snd_una, std::uint32_t smss);

    void set_smss(std::uint32_t smss);
    /// DupThresh (RFC 6675 §2 allows a sender to raise it when it sees the
    /// path reorder; RFC 4653's idea, Linux's tp->reordering). At least 3.
    void set_dup_thresh(std::uint32_t n) {
        dup_thresh_ = static_cast<std::uint8_t>(n < kDupThresh ? kDupThresh : (n > 255 ? 255 : n));
    }
    std::uint32_t dup_thresh() const { return dup_thresh_; }
    /// New data was sent up to `new_snd_nxt` (ignored unless it is later).
    void on_send(Seq new_snd_nxt);
    /// Update() and the cumulative ACK of one received ACK (wire order).
    AckResult on_ack(Seq ack, std::span<const Range> blocks);

    /// IsLost(seq); false outside [snd_una(), snd_nxt()).
    bool is_lost(Seq seq) const;
    /// SetPipe(): the RFC 6675 estimate of octets in the network.
    std::uint32_t pipe() const;
    /// NextSeg(), in recovery (Rule::none outside it). `new_data_allowed`:
    /// bytes of unsent data the receive window and the application allow
    /// from snd_nxt() (rule 2); 0 = none.
    Segment next_seg(std::uint32_t new_data_allowed) const;
    /// The sender sent what next_seg() returned (§5 C.2, C.3, rule 4).
    void on_sent(const Segment& segment);
    /// A retransmission of `range` in recovery that next_seg() did not
    /// choose (C.2: raises HighRxt). Ignored outside recovery.
    void mark_retransmitted(Range range);

    /// §5 (4.1), (4.3): enters recovery and returns the first
    /// retransmission (the first unSACKed octets from SND.UNA, up to SMSS).
    /// Precondition: data outstanding.
    Range enter_recovery();
    /// §5.1: the retransmission timer expired.
    void on_rto();
    bool in_recovery() const { return in_recovery_; }
    /// Not in recovery and SND.UNA has passed any RTO's RecoveryPoint.
    bool may_enter_recovery() const;

    Seq snd_una() const { return una_; }
    Seq snd_nxt() const { return nxt_; }
    Seq high_rxt() const { return high_rxt_; }
    Seq recovery_point() const { return recovery_point_; }
    std::uint32_t smss() const { return smss_; }
    /// The SACKed ranges, in sequence order.
    std::span<const Range> sacked() const { return ranges_; }
    std::uint32_t sacked_bytes() const;
    /// Every octet of `range` is SACKed (one range holds it all).
    bool covers(Range range) const;
    /// The first unSACKed range at or after `from` (clamped to SND.UNA);
    /// {snd_nxt(), snd_nxt()} when there is none.
    Range next_hole(Seq from) const;
    /// Heap memory the scoreboard holds (0 while nothing is SACKed).
    std::size_t heap_bytes() const { return ranges_.capacity() * sizeof(Range); }

private:
    std::uint32_t off(Seq s) const { return s - una_; }
    bool is_dsack(Seq ack, std::span<const Range> blocks) const;
    std::uint32_t advance(Seq ack, AckResult& result);
    void record(Range block, AckResult& result);
    bool insert(Range block, std::uint32_t& newly_sacked);
    std::uint32_t lost_limit() const;
    Range segment_at(Range hole) const;
    Segment rescue_segment() const;
    void end_recovery();
    void release_if_empty();

    std::vector<Range> ranges_;
    Seq una_;
    Seq nxt_;
    Seq high_rxt_;
    Seq rescue_rxt_;
    Seq recovery_point_;
    std::uint16_t smss_ = 1;
    std::uint8_t dup_thresh_ = kDupThresh;  ///< in the padding beside in_recovery_
    bool in_recovery_ = false;
};

}  // namespace sluice::stack
