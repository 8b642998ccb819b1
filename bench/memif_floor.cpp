// bench/memif_floor.cpp: the floor under scripts/bench's sluice TCP round
// trip: the same 118-byte frame (Ethernet + IPv4 + TCP headers + 64 bytes)
// bounced between two processes over net_memif by bare DPDK ethdev calls,
// no stack at all. Run one process per role, each on its own core, with the
// same EAL options as the sluice peers (-l N --no-pci --in-memory or a
// unique --file-prefix, --vdev=net_memif0,role=...,socket=/...).
//
//   memif_floor [EAL options] -- --role server [-T SECONDS]
//   memif_floor [EAL options] -- --role client --round-trips N [--warmup N]
//               [--samples FILE] [-T SECONDS]
//
// client: for each round trip, rte_eth_tx_burst one frame carrying its index,
// then spin on rte_eth_rx_burst until it comes back; the time from just
// before the tx to just after the rx is one sample, taken with
// clock_gettime(CLOCK_MONOTONIC) exactly as tcp_memif_peer times sluice.
// Every sample after the warm-up is kept; the JSON line's percentiles are
// nearest-rank over the whole sorted vector and --samples FILE writes them
// all (nanoseconds, one per line). A frame not back within 100 ms is counted
// lost and the trip is not sampled (it is sent again under a new index;
// more than 100 lost fails the run). At the end the client sends a stop
// frame (EtherType 0x88B5, local experimental) and waits up to 1 s for its
// echo, so the server exits by itself.
// server: rx burst, swap the MACs, tx burst back (a frame the ring cannot
// take is freed and counted); exits after echoing the stop frame, on
// SIGINT/SIGTERM, or when -T runs out.
//
// Each JSON line carries the process's involuntary context switches
// (getrusage) while it measured (client) or echoed (server): how often this
// busy-polling process was preempted.
//
// Invariants: every wait is bounded (link up 10 s, each trip 100 ms, the
// whole run -T); only the port this process created is touched; one JSON
// line on stdout ({"role": ..., ...}), errors on stderr and exit status 1.
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_pause.h>

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr std::uint16_t kStopType = 0x88B5;
constexpr std::size_t kFrameBytes = 14 + 20 + 20 + 64;
constexpr std::int64_t kTripTimeoutNs = 100'000'000;
constexpr unsigned kMaxLost = 100;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

std::int64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Involuntary context switches of this process so far.
long involuntary_switches() {
    rusage u{};
    return getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_nivcsw : 0;
}

struct Options {
    std::string role;
    long round_trips = 0;
    long warmup = 0;
    long total_s = 60;
    std::string samples_path;
};

long number(const std::string& flag, const char* text, long low, long high) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < low || v > high)
        throw std::invalid_argument(flag + " wants " + std::to_string(low) + ".." + std::to_string(high));
    return v;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument("missing value for " + flag);
        const char* v = argv[++i];
        if (flag == "--role") o.role = v;
        else if (flag == "--round-trips") o.round_trips = number(flag, v, 1, 100'000'000);
        else if (flag == "--warmup") o.warmup = number(flag, v, 0, 100'000'000);
        else if (flag == "-T") o.total_s = number(flag, v, 1, 3600);
        else if (flag == "--samples") o.samples_path = v;
        else throw std::invalid_argument("unknown option " + flag);
    }
    if (o.role != "server" && o.role != "client") throw std::invalid_argument("--role takes server or client");
    if (o.role == "client" && o.round_trips == 0) throw std::invalid_argument("the client needs --round-trips");
    return o;
}

/// The one port of this process (its memif vdev), configured and started.
struct Port {
    std::uint16_t id = 0;
    rte_mempool* pool = nullptr;

    Port() {
        if (rte_eth_dev_count_avail() != 1) throw std::runtime_error("expected exactly one port (the memif vdev)");
        id = rte_eth_find_next(0);
        pool = rte_pktmbuf_pool_create("floor_pool", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                       static_cast<int>(rte_socket_id()));
        if (pool == nullptr) throw std::runtime_error("rte_pktmbuf_pool_create failed");
        rte_eth_conf conf{};
        const auto socket = static_cast<unsigned>(rte_eth_dev_socket_id(id));
        if (rte_eth_dev_configure(id, 1, 1, &conf) != 0) throw std::runtime_error("rte_eth_dev_configure failed");
        if (rte_eth_rx_queue_setup(id, 0, 1024, socket, nullptr, pool) != 0)
            throw std::runtime_error("rte_eth_rx_queue_setup failed");
        if (rte_eth_tx_queue_setup(id, 0, 1024, socket, nullptr) != 0)
            throw std::runtime_error("rte_eth_tx_queue_setup failed");
        if (rte_eth_dev_start(id) != 0) throw std::runtime_error("rte_eth_dev_start failed");
    }
    ~Port() {
        rte_eth_dev_stop(id);
        rte_eth_dev_close(id);
        rte_mempool_free(pool);
    }
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;

    /// Waits up to 10 s (and -T) for the memif peer to connect.
    void await_link(std::int64_t deadline) const {
        deadline = std::min(deadline, now_ns() + 10'000'000'000);
        for (;;) {
            rte_eth_link link{};
            if (rte_eth_link_get_nowait(id, &link) == 0 && link.link_status == RTE_ETH_LINK_UP) return;
            if (now_ns() >= deadline || g_stop != 0) throw std::runtime_error("memif link not up in time");
            timespec ts{0, 1'000'000};
            nanosleep(&ts, nullptr);
        }
    }
};

// ------------------------------------------------------------------ server

int run_server(const Port& port, std::int64_t deadline) {
    port.await_link(deadline);
    const long switches = involuntary_switches();
    std::uint64_t echoed = 0, dropped = 0;
    bool stop = false;
    rte_mbuf* frames[32];
    for (unsigned idle = 0; !stop && g_stop == 0;) {
        const std::uint16_t n = rte_eth_rx_burst(port.id, 0, frames, 32);
        if (n == 0) {
            if ((++idle & 1023) == 0 && now_ns() >= deadline) break;  // the clock is read only when idle
            rte_pause();
            continue;
        }
        for (std::uint16_t i = 0; i < n; ++i) {
            auto* eth = rte_pktmbuf_mtod(frames[i], rte_ether_hdr*);
            std::swap(eth->src_addr, eth->dst_addr);
            if (eth->ether_type == rte_cpu_to_be_16(kStopType)) stop = true;
        }
        const std::uint16_t sent = rte_eth_tx_burst(port.id, 0, frames, n);
        if (sent < n) rte_pktmbuf_free_bulk(frames + sent, n - sent);
        echoed += sent;
        dropped += n - sent;
    }
    std::printf("{\"role\": \"server\", \"echoed\": %llu, \"dropped\": %llu, \"stopped_by\": \"%s\", "
                "\"involuntary_switches\": %ld}\n",
                static_cast<unsigned long long>(echoed), static_cast<unsigned long long>(dropped),
                stop ? "stop frame" : g_stop != 0 ? "signal" : "deadline", involuntary_switches() - switches);
    return 0;
}

// ------------------------------------------------------------------ client

/// The frame: Ethernet (peer <- us), IPv4 10.99.0.1 -> 10.99.0.2, TCP header
/// (PSH|ACK, ports 9), 64 payload bytes; the round trip's index at payload+0.
std::vector<std::uint8_t> make_frame(const rte_ether_addr& src, std::uint16_t ether_type) {
    std::vector<std::uint8_t> f(kFrameBytes, 0xa5);
    auto* eth = reinterpret_cast<rte_ether_hdr*>(f.data());
    eth->dst_addr = rte_ether_addr{{0x02, 0, 0, 0, 0, 0x02}};
    eth->src_addr = src;
    eth->ether_type = rte_cpu_to_be_16(ether_type);
    auto* ip = reinterpret_cast<rte_ipv4_hdr*>(f.data() + 14);
    std::memset(ip, 0, 20);
    ip->version_ihl = 0x45;
    ip->total_length = rte_cpu_to_be_16(static_cast<std::uint16_t>(kFrameBytes - 14));
    ip->time_to_live = 64;
    ip->next_proto_id = IPPROTO_TCP;
    ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 99, 0, 1));
    ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 99, 0, 2));
    ip->hdr_checksum = rte_ipv4_cksum(ip);
    std::uint8_t* tcp = f.data() + 34;
    std::memset(tcp, 0, 20);
    tcp[1] = 9;
    tcp[3] = 9;
    tcp[12] = 5 << 4;
    tcp[13] = 0x18;
    return f;
}

rte_mbuf* frame_mbuf(rte_mempool* pool, const std::vector<std::uint8_t>& frame, std::uint64_t index) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    if (m == nullptr) throw std::runtime_error("mbuf pool empty");
    auto* p = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(m, static_cast<std::uint16_t>(frame.size())));
    std::memcpy(p, frame.data(), frame.size());
    std::memcpy(p + 54, &index, sizeof index);
    return m;
}

void transmit(std::uint16_t port, rte_mbuf* m, std::int64_t deadline) {
    while (rte_eth_tx_burst(port, 0, &m, 1) == 0) {
        if (now_ns() >= deadline) {
            rte_pktmbuf_free(m);
            throw std::runtime_error("memif tx ring stayed full");
        }
        rte_pause();
    }
}

/// Spins until a frame carrying `index` comes back (true) or `until` (false);
/// frames of earlier, timed-out trips are freed.
bool await_echo(std::uint16_t port, std::uint64_t index, std::int64_t until) {
    rte_mbuf* m = nullptr;
    for (unsigned spins = 0;; ++spins) {
        if (rte_eth_rx_burst(port, 0, &m, 1) == 1) {
            std::uint64_t got = ~std::uint64_t{0};
            if (rte_pktmbuf_data_len(m) >= 62) std::memcpy(&got, rte_pktmbuf_mtod_offset(m, std::uint8_t*, 54), 8);
            rte_pktmbuf_free(m);
            if (got == index) return true;
            continue;
        }
        if ((spins & 1023) == 0 && now_ns() >= until) return false;
    }
}

std::int64_t sample_at(const std::vector<std::int64_t>& sorted, double p) {
    auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

int run_client(const Port& port, const Options& o, std::int64_t deadline) {
    port.await_link(deadline);
    rte_ether_addr mac{};
    rte_eth_macaddr_get(port.id, &mac);
    const auto frame = make_frame(mac, RTE_ETHER_TYPE_IPV4);
    std::vector<std::int64_t> samples;
    samples.reserve(static_cast<std::size_t>(o.round_trips));
    const long total = o.warmup + o.round_trips;
    unsigned lost = 0;
    std::uint64_t index = 0;
    long switches = 0;
    for (long trip = 0; trip < total && g_stop == 0; ++index) {
        if (trip == o.warmup && samples.empty()) switches = involuntary_switches();
        rte_mbuf* m = frame_mbuf(port.pool, frame, index);
        const std::int64_t t0 = now_ns();
        transmit(port.id, m, deadline);
        if (!await_echo(port.id, index, t0 + kTripTimeoutNs)) {
            if (++lost > kMaxLost) throw std::runtime_error("more than 100 frames lost");
            continue;
        }
        const std::int64_t t1 = now_ns();
        if (trip >= o.warmup) samples.push_back(t1 - t0);
        ++trip;
        if (t1 >= deadline) break;  // the time bound: report what was measured
    }
    switches = involuntary_switches() - switches;
    // Stop the server and wait (bounded) for its echo of the stop frame.
    const auto stop = make_frame(mac, kStopType);
    transmit(port.id, frame_mbuf(port.pool, stop, ~std::uint64_t{0}), now_ns() + 1'000'000'000);
    const bool stop_echoed = await_echo(port.id, ~std::uint64_t{0}, now_ns() + 1'000'000'000);
    if (samples.empty()) throw std::runtime_error("no round trip measured");
    if (!o.samples_path.empty()) {
        std::FILE* f = std::fopen(o.samples_path.c_str(), "w");
        if (f == nullptr) throw std::runtime_error("cannot write " + o.samples_path);
        for (const std::int64_t s : samples) std::fprintf(f, "%lld\n", static_cast<long long>(s));
        if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + o.samples_path);
    }
    std::sort(samples.begin(), samples.end());
    auto us = [&](double p) { return static_cast<double>(sample_at(samples, p)) / 1000.0; };
    std::printf("{\"role\": \"client\", \"workload\": \"memif_rtt_118\", \"samples\": %zu, \"warmup\": %ld, "
                "\"lost\": %u, \"stop_echoed\": %s, \"p50_us\": %.3f, \"p90_us\": %.3f, \"p99_us\": %.3f, "
                "\"p99.9_us\": %.3f, \"max_us\": %.3f, \"min_us\": %.3f, \"involuntary_switches\": %ld}\n",
                samples.size(), o.warmup, lost, stop_echoed ? "true" : "false", us(0.50), us(0.90), us(0.99),
                us(0.999), static_cast<double>(samples.back()) / 1000.0, static_cast<double>(samples.front()) / 1000.0, switches);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const int eal_args = rte_eal_init(argc, argv);
    if (eal_args < 0) {
        std::fprintf(stderr, "memif_floor: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
        return 1;
    }
    int rc = 1;
    try {
        const Options o = parse(argc - eal_args, argv + eal_args);
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
        const std::int64_t deadline = now_ns() + o.total_s * 1'000'000'000;
        Port port;
        std::printf("READY port %u\n", port.id);
        std::fflush(stdout);
        rc = o.role == "server" ? run_server(port, deadline) : run_client(port, o, deadline);
        std::fflush(stdout);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "memif_floor: %s\n", e.what());
        rc = 1;
    }
    rte_eal_cleanup();
    return rc;
}
