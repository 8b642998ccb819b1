// TCP (RFC 9293) sockets and the TCP layer of one engine.
//
// TcpSocket is one TCB (RFC 9293 §3.3.1) and the user calls on it (§3.10.1
// to §3.10.6): bind, listen, connect, accept, send, receive, shutdown, close
// and abort. TcpLayer is the IPv4 handler for protocol 6: it finds the TCB
// of a segment (connections by 4-tuple in a keyed hash table, then listeners
// in the port table), runs segment arrival (§3.10.7, tcp_input.cpp), the
// output function (tcp_output.cpp) and the timers (tcp_timers.cpp).
//
// Ownership: the layer owns every TcpSocket. A socket is "user-held" from
// open() or accept() until close(); after a graceful close it lives on,
// orphaned, until its connection reaches CLOSED (FIN exchange, TIME_WAIT),
// then the layer frees it. Children of a listener (SYN_RECEIVED, or
// established and waiting in the accept queue) are held by the listener
// until accept() hands them to the user.
//
// Invariants: single-threaded (engine thread); `now` comes from the caller
// (injected time, nothing reads a clock); a socket is in the port table
// exactly while it has an explicit or implicit local binding, and in the
// connection table exactly while it has a remote endpoint and is not CLOSED.
#pragma once

#include <sluice/stack/core/siphash.hpp>
#include <sluice/stack/core/time.hpp>
#include <sluice/stack/core/timer_wheel.hpp>
#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/icmp.hpp>
#include <sluice/stack/socket/port_table.hpp>
#include <sluice/stack/socket/socket_types.hpp>
#include <sluice/stack/tcp/connection_table.hpp>
#include <sluice/stack/tcp/four_tuple.hpp>
#include <sluice/stack/tcp/isn.hpp>
#include <sluice/stack/tcp/seq.hpp>
#include <sluice/stack/tcp/syn_cookie.hpp>
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/tcp.hpp>

#include <rte_mbuf.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace sluice::stack {

class Ipv4Layer;
class TcpLayer;
class TcpConnection;
struct TcpSegment;

/// RFC 9293 §3.3.2.
enum class TcpState : std::uint8_t {
    closed,
    listen,
    syn_sent,
    syn_received,
    established,
    fin_wait_1,
    fin_wait_2,
    close_wait,
    closing,
    last_ack,
    time_wait,
};

std::string_view tcp_state_name(TcpState s);

/// Engine-wide TCP settings.
struct TcpConfig {
    /// Maximum segment lifetime; TIME_WAIT lasts 2·MSL (RFC 9293 §3.4.2).
    /// Linux's TIME_WAIT is 60 s; Windows' default 2·MSL is 240 s.
    Duration msl = std::chrono::seconds(30);
    Duration min_rto = std::chrono::milliseconds(200);
    /// Delayed ACK bound (RFC 1122 §4.2.3.2: under 0.5 s; RFC 9293
    /// §3.8.6.3). Zero: the latency profile, every segment ACKed at once.
    Duration delayed_ack = std::chrono::milliseconds(40);
    /// SYN retransmissions before connect fails with timed_out.
    unsigned syn_retries = 4;
    /// Data retransmissions before the connection is dropped (timed_out).
    unsigned data_retries = 12;
    /// Half-open connections per listener before SYN cookies (RFC 4987 §3.6).
    std::size_t syn_queue_limit = 1024;
    /// Largest listen() backlog (SOMAXCONN on Windows is 0x7fffffff, which
    /// means "a reasonable maximum").
    std::size_t max_backlog = 4096;
    /// Connections (every state but LISTEN/CLOSED) per engine.
    std::size_t max_connections = std::size_t{1} << 20;
    std::string congestion = "cubic";
    /// Largest size receive and send auto-tuning grow a connection's queues
    /// to (Linux's tcp_rmem/tcp_wmem maxima are 6 and 4 MiB). The engine's
    /// socket mbuf budget bounds them all together.
    std::size_t max_auto_buffer = std::size_t{2} << 20;
    /// Secret for ISNs, SYN cookies and the connection table hash. Zero: the
    /// layer derives one from `ephemeral_seed` and the start time (tests set it).
    SipKey secret{};
};

/// A socket's options as the stack acts on them.
struct TcpSocketOptions {
    BindOptions bind;
    std::size_t receive_buffer = 65536;  ///< SO_RCVBUF (Windows' default 64 KiB)
    std::size_t send_buffer = 65536;     ///< SO_SNDBUF
    /// The queues grow past the sizes above as the path needs
    /// (TcpConfig::max_auto_buffer); off once the application sets a size.
    bool auto_receive_buffer = true;
    bool auto_send_buffer = true;
    bool no_delay = false;               ///< TCP_NODELAY: Nagle off
    bool keep_alive = false;             ///< SO_KEEPALIVE
    Duration keepalive_idle = std::chrono::hours(2);     ///< TCP_KEEPALIVE (Windows: 2 h)
    Duration keepalive_interval = std::chrono::seconds(1);  ///< TCP_KEEPINTVL (Windows: 1 s)
    unsigned keepalive_count = 10;       ///< TCP_KEEPCNT (Windows: 10)
    bool oob_inline = false;             ///< SO_OOBINLINE
    std::uint8_t ttl = 128;
    std::uint8_t tos = 0;
    bool dont_fragment = true;           ///< Windows sets DF on TCP
};

/// What a send or receive did: bytes moved, or why none could be.
struct TcpIo {
    std::size_t bytes = 0;
    SocketError error = SocketError::none;
};

class TcpSocket {
public:
    TcpSocketOptions& options() { return options_; }
    const TcpSocketOptions& options() const { return options_; }
    BindOptions& bind_options() { return options_.bind; }
    const BindOptions& bind_options() const { return options_.bind; }
    /// Applies a changed SO_RCVBUF/SO_SNDBUF/keepalive to a live connection.
    void options_changed(Instant now);

    /// Binds to `local` (port 0: an ephemeral port). invalid when already
    /// bound; address_not_available for a non-local address; the port
    /// table's sharing errors otherwise.
    SocketError bind(Endpoint local);
    /// RFC 9293 §3.10.1 passive OPEN. invalid unless bound and CLOSED (a
    /// listener may call again to change the backlog); is_connected when
    /// connected or connecting.
    SocketError listen(int backlog);
    /// RFC 9293 §3.10.1 active OPEN: binds implicitly, sends the SYN. none:
    /// the handshake is under way (connect_pending()); already_in_progress
    /// while it is; is_connected once connected; invalid on a listener;
    /// address_not_available for 0.0.0.0 or port 0; network_unreachable
    /// without a route; no_buffers when the connection limit is reached.
    SocketError connect(Endpoint remote, Instant now);
    /// The next established connection of a listener, or nullptr. The caller
    /// now holds it (close() it eventually).
    TcpSocket* accept();

    /// RFC 9293 §3.10.2 SEND: copies what fits in the send buffer. With
    /// `all_or_nothing` (non-blocking Windows send) copies all of `data` or
    /// nothing (would_block). Errors: not_connected, shut_down (after
    /// shutdown(send)), connection_reset/aborted/timed_out once failed.
    TcpIo send(wire::Bytes data, bool all_or_nothing, Instant now, bool urgent = false);
    /// recv(MSG_OOB): one urgent byte (SO_OOBINLINE off), or would_block.
    TcpIo receive_urgent(wire::MutableBytes buffer);
    /// Urgent data waiting to be read with receive_urgent (SIOCATMARK FALSE,
    /// select's exceptfds, POLLRDBAND).
    bool urgent_pending() const;
    /// SIOCATMARK FALSE: urgent data not yet read, out of band or (after
    /// SO_OOBINLINE was turned on with some waiting) inline.
    bool urgent_unread() const;
    /// RFC 9293 §3.10.3 RECEIVE: bytes 0 and none is end of stream (FIN
    /// received, all data read). would_block when nothing is there yet.
    TcpIo receive(wire::MutableBytes buffer, bool peek, Instant now);
    /// RFC 9293 §3.10.4 CLOSE of the sending side (FIN after queued data).
    SocketError shutdown_send(Instant now);
    /// Stops delivery: data arriving later is discarded, as Windows does
    /// (it does not reset the connection).
    void shutdown_receive();

    TcpState state() const { return state_; }
    std::optional<Endpoint> local() const { return local_; }
    std::optional<Endpoint> remote() const { return remote_; }
    bool is_listener() const { return state_ == TcpState::listen; }
    /// SYN sent or received, not yet established (a connect in progress).
    bool connect_pending() const;
    /// Has reached ESTABLISHED at some point (connected, possibly closing).
    bool was_connected() const { return was_connected_; }
    /// Data, end of stream, an error, or (listener) a connection to accept.
    bool readable() const;
    /// Connected with room in the send buffer (or failed: a send would not block).
    bool writable() const;
    /// The FIN arrived and every byte before it has been read.
    bool at_end_of_stream() const;
    /// The asynchronous error the connection failed with (refused, reset,
    /// timed out), or none. Stays until the socket is closed.
    SocketError failure() const { return failure_; }
    /// Bytes a receive would return now (FIONREAD).
    std::size_t readable_bytes() const;
    std::size_t send_space() const;
    /// Connections waiting in a listener's accept queue.
    std::size_t accept_queue_size() const { return accept_queue_.size(); }
    std::size_t backlog() const { return backlog_; }
    /// The connection's internals, for tests and counters (null while CLOSED
    /// and never connected, and for listeners).
    const TcpConnection* connection() const { return conn_.get(); }

private:
    friend class TcpLayer;
    friend class TcpConnection;
    explicit TcpSocket(TcpLayer& layer);
    ~TcpSocket();

    TcpLayer& layer_;
    TcpSocketOptions options_;
    TcpState state_ = TcpState::closed;
    std::optional<Endpoint> bound_;   ///< the port-table binding (may be 0.0.0.0)
    std::optional<Endpoint> local_;   ///< the address reported (concrete once connected)
    std::optional<Endpoint> remote_;
    bool user_held_ = true;
    bool was_connected_ = false;
    bool receive_shut_ = false;
    bool awaiting_device_ = false;    ///< new data held back by a full TX ring (TcpLayer::device_waiters_)
    SocketError failure_ = SocketError::none;
    std::unique_ptr<TcpConnection> conn_;
    // Listener state.
    std::size_t backlog_ = 0;
    std::deque<TcpSocket*> accept_queue_;   ///< established, not yet accepted
    std::unordered_set<TcpSocket*> embryos_;  ///< SYN_RECEIVED children
    TcpSocket* parent_ = nullptr;           ///< the listener of a child not yet accepted
};

/// Counts the TCP layer keeps beside the engine's counters (X-macro: the
/// printed names never drift from the fields).
// clang-format off
#define SLUICE_TCP_STATS(X)                                                    \
    X(active_opens)            X(passive_opens)         X(segments_received)  \
    X(segments_sent)           X(retransmitted_segments) X(fast_retransmits)  \
    X(timeouts)                X(resets_sent)           X(resets_received)    \
    X(challenge_acks)          X(syn_cookies_sent)      X(syn_cookies_accepted) \
    X(syn_cookies_failed)      X(zero_window_probes)    X(keepalive_probes)   \
    X(paws_rejected)           X(out_of_order_segments) X(time_wait_reused)   \
    X(dsacks_received)         X(tlp_probes)            X(tlp_repairs)        \
    X(rack_reorder_timeouts)   X(spurious_recoveries)   X(tso_segments_sent)
// clang-format on
struct TcpStats {
#define SLUICE_TCP_STAT_FIELD(name) std::uint64_t name = 0;
    SLUICE_TCP_STATS(SLUICE_TCP_STAT_FIELD)
#undef SLUICE_TCP_STAT_FIELD
    /// Calls f("name", value) for every count.
    template <class F>
    void for_each(F&& f) const {
#define SLUICE_TCP_STAT_VISIT(name) f(std::string_view(#name), name);
        SLUICE_TCP_STATS(SLUICE_TCP_STAT_VISIT)
#undef SLUICE_TCP_STAT_VISIT
    }
};

/// Where the layer's segments go: the IPv4 layer in an engine, a capture in
/// the segment-level test harness.
class TcpOutputPath {
public:
    virtual ~TcpOutputPath() = default;
    /// Sends one segment (data at the TCP header); takes ownership.
    virtual Drop send_segment(rte_mbuf* segment, const Ipv4SendParams& params, Instant now) = 0;
    virtual wire::Ipv4Addr source_for(wire::Ipv4Addr dst) const = 0;
    virtual std::uint32_t mtu_for(wire::Ipv4Addr dst) const = 0;
    /// The path can carry chained mbufs (zero-copy payload).
    virtual bool takes_chains(wire::Ipv4Addr dst) const = 0;
    /// The NIC computes the TCP checksum (RTE_MBUF_F_TX_TCP_CKSUM).
    virtual bool offloads_tcp_checksum(wire::Ipv4Addr /*dst*/) const { return false; }
    /// The NIC cuts segments (TSO, RTE_MBUF_F_TX_TCP_SEG): the most TCP
    /// payload one segment handed to it may carry; 0 when it does not.
    virtual std::uint32_t tso_payload_limit(wire::Ipv4Addr /*dst*/) const { return 0; }
    /// The most payload each segment it cuts may carry beside a TCP header
    /// of `tcp_header_len` bytes, beyond what the MSS already says.
    virtual std::uint32_t tso_segment_limit(wire::Ipv4Addr /*dst*/, std::uint32_t /*tcp_header_len*/) const {
        return 0xffff;
    }
};

class TcpLayer final : public Ipv4ProtocolHandler, public IcmpErrorSink {
public:
    /// `output` null: segments go through `ipv4` (the engine's case).
    TcpLayer(StackContext& ctx, Ipv4Layer* ipv4, const TcpConfig& config, std::uint32_t ephemeral_seed,
             TcpOutputPath* output = nullptr);
    ~TcpLayer() override;
    TcpLayer(const TcpLayer&) = delete;
    TcpLayer& operator=(const TcpLayer&) = delete;

    /// A new unbound socket, held by the caller until close().
    TcpSocket* open();
    /// RFC 9293 §3.10.4 CLOSE, from the user: a listener resets its queued
    /// connections and goes; a connection sends FIN after its queued data
    /// (graceful) and is freed by the layer when it reaches CLOSED — unless
    /// unread data is waiting, or `abortive` (SO_LINGER {1, 0}), which reset
    /// it (RFC 9293 §3.10.5 ABORT, RFC 2525 §2.17) and free it at once.
    void close(TcpSocket* socket, bool abortive, Instant now);

    // Ipv4ProtocolHandler
    void receive(rte_mbuf* segment, const wire::Ipv4Repr& ip, Instant now) override;
    // IcmpErrorSink
    void icmp_error(const IcmpErrorReport& report, Instant now) override;

    const TcpConfig& config() const { return config_; }
    const TcpStats& stats() const { return stats_; }
    /// Sockets the layer holds (user-held, orphaned and children).
    std::size_t socket_count() const { return sockets_.size(); }
    std::size_t connection_count() const { return connections_.size(); }
    /// Connections whose FIN is not yet acknowledged (FIN-WAIT-1, CLOSING,
    /// LAST-ACK): a graceful close still delivering. O(connections).
    std::size_t closing_count() const;
    /// Connections hold new data back while the device refuses frames; the
    /// engine calls this when a flush has emptied its hold, and they go on.
    void resume_transmit(Instant now);
    bool transmit_waiting() const { return !device_waiters_.empty(); }
    /// Runs deferred deletions now (tests; the engine does it on its own).
    void collect() { reap(); }

private:
    friend class TcpSocket;
    friend class TcpConnection;
    class Ipv4Path;

    SocketError bind(TcpSocket& socket, Endpoint local);
    SocketError connect(TcpSocket& socket, Endpoint remote, Instant now);
    void unbind(TcpSocket& socket);
    void unregister_connection(TcpSocket& socket);
    /// A connection reached CLOSED: free it if nobody holds it.
    void connection_closed(TcpSocket& socket);
    void child_established(TcpSocket& child);
    void close_listener(TcpSocket& listener, Instant now);
    /// Detaches `socket` from every table and queues it for deletion.
    void retire(TcpSocket& socket);
    /// Deletes retired sockets (never while one of their functions runs).
    void reap();
    bool challenge_ack_allowed(Instant now);
    /// True (and `socket` queued for resume_transmit) when new data should
    /// wait: the device is refusing frames and the peer is not on loopback.
    bool hold_for_device(TcpSocket& socket);

    // Segments without a connection (tcp.cpp).
    bool time_wait_accepts_syn(const TcpSocket& socket, const TcpSegment& seg) const;
    void demux_to_listener(const FourTuple& tuple, const TcpSegment& seg, Instant now);
    void listen_input(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now);
    TcpSocket* make_child(TcpSocket& listener, const FourTuple& tuple, Instant now);
    void accept_syn(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now);
    void send_syn_cookie(const FourTuple& tuple, const TcpSegment& seg, Instant now);
    bool accept_cookie(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now);
    bool checksum_ok(const rte_mbuf* segment, const wire::Ipv4Repr& ip) const;
    std::uint16_t checksum_field(rte_mbuf* m, const FourTuple& tuple, std::size_t header_len,
                                 std::uint16_t tso_segment) const;

public:
    /// The window shift a SYN-cookie SYN-ACK offers (the cookie cannot carry ours).
    static constexpr std::uint8_t kCookieWindowShift = 7;
    /// Sends a reset answering `tcp` (RFC 9293 §3.10.7.1: no TCB).
    void send_reset_for(const FourTuple& tuple, const wire::TcpRepr& tcp, std::uint32_t payload_len, Instant now);
    /// Sends a header-only segment (RST, bare ACK, cookie SYN-ACK).
    void send_control(const FourTuple& tuple, SeqNum seq, std::optional<SeqNum> ack, std::uint8_t flags,
                      std::uint16_t window, const wire::TcpOptions& options, Instant now);
    /// Emits a segment: TCP header from `tcp`/`options` in front of `payload`
    /// (may be null), checksum, and out through the path. Takes `payload`.
    /// `tso_segment` nonzero: the payload is longer than one segment and the
    /// NIC cuts it into segments of that many bytes (the path's TSO).
    Drop emit(const FourTuple& tuple, const wire::TcpRepr& tcp, const wire::TcpOptions& options, rte_mbuf* payload,
              std::uint8_t ttl, std::uint8_t tos, bool dont_fragment, Instant now, std::uint16_t tso_segment = 0);
    StackContext& context() { return ctx_; }
    TcpOutputPath& path() { return *output_; }
    /// TSval clock (RFC 7323 §5.4): milliseconds, with a secret offset (§7.1).
    std::uint32_t timestamp_now(Instant now) const;

private:
    StackContext& ctx_;
    TcpConfig config_;
    std::unique_ptr<TcpOutputPath> owned_path_;
    TcpOutputPath* output_;
    IsnGenerator isn_;
    SynCookies cookies_;
    PortTable<TcpSocket> ports_;
    ConnectionTable<TcpSocket> connections_;
    std::unordered_set<TcpSocket*> sockets_;
    std::vector<TcpSocket*> graveyard_;
    std::vector<TcpSocket*> device_waiters_;  ///< oldest first; each awaiting_device_
    std::vector<TcpSocket*> resuming_;        ///< resume_transmit's working copy
    Timer reaper_;
    TcpStats stats_;
    std::uint32_t timestamp_offset_ = 0;
    Instant challenge_window_start_{};
    std::uint32_t challenge_acks_in_window_ = 0;
};

}  // namespace sluice::stack
