// Raw IPv4 sockets. See raw.hpp (Windows rules from the spec's WS-IO-45;
// IP_HDRINCL field filling as Linux raw(7) documents it).
#include <sluice/stack/raw/raw.hpp>

#include <sluice/stack/net/packet.hpp>

#include <algorithm>

namespace sluice::stack {

RawSocket::RawSocket(RawLayer& layer, std::uint8_t protocol)
    : layer_(layer), protocol_(protocol), queue_(layer.ctx_) {}

SocketError RawSocket::bind(wire::Ipv4Addr local) {
    if (local_) return SocketError::invalid;
    if (!local.is_unspecified() && !layer_.ctx_.is_local(local)) return SocketError::address_not_available;
    local_ = local;
    return SocketError::none;
}

SocketError RawSocket::connect(wire::Ipv4Addr remote) {
    if (remote.is_unspecified()) remote_.reset();
    else remote_ = remote;
    return SocketError::none;
}

SocketError RawSocket::send_to(std::optional<wire::Ipv4Addr> to, wire::Bytes data, Instant now) {
    if (!to && !header_included_) {
        if (!remote_) return SocketError::not_connected;
        to = remote_;
    }
    return layer_.send(*this, to, data, now);
}

SocketError RawSocket::receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek) {
    return queue_.receive(buffer, out, peek);
}

bool RawSocket::wants(const wire::Ipv4Repr& ip) const {
    if (ip.protocol != protocol_ || ip.protocol == wire::ipproto::tcp) return false;
    if (local_ && !local_->is_unspecified() && *local_ != ip.dst) return false;
    return !remote_ || *remote_ == ip.src;
}

// The tap is installed only while raw sockets exist: the per-packet path
// pays nothing for raw sockets nobody opened.
RawLayer::RawLayer(StackContext& ctx, Ipv4Layer& ipv4) : ctx_(ctx), ipv4_(ipv4) {}

RawLayer::~RawLayer() {
    ipv4_.set_raw_tap(nullptr);
    for (RawSocket* s : sockets_) delete s;
}

RawSocket* RawLayer::open(std::uint8_t protocol) {
    auto* socket = new RawSocket(*this, protocol);
    sockets_.insert(socket);
    ipv4_.set_raw_tap(this);
    return socket;
}

void RawLayer::close(RawSocket* socket) {
    if (sockets_.erase(socket) == 0) return;
    delete socket;
    if (sockets_.empty()) ipv4_.set_raw_tap(nullptr);
}

namespace {
/// Whether an ICMP datagram is an echo request (RFC 792 type 8).
bool is_echo_request(const rte_mbuf* packet, const wire::Ipv4Repr& ip) {
    if (ip.protocol != wire::ipproto::icmp || ip.payload_len == 0) return false;
    std::uint8_t type = 0;
    const void* p = rte_pktmbuf_read(packet, ip.header_len, 1, &type);
    return p != nullptr && *static_cast<const std::uint8_t*>(p) == 8;
}
}  // namespace

bool RawLayer::tap(const rte_mbuf* packet, const wire::Ipv4Repr& ip, Instant) {
    // Windows answers echo requests in its stack without handing them to raw
    // sockets (WS-IO-45: a raw ICMP socket pinging 127.0.0.1 receives only
    // the reply); the ICMP layer answers them here too.
    if (is_echo_request(packet, ip)) return false;
    bool taken = false;
    const std::size_t size = std::size_t{ip.header_len} + ip.payload_len;
    for (RawSocket* s : sockets_) {
        if (!s->wants(ip)) continue;
        if (!s->queue_.fits(size, s->options_.receive_buffer)) {  // checked before paying for the copy
            ctx_.counters.drop(Drop::raw_receive_buffer_full);
            continue;
        }
        rte_mbuf* copy = rte_pktmbuf_copy(packet, ctx_.pool, 0, static_cast<std::uint32_t>(size));
        if (copy == nullptr) {
            ctx_.counters.drop(Drop::no_mbuf);
            continue;
        }
        const Drop refused =
            s->queue_.push(copy, size, Endpoint{ip.src, 0}, s->options_.receive_buffer, Drop::raw_receive_buffer_full);
        if (refused != Drop::none) {
            ctx_.discard(copy, refused);
            continue;
        }
        ++ctx_.counters.events.raw_delivered;
        taken = true;
    }
    return taken;
}

SocketError RawLayer::send(RawSocket& socket, std::optional<wire::Ipv4Addr> to, wire::Bytes data, Instant now) {
    if (data.size() > 0xffff - (socket.header_included_ ? 0 : wire::kIpv4MinHeaderLen))
        return SocketError::message_too_long;
    if (socket.header_included_ && data.size() < wire::kIpv4MinHeaderLen) return SocketError::invalid;
    rte_mbuf* m = packet_from_bytes(ctx_.pool, data);
    if (m == nullptr) {
        ctx_.counters.drop(Drop::no_mbuf);
        return SocketError::no_buffers;
    }
    if (socket.header_included_ && to) to->write_to(packet_bytes_mut(m).subspan(16, 4));  // sendto's address wins
    const wire::Ipv4Addr dst = socket.header_included_ ? wire::Ipv4Addr::from_bytes(packet_bytes(m).subspan(16, 4)) : *to;
    if (ctx_.is_broadcast(dst) && !socket.options_.broadcast) {  // as UDP: WSAEACCES
        rte_pktmbuf_free(m);
        return SocketError::access_denied;
    }
    Drop d;
    if (socket.header_included_) {
        d = ipv4_.send_with_header(m, now);
    } else {
        const DatagramOptions& o = socket.options_;
        const wire::Ipv4Addr src = socket.local_.value_or(wire::Ipv4Addr{});
        d = ipv4_.send(m, {src, *to, socket.protocol_, o.ttl, o.tos, o.dont_fragment}, now);
    }
    if (d == Drop::none) ++ctx_.counters.events.raw_sent;
    return socket_error_from_drop(d);
}

}  // namespace sluice::stack
