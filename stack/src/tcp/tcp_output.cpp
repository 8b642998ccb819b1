// The output function: what a connection sends now. Called after segment
// arrival, after a user call and from timers; it plans one segment at a time
// (handshake, SACK recovery per RFC 6675 §5 over RACK's lost segments, the
// tail loss probe's segment, or new data/FIN under the window, Nagle and
// sender-side SWS avoidance per RFC 9293 §3.7.4 and §3.8.6.2.1) until
// nothing more may go, then sends a bare ACK if one is owed.
// Segments are built by TcpLayer::emit: payload zero-copy (indirect mbufs over
// the send buffer) when the path takes chains, copied into one mbuf otherwise.
// When the NIC offers TSO, new data beyond one segment goes as one segment of
// whole MSS pieces (up to 64 KiB) that the NIC cuts; RACK still keeps one
// record per piece on the wire.
#include <sluice/stack/tcp/connection.hpp>

#include <sluice/stack/net/packet.hpp>

#include <algorithm>
#include <array>

namespace sluice::stack {

namespace {

using namespace wire::tcpflag;

/// Segments per output() call: a bound on one call's work; the ACKs those
/// segments bring call output() again.
constexpr int kMaxSegmentsPerCall = 256;
constexpr std::uint32_t kTimestampOptionLen = 12;

bool can_send_data(TcpState s) {
    return s == TcpState::established || s == TcpState::close_wait || s == TcpState::fin_wait_1 ||
           s == TcpState::closing || s == TcpState::last_ack;
}

}  // namespace

void TcpConnection::output(Instant now) {
    const TcpState s = state();
    if (s == TcpState::closed || s == TcpState::listen) return;
    if (s == TcpState::time_wait) {
        if (ack_now_) send_ack_now(now);
        return;
    }
    bool sent = false;
    Plan plan;
    for (int i = 0; i < kMaxSegmentsPerCall; ++i) {
        const bool planned = plan_handshake(plan) || (retransmit_head_ && plan_head_retransmission(plan)) ||
                             (loss_recovery_ ? plan_recovery(plan, now) : plan_data(plan, now));
        if (!planned) break;
        transmit(plan, now);
        sent = true;
        if (state() == TcpState::closed) return;
    }
    if (ack_now_ && !sent && s != TcpState::syn_sent) send_ack_now(now);
    after_output(now);
}

// RFC 9293 §3.10.1 and §3.10.7.2: the SYN (SYN-SENT) or SYN-ACK
// (SYN-RECEIVED), sent when SND.NXT is back at ISS (first time, or a timeout).
bool TcpConnection::plan_handshake(Plan& plan) const {
    const TcpState s = state();
    if ((s != TcpState::syn_sent && s != TcpState::syn_received) || snd_nxt_ != iss_) return false;
    plan = {iss_, 0, static_cast<std::uint8_t>(s == TcpState::syn_sent ? syn : syn | ack), seq_lt(iss_, snd_max_)};
    return true;
}

// New data (or a go-back-N retransmission after a timeout or a NewReno
// retransmission), and the FIN after the last byte.
bool TcpConnection::plan_data(Plan& plan, Instant /*now*/) {
    if (!can_send_data(state())) return false;
    const SeqNum end = data_end();
    if (seq_gt(snd_nxt_, end)) return false;  // the FIN is out
    const std::uint32_t available = seq_distance(snd_nxt_, end);
    if (available == 0 && !fin_queued_) return false;  // the usual way output() ends: nothing queued
    const std::uint32_t room = std::min(available, usable_window());
    const bool retransmission = seq_lt(snd_nxt_, snd_max_);
    const std::uint32_t len = std::max(std::min<std::uint32_t>(room, mss_), retransmission ? 0 : tso_length(room, available));
    const bool fin = fin_queued_ && len == available;
    if (len == 0 && !fin) return false;
    if (len == 0 && fin && seq_lt(snd_nxt_, snd_max_) && seq_distance(snd_nxt_, snd_max_) > 1) return false;
    if (!retransmission && (nagle_or_sws_holds(len, available, fin) || layer_.hold_for_device(socket_))) return false;
    std::uint8_t flags = ack;
    if (fin) flags |= wire::tcpflag::fin;
    if (len != 0 && len == available) flags |= psh;
    plan = {snd_nxt_, len, flags, retransmission};
    return true;
}

// TSO: new data beyond one segment in one go, when the path's NIC cuts it
// (a whole number of segments, at least two, none of them the FIN's or
// urgent data's, and not during loss recovery, where segments go one by
// one). 0 when TSO does not apply.
std::uint32_t TcpConnection::tso_length(std::uint32_t room, std::uint32_t available) const {
    if (room < 2u * mss_ || urgent_out_ || loss_recovery_) return 0;
    const std::uint32_t limit = layer_.path().tso_payload_limit(tuple_.remote.address);
    std::uint32_t len = std::min(room, limit) / mss_ * mss_;
    if (fin_queued_ && len == available) len -= mss_;  // the last segment goes alone, with the FIN
    return len >= 2u * mss_ ? len : 0;
}

// RFC 5681 §3.2 step 4 / RFC 6582 §3.2 steps 2-3, RFC 6675 §5 (4.3): one
// segment from SND.UNA, leaving SND.NXT where it is.
bool TcpConnection::plan_head_retransmission(Plan& plan) {
    retransmit_head_ = false;
    if (snd_una_ == snd_max_ || !can_send_data(state())) return false;
    const SeqNum end = data_end();
    const std::uint32_t data = seq_lt(snd_una_, end) ? seq_distance(snd_una_, end) : 0;
    const std::uint32_t len = within_window(snd_una_, std::min<std::uint32_t>(data, head_len_));
    std::uint8_t flags = ack;
    if (fin_queued_ && len == data && seq_gt(snd_max_, end)) flags |= fin;
    plan = {snd_una_, len, flags, true};
    return true;
}

// RFC 9293 §3.7.4 (Nagle: "a TCP SHOULD NOT send a small segment while
// earlier data is unacknowledged", unless TCP_NODELAY) and §3.8.6.2.1 (sender
// SWS: send when a full segment fits, or all queued data fits and nothing is
// outstanding, or at least half the largest window the peer offered).
bool TcpConnection::nagle_or_sws_holds(std::uint32_t len, std::uint32_t available, bool fin) const {
    if (len >= mss_ || (fin && len == available) || urgent_out_) return false;  // urgent data is never held
    const bool idle = snd_nxt_ == snd_una_;
    if (len == available) return !(socket_.options_.no_delay || idle);
    return !(idle && len >= max_snd_wnd_ / 2);
}

// RFC 6675 §5 (C) with RFC 8985's losses: in loss recovery, while the
// window allows (fast recovery: RFC 6937's sndcnt; after a timeout: cwnd -
// pipe >= 1 SMSS), retransmit the first segment RACK marked lost, else send
// new data (pipe counts neither SACKed nor lost segments, and counts a lost
// one again once it is retransmitted).
bool TcpConnection::plan_recovery(Plan& plan, Instant now) {
    if (!can_send_data(state())) return false;
    if (prr_active() ? prr_quota_ == 0 : cc_->cwnd() < rack_.in_flight_bytes() + mss_) return false;
    if (const RackTlp::Sent* lost = rack_.first_lost()) return plan_resend(*lost, plan);
    return plan_data(plan, now);
}

// Up to one MSS from the start of a recorded segment, with the FIN if the
// segment holds it and the MSS reaches it.
bool TcpConnection::plan_resend(const RackTlp::Sent& segment, Plan& plan) const {
    const SeqNum begin{segment.begin};
    const SeqNum end = data_end();
    const SeqNum data_stop = seq_min(SeqNum{segment.end}, end);
    const std::uint32_t len = seq_lt(begin, data_stop)
                                  ? within_window(begin, std::min<std::uint32_t>(seq_distance(begin, data_stop), mss_))
                                  : 0;
    std::uint8_t flags = ack;
    if (fin_queued_ && seq_gt(SeqNum{segment.end}, end) && begin + len == end) flags |= fin;
    if (len == 0 && !(flags & fin)) return false;
    plan = {begin, len, flags, true};
    return true;
}

// RFC 8985 §7.3: the probe is one segment of new data if the peer's window
// takes it (cwnd does not apply), else the last segment sent again.
bool TcpConnection::plan_probe(Plan& plan) const {
    const SeqNum end = data_end();
    const SeqNum edge = window_edge();
    if (seq_lt(snd_max_, end) && seq_lt(snd_max_, edge)) {
        const std::uint32_t len = std::min({seq_distance(snd_max_, end), seq_distance(snd_max_, edge),
                                            static_cast<std::uint32_t>(mss_)});
        std::uint8_t flags = ack;
        if (snd_max_ + len == end) flags |= fin_queued_ ? (psh | fin) : psh;
        plan = {snd_max_, len, flags, false};
        return true;
    }
    const RackTlp::Sent* last = rack_.last();
    return last != nullptr && plan_resend(*last, plan);
}

void TcpConnection::transmit(const Plan& plan, Instant now) {
    if (!build_and_send(plan.seq, plan.len, plan.flags, now)) {
        ack_now_ = false;
        return;
    }
    const std::uint32_t seq_len = plan.len + ((plan.flags & syn) ? 1u : 0u) + ((plan.flags & fin) ? 1u : 0u);
    const SeqNum after = plan.seq + seq_len;
    if (neg_.sack && !(plan.flags & syn) && seq_len != 0) record_sent(plan.seq, after, now);
    if (plan.retransmission) note_retransmission(plan.seq, seq_len, layer_.timestamp_now(now));
    if (prr_active()) {
        prr_out_ += seq_len;
        prr_quota_ = prr_quota_ > seq_len ? prr_quota_ - seq_len : 0;
    }
    if (plan.retransmission) {
        ++layer_.stats_.retransmitted_segments;
        retransmitted_since_ack_ = true;
        if (rtt_timing_ && seq_lt(plan.seq, rtt_seq_ + 1)) rtt_timing_ = false;  // Karn
    } else if (!rtt_timing_ && seq_len != 0) {
        rtt_timing_ = true;
        rtt_seq_ = plan.seq;
        rtt_start_ = now;
    }
    // Retransmissions below SND.NXT leave it; new data (and go-back-N
    // resends, which start at SND.NXT) move it on.
    if (seq_gt(after, snd_nxt_)) snd_nxt_ = after;
    if (seq_gt(after, snd_max_)) {
        snd_max_ = after;
        scoreboard_.on_send(snd_max_.raw());
    }
    // RFC 6298 §5.1: the RTO starts with the first data in flight; RFC 8985
    // §7.2: the probe timer restarts with every new segment.
    if (seq_len != 0 && (!loss_timer_armed() || (!plan.retransmission && probe_allowed()))) arm_retransmit(now);
}

// RACK keeps a record per segment on the wire: a TSO segment is as many
// records as the segments the NIC cuts it into.
void TcpConnection::record_sent(SeqNum begin, SeqNum end, Instant now) {
    const std::uint32_t tsval = layer_.timestamp_now(now);
    const std::uint32_t piece = tso_segment_sent_ != 0 ? tso_segment_sent_ : seq_distance(begin, end);
    for (SeqNum at = begin; at != end;) {
        const SeqNum stop = at + std::min<std::uint32_t>(seq_distance(at, end), piece);
        rack_.on_send(at.raw(), stop.raw(), now, tsval);
        at = stop;
    }
}

bool TcpConnection::build_and_send(SeqNum seq, std::uint32_t len, std::uint8_t flags, Instant now) {
    wire::TcpRepr tcp;
    tcp.src_port = tuple_.local.port;
    tcp.dst_port = tuple_.remote.port;
    tcp.seq = seq.raw();
    tcp.flags = flags;
    if (flags & ack) tcp.ack = rcv_nxt().raw();
    tcp.window = window_to_advertise();
    if (flags & syn) tcp.window = static_cast<std::uint16_t>(std::min<std::size_t>(rbuf_.window(), 0xffff));
    // RFC 9293 §3.8.5: every segment sent while urgent data is ahead of it
    // carries URG and the offset of the urgent pointer from its SEG.SEQ.
    // A pointer beyond 16 bits cannot be expressed: such segments go without
    // URG (a capped 0xffff would name the wrong byte); the ones closer to the
    // urgent data carry it.
    if (urgent_out_ && seq_lt(seq, snd_up_) && !(flags & syn) && seq_distance(seq, snd_up_) <= 0xffff) {
        tcp.flags |= urg;
        tcp.urgent_pointer = static_cast<std::uint16_t>(seq_distance(seq, snd_up_));
    }
    wire::TcpOptions options = options_for(flags, now);
    // SACK blocks travel on data segments only while they fit beside a full
    // segment's payload (the MSS already leaves room for timestamps).
    const std::size_t room = mss_ + (neg_.timestamps ? kTimestampOptionLen : 0);
    const std::uint32_t segment_len = std::min<std::uint32_t>(len, mss_);  // a TSO segment's copies of them too
    while (options.sack_block_count != 0 && segment_len + options.encoded_len() > room) {
        --options.sack_block_count;
        options.sack_blocks[options.sack_block_count] = {};
    }
    rte_mbuf* payload = nullptr;
    if (len != 0) {
        const std::uint32_t offset = data_offset(seq);
        if (layer_.path().takes_chains(tuple_.remote.address)) {
            payload = sbuf_.slice(offset, len, layer_.context().pool);
        } else {
            payload = alloc_packet(layer_.context().pool, len);
            if (payload != nullptr) sbuf_.copy_out(offset, len, rte_pktmbuf_mtod(payload, std::uint8_t*));
        }
        if (payload == nullptr) {
            layer_.context().counters.drop(Drop::no_mbuf);
            return false;
        }
    }
    const TcpSocketOptions& o = socket_.options_;
    tso_segment_sent_ = len > mss_ ? tso_segment_size(options) : 0;
    const Drop d = layer_.emit(tuple_, tcp, options, payload, o.ttl, o.tos, o.dont_fragment, now, tso_segment_sent_);
    if (d == Drop::ipv4_no_route || d == Drop::ipv4_bad_destination) {
        if (state() == TcpState::syn_sent) fail(SocketError::network_unreachable, now);
        return false;
    }
    if (flags & ack) {
        if (options.sack_block_count != 0) dsack_out_.reset();  // reported once
        last_ack_sent_ = rcv_nxt();
        ack_now_ = false;
        unacked_segments_ = 0;
        layer_.context().timers.cancel(delack_timer_);
    }
    last_send_ = now;
    return true;
}

// What each segment a TSO segment is cut into carries: the MSS less what
// options beyond timestamps take, within the NIC's own frame limit.
std::uint16_t TcpConnection::tso_segment_size(const wire::TcpOptions& options) const {
    const std::uint32_t options_len = options.encoded_len();
    const std::uint32_t room = mss_ + (neg_.timestamps ? kTimestampOptionLen : 0u);
    const std::uint32_t by_mss = room > options_len ? room - options_len : 1u;
    const std::uint32_t by_nic =
        layer_.path().tso_segment_limit(tuple_.remote.address, static_cast<std::uint32_t>(wire::kTcpHeaderLen) + options_len);
    return static_cast<std::uint16_t>(std::clamp<std::uint32_t>(std::min(by_mss, by_nic), 1u, mss_));
}

// Options by segment: a SYN offers MSS, window scale, SACK-permitted and
// timestamps (a SYN-ACK only those the SYN offered: RFC 7323 §2.2, §3.2;
// RFC 2018 §2); later segments carry timestamps when negotiated (RFC 7323
// §3.2: on every segment) and SACK blocks while data is out of order
// (RFC 2018 §4).
wire::TcpOptions TcpConnection::options_for(std::uint8_t flags, Instant now) const {
    wire::TcpOptions o;
    const bool active = state() == TcpState::syn_sent;
    if (flags & syn) {
        o.mss = adv_mss_;
        if (active || neg_.peer_wscale) o.window_scale = rcv_wscale_;
        o.sack_permitted = active || neg_.sack;
        if (active || neg_.timestamps) o.timestamps = wire::TcpTimestamps{layer_.timestamp_now(now), active ? 0 : ts_recent_};
        return o;
    }
    if (neg_.timestamps) o.timestamps = wire::TcpTimestamps{layer_.timestamp_now(now), ts_recent_};
    if (neg_.sack && (rbuf_.out_of_order_bytes() != 0 || dsack_out_)) {
        const std::size_t fit = o.sack_blocks_that_fit();
        const std::size_t first = dsack_out_ ? 1 : 0;  // RFC 2883 §4: the D-SACK block leads
        if (dsack_out_) o.sack_blocks[0] = *dsack_out_;
        const std::size_t n = rbuf_.sack_blocks(std::span(o.sack_blocks.data() + first, fit - first));
        o.sack_block_count = static_cast<std::uint8_t>(first + n);
    }
    return o;
}

// RFC 9293 §3.8.6.2.2 (receiver SWS avoidance): the right edge moves on only
// (and not at all while the engine's socket mbuf budget is spent)
// by at least min(RCV.BUFF/2, MSS), and never back (§3.8.6: "strongly
// discouraged" shrinking). RFC 7323 §2.3: the field is the window >> Rcv.Wind.Shift.
std::uint16_t TcpConnection::window_to_advertise() {
    const SeqNum nxt = rcv_nxt();
    if (seq_lt(rcv_adv_, nxt)) rcv_adv_ = nxt;
    const std::uint32_t free_space = fin_received_ || socket_memory_full() ? 0 : rbuf_.window();
    SeqNum right = nxt + free_space;
    const std::uint32_t threshold =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(socket_.options_.receive_buffer / 2), mss_);
    if (seq_le(right, rcv_adv_) || seq_distance(rcv_adv_, right) < threshold) right = rcv_adv_;
    std::uint32_t field = seq_distance(nxt, right) >> rcv_wscale_;
    field = std::min<std::uint32_t>(field, 0xffff);
    const SeqNum advertised = nxt + (field << rcv_wscale_);
    if (seq_gt(advertised, rcv_adv_)) rcv_adv_ = advertised;
    return static_cast<std::uint16_t>(field);
}

// A bare ACK carries SND.MAX, not SND.NXT: after a timeout SND.NXT has gone
// back to SND.UNA, and a peer that already holds data up to SND.MAX would
// find SEG.SEQ = SND.NXT below its window and drop the ACK unread (RFC 9293
// §3.10.7.4 first step), stalling both sides. Nor beyond the right edge of
// the peer's window, which is as unacceptable (Linux's tcp_acceptable_seq):
// when the window closed below SND.MAX, the edge.
void TcpConnection::send_ack_now(Instant now) {
    (void)build_and_send(seq_min(snd_max_, window_edge()), 0, ack, now);
}

// The right edge of the peer's window: SND.UNA + SND.WND.
SeqNum TcpConnection::window_edge() const { return snd_una_ + snd_wnd_; }

// A retransmission from `seq` of at most `len` bytes, trimmed to the peer's
// window: Linux (6.17 on) drops a segment reaching past its window whole
// while its receive queue is not empty. Nothing beyond the edge goes, except
// at SND.UNA, where a closed window makes the resend a window probe (as
// Linux's __tcp_retransmit_skb).
std::uint32_t TcpConnection::within_window(SeqNum seq, std::uint32_t len) const {
    const SeqNum edge = window_edge();
    if (seq_lt(seq, edge)) return std::min(len, seq_distance(seq, edge));
    return seq == snd_una_ ? len : 0;
}

// RFC 5961 §7: challenge ACKs are rate-limited (engine-wide, as Linux's
// tcp_challenge_ack_limit) so an attacker cannot turn them into a flood.
void TcpConnection::send_challenge_ack(Instant now) {
    if (!layer_.challenge_ack_allowed(now)) return;
    ++layer_.stats_.challenge_acks;
    send_ack_now(now);
}

void TcpConnection::send_rst(SeqNum seq, Instant now) {
    ++layer_.stats_.resets_sent;
    layer_.send_control(tuple_, seq, std::nullopt, rst, 0, {}, now);
}

// Timers after sending: the retransmission timer runs while data is in flight
// (RFC 6298 §5.1); the persist timer while the peer's window is zero with
// data waiting and nothing in flight (RFC 9293 §3.8.6.1).
void TcpConnection::after_output(Instant now) {
    const TcpState s = state();
    if (s == TcpState::closed || s == TcpState::time_wait || s == TcpState::listen) return;
    if (snd_una_ != snd_max_ && !loss_timer_armed()) arm_retransmit(now);
    const bool waiting = seq_lt(snd_nxt_, data_end()) || (fin_queued_ && seq_le(snd_max_, data_end()));
    if (snd_wnd_ == 0 && waiting && snd_una_ == snd_max_ && can_send_data(s) && !persist_timer_.armed()) {
        const Duration backoff = std::min<Duration>(rto_.timeout() * (1u << std::min(persist_backoff_, 6u)),
                                                    RtoEstimator::kMaxRto);
        layer_.context().timers.schedule(persist_timer_, now + backoff);
    }
}

std::uint32_t TcpConnection::flight_size() const { return seq_distance(snd_una_, snd_max_); }

// New data the windows allow now: min(rwnd, cwnd) less what is in flight
// (SND.NXT - SND.UNA); in SACK recovery cwnd less pipe (RFC 6675 §5 (C)), or
// PRR's sndcnt (a whole segment while any is left), and the peer's window
// from SND.UNA.
std::uint32_t TcpConnection::usable_window() const {
    if (loss_recovery_) {
        const std::uint32_t pipe = rack_.in_flight_bytes();
        std::uint32_t cwnd_room = cc_->cwnd() > pipe ? cc_->cwnd() - pipe : 0;
        if (prr_active()) cwnd_room = prr_quota_ == 0 ? 0 : std::max<std::uint32_t>(prr_quota_, mss_);
        const SeqNum edge = window_edge();
        const std::uint32_t rwnd_room = seq_gt(edge, snd_nxt_) ? seq_distance(snd_nxt_, edge) : 0;
        return std::min(cwnd_room, rwnd_room);
    }
    const std::uint32_t in_flight = seq_distance(snd_una_, snd_nxt_);
    const std::uint32_t window = send_window();
    return window > in_flight ? window - in_flight : 0;
}

// The sender may have min(rwnd, cwnd) in flight; RFC 3042 lets the first two
// duplicate ACKs each send one more segment of new data.
std::uint32_t TcpConnection::send_window() const {
    std::uint32_t cwnd = cc_->cwnd();
    if (!cc_->in_recovery() && dupacks_ != 0 && dupacks_ < 3) cwnd += dupacks_ * mss_;
    return std::min(snd_wnd_, cwnd);
}

}  // namespace sluice::stack
