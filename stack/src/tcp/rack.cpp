// RACK-TLP (RFC 8985): segment records, loss detection, probe bookkeeping.
// Scope, rules and invariants: rack.hpp.
#include <sluice/stack/tcp/rack.hpp>

#include <algorithm>

namespace sluice::stack {

using tcp_seq::ge;
using tcp_seq::gt;
using tcp_seq::le;
using tcp_seq::lt;

namespace {

/// §6.2 RACK_sent_after(t1, seq1, t2, seq2): sent later, ties by end_seq.
bool sent_after(Instant t1, tcp_seq::Seq end1, Instant t2, tcp_seq::Seq end2) {
    return t1 > t2 || (t1 == t2 && gt(end1, end2));
}

}  // namespace

void RackTlp::reset(Seq snd_una) {
    records_.clear();
    una_ = snd_una;
    in_flight_ = lost_ = sacked_ = sacked_count_ = 0;
    lost_hint_ = 0;
    rack_xmit_.reset();
    rack_end_ = fack_ = snd_una;
    rack_rtt_.reset();
    min_rtt_.reset();
    srtt_.reset();
    reordering_seen_ = false;
    dsack_round_.reset();
    reo_wnd_mult_ = 1;
    reo_wnd_persist_ = 0;
    tlp_end_.reset();
    tlp_retrans_ = false;
}

// ---- Transmission -----------------------------------------------------------

void RackTlp::on_send(Seq begin, Seq end, Instant now, std::uint32_t tsval) {
    const Seq top = records_.empty() ? una_ : records_.back().end;
    if (lt(begin, top)) on_retransmit(begin, tcp_seq::min(end, top), now, tsval);
    if (!gt(end, top) || gt(begin, top)) return;
    records_.push_back(Sent{top, end, now, tsval, State::in_flight, false});
    in_flight_ += end - top;
}

void RackTlp::on_retransmit(Seq begin, Seq end, Instant now, std::uint32_t tsval) {
    if (records_.empty()) return;
    begin = tcp_seq::max(begin, una_);
    end = tcp_seq::min(end, records_.back().end);
    if (!lt(begin, end)) return;
    split_at(begin);
    split_at(end);
    for (std::size_t i = index_of(begin); i < records_.size() && lt(records_[i].begin, end); ++i) {
        Sent& s = records_[i];
        s.xmit = now;
        s.tsval = tsval;
        s.retransmitted = true;
        if (s.state == State::lost) set_state(s, State::in_flight);
    }
}

// The record holding `seq` (records_.size() when none does).
std::size_t RackTlp::index_of(Seq seq) const {
    const std::uint32_t at = off(seq);
    const auto it = std::partition_point(records_.begin(), records_.end(),
                                         [&](const Sent& s) { return off(s.end) <= at; });
    return static_cast<std::size_t>(it - records_.begin());
}

// Makes `seq` a record boundary.
void RackTlp::split_at(Seq seq) {
    const std::size_t i = index_of(seq);
    if (i == records_.size() || records_[i].begin == seq) return;
    Sent tail = records_[i];
    tail.begin = seq;
    records_[i].end = seq;
    records_.insert(records_.begin() + static_cast<std::ptrdiff_t>(i + 1), tail);
    if (tail.state == State::sacked) ++sacked_count_;
    if (lost_hint_ > i) ++lost_hint_;
}

std::uint32_t& RackTlp::bytes_in(State state) {
    return state == State::in_flight ? in_flight_ : state == State::lost ? lost_ : sacked_;
}

void RackTlp::set_state(Sent& s, State to) {
    bytes_in(s.state) -= s.length();
    bytes_in(to) += s.length();
    if (s.state == State::sacked) --sacked_count_;
    if (to == State::sacked) ++sacked_count_;
    s.state = to;
}

// ---- ACK processing (§6.2 steps 1-4) -----------------------------------------

void RackTlp::on_ack(const Ack& input, Instant now) {
    sampled_ = false;
    if (gt(input.ack, una_)) acknowledge(input.ack, input, now);
    for (std::size_t i = input.dsack ? 1 : 0; i < input.blocks.size(); ++i) mark_sacked(input.blocks[i], input, now);
    if (sampled_) srtt_ = srtt_ ? (*srtt_ * 7 + last_sample_) / 8 : last_sample_;
    update_dsack_round(input);
}

void RackTlp::acknowledge(Seq ack, const Ack& input, Instant now) {
    while (!records_.empty() && le(records_.front().end, ack)) {
        Sent& s = records_.front();
        if (s.state != State::sacked) delivered(s, input, now);
        bytes_in(s.state) -= s.length();
        if (s.state == State::sacked) --sacked_count_;
        records_.pop_front();
        if (lost_hint_ > 0) --lost_hint_;
    }
    if (!records_.empty() && lt(records_.front().begin, ack)) {
        Sent& s = records_.front();
        if (s.state != State::sacked) delivered(s, input, now);
        bytes_in(s.state) -= ack - s.begin;
        s.begin = ack;
    }
    una_ = ack;
}

void RackTlp::mark_sacked(const Range& block, const Ack& input, Instant now) {
    if (records_.empty() || !lt(block.begin, block.end)) return;
    const Seq begin = tcp_seq::max(block.begin, una_);
    for (std::size_t i = index_of(begin); i < records_.size() && lt(records_[i].begin, block.end); ++i) {
        Sent& s = records_[i];
        if (s.state == State::sacked || !input.scoreboard->covers({s.begin, s.end})) continue;
        delivered(s, input, now);
        set_state(s, State::sacked);
    }
}

// §6.2 steps 1-3 for one newly delivered segment.
void RackTlp::delivered(const Sent& s, const Ack& input, Instant now) {
    // Step 3, RACK_detect_reordering.
    if (gt(s.end, fack_)) {
        fack_ = s.end;
    } else if (lt(s.end, fack_) && !s.retransmitted) {
        reordering_seen_ = true;
    }
    // Step 2, RACK_update: a retransmitted segment's ACK may be the original's.
    const Duration rtt = now - s.xmit;
    if (s.retransmitted) {
        if (input.ts_echo && static_cast<std::int32_t>(*input.ts_echo - s.tsval) < 0) return;
        if (!min_rtt_ || rtt < *min_rtt_) return;
    }
    rack_rtt_ = rtt;
    // Step 1 and SRTT from unambiguous samples only (Karn, RFC 6298 §3): a
    // retransmission's ACK that was the original's would read a tiny RTT
    // (the 1 ms TSval ticks cannot tell them apart on a fast path), and
    // min_RTT/4 is the reordering window.
    if (s.retransmitted) return;
    sampled_ = true;
    last_sample_ = rtt;
    if (!min_rtt_ || rtt < *min_rtt_) min_rtt_ = rtt;
    if (!rack_xmit_ || sent_after(s.xmit, s.end, *rack_xmit_, rack_end_)) {
        rack_xmit_ = s.xmit;
        rack_end_ = s.end;
    }
}

// §6.2 step 4's D-SACK round: one increase of reo_wnd_mult per round trip.
void RackTlp::update_dsack_round(const Ack& input) {
    if (dsack_round_ && ge(una_, *dsack_round_)) dsack_round_.reset();
    if (!dsack_round_ && input.dsack) {
        dsack_round_ = input.snd_max;
        if (reo_wnd_mult_ < 255) ++reo_wnd_mult_;
        reo_wnd_persist_ = kReoWndPersist;
    }
}

void RackTlp::on_recovery_exit() {
    if (reo_wnd_persist_ > 0) --reo_wnd_persist_;
    if (reo_wnd_persist_ == 0) reo_wnd_mult_ = 1;
}

Duration RackTlp::reo_wnd(bool in_recovery) const {
    if (!reordering_seen_ && (in_recovery || sacked_count_ >= SackScoreboard::kDupThresh)) return Duration::zero();
    if (!min_rtt_) return Duration::zero();
    Duration w = *min_rtt_ * reo_wnd_mult_ / 4;
    if (srtt_) w = std::min(w, *srtt_);
    return w;
}

// ---- Loss detection (§6.2 step 5, §6.3) --------------------------------------

// The segment is lost by RACK's rule, or `wait` is raised to when it will be.
bool RackTlp::lost_by_rack(const Sent& s, Instant now, Duration reo, Duration& wait) const {
    if (!sent_after(*rack_xmit_, rack_end_, s.xmit, s.end)) return false;
    const Duration remaining = s.xmit + *rack_rtt_ + reo - now;
    if (remaining <= Duration::zero()) return true;
    wait = std::max(wait, remaining);
    return false;
}

Duration RackTlp::detect_loss(Instant now, bool in_recovery) {
    if (!rack_xmit_ || !rack_rtt_) return Duration::zero();
    const Duration reo = reo_wnd(in_recovery);
    Duration wait = Duration::zero();
    for (std::size_t i = 0; i < records_.size(); ++i) {
        Sent& s = records_[i];
        // Originals go out in sequence order and retransmissions later
        // still: past the first original sent after RACK.xmit_ts, every
        // segment was sent after it.
        if (!s.retransmitted && sent_after(s.xmit, s.end, *rack_xmit_, rack_end_)) break;
        if (s.state != State::in_flight || !lost_by_rack(s, now, reo, wait)) continue;
        set_state(s, State::lost);
        lost_hint_ = std::min(lost_hint_, i);
    }
    return wait;
}

void RackTlp::mark_losses_on_rto(Instant now) {
    const Duration reo = reo_wnd(true);
    for (std::size_t i = 0; i < records_.size(); ++i) {
        Sent& s = records_[i];
        if (s.state != State::in_flight) continue;
        const bool lost = i == 0 || !rack_xmit_ || !rack_rtt_ || s.xmit + *rack_rtt_ + reo <= now;
        if (!lost) continue;
        set_state(s, State::lost);
        lost_hint_ = std::min(lost_hint_, i);
    }
}

void RackTlp::mark_all_lost() {
    for (Sent& s : records_)
        if (s.state != State::lost) set_state(s, State::lost);
    lost_hint_ = 0;
}

const RackTlp::Sent* RackTlp::first_lost() {
    if (lost_ == 0) return nullptr;
    for (std::size_t i = std::min(lost_hint_, records_.size()); i < records_.size(); ++i) {
        if (records_[i].state == State::lost) {
            lost_hint_ = i;
            return &records_[i];
        }
    }
    return nullptr;
}

// ---- Tail loss probe (§7) ----------------------------------------------------

Duration RackTlp::pto(std::optional<Duration> srtt, bool one_segment) {
    if (!srtt) return kInitialPto;
    return 2 * *srtt + (one_segment ? kWorstCaseDelayedAck : kPtoSlack);
}

// §7.4 (as Linux's tcp_process_tlp_ack): a probe that retransmitted data
// repaired a loss unless a D-SACK shows the original arrived too.
bool RackTlp::on_probe_ack(Seq ack, bool dsack, Range dsack_block, bool progress) {
    if (!tlp_end_ || lt(ack, *tlp_end_)) return false;
    const Seq end = *tlp_end_;
    if (!tlp_retrans_ || (dsack && !lt(dsack_block.end, end))) {
        tlp_end_.reset();
        return false;
    }
    if (gt(ack, end)) {
        tlp_end_.reset();
        return true;
    }
    if (!progress) tlp_end_.reset();  // a pure duplicate: both copies arrived
    return false;
}

}  // namespace sluice::stack
