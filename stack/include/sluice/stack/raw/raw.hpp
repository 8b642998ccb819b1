// Raw IPv4 sockets (SOCK_RAW) and the raw layer of one engine.
//
// A raw socket is opened for one IP protocol number and receives a copy of
// every datagram of that protocol the engine accepts, IPv4 header included,
// as Windows returns it (spec WS-IO-45). TCP and ICMP echo requests (which
// the stack answers itself) are never delivered to raw sockets (Windows'
// rules). A bound socket takes only datagrams to its
// address; a connected one only datagrams from its peer.
// Sending: without IP_HDRINCL the stack writes the header (protocol = the
// socket's); with IP_HDRINCL the caller's data starts with the header and the
// stack fills total length, checksum, and zero identification/source.
// Receiving into a short buffer fills it, reports message_too_long and
// discards the rest (WS-IO-45). The queue is bounded by SO_RCVBUF bytes
// (each datagram charged at least kMinDatagramCharge) and by the engine-wide
// socket mbuf budget. Sending to a broadcast address needs SO_BROADCAST.
#pragma once

#include <sluice/stack/net/ipv4.hpp>
#include <sluice/stack/socket/socket_types.hpp>
#include <sluice/stack/udp/udp.hpp>

#include <rte_mbuf.h>

#include <cstdint>
#include <optional>
#include <unordered_set>

namespace sluice::stack {

class RawLayer;

class RawSocket {
public:
    DatagramOptions& options() { return options_; }
    const DatagramOptions& options() const { return options_; }
    std::uint8_t protocol() const { return protocol_; }
    bool header_included() const { return header_included_; }
    void set_header_included(bool on) { header_included_ = on; }

    SocketError bind(wire::Ipv4Addr local);
    SocketError connect(wire::Ipv4Addr remote);
    /// Sends `data` (a payload, or with IP_HDRINCL a whole datagram) to `to`
    /// (or the connected peer when empty; with IP_HDRINCL the header's
    /// destination is used).
    SocketError send_to(std::optional<wire::Ipv4Addr> to, wire::Bytes data, Instant now);
    /// Receives the next datagram, IPv4 header included.
    SocketError receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek);

    std::optional<wire::Ipv4Addr> local() const { return local_; }
    std::optional<wire::Ipv4Addr> remote() const { return remote_; }
    bool readable() const { return !queue_.empty(); }
    std::size_t next_datagram_size() const { return queue_.front_size(); }
    /// Bytes of every queued datagram (FIONREAD).
    std::size_t queued_payload_bytes() const { return queue_.payload_bytes(); }

private:
    friend class RawLayer;
    RawSocket(RawLayer& layer, std::uint8_t protocol);
    ~RawSocket() = default;
    bool wants(const wire::Ipv4Repr& ip) const;

    RawLayer& layer_;
    std::uint8_t protocol_;
    bool header_included_ = false;
    DatagramOptions options_;
    std::optional<wire::Ipv4Addr> local_;
    std::optional<wire::Ipv4Addr> remote_;
    DatagramQueue queue_;
};

class RawLayer final : public RawTap {
public:
    RawLayer(StackContext& ctx, Ipv4Layer& ipv4);
    ~RawLayer() override;
    RawLayer(const RawLayer&) = delete;
    RawLayer& operator=(const RawLayer&) = delete;

    RawSocket* open(std::uint8_t protocol);
    void close(RawSocket* socket);
    std::size_t socket_count() const { return sockets_.size(); }

    // RawTap
    bool tap(const rte_mbuf* packet, const wire::Ipv4Repr& ip, Instant now) override;

private:
    friend class RawSocket;
    SocketError send(RawSocket& socket, std::optional<wire::Ipv4Addr> to, wire::Bytes data, Instant now);

    StackContext& ctx_;
    Ipv4Layer& ipv4_;
    std::unordered_set<RawSocket*> sockets_;
};

}  // namespace sluice::stack
