// TcpConnection: opening (RFC 9293 §3.5), option negotiation (§3.7.1, RFC
// 7323 §2.2/§3.2, RFC 2018 §2), state changes and the user calls SEND,
// RECEIVE, CLOSE and ABORT (§3.10.2 to §3.10.5), and send/receive buffer
// auto-tuning. Invariants: connection.hpp.
#include <sluice/stack/tcp/connection.hpp>

#include <algorithm>

namespace sluice::stack {

namespace {

constexpr std::uint32_t kIpv4TcpHeaders = 40;      ///< 20 IPv4 + 20 TCP
constexpr std::uint32_t kTimestampOptionLen = 12;  ///< NOP NOP TS, RFC 7323 Appendix A
/// The window we can scale to covers this much even if SO_RCVBUF grows later.
constexpr std::size_t kScalableWindow = std::size_t{4} << 20;

/// RFC 7323 §2.3: the smallest shift that expresses `bytes` in 16 bits.
std::uint8_t window_shift_for(std::size_t bytes) {
    std::uint8_t shift = 0;
    while ((bytes >> shift) > 0xffff && shift < wire::kTcpMaxWindowShift) ++shift;
    return shift;
}

std::uint16_t mss_for_mtu(std::uint32_t mtu) {
    return static_cast<std::uint16_t>(std::clamp<std::uint32_t>(mtu, 68 + kIpv4TcpHeaders, 65535) - kIpv4TcpHeaders);
}

}  // namespace

TcpConnection::TcpConnection(TcpLayer& layer, TcpSocket& socket, const FourTuple& tuple, Instant now)
    : layer_(layer),
      socket_(socket),
      tuple_(tuple),
      sbuf_(layer.context().pool, socket.options().send_buffer),
      rbuf_(socket.options().receive_buffer),
      cc_(make_congestion_controller(layer.config().congestion, CongestionConfig{})),
      rto_(layer.config().min_rto),
      scoreboard_(0, 536),
      last_receive_(now) {
    rexmit_timer_.set_callback([this](Instant t) { on_retransmit_timer(t); });
    probe_timer_.set_callback([this](Instant t) { on_probe_timer(t); });
    reorder_timer_.set_callback([this](Instant t) { on_reorder_timer(t); });
    persist_timer_.set_callback([this](Instant t) { on_persist_timer(t); });
    delack_timer_.set_callback([this](Instant t) { on_delack_timer(t); });
    keepalive_timer_.set_callback([this](Instant t) { on_keepalive_timer(t); });
    time_wait_timer_.set_callback([this](Instant t) { on_time_wait_timer(t); });
    iss_ = layer.isn_.isn(tuple, now);
    snd_una_ = snd_nxt_ = snd_max_ = iss_;
    recover_ = iss_;
    data_end_ = iss_ + 1;
    adv_mss_ = mss_for_mtu(layer.path().mtu_for(tuple.remote.address));
    rcv_wscale_ = window_shift_for(
        std::max({socket.options().receive_buffer, kScalableWindow, layer.config().max_auto_buffer}));
}

TcpConnection::~TcpConnection() { layer_.context().release_socket_mbufs(charged_mbufs_); }

// The engine-wide budget (half the pool, StackContext) covers TCP's queued
// mbufs as it covers UDP's: connections nobody reads, or a million of them,
// can never take the buffers the NIC needs to receive.
void TcpConnection::sync_mbuf_charge() {
    StackContext& ctx = layer_.context();
    const std::size_t held = mbufs_held();
    if (held > charged_mbufs_) ctx.socket_mbufs += held - charged_mbufs_;
    else ctx.release_socket_mbufs(charged_mbufs_ - held);
    charged_mbufs_ = held;
}

bool TcpConnection::socket_memory_full() const {
    const StackContext& ctx = layer_.context();
    return ctx.socket_mbufs >= ctx.socket_mbuf_limit;
}

void TcpConnection::stop_timers() {
    TimerWheel& wheel = layer_.context().timers;
    for (Timer* t : {&rexmit_timer_, &probe_timer_, &reorder_timer_, &persist_timer_, &delack_timer_,
                     &keepalive_timer_, &time_wait_timer_})
        wheel.cancel(*t);
}

TcpState TcpConnection::state() const { return socket_.state_; }

void TcpConnection::set_state(TcpState s, Instant now) {
    const TcpState old = socket_.state_;
    socket_.state_ = s;
    if (s == TcpState::established && old != TcpState::established) became_established(now);
}

// RFC 9293 §3.10.1 OPEN, active: "A SYN segment of the form <SEQ=ISS><CTL=SYN>
// is sent. Set SND.UNA to ISS, SND.NXT to ISS+1, enter SYN-SENT state".
void TcpConnection::open_active(Instant now) {
    set_state(TcpState::syn_sent, now);
    output(now);
}

// RFC 9293 §3.10.7.2 (LISTEN, third check): "Set RCV.NXT to SEG.SEQ+1, IRS is
// set to SEG.SEQ ... ISS should be selected and a SYN segment sent of the form
// <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. ... the connection state should be
// changed to SYN-RECEIVED."
void TcpConnection::open_passive(const wire::TcpRepr& syn, const wire::TcpOptions& options, Instant now) {
    negotiate(options, layer_.path().mtu_for(tuple_.remote.address));
    init_receive(SeqNum{syn.seq});
    if (neg_.timestamps) {
        ts_recent_ = options.timestamps->value;
        ts_recent_time_ = now;
    }
    snd_wnd_ = syn.window;  // RFC 7323 §2.2: the window of a SYN is never scaled
    snd_wl1_ = SeqNum{syn.seq};
    set_state(TcpState::syn_received, now);
    output(now);
}

// RFC 4987 §3.6: the ACK completing a cookie handshake recreates the state the
// SYN would have made; the SYN-ACK was <SEQ=cookie><ACK=client ISN + 1>.
void TcpConnection::open_from_cookie(const wire::TcpRepr& ack, const wire::TcpOptions& options, std::uint16_t mss,
                                     const TcpNegotiated& negotiated, std::uint8_t rcv_wscale, Instant now) {
    neg_ = negotiated;
    rcv_wscale_ = rcv_wscale;
    neg_.peer_mss = mss;
    wire::TcpOptions syn_options;
    syn_options.mss = mss;
    syn_options.window_scale = negotiated.peer_wscale;
    syn_options.sack_permitted = negotiated.sack;
    if (negotiated.timestamps) syn_options.timestamps = options.timestamps;
    negotiate(syn_options, layer_.path().mtu_for(tuple_.remote.address));
    iss_ = SeqNum{ack.ack} - 1;
    snd_una_ = snd_nxt_ = snd_max_ = SeqNum{ack.ack};
    data_end_ = snd_una_;
    init_receive(SeqNum{ack.seq} - 1);
    if (neg_.timestamps) {
        ts_recent_ = options.timestamps->value;
        ts_recent_time_ = now;
    }
    snd_wnd_ = std::uint32_t{ack.window} << snd_wscale_;
    max_snd_wnd_ = snd_wnd_;
    snd_wl1_ = SeqNum{ack.seq};
    snd_wl2_ = SeqNum{ack.ack};
    set_state(TcpState::established, now);
}

// RFC 9293 §3.7.1 (MSS, clamped to the route's MTU), RFC 7323 §2.2 (window
// scale only when both SYNs carry it), §3.2 (timestamps likewise), RFC 2018
// §2 (SACK-permitted likewise). For an active open `options` are the
// SYN-ACK's; for a passive one the SYN's (our SYN-ACK echoes what it had).
void TcpConnection::negotiate(const wire::TcpOptions& options, std::uint32_t path_mtu) {
    neg_.peer_mss = options.mss.value_or(536);
    neg_.peer_wscale = options.window_scale;
    neg_.sack = options.sack_permitted;
    neg_.timestamps = options.timestamps.has_value();
    if (neg_.peer_wscale) {
        snd_wscale_ = std::min(*neg_.peer_wscale, wire::kTcpMaxWindowShift);
    } else {
        snd_wscale_ = 0;
        rcv_wscale_ = 0;
    }
    const std::uint16_t route_mss = mss_for_mtu(path_mtu);
    const std::uint32_t overhead = neg_.timestamps ? kTimestampOptionLen : 0;
    mss_ = static_cast<std::uint16_t>(std::max<std::uint32_t>(std::min(neg_.peer_mss, route_mss), overhead + 8) - overhead);
    CongestionConfig cc;
    cc.smss = mss_;
    cc.sack_recovery = neg_.sack;
    cc_ = make_congestion_controller(layer_.config().congestion, cc);
    scoreboard_.set_smss(mss_);
}

void TcpConnection::init_receive(SeqNum irs) {
    irs_ = irs;
    rbuf_.init(irs + 1);
    rcv_adv_ = irs + 1;
    last_ack_sent_ = irs + 1;
}

void TcpConnection::became_established(Instant now) {
    socket_.was_connected_ = true;
    rto_.established(syn_timed_out_);
    retransmits_ = 0;
    scoreboard_ = SackScoreboard(snd_una_.raw(), mss_);
    rack_.reset((iss_ + 1).raw());  // data starts after the SYN
    loss_recovery_ = false;
    arm_keepalive(now);
}

/// RFC 9293 §3.10.7.4 (RST in a synchronized state, timeouts): the user is
/// told and the connection is gone.
void TcpConnection::fail(SocketError error, Instant now) {
    if (socket_.failure_ == SocketError::none) socket_.failure_ = error;
    set_state(TcpState::closed, now);
    layer_.connection_closed(socket_);
}

// RFC 9293 §3.6: TIME-WAIT lasts 2·MSL; every timer but this one stops.
void TcpConnection::enter_time_wait(Instant now) {
    set_state(TcpState::time_wait, now);
    layer_.context().timers.cancel(rexmit_timer_);
    layer_.context().timers.cancel(probe_timer_);
    layer_.context().timers.cancel(reorder_timer_);
    layer_.context().timers.cancel(persist_timer_);
    layer_.context().timers.cancel(delack_timer_);
    layer_.context().timers.cancel(keepalive_timer_);
    layer_.context().timers.schedule(time_wait_timer_, now + 2 * layer_.config().msl);
}

std::uint32_t TcpConnection::data_offset(SeqNum seq) const {
    // Data begins at ISS + 1; while the SYN is unacknowledged SND.UNA = ISS.
    const SeqNum first_data = snd_una_ == iss_ ? iss_ + 1 : snd_una_;
    return seq_distance(first_data, seq);
}

SeqNum TcpConnection::data_end() const { return data_end_; }

// RFC 9293 §3.10.2 SEND. Data queued before the handshake completes goes out
// once it does (ESTABLISHED); after the FIN it is refused.
TcpIo TcpConnection::send(wire::Bytes data, bool all_or_nothing, Instant now, bool urgent) {
    if (fin_queued_) return {0, SocketError::shut_down};
    if (data.empty()) return {0, SocketError::none};  // send(len 0): nothing to queue, not a failure
    if (all_or_nothing && data.size() > sbuf_.space()) return {0, SocketError::would_block};
    if (sbuf_.space() == 0) return {0, SocketError::would_block};
    if (socket_memory_full()) return {0, SocketError::would_block};
    const std::size_t taken = sbuf_.append(data);
    sync_mbuf_charge();
    if (taken == 0) return {0, SocketError::no_buffers};
    data_end_ += static_cast<std::uint32_t>(taken);
    if (urgent) {
        // RFC 9293 §3.8.5 with RFC 6093 §2.2's (BSD, Windows, Linux) reading:
        // the pointer marks the byte after the urgent data.
        snd_up_ = data_end_;
        urgent_out_ = true;
    }
    output(now);
    return {taken, SocketError::none};
}

// RFC 9293 §3.10.3 RECEIVE; a read that opens the window enough sends a
// window update (RFC 9293 §3.8.6.2.2, receiver-side SWS avoidance), unless
// the peer's FIN has arrived: it sends no more, the window stays closed
// (window_to_advertise), and the "update" would be a duplicate ACK that a
// peer already CLOSED answers with a RST (seen after TIME-WAIT). Urgent
// bytes taken out of the stream (urgent.hpp) are stepped over, never
// returned here, and a read stops short of the next one.
TcpIo TcpConnection::receive(wire::MutableBytes buffer, bool peek, Instant now) {
    if (!peek) {
        skip_urgent_at_read_point();
        sync_mbuf_charge();
    }
    if (readable_bytes() == 0) {
        if (fin_received_) return {0, SocketError::none};
        return {0, SocketError::would_block};
    }
    const std::size_t run = urgent_.run_before_mark(read_point());
    const std::size_t n = rbuf_.read(buffer.first(std::min(buffer.size(), run)), peek);
    if (!peek && n != 0) {
        skip_urgent_at_read_point();
        sync_mbuf_charge();
        urgent_.read_to(read_point());
        if (socket_.options_.auto_receive_buffer) tune_receive_buffer(n, now);
        const std::uint32_t offered = seq_distance(rbuf_.next(), rcv_adv_);
        const std::uint32_t could = rbuf_.window();
        const std::uint32_t threshold = std::min<std::uint32_t>(static_cast<std::uint32_t>(socket_.options_.receive_buffer / 2), mss_);
        if (!fin_received_ && could >= offered + threshold) {
            ack_now_ = true;
            output(now);
        }
    }
    return {n, SocketError::none};
}

void TcpConnection::skip_urgent_at_read_point() {
    while (urgent_.at_mark(read_point())) {
        const SeqNum at = read_point();
        std::uint8_t discard = 0;
        (void)rbuf_.read({&discard, 1}, false);
        urgent_.stepped_over(at);
    }
}

TcpIo TcpConnection::receive_urgent(wire::MutableBytes buffer) {
    if (buffer.empty()) return {0, SocketError::none};
    std::uint8_t byte = 0;
    if (!urgent_.pop(byte)) return {0, SocketError::would_block};
    buffer[0] = byte;
    return {1, SocketError::none};
}

// RFC 9293 §3.10.4 CLOSE of our sending side: "Queue this until all
// preceding SENDs have been segmentized, then form a FIN segment".
void TcpConnection::shutdown_send(Instant now) {
    if (fin_queued_) return;
    fin_queued_ = true;
    switch (state()) {
    case TcpState::syn_sent: fail(SocketError::none, now); return;  // §3.10.4: delete the TCB
    case TcpState::syn_received:
    case TcpState::established: set_state(TcpState::fin_wait_1, now); break;
    case TcpState::close_wait: set_state(TcpState::last_ack, now); break;
    default: return;
    }
    output(now);
}

// RFC 9293 §3.10.5 ABORT: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>" in
// SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT.
void TcpConnection::abort(Instant now) {
    switch (state()) {
    case TcpState::syn_received:
    case TcpState::established:
    case TcpState::fin_wait_1:
    case TcpState::fin_wait_2:
    case TcpState::close_wait: send_rst(snd_max_, now); break;
    default: break;
    }
    set_state(TcpState::closed, now);
}

void TcpConnection::options_changed(Instant now) {
    const TcpSocketOptions& o = socket_.options_;
    sbuf_.set_limit(o.auto_send_buffer ? std::max(sbuf_.limit(), o.send_buffer) : o.send_buffer);
    rbuf_.set_limit(o.auto_receive_buffer ? std::max(rbuf_.limit(), o.receive_buffer) : o.receive_buffer);
    if (socket_.options_.oob_inline) urgent_.make_inline();  // WS-SEL-34
    arm_keepalive(now);
    output(now);
}

// Receive auto-tuning, as Linux's dynamic right-sizing (tcp_rcv_space_adjust)
// and Windows' receive window auto-tuning: once per receiver RTT, the queue
// may grow to twice what the application read in that RTT (one window in
// flight while one is read), up to TcpConfig::max_auto_buffer. A
// window-limited sender doubles it each RTT until the window no longer
// limits it; an application that reads slowly never grows it. It never
// shrinks (the advertised right edge never moves back either).
void TcpConnection::tune_receive_buffer(std::size_t read, Instant now) {
    rcv_tune_read_ += read;
    if (now - rcv_tune_start_ < tuning_interval()) return;
    const std::size_t want = std::min<std::uint64_t>(layer_.config().max_auto_buffer, 2 * rcv_tune_read_);
    if (want > rbuf_.limit()) rbuf_.set_limit(want);
    rcv_tune_read_ = 0;
    rcv_tune_start_ = now;
}

// Under reordering the held-back segments behind a hole fill the window
// while the application has nothing to read, so the read-based rule above
// never sees the need: when out-of-order data takes more than a quarter of
// the queue, it doubles (at most once per receiver RTT, up to the maximum).
// An application that reads slowly leaves in-order data, not out-of-order
// data, and does not trigger it.
void TcpConnection::tune_for_reordering(Instant now) {
    if (!socket_.options_.auto_receive_buffer || rbuf_.out_of_order_bytes() * 4 <= rbuf_.limit()) return;
    if (now - rcv_reorder_growth_ < tuning_interval()) return;
    const std::size_t want = std::min(layer_.config().max_auto_buffer, 2 * rbuf_.limit());
    if (want > rbuf_.limit()) rbuf_.set_limit(want);
    rcv_reorder_growth_ = now;
}

// How often receive auto-tuning acts: once per receiver RTT — the smaller of
// the two estimates (a timestamp sample after the sender idled measures the
// idle time; the window measurement is an upper bound), else the sender's
// SRTT, else 1 ms. A sub-millisecond path must not fall back to 1 ms: at
// 10 Gbit/s that is a 2.5 MB "window" on a path whose bandwidth-delay
// product is a few KB, and queues that size only cost cache.
Duration TcpConnection::tuning_interval() const {
    constexpr Duration kUnknown = std::chrono::milliseconds(1);
    if (rcv_rtt_ && rcv_rtt_window_) return std::min(*rcv_rtt_, *rcv_rtt_window_);
    if (rcv_rtt_ || rcv_rtt_window_) return rcv_rtt_ ? *rcv_rtt_ : *rcv_rtt_window_;
    return srtt().value_or(kUnknown);
}

// The receiver's RTT (Linux's tcp_rcv_rtt_measure_ts): a data segment
// echoes the TSval of an ACK of ours; the time since is about one round
// trip. Timestamps tick in milliseconds: a difference of 0 or 1 tick says
// only "under 2 ms", and is left to the window measurement below.
void TcpConnection::sample_receiver_rtt(const TcpSegment& seg, Instant now) {
    if (!neg_.timestamps || !seg.options.timestamps || seg.options.timestamps->echo == 0) return;
    const std::uint32_t ticks = layer_.timestamp_now(now) - seg.options.timestamps->echo;
    if (ticks < 2 || ticks >= (1u << 31)) return;
    const Duration sample = std::chrono::milliseconds(ticks);
    rcv_rtt_ = rcv_rtt_ ? (*rcv_rtt_ * 7 + sample) / 8 : sample;
}

// The receiver's RTT without timestamps (Linux's tcp_rcv_rtt_measure): a
// sender cannot deliver more than the window we advertised in one round
// trip, so the time from advertising it until data reaches its right edge
// is at least one RTT. Engine-clock resolution; the smallest sample is kept.
void TcpConnection::measure_receiver_rtt_by_window(Instant now) {
    const SeqNum next = rbuf_.next();
    if (rcv_rtt_mark_time_) {
        if (seq_lt(next, rcv_rtt_mark_)) return;
        const Duration sample = now - *rcv_rtt_mark_time_;
        if (sample > Duration::zero()) rcv_rtt_window_ = std::min(rcv_rtt_window_.value_or(sample), sample);
    }
    rcv_rtt_mark_ = next + std::max<std::uint32_t>(seq_distance(next, seq_max(rcv_adv_, next)), mss_);
    rcv_rtt_mark_time_ = now;
}

// Send auto-tuning (Linux's tcp_sndbuf_expand, Windows' ideal send backlog):
// the queue holds twice the congestion window, so one window can be in
// flight while the application refills the next, up to max_auto_buffer.
void TcpConnection::tune_send_buffer() {
    if (!socket_.options_.auto_send_buffer) return;
    const std::size_t want = std::min<std::size_t>(layer_.config().max_auto_buffer, 2 * std::size_t{cc_->cwnd()});
    if (want > sbuf_.limit()) sbuf_.set_limit(want);
}

// RFC 5927 §4.1: ICMP errors carry no proof of origin; act only on those
// quoting a sequence number in flight. RFC 1191 §6: "fragmentation needed"
// lowers the MSS (never below 536 + headers: RFC 1191 §3's 68-byte floor is
// not worth sending segments that small). Hard errors during the handshake
// fail the connect (RFC 1122 §4.2.3.9); later they are soft.
void TcpConnection::icmp_error(std::uint8_t type, std::uint8_t code, std::uint16_t next_hop_mtu, SeqNum quoted_seq,
                               Instant now) {
    if (!seq_ge(quoted_seq, snd_una_) || !seq_lt(quoted_seq, snd_max_)) return;
    constexpr std::uint8_t kUnreachable = 3;
    if (type != kUnreachable) return;
    if (code == icmpcode::fragmentation_needed) {
        if (next_hop_mtu < 576) return;
        const std::uint16_t overhead = neg_.timestamps ? kTimestampOptionLen : 0;
        const std::uint16_t new_mss = static_cast<std::uint16_t>(mss_for_mtu(next_hop_mtu) - overhead);
        if (new_mss >= mss_) return;
        mss_ = new_mss;
        scoreboard_.set_smss(mss_);
        snd_nxt_ = snd_una_;  // resend what was too big, in smaller segments
        output(now);
        return;
    }
    if (state() == TcpState::syn_sent && (code == icmpcode::port_unreachable || code == icmpcode::protocol_unreachable))
        fail(SocketError::connection_refused, now);
}

}  // namespace sluice::stack
