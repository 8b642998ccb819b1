// The echo service of sluice-echo (RFC 862), on libsluice's public Winsock
// API only: one UDP socket and one TCP listener on the echo ports, every TCP
// connection echoed until its peer half-closes (then sluice-echo half-closes
// too and closes), all non-blocking and driven by one WSAPoll loop.
//
// Invariants: a connection never holds more than one unsent chunk (it stops
// reading while one waits), so memory per connection is bounded by the
// chunk; counters only grow; every socket opened is closed by the
// destructor.
#pragma once

#include <sluice/winsock2.h>

#include <cstdint>
#include <vector>

namespace sluice::apps {

struct EchoCounters {
    unsigned long long datagrams = 0;        ///< UDP datagrams echoed
    unsigned long long bytes = 0;            ///< UDP payload bytes echoed
    unsigned long long truncated = 0;        ///< larger than the buffer: not echoed
    unsigned long long resets = 0;           ///< WSAECONNRESET/WSAENETRESET on UDP receive (ICMP errors)
    unsigned long long send_errors = 0;      ///< sendto refused (transient): not echoed
    unsigned long long tcp_connections = 0;  ///< accepted
    unsigned long long tcp_bytes = 0;        ///< echoed over TCP
    unsigned long long tcp_completed = 0;    ///< ended by the peer's FIN, everything echoed
    unsigned long long tcp_failed = 0;       ///< ended by a reset or another error
};

class EchoServer {
public:
    /// Opens and binds both sockets (throws std::runtime_error naming the call).
    EchoServer(std::uint16_t udp_port, std::uint16_t tcp_port);
    ~EchoServer();
    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;

    /// One WSAPoll round (at most `timeout_ms`) and the work it found.
    void run_once(int timeout_ms);
    const EchoCounters& counters() const { return counters_; }

private:
    struct Connection {
        SOCKET socket = INVALID_SOCKET;
        std::vector<char> pending;  ///< received, not yet sent back
        bool peer_done = false;     ///< recv returned 0
    };

    void serve_udp();
    void accept_all();
    /// False when the connection is over (closed here).
    bool serve(Connection& c, short revents);
    bool read_some(Connection& c);
    bool flush(Connection& c);
    void finish(Connection& c, bool completed);

    SOCKET udp_ = INVALID_SOCKET;
    SOCKET listener_ = INVALID_SOCKET;
    std::vector<Connection> connections_;
    std::vector<char> buffer_;
    EchoCounters counters_;
};

}  // namespace sluice::apps
