// TcpLayer and TcpSocket: stream sockets and their binding. Scope and
// invariants: tcp.hpp.
#include <sluice/stack/tcp/tcp.hpp>

namespace sluice::stack {

SocketError TcpSocket::bind(Endpoint local) { return layer_.bind(*this, local); }

TcpLayer::TcpLayer(StackContext& ctx, std::uint32_t ephemeral_seed) : ctx_(ctx), ports_(ephemeral_seed) {}

TcpLayer::~TcpLayer() {
    for (TcpSocket* s : sockets_) delete s;
}

TcpSocket* TcpLayer::open() {
    auto* s = new TcpSocket(*this);
    sockets_.insert(s);
    return s;
}

void TcpLayer::close(TcpSocket* socket) {
    if (sockets_.erase(socket) == 0) return;
    if (socket->local_) ports_.unbind(socket, *socket->local_);
    delete socket;
}

SocketError TcpLayer::bind(TcpSocket& socket, Endpoint local) {
    return bind_endpoint(ports_, &socket, socket.local_, local, socket.bind_options_, ctx_.is_local(local.address));
}

}  // namespace sluice::stack
