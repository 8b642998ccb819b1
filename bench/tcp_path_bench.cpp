// tcp_path_bench: what sluice's TCP costs, against the bare driver (the floor)
// and against Linux kernel TCP over loopback (the thing to beat).
//
// One process, everything on one core, a crossed ring pair: client engine A
// (10.9.0.1) on port A, server engine B (10.9.0.2) on port B, both driven by
// hand. A pump polls both engines, the sending side first, with one `now`
// from stack::TscClock; durations are rte_rdtsc_precise() ticks, as in
// echo_path_bench. Rounds alternate bare / sluice / kernel so drift hits all
// three alike. Workloads:
//   tcp_rtt_64  64-byte ping-pong on one connection (client send, pump,
//               server receive and send back, pump, client receive), latency
//               profile: TcpConfig::delayed_ack = 0 and TCP_NODELAY on both
//               sockets (each data segment gets a bare ACK at once, the reply
//               follows). bare PMD: a 118-byte frame (Ethernet + IPv4 + TCP
//               headers + 64 bytes) A -> B, MACs swapped, B -> A. kernel: two
//               TCP_NODELAY sockets over 127.0.0.1, blocking write/read.
//               Metric: round trips/s (median over reps); median and p99
//               round-trip time over every round trip of every rep.
//   tcp_bulk    N MiB one way, client -> server, default profile (40 ms
//               delayed ACK, 64 KiB buffers); the server reads into a 64 KiB
//               scratch buffer. Metric: payload Gbit/s. bare PMD: 1514-byte
//               frames A -> B in bursts of 32 (alloc, copy, tx; rx, free),
//               each counted as 1448 payload bytes (the MSS with timestamps
//               on a 1500 MTU). kernel: the same bytes over 127.0.0.1 in
//               64 KiB writes and reads alternating in this one thread on
//               non-blocking sockets (no reader thread: one core, as sluice).
//   tcp_cps     connections/s: connect, accept on a listener, 64-byte request,
//               64-byte reply, graceful close by the server first (FIN after
//               the reply; the client reads end of stream and closes), so
//               TIME_WAIT stays on the server and no client port is held;
//               once sluice's 16384 ephemeral ports wrap, a SYN reopens a
//               TIME_WAIT (RFC 6191). TCP_NODELAY on both sides, default
//               delayed ACK. kernel: the same over 127.0.0.1; no bare baseline.
// Output: one JSON object per workload and line. "sluice", "bare_pmd" and
// "kernel" are in the line's metric; "memif_floor" is null (a ring pair, not
// memif); "ratio_sluice_bare" = sluice / bare_pmd and "ratio_kernel_sluice" =
// kernel / sluice of that metric (rates: under 1 in the latter means sluice
// is faster than the kernel).
//
//   bench/tcp_path_bench [EAL options] -- [--reps R] [--messages N] [--mib N]
//     [--connections N] [--quick] [--only tcp_rtt_64|tcp_bulk|tcp_cps] [--counts]
// e.g. build/bench/tcp_path_bench --no-pci --in-memory -- --quick
//
// Instructions per TCP data segment received and ACKed (deterministic; this
// VM has no cycle counters). The server engine is only ever polled through
// server_poll():
//   valgrind --tool=callgrind --toggle-collect='*server_poll*'
//     bench/tcp_path_bench --no-huge -m 512 --no-shconf --file-prefix=cg$$ --
//     --only tcp_bulk --mib 8 --reps 1 --counts      (one command line)
// then divide server_poll's inclusive Ir by the server's segments_received
// that --counts prints on stderr (data segments, warm-up included, and a
// couple of others such as the handshake's ACK). That is rx burst,
// Ethernet/IPv4/TCP input (software checksum: the ring PMD offloads none),
// the receive buffer and the ACKs (one per two full segments, delayed ACK),
// not the copy out to the application.
#include <sluice/nic/eal.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>
#include <sluice/stack/wire/ethernet.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <rte_cycles.h>
#include <rte_ether.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace sluice;
using stack::Engine;
using stack::Instant;
using stack::SocketError;
using stack::TcpSocket;

namespace {

// ---------------------------------------------------------------- options

struct Options {
    unsigned reps = 5;
    unsigned messages = 50000;      ///< round trips per rep (tcp_rtt_64)
    unsigned mib = 64;              ///< bytes per rep (tcp_bulk)
    unsigned connections = 20000;   ///< per rep (tcp_cps)
    std::string only;               ///< empty: every workload
    bool counts = false;            ///< server TCP counters on stderr
};

unsigned positive(const std::string& name, const std::string& value) {
    const unsigned long v = std::stoul(value);
    if (v == 0 || v > 100'000'000) throw std::invalid_argument(name + " must be 1..100000000");
    return static_cast<unsigned>(v);
}

Options parse(const std::vector<std::string>& args) {
    Options o;
    bool quick = false;
    std::optional<unsigned> reps, messages, mib, connections;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--quick") { quick = true; continue; }
        if (a == "--counts") { o.counts = true; continue; }
        if (i + 1 == args.size()) throw std::invalid_argument("missing value for " + a);
        const std::string& v = args[++i];
        if (a == "--reps") reps = positive(a, v);
        else if (a == "--messages") messages = positive(a, v);
        else if (a == "--mib") mib = positive(a, v);
        else if (a == "--connections") connections = positive(a, v);
        else if (a == "--only") o.only = v;
        else throw std::invalid_argument("unknown option " + a);
    }
    if (quick) o = Options{3, 2000, 4, 1000, o.only, o.counts};
    o.reps = reps.value_or(o.reps);
    o.messages = messages.value_or(o.messages);
    o.mib = mib.value_or(o.mib);
    o.connections = connections.value_or(o.connections);
    if (!o.only.empty() && o.only != "tcp_rtt_64" && o.only != "tcp_bulk" && o.only != "tcp_cps")
        throw std::invalid_argument("--only takes tcp_rtt_64, tcp_bulk or tcp_cps");
    return o;
}

// ------------------------------------------------------------- statistics

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// The p-quantile (nearest rank) of `v`.
double quantile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

/// One contestant's results over all reps.
struct Series {
    std::vector<double> rates;   ///< the workload's rate, one per rep
    std::vector<double> rtt_ns;  ///< every round trip (tcp_rtt_64 only)
};

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

std::string number_or_null(const Series* s) { return s == nullptr ? "null" : number(median(s->rates)); }

std::string ratio_or_null(const Series* num, const Series* den) {
    return num == nullptr || den == nullptr ? "null" : number(median(num->rates) / median(den->rates));
}

/// The fields every line has: the three contestants in the line's metric and the ratios.
std::string contestants_json(const Series& sluice, const Series* bare, const Series& kernel) {
    return "\"sluice\": " + number(median(sluice.rates)) + ", \"memif_floor\": null, \"bare_pmd\": " +
           number_or_null(bare) + ", \"kernel\": " + number(median(kernel.rates)) +
           ", \"ratio_sluice_bare\": " + ratio_or_null(&sluice, bare) +
           ", \"ratio_kernel_sluice\": " + ratio_or_null(&kernel, &sluice);
}

std::string rtt_json(const char* name, double (*stat)(const Series&), const Series& s, const Series& b,
                     const Series& k) {
    return std::string(", \"") + name + "\": {\"sluice\": " + number(stat(s)) + ", \"bare_pmd\": " + number(stat(b)) +
           ", \"kernel\": " + number(stat(k)) + "}";
}

// ----------------------------------------------------------------- timing

/// rte_rdtsc_precise() ticks to seconds and nanoseconds (at the TscClock's calibrated rate).
struct Ticks {
    double hz;
    double seconds(std::uint64_t ticks) const { return static_cast<double>(ticks) / hz; }
    double ns(std::uint64_t ticks) const { return static_cast<double>(ticks) * 1e9 / hz; }
};

/// Runs `trip` n times, stamping the TSC between trips; adds the rate and every trip's duration to `out`.
template <class Trip>
void time_round_trips(unsigned n, const Ticks& ticks, Series& out, Trip&& trip) {
    std::vector<std::uint64_t> stamps(n + 1);
    stamps[0] = rte_rdtsc_precise();
    for (unsigned i = 0; i < n; ++i) {
        trip();
        stamps[i + 1] = rte_rdtsc_precise();
    }
    for (unsigned i = 0; i < n; ++i) out.rtt_ns.push_back(ticks.ns(stamps[i + 1] - stamps[i]));
    out.rates.push_back(n / ticks.seconds(stamps[n] - stamps[0]));
}

/// Runs `work` once; returns `units` per second of it.
template <class Work>
double rate(double units, const Ticks& ticks, Work&& work) {
    const std::uint64_t start = rte_rdtsc_precise();
    work();
    return units / ticks.seconds(rte_rdtsc_precise() - start);
}

// ------------------------------------------------------ ring pair, engines

const wire::Ipv4Addr kClient = wire::Ipv4Addr::from_octets(10, 9, 0, 1);
const wire::Ipv4Addr kServer = wire::Ipv4Addr::from_octets(10, 9, 0, 2);
constexpr std::size_t kMessage = 64;
constexpr std::size_t kChunk = 65536;
constexpr unsigned kStallPumps = 2'000'000;  ///< pumps without the awaited progress: a stall

std::unique_ptr<nic::Port> open_port(std::uint16_t id) {
    nic::PortConfig config;
    config.port_id = id;
    config.rx_descriptors = 1024;
    config.tx_descriptors = 1024;
    config.mbufs = 16383;
    config.link_wait = std::chrono::milliseconds(0);
    return nic::Port::open(config);
}

void drain(nic::Device& device) {
    rte_mbuf* frames[32];
    std::uint16_t n;
    while ((n = device.rx_burst(frames, 32)) > 0) rte_pktmbuf_free_bulk(frames, n);
}

/// The server engine's only poll call site (the callgrind recipe toggles on it).
[[gnu::noinline]] unsigned server_poll(Engine& server, Instant now) { return server.poll(now); }

/// Two engines over the ring pair that know each other's MAC.
class Engines {
public:
    Engines(nic::Device& a, nic::Device& b, const stack::TcpConfig& tcp, const stack::TscClock& clock)
        : clock_(clock), client_(make(a, kClient, tcp)), server_(make(b, kServer, tcp)) {
        client_->arp_cache().learn(kServer, server_->interface().mac, true, clock_.now());
        server_->arp_cache().learn(kClient, client_->interface().mac, true, clock_.now());
    }

    Engine& client() { return *client_; }
    Engine& server() { return *server_; }
    Instant now() const { return clock_.now(); }

    /// Polls client then server: what the client sent arrives at the server.
    unsigned pump_to_server() {
        const Instant t = clock_.now();
        return client_->poll(t) + server_poll(*server_, t);
    }
    /// Polls server then client.
    unsigned pump_to_client() {
        const Instant t = clock_.now();
        return server_poll(*server_, t) + client_->poll(t);
    }
    /// Pumps until both engines are idle twice in a row (rings empty).
    void settle() {
        for (int idle = 0; idle < 2;) idle = pump_to_server() == 0 ? idle + 1 : 0;
    }

private:
    std::unique_ptr<Engine> make(nic::Device& device, wire::Ipv4Addr address, const stack::TcpConfig& tcp) {
        stack::EngineConfig config;
        config.address = {address, 24};
        config.tcp = tcp;
        return std::make_unique<Engine>(device, config, clock_.now());
    }

    const stack::TscClock& clock_;
    std::unique_ptr<Engine> client_, server_;
};

/// The ring pair and its two ports, for the whole run.
struct Testbed {
    Testbed() : pair(nic::create_ring_pair("tcpbench")), a(open_port(pair.a)), b(open_port(pair.b)) {}
    ~Testbed() {
        a.reset();
        b.reset();
        nic::destroy_ring_pair(pair);
    }
    Testbed(const Testbed&) = delete;
    Testbed& operator=(const Testbed&) = delete;

    nic::Device& dev_a() { return a->queue(0); }
    nic::Device& dev_b() { return b->queue(0); }
    void drain_both() {
        drain(dev_a());
        drain(dev_b());
    }

    nic::RingPair pair;
    std::unique_ptr<nic::Port> a, b;
    const stack::TscClock clock;
    Ticks ticks{static_cast<double>(clock.hz())};
};

// ------------------------------------------------------------ sluice TCP

void check(SocketError e, const char* what) {
    if (e != SocketError::none) throw std::runtime_error(std::string(what) + " failed");
}

TcpSocket* open_socket(Engine& engine, bool no_delay) {
    TcpSocket* s = engine.tcp().open();
    s->options().no_delay = no_delay;
    return s;
}

TcpSocket* listen_on(Engine& server, std::uint16_t port, bool no_delay) {
    TcpSocket* l = open_socket(server, no_delay);  // accepted sockets inherit the options
    check(l->bind({wire::Ipv4Addr{}, port}), "bind");
    check(l->listen(4096), "listen");
    return l;
}

/// Connects a client to `listener`; returns {client, accepted server socket}.
std::pair<TcpSocket*, TcpSocket*> connect_to(Engines& e, TcpSocket* listener, bool no_delay) {
    TcpSocket* c = open_socket(e.client(), no_delay);
    check(c->connect({kServer, listener->local()->port}, e.now()), "connect");
    for (unsigned i = 0; i < kStallPumps; ++i) {
        e.pump_to_server();
        if (TcpSocket* s = listener->accept()) return {c, s};
    }
    throw std::runtime_error("sluice: handshake stalled");
}

/// Sends all of `data`, pumping when the send buffer is full.
void send_all(Engines& e, TcpSocket* s, wire::Bytes data, bool to_server) {
    for (unsigned stalls = 0; !data.empty();) {
        const stack::TcpIo r = s->send(data, false, e.now());
        if (r.error != SocketError::none && r.error != SocketError::would_block)
            throw std::runtime_error("sluice: send failed");
        data = data.subspan(r.bytes);
        if (data.empty()) break;
        if (++stalls > kStallPumps) throw std::runtime_error("sluice: send stalled");
        to_server ? e.pump_to_server() : e.pump_to_client();
    }
}

/// Pumps until `s` has delivered exactly buf.size() bytes into `buf`.
void receive_exact(Engines& e, TcpSocket* s, wire::MutableBytes buf, bool to_server) {
    for (unsigned stalls = 0; !buf.empty();) {
        to_server ? e.pump_to_server() : e.pump_to_client();
        const stack::TcpIo r = s->receive(buf, false, e.now());
        if (r.error == SocketError::none && r.bytes == 0) throw std::runtime_error("sluice: early end of stream");
        buf = buf.subspan(r.bytes);
        if (r.bytes == 0 && ++stalls > kStallPumps) throw std::runtime_error("sluice: receive stalled");
    }
}

/// Pumps until `s` reports end of stream.
void await_end(Engines& e, TcpSocket* s) {
    std::array<std::uint8_t, 16> buf;
    for (unsigned i = 0; i < kStallPumps; ++i) {
        const stack::TcpIo r = s->receive(buf, false, e.now());
        if (r.error == SocketError::none && r.bytes == 0) return;
        if (r.bytes != 0) throw std::runtime_error("sluice: data after the reply");
        e.pump_to_client();
    }
    throw std::runtime_error("sluice: no end of stream");
}

/// Closes gracefully (each on its own engine) and lets the FIN exchange run.
void close_all(Engines& e, std::initializer_list<TcpSocket*> sockets) {
    for (TcpSocket* s : sockets) {
        Engine& owner = s->local() && s->local()->address == kClient ? e.client() : e.server();
        owner.tcp().close(s, false, e.now());
    }
    e.settle();
}

/// Warns about drops and retransmissions (the ring pair loses nothing); prints counters on request.
void report_engines(Engines& e, const char* workload, bool counts) {
    for (Engine* engine : {&e.client(), &e.server()}) {
        const auto drops = engine->counters().total_drops();
        const auto rexmit = engine->tcp().stats().retransmitted_segments;
        if (drops != 0 || rexmit != 0)
            std::fprintf(stderr, "warning: %s: %s engine dropped %llu frames, retransmitted %llu segments\n", workload,
                         engine == &e.client() ? "client" : "server", static_cast<unsigned long long>(drops),
                         static_cast<unsigned long long>(rexmit));
    }
    if (!counts) return;
    const stack::TcpStats& st = e.server().tcp().stats();
    std::fprintf(stderr, "%s: server segments_received %llu segments_sent %llu time_wait_reused %llu\n", workload,
                 static_cast<unsigned long long>(st.segments_received),
                 static_cast<unsigned long long>(st.segments_sent),
                 static_cast<unsigned long long>(st.time_wait_reused));
}

// ------------------------------------------------------------- kernel TCP

/// An owned file descriptor.
class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        std::swap(fd_, o.fd_);
        return *this;
    }
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("kernel: ") + what + ": " + std::strerror(errno));
}

void set_nodelay(int fd) {
    const int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) fail("TCP_NODELAY");
}

void set_nonblocking(int fd) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) fail("O_NONBLOCK");
}

Fd tcp_socket() {
    Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    if (fd.get() < 0) fail("socket");
    return fd;
}

const sockaddr* as_sockaddr(const sockaddr_in& a) { return reinterpret_cast<const sockaddr*>(&a); }

/// A listener on 127.0.0.1 (never any other address), ephemeral port; `addr` gets its address.
Fd kernel_listener(sockaddr_in& addr) {
    Fd l = tcp_socket();
    addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(l.get(), as_sockaddr(addr), len) != 0) fail("bind 127.0.0.1");
    if (::listen(l.get(), 4096) != 0) fail("listen");
    if (getsockname(l.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) fail("getsockname");
    return l;
}

/// Connects to `addr` (blocking: on loopback the handshake is done on return) and accepts.
std::pair<Fd, Fd> kernel_connect(int listener, const sockaddr_in& addr, bool no_delay) {
    Fd c = tcp_socket();
    if (no_delay) set_nodelay(c.get());
    if (::connect(c.get(), as_sockaddr(addr), sizeof addr) != 0) fail("connect");
    Fd s(::accept(listener, nullptr, nullptr));
    if (s.get() < 0) fail("accept");
    if (no_delay) set_nodelay(s.get());
    return {std::move(c), std::move(s)};
}

void write_all(int fd, const std::uint8_t* p, std::size_t n) {
    while (n != 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w <= 0) fail("write");
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

void read_exact(int fd, std::uint8_t* p, std::size_t n) {
    while (n != 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r <= 0) fail(r == 0 ? "read: early end of stream" : "read");
        p += r;
        n -= static_cast<std::size_t>(r);
    }
}

/// A connected loopback pair (the listener is closed once accepted).
std::pair<Fd, Fd> kernel_pair(bool no_delay) {
    sockaddr_in addr{};
    Fd l = kernel_listener(addr);
    return kernel_connect(l.get(), addr, no_delay);
}

// ------------------------------------------------------------ bare PMD

/// A frame of `len` bytes: Ethernet (A -> B), IPv4 (client -> server), TCP
/// header of `tcp_len` bytes, payload 0xa5. Nobody validates it: the
/// checksums are left zero.
std::vector<std::uint8_t> tcp_frame(const wire::MacAddr& dst, const wire::MacAddr& src, std::size_t len,
                                    std::size_t tcp_len) {
    std::vector<std::uint8_t> f(len, 0xa5);
    const wire::EthernetRepr eth{dst, src, wire::ethertype::ipv4, std::nullopt};
    wire::Ipv4Repr ip;
    ip.src = kClient;
    ip.dst = kServer;
    ip.protocol = wire::ipproto::tcp;
    ip.payload_len = static_cast<std::uint16_t>(len - 34);
    eth.emit({f.data(), 14});
    ip.emit({f.data() + 14, 20});
    std::uint8_t* tcp = f.data() + 34;
    std::fill(tcp, tcp + tcp_len, 0);
    tcp[1] = 9;                                             // source port
    tcp[3] = 9;                                             // destination port
    tcp[12] = static_cast<std::uint8_t>(tcp_len / 4 << 4);  // data offset
    tcp[13] = 0x18;                                         // PSH ACK
    return f;
}

/// Allocates `n` copies of `frame` from `device`'s pool.
void fill(nic::Device& device, rte_mbuf** out, unsigned n, const std::vector<std::uint8_t>& frame) {
    if (rte_pktmbuf_alloc_bulk(device.tx_pool(), out, n) != 0) throw std::runtime_error("bare: pool empty");
    for (unsigned i = 0; i < n; ++i)
        std::memcpy(rte_pktmbuf_append(out[i], static_cast<std::uint16_t>(frame.size())), frame.data(), frame.size());
}

/// Sends all `n` frames (the ring has room: every round drains it).
void transmit(nic::Device& device, rte_mbuf** frames, std::uint16_t n) {
    const std::uint16_t sent = device.tx_burst(frames, n);
    if (sent < n) throw std::runtime_error("bare: tx ring full");
}

/// Receives exactly one frame (spinning).
rte_mbuf* receive_one(nic::Device& device) {
    rte_mbuf* m = nullptr;
    for (unsigned i = 0; i < kStallPumps; ++i)
        if (device.rx_burst(&m, 1) == 1) return m;
    throw std::runtime_error("bare: frame lost");
}

/// One bare round trip: A sends `frame`, B swaps the MACs and sends it back, A frees it.
void bare_round_trip(Testbed& bed, const std::vector<std::uint8_t>& frame) {
    rte_mbuf* m;
    fill(bed.dev_a(), &m, 1, frame);
    transmit(bed.dev_a(), &m, 1);
    m = receive_one(bed.dev_b());
    auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
    std::swap(eth->src_addr, eth->dst_addr);
    transmit(bed.dev_b(), &m, 1);
    rte_pktmbuf_free(receive_one(bed.dev_a()));
}

/// `frames` frames A -> B in bursts of 32; B frees them.
void bare_forward(Testbed& bed, const std::vector<std::uint8_t>& frame, std::uint64_t frames) {
    rte_mbuf* burst[32];
    for (std::uint64_t done = 0; done < frames;) {
        const auto n = static_cast<std::uint16_t>(std::min<std::uint64_t>(32, frames - done));
        fill(bed.dev_a(), burst, n, frame);
        transmit(bed.dev_a(), burst, n);
        for (std::uint16_t got = 0; got < n;) {
            const std::uint16_t r = bed.dev_b().rx_burst(burst, static_cast<std::uint16_t>(n - got));
            rte_pktmbuf_free_bulk(burst, r);
            got = static_cast<std::uint16_t>(got + r);
        }
        done += n;
    }
}

wire::MacAddr port_mac(const nic::Port& port) {
    return wire::MacAddr::from_bytes({port.capabilities().mac.addr_bytes, 6});
}

// ------------------------------------------------------------- tcp_rtt_64

/// Prints the tcp_rtt_64 line.
void print_rtt(const Series& s, const Series& b, const Series& k, const Options& o) {
    auto med = [](const Series& x) { return median(x.rtt_ns); };
    auto p99 = [](const Series& x) { return quantile(x.rtt_ns, 0.99); };
    std::printf("{\"workload\": \"tcp_rtt_64\", \"metric\": \"round_trips_per_s_median\", \"unit\": \"1/s\", %s%s%s, "
                "\"messages\": %u, \"reps\": %u}\n",
                contestants_json(s, &b, k).c_str(), rtt_json("rtt_median_ns", +med, s, b, k).c_str(),
                rtt_json("rtt_p99_ns", +p99, s, b, k).c_str(), o.messages, o.reps);
}

void run_rtt(Testbed& bed, const Options& o) {
    stack::TcpConfig latency;
    latency.delayed_ack = stack::Duration::zero();
    Engines e(bed.dev_a(), bed.dev_b(), latency, bed.clock);
    TcpSocket* l = listen_on(e.server(), 7, true);
    TcpSocket *c, *s;
    std::tie(c, s) = connect_to(e, l, true);
    const auto kernel_sockets = kernel_pair(true);
    const int kc = kernel_sockets.first.get(), ks = kernel_sockets.second.get();
    const auto frame = tcp_frame(port_mac(*bed.b), port_mac(*bed.a), 14 + 20 + 20 + kMessage, 20);
    std::array<std::uint8_t, kMessage> msg{}, buf{};
    msg.fill(0x5a);

    auto sluice = [&] {
        send_all(e, c, msg, true);
        receive_exact(e, s, buf, true);
        send_all(e, s, buf, false);
        receive_exact(e, c, buf, false);
    };
    auto bare = [&] { bare_round_trip(bed, frame); };
    auto kernel = [&] {
        write_all(kc, msg.data(), kMessage);
        read_exact(ks, buf.data(), kMessage);
        write_all(ks, buf.data(), kMessage);
        read_exact(kc, buf.data(), kMessage);
    };
    auto round = [&](unsigned n, Series& bare_out, Series& sluice_out, Series& kernel_out) {
        time_round_trips(n, bed.ticks, bare_out, bare);
        time_round_trips(n, bed.ticks, sluice_out, sluice);
        e.settle();  // the last ACK, before the bare round sees it
        time_round_trips(n, bed.ticks, kernel_out, kernel);
    };
    Series warm, bare_s, sluice_s, kernel_s;
    round(std::max(1u, o.messages / 10), warm, warm, warm);
    for (unsigned r = 0; r < o.reps; ++r) round(o.messages, bare_s, sluice_s, kernel_s);
    print_rtt(sluice_s, bare_s, kernel_s, o);
    report_engines(e, "tcp_rtt_64", o.counts);
    close_all(e, {c, s, l});
}

// --------------------------------------------------------------- tcp_bulk

/// Client -> server, `total` bytes; the server reads into a scratch buffer.
void sluice_bulk(Engines& e, TcpSocket* c, TcpSocket* s, std::uint64_t total) {
    static std::vector<std::uint8_t> source(kChunk, 0x5a), scratch(kChunk);
    std::uint64_t sent = 0, received = 0;
    for (unsigned stalls = 0; received < total;) {
        if (sent < total) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, total - sent));
            sent += c->send(std::span(source).first(n), false, e.now()).bytes;
        }
        e.pump_to_server();
        std::size_t got = 0;
        for (stack::TcpIo r; (r = s->receive(scratch, false, e.now())).bytes != 0;) got += r.bytes;
        received += got;
        stalls = got == 0 ? stalls + 1 : 0;
        if (stalls > kStallPumps) throw std::runtime_error("sluice: bulk transfer stalled");
    }
}

/// The same over kernel loopback: non-blocking, writes and reads alternating in this thread.
void kernel_bulk(int c, int s, std::uint64_t total) {
    static std::vector<std::uint8_t> source(kChunk, 0x5a), scratch(kChunk);
    std::uint64_t sent = 0, received = 0;
    while (received < total) {
        if (sent < total) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, total - sent));
            const ssize_t w = ::write(c, source.data(), n);
            if (w > 0) sent += static_cast<std::uint64_t>(w);
            else if (errno != EAGAIN) fail("write");
        }
        for (ssize_t r; (r = ::read(s, scratch.data(), kChunk)) != 0;) {
            if (r < 0) {
                if (errno != EAGAIN) fail("read");
                break;
            }
            received += static_cast<std::uint64_t>(r);
        }
    }
}

void run_bulk(Testbed& bed, const Options& o) {
    Engines e(bed.dev_a(), bed.dev_b(), stack::TcpConfig{}, bed.clock);
    TcpSocket* l = listen_on(e.server(), 9, false);
    TcpSocket *c, *s;
    std::tie(c, s) = connect_to(e, l, false);
    const auto kernel_sockets = kernel_pair(false);
    const int kc = kernel_sockets.first.get(), ks = kernel_sockets.second.get();
    set_nonblocking(kc);
    set_nonblocking(ks);
    constexpr std::size_t kPayload = 1448;
    const auto frame = tcp_frame(port_mac(*bed.b), port_mac(*bed.a), 1514, 32);

    // Gbit/s of `bytes` each (the bare floor: whole frames of kPayload).
    auto round = [&](std::uint64_t bytes, Series& bare_out, Series& sluice_out, Series& kernel_out) {
        const std::uint64_t frames = (bytes + kPayload - 1) / kPayload;
        const double gbit = static_cast<double>(bytes) * 8 / 1e9;
        bare_out.rates.push_back(rate(static_cast<double>(frames * kPayload) * 8 / 1e9, bed.ticks,
                                      [&] { bare_forward(bed, frame, frames); }));
        sluice_out.rates.push_back(rate(gbit, bed.ticks, [&] { sluice_bulk(e, c, s, bytes); }));
        e.settle();
        kernel_out.rates.push_back(rate(gbit, bed.ticks, [&] { kernel_bulk(kc, ks, bytes); }));
    };
    const std::uint64_t total = std::uint64_t{o.mib} << 20;
    Series warm, bare_s, sluice_s, kernel_s;
    round(total / 10, warm, warm, warm);
    for (unsigned r = 0; r < o.reps; ++r) round(total, bare_s, sluice_s, kernel_s);
    std::printf("{\"workload\": \"tcp_bulk\", \"metric\": \"payload_gbit_per_s_median\", \"unit\": \"Gbit/s\", %s, "
                "\"mib\": %u, \"reps\": %u}\n",
                contestants_json(sluice_s, &bare_s, kernel_s).c_str(), o.mib, o.reps);
    report_engines(e, "tcp_bulk", o.counts);
    close_all(e, {c, s, l});
}

// ---------------------------------------------------------------- tcp_cps

/// One sluice connection: connect, accept, request, reply, server closes, client reads the end and closes.
void sluice_connection(Engines& e, TcpSocket* listener) {
    std::array<std::uint8_t, kMessage> msg{}, buf{};
    auto [c, s] = connect_to(e, listener, true);
    send_all(e, c, msg, true);
    receive_exact(e, s, buf, true);
    send_all(e, s, buf, false);
    e.server().tcp().close(s, false, e.now());
    receive_exact(e, c, buf, false);
    await_end(e, c);
    e.client().tcp().close(c, false, e.now());
}

void kernel_connection(int listener, const sockaddr_in& addr) {
    std::array<std::uint8_t, kMessage> msg{}, buf{};
    auto [c, s] = kernel_connect(listener, addr, true);
    write_all(c.get(), msg.data(), kMessage);
    read_exact(s.get(), buf.data(), kMessage);
    write_all(s.get(), buf.data(), kMessage);
    s = Fd();  // graceful close, server first
    read_exact(c.get(), buf.data(), kMessage);
    if (::read(c.get(), buf.data(), 1) != 0) fail("read: no end of stream");
}

void run_cps(Testbed& bed, const Options& o) {
    Engines e(bed.dev_a(), bed.dev_b(), stack::TcpConfig{}, bed.clock);
    TcpSocket* l = listen_on(e.server(), 80, true);
    sockaddr_in addr{};
    Fd kl = kernel_listener(addr);
    auto sluice = [&](unsigned n) {
        return rate(n, bed.ticks, [&] {
            for (unsigned i = 0; i < n; ++i) sluice_connection(e, l);
            e.settle();
        });
    };
    auto kernel = [&](unsigned n) {
        return rate(n, bed.ticks, [&] {
            for (unsigned i = 0; i < n; ++i) kernel_connection(kl.get(), addr);
        });
    };
    sluice(std::max(1u, o.connections / 10));  // warm-up
    kernel(std::max(1u, o.connections / 10));
    Series sluice_s, kernel_s;
    for (unsigned r = 0; r < o.reps; ++r) {
        sluice_s.rates.push_back(sluice(o.connections));
        kernel_s.rates.push_back(kernel(o.connections));
    }
    std::printf("{\"workload\": \"tcp_cps\", \"metric\": \"connections_per_s_median\", \"unit\": \"1/s\", %s, "
                "\"connections\": %u, \"reps\": %u}\n",
                contestants_json(sluice_s, nullptr, kernel_s).c_str(), o.connections, o.reps);
    report_engines(e, "tcp_cps", o.counts);
    close_all(e, {l});
}

void run(const Options& o) {
    Testbed bed;
    auto wanted = [&](const char* w) { return o.only.empty() || o.only == w; };
    if (wanted("tcp_rtt_64")) run_rtt(bed, o);
    bed.drain_both();
    if (wanted("tcp_bulk")) run_bulk(bed, o);
    bed.drain_both();
    if (wanted("tcp_cps")) run_cps(bed, o);
    bed.drain_both();
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const nic::SplitArgs args = nic::split_command_line(argc, argv);
        const Options options = parse(args.app);
        const auto eal = nic::Eal::start(args.eal, argv[0]);
        run(options);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tcp_path_bench: %s\n", e.what());
        return 1;
    }
}
