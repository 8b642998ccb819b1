// TcpConnection: the transmission control block of one connection (RFC 9293
// §3.3.1) and everything that acts on it — segment arrival (§3.10.7,
// tcp_input.cpp), the output function (tcp_output.cpp), timers
// (tcp_timers.cpp) and the user calls the socket forwards (tcp_connection.cpp).
//
// Sequence space: the SYN occupies ISS, data starts at ISS + 1, the FIN
// takes the number after the last data byte. The send buffer's offset 0 is
// always the first unacknowledged data byte, so once the SYN is acknowledged
// offset(seq) = seq - SND.UNA (minus one while it is not).
//
// Invariants:
//  - SND.UNA <= SND.NXT <= SND.MAX (seq order); SND.MAX is the highest
//    sequence number ever sent plus one. Without SACK, a timeout sends
//    SND.NXT back to SND.UNA (go-back-N) while SND.MAX stays; with SACK,
//    SND.NXT == SND.MAX outside a PMTU resend and RACK-TLP (rack.hpp) names
//    what to retransmit, covering [SND.UNA, SND.MAX) with its records.
//  - At most one of the retransmission and probe timers runs.
//  - RCV.NXT is the receive buffer's next(); the right edge we advertised
//    (RCV.ADV) never moves left (RFC 9293 §3.8.6.2.2, no window shrinking).
//  - Timers are members, so a connection's destruction cancels them.
//  - The owning TcpSocket carries the state; this object changes it only
//    through set_state().
#pragma once

#include <sluice/stack/core/time.hpp>
#include <sluice/stack/core/timer_wheel.hpp>
#include <sluice/stack/tcp/congestion.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>
#include <sluice/stack/tcp/rack.hpp>
#include <sluice/stack/tcp/receive_buffer.hpp>
#include <sluice/stack/tcp/rto.hpp>
#include <sluice/stack/tcp/sack_scoreboard.hpp>
#include <sluice/stack/tcp/send_buffer.hpp>
#include <sluice/stack/tcp/seq.hpp>
#include <sluice/stack/tcp/tcp.hpp>
#include <sluice/stack/tcp/urgent.hpp>
#include <sluice/stack/wire/tcp.hpp>

#include <rte_mbuf.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace sluice::stack {

/// One received segment, as segment arrival sees it.
struct TcpSegment {
    const wire::TcpRepr& tcp;
    const wire::TcpOptions& options;
    rte_mbuf* payload;  ///< exactly the payload (null when none); owned by the segment
    std::uint32_t payload_len;

    SeqNum seq() const { return SeqNum{tcp.seq}; }
    SeqNum ack() const { return SeqNum{tcp.ack}; }
    bool has(std::uint8_t flag) const { return (tcp.flags & flag) != 0; }
    /// SEG.LEN: payload plus one each for SYN and FIN (RFC 9293 §3.4).
    std::uint32_t length() const {
        return payload_len + (has(wire::tcpflag::syn) ? 1u : 0u) + (has(wire::tcpflag::fin) ? 1u : 0u);
    }
};

/// The options a SYN or SYN-ACK negotiated (RFC 9293 §3.7.1, RFC 7323, RFC 2018).
struct TcpNegotiated {
    std::uint16_t peer_mss = 536;          ///< RFC 9293 §3.7.1: 536 when absent
    std::optional<std::uint8_t> peer_wscale;  ///< the shift the peer applies to its windows
    bool sack = false;
    bool timestamps = false;
};

class TcpConnection {
public:
    TcpConnection(TcpLayer& layer, TcpSocket& socket, const FourTuple& tuple, Instant now);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    // Opening (tcp_connection.cpp).
    /// Active open: SYN_SENT, the SYN goes out.
    void open_active(Instant now);
    /// Passive open from a listener's SYN: SYN_RECEIVED, the SYN-ACK goes out.
    void open_passive(const wire::TcpRepr& syn, const wire::TcpOptions& options, Instant now);
    /// A SYN cookie came back valid: ESTABLISHED at once (RFC 4987 §3.6).
    void open_from_cookie(const wire::TcpRepr& ack, const wire::TcpOptions& options, std::uint16_t mss,
                          const TcpNegotiated& negotiated, std::uint8_t rcv_wscale, Instant now);
    /// The user closed the socket: an orphaned FIN-WAIT-2 gets a time limit.
    void orphaned(Instant now);
    /// Cancels every timer (the connection is being retired).
    void stop_timers();

    // Segment arrival (tcp_input.cpp). Takes the segment's payload.
    void segment_arrives(const TcpSegment& seg, Instant now);

    // User calls (tcp_connection.cpp).
    /// `urgent`: the data is urgent (MSG_OOB): the urgent pointer marks its end.
    TcpIo send(wire::Bytes data, bool all_or_nothing, Instant now, bool urgent = false);
    TcpIo receive(wire::MutableBytes buffer, bool peek, Instant now);
    /// recv(MSG_OOB): one urgent byte, or would_block.
    TcpIo receive_urgent(wire::MutableBytes buffer);
    bool urgent_pending() const { return urgent_.pending(); }
    bool urgent_unread() const { return urgent_.unread(); }
    void shutdown_send(Instant now);
    /// RFC 9293 §3.10.5 ABORT: RST to the peer (unless CLOSED/LISTEN/SYN_SENT/
    /// TIME_WAIT), CLOSED.
    void abort(Instant now);
    /// Time to send, after the user queued data or changed something.
    void output(Instant now);
    void options_changed(Instant now);
    /// An ICMP error about this connection (RFC 5927, RFC 1191).
    void icmp_error(std::uint8_t type, std::uint8_t code, std::uint16_t next_hop_mtu, SeqNum quoted_seq, Instant now);

    // Queries.
    /// Normal bytes a read would return (urgent bytes taken out of the stream excluded).
    std::size_t readable_bytes() const { return rbuf_.readable() - urgent_.skipped_in_stream(); }
    std::size_t send_space() const { return sbuf_.space(); }
    bool fin_received() const { return fin_received_; }
    bool send_closed() const { return fin_queued_; }
    const FourTuple& tuple() const { return tuple_; }
    SeqNum snd_una() const { return snd_una_; }
    SeqNum snd_nxt() const { return snd_nxt_; }
    /// RCV.NXT: the receive buffer's next byte, plus one once the FIN is in.
    SeqNum rcv_nxt() const { return rbuf_.next() + (fin_received_ ? 1u : 0u); }
    std::uint32_t snd_wnd() const { return snd_wnd_; }
    std::uint32_t cwnd() const { return cc_->cwnd(); }
    std::uint16_t mss() const { return mss_; }
    const TcpNegotiated& negotiated() const { return neg_; }
    std::uint32_t ts_recent() const { return ts_recent_; }
    std::uint8_t rcv_wscale() const { return rcv_wscale_; }
    std::uint8_t snd_wscale() const { return snd_wscale_; }
    const RtoEstimator& rto() const { return rto_; }
    std::uint32_t dup_thresh() const { return scoreboard_.dup_thresh(); }
    std::size_t unacked_bytes() const { return sbuf_.size(); }
    bool retransmit_armed() const { return rexmit_timer_.armed(); }
    /// The tail loss probe's timer (RFC 8985 §7.2) runs instead of the RTO.
    bool probe_armed() const { return probe_timer_.armed(); }
    bool reorder_timer_armed() const { return reorder_timer_.armed(); }
    const RackTlp& rack() const { return rack_; }
    /// In SACK loss recovery (fast recovery, or after a timeout).
    bool in_loss_recovery() const { return loss_recovery_; }
    bool persist_armed() const { return persist_timer_.armed(); }
    bool delayed_ack_armed() const { return delack_timer_.armed(); }
    bool keepalive_armed() const { return keepalive_timer_.armed(); }
    /// Receive-side mbufs and send-side mbufs held (engine accounting).
    std::size_t mbufs_held() const { return rbuf_.mbuf_count() + sbuf_.mbuf_count(); }

private:
    // --- tcp_connection.cpp ---
    TcpState state() const;
    void set_state(TcpState s, Instant now);
    void negotiate(const wire::TcpOptions& syn_options, std::uint32_t path_mtu);
    void init_receive(SeqNum irs);
    void became_established(Instant now);
    /// The connection failed: record `error` for the user and go to CLOSED.
    void fail(SocketError error, Instant now);
    void enter_time_wait(Instant now);
    std::uint32_t data_offset(SeqNum seq) const;  ///< send-buffer offset of a data byte
    SeqNum data_end() const;                      ///< sequence number after the last queued data byte

    // --- tcp_input.cpp: RFC 9293 §3.10.7 ---
    void syn_sent_arrives(const TcpSegment& seg, Instant now);
    bool paws_rejects(const TcpSegment& seg, Instant now);
    bool step1_sequence_ok(const TcpSegment& seg, Instant now);
    bool step2_rst(const TcpSegment& seg, Instant now);
    bool step4_syn(const TcpSegment& seg, Instant now);
    bool step5_ack(const TcpSegment& seg, Instant now);
    bool ack_in_syn_received(const TcpSegment& seg, Instant now);
    bool ack_acceptable_range(const TcpSegment& seg, Instant now);
    void process_ack(const TcpSegment& seg, Instant now);
    SackScoreboard::AckResult take_sack_information(const TcpSegment& seg, Instant now);
    void after_sack_ack(const TcpSegment& seg, const SackScoreboard::AckResult& sack, bool advanced, Instant now);
    void detect_losses(Instant now);
    bool prr_active() const { return loss_recovery_ && cc_->in_recovery(); }
    void start_undo_episode();
    void note_retransmission(SeqNum seq, std::uint32_t len, std::uint32_t tsval);
    void undo_on_dsack(const SackScoreboard::Range& block, Instant now);
    bool ack_predates_retransmission(const TcpSegment& seg) const;
    void undo_reduction(Instant now);
    void prr_on_ack(std::uint32_t delivered);
    void exit_loss_recovery(const TcpSegment& seg, Instant now);
    std::optional<Duration> srtt() const;
    void update_send_window(const TcpSegment& seg);
    void keep_right_edge(SeqNum new_una);
    SeqNum window_edge() const;
    std::uint32_t within_window(SeqNum seq, std::uint32_t len) const;
    void on_new_ack(const TcpSegment& seg, std::uint32_t acked, Instant now);
    void on_duplicate_ack(const TcpSegment& seg, Instant now);
    bool is_duplicate_ack(const TcpSegment& seg, const SackScoreboard::AckResult& sack) const;
    void enter_loss_recovery(Instant now);
    void on_dsack();
    void take_rtt_sample(const TcpSegment& seg, bool retransmitted, Instant now);
    void ack_advances_close(Instant now);
    void step6_urg(const TcpSegment& seg);
    SeqNum read_point() const { return rbuf_.next() - static_cast<std::uint32_t>(rbuf_.readable()); }
    void skip_urgent_at_read_point();
    void step7_text(const TcpSegment& seg, Instant now);
    void note_duplicate(SeqNum begin, SeqNum end);
    void step8_fin(const TcpSegment& seg, Instant now);
    void update_ts_recent(const TcpSegment& seg, Instant now);
    void schedule_ack(bool full_segment, Instant now);

    // --- tcp_output.cpp ---
    struct Plan {
        SeqNum seq;
        std::uint32_t len = 0;
        std::uint8_t flags = 0;
        bool retransmission = false;
    };
    bool plan_handshake(Plan& plan) const;
    bool plan_data(Plan& plan, Instant now);
    bool plan_recovery(Plan& plan, Instant now);
    bool plan_resend(const RackTlp::Sent& segment, Plan& plan) const;
    bool plan_probe(Plan& plan) const;
    bool plan_head_retransmission(Plan& plan);
    bool nagle_or_sws_holds(std::uint32_t len, std::uint32_t available, bool fin) const;
    void transmit(const Plan& plan, Instant now);
    bool build_and_send(SeqNum seq, std::uint32_t len, std::uint8_t flags, Instant now);
    std::uint32_t tso_length(std::uint32_t room, std::uint32_t available) const;
    std::uint16_t tso_segment_size(const wire::TcpOptions& options) const;
    void record_sent(SeqNum begin, SeqNum end, Instant now);
    wire::TcpOptions options_for(std::uint8_t flags, Instant now) const;
    std::uint16_t window_to_advertise();
    void send_ack_now(Instant now);
    void send_challenge_ack(Instant now);
    void send_rst(SeqNum seq, Instant now);
    void after_output(Instant now);
    std::uint32_t flight_size() const;
    std::uint32_t send_window() const;
    std::uint32_t usable_window() const;

    // --- tcp_timers.cpp ---
    void arm_retransmit(Instant now);
    bool loss_timer_armed() const { return rexmit_timer_.armed() || probe_timer_.armed(); }
    bool probe_allowed() const;
    void on_retransmit_timer(Instant now);
    void rto_marks_losses(bool handshake, Instant now);
    void on_probe_timer(Instant now);
    void on_reorder_timer(Instant now);
    void on_persist_timer(Instant now);
    void on_delack_timer(Instant now);
    void on_keepalive_timer(Instant now);
    void on_time_wait_timer(Instant now);
    void arm_keepalive(Instant now);

    // --- Buffer auto-tuning (tcp_connection.cpp) ---
    void tune_receive_buffer(std::size_t read, Instant now);
    void tune_for_reordering(Instant now);
    Duration tuning_interval() const;
    void tune_send_buffer();
    void sample_receiver_rtt(const TcpSegment& seg, Instant now);
    void measure_receiver_rtt_by_window(Instant now);

    /// Brings the engine-wide socket mbuf count (StackContext::socket_mbufs)
    /// in line with what this connection holds now.
    void sync_mbuf_charge();
    /// The engine-wide budget is spent: new data is refused, not queued.
    bool socket_memory_full() const;

    TcpLayer& layer_;
    TcpSocket& socket_;
    FourTuple tuple_;
    std::size_t charged_mbufs_ = 0;  ///< this connection's share of StackContext::socket_mbufs
    TcpNegotiated neg_;

    // Send sequence variables (RFC 9293 §3.3.1).
    SeqNum iss_;
    SeqNum snd_una_;
    SeqNum snd_nxt_;
    SeqNum snd_max_;
    std::uint32_t snd_wnd_ = 0;   ///< scaled
    std::uint32_t max_snd_wnd_ = 0;
    SeqNum snd_wl1_;
    SeqNum snd_wl2_;
    SeqNum recover_;              ///< RFC 6582 recovery point
    SeqNum data_end_;             ///< after the last byte the user queued (the FIN's number)
    std::uint16_t mss_ = 536;     ///< effective send MSS (payload per segment)
    std::uint16_t adv_mss_ = 536; ///< the MSS we announced
    std::uint8_t snd_wscale_ = 0; ///< shift applied to the peer's window field
    std::uint8_t rcv_wscale_ = 0; ///< shift we apply to our window field
    bool fin_queued_ = false;     ///< user closed the sending side
    bool syn_timed_out_ = false;

    // Receive sequence variables.
    SeqNum irs_;
    SeqNum rcv_adv_;              ///< right edge of the window we advertised
    bool fin_received_ = false;
    std::optional<SeqNum> pending_fin_;  ///< a FIN that arrived beyond a hole
    SeqNum last_ack_sent_;
    std::optional<wire::TcpSackBlock> dsack_out_;  ///< a duplicate to report (RFC 2883), once
    std::uint32_t ts_recent_ = 0;
    Instant ts_recent_time_{};

    TcpSendBuffer sbuf_;
    TcpReceiveBuffer rbuf_;
    UrgentData urgent_;
    SeqNum snd_up_;               ///< send urgent pointer (RFC 9293 §3.8.5): after the last urgent byte
    bool urgent_out_ = false;     ///< urgent data not yet acknowledged
    std::unique_ptr<CongestionController> cc_;
    RtoEstimator rto_;
    SackScoreboard scoreboard_;
    RackTlp rack_;                ///< RFC 8985, SACK connections only
    bool loss_recovery_ = false;  ///< SACK: fast or RTO recovery until SND.UNA passes recover_
    // RFC 6937 proportional rate reduction, in SACK fast recovery.
    std::uint64_t prr_delivered_ = 0;
    std::uint64_t prr_out_ = 0;
    std::uint32_t recover_fs_ = 0;  ///< RecoverFS: FlightSize when recovery began
    std::uint32_t prr_quota_ = 0;   ///< sndcnt: bytes this ACK lets out
    // Undoing a reduction that proves spurious (RFC 3522 Eifel detection by
    // timestamps, RFC 3708 by D-SACKs): from the start of a recovery until
    // the next one, or the undo.
    bool undo_possible_ = false;
    SeqNum undo_marker_;                          ///< SND.UNA when the episode began
    std::uint32_t undo_retrans_ = 0;              ///< its retransmitted segments not yet D-SACKed
    std::optional<std::uint32_t> retrans_stamp_;  ///< TSval of its first retransmission
    std::vector<SackScoreboard::Range> undo_ranges_;  ///< what it retransmitted (merged)

    // Loss detection and RTT measurement.
    unsigned dupacks_ = 0;
    bool retransmit_head_ = false;    ///< resend the segment at SND.UNA (fast retransmit)
    std::uint16_t tso_segment_sent_ = 0;  ///< the last segment sent went as TSO, cut to this size
    std::uint32_t head_len_ = 0;      ///< its length
    unsigned retransmits_ = 0;        ///< consecutive timeouts of the current segment
    Instant last_timeout_{};          ///< when the retransmission timer last fired
    bool rtt_timing_ = false;         ///< measuring one segment without timestamps
    SeqNum rtt_seq_;
    Instant rtt_start_{};
    bool retransmitted_since_ack_ = false;
    Instant last_send_{};
    Instant last_receive_{};

    // ACK scheduling (RFC 9293 §3.8.6.3, RFC 1122 §4.2.3.2).
    unsigned unacked_segments_ = 0;
    bool ack_now_ = false;
    unsigned quickacks_ = 0;

    // Receive auto-tuning (Linux's dynamic right-sizing): bytes the
    // application read since rcv_tune_start_, and the receiver's RTT
    // estimates: from timestamps (paths of a millisecond or more) and from
    // the time one advertised window takes to arrive (any path, an upper
    // bound; the smallest sample is kept).
    Instant rcv_tune_start_{};
    Instant rcv_reorder_growth_{};  ///< when tune_for_reordering last grew the queue
    std::uint64_t rcv_tune_read_ = 0;
    std::optional<Duration> rcv_rtt_;         ///< timestamp-based, smoothed
    std::optional<Duration> rcv_rtt_window_;  ///< window-based, minimum
    SeqNum rcv_rtt_mark_;                     ///< the window measured ends here
    std::optional<Instant> rcv_rtt_mark_time_;  ///< when it was advertised

    unsigned persist_backoff_ = 0;
    unsigned keepalive_probes_ = 0;

    Timer rexmit_timer_;
    Timer probe_timer_;    ///< RFC 8985 §7.2 PTO
    Timer reorder_timer_;  ///< RFC 8985 §6.2 step 5's reordering settle time
    Timer persist_timer_;
    Timer delack_timer_;
    Timer keepalive_timer_;
    Timer time_wait_timer_;
};

}  // namespace sluice::stack
