// TcpIpSocket: the TCP/IP provider's state behind one SOCKET (private to
// provider/src). Everything mutable here is touched only inside
// EngineHost::run() closures, i.e. with exclusive access to the engine, so it
// needs no lock of its own.
//
// Kinds: a datagram socket owns a stack UdpSocket, a raw socket a stack
// RawSocket, a stream socket a stack TcpSocket (each created on the engine at
// WSASocket time, or by accept, and released by close). The stream calls
// (connect, listen, accept, send, recv, shutdown, readiness) are in
// tcpip_stream.cpp, the options in tcpip_options.cpp.
//
// Invariants: `closed` is set once, by close, and the stack object is gone
// from then on; `options` is the provider's copy of every option, and for a
// stream socket apply_stream_options() pushes it into the stack's
// TcpSocketOptions after each change.
#pragma once

#include <sluice/provider/spi.hpp>
#include <sluice/stack/raw/raw.hpp>
#include <sluice/stack/tcp/tcp.hpp>
#include <sluice/stack/udp/udp.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>

namespace sluice::provider {

enum class SocketKind { datagram, raw, stream };

/// Options kept by the provider (the stack's own live in DatagramOptions).
struct ProviderOptions {
    bool non_blocking = false;       ///< FIONBIO
    std::uint32_t receive_timeout_ms = 0;  ///< SO_RCVTIMEO (0 = forever)
    std::uint32_t send_timeout_ms = 0;     ///< SO_SNDTIMEO
    bool debug = false;
    bool dont_route = false;
    bool keep_alive = false;
    bool oob_inline = false;
    bool conditional_accept = false;
    bool randomize_port = false;
    bool port_scalability = false;
    bool reuse_unicast_port = false;
    std::uint16_t linger_on = 0;     ///< SO_LINGER l_onoff
    std::uint16_t linger_seconds = 0;
    std::uint32_t stored_error = 0;  ///< SO_ERROR (settable, as on Windows)
    bool no_delay = false;           ///< TCP_NODELAY
    std::uint32_t tcp_keepalive_seconds = 7200;
    std::uint32_t tcp_keepcnt = 10;
    std::uint32_t tcp_keepintvl = 1;
    std::uint32_t multicast_ttl = 1;
    /// IPPROTO_IP options Windows accepts and reports back whose effect lies
    /// in calls or features not built yet (IP_PKTINFO and the other IP_RECV*
    /// need WSARecvMsg; multicast the multicast issue): name -> value.
    std::map<int, std::uint32_t> recorded_ip{{9 /*IP_MULTICAST_IF*/, 0}, {11 /*IP_MULTICAST_LOOP*/, 1}};
    bool dont_fragment_stream = true;  ///< IP_DONTFRAGMENT of stream sockets
    std::uint32_t stream_ttl = 128;
    std::uint32_t stream_tos = 0;
    std::uint32_t stream_send_buffer = 65536;
    std::uint32_t stream_receive_buffer = 65536;
    /// SO_SNDBUF / SO_RCVBUF were set: that size is fixed (Windows turns
    /// its send and receive auto-tuning off for the socket).
    bool stream_send_buffer_set = false;
    bool stream_receive_buffer_set = false;
};

class TcpIpSocket final : public ProviderSocket {
public:
    TcpIpSocket(SocketIdentity identity, SocketKind socket_kind)
        : ProviderSocket(std::move(identity)), kind(socket_kind) {}

    const SocketKind kind;
    stack::UdpSocket* udp = nullptr;
    stack::RawSocket* raw = nullptr;
    stack::TcpSocket* tcp = nullptr;
    bool closed = false;
    bool shut_receive = false;
    bool shut_send = false;
    ProviderOptions options;
    /// Stream: a connect() whose outcome settle_connect() has not recorded yet.
    bool connect_in_progress = false;
    /// Stream: when the connection was established (SO_CONNECT_TIME).
    std::optional<std::chrono::steady_clock::time_point> connected_since;

    /// The stack's per-socket options of a datagram or raw socket.
    stack::DatagramOptions* datagram_options() {
        if (udp != nullptr) return &udp->options();
        if (raw != nullptr) return &raw->options();
        return nullptr;
    }
    /// SO_REUSEADDR / SO_EXCLUSIVEADDRUSE of any kind.
    stack::BindOptions& bind_options() {
        if (tcp != nullptr) return tcp->bind_options();
        return datagram_options()->bind;
    }
    /// The local endpoint, if bound (a raw socket's port is 0).
    std::optional<stack::Endpoint> local() const {
        if (udp != nullptr) return udp->local();
        if (tcp != nullptr) return tcp->local();
        if (raw != nullptr && raw->local()) return stack::Endpoint{*raw->local(), 0};
        return std::nullopt;
    }
    /// The connected peer, if any (a stream socket's also while its connect
    /// is in progress, WS-BIND-36; not after a failed one).
    std::optional<stack::Endpoint> remote() const {
        if (udp != nullptr) return udp->remote();
        if (tcp != nullptr) return tcp->was_connected() || tcp->connect_pending() ? tcp->remote() : std::nullopt;
        if (raw != nullptr && raw->remote()) return stack::Endpoint{*raw->remote(), 0};
        return std::nullopt;
    }
};

/// Option handling (tcpip_options.cpp): getsockopt/setsockopt on `s`, run on
/// the engine. 0 or a WSAE* code.
int get_tcpip_option(TcpIpSocket& s, int level, int name, void* value, int* length);
int set_tcpip_option(TcpIpSocket& s, int level, int name, const void* value, int length);
/// Copies a stream socket's provider options into its stack TcpSocketOptions
/// (and to a live connection). On the engine.
void apply_stream_options(TcpIpSocket& s, stack::Instant now);

// Stream sockets (tcpip_stream.cpp). The first group blocks as the socket's
// FIONBIO / SO_RCVTIMEO / SO_SNDTIMEO say; the second runs on the engine.
int stream_connect(EngineHost& host, TcpIpSocket& s, const void* name, int name_length);
int stream_listen(EngineHost& host, TcpIpSocket& s, int backlog);
Result<std::shared_ptr<ProviderSocket>> stream_accept(EngineHost& host, TcpIpSocket& listener, void* address,
                                                      int* address_length);
int stream_shutdown(EngineHost& host, TcpIpSocket& s, int how);
int stream_send(EngineHost& host, TcpIpSocket& s, std::span<const IoBuffer> buffers, std::uint32_t flags,
                std::size_t* sent);
int stream_receive(EngineHost& host, TcpIpSocket& s, std::span<const IoBuffer> buffers, std::uint32_t* flags,
                   std::size_t* received);
/// Records the outcome of a finished connect: SO_ERROR (a failed non-blocking
/// connect's error, 0 after any success) and the connect time.
void settle_connect(TcpIpSocket& s);
Readiness stream_readiness(TcpIpSocket& s);

}  // namespace sluice::provider
