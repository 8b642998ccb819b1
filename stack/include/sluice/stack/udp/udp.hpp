// UDP (RFC 768) sockets and the UDP layer of one engine.
//
// UdpSocket is the stack's datagram socket: bind (explicit or implicit on
// first send, ephemeral ports, Windows' sharing rules via PortTable),
// connect (default peer and receive filter; connecting to 0.0.0.0:0
// dissolves it), send_to (one copy from the caller's buffer into mbufs,
// chained when larger than a segment; checksum always computed), and a
// receive queue of whole datagrams (socket/datagram_queue.hpp: bounded by
// SO_RCVBUF bytes, each datagram charged at least kMinDatagramCharge, and by
// the engine-wide budget of queued mbufs, so tiny datagrams cannot pin the
// pool).
//
// Windows semantics kept here (spec WS-IO-*): a receive into a buffer
// smaller than the datagram fills the buffer, reports message_too_long and
// discards the rest (unless peeking); an ICMP port unreachable about a
// datagram this socket sent is reported once, as connection_reset, by the
// next receive (Windows' default SIO_UDP_CONNRESET), never by send.
//
// UdpLayer owns the sockets (open/close) and the port table; it receives
// datagrams from IPv4, answers those for unbound ports with ICMP port
// unreachable (rate-limited in IcmpLayer), and turns ICMP errors into socket
// errors. All of it runs on the engine's thread.
#pragma once

#include <sluice/stack/net/icmp.hpp>
#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/socket/datagram_queue.hpp>
#include <sluice/stack/socket/port_table.hpp>
#include <sluice/stack/socket/socket_types.hpp>
#include <sluice/stack/wire/udp.hpp>

#include <rte_mbuf.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_set>

namespace sluice::stack {

/// Largest UDP payload over IPv4: 65535 - 20 (IP) - 8 (UDP).
inline constexpr std::size_t kMaxUdpPayload = 65507;
/// Windows' default SO_RCVBUF / SO_SNDBUF (64 KiB).
inline constexpr std::size_t kDefaultSocketBuffer = 65536;
/// Per-socket options the stack acts on.
struct DatagramOptions {
    BindOptions bind;
    bool broadcast = false;  ///< SO_BROADCAST: may send to broadcast addresses
    std::size_t receive_buffer = kDefaultSocketBuffer;
    std::size_t send_buffer = kDefaultSocketBuffer;
    std::uint8_t ttl = 128;  ///< Windows' default TTL
    std::uint8_t tos = 0;
    bool dont_fragment = false;
};

class UdpLayer;

class UdpSocket {
public:
    DatagramOptions& options() { return options_; }
    const DatagramOptions& options() const { return options_; }

    SocketError bind(Endpoint local);
    SocketError connect(Endpoint remote);
    /// Sends to `to`, or to the connected peer when `to` is empty.
    SocketError send_to(std::optional<Endpoint> to, wire::Bytes data, Instant now);
    /// Receives the next datagram (see the file comment for truncation).
    SocketError receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek);

    std::optional<Endpoint> local() const { return local_; }
    std::optional<Endpoint> remote() const { return remote_; }
    /// A receive would not block: a datagram or a pending error is waiting.
    bool readable() const { return !queue_.empty() || pending_error_ != SocketError::none; }
    /// Size of the next datagram, 0 when none.
    std::size_t next_datagram_size() const { return queue_.front_size(); }
    std::size_t queued_datagrams() const { return queue_.count(); }
    std::size_t queued_bytes() const { return queue_.charged_bytes(); }
    /// Payload bytes of every queued datagram (FIONREAD).
    std::size_t queued_payload_bytes() const { return queue_.payload_bytes(); }

private:
    friend class UdpLayer;
    explicit UdpSocket(UdpLayer& layer);
    ~UdpSocket() = default;
    /// Queues a datagram; Drop::none, or why it was refused (caller frees).
    Drop enqueue(rte_mbuf* payload, std::size_t size, const Endpoint& from);
    /// -1: refuses datagrams from `src`; 1: connected to it; 0: unconnected.
    int accepts(const Endpoint& src) const;

    UdpLayer& layer_;
    DatagramOptions options_;
    std::optional<Endpoint> local_;
    std::optional<Endpoint> remote_;
    DatagramQueue queue_;
    SocketError pending_error_ = SocketError::none;
};

class UdpLayer final : public Ipv4ProtocolHandler, public IcmpErrorSink {
public:
    UdpLayer(StackContext& ctx, Ipv4Layer& ipv4, IcmpLayer& icmp, std::uint32_t ephemeral_seed = 0);
    ~UdpLayer() override;
    UdpLayer(const UdpLayer&) = delete;
    UdpLayer& operator=(const UdpLayer&) = delete;

    /// A new unbound socket, owned by the layer until close().
    UdpSocket* open();
    /// Unbinds, frees queued datagrams, destroys the socket.
    void close(UdpSocket* socket);
    std::size_t socket_count() const { return sockets_.size(); }

    // Ipv4ProtocolHandler
    void receive(rte_mbuf* datagram, const wire::Ipv4Repr& ip, Instant now) override;
    // IcmpErrorSink
    void icmp_error(const IcmpErrorReport& report, Instant now) override;

private:
    friend class UdpSocket;
    SocketError bind(UdpSocket& socket, Endpoint local);
    SocketError send(UdpSocket& socket, const Endpoint& to, wire::Bytes data, Instant now);
    bool checksum_ok(const rte_mbuf* datagram, const wire::Ipv4Repr& ip, const wire::UdpRepr& udp) const;
    void deliver_broadcast(rte_mbuf* payload, std::size_t size, const Endpoint& dst, const Endpoint& from);
    bool takes_broadcast(const UdpSocket& socket, const Endpoint& from) const;
    void port_unreachable(rte_mbuf* payload, const wire::Ipv4Repr& ip, Instant now);

    StackContext& ctx_;
    Ipv4Layer& ipv4_;
    IcmpLayer& icmp_;
    PortTable<UdpSocket> ports_;
    std::unordered_set<UdpSocket*> sockets_;
};

}  // namespace sluice::stack
