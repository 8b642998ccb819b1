// Stream (TCP) sockets of the TCP/IP provider: connect, listen, accept,
// send, recv, shutdown and readiness, on the stack's TcpSocket.
//
// Spec: shared/spec/winsock-behaviour.md, summary rules 6-9 and 15; WS-BIND
// (connect/listen/accept), WS-IO-28..33 and 44 (shutdown, reset), WS-SEL
// (readiness). Windows' answers, in brief:
//  - connect: on a listener WSAEINVAL; while one is in progress WSAEALREADY;
//    once connected WSAEISCONN; non-blocking WSAEWOULDBLOCK, the outcome
//    then shows in select/WSAPoll and SO_ERROR (a failure stays there until a
//    successful connect; a blocking failure is returned and leaves SO_ERROR
//    as it was, WS-SEL-26).
//  - listen: datagram WSAEOPNOTSUPP, unbound WSAEINVAL, connected WSAEISCONN.
//  - accept: datagram WSAEOPNOTSUPP, not listening WSAEINVAL, an address
//    buffer whose length is below sizeof(sockaddr_in) WSAEFAULT (nothing
//    consumed); (&addr, NULL) succeeds without writing. The accepted socket
//    inherits the listener's identity and options (WS-OPT-26).
//  - send: blocking sends everything (waiting for buffer space, SO_SNDTIMEO);
//    non-blocking is all or WSAEWOULDBLOCK (summary rule 15), except that a
//    buffer larger than the whole send buffer could never go in one piece: it
//    is sent partially (what fits now), so the caller makes progress. Windows
//    instead takes any size into a non-full buffer (WS-IO-51); sluice's send
//    buffer holds mbufs and is bounded.
//  - recv: 0 at end of stream (sticky), MSG_PEEK, WSAECONNRESET after a reset
//    (rule 9), WSAESHUTDOWN after shutdown(SD_RECEIVE), WSAENOTCONN while
//    unconnected or connecting, MSG_WAITALL on a blocking socket.
//  - urgent data: send(MSG_OOB) marks the data urgent; without SO_OOBINLINE
//    each urgent byte leaves the stream and is read with recv(MSG_OOB), one
//    at a time; with it, recv(MSG_OOB) is WSAEINVAL (WS-SEL-21, 33).
// Invariants: everything touching the TcpSocket runs inside EngineHost::run;
// a closed socket's attempt answers WSAEINTR (run_blocking turns the first
// one into WSAENOTSOCK).
#include "blocking_call.hpp"
#include "io_buffers.hpp"
#include "tcpip_socket.hpp"

#include <sluice/provider/sockaddr.hpp>
#include <sluice/provider/socket_errors.hpp>
#include <sluice/provider/wsa_options.hpp>
#include <sluice/stack/tcp/connection.hpp>

namespace sluice::provider {
namespace {

using stack::SocketError;

bool connect_failed(const stack::TcpSocket& t) {
    return !t.was_connected() && !t.connect_pending() && t.failure() != SocketError::none;
}

/// Errors a connect can end with asynchronously (they arrive as failure()).
bool is_connect_outcome(SocketError e) {
    return e == SocketError::connection_refused || e == SocketError::timed_out ||
           e == SocketError::network_unreachable || e == SocketError::connection_reset;
}

int connect_state_error(const stack::TcpSocket& t) {
    if (t.is_listener()) return err::wsaeinval;          // WS-BIND-23
    if (t.connect_pending()) return err::wsaealready;    // WS-BIND-35
    if (t.was_connected()) return err::wsaeisconn;       // WS-BIND-25, WS-IO-31
    return 0;
}

/// The first step of connect, on the engine: checks, then the SYN.
Step start_connect(TcpIpSocket& s, const void* name, int name_length, stack::Instant now) {
    if (s.closed) return Step::done(err::wsaeintr);
    settle_connect(s);  // an earlier attempt's outcome, before the stack forgets it
    if (const int e = connect_state_error(*s.tcp); e != 0) return Step::done(e);
    const Result<stack::Endpoint> remote = read_sockaddr_in(name, name_length);
    if (!remote.ok()) return Step::done(remote.error());
    const SocketError e = s.tcp->connect(remote.value(), now);
    if (e != SocketError::none && !(e == s.tcp->failure() && is_connect_outcome(e))) return Step::done(wsa_error(e));
    s.connect_in_progress = true;
    return Step::blocked(s.options.non_blocking, 0);
}

/// A blocking connect's later steps: done once the handshake ended.
Step finish_connect(TcpIpSocket& s) {
    if (s.closed) return Step::done(err::wsaeintr);
    const stack::TcpSocket& t = *s.tcp;
    if (t.connect_pending()) return Step::blocked(false, 0);
    const bool ok = t.was_connected();
    const SocketError failure = t.failure();
    if (ok) settle_connect(s);
    s.connect_in_progress = false;  // a blocking failure is returned, not stored (WS-SEL-26)
    if (ok) return Step::done(0);
    return Step::done(failure != SocketError::none ? wsa_error(failure) : err::wsaeconnaborted);
}

/// accept's address checks (WS-BIND-18, WS-ACC-02): before anything is taken.
bool address_buffer_ok(const void* address, const int* address_length) {
    return address == nullptr || address_length == nullptr || *address_length >= kSockaddrInSize;
}

std::shared_ptr<TcpIpSocket> adopt(TcpIpSocket& listener, stack::TcpSocket* child, stack::Instant now) {
    auto s = std::make_shared<TcpIpSocket>(listener.identity(), SocketKind::stream);
    s->tcp = child;
    s->options = listener.options;  // WS-OPT-26 (FIONBIO too, as Windows)
    s->options.stored_error = 0;
    s->connected_since = std::chrono::steady_clock::now();
    apply_stream_options(*s, now);
    return s;
}

Step try_accept(TcpIpSocket& listener, void* address, int* address_length, std::shared_ptr<TcpIpSocket>& out,
                stack::Instant now) {
    if (listener.closed) return Step::done(err::wsaeintr);
    if (!listener.tcp->is_listener()) return Step::done(err::wsaeinval);
    if (!address_buffer_ok(address, address_length)) return Step::done(err::wsaefault);
    stack::TcpSocket* child = listener.tcp->accept();
    if (child == nullptr) return Step::blocked(listener.options.non_blocking, 0);
    out = adopt(listener, child, now);
    if (address != nullptr && address_length != nullptr && child->remote())
        (void)write_sockaddr_in(*child->remote(), address, address_length);
    return Step::done(0);
}

/// Whether a non-blocking send must take all of `size` or nothing: unless it
/// could never fit in the send buffer (see the file comment).
bool all_or_nothing(const TcpIpSocket& s, std::size_t size) {
    return s.options.non_blocking && size <= s.tcp->options().send_buffer;
}

/// One round of a send: moves what it may of `data` from `*done` on.
Step try_send(TcpIpSocket& s, wire::Bytes data, bool urgent, std::size_t* done, stack::Instant now) {
    if (s.closed) return Step::done(err::wsaeintr);
    if (data.empty()) return Step::done(wsa_error(s.tcp->send(data, false, now).error));
    const stack::TcpIo io = s.tcp->send(data.subspan(*done), all_or_nothing(s, data.size()), now, urgent);
    *done += io.bytes;
    if (io.error != SocketError::none && io.error != SocketError::would_block) return Step::done(wsa_error(io.error));
    if (*done == data.size()) return Step::done(0);
    if (s.options.non_blocking && *done != 0) return Step::done(0);  // the partial case
    return Step::blocked(s.options.non_blocking, s.options.send_timeout_ms);
}

/// One round of a receive into `target` from `*done` on. `wait_all`
/// (MSG_WAITALL) keeps a blocking receive going until `target` is full.
Step try_receive(TcpIpSocket& s, wire::MutableBytes target, bool peek, bool wait_all, std::size_t* done,
                 stack::Instant now) {
    if (s.closed) return Step::done(err::wsaeintr);
    const stack::TcpIo io = s.tcp->receive(target.subspan(*done), peek, now);
    *done += io.bytes;
    const bool more = wait_all && io.bytes != 0 && *done < target.size();
    if (io.error == SocketError::would_block || more) {
        if (*done != 0 && !wait_all) return Step::done(0);
        return Step::blocked(s.options.non_blocking, s.options.receive_timeout_ms);
    }
    if (io.error != SocketError::none && *done == 0) return Step::done(wsa_error(io.error));
    return Step::done(0);  // data, or 0 bytes at end of stream
}

/// recv(MSG_OOB): one urgent byte at a time (WS-SEL-33); blocks like a
/// normal receive while none has arrived.
Step try_receive_urgent(TcpIpSocket& s, wire::MutableBytes target, std::size_t* done) {
    if (s.closed) return Step::done(err::wsaeintr);
    const stack::TcpIo io = s.tcp->receive_urgent(target);
    *done = io.bytes;
    if (io.error == SocketError::would_block)
        return Step::blocked(s.options.non_blocking, s.options.receive_timeout_ms);
    return Step::done(wsa_error(io.error));
}

int check_receive_flags(const TcpIpSocket& s, std::uint32_t flags) {
    // WS-SEL-21: with SO_OOBINLINE urgent data is read inline; MSG_OOB is invalid.
    if ((flags & msg::oob) != 0 && s.options.oob_inline) return err::wsaeinval;
    if ((flags & msg::oob) != 0 && (flags & (msg::peek | msg::waitall)) != 0) return err::wsaeopnotsupp;
    if ((flags & msg::waitall) != 0 && ((flags & msg::peek) != 0 || s.options.non_blocking)) return err::wsaeopnotsupp;
    return 0;
}

}  // namespace

void settle_connect(TcpIpSocket& s) {
    if (!s.connect_in_progress || s.tcp == nullptr || s.tcp->connect_pending()) return;
    s.connect_in_progress = false;
    if (s.tcp->was_connected()) {
        s.options.stored_error = 0;  // WS-SEL-24: a successful connection clears SO_ERROR
        s.connected_since = std::chrono::steady_clock::now();
    } else if (s.tcp->failure() != SocketError::none) {
        s.options.stored_error = static_cast<std::uint32_t>(wsa_error(s.tcp->failure()));  // WS-SEL-23
    }
}

int stream_connect(EngineHost& host, TcpIpSocket& s, const void* name, int name_length) {
    bool started = false;
    return run_blocking(host, s, [&](stack::Engine&, stack::Instant now) {
        if (started) return finish_connect(s);
        started = true;
        return start_connect(s, name, name_length, now);
    });
}

int stream_listen(EngineHost& host, TcpIpSocket& s, int backlog) {
    return host.run([&](stack::Engine&, stack::Instant) {
        if (s.closed) return err::wsaenotsock;
        if (!s.local()) return err::wsaeinval;  // WS-BIND-12: no implicit bind
        return wsa_error(s.tcp->listen(backlog));
    });
}

Result<std::shared_ptr<ProviderSocket>> stream_accept(EngineHost& host, TcpIpSocket& listener, void* address,
                                                      int* address_length) {
    std::shared_ptr<TcpIpSocket> accepted;
    const int e = run_blocking(host, listener, [&](stack::Engine&, stack::Instant now) {
        return try_accept(listener, address, address_length, accepted, now);
    });
    if (e != 0) return Result<std::shared_ptr<ProviderSocket>>::failure(e);
    return std::shared_ptr<ProviderSocket>(std::move(accepted));
}

int stream_shutdown(EngineHost& host, TcpIpSocket& s, int how) {
    return host.run([&](stack::Engine&, stack::Instant now) {
        if (s.closed) return err::wsaenotsock;
        if (!s.tcp->was_connected()) return err::wsaenotconn;  // WS-IO-28: unconnected, connecting, listening
        if (how != sd::send) {
            s.tcp->shutdown_receive();
            s.shut_receive = true;
        }
        if (how != sd::receive) {
            s.shut_send = true;
            return wsa_error(s.tcp->shutdown_send(now));  // idempotent (WS-IO-29)
        }
        return 0;
    });
}

int stream_send(EngineHost& host, TcpIpSocket& s, std::span<const IoBuffer> buffers, std::uint32_t flags,
                std::size_t* sent) {
    const bool urgent = (flags & msg::oob) != 0;  // MSG_OOB: the urgent pointer marks the end of this data
    std::vector<std::byte> scratch;
    const wire::Bytes data = gather(buffers, scratch);
    std::size_t done = 0;
    const int e = run_blocking(host, s, [&](stack::Engine&, stack::Instant now) {
        return try_send(s, data, urgent, &done, now);
    });
    if (e == 0) *sent = done;
    return e;
}

int stream_receive(EngineHost& host, TcpIpSocket& s, std::span<const IoBuffer> buffers, std::uint32_t* flags,
                   std::size_t* received) {
    const std::uint32_t in_flags = flags != nullptr ? *flags : 0;
    std::vector<std::byte> scratch;
    const wire::MutableBytes target = receive_target(buffers, scratch);
    const bool peek = (in_flags & msg::peek) != 0;
    const bool wait_all = (in_flags & msg::waitall) != 0;
    std::size_t done = 0;
    bool first = true;
    const int e = run_blocking(host, s, [&](stack::Engine&, stack::Instant now) {
        const int flag_error = first && !s.closed ? check_receive_flags(s, in_flags) : 0;
        first = false;
        if (flag_error != 0) return Step::done(flag_error);
        if ((in_flags & msg::oob) != 0) return try_receive_urgent(s, target, &done);
        return try_receive(s, target, peek, wait_all, &done, now);
    });
    if (e != 0) return e;
    if (buffers.size() != 1) scatter(buffers, scratch, done);
    *received = done;
    if (flags != nullptr) *flags = 0;
    return 0;
}

// WS-SEL-17..26, 75..84 and 87 (summary rules 9-11): select's and WSAPoll's
// views differ on stream sockets. A FIN is select-readable but POLLHUP, not
// POLLRDNORM; a reset is readable+writable for select, POLLERR|POLLHUP|
// POLLWRNORM for WSAPoll; a failed connect is in exceptfds only, and
// POLLERR|POLLHUP|POLLWRNORM.
Readiness stream_readiness(TcpIpSocket& s) {
    settle_connect(s);
    const stack::TcpSocket& t = *s.tcp;
    Readiness r;
    if (connect_failed(t)) {
        r.exceptional = r.error = r.hangup = r.poll_writable = true;  // WS-SEL-23/25/26, 83/84
    }
    if (t.is_listener()) {
        r.readable = r.poll_readable = t.accept_queue_size() != 0;  // WS-SEL-17, 75
        return r;
    }
    if (!t.was_connected()) return r;  // unconnected or connecting: nothing (WS-SEL-07)
    if (t.failure() != SocketError::none) {
        r.readable = r.writable = r.poll_writable = r.error = r.hangup = true;  // WS-SEL-87
        return r;
    }
    const bool fin = t.connection() != nullptr && t.connection()->fin_received();
    r.readable = t.readable();
    r.poll_readable = t.readable_bytes() != 0;  // WS-SEL-79/81: a FIN alone is POLLHUP
    r.hangup = fin;
    r.writable = r.poll_writable = t.writable();
    // Urgent data (SO_OOBINLINE off): select's exceptfds, WSAPoll's
    // POLLRDBAND (WS-SEL-20, WS-SEL-33).
    r.exceptional = r.poll_urgent = t.urgent_pending();
    return r;
}

}  // namespace sluice::provider
