// RACK-TLP (RFC 8985): the SACK sender's record of every segment in flight,
// time-based loss detection over it, and the tail loss probe's bookkeeping.
//
// What it is for: a segment is lost when a segment sent sufficiently later
// has been delivered (RACK), not when three later segments arrived (RFC 6675
// DupThresh). That tolerates reordering up to a window measured in time,
// detects lost retransmissions (a retransmission is just a segment sent
// later), and, with a probe sent after two round trips of silence (TLP),
// detects tail losses without waiting for the retransmission timer. The
// sender asks which bytes are lost and how many are in the network; the
// retransmission order, cwnd and the timers stay the sender's.
//
// What it holds: one record per transmitted segment, in sequence order,
// covering [SND.UNA, SND.MAX) without gaps: its range, when it was last sent
// (engine time and the TSval it carried), whether it was ever retransmitted,
// and its state: in flight, lost (awaiting retransmission) or SACKed. SACK
// information arrives through the SackScoreboard (which validates and merges
// the blocks); a record counts as SACKed only when the scoreboard covers all
// of it. Records are split when a retransmission covers only part of one
// (after the MSS shrank); they are never merged.
//
// Rules (RFC 8985 sections):
//  - §6.2 step 1: RACK.min_RTT is the smallest RACK.rtt seen from a segment
//    never retransmitted (Karn); SRTT is smoothed from the same samples.
//  - §6.2 step 2 (RACK_update): for each segment newly acknowledged or
//    SACKed, RACK.rtt = now - its send time, skipped for a retransmitted one
//    whose ACK echoes an older TSval or whose rtt is below min_RTT (the ACK
//    may be for the original); RACK.xmit_ts/end_seq follow the most recently
//    sent delivered segment (RACK_sent_after: later time, ties by end_seq).
//  - §6.2 step 3: reordering is seen when a segment that was never
//    retransmitted is delivered below RACK.fack (the highest end delivered).
//  - §6.2 step 4 (RACK_update_reo_wnd): D-SACK rounds raise reo_wnd_mult,
//    16 recoveries without one reset it; reo_wnd = 0 until reordering is
//    seen when in recovery or when DupThresh segments are SACKed, else
//    min(reo_wnd_mult * min_RTT / 4, SRTT), SRTT smoothed from RACK.rtt.
//  - §6.2 step 5 (RACK_detect_loss): an in-flight segment sent before
//    RACK.xmit_ts is lost once now >= its send time + RACK.rtt + reo_wnd;
//    the earliest such moment still ahead is returned for the reorder timer.
//  - §6.3 (RACK_mark_losses_on_RTO): the first unacknowledged segment and
//    every segment whose RACK deadline (reo_wnd 0) has passed are lost.
//  - §7 TLP: the probe's end (TLP.end_seq) and whether it was a
//    retransmission; §7.2's PTO; §7.4's answer to the ACK of a probe.
//
// Invariants: records are contiguous and sorted; the sum of lengths in each
// state equals in_flight_bytes()/lost_bytes()/sacked_bytes(); sacked_count()
// counts SACKed records; lost_hint_ is at or below the first lost record.
// Sequence numbers compare modulo 2^32 (seq_compare.hpp). Detection walks the
// records from SND.UNA and stops at the first never-retransmitted record sent
// after RACK.xmit_ts (everything beyond it was sent later still), so an ACK
// costs O(records below the most recently delivered one), and nothing when no
// segment is SACKed and none was retransmitted.
#pragma once

#include <sluice/stack/core/time.hpp>
#include <sluice/stack/tcp/sack_scoreboard.hpp>
#include <sluice/stack/tcp/seq_compare.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>

namespace sluice::stack {

class RackTlp {
public:
    using Seq = tcp_seq::Seq;
    using Range = SackScoreboard::Range;

    /// RFC 8985 §7.2 WCDelAckT: the worst-case delayed-ACK time a PTO
    /// allows for when one segment is in flight (RFC 5681's 200 ms bound).
    static constexpr Duration kWorstCaseDelayedAck = std::chrono::milliseconds(200);
    /// Added to 2·SRTT when more than one segment is in flight: the timer
    /// wheel's granularity twice over, so a microsecond SRTT does not fire
    /// the probe before the ACK that is on its way (Linux's TCP_TIMEOUT_MIN).
    static constexpr Duration kPtoSlack = std::chrono::milliseconds(2);
    /// §7.2: the PTO before any RTT sample.
    static constexpr Duration kInitialPto = std::chrono::seconds(1);
    /// §6.2 step 4: recoveries a raised reo_wnd_mult persists.
    static constexpr std::uint8_t kReoWndPersist = 16;

    enum class State : std::uint8_t { in_flight, lost, sacked };

    /// One transmitted segment (RFC 8985 §5.2's per-segment variables).
    struct Sent {
        Seq begin = 0;
        Seq end = 0;            ///< Segment.end_seq (exclusive)
        Instant xmit{};         ///< Segment.xmit_ts: the latest transmission
        std::uint32_t tsval = 0;  ///< the TSval that transmission carried
        State state = State::in_flight;
        bool retransmitted = false;
        std::uint32_t length() const { return end - begin; }
    };

    /// What the sender passes about one ACK, after the scoreboard took it.
    struct Ack {
        Seq ack = 0;                       ///< SEG.ACK (at most SND.MAX)
        std::span<const Range> blocks;     ///< the ACK's SACK blocks (any D-SACK first)
        const SackScoreboard* scoreboard;  ///< updated with this ACK
        std::optional<std::uint32_t> ts_echo;  ///< TSecr, when timestamps are on
        bool dsack = false;                ///< the ACK carried a D-SACK
        Seq snd_max = 0;                   ///< SND.MAX (RACK's SND.NXT)
    };

    /// Nothing in flight; SND.UNA = `snd_una`.
    explicit RackTlp(Seq snd_una = 0) { reset(snd_una); }

    /// Forgets every record (a new connection, or no SACK): SND.UNA = `snd_una`.
    void reset(Seq snd_una);

    /// [begin, end) went out: the part below SND.MAX is a retransmission
    /// (on_retransmit), the part from SND.MAX on is new and gets a record.
    void on_send(Seq begin, Seq end, Instant now, std::uint32_t tsval);
    /// [begin, end) (within [SND.UNA, SND.MAX)) was sent again: its records
    /// are in flight again with a new send time, split at begin and end.
    void on_retransmit(Seq begin, Seq end, Instant now, std::uint32_t tsval);

    /// §6.2 steps 1-4 for one ACK: acknowledged records go, newly SACKed
    /// ones are marked, RACK's most recent delivery, min_RTT, reordering and
    /// the D-SACK round are updated.
    void on_ack(const Ack& ack, Instant now);
    /// §6.2 step 4's "exiting fast or RTO recovery".
    void on_recovery_exit();
    /// §6.2 step 5: marks lost segments and returns how long until the next
    /// in-flight segment sent before RACK.xmit_ts could be (zero: none).
    Duration detect_loss(Instant now, bool in_recovery);
    /// §6.3: the retransmission timer expired.
    void mark_losses_on_rto(Instant now);
    /// Every record that is not acknowledged becomes lost, SACKed ones too
    /// (the receiver may have reneged, RFC 2018 §8).
    void mark_all_lost();

    /// §6.2 step 4: the reordering window for this moment.
    Duration reo_wnd(bool in_recovery) const;

    // --- Queries -------------------------------------------------------------
    bool empty() const { return records_.empty(); }
    Seq snd_una() const { return una_; }
    std::uint32_t in_flight_bytes() const { return in_flight_; }
    std::uint32_t lost_bytes() const { return lost_; }
    std::uint32_t sacked_bytes() const { return sacked_; }
    std::uint32_t sacked_count() const { return sacked_count_; }
    bool reordering_seen() const { return reordering_seen_; }
    std::optional<Duration> min_rtt() const { return min_rtt_; }
    std::optional<Duration> rack_rtt() const { return rack_rtt_; }
    /// SRTT (RFC 6298 §2.3's 7/8 smoothing) of RACK.rtt, one unambiguous
    /// sample per ACK.
    /// The cap on reo_wnd and the PTO use it: it has the engine clock's
    /// resolution, where timestamp samples have 1 ms ticks and read 0 on a
    /// fast path.
    std::optional<Duration> srtt() const { return srtt_; }
    std::uint8_t reo_wnd_mult() const { return reo_wnd_mult_; }
    /// The lowest lost record, or null.
    const Sent* first_lost();
    /// The highest record, or null.
    const Sent* last() const { return records_.empty() ? nullptr : &records_.back(); }
    template <class F>
    void for_each_record(F&& f) const {
        for (const Sent& s : records_) f(s);
    }

    // --- Tail loss probe (§7) ------------------------------------------------
    /// §7.2 TLP_calc_PTO, before capping at the RTO: 2·SRTT, plus
    /// WCDelAckT when `one_segment` is in flight (else kPtoSlack);
    /// kInitialPto without SRTT.
    static Duration pto(std::optional<Duration> srtt, bool one_segment);
    /// A probe went out covering up to `end` (TLP.end_seq = SND.MAX).
    void on_probe_sent(Seq end, bool retransmission) {
        tlp_end_ = end;
        tlp_retrans_ = retransmission;
    }
    bool probe_outstanding() const { return tlp_end_.has_value(); }
    /// §7.4 TLP_process_ack. `progress`: the ACK advanced SND.UNA, SACKed
    /// new data or carried data. True when the probe repaired a loss, so the
    /// sender must reduce cwnd.
    bool on_probe_ack(Seq ack, bool dsack, Range dsack_block, bool progress);
    /// The retransmission timer fired: any probe is forgotten.
    void forget_probe() { tlp_end_.reset(); }

private:
    std::uint32_t off(Seq s) const { return s - una_; }
    std::size_t index_of(Seq seq) const;  ///< the record holding `seq`
    void split_at(Seq seq);
    std::uint32_t& bytes_in(State state);
    void set_state(Sent& s, State to);
    void acknowledge(Seq ack, const Ack& input, Instant now);
    void mark_sacked(const Range& block, const Ack& input, Instant now);
    void delivered(const Sent& s, const Ack& input, Instant now);
    void update_dsack_round(const Ack& input);
    bool lost_by_rack(const Sent& s, Instant now, Duration reo, Duration& wait) const;

    std::deque<Sent> records_;
    Seq una_ = 0;
    std::uint32_t in_flight_ = 0;
    std::uint32_t lost_ = 0;
    std::uint32_t sacked_ = 0;
    std::uint32_t sacked_count_ = 0;
    std::size_t lost_hint_ = 0;

    // RACK (§5.2 connection variables).
    std::optional<Instant> rack_xmit_;  ///< RACK.xmit_ts (none before the first delivery)
    Seq rack_end_ = 0;                  ///< RACK.end_seq
    Seq fack_ = 0;                      ///< RACK.fack
    std::optional<Duration> rack_rtt_;  ///< RACK.rtt
    std::optional<Duration> min_rtt_;   ///< RACK.min_RTT
    std::optional<Duration> srtt_;
    bool sampled_ = false;              ///< this ACK gave an unambiguous sample
    Duration last_sample_{};            ///< that sample
    bool reordering_seen_ = false;
    std::optional<Seq> dsack_round_;
    std::uint8_t reo_wnd_mult_ = 1;
    std::uint8_t reo_wnd_persist_ = 0;

    // TLP (§7).
    std::optional<Seq> tlp_end_;
    bool tlp_retrans_ = false;
};

}  // namespace sluice::stack
