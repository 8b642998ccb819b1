// A connection's timers on the engine's wheel: retransmission (RFC 6298 §5,
// with the SYN retry limit and RFC 9293 §3.8.3's data retry limit), persist
// (zero-window probes, RFC 9293 §3.8.6.1), delayed ACK (RFC 9293 §3.8.6.3),
// keepalive (RFC 1122 §4.2.3.6), TIME-WAIT (2·MSL, RFC 9293 §3.6; also the
// bound on an orphaned FIN-WAIT-2), and RACK-TLP's tail loss probe and
// reorder timers (RFC 8985 §7.2, §6.2). At most one of the retransmission
// and probe timers runs.
#include <sluice/stack/tcp/connection.hpp>

#include <algorithm>

namespace sluice::stack {

// (Re)starts the timer that guards the data in flight: the tail loss probe's
// (RFC 8985 §7.2: PTO = 2·SRTT, plus the worst-case delayed ACK for a single
// segment, never beyond the RTO) when a probe is allowed, else the RTO.
void TcpConnection::arm_retransmit(Instant now) {
    TimerWheel& timers = layer_.context().timers;
    if (probe_allowed()) {
        timers.cancel(rexmit_timer_);
        const Duration pto = std::min(RackTlp::pto(srtt(), flight_size() <= mss_), rto_.timeout());
        timers.schedule(probe_timer_, now + pto);
        return;
    }
    timers.cancel(probe_timer_);
    timers.schedule(rexmit_timer_, now + rto_.timeout());
}

// RFC 8985 §7.2: a SACK connection sending data, not in recovery, with
// nothing SACKed (RACK's reorder timer covers that) and no probe outstanding.
bool TcpConnection::probe_allowed() const {
    const TcpState s = state();
    const bool sending = s == TcpState::established || s == TcpState::close_wait || s == TcpState::fin_wait_1 ||
                         s == TcpState::closing || s == TcpState::last_ack;
    return neg_.sack && sending && !loss_recovery_ && rack_.sacked_count() == 0 && !rack_.probe_outstanding() &&
           snd_una_ != snd_max_;
}

// RFC 6298 §5.4-5.6: retransmit the earliest unacknowledged segment, back the
// timer off, restart it. RFC 5681 §3.1: cwnd collapses to one segment.
// Without SACK the resend is go-back-N from SND.UNA; with SACK, RACK marks
// the losses (RFC 8985 §6.3) and RTO recovery resends them.
void TcpConnection::on_retransmit_timer(Instant now) {
    const TcpState s = state();
    if (s == TcpState::closed || s == TcpState::time_wait) return;
    ++layer_.stats_.timeouts;
    const bool handshake = s == TcpState::syn_sent || s == TcpState::syn_received;
    const unsigned limit = handshake ? layer_.config().syn_retries : layer_.config().data_retries;
    // RFC 1122 §4.2.2.17: a receiver that closed its window with our data in
    // flight and still answers is probed as long as it does ("MUST allow the
    // connection to stay open"): those timeouts do not count toward the
    // limit, which is for a silent peer (as Linux's tcp_retransmit_timer).
    const bool peer_answers_closed_window = !handshake && snd_wnd_ == 0 && last_receive_ >= last_timeout_;
    last_timeout_ = now;
    if (!peer_answers_closed_window && ++retransmits_ > limit) {
        if (!handshake) send_rst(snd_max_, now);
        fail(handshake ? SocketError::timed_out : SocketError::connection_aborted, now);
        return;
    }
    if (handshake) syn_timed_out_ = true;
    rto_.on_timeout();
    cc_->on_retransmission_timeout(now, flight_size());
    recover_ = snd_max_;
    dupacks_ = 0;
    rtt_timing_ = false;
    retransmitted_since_ack_ = true;
    rto_marks_losses(handshake, now);
    arm_retransmit(now);
    output(now);
}

// What a timeout declares lost. With SACK, RACK-TLP keeps the SACK
// information across the first timeout (RFC 8985 §6.3: SACKed data is not
// resent); a second timeout in a row drops it, as RFC 2018 §8 and RFC 6675
// §5.1 ask for when the receiver may have reneged, and everything is resent.
void TcpConnection::rto_marks_losses(bool handshake, Instant now) {
    if (!neg_.sack || handshake) {
        scoreboard_.on_rto();
        snd_nxt_ = handshake ? iss_ : snd_una_;
        return;
    }
    rack_.forget_probe();
    if (!loss_recovery_) start_undo_episode();
    loss_recovery_ = true;
    // RFC 6298 §5.4: the earliest unacknowledged segment goes now, whatever
    // pipe says (segments sent within the last RACK.rtt are still counted in
    // flight, and could hold the one-segment cwnd shut while SACKs go on).
    retransmit_head_ = true;
    head_len_ = mss_;
    if (retransmits_ > 1) {
        scoreboard_.on_rto();
        rack_.mark_all_lost();
    } else {
        rack_.mark_losses_on_rto(now);
    }
}

// RFC 8985 §7.3: the probe timer fired: one segment goes out, new data if
// the peer's window takes it, else the last segment again, and the RTO
// guards what follows.
void TcpConnection::on_probe_timer(Instant now) {
    Plan plan;
    if (!probe_allowed() || !plan_probe(plan)) {
        // No probe can go (a closed window): the RTO takes over. Re-arming
        // through arm_retransmit would choose the probe timer again, and
        // the connection would neither send nor time out.
        layer_.context().timers.schedule(rexmit_timer_, now + rto_.timeout());
        return;
    }
    ++layer_.stats_.tlp_probes;
    transmit(plan, now);
    if (state() == TcpState::closed) return;
    rack_.on_probe_sent(snd_max_.raw(), plan.retransmission);
    layer_.context().timers.cancel(probe_timer_);
    layer_.context().timers.schedule(rexmit_timer_, now + rto_.timeout());
    after_output(now);
}

// RFC 8985 §6.2 step 5: the reordering window of a segment ran out.
void TcpConnection::on_reorder_timer(Instant now) {
    ++layer_.stats_.rack_reorder_timeouts;
    const bool recovering = loss_recovery_;
    detect_losses(now);
    // Recovery began with no ACK to pace it: PRR counts one segment as
    // delivered so the first retransmission goes (as Linux does).
    if (!recovering && prr_active()) prr_on_ack(mss_);
    output(now);
}

// RFC 9293 §3.8.6.1: "the sending TCP must regularly retransmit to the
// receiving TCP" while the window is zero. The probe is Linux's: an ACK one
// below SND.UNA (an old sequence number), which any live peer answers with
// its current window, and which costs no sequence space.
void TcpConnection::on_persist_timer(Instant now) {
    if (!(state() == TcpState::established || state() == TcpState::close_wait || state() == TcpState::fin_wait_1 ||
          state() == TcpState::closing || state() == TcpState::last_ack))
        return;
    if (snd_wnd_ != 0) return output(now);
    ++layer_.stats_.zero_window_probes;
    ++persist_backoff_;
    (void)build_and_send(snd_una_ - 1, 0, wire::tcpflag::ack, now);
    after_output(now);
}

void TcpConnection::on_delack_timer(Instant now) {
    ack_now_ = true;
    output(now);
}

// RFC 1122 §4.2.3.6: after `keepalive_idle` without a segment from the peer,
// probe every `keepalive_interval`; `keepalive_count` unanswered probes end
// the connection (Windows reports WSAENETRESET).
void TcpConnection::on_keepalive_timer(Instant now) {
    const TcpSocketOptions& o = socket_.options_;
    if (!o.keep_alive || !(state() == TcpState::established || state() == TcpState::close_wait)) return;
    const Instant due = last_receive_ + o.keepalive_idle;
    if (now < due && keepalive_probes_ == 0) {
        layer_.context().timers.schedule(keepalive_timer_, due);
        return;
    }
    if (keepalive_probes_ >= o.keepalive_count) {
        send_rst(snd_max_, now);
        fail(SocketError::network_reset, now);
        return;
    }
    ++keepalive_probes_;
    ++layer_.stats_.keepalive_probes;
    (void)build_and_send(snd_una_ - 1, 0, wire::tcpflag::ack, now);
    layer_.context().timers.schedule(keepalive_timer_, now + o.keepalive_interval);
}

void TcpConnection::arm_keepalive(Instant now) {
    const TcpSocketOptions& o = socket_.options_;
    if (!o.keep_alive) {
        layer_.context().timers.cancel(keepalive_timer_);
        return;
    }
    if (state() == TcpState::established || state() == TcpState::close_wait)
        layer_.context().timers.schedule(keepalive_timer_, std::max(now, last_receive_ + o.keepalive_idle));
}

void TcpConnection::on_time_wait_timer(Instant now) { fail(SocketError::none, now); }

// Nobody can read an orphan's data and its peer may never send a FIN: an
// orphaned FIN-WAIT-2 ends after 2·MSL (Linux's tcp_fin_timeout, RFC 9293
// §3.6 leaves it open).
void TcpConnection::orphaned(Instant now) {
    if (state() == TcpState::fin_wait_2)
        layer_.context().timers.schedule(time_wait_timer_, now + 2 * layer_.config().msl);
}

}  // namespace sluice::stack
