// TcpIpProvider: socket calls of UDP, raw and TCP IPv4 sockets on one
// engine. Rules: tcpip_provider.hpp; option handling: tcpip_options.cpp;
// stream sockets' calls: tcpip_stream.cpp (dispatched from here by kind).
#include <sluice/provider/tcpip_provider.hpp>

#include "blocking_call.hpp"
#include "io_buffers.hpp"
#include "tcpip_socket.hpp"

#include <sluice/provider/sockaddr.hpp>
#include <sluice/provider/socket_errors.hpp>
#include <sluice/provider/wsa_constants.hpp>
#include <sluice/provider/wsa_options.hpp>

#include <chrono>
#include <cstring>
#include <vector>

namespace sluice::provider {
namespace {

TcpIpSocket& as_tcpip(ProviderSocket& s) { return static_cast<TcpIpSocket&>(s); }

SocketKind kind_of(int type) {
    if (type == sock::dgram) return SocketKind::datagram;
    if (type == sock::raw) return SocketKind::raw;
    return SocketKind::stream;
}

/// One attempt of a receive, on the engine.
struct ReceiveAttempt {
    int error = 0;
    std::size_t copied = 0;
    bool truncated = false;
    stack::Endpoint from;
    bool non_blocking = false;
    std::uint32_t timeout_ms = 0;
};

ReceiveAttempt try_receive(TcpIpSocket& s, std::span<const IoBuffer> buffers, bool peek,
                           std::vector<std::byte>& scratch) {
    ReceiveAttempt a;
    a.non_blocking = s.options.non_blocking;
    a.timeout_ms = s.options.receive_timeout_ms;
    if (s.closed) {
        a.error = err::wsaeintr;
        return a;
    }
    if (s.udp != nullptr && !s.udp->local()) {
        a.error = err::wsaeinval;  // WS-IO-46: receive on an unbound socket
        return a;
    }
    if (s.shut_receive) {
        a.error = err::wsaeshutdown;  // WS-IO-35
        return a;
    }
    const bool single = buffers.size() == 1;
    const wire::MutableBytes target = receive_target(buffers, scratch);
    stack::ReceivedDatagram got;
    const stack::SocketError e = s.udp != nullptr ? s.udp->receive(target, got, peek) : s.raw->receive(target, got, peek);
    if (e == stack::SocketError::message_too_long) a.truncated = true;
    a.error = wsa_error(e);
    a.copied = got.copied;
    a.from = got.from;
    if (!single && (e == stack::SocketError::none || a.truncated)) scatter(buffers, scratch, got.copied);
    return a;
}

}  // namespace

Result<std::shared_ptr<ProviderSocket>> TcpIpProvider::socket(const SocketIdentity& identity) {
    using R = Result<std::shared_ptr<ProviderSocket>>;
    if (identity.af != af::inet) return R::failure(err::wsaeafnosupport);  // IPv6: its own issue
    auto s = std::make_shared<TcpIpSocket>(identity, kind_of(identity.type));
    const bool ok = host_.run([&](stack::Engine& engine, stack::Instant now) {
        if (s->kind == SocketKind::datagram) s->udp = engine.udp().open();
        if (s->kind == SocketKind::raw) s->raw = engine.raw().open(static_cast<std::uint8_t>(identity.protocol));
        if (s->kind == SocketKind::stream) {
            s->tcp = engine.tcp().open();
            apply_stream_options(*s, now);
        }
        return s->udp != nullptr || s->raw != nullptr || s->tcp != nullptr;
    });
    if (!ok) return R::failure(err::wsaenobufs);
    return std::shared_ptr<ProviderSocket>(std::move(s));
}

int TcpIpProvider::close(ProviderSocket& ps) {
    TcpIpSocket& s = as_tcpip(ps);
    const int result = host_.run([&](stack::Engine& engine, stack::Instant now) {
        if (s.closed) return err::wsaenotsock;
        s.closed = true;
        if (s.udp != nullptr) engine.udp().close(std::exchange(s.udp, nullptr));
        if (s.raw != nullptr) engine.raw().close(std::exchange(s.raw, nullptr));
        // SO_LINGER {1, 0}: abortive (RST); otherwise graceful (FIN).
        const bool abortive = s.options.linger_on != 0 && s.options.linger_seconds == 0;
        if (s.tcp != nullptr) engine.tcp().close(std::exchange(s.tcp, nullptr), abortive, now);
        return 0;
    });
    host_.notify();  // blocked callers re-check and see `closed`
    return result;
}

int TcpIpProvider::bind(ProviderSocket& ps, const void* name, int name_length) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        if (s.local()) return err::wsaeinval;  // WS-BIND-32
        const Result<stack::Endpoint> local = read_sockaddr_in(name, name_length);
        if (!local.ok()) return local.error();
        stack::SocketError e;
        if (s.udp != nullptr) {
            e = s.udp->bind(local.value());
        } else if (s.tcp != nullptr) {
            e = s.tcp->bind(local.value());
        } else {
            e = s.raw->bind(local.value().address);
        }
        return wsa_error(e);
    });
}

int TcpIpProvider::connect(ProviderSocket& ps, const void* name, int name_length) {
    TcpIpSocket& s = as_tcpip(ps);
    if (s.kind == SocketKind::stream) return stream_connect(host_, s, name, name_length);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        // WS-IO-48: AF_UNSPEC dissolves the association (as 0.0.0.0:0 does).
        const Result<stack::Endpoint> remote = is_unspecified_family(name, name_length)
                                                   ? Result<stack::Endpoint>(stack::Endpoint{})
                                                   : read_sockaddr_in(name, name_length);
        if (!remote.ok()) return remote.error();
        const stack::SocketError e =
            s.udp != nullptr ? s.udp->connect(remote.value()) : s.raw->connect(remote.value().address);
        return wsa_error(e);
    });
}

int TcpIpProvider::listen(ProviderSocket& ps, int backlog) {
    TcpIpSocket& s = as_tcpip(ps);
    if (s.kind != SocketKind::stream) return err::wsaeopnotsupp;  // WS-BIND-11
    return stream_listen(host_, s, backlog);
}

Result<std::shared_ptr<ProviderSocket>> TcpIpProvider::accept(ProviderSocket& ps, void* address, int* address_length) {
    TcpIpSocket& s = as_tcpip(ps);
    if (s.kind != SocketKind::stream) return Result<std::shared_ptr<ProviderSocket>>::failure(err::wsaeopnotsupp);
    return stream_accept(host_, s, address, address_length);
}

int TcpIpProvider::shutdown(ProviderSocket& ps, int how) {
    TcpIpSocket& s = as_tcpip(ps);
    if (how != sd::receive && how != sd::send && how != sd::both) return err::wsaeinval;  // WS-IO-31
    if (s.kind == SocketKind::stream) return stream_shutdown(host_, s, how);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        if (how != sd::send) s.shut_receive = true;  // WS-IO-35: no connection needed
        if (how != sd::receive) s.shut_send = true;
        return 0;
    });
}

int TcpIpProvider::send_to(ProviderSocket& ps, std::span<const IoBuffer> buffers, std::uint32_t flags,
                           const void* to, int to_length, std::size_t* sent) {
    TcpIpSocket& s = as_tcpip(ps);
    // WS-IO-49: a stream socket ignores the destination (and leaves it alone).
    if (s.kind == SocketKind::stream) return stream_send(host_, s, buffers, flags, sent);
    if ((flags & msg::oob) != 0) return err::wsaeopnotsupp;  // no urgent data on datagrams
    std::vector<std::byte> scratch;
    return host_.run([&](stack::Engine&, stack::Instant now) {
        if (s.closed) return err::wsaenotsock;
        if (s.shut_send) return err::wsaeshutdown;  // WS-IO-35
        std::optional<stack::Endpoint> destination;
        if (to != nullptr) {
            const Result<stack::Endpoint> parsed = read_sockaddr_in(to, to_length);
            if (!parsed.ok()) return parsed.error();
            destination = parsed.value();
        } else {
            const bool connected = s.udp != nullptr ? s.udp->remote().has_value() : s.raw->remote().has_value();
            if (!connected) return err::wsaenotconn;  // WS-IO-46
        }
        const wire::Bytes data = gather(buffers, scratch);
        stack::SocketError e;
        if (s.udp != nullptr) {
            e = s.udp->send_to(destination, data, now);
        } else {
            std::optional<wire::Ipv4Addr> address;
            if (destination) address = destination->address;
            e = s.raw->send_to(address, data, now);
        }
        if (e == stack::SocketError::none) *sent = data.size();
        return wsa_error(e);
    });
}

int TcpIpProvider::receive_from(ProviderSocket& ps, std::span<const IoBuffer> buffers, std::uint32_t* flags,
                                void* from, int* from_length, std::size_t* received) {
    TcpIpSocket& s = as_tcpip(ps);
    // WS-IO-03/49: a stream socket leaves from and from_length untouched.
    if (s.kind == SocketKind::stream) return stream_receive(host_, s, buffers, flags, received);
    const std::uint32_t in_flags = flags != nullptr ? *flags : 0;
    if ((in_flags & msg::oob) != 0) return err::wsaeopnotsupp;
    // WS-IO-10: a from buffer too small fails before anything is consumed.
    if (from != nullptr && (from_length == nullptr || *from_length < kSockaddrInSize)) return err::wsaefault;
    const bool peek = (in_flags & msg::peek) != 0;
    std::vector<std::byte> scratch;
    ReceiveAttempt last;
    const int e = run_blocking(host_, s, [&](stack::Engine&, stack::Instant) {
        last = try_receive(s, buffers, peek, scratch);
        if (last.error == err::wsaewouldblock) return Step::blocked(last.non_blocking, last.timeout_ms);  // WS-IO-41
        return Step::done(last.error);
    });
    if (e == 0 || (e == err::wsaemsgsize && last.truncated)) {
        *received = last.copied;
        if (flags != nullptr) *flags = last.truncated ? msg::partial : 0;
        if (from != nullptr) write_sockaddr_in(last.from, from, from_length);
    }
    return e;
}

int TcpIpProvider::get_option(ProviderSocket& ps, int level, int name, void* value, int* length) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        if (s.kind == SocketKind::stream) settle_connect(s);  // SO_ERROR, SO_CONNECT_TIME
        return get_tcpip_option(s, level, name, value, length);
    });
}

int TcpIpProvider::set_option(ProviderSocket& ps, int level, int name, const void* value, int length) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant now) {
        if (s.closed) return err::wsaenotsock;
        const int e = set_tcpip_option(s, level, name, value, length);
        if (e == 0 && s.tcp != nullptr) apply_stream_options(s, now);
        return e;
    });
}

int TcpIpProvider::ioctl(ProviderSocket& ps, std::uint32_t command, std::uint32_t* argument) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        if (command != ioctl_cmd::fionbio && command != ioctl_cmd::fionread && command != ioctl_cmd::siocatmark) {
            return err::wsaeinval;
        }
        if (argument == nullptr) return err::wsaefault;
        if (command == ioctl_cmd::fionbio) {
            s.options.non_blocking = *argument != 0;
        } else if (command == ioctl_cmd::fionread) {
            // Windows: all pending data, although one receive returns one datagram.
            std::size_t pending = 0;
            if (s.udp != nullptr) pending = s.udp->queued_payload_bytes();
            if (s.raw != nullptr) pending = s.raw->queued_payload_bytes();
            if (s.tcp != nullptr) pending = s.tcp->readable_bytes();
            *argument = static_cast<std::uint32_t>(std::min<std::size_t>(pending, 0xFFFFFFFFu));
        } else {
            // SIOCATMARK: TRUE unless urgent data waits to be read: with
            // MSG_OOB, or inline after SO_OOBINLINE was turned on (WS-SEL-34).
            *argument = s.tcp != nullptr && s.tcp->urgent_unread() ? 0 : 1;
        }
        return 0;
    });
}

int TcpIpProvider::local_name(ProviderSocket& ps, void* name, int* name_length) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        const std::optional<stack::Endpoint> local = s.local();
        if (!local) return err::wsaeinval;  // WS-BIND-19, WS-IO-21
        return write_sockaddr_in(*local, name, name_length);
    });
}

int TcpIpProvider::peer_name(ProviderSocket& ps, void* name, int* name_length) {
    TcpIpSocket& s = as_tcpip(ps);
    return host_.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        const std::optional<stack::Endpoint> remote = s.remote();
        if (!remote) return err::wsaenotconn;  // WS-BIND-29/30: before the pointers
        return write_sockaddr_in(*remote, name, name_length);
    });
}

void TcpIpProvider::readiness(std::span<ProviderSocket* const> sockets, std::span<Readiness> out) {
    host_.run([&](stack::Engine&, stack::Instant) {
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            TcpIpSocket& s = as_tcpip(*sockets[i]);
            Readiness r;
            if (!s.closed && s.kind == SocketKind::stream) {
                r = stream_readiness(s);
            } else if (!s.closed) {
                r.readable = r.poll_readable = (s.udp != nullptr ? s.udp->readable() : s.raw->readable()) || s.shut_receive;
                r.writable = r.poll_writable = !s.shut_send;
            }
            out[i] = r;
        }
    });
}

}  // namespace sluice::provider
