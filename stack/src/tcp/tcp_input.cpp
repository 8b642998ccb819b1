// Segment arrival for a connection: RFC 9293 §3.10.7.3 (SYN-SENT) and
// §3.10.7.4 (every other state) as one function per numbered step, with RFC
// 5961's defences (§3.2 RST, §4.2 SYN, §5.2 ACK range), RFC 7323 PAWS (§5.3)
// and TS.Recent (§4.3), and the ACK-side of loss recovery: without SACK RFC
// 5681 §3.2, RFC 6582 and RFC 3042; with it the scoreboard's Update() (RFC
// 2018/2883), RACK-TLP's loss detection (RFC 8985), PRR (RFC 6937), undo of
// spurious reductions (RFC 3522, RFC 3708), and D-SACKs for duplicates
// received (RFC 2883 §4). Receive auto-tuning samples its RTT here.
//
// Every path frees the segment's payload or hands it to the receive buffer,
// exactly once (ownership: TcpSegment::payload).
#include <sluice/stack/tcp/connection.hpp>

#include <algorithm>
#include <array>

namespace sluice::stack {

namespace {

using namespace wire::tcpflag;

/// RFC 7323 §5.5: TS.Recent older than 24 days is no longer trusted.
constexpr Duration kPawsIdleLimit = std::chrono::hours(24 * 24);

void free_payload(const TcpSegment& seg) {
    if (seg.payload != nullptr) rte_pktmbuf_free(seg.payload);
}

}  // namespace

void TcpConnection::segment_arrives(const TcpSegment& seg, Instant now) {
    last_receive_ = now;
    keepalive_probes_ = 0;
    if (state() == TcpState::syn_sent) return syn_sent_arrives(seg, now);
    if (paws_rejects(seg, now) || !step1_sequence_ok(seg, now) || !step2_rst(seg, now) || !step4_syn(seg, now) ||
        !step5_ack(seg, now)) {
        free_payload(seg);
        layer_.context().counters.drop(Drop::tcp_stale_segment);
        output(now);
        return;
    }
    // The connection may have closed in step 5 (LAST-ACK's FIN acknowledged).
    if (state() == TcpState::closed) return free_payload(seg);
    update_ts_recent(seg, now);
    step6_urg(seg);
    step7_text(seg, now);
    if (urgent_.pending()) urgent_.take_arrived(rbuf_);
    step8_fin(seg, now);
    output(now);
}

// RFC 9293 §3.10.7.3.
void TcpConnection::syn_sent_arrives(const TcpSegment& seg, Instant now) {
    free_payload(seg);  // data on a SYN-ACK is rare; the peer resends it
    const bool has_ack = seg.has(ack);
    // First: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless
    // the RST bit is set, if so drop the segment and return)".
    if (has_ack && (seq_le(seg.ack(), iss_) || seq_gt(seg.ack(), snd_max_))) {
        if (!seg.has(rst)) send_rst(seg.ack(), now);
        return;
    }
    // Second: RST. RFC 5961 §3.2: only one acknowledging our SYN counts.
    if (seg.has(rst)) {
        if (has_ack) fail(SocketError::connection_refused, now);
        return;
    }
    // Fourth: SYN.
    if (!seg.has(syn)) return;
    negotiate(seg.options, layer_.path().mtu_for(tuple_.remote.address));
    init_receive(seg.seq());
    if (neg_.timestamps) {
        ts_recent_ = seg.options.timestamps->value;
        ts_recent_time_ = now;
    }
    snd_wnd_ = seg.tcp.window;  // unscaled in a SYN (RFC 7323 §2.2)
    max_snd_wnd_ = snd_wnd_;
    snd_wl1_ = seg.seq();
    snd_wl2_ = seg.ack();
    if (has_ack) {
        snd_una_ = seg.ack();
        layer_.context().timers.cancel(rexmit_timer_);
        if (neg_.timestamps && seg.options.timestamps->echo != 0)
            take_rtt_sample(seg, false, now);
        else if (rtt_timing_ && !syn_timed_out_)
            rto_.on_sample({now - rtt_start_, false, false, 0, 0});
        rtt_timing_ = false;
        set_state(TcpState::established, now);
        ack_now_ = true;
    } else {
        // Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK segment".
        snd_nxt_ = iss_;
        set_state(TcpState::syn_received, now);
    }
    output(now);
}

// RFC 7323 §5.3 R1: a segment with an older timestamp than TS.Recent is a
// duplicate from an earlier wrap of the sequence space; ACK it (unless RST)
// and drop it.
bool TcpConnection::paws_rejects(const TcpSegment& seg, Instant now) {
    if (!neg_.timestamps || !seg.options.timestamps || seg.has(rst)) return false;
    // One tick of slack, as Linux (TCP_PAWS_WINDOW): a segment held back a
    // moment by reordering is not an old duplicate from a wrapped sequence
    // space, which is all PAWS is for (RFC 7323 §5.1).
    constexpr std::int32_t kPawsWindow = 1;
    if (static_cast<std::int32_t>(ts_recent_ - seg.options.timestamps->value) <= kPawsWindow) return false;
    if (now - ts_recent_time_ > kPawsIdleLimit) return false;  // §5.5: TS.Recent is stale
    ++layer_.stats_.paws_rejected;
    ack_now_ = true;
    return true;
}

// Step 1 (RFC 9293 §3.10.7.4): the four-case acceptability test. "If an
// incoming segment is not acceptable, an acknowledgment should be sent in
// reply (unless the RST bit is set)". A segment at RCV.NXT while our window
// is zero still has its ACK, URG and RST looked at (the "special allowance");
// its text is refused by the receive buffer.
bool TcpConnection::step1_sequence_ok(const TcpSegment& seg, Instant now) {
    const std::uint32_t rcv_wnd = seq_distance(rcv_nxt(), seq_max(rcv_adv_, rcv_nxt()));
    if (segment_acceptable(seg.seq(), seg.length(), rcv_nxt(), rcv_wnd)) return true;
    // A sender that filled our window exactly sends its ACKs with SEG.SEQ at
    // the right edge, which the four-case test refuses for SEG.LEN = 0. The
    // RFC asks for "special allowance ... to accept valid ACKs"; as Linux
    // (tcp_sequence), the right edge itself is taken. Refusing it deadlocks
    // two stacks that each drop the other's ACKs.
    if (seg.length() == 0 && seg.seq() == rcv_nxt() + rcv_wnd) return true;
    if (rcv_wnd == 0 && seg.seq() == rcv_nxt()) {
        ack_now_ = true;  // a zero-window probe: answer with the window
        return true;
    }
    if (seg.payload_len != 0 && seq_le(seg.seq() + seg.payload_len, rcv_nxt()))
        note_duplicate(seg.seq(), seg.seq() + seg.payload_len);  // all of it arrived before
    if (state() == TcpState::time_wait && seg.has(fin)) {
        // A retransmitted FIN: acknowledge it and restart 2·MSL (§3.10.7.4 eighth).
        layer_.context().timers.schedule(time_wait_timer_, now + 2 * layer_.config().msl);
    }
    if (!seg.has(rst)) ack_now_ = true;
    return false;
}

// Step 2: RST. RFC 5961 §3.2: reset only when SEG.SEQ == RCV.NXT exactly;
// elsewhere in the window send a challenge ACK; outside, drop silently.
bool TcpConnection::step2_rst(const TcpSegment& seg, Instant now) {
    if (!seg.has(rst)) return true;
    if (seg.seq() != rcv_nxt()) {
        send_challenge_ack(now);
        return false;
    }
    ++layer_.stats_.resets_received;
    switch (state()) {
    case TcpState::syn_received:
        // Passive open: the child simply goes (§3.10.7.4: "return this
        // connection to LISTEN"); active (simultaneous open): refused.
        fail(socket_.parent_ != nullptr ? SocketError::connection_reset : SocketError::connection_refused, now);
        break;
    case TcpState::established:
    case TcpState::fin_wait_1:
    case TcpState::fin_wait_2: fail(SocketError::connection_reset, now); break;
    // After the peer's FIN a reset means it dropped what we sent since
    // (Windows: WSAECONNABORTED, WS-IO-33), and it overrides the end of stream.
    case TcpState::close_wait: fail(SocketError::connection_aborted, now); break;
    default: fail(SocketError::none, now); break;  // CLOSING, LAST-ACK, TIME-WAIT
    }
    return false;
}

// Step 4: SYN in a synchronized state (RFC 5961 §4.2): "the receiver MUST
// send an ACK (challenge ACK) to the remote peer", whatever its sequence
// number. In SYN-RECEIVED a retransmitted SYN (same ISN) re-sends the SYN-ACK.
bool TcpConnection::step4_syn(const TcpSegment& seg, Instant now) {
    if (!seg.has(syn)) return true;
    if (state() == TcpState::syn_received && seg.seq() == irs_ && !seg.has(ack)) {
        snd_nxt_ = iss_;
        return false;  // output() resends the SYN-ACK
    }
    send_challenge_ack(now);
    return false;
}

// Step 5: ACK.
bool TcpConnection::step5_ack(const TcpSegment& seg, Instant now) {
    if (!seg.has(ack)) return false;  // "if the ACK bit is off, drop the segment"
    if (state() == TcpState::syn_received && !ack_in_syn_received(seg, now)) return false;
    if (!ack_acceptable_range(seg, now)) return false;
    process_ack(seg, now);
    return true;
}

// SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED
// state ... If the segment acknowledgment is not acceptable, form a reset
// segment <SEQ=SEG.ACK><CTL=RST>".
bool TcpConnection::ack_in_syn_received(const TcpSegment& seg, Instant now) {
    if (!seq_lt(snd_una_, seg.ack()) || !seq_le(seg.ack(), snd_max_)) {
        send_rst(seg.ack(), now);
        return false;
    }
    snd_wnd_ = std::uint32_t{seg.tcp.window} << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq();
    snd_wl2_ = seg.ack();
    set_state(fin_queued_ ? TcpState::fin_wait_1 : TcpState::established, now);
    if (socket_.parent_ != nullptr) layer_.child_established(socket_);
    return true;
}

// RFC 5961 §5.2: acceptable when (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT
// (SND.MAX here: after a timeout SND.NXT went back). Beyond SND.MAX: "send an
// ACK, drop the segment" (RFC 9293); too old: a challenge ACK.
bool TcpConnection::ack_acceptable_range(const TcpSegment& seg, Instant now) {
    if (seq_gt(seg.ack(), snd_max_)) {
        ack_now_ = true;
        return false;
    }
    const SeqNum oldest = snd_una_ - std::max<std::uint32_t>(max_snd_wnd_, 1);
    if (seq_lt(seg.ack(), oldest)) {
        send_challenge_ack(now);
        return false;
    }
    return true;
}

void TcpConnection::process_ack(const TcpSegment& seg, Instant now) {
    const bool sack_sender = neg_.sack && state() != TcpState::syn_received;
    const SackScoreboard::AckResult sack = sack_sender ? take_sack_information(seg, now) : SackScoreboard::AckResult{};
    const bool advanced = seq_gt(seg.ack(), snd_una_);
    if (advanced) {
        on_new_ack(seg, seq_distance(snd_una_, seg.ack()), now);
    } else if (is_duplicate_ack(seg, sack)) {
        on_duplicate_ack(seg, now);
    }
    if (sack_sender) after_sack_ack(seg, sack, advanced, now);
    update_send_window(seg);
    ack_advances_close(now);
}

// RFC 2018 / RFC 6675 §4 Update(): the scoreboard takes the blocks, then
// RACK (RFC 8985 §6.2 steps 1-4) the deliveries they and the cumulative ACK
// make.
SackScoreboard::AckResult TcpConnection::take_sack_information(const TcpSegment& seg, Instant now) {
    std::array<SackScoreboard::Range, wire::kTcpMaxSackBlocks> blocks{};
    std::size_t n = 0;
    for (const wire::TcpSackBlock& b : seg.options.sacks()) blocks[n++] = {b.left, b.right};
    const std::span<const SackScoreboard::Range> received(blocks.data(), n);
    const SackScoreboard::AckResult sack = scoreboard_.on_ack(seg.ack().raw(), received);
    if (sack.dsack) {
        on_dsack();
        undo_on_dsack(sack.dsack_block, now);
    }
    std::optional<std::uint32_t> echo;
    if (neg_.timestamps && seg.options.timestamps) echo = seg.options.timestamps->echo;
    rack_.on_ack({seg.ack().raw(), received, &scoreboard_, echo, sack.dsack, snd_max_.raw()}, now);
    return sack;
}

// After the ACK's cumulative part: RFC 8985 §7.4 (the probe's answer), the
// end of recovery, and §6.2 step 5 (loss detection).
void TcpConnection::after_sack_ack(const TcpSegment& seg, const SackScoreboard::AckResult& sack, bool advanced,
                                   Instant now) {
    const bool progress = advanced || sack.newly_sacked != 0 || seg.payload_len != 0;
    if (rack_.on_probe_ack(seg.ack().raw(), sack.dsack, sack.dsack_block, progress) && !loss_recovery_) {
        // The probe repaired a tail loss: reduce as for one loss (§7.4).
        ++layer_.stats_.tlp_repairs;
        cc_->enter_fast_recovery(now, flight_size());
        cc_->exit_recovery(now, flight_size());
    }
    // RFC 3522 on a partial ACK (as Linux's tcp_try_undo_partial): the hole
    // was filled by the delayed original; recovery goes on at the old rate.
    if (loss_recovery_ && advanced && undo_possible_ && ack_predates_retransmission(seg)) undo_reduction(now);
    if (loss_recovery_ && seq_ge(snd_una_, recover_)) exit_loss_recovery(seg, now);
    detect_losses(now);
    if (prr_active()) prr_on_ack(sack.delivered);
    if (probe_timer_.armed() && !probe_allowed()) arm_retransmit(now);  // SACKed data: the RTO guards
}

// RFC 8985 §6.2 step 5: RACK marks what is lost, the reorder timer waits for
// what may yet be, and the first loss starts recovery.
void TcpConnection::detect_losses(Instant now) {
    const Duration wait = rack_.detect_loss(now, loss_recovery_);
    if (wait > Duration::zero()) {
        layer_.context().timers.schedule(reorder_timer_, now + wait);
    } else {
        layer_.context().timers.cancel(reorder_timer_);
    }
    if (rack_.lost_bytes() != 0 && !loss_recovery_) enter_loss_recovery(now);
}

// RFC 6675 §5 (and RFC 8985 §6.2 step 4): the cumulative ACK passed the
// recovery point. A reduction that proved spurious is undone instead.
void TcpConnection::exit_loss_recovery(const TcpSegment& seg, Instant now) {
    loss_recovery_ = false;
    rack_.on_recovery_exit();
    const bool spurious = undo_possible_ && (undo_retrans_ == 0 || ack_predates_retransmission(seg));
    if (spurious) return undo_reduction(now);
    if (cc_->in_recovery()) cc_->exit_recovery(now, flight_size());
}

// ---- Undo (RFC 3522, RFC 3708) ----------------------------------------------

void TcpConnection::start_undo_episode() {
    undo_possible_ = true;
    undo_marker_ = snd_una_;
    undo_retrans_ = 0;
    retrans_stamp_.reset();
    undo_ranges_.clear();
}

void TcpConnection::note_retransmission(SeqNum seq, std::uint32_t len, std::uint32_t tsval) {
    constexpr std::size_t kMaxUndoRanges = 1024;  // past this, only Eifel detection undoes
    if (!undo_possible_ || !loss_recovery_ || len == 0) return;
    if (!retrans_stamp_) retrans_stamp_ = tsval;
    ++undo_retrans_;
    const SackScoreboard::Range r{seq.raw(), (seq + len).raw()};
    if (!undo_ranges_.empty() && undo_ranges_.back().end == r.begin) {
        undo_ranges_.back().end = r.end;
    } else if (undo_ranges_.size() < kMaxUndoRanges) {
        undo_ranges_.push_back(r);
    } else {
        undo_retrans_ = ~0u;  // D-SACKs can no longer account for every one
    }
}

// RFC 3522 §2 (Eifel detection): the ACK echoes a TSval older than the
// episode's first retransmission: it acknowledges an original.
bool TcpConnection::ack_predates_retransmission(const TcpSegment& seg) const {
    return neg_.timestamps && retrans_stamp_ && seg.options.timestamps && seg.options.timestamps->echo != 0 &&
           static_cast<std::int32_t>(seg.options.timestamps->echo - *retrans_stamp_) < 0;
}

// RFC 3708 §3: a D-SACK for data the episode retransmitted says that
// retransmission was needless; once every one was, so was the reduction.
// Duplicates of data never retransmitted (the network's) do not count.
void TcpConnection::undo_on_dsack(const SackScoreboard::Range& block, Instant now) {
    if (!undo_possible_ || undo_retrans_ == 0 || undo_retrans_ == ~0u) return;
    const bool ours = std::any_of(undo_ranges_.begin(), undo_ranges_.end(), [&](const SackScoreboard::Range& r) {
        return tcp_seq::le(r.begin, block.begin) && tcp_seq::le(block.end, r.end);
    });
    if (!ours) return;
    const std::uint32_t segments = std::max<std::uint32_t>(1, (block.length() + mss_ - 1) / mss_);
    undo_retrans_ = undo_retrans_ > segments ? undo_retrans_ - segments : 0;
    if (undo_retrans_ == 0) undo_reduction(now);  // in recovery or after it, before the next
}

// RFC 3522 §3 / RFC 9438 §4.9: cwnd and ssthresh as before the reduction.
void TcpConnection::undo_reduction(Instant now) {
    undo_possible_ = false;
    undo_ranges_ = {};
    if (cc_->on_spurious_congestion(now)) ++layer_.stats_.spurious_recoveries;
}

// RFC 6937 §3: each ACK in fast recovery lets out sndcnt bytes, in
// proportion to what it delivered while pipe exceeds ssthresh (cwnd falls
// smoothly to ssthresh, not in one step), and with slow start's bound
// (PRR-SSRB) below it.
void TcpConnection::prr_on_ack(std::uint32_t delivered) {
    prr_delivered_ += delivered;
    const std::uint64_t pipe = rack_.in_flight_bytes();
    const std::uint64_t ssthresh = cc_->ssthresh();
    std::int64_t sndcnt = 0;
    if (pipe > ssthresh) {
        const std::uint64_t fs = std::max<std::uint32_t>(recover_fs_, 1);
        sndcnt = static_cast<std::int64_t>((prr_delivered_ * ssthresh + fs - 1) / fs) -
                 static_cast<std::int64_t>(prr_out_);
    } else {
        const std::uint64_t owed = prr_delivered_ > prr_out_ ? prr_delivered_ - prr_out_ : 0;
        const std::uint64_t limit = std::max<std::uint64_t>(owed, delivered) + mss_;
        sndcnt = static_cast<std::int64_t>(std::min(ssthresh - pipe, limit));
    }
    prr_quota_ = static_cast<std::uint32_t>(std::clamp<std::int64_t>(sndcnt, 0, 0xffffffff));
}

std::optional<Duration> TcpConnection::srtt() const {
    if (rack_.srtt()) return rack_.srtt();
    return rto_.has_sample() ? std::optional<Duration>(rto_.srtt()) : std::nullopt;
}

// RFC 5681 §2 without SACK (no data, no SYN/FIN, same window, data
// outstanding); RFC 6675 §2 with it: an ACK at SND.UNA that brings new SACK
// information, whatever its window (a Linux receiver's window moves with
// nearly every ACK, so the window test would hide most duplicates).
bool TcpConnection::is_duplicate_ack(const TcpSegment& seg, const SackScoreboard::AckResult& sack) const {
    if (seg.ack() != snd_una_ || snd_una_ == snd_max_) return false;
    if (neg_.sack) return sack.newly_sacked != 0;
    return seg.payload_len == 0 && !seg.has(syn | fin) && (std::uint32_t{seg.tcp.window} << snd_wscale_) == snd_wnd_;
}

// SND.WND counts from SND.UNA. When an ACK moves SND.UNA but its window may
// not be taken (a reordered segment with an older SEG.SEQ: the test below),
// the window shrinks by what was acknowledged, so its right edge stays where
// the peer put it (as BSD's tcp_input does). Moving the edge with SND.UNA
// would send beyond the peer's window, and Linux (6.17 on) drops such a
// segment whole, ACK and all, while its receive queue is not empty: with an
// application that stopped reading, both sides then wait for ever.
void TcpConnection::keep_right_edge(SeqNum new_una) {
    const SeqNum edge = window_edge();
    snd_wnd_ = seq_gt(edge, new_una) ? seq_distance(new_una, edge) : 0;
}

// RFC 9293 §3.10.7.4 fifth, ESTABLISHED: "If SND.UNA =< SEG.ACK =< SND.NXT,
// the send window should be updated. If (SND.WL1 < SEG.SEQ or (SND.WL1 =
// SEG.SEQ and SND.WL2 =< SEG.ACK))".
void TcpConnection::update_send_window(const TcpSegment& seg) {
    if (!(seq_lt(snd_wl1_, seg.seq()) || (snd_wl1_ == seg.seq() && seq_le(snd_wl2_, seg.ack())))) return;
    snd_wnd_ = std::uint32_t{seg.tcp.window} << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq();
    snd_wl2_ = seg.ack();
    if (snd_wnd_ != 0) {
        layer_.context().timers.cancel(persist_timer_);
        persist_backoff_ = 0;
    }
}

void TcpConnection::on_new_ack(const TcpSegment& seg, std::uint32_t acked, Instant now) {
    std::uint32_t data_acked = acked;
    if (snd_una_ == iss_) --data_acked;  // the SYN
    const SeqNum fin_seq = data_end();
    if (fin_queued_ && seq_gt(seg.ack(), fin_seq)) --data_acked;  // the FIN
    data_acked = std::min<std::uint32_t>(data_acked, static_cast<std::uint32_t>(sbuf_.size()));
    take_rtt_sample(seg, retransmitted_since_ack_, now);
    sbuf_.consume(data_acked);
    sync_mbuf_charge();
    keep_right_edge(seg.ack());
    snd_una_ = seg.ack();
    if (seq_lt(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
    dupacks_ = 0;
    retransmits_ = 0;
    retransmitted_since_ack_ = false;
    if (urgent_out_ && seq_ge(snd_una_, snd_up_)) urgent_out_ = false;
    if (cc_->in_recovery() && !neg_.sack) {
        if (seq_ge(snd_una_, recover_)) {
            cc_->exit_recovery(now, flight_size());  // RFC 6582 §3.2 step 3, full ACK
        } else {
            cc_->on_ack(acked, std::nullopt, now, flight_size());  // partial ACK
            retransmit_head_ = true;  // the next hole, at once (RFC 6582 §3.2 step 3)
            head_len_ = mss_;
        }
    } else if (!cc_->in_recovery()) {
        cc_->on_ack(acked, std::nullopt, now, flight_size());
    }
    tune_send_buffer();
    if (snd_una_ == snd_max_) {
        layer_.context().timers.cancel(rexmit_timer_);
        layer_.context().timers.cancel(probe_timer_);
        layer_.context().timers.cancel(reorder_timer_);
    } else {
        arm_retransmit(now);  // RFC 6298 §5.3: restart on new data acknowledged
    }
}

// RFC 5681 §3.2 / RFC 6582 §3.2 without SACK; RFC 3042 limited transmit on
// the first two. With SACK the count only feeds limited transmit: RACK
// (after_sack_ack) decides what is lost.
void TcpConnection::on_duplicate_ack(const TcpSegment& /*seg*/, Instant now) {
    ++dupacks_;
    if (cc_->in_recovery()) {
        cc_->on_duplicate_ack(now, flight_size());
        return;
    }
    if (!neg_.sack && dupacks_ == 3 && seq_gt(snd_una_ - 1, recover_ - 1)) enter_loss_recovery(now);
}

// RFC 5681 §3.2 steps 2-4 / RFC 6582 §3.2: the multiplicative decrease and
// the first retransmission. With SACK (RFC 6675 §5 step 4, RFC 8985 §6.2
// step 5): recovery until SND.UNA passes SND.MAX; plan_recovery sends what
// RACK marked lost, and the RTO (not the probe timer) guards it.
void TcpConnection::enter_loss_recovery(Instant now) {
    ++layer_.stats_.fast_retransmits;
    cc_->enter_fast_recovery(now, flight_size());
    recover_ = snd_max_;
    rtt_timing_ = false;
    if (neg_.sack) {
        loss_recovery_ = true;
        start_undo_episode();
        prr_delivered_ = prr_out_ = 0;
        recover_fs_ = flight_size();
        prr_quota_ = 0;
        if (probe_timer_.armed()) arm_retransmit(now);
        return;
    }
    retransmit_head_ = true;  // the first unacknowledged segment
    head_len_ = mss_;
}

// RFC 2883 §4: a D-SACK says a segment arrived twice. RACK widens its
// reordering window on it (RFC 8985 §6.2 step 4); here it is counted.
// (Raising DupThresh on D-SACKs instead, as RFC 6675 §2 allows, was tried:
// under loss, duplication and reordering together it cut fast retransmits
// 20-fold and multiplied timeouts 10-fold.)
void TcpConnection::on_dsack() { ++layer_.stats_.dsacks_received; }

// RFC 6298 §3 / RFC 7323 §4: one sample per ACK advancing SND.UNA, from the
// echoed timestamp when there is one, else from the timed segment (Karn: not
// if it was retransmitted).
void TcpConnection::take_rtt_sample(const TcpSegment& seg, bool retransmitted, Instant now) {
    std::optional<Duration> rtt;
    if (neg_.timestamps && seg.options.timestamps && seg.options.timestamps->echo != 0) {
        const std::uint32_t ticks = layer_.timestamp_now(now) - seg.options.timestamps->echo;
        if (ticks < (1u << 31)) {
            rtt = std::chrono::milliseconds(ticks);
            rto_.on_sample({*rtt, retransmitted, true, flight_size(), mss_});
        }
    } else if (rtt_timing_ && seq_gt(seg.ack(), rtt_seq_)) {
        rtt_timing_ = false;
        if (!retransmitted) rto_.on_sample({now - rtt_start_, false, false, 0, 0});
    }
}

// Fifth step, the closing states: FIN-WAIT-1 -> FIN-WAIT-2 once our FIN is
// acknowledged; CLOSING -> TIME-WAIT; LAST-ACK -> CLOSED.
void TcpConnection::ack_advances_close(Instant now) {
    const bool fin_acked = fin_queued_ && snd_una_ == data_end() + 1 && sbuf_.empty();
    if (!fin_acked) return;
    switch (state()) {
    case TcpState::fin_wait_1:
        set_state(TcpState::fin_wait_2, now);
        if (!socket_.user_held_) orphaned(now);
        break;
    case TcpState::closing: enter_time_wait(now); break;
    case TcpState::last_ack: fail(SocketError::none, now); break;
    default: break;
    }
}

// RFC 7323 §4.3: "If SEG.TSval >= TS.Recent and SEG.SEQ =< Last.ACK.sent then
// SEG.TSval is copied to TS.Recent".
void TcpConnection::update_ts_recent(const TcpSegment& seg, Instant now) {
    if (!neg_.timestamps || !seg.options.timestamps) return;
    if (static_cast<std::int32_t>(seg.options.timestamps->value - ts_recent_) < 0) return;
    if (seq_gt(seg.seq(), last_ack_sent_)) return;
    ts_recent_ = seg.options.timestamps->value;
    ts_recent_time_ = now;
}

// Step 6: URG (RFC 9293 §3.10.7.4 sixth, RFC 6093 §2.2 pointer). Without
// SO_OOBINLINE the urgent byte is announced to UrgentData, which takes it out
// of the stream once it arrives (after step 7); with it, the byte stays
// inline and nothing is marked (as Windows, WS-SEL-34).
void TcpConnection::step6_urg(const TcpSegment& seg) {
    if (!seg.has(urg) || seg.tcp.urgent_pointer == 0 || socket_.options_.oob_inline) return;
    const SeqNum start = seg.has(syn) ? seg.seq() + 1 : seg.seq();
    urgent_.announce(start + (seg.tcp.urgent_pointer - 1u), read_point());
}

// Step 7: text, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 (after a FIN the
// peer cannot send more: its text is ignored).
void TcpConnection::step7_text(const TcpSegment& seg, Instant now) {
    if (seg.payload == nullptr) return;
    const TcpState s = state();
    if (fin_received_ || !(s == TcpState::established || s == TcpState::fin_wait_1 || s == TcpState::fin_wait_2)) {
        rte_pktmbuf_free(seg.payload);
        return;
    }
    const SeqNum seq = seg.has(syn) ? seg.seq() + 1 : seg.seq();
    if (!socket_.user_held_ && socket_.parent_ == nullptr && seq_gt(seq + seg.payload_len, rcv_nxt())) {
        // Nobody will ever read it: new data for a closed socket resets the
        // connection (RFC 9293 §3.10.7.4 leaves it to the implementation;
        // Windows and Linux reset, WS-IO-33).
        rte_pktmbuf_free(seg.payload);
        send_rst(snd_max_, now);
        fail(SocketError::connection_reset, now);
        return;
    }
    if (socket_memory_full() && !(seq == rcv_nxt() && seq_le(seq + seg.payload_len, rcv_adv_))) {
        // The engine-wide budget is spent: the window stops growing
        // (window_to_advertise), in-order data inside what was already
        // advertised is still taken (the application's reads free it, so
        // a connection whose send queue holds the budget cannot deadlock
        // against its own receive side), anything else is refused and
        // the peer resends it.
        rte_pktmbuf_free(seg.payload);
        layer_.context().counters.drop(Drop::socket_memory_full);
        ack_now_ = true;
        return;
    }
    if (seq_lt(seq, rcv_nxt())) note_duplicate(seq, seq_min(seq + seg.payload_len, rcv_nxt()));
    sample_receiver_rtt(seg, now);
    const TcpReceiveBuffer::InsertResult r = rbuf_.insert(seq, seg.payload);
    if (r.duplicate && seq_ge(seq, rcv_nxt() - r.advanced)) note_duplicate(seq, seq + seg.payload_len);
    if (r.dropped) layer_.context().counters.drop(Drop::tcp_receive_buffer_full);
    if (r.advanced != 0) measure_receiver_rtt_by_window(now);
    if (r.out_of_order) {
        ++layer_.stats_.out_of_order_segments;
        tune_for_reordering(now);
    }
    if (socket_.receive_shut_) {
        // WS-IO-30: after SD_RECEIVE data is taken in and thrown away.
        std::array<std::uint8_t, 2048> sink;
        while (rbuf_.readable() != 0) (void)rbuf_.read(sink, false);
    }
    sync_mbuf_charge();
    // RFC 5681 §4.2: out-of-order data, or data filling a hole, is ACKed at once.
    const bool filled_hole = r.advanced > seg.payload_len;
    if (r.out_of_order || r.duplicate || r.dropped || filled_hole || rbuf_.out_of_order_bytes() != 0) {
        ack_now_ = true;
        quickacks_ = 8;  // and the next few (quick-ack after loss)
    } else {
        schedule_ack(seg.payload_len >= mss_, now);
    }
}

// RFC 2883 §4: the next ACK reports the duplicate as its first SACK block
// (a D-SACK), so the sender can tell a needless retransmission.
void TcpConnection::note_duplicate(SeqNum begin, SeqNum end) {
    if (!neg_.sack || !seq_lt(begin, end)) return;
    dsack_out_ = wire::TcpSackBlock{begin.raw(), end.raw()};
    ack_now_ = true;
}

// RFC 9293 §3.8.6.3 / RFC 1122 §4.2.3.2: an ACK for at least every second
// full-sized segment, and within the delayed-ACK bound otherwise.
void TcpConnection::schedule_ack(bool full_segment, Instant now) {
    if (layer_.config().delayed_ack == Duration::zero() || quickacks_ != 0) {
        if (quickacks_ != 0) --quickacks_;
        ack_now_ = true;
        return;
    }
    if (full_segment && ++unacked_segments_ >= 2) {
        ack_now_ = true;
        return;
    }
    if (!delack_timer_.armed()) layer_.context().timers.schedule(delack_timer_, now + layer_.config().delayed_ack);
}

// Step 8: FIN. Acted on once every byte before it has arrived (a FIN beyond
// a hole waits, remembered, until the hole fills).
void TcpConnection::step8_fin(const TcpSegment& seg, Instant now) {
    if (seg.has(fin) && !fin_received_) {
        const SeqNum fin_seq = (seg.has(syn) ? seg.seq() + 1 : seg.seq()) + seg.payload_len;
        pending_fin_ = fin_seq;
    }
    if (!pending_fin_ || fin_received_ || rbuf_.next() != *pending_fin_) return;
    fin_received_ = true;
    ack_now_ = true;
    switch (state()) {
    case TcpState::syn_received:
    case TcpState::established: set_state(TcpState::close_wait, now); break;
    case TcpState::fin_wait_1:
        if (snd_una_ == data_end() + 1 && fin_queued_) {
            enter_time_wait(now);
        } else {
            set_state(TcpState::closing, now);
        }
        break;
    case TcpState::fin_wait_2: enter_time_wait(now); break;
    default: break;
    }
}

}  // namespace sluice::stack
