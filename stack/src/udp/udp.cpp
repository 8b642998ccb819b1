// UDP sockets and the UDP layer (RFC 768; RFC 1122 4.1.3.1 ports,
// 4.1.3.3 ICMP port unreachable, 4.1.3.4 checksums). See udp.hpp.
#include <sluice/stack/udp/udp.hpp>

#include <sluice/stack/net/l4_checksum.hpp>

#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/udp.hpp>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include <algorithm>

namespace sluice::stack {

namespace {

/// The UDP checksum of `data` under the given header fields (RFC 768).
std::uint16_t udp_checksum(wire::Ipv4Addr src, wire::Ipv4Addr dst, const wire::UdpRepr& h, wire::Bytes data) {
    std::uint32_t sum = wire::ipv4_pseudo_header_sum(src, dst, wire::ipproto::udp, h.length);
    sum += std::uint32_t{h.src_port} + h.dst_port + h.length;
    const std::uint16_t sum16 = wire::checksum_finish(wire::checksum_partial(data, sum));
    return sum16 == 0 ? 0xffff : sum16;  // RFC 768: a computed zero is sent as all ones
}

}  // namespace

// ---------------------------------------------------------------- socket --

UdpSocket::UdpSocket(UdpLayer& layer) : layer_(layer), queue_(layer.ctx_) {}

SocketError UdpSocket::bind(Endpoint local) { return layer_.bind(*this, local); }

SocketError UdpSocket::connect(Endpoint remote) {
    if (remote.address.is_unspecified() && remote.port == 0) {  // dissolve the association
        remote_.reset();
        return SocketError::none;
    }
    // Connecting to a broadcast address needs no SO_BROADCAST; only sendto
    // with an explicit broadcast destination does (spec WS-IO-50).
    if (!local_) {
        const SocketError e = layer_.bind(*this, Endpoint{});
        if (e != SocketError::none) return e;
    }
    remote_ = remote;
    return SocketError::none;
}

SocketError UdpSocket::send_to(std::optional<Endpoint> to, wire::Bytes data, Instant now) {
    if (!to) {
        if (!remote_) return SocketError::not_connected;
        to = remote_;
    } else if (layer_.ctx_.is_broadcast(to->address) && !options_.broadcast) {
        return SocketError::access_denied;
    }
    if (data.size() > kMaxUdpPayload) return SocketError::message_too_long;
    if (!local_) {
        const SocketError e = layer_.bind(*this, Endpoint{});
        if (e != SocketError::none) return e;
    }
    return layer_.send(*this, *to, data, now);
}

SocketError UdpSocket::receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek) {
    if (pending_error_ != SocketError::none) {
        const SocketError e = pending_error_;
        pending_error_ = SocketError::none;
        return e;
    }
    if (!local_) return SocketError::invalid;  // spec WS-IO-46: never bound
    return queue_.receive(buffer, out, peek);
}

Drop UdpSocket::enqueue(rte_mbuf* payload, std::size_t size, const Endpoint& from) {
    return queue_.push(payload, size, from, options_.receive_buffer, Drop::udp_receive_buffer_full);
}

int UdpSocket::accepts(const Endpoint& src) const {
    if (!remote_) return 0;
    return *remote_ == src ? 1 : -1;
}

// ----------------------------------------------------------------- layer --

UdpLayer::UdpLayer(StackContext& ctx, Ipv4Layer& ipv4, IcmpLayer& icmp, std::uint32_t ephemeral_seed)
    : ctx_(ctx), ipv4_(ipv4), icmp_(icmp), ports_(ephemeral_seed) {
    ipv4_.register_protocol(wire::ipproto::udp, this);
    icmp_.register_error_sink(wire::ipproto::udp, this);
}

UdpLayer::~UdpLayer() {
    for (UdpSocket* s : sockets_) delete s;
}

UdpSocket* UdpLayer::open() {
    auto* socket = new UdpSocket(*this);
    sockets_.insert(socket);
    return socket;
}

void UdpLayer::close(UdpSocket* socket) {
    if (sockets_.erase(socket) == 0) return;
    if (socket->local_) ports_.unbind(socket, *socket->local_);
    delete socket;
}

SocketError UdpLayer::bind(UdpSocket& socket, Endpoint local) {
    return bind_endpoint(ports_, &socket, socket.local_, local, socket.options_.bind, ctx_.is_local(local.address));
}

SocketError UdpLayer::send(UdpSocket& socket, const Endpoint& to, wire::Bytes data, Instant now) {
    const Endpoint& local = *socket.local_;
    const wire::Ipv4Addr src = local.address.is_unspecified() ? ipv4_.source_for(to.address) : local.address;
    wire::UdpRepr header{local.port, to.port, static_cast<std::uint16_t>(wire::kUdpHeaderLen + data.size()), 0};
    header.checksum = udp_checksum(src, to.address, header, data);
    rte_mbuf* m = packet_from_bytes(ctx_.pool, data);
    if (m == nullptr) {
        ctx_.counters.drop(Drop::no_mbuf);
        return SocketError::no_buffers;
    }
    wire::MutableBytes h = prepend_header(m, wire::kUdpHeaderLen);
    if (h.empty()) {
        ctx_.discard(m, Drop::no_headroom);
        return SocketError::no_buffers;
    }
    header.emit(h);
    const DatagramOptions& o = socket.options_;
    Ipv4SendParams params{src, to.address, wire::ipproto::udp, o.ttl, o.tos, o.dont_fragment};
    const SocketError e = socket_error_from_drop(ipv4_.send(m, params, now));
    if (e == SocketError::none) ++ctx_.counters.events.udp_sent;
    return e;
}

bool UdpLayer::checksum_ok(const rte_mbuf* datagram, const wire::Ipv4Repr& ip, const wire::UdpRepr& udp) const {
    if (udp.checksum == 0) return true;  // RFC 768: no checksum was computed
    // Over the UDP length, not the IP payload (RFC 768: bytes beyond the UDP
    // length are not part of the datagram).
    return l4_checksum_ok(ctx_, datagram, ip, wire::ipproto::udp, udp.length);
}

void UdpLayer::receive(rte_mbuf* datagram, const wire::Ipv4Repr& ip, Instant now) {
    wire::UdpRepr udp;
    Drop verdict = wire::UdpRepr::parse(packet_bytes(datagram), ip.payload_len, udp);
    if (verdict == Drop::none && !checksum_ok(datagram, ip, udp)) verdict = Drop::udp_bad_checksum;
    if (verdict != Drop::none) return ctx_.discard(datagram, verdict);
    const Endpoint from{ip.src, udp.src_port};
    const Endpoint dst{ip.dst, udp.dst_port};
    const std::size_t size = udp.length - wire::kUdpHeaderLen;
    // Bytes beyond the UDP length are not the datagram's; a chain that cannot
    // be trimmed keeps them, unread (copies stop at `size`) but charged.
    if (rte_pktmbuf_pkt_len(datagram) > udp.length)
        (void)rte_pktmbuf_trim(datagram, static_cast<std::uint16_t>(rte_pktmbuf_pkt_len(datagram) - udp.length));
    rte_pktmbuf_adj(datagram, wire::kUdpHeaderLen);

    if (ctx_.is_broadcast(ip.dst)) return deliver_broadcast(datagram, size, dst, from);
    UdpSocket* socket = ports_.lookup(dst, from, [](const UdpSocket* s, const Endpoint& src) { return s->accepts(src); });
    if (socket == nullptr) return port_unreachable(datagram, ip, now);
    const Drop refused = socket->enqueue(datagram, size, from);
    if (refused != Drop::none) return ctx_.discard(datagram, refused);
    ++ctx_.counters.events.udp_delivered;
}

void UdpLayer::deliver_broadcast(rte_mbuf* payload, std::size_t size, const Endpoint& dst, const Endpoint& from) {
    // Every socket on the port gets a copy (RFC 1122 4.1.3.5 leaves it to
    // the host; Windows and Linux deliver to all of them).
    std::vector<UdpSocket*> takers;
    ports_.for_each_on_port(dst.port, [&](UdpSocket* s) {
        if (takes_broadcast(*s, from)) takers.push_back(s);
    });
    if (takers.empty()) return ctx_.discard(payload, Drop::udp_no_socket);
    for (std::size_t i = 0; i < takers.size(); ++i) {
        const bool last = i + 1 == takers.size();
        rte_mbuf* copy = last ? payload : rte_pktmbuf_copy(payload, ctx_.pool, 0, UINT32_MAX);
        if (copy == nullptr) {
            ctx_.counters.drop(Drop::no_mbuf);
            continue;
        }
        const Drop refused = takers[i]->enqueue(copy, size, from);
        if (refused == Drop::none) ++ctx_.counters.events.udp_delivered;
        else ctx_.discard(copy, refused);
    }
}

bool UdpLayer::takes_broadcast(const UdpSocket& socket, const Endpoint& from) const {
    // A broadcast arrives on the Ethernet interface: sockets bound to the
    // wildcard or to that interface's address hear it, never ones bound to
    // 127.0.0.1; a connected socket only from its peer.
    const wire::Ipv4Addr bound = socket.local_->address;
    const bool on_interface = bound.is_unspecified() || (ctx_.ethernet && ctx_.ethernet->is_our_unicast(bound));
    return on_interface && socket.accepts(from) >= 0;
}

void UdpLayer::port_unreachable(rte_mbuf* payload, const wire::Ipv4Repr& ip, Instant now) {
    // RFC 1122 4.1.3.1: answer with ICMP port unreachable. The original IPv4
    // and UDP headers are still in the mbuf's headroom: step back over them.
    rte_pktmbuf_prepend(payload, static_cast<std::uint16_t>(ip.header_len + wire::kUdpHeaderLen));
    icmp_.send_unreachable(icmpcode::port_unreachable, payload, ip, now);
    ctx_.discard(payload, Drop::udp_no_socket);
}

void UdpLayer::icmp_error(const IcmpErrorReport& report, Instant) {
    // Windows (SIO_UDP_CONNRESET, on by default) reports a port unreachable
    // about a datagram the socket sent as WSAECONNRESET on the next receive.
    if (report.type != wire::icmptype::dest_unreachable || report.original_l4.size() < wire::kUdpHeaderLen) return;
    if (report.code != icmpcode::port_unreachable && report.code != icmpcode::protocol_unreachable) return;
    const auto& q = report.original_l4;
    const std::uint16_t src_port = static_cast<std::uint16_t>(q[0] << 8 | q[1]);
    const Endpoint dst{report.original.dst, static_cast<std::uint16_t>(q[2] << 8 | q[3])};
    ports_.for_each_on_port(src_port, [&](UdpSocket* s) {
        const bool ours = s->local_->address.is_unspecified() || s->local_->address == report.original.src;
        if (ours && (!s->remote_ || *s->remote_ == dst)) s->pending_error_ = SocketError::connection_reset;
    });
}

}  // namespace sluice::stack
