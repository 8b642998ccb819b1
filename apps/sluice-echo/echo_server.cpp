// EchoServer: UDP and TCP echo on one WSAPoll loop. See echo_server.hpp.
#include "echo_server.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace sluice::apps {

namespace {

/// A TCP connection's echo chunk: what it reads at once, and so the most it
/// holds unsent (within Windows' default SO_SNDBUF, so one send fits).
constexpr int kTcpChunk = 32768;

[[noreturn]] void fail(const char* call, int error) {
    throw std::runtime_error(std::string(call) + " failed with error " + std::to_string(error));
}

void make_non_blocking(SOCKET s) {
    u_long on = 1;
    if (ioctlsocket(s, FIONBIO, &on) == SOCKET_ERROR) fail("ioctlsocket(FIONBIO)", WSAGetLastError());
}

SOCKET bound_socket(int type, int protocol, std::uint16_t port) {
    const SOCKET s = socket(AF_INET, type, protocol);
    if (s == INVALID_SOCKET) fail("socket", WSAGetLastError());
    make_non_blocking(s);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(port);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, reinterpret_cast<const sockaddr*>(&local), sizeof local) == SOCKET_ERROR)
        fail("bind", WSAGetLastError());
    return s;
}

/// UDP receive errors after which the socket goes on working.
bool transient_receive_error(int error) {
    return error == WSAEINTR || error == WSAECONNRESET || error == WSAENETRESET || error == WSAEMSGSIZE;
}

/// UDP send errors that lose one echo, not the server.
bool transient_send_error(int error) {
    return error == WSAENOBUFS || error == WSAEWOULDBLOCK || error == WSAEHOSTUNREACH || error == WSAENETUNREACH ||
           error == WSAENETDOWN || error == WSAECONNRESET || error == WSAEMSGSIZE || error == WSAEADDRNOTAVAIL;
}

}  // namespace

EchoServer::EchoServer(std::uint16_t udp_port, std::uint16_t tcp_port) : buffer_(65536) {
    udp_ = bound_socket(SOCK_DGRAM, IPPROTO_UDP, udp_port);
    listener_ = bound_socket(SOCK_STREAM, IPPROTO_TCP, tcp_port);
    if (listen(listener_, SOMAXCONN) == SOCKET_ERROR) fail("listen", WSAGetLastError());
}

EchoServer::~EchoServer() {
    for (Connection& c : connections_) closesocket(c.socket);
    if (listener_ != INVALID_SOCKET) closesocket(listener_);
    if (udp_ != INVALID_SOCKET) closesocket(udp_);
}

void EchoServer::run_once(int timeout_ms) {
    std::vector<WSAPOLLFD> fds;
    fds.push_back({udp_, POLLRDNORM, 0});
    fds.push_back({listener_, POLLRDNORM, 0});
    for (const Connection& c : connections_) {
        const short want = c.pending.empty() ? (c.peer_done ? short{0} : short{POLLRDNORM}) : short{POLLWRNORM};
        fds.push_back({c.socket, want, 0});
    }
    const int ready = WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), timeout_ms);
    if (ready == SOCKET_ERROR) fail("WSAPoll", WSAGetLastError());
    if (ready == 0) return;
    if (fds[0].revents != 0) serve_udp();
    std::vector<Connection> still_open;
    for (std::size_t i = 0; i < connections_.size(); ++i) {
        Connection& c = connections_[i];
        if (fds[i + 2].revents == 0 || serve(c, fds[i + 2].revents)) still_open.push_back(std::move(c));
    }
    connections_ = std::move(still_open);
    if (fds[1].revents != 0) accept_all();
}

// RFC 862: "send back any data it receives". At most 64 datagrams a round, so
// TCP connections get their turn under a UDP flood.
void EchoServer::serve_udp() {
    for (int i = 0; i < 64; ++i) {
        sockaddr_in from{};
        int from_length = sizeof from;
        const int n = recvfrom(udp_, buffer_.data(), static_cast<int>(buffer_.size()), 0,
                               reinterpret_cast<sockaddr*>(&from), &from_length);
        if (n == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) return;
            if (!transient_receive_error(error)) fail("recvfrom", error);
            if (error == WSAECONNRESET || error == WSAENETRESET) ++counters_.resets;
            if (error == WSAEMSGSIZE) ++counters_.truncated;
            continue;
        }
        if (sendto(udp_, buffer_.data(), n, 0, reinterpret_cast<const sockaddr*>(&from), from_length) == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (!transient_send_error(error)) fail("sendto", error);
            if (counters_.send_errors++ < 10) std::fprintf(stderr, "sluice-echo: sendto: error %d (echo lost)\n", error);
            continue;
        }
        ++counters_.datagrams;
        counters_.bytes += static_cast<unsigned long long>(n);
    }
}

void EchoServer::accept_all() {
    for (;;) {
        const SOCKET s = accept(listener_, nullptr, nullptr);
        if (s == INVALID_SOCKET) {
            const int error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) return;
            if (error == WSAECONNRESET) continue;  // withdrawn before we got to it
            fail("accept", error);
        }
        make_non_blocking(s);  // accepted sockets inherit it on Windows; be explicit
        ++counters_.tcp_connections;
        connections_.push_back({s, {}, false});
    }
}

bool EchoServer::serve(Connection& c, short revents) {
    if ((revents & POLLWRNORM) != 0 && !flush(c)) return false;
    if ((revents & (POLLRDNORM | POLLHUP | POLLERR)) != 0 && c.pending.empty() && !c.peer_done && !read_some(c))
        return false;
    if (c.peer_done && c.pending.empty()) {
        finish(c, true);
        return false;
    }
    return true;
}

bool EchoServer::read_some(Connection& c) {
    c.pending.resize(kTcpChunk);
    const int n = recv(c.socket, c.pending.data(), kTcpChunk, 0);
    if (n == SOCKET_ERROR) {
        c.pending.clear();
        const int error = WSAGetLastError();
        if (error == WSAEWOULDBLOCK) return true;
        finish(c, false);
        return false;
    }
    c.pending.resize(static_cast<std::size_t>(n));
    if (n == 0) c.peer_done = true;
    return c.pending.empty() || flush(c);
}

// A non-blocking send on Windows takes everything or nothing (WSAEWOULDBLOCK).
bool EchoServer::flush(Connection& c) {
    const int n = send(c.socket, c.pending.data(), static_cast<int>(c.pending.size()), 0);
    if (n == SOCKET_ERROR) {
        const int error = WSAGetLastError();
        if (error == WSAEWOULDBLOCK) return true;
        finish(c, false);
        return false;
    }
    counters_.tcp_bytes += static_cast<unsigned long long>(n);
    c.pending.erase(c.pending.begin(), c.pending.begin() + n);
    return true;
}

/// The peer half-closed and everything is echoed: half-close too, then a
/// graceful close (the stack finishes the FIN exchange on its own).
void EchoServer::finish(Connection& c, bool completed) {
    if (completed) shutdown(c.socket, SD_SEND);
    closesocket(c.socket);
    ++(completed ? counters_.tcp_completed : counters_.tcp_failed);
}

}  // namespace sluice::apps
