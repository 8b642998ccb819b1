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
//   bench/echo_path_bench [EAL options] -- [--packets N] [--reps R]
#include <sluice/nic/eal.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>
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
};

Options parse(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--packets") o.packets = static_cast<unsigned>(std::stoul(args[i + 1]));
        else if (args[i] == "--reps") o.reps = static_cast<unsigned>(std::stoul(args[i + 1]));
        else throw std::invalid_argument("unknown option " + args[i]);
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
/// collects the answers. Returns how many came back.
class Generator {
public:
    Generator(nic::Device& device, std::vector<std::uint8_t> frame) : device_(device), frame_(std::move(frame)) {}

    unsigned round(unsigned batch, const std::function<void()>& respond) {
        rte_mbuf* out[32];
        if (rte_pktmbuf_alloc_bulk(device_.tx_pool(), out, batch) != 0) throw std::runtime_error("generator pool empty");
        for (unsigned i = 0; i < batch; ++i) {
            std::memcpy(rte_pktmbuf_append(out[i], static_cast<std::uint16_t>(frame_.size())), frame_.data(), frame_.size());
        }
        const std::uint16_t sent = device_.tx_burst(out, static_cast<std::uint16_t>(batch));
        if (sent < batch) rte_pktmbuf_free_bulk(out + sent, batch - sent);
        respond();
        rte_mbuf* in[32];
        const std::uint16_t got = device_.rx_burst(in, 32);
        rte_pktmbuf_free_bulk(in, got);
        return got;
    }

private:
    nic::Device& device_;
    std::vector<std::uint8_t> frame_;
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

/// Nanoseconds per answered packet over `packets` packets in rounds of `batch`.
double measure(Generator& gen, unsigned packets, unsigned batch, const std::function<void()>& respond) {
    const std::uint64_t start = rte_rdtsc_precise();
    std::uint64_t answered = 0;
    for (unsigned done = 0; done < packets; done += batch) answered += gen.round(batch, respond);
    const std::uint64_t cycles = rte_rdtsc_precise() - start;
    if (answered != packets) throw std::runtime_error("lost packets: " + std::to_string(packets - answered));
    return static_cast<double>(cycles) * 1e9 / static_cast<double>(rte_get_tsc_hz()) / packets;
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
    Generator gen(gen_port->queue(0), request_frame(engine.interface().mac, gen_mac));

    auto sluice_respond = [&] { engine.poll(clock.now()); };
    auto bare_respond = [&] { bare_reflect(dut_port->queue(0)); };

    for (const unsigned batch : {32u, 1u}) {
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
