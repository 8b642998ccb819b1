// TCP (RFC 9293) sockets and the TCP layer of one engine.
//
// What exists today: stream sockets and their local binding — explicit bind
// with Windows' address-sharing rules (PortTable, separate from UDP's port
// space as in RFC 9293 §3.1) and ephemeral ports — so that bind and
// getsockname behave on stream sockets. The connection state machine,
// listen/accept/connect and the data path are the TCP issue's; until then the
// layer receives no segments (IPv4 has no TCP handler, so a segment to this
// engine is dropped and counted as an unknown protocol).
//
// Invariants: single-threaded (engine thread); a socket is in the port table
// exactly while it has a local endpoint; close() unbinds and destroys.
#pragma once

#include <sluice/stack/net/context.hpp>
#include <sluice/stack/socket/port_table.hpp>
#include <sluice/stack/socket/socket_types.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>

namespace sluice::stack {

class TcpLayer;

class TcpSocket {
public:
    BindOptions& bind_options() { return bind_options_; }
    const BindOptions& bind_options() const { return bind_options_; }

    /// Binds to `local` (port 0: an ephemeral port). invalid when already
    /// bound; address_not_available for a non-local address; the port
    /// table's sharing errors otherwise.
    SocketError bind(Endpoint local);
    std::optional<Endpoint> local() const { return local_; }

private:
    friend class TcpLayer;
    explicit TcpSocket(TcpLayer& layer) : layer_(layer) {}
    ~TcpSocket() = default;

    TcpLayer& layer_;
    BindOptions bind_options_;
    std::optional<Endpoint> local_;
};

class TcpLayer {
public:
    TcpLayer(StackContext& ctx, std::uint32_t ephemeral_seed = 0);
    ~TcpLayer();
    TcpLayer(const TcpLayer&) = delete;
    TcpLayer& operator=(const TcpLayer&) = delete;

    /// A new unbound socket, owned by the layer until close().
    TcpSocket* open();
    /// Unbinds and destroys the socket.
    void close(TcpSocket* socket);
    std::size_t socket_count() const { return sockets_.size(); }

private:
    friend class TcpSocket;
    SocketError bind(TcpSocket& socket, Endpoint local);

    StackContext& ctx_;
    PortTable<TcpSocket> ports_;
    std::unordered_set<TcpSocket*> sockets_;
};

}  // namespace sluice::stack
