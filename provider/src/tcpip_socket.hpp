// TcpIpSocket: the TCP/IP provider's state behind one SOCKET (private to
// provider/src). Everything mutable here is touched only inside
// EngineHost::run() closures, i.e. with exclusive access to the engine, so it
// needs no lock of its own.
//
// Kinds: a datagram socket owns a stack UdpSocket, a raw socket a stack
// RawSocket, a stream socket a stack TcpSocket (each created on the engine at
// WSASocket time and released by close). Stream sockets bind, report their
// names and options, and behave as the unconnected sockets they are (send,
// recv, shutdown, getpeername: WSAENOTCONN); connect, listen and accept are
// the TCP issue's and answer WSAEOPNOTSUPP until then.
#pragma once

#include <sluice/provider/spi.hpp>
#include <sluice/stack/raw/raw.hpp>
#include <sluice/stack/tcp/tcp.hpp>
#include <sluice/stack/udp/udp.hpp>

#include <cstdint>
#include <map>

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
    /// The connected peer, if any (stream sockets: none until TCP lands).
    std::optional<stack::Endpoint> remote() const {
        if (udp != nullptr) return udp->remote();
        if (raw != nullptr && raw->remote()) return stack::Endpoint{*raw->remote(), 0};
        return std::nullopt;
    }
};

/// Option handling (tcpip_options.cpp): getsockopt/setsockopt on `s`, run on
/// the engine. 0 or a WSAE* code.
int get_tcpip_option(TcpIpSocket& s, int level, int name, void* value, int* length);
int set_tcpip_option(TcpIpSocket& s, int level, int name, const void* value, int length);

}  // namespace sluice::provider
