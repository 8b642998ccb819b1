// TcpLayer and TcpSocket: demultiplexing (connections by 4-tuple, then
// listeners), segments with no TCB (RFC 9293 §3.10.7.1), the LISTEN state
// (§3.10.7.2) with SYN cookies (RFC 4987 §3.6), TIME-WAIT reuse (RFC 6191),
// the user calls and segment emission. Scope and invariants: tcp.hpp.
#include <sluice/stack/tcp/connection.hpp>
#include <sluice/stack/tcp/tcp.hpp>

#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/net/l4_checksum.hpp>
#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/udp.hpp>

#include <rte_cycles.h>
#include <rte_ip.h>

#include <algorithm>
#include <random>

namespace sluice::stack {

namespace {

using namespace wire::tcpflag;

/// RFC 5961 §7: challenge ACKs per second, engine-wide (Linux's default).
constexpr std::uint32_t kChallengeAcksPerSecond = 1000;

SipKey make_secret(const SipKey& configured, std::uint32_t seed) {
    if (configured != SipKey{}) return SipKey{configured.k0 + seed, configured.k1};
    std::random_device rd;
    const auto word = [&] { return (std::uint64_t{rd()} << 32 | rd()) ^ rte_rdtsc() ^ seed; };
    return SipKey{word(), word()};
}

}  // namespace

std::string_view tcp_state_name(TcpState s) {
    switch (s) {
    case TcpState::closed: return "CLOSED";
    case TcpState::listen: return "LISTEN";
    case TcpState::syn_sent: return "SYN-SENT";
    case TcpState::syn_received: return "SYN-RECEIVED";
    case TcpState::established: return "ESTABLISHED";
    case TcpState::fin_wait_1: return "FIN-WAIT-1";
    case TcpState::fin_wait_2: return "FIN-WAIT-2";
    case TcpState::close_wait: return "CLOSE-WAIT";
    case TcpState::closing: return "CLOSING";
    case TcpState::last_ack: return "LAST-ACK";
    case TcpState::time_wait: return "TIME-WAIT";
    }
    return "?";
}

// ---------------------------------------------------------------- output path

/// The engine's path: the IPv4 layer.
class TcpLayer::Ipv4Path final : public TcpOutputPath {
public:
    Ipv4Path(StackContext& ctx, Ipv4Layer& ipv4) : ctx_(ctx), ipv4_(ipv4) {}
    Drop send_segment(rte_mbuf* segment, const Ipv4SendParams& params, Instant now) override {
        return ipv4_.send(segment, params, now);
    }
    wire::Ipv4Addr source_for(wire::Ipv4Addr dst) const override { return ipv4_.source_for(dst); }
    std::uint32_t mtu_for(wire::Ipv4Addr dst) const override { return ipv4_.mtu_for(dst); }
    bool takes_chains(wire::Ipv4Addr dst) const override { return ctx_.is_local(dst) || ctx_.caps.tx_multi_segs; }
    bool offloads_tcp_checksum(wire::Ipv4Addr dst) const override {
        return ctx_.caps.tx_tcp_checksum && !ctx_.is_local(dst);
    }
    /// 64 KiB IPv4 packets less the largest IP and TCP headers.
    std::uint32_t tso_payload_limit(wire::Ipv4Addr dst) const override {
        constexpr std::uint32_t kLimit = 0xffff - 60 - 60;
        return ctx_.caps.tx_tso && !ctx_.is_local(dst) ? kLimit : 0;
    }
    std::uint32_t tso_segment_limit(wire::Ipv4Addr, std::uint32_t tcp_header_len) const override {
        const std::uint32_t frame = ctx_.caps.tx_tso_max_frame;
        if (frame == 0) return 0xffff;
        const std::uint32_t l2 = ctx_.ethernet && ctx_.ethernet->vlan_id ? 18 : 14;
        const std::uint32_t headers = l2 + wire::kIpv4MinHeaderLen + tcp_header_len;
        return frame > headers ? frame - headers : 0;
    }

private:
    StackContext& ctx_;
    Ipv4Layer& ipv4_;
};

// ---------------------------------------------------------------- TcpSocket

TcpSocket::TcpSocket(TcpLayer& layer) : layer_(layer) {}
TcpSocket::~TcpSocket() = default;

SocketError TcpSocket::bind(Endpoint local) { return layer_.bind(*this, local); }

SocketError TcpSocket::listen(int backlog) {
    if (conn_ != nullptr && state_ != TcpState::closed) return SocketError::is_connected;
    if (was_connected_ || !local_) return SocketError::invalid;
    // Windows: SOMAXCONN (0x7fffffff) means "a reasonable maximum"; 0 or
    // negative still allows one connection.
    backlog_ = std::clamp<std::size_t>(backlog <= 0 ? 1 : static_cast<std::size_t>(backlog), 1,
                                       layer_.config_.max_backlog);
    state_ = TcpState::listen;
    return SocketError::none;
}

SocketError TcpSocket::connect(Endpoint remote, Instant now) { return layer_.connect(*this, remote, now); }

TcpSocket* TcpSocket::accept() {
    if (accept_queue_.empty()) return nullptr;
    TcpSocket* child = accept_queue_.front();
    accept_queue_.pop_front();
    child->parent_ = nullptr;
    child->user_held_ = true;
    return child;
}

TcpIo TcpSocket::send(wire::Bytes data, bool all_or_nothing, Instant now, bool urgent) {
    if (failure_ != SocketError::none) return {0, failure_};
    if (conn_ == nullptr || state_ == TcpState::listen || !was_connected_) return {0, SocketError::not_connected};
    // After shutdown(send) the answer is shut_down in every later state,
    // CLOSED included (the FIN exchange may be over: LAST_ACK -> CLOSED).
    if (conn_->send_closed()) return {0, SocketError::shut_down};
    if (state_ == TcpState::closed) return {0, SocketError::connection_aborted};
    return conn_->send(data, all_or_nothing, now, urgent);
}

TcpIo TcpSocket::receive_urgent(wire::MutableBytes buffer) {
    if (receive_shut_) return {0, SocketError::shut_down};
    if (conn_ == nullptr || !was_connected_) return {0, failure_ != SocketError::none ? failure_ : SocketError::not_connected};
    const TcpIo got = conn_->receive_urgent(buffer);
    if (got.error == SocketError::would_block && failure_ != SocketError::none) return {0, failure_};
    return got;
}

bool TcpSocket::urgent_pending() const { return conn_ != nullptr && conn_->urgent_pending(); }
bool TcpSocket::urgent_unread() const { return conn_ != nullptr && conn_->urgent_unread(); }

TcpIo TcpSocket::receive(wire::MutableBytes buffer, bool peek, Instant now) {
    if (receive_shut_) return {0, SocketError::shut_down};
    if (conn_ == nullptr || state_ == TcpState::listen || !was_connected_) {
        if (failure_ != SocketError::none) return {0, failure_};
        return {0, SocketError::not_connected};
    }
    const TcpIo got = conn_->receive(buffer, peek, now);
    if (got.bytes != 0) return got;
    // Data first; once it is read, a reset wins over the end of stream.
    if (failure_ != SocketError::none) return {0, failure_};
    return got;
}

SocketError TcpSocket::shutdown_send(Instant now) {
    if (conn_ == nullptr || !was_connected_) return SocketError::not_connected;
    conn_->shutdown_send(now);
    return SocketError::none;
}

void TcpSocket::shutdown_receive() { receive_shut_ = true; }

void TcpSocket::options_changed(Instant now) {
    if (conn_ != nullptr && state_ != TcpState::closed) conn_->options_changed(now);
}

bool TcpSocket::connect_pending() const { return state_ == TcpState::syn_sent || state_ == TcpState::syn_received; }

bool TcpSocket::readable() const {
    if (state_ == TcpState::listen) return !accept_queue_.empty();
    if (failure_ != SocketError::none && was_connected_) return true;
    if (conn_ == nullptr || !was_connected_) return false;
    return conn_->readable_bytes() != 0 || conn_->fin_received() || state_ == TcpState::closed;
}

bool TcpSocket::writable() const {
    if (conn_ == nullptr || !was_connected_) return false;
    if (failure_ != SocketError::none || state_ == TcpState::closed) return true;
    return conn_->send_space() != 0 || conn_->send_closed();
}

bool TcpSocket::at_end_of_stream() const {
    return conn_ != nullptr && conn_->fin_received() && conn_->readable_bytes() == 0;
}

std::size_t TcpSocket::readable_bytes() const { return conn_ == nullptr ? 0 : conn_->readable_bytes(); }
std::size_t TcpSocket::send_space() const { return conn_ == nullptr ? 0 : conn_->send_space(); }

// ---------------------------------------------------------------- TcpLayer

TcpLayer::TcpLayer(StackContext& ctx, Ipv4Layer* ipv4, const TcpConfig& config, std::uint32_t ephemeral_seed,
                   TcpOutputPath* output)
    : ctx_(ctx),
      config_(config),
      owned_path_(output == nullptr && ipv4 != nullptr ? std::make_unique<Ipv4Path>(ctx, *ipv4) : nullptr),
      output_(output != nullptr ? output : owned_path_.get()),
      isn_(make_secret(config.secret, ephemeral_seed)),
      cookies_(make_secret(config.secret, ephemeral_seed + 1)),
      ports_(ephemeral_seed),
      connections_(make_secret(config.secret, ephemeral_seed + 2), 1024, config.max_connections) {
    reaper_.set_callback([this](Instant) { reap(); });
    const SipKey k = make_secret(config.secret, ephemeral_seed + 3);
    timestamp_offset_ = static_cast<std::uint32_t>(k.k0 ^ k.k1);
}

TcpLayer::~TcpLayer() {
    for (TcpSocket* s : sockets_) delete s;
    for (TcpSocket* s : graveyard_) delete s;
}

TcpSocket* TcpLayer::open() {
    auto* s = new TcpSocket(*this);
    sockets_.insert(s);
    return s;
}

SocketError TcpLayer::bind(TcpSocket& socket, Endpoint local) {
    const SocketError e =
        bind_endpoint(ports_, &socket, socket.bound_, local, socket.options_.bind, ctx_.is_local(local.address));
    if (e == SocketError::none) socket.local_ = socket.bound_;
    return e;
}

void TcpLayer::unbind(TcpSocket& socket) {
    if (socket.bound_) ports_.unbind(&socket, *socket.bound_);
    socket.bound_.reset();
}

// RFC 9293 §3.10.1 OPEN (active).
SocketError TcpLayer::connect(TcpSocket& socket, Endpoint remote, Instant now) {
    if (socket.state_ == TcpState::listen) return SocketError::invalid;
    if (socket.connect_pending()) return SocketError::already_in_progress;
    if (socket.conn_ != nullptr && socket.state_ != TcpState::closed) return SocketError::is_connected;
    if (socket.was_connected_) return SocketError::is_connected;
    if (remote.address.is_unspecified() || remote.port == 0 || ctx_.is_broadcast(remote.address) ||
        remote.address.is_multicast())
        return SocketError::address_not_available;
    if (connections_.size() >= config_.max_connections) return SocketError::no_buffers;
    if (!socket.bound_) {
        const SocketError e = bind(socket, {wire::Ipv4Addr{}, 0});
        if (e != SocketError::none) return e;
    }
    Endpoint local = *socket.bound_;
    if (local.address.is_unspecified()) local.address = output_->source_for(remote.address);
    const FourTuple tuple{local, remote};
    if (TcpSocket* old = connections_.find(tuple)) {
        if (old->state_ != TcpState::time_wait) return SocketError::address_in_use;
        ++stats_.time_wait_reused;
        retire(*old);
    }
    socket.failure_ = SocketError::none;
    socket.local_ = local;
    socket.remote_ = remote;
    socket.conn_ = std::make_unique<TcpConnection>(*this, socket, tuple, now);
    if (!connections_.insert(tuple, &socket)) {
        socket.conn_.reset();
        socket.remote_.reset();
        return SocketError::no_buffers;
    }
    ++stats_.active_opens;
    socket.conn_->open_active(now);
    if (socket.state_ == TcpState::closed && socket.failure_ != SocketError::none) return socket.failure_;
    return SocketError::none;
}

void TcpLayer::close(TcpSocket* socket, bool abortive, Instant now) {
    if (!sockets_.contains(socket)) return;
    socket->user_held_ = false;
    if (socket->state_ == TcpState::listen) return close_listener(*socket, now);
    TcpConnection* conn = socket->conn_.get();
    if (conn == nullptr || socket->state_ == TcpState::closed || socket->state_ == TcpState::syn_sent) {
        retire(*socket);
        return reap();
    }
    // RFC 2525 §2.17: closing with unread data resets, as Windows and Linux do.
    if (abortive || conn->readable_bytes() != 0) {
        conn->abort(now);
        retire(*socket);
        return reap();
    }
    if (socket->state_ == TcpState::time_wait) return;
    conn->shutdown_send(now);
    conn->orphaned(now);
    reap();
}

// A listener's CLOSE: its unaccepted connections are reset (RFC 9293 §3.10.4
// "LISTEN STATE: any outstanding RECEIVEs are returned ... delete TCB").
void TcpLayer::close_listener(TcpSocket& listener, Instant now) {
    std::vector<TcpSocket*> children(listener.embryos_.begin(), listener.embryos_.end());
    children.insert(children.end(), listener.accept_queue_.begin(), listener.accept_queue_.end());
    for (TcpSocket* child : children) {
        if (child->conn_ != nullptr) child->conn_->abort(now);
        retire(*child);
    }
    retire(listener);
    reap();
}

bool TcpLayer::challenge_ack_allowed(Instant now) {
    if (now - challenge_window_start_ >= std::chrono::seconds(1)) {
        challenge_window_start_ = now;
        challenge_acks_in_window_ = 0;
    }
    return ++challenge_acks_in_window_ <= kChallengeAcksPerSecond;
}

bool TcpLayer::hold_for_device(TcpSocket& socket) {
    if (!ctx_.tx.device_full() || ctx_.is_local(socket.remote_->address)) return false;
    if (!socket.awaiting_device_) {
        socket.awaiting_device_ = true;
        device_waiters_.push_back(&socket);
    }
    return true;
}

// Oldest waiter first, until the device is refusing again; those not reached
// keep their places ahead of any that had to wait again.
void TcpLayer::resume_transmit(Instant now) {
    resuming_.swap(device_waiters_);
    std::size_t next = 0;
    for (; next < resuming_.size() && !ctx_.tx.device_full(); ++next) {
        TcpSocket* socket = resuming_[next];
        if (!socket->awaiting_device_) continue;  // retired meanwhile
        socket->awaiting_device_ = false;
        socket->conn_->output(now);
    }
    device_waiters_.insert(device_waiters_.begin(), resuming_.begin() + static_cast<std::ptrdiff_t>(next),
                           resuming_.end());
    resuming_.clear();
    if (!graveyard_.empty()) reap();
}

std::size_t TcpLayer::closing_count() const {
    std::size_t n = 0;
    connections_.for_each([&](const FourTuple&, const TcpSocket* s) {
        const TcpState st = s->state();
        if (st == TcpState::fin_wait_1 || st == TcpState::closing || st == TcpState::last_ack) ++n;
    });
    return n;
}

std::uint32_t TcpLayer::timestamp_now(Instant now) const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    return static_cast<std::uint32_t>(ms) + timestamp_offset_;
}

// A connection reached CLOSED. It leaves the connection table at once (later
// segments for the tuple get RSTs); the socket object goes when nobody holds
// it: a user-held one stays (closed) until closesocket, a child waiting in
// an accept queue stays so accept hands it out (its reads report the reset).
void TcpLayer::connection_closed(TcpSocket& socket) {
    unregister_connection(socket);
    if (socket.user_held_) return;
    if (socket.parent_ != nullptr && socket.parent_->embryos_.count(&socket) == 0) return;  // in the accept queue
    retire(socket);
    if (!reaper_.armed()) ctx_.timers.schedule(reaper_, Instant{});
}

void TcpLayer::unregister_connection(TcpSocket& socket) {
    if (socket.conn_ == nullptr) return;
    const FourTuple& tuple = socket.conn_->tuple();
    if (connections_.find(tuple) == &socket) connections_.erase(tuple);
}

void TcpLayer::child_established(TcpSocket& child) {
    TcpSocket* parent = child.parent_;
    parent->embryos_.erase(&child);
    parent->accept_queue_.push_back(&child);
}

// Detaches a socket from everything (tables, its listener) and queues it for
// deletion: it may be the object whose member function is running now.
void TcpLayer::retire(TcpSocket& socket) {
    if (!sockets_.erase(&socket)) return;
    unregister_connection(socket);
    unbind(socket);
    if (TcpSocket* parent = socket.parent_) {
        parent->embryos_.erase(&socket);
        std::erase(parent->accept_queue_, &socket);
    }
    for (TcpSocket* child : socket.accept_queue_) child->parent_ = nullptr;
    for (TcpSocket* child : socket.embryos_) child->parent_ = nullptr;
    if (socket.conn_ != nullptr) socket.conn_->stop_timers();
    if (socket.awaiting_device_) {
        socket.awaiting_device_ = false;
        std::erase(device_waiters_, &socket);
    }
    graveyard_.push_back(&socket);
}

void TcpLayer::reap() {
    std::vector<TcpSocket*> dead;
    dead.swap(graveyard_);
    for (TcpSocket* s : dead) {
        // Children of a dying listener that nobody accepted go with it.
        for (TcpSocket* child : s->accept_queue_) retire(*child);
        for (TcpSocket* child : std::vector<TcpSocket*>(s->embryos_.begin(), s->embryos_.end())) retire(*child);
        delete s;
    }
    if (!graveyard_.empty()) reap();
}

// ---------------------------------------------------------------- input

bool TcpLayer::checksum_ok(const rte_mbuf* segment, const wire::Ipv4Repr& ip) const {
    return l4_checksum_ok(ctx_, segment, ip, wire::ipproto::tcp, ip.payload_len);
}

namespace {

/// Strips the TCP header; returns the payload alone (null when empty). A
/// head segment left empty (our own chained segments over loopback) is
/// unlinked so the payload starts at data.
rte_mbuf* take_payload(rte_mbuf* m, std::size_t header_len, std::uint32_t payload_len) {
    if (payload_len == 0) {
        rte_pktmbuf_free(m);
        return nullptr;
    }
    if (rte_pktmbuf_pkt_len(m) > header_len + payload_len)
        (void)rte_pktmbuf_trim(m, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(m) - header_len - payload_len));
    rte_pktmbuf_adj(m, static_cast<std::uint16_t>(header_len));
    while (rte_pktmbuf_data_len(m) == 0 && m->next != nullptr) {
        rte_mbuf* rest = m->next;
        rest->pkt_len = m->pkt_len;
        rest->nb_segs = static_cast<std::uint16_t>(m->nb_segs - 1);
        m->next = nullptr;
        m->nb_segs = 1;
        m->pkt_len = 0;
        rte_pktmbuf_free(m);
        m = rest;
    }
    return m;
}

}  // namespace

void TcpLayer::receive(rte_mbuf* segment, const wire::Ipv4Repr& ip, Instant now) {
    wire::TcpRepr tcp;
    wire::TcpOptions options;
    Drop verdict = wire::TcpRepr::parse(packet_bytes(segment), ip.payload_len, tcp, options);
    if (verdict == Drop::none && !checksum_ok(segment, ip)) verdict = Drop::tcp_bad_checksum;
    // RFC 1122 §4.2.3.10: segments to broadcast/multicast addresses are dropped.
    if (verdict == Drop::none && (ctx_.is_broadcast(ip.dst) || ip.dst.is_multicast())) verdict = Drop::tcp_not_unicast;
    if (verdict != Drop::none) return ctx_.discard(segment, verdict);
    ++stats_.segments_received;
    const std::uint32_t payload_len = ip.payload_len - static_cast<std::uint32_t>(tcp.header_len());
    rte_mbuf* payload = take_payload(segment, tcp.header_len(), payload_len);
    const TcpSegment seg{tcp, options, payload, payload_len};
    const FourTuple tuple{{ip.dst, tcp.dst_port}, {ip.src, tcp.src_port}};
    TcpSocket* socket = connections_.find(tuple);
    if (socket != nullptr && socket->state_ == TcpState::time_wait && time_wait_accepts_syn(*socket, seg)) {
        ++stats_.time_wait_reused;
        retire(*socket);
        socket = nullptr;
    }
    if (socket != nullptr) {
        socket->conn_->segment_arrives(seg, now);
    } else {
        demux_to_listener(tuple, seg, now);
    }
    if (!graveyard_.empty()) reap();
}

// RFC 6191 §2 (and RFC 1122 §4.2.2.13): a new SYN may reopen a TIME-WAIT
// connection when its timestamp is newer than the last seen, or (without
// timestamps) its sequence number is beyond the old RCV.NXT.
bool TcpLayer::time_wait_accepts_syn(const TcpSocket& socket, const TcpSegment& seg) const {
    if (!seg.has(syn) || seg.has(ack | rst)) return false;
    const TcpConnection& c = *socket.conn_;
    if (c.negotiated().timestamps && seg.options.timestamps)
        return static_cast<std::int32_t>(seg.options.timestamps->value - c.ts_recent()) > 0;
    return seq_gt(seg.seq(), c.rcv_nxt());
}

void TcpLayer::demux_to_listener(const FourTuple& tuple, const TcpSegment& seg, Instant now) {
    TcpSocket* listener = ports_.lookup(tuple.local, tuple.remote, [](const TcpSocket* s, const Endpoint&) {
        return s->state_ == TcpState::listen ? 0 : -1;
    });
    if (listener != nullptr) return listen_input(*listener, tuple, seg, now);
    if (seg.payload != nullptr) rte_pktmbuf_free(seg.payload);
    ctx_.counters.drop(Drop::tcp_no_connection);
    send_reset_for(tuple, seg.tcp, seg.payload_len, now);
}

// RFC 9293 §3.10.7.1: "If the ACK bit is off, sequence number zero is used,
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. If the ACK bit is on,
// <SEQ=SEG.ACK><CTL=RST>". Never in answer to a RST.
void TcpLayer::send_reset_for(const FourTuple& tuple, const wire::TcpRepr& tcp, std::uint32_t payload_len,
                              Instant now) {
    if (tcp.flags & rst) return;
    ++stats_.resets_sent;
    if (tcp.flags & ack) return send_control(tuple, SeqNum{tcp.ack}, std::nullopt, rst, 0, {}, now);
    const std::uint32_t len = payload_len + ((tcp.flags & syn) ? 1u : 0u) + ((tcp.flags & fin) ? 1u : 0u);
    send_control(tuple, SeqNum{0}, SeqNum{tcp.seq} + len, rst | ack, 0, {}, now);
}

// RFC 9293 §3.10.7.2 LISTEN: RST ignored; an ACK is answered by a RST unless
// it completes a SYN cookie; a SYN opens a child (or, with the SYN queue
// full, is answered statelessly with a cookie).
void TcpLayer::listen_input(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now) {
    // Only an ACK completing a SYN cookie keeps the payload (it becomes the
    // new connection's first data); every other path here drops it.
    const bool cookie_ack = seg.has(ack) && !seg.has(syn | rst);
    if (cookie_ack && accept_cookie(listener, tuple, seg, now)) return;
    if (seg.payload != nullptr) rte_pktmbuf_free(seg.payload);
    if (seg.has(rst) || (!seg.has(ack) && !seg.has(syn))) {
        ctx_.counters.drop(Drop::tcp_stale_segment);  // §3.10.7.2: ignored in LISTEN
        return;
    }
    if (seg.has(ack)) {
        ++stats_.resets_sent;
        send_control(tuple, seg.ack(), std::nullopt, rst, 0, {}, now);
        return;
    }
    if (listener.accept_queue_.size() >= listener.backlog_ || connections_.size() >= config_.max_connections) {
        ctx_.counters.drop(Drop::tcp_listen_drop);
        return;
    }
    if (listener.embryos_.size() >= config_.syn_queue_limit) return send_syn_cookie(tuple, seg, now);
    accept_syn(listener, tuple, seg, now);
}

TcpSocket* TcpLayer::make_child(TcpSocket& listener, const FourTuple& tuple, Instant now) {
    auto* child = new TcpSocket(*this);
    child->options_ = listener.options_;  // WS-OPT-26: accepted sockets inherit
    child->local_ = tuple.local;
    child->remote_ = tuple.remote;
    child->user_held_ = false;
    child->parent_ = &listener;
    child->conn_ = std::make_unique<TcpConnection>(*this, *child, tuple, now);
    if (!connections_.insert(tuple, child)) {
        delete child;
        return nullptr;
    }
    sockets_.insert(child);
    ++stats_.passive_opens;
    return child;
}

void TcpLayer::accept_syn(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now) {
    TcpSocket* child = make_child(listener, tuple, now);
    if (child == nullptr) return ctx_.counters.drop(Drop::tcp_listen_drop);
    listener.embryos_.insert(child);
    child->conn_->open_passive(seg.tcp, seg.options, now);
}

// RFC 4987 §3.6: the SYN-ACK's sequence number carries the state; window
// scale, SACK-permitted and ECN ride in our TSval when the SYN had
// timestamps (syn_cookie.hpp).
void TcpLayer::send_syn_cookie(const FourTuple& tuple, const TcpSegment& seg, Instant now) {
    const std::uint16_t peer_mss = seg.options.mss.value_or(536);
    const SeqNum cookie = cookies_.encode(tuple, seg.seq(), peer_mss, now);
    wire::TcpOptions o;
    o.mss = static_cast<std::uint16_t>(std::min<std::uint32_t>(output_->mtu_for(tuple.remote.address), 65535) - 40);
    if (seg.options.timestamps) {
        SynCookieOptions carried;
        carried.window_scale = seg.options.window_scale
                                   ? std::optional<std::uint8_t>(std::min(*seg.options.window_scale, wire::kTcpMaxWindowShift))
                                   : std::nullopt;
        carried.sack_permitted = seg.options.sack_permitted;
        o.timestamps = wire::TcpTimestamps{syn_cookie_tsval(timestamp_now(now), carried), seg.options.timestamps->value};
        if (seg.options.window_scale) o.window_scale = kCookieWindowShift;
        o.sack_permitted = seg.options.sack_permitted;
    }
    ++stats_.syn_cookies_sent;
    send_control(tuple, cookie, seg.seq() + 1, syn | ack, 0xffff, o, now);
}

// True: the connection exists and has taken the segment's payload; false:
// not a valid cookie (or no room), the payload is still the caller's.
bool TcpLayer::accept_cookie(TcpSocket& listener, const FourTuple& tuple, const TcpSegment& seg, Instant now) {
    if (stats_.syn_cookies_sent == 0) return false;
    const std::optional<std::uint16_t> mss = cookies_.validate(tuple, seg.seq(), seg.ack(), now);
    if (!mss) {
        ++stats_.syn_cookies_failed;
        return false;
    }
    if (listener.accept_queue_.size() >= listener.backlog_) return false;
    TcpNegotiated negotiated;
    if (seg.options.timestamps) {
        const SynCookieOptions carried = syn_cookie_options(seg.options.timestamps->echo);
        negotiated.timestamps = true;
        negotiated.sack = carried.sack_permitted;
        negotiated.peer_wscale = carried.window_scale;
    }
    TcpSocket* child = make_child(listener, tuple, now);
    if (child == nullptr) return false;
    ++stats_.syn_cookies_accepted;
    child->conn_->open_from_cookie(seg.tcp, seg.options, *mss, negotiated, kCookieWindowShift, now);
    listener.accept_queue_.push_back(child);
    // Data (or a FIN) on the completing ACK: the new connection takes it.
    if (seg.payload != nullptr || seg.has(fin)) child->conn_->segment_arrives(seg, now);
    return true;
}

void TcpLayer::icmp_error(const IcmpErrorReport& report, Instant now) {
    if (report.original_l4.size() < 8) return;
    const wire::Bytes q = report.original_l4;
    const auto u16 = [&](std::size_t at) { return static_cast<std::uint16_t>(q[at] << 8 | q[at + 1]); };
    const std::uint32_t seq = std::uint32_t{u16(4)} << 16 | u16(6);
    const FourTuple tuple{{report.original.src, u16(0)}, {report.original.dst, u16(2)}};
    TcpSocket* socket = connections_.find(tuple);
    if (socket == nullptr || socket->conn_ == nullptr) {
        ctx_.counters.drop(Drop::icmp_error_unmatched);
        return;
    }
    socket->conn_->icmp_error(report.type, report.code, report.next_hop_mtu, SeqNum{seq}, now);
    if (!graveyard_.empty()) reap();
}

// ---------------------------------------------------------------- output

void TcpLayer::send_control(const FourTuple& tuple, SeqNum seq, std::optional<SeqNum> ack_number, std::uint8_t flags,
                            std::uint16_t window, const wire::TcpOptions& options, Instant now) {
    wire::TcpRepr tcp;
    tcp.src_port = tuple.local.port;
    tcp.dst_port = tuple.remote.port;
    tcp.seq = seq.raw();
    tcp.flags = flags;
    if (ack_number) {
        tcp.ack = ack_number->raw();
        tcp.flags |= ack;
    }
    tcp.window = window;
    (void)emit(tuple, tcp, options, nullptr, 64, 0, true, now);
}

// RFC 9293 §3.1 "Checksum": over the pseudo-header and the segment, in
// software; or, when the NIC offloads it, the pseudo-header sum alone (not
// complemented) with RTE_MBUF_F_TX_TCP_CKSUM, as DPDK's offload contract
// (rte_ipv4_phdr_cksum) wants. A TSO segment's pseudo-header sum leaves the
// length out (each segment the NIC cuts has its own) and the mbuf says how
// to cut: RTE_MBUF_F_TX_TCP_SEG, tso_segsz, the header lengths.
std::uint16_t TcpLayer::checksum_field(rte_mbuf* m, const FourTuple& tuple, std::size_t header_len,
                                       std::uint16_t tso_segment) const {
    const std::uint32_t total = rte_pktmbuf_pkt_len(m);
    if (tso_segment != 0) {
        m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4;
        m->tso_segsz = tso_segment;
        m->l4_len = static_cast<std::uint8_t>(header_len) & 0xff;
        return static_cast<std::uint16_t>(
            ~wire::checksum_finish(wire::ipv4_pseudo_header_sum(tuple.local.address, tuple.remote.address,
                                                                wire::ipproto::tcp, 0)));
    }
    const std::uint32_t pseudo = wire::ipv4_pseudo_header_sum(tuple.local.address, tuple.remote.address,
                                                              wire::ipproto::tcp, static_cast<std::uint16_t>(total));
    if (output_->offloads_tcp_checksum(tuple.remote.address)) {
        m->ol_flags |= RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4;
        m->l4_len = static_cast<std::uint8_t>(header_len) & 0xff;
        return static_cast<std::uint16_t>(~wire::checksum_finish(pseudo));
    }
    return wire::checksum_finish(pseudo + packet_checksum_partial(m, 0, total));
}

Drop TcpLayer::emit(const FourTuple& tuple, const wire::TcpRepr& tcp, const wire::TcpOptions& options,
                    rte_mbuf* payload, std::uint8_t ttl, std::uint8_t tos, bool dont_fragment, Instant now,
                    std::uint16_t tso_segment) {
    const std::size_t header_len = wire::TcpRepr::buffer_len(options);
    rte_mbuf* m = nullptr;
    if (payload != nullptr && payload->nb_segs == 1 && RTE_MBUF_DIRECT(payload) &&
        rte_pktmbuf_headroom(payload) >= header_len + 64) {
        m = payload;  // a copied payload: the header goes into its headroom
        if (prepend_header(m, header_len).empty()) m = nullptr;
    } else {
        m = alloc_packet(ctx_.pool, header_len);
        if (m != nullptr && payload != nullptr && rte_pktmbuf_chain(m, payload) != 0) {
            rte_pktmbuf_free(m);
            m = nullptr;
        }
    }
    if (m == nullptr) {
        if (payload != nullptr) rte_pktmbuf_free(payload);
        ctx_.counters.drop(Drop::no_mbuf);
        return Drop::no_mbuf;
    }
    wire::MutableBytes header{rte_pktmbuf_mtod(m, std::uint8_t*), header_len};
    wire::TcpRepr out = tcp;
    out.checksum = 0;
    out.emit(header, options);
    const std::uint16_t checksum = checksum_field(m, tuple, header_len, tso_segment);
    header[16] = static_cast<std::uint8_t>(checksum >> 8);
    header[17] = static_cast<std::uint8_t>(checksum & 0xff);
    const std::uint32_t payload_len = rte_pktmbuf_pkt_len(m) - static_cast<std::uint32_t>(header_len);
    stats_.segments_sent += tso_segment != 0 ? (payload_len + tso_segment - 1) / tso_segment : 1;
    if (tso_segment != 0) ++stats_.tso_segments_sent;
    const Ipv4SendParams params{tuple.local.address, tuple.remote.address, wire::ipproto::tcp, ttl, tos, dont_fragment};
    return output_->send_segment(m, params, now);
}

}  // namespace sluice::stack
