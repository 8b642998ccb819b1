// echo_path_bench: what the stack costs over the bare driver on the echo path.
//
// One process, a crossed ring pair (port A = load generator, port B = device
// under test), everything on one core so the figure is CPU cost per packet,
// not scheduling noise. Two contestants answer the same ICMP echo requests:
//   - bare PMD: rx burst, swap MACs in place, tx burst (the floor: l2fwd-like);
//   - sluice:   Engine::poll (Ethernet/IPv4/ICMP validation, checksum, reply
//               in place, ARP-resolved transmit).
// Workloads: burst (32 requests per round trip: throughput cost) and single
// (one request at a time: latency cost). Rounds alternate between the two
// contestants so drift hits both alike. Output: one JSON object per workload
// with medians over repetitions and the ratio sluice / bare.
//
//   bench/echo_path_bench [EAL options] -- [--packets N] [--reps R] [--batch 32|1]
//
// Instructions per packet (deterministic; this VM has no cycle counters):
//   valgrind --tool=callgrind --toggle-collect='sluice::stack::Engine::poll*'
//     bench/echo_path_bench --no-huge -m 512 --no-shconf --file-prefix=cg$$ --
//     --packets 20000 --reps 1 --batch 32      (one command line)
// then divide Engine::poll's inclusive Ir by the packets it answered
// (packets * reps + packets / 10 warm-up, in whole rounds of the batch).
#include <sluice/nic/eal.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>
#include <sluice/stack/wire/arp.hpp>
#include <sluice/stack/wire/ethernet.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <rte_cycles.h>
#include <rte_ether.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace sluice;

namespace {

struct Options {
    unsigned packets = 200000;
    unsigned reps = 7;
    std::vector<unsigned> batches{32, 1};  ///< --batch N runs only that one
};

Options parse(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--packets") o.packets = static_cast<unsigned>(std::stoul(args[i + 1]));
        else if (args[i] == "--reps") o.reps = static_cast<unsigned>(std::stoul(args[i + 1]));
        else if (args[i] == "--batch") o.batches = {static_cast<unsigned>(std::stoul(args[i + 1]))};
        else throw std::invalid_argument("unknown option " + args[i]);
    }
    if (o.packets == 0 || o.reps == 0) throw std::invalid_argument("--packets and --reps must be positive");
    for (const unsigned b : o.batches) {
        if (b == 0 || b > 32) throw std::invalid_argument("--batch must be 1..32");
    }
    return o;
}

const wire::Ipv4Addr kGen = *wire::Ipv4Addr::parse("10.9.0.1");
const wire::Ipv4Addr kDut = *wire::Ipv4Addr::parse("10.9.0.2");

/// A 98-byte echo request frame (like `ping`'s default 56-byte payload).
std::vector<std::uint8_t> request_frame(const wire::MacAddr& dst, const wire::MacAddr& src) {
    const std::vector<std::uint8_t> data(56, 0xa5);
    const auto icmp = wire::IcmpRepr::echo(wire::icmptype::echo_request, 1, 1, data);
    wire::Ipv4Repr ip;
    ip.src = kGen;
    ip.dst = kDut;
    ip.protocol = wire::ipproto::icmp;
    ip.payload_len = static_cast<std::uint16_t>(icmp.buffer_len());
    wire::EthernetRepr eth{dst, src, wire::ethertype::ipv4, std::nullopt};
    std::vector<std::uint8_t> f(14 + 20 + icmp.buffer_len());
    eth.emit({f.data(), 14});
    ip.emit({f.data() + 14, 20});
    icmp.emit({f.data() + 34, icmp.buffer_len()});
    return f;
}

/// Generator side: sends `batch` copies of the frame, lets `respond` run,
/// collects the answers. Returns how many echo answers came back. Like a real
/// peer it answers ARP requests (sluice refreshes its entry on long runs,
/// e.g. under valgrind), so they are never mistaken for replies.
class Generator {
public:
    Generator(nic::Device& device, std::vector<std::uint8_t> frame, wire::MacAddr mac)
        : device_(device), frame_(std::move(frame)), mac_(mac) {}

    unsigned round(unsigned batch, const std::function<void()>& respond) {
        rte_mbuf* out[32];
        if (rte_pktmbuf_alloc_bulk(device_.tx_pool(), out, batch) != 0) throw std::runtime_error("generator pool empty");
        for (unsigned i = 0; i < batch; ++i) {
            std::memcpy(rte_pktmbuf_append(out[i], static_cast<std::uint16_t>(frame_.size())), frame_.data(), frame_.size());
        }
        send(out, batch);
        respond();
        rte_mbuf* in[32];
        const std::uint16_t got = device_.rx_burst(in, 32);
        unsigned replies = 0;
        for (std::uint16_t i = 0; i < got; ++i) replies += is_echo_answer(in[i]) ? 1 : answer_arp(in[i]);
        return replies;
    }

private:
    void send(rte_mbuf** frames, unsigned count) {
        const std::uint16_t sent = device_.tx_burst(frames, static_cast<std::uint16_t>(count));
        if (sent < count) rte_pktmbuf_free_bulk(frames + sent, count - sent);
    }

    /// An answer to our echo: sluice's reply, or the bare reflector's bounce.
    static bool is_echo_answer(rte_mbuf* m) {
        const auto* p = rte_pktmbuf_mtod(m, const std::uint8_t*);
        const bool reply = rte_pktmbuf_data_len(m) > 34 && p[12] == 0x08 && p[13] == 0x00 &&
                           p[23] == wire::ipproto::icmp &&
                           (p[34] == wire::icmptype::echo_reply || p[34] == wire::icmptype::echo_request);
        if (reply) rte_pktmbuf_free(m);
        return reply;
    }

    /// Turns an ARP request into the reply in place and sends it; frees anything else.
    unsigned answer_arp(rte_mbuf* m) {
        auto* p = rte_pktmbuf_mtod(m, std::uint8_t*);
        wire::ArpRepr arp;
        if (rte_pktmbuf_data_len(m) < 14 + wire::kArpLen || p[12] != 0x08 || p[13] != 0x06 ||
            wire::ArpRepr::parse({p + 14, wire::kArpLen}, arp) != stack::Drop::none ||
            arp.operation != wire::ArpOp::request || arp.target_ip != kGen) {
            rte_pktmbuf_free(m);
            return 0;
        }
        const wire::ArpRepr reply{wire::ArpOp::reply, mac_, kGen, arp.sender_mac, arp.sender_ip};
        const wire::EthernetRepr eth{arp.sender_mac, mac_, wire::ethertype::arp, std::nullopt};
        eth.emit({p, 14});
        reply.emit({p + 14, wire::kArpLen});
        send(&m, 1);
        return 0;
    }

    nic::Device& device_;
    std::vector<std::uint8_t> frame_;
    wire::MacAddr mac_;
};

void bare_reflect(nic::Device& device) {
    rte_mbuf* frames[32];
    const std::uint16_t n = device.rx_burst(frames, 32);
    for (std::uint16_t i = 0; i < n; ++i) {
        auto* eth = rte_pktmbuf_mtod(frames[i], rte_ether_hdr*);
        std::swap(eth->src_addr, eth->dst_addr);
    }
    const std::uint16_t sent = device.tx_burst(frames, n);
    if (sent < n) rte_pktmbuf_free_bulk(frames + sent, n - sent);
}

/// Nanoseconds per answered packet over about `packets` packets (whole
/// rounds of `batch`). Every packet sent must be answered.
double measure(Generator& gen, unsigned packets, unsigned batch, const std::function<void()>& respond) {
    const unsigned rounds = std::max(1u, packets / batch);
    const std::uint64_t sent = std::uint64_t{rounds} * batch;
    const std::uint64_t start = rte_rdtsc_precise();
    std::uint64_t answered = 0;
    for (unsigned r = 0; r < rounds; ++r) answered += gen.round(batch, respond);
    const std::uint64_t cycles = rte_rdtsc_precise() - start;
    if (answered != sent) throw std::runtime_error("sent " + std::to_string(sent) + ", answered " + std::to_string(answered));
    return static_cast<double>(cycles) * 1e9 / static_cast<double>(rte_get_tsc_hz()) / static_cast<double>(sent);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void run(const Options& o) {
    const nic::RingPair pair = nic::create_ring_pair("bench");
    nic::PortConfig config;
    config.link_wait = std::chrono::milliseconds(0);
    config.port_id = pair.a;
    auto gen_port = nic::Port::open(config);
    config.port_id = pair.b;
    auto dut_port = nic::Port::open(config);

    const stack::TscClock clock;
    stack::EngineConfig engine_config;
    engine_config.address = {kDut, 24};
    stack::Engine engine(dut_port->queue(0), engine_config, clock.now());
    const wire::MacAddr gen_mac = wire::MacAddr::from_bytes({gen_port->capabilities().mac.addr_bytes, 6});
    engine.arp_cache().learn(kGen, gen_mac, true, clock.now());
    Generator gen(gen_port->queue(0), request_frame(engine.interface().mac, gen_mac), gen_mac);

    auto sluice_respond = [&] { engine.poll(clock.now()); };
    auto bare_respond = [&] { bare_reflect(dut_port->queue(0)); };

    for (const unsigned batch : o.batches) {
        std::vector<double> bare, sluice;
        measure(gen, o.packets / 10, batch, bare_respond);  // warm-up
        measure(gen, o.packets / 10, batch, sluice_respond);
        for (unsigned r = 0; r < o.reps; ++r) {
            bare.push_back(measure(gen, o.packets, batch, bare_respond));
            sluice.push_back(measure(gen, o.packets, batch, sluice_respond));
        }
        const double b = median(bare), s = median(sluice);
        std::printf("{\"workload\": \"icmp_echo_%s\", \"metric\": \"ns_per_packet_median\", \"unit\": \"ns\", "
                    "\"sluice\": %.1f, \"bare_pmd\": %.1f, \"ratio\": %.2f, \"packets\": %u, \"reps\": %u}\n",
                    batch == 1 ? "single" : "burst32", s, b, s / b, o.packets, o.reps);
    }
    const auto drops = engine.counters().total_drops();
    if (drops != 0) std::fprintf(stderr, "warning: sluice dropped %llu frames\n", static_cast<unsigned long long>(drops));
    engine.poll(clock.now());
    dut_port.reset();
    gen_port.reset();
    nic::destroy_ring_pair(pair);
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
        std::fprintf(stderr, "echo_path_bench: %s\n", e.what());
        return 1;
    }
}
