// sluice-echo: a sluice stack on one port that answers ARP and ping (and,
// as UDP and TCP land, echoes them).
//
//   sluice-echo [EAL options] -- --ip A.B.C.D/LEN [--gw A.B.C.D] [--pcap FILE] ...
//
// Prints "READY <ip> <mac>" once it can receive. SIGINT/SIGTERM stop it; it
// then prints every counter as "<name> <value>" (drop reasons as
// "drop.<reason>", non-zero ones only) and exits 0. Errors: stderr, exit 1.
#include "options.hpp"

#include <sluice/nic/capture.hpp>
#include <sluice/nic/eal.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/stack/core/idle.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <thread>

namespace {

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

void print_counters(const sluice::stack::StackCounters& counters, const sluice::nic::Port& port) {
    counters.for_each([](std::string_view name, std::uint64_t value) {
        if (value == 0 && name.starts_with("drop.")) return;
        std::printf("%.*s %llu\n", static_cast<int>(name.size()), name.data(),
                    static_cast<unsigned long long>(value));
    });
    const sluice::nic::PortStats stats = port.stats();
    std::printf("port.rx_missed %llu\nport.rx_errors %llu\nport.tx_errors %llu\nport.rx_nombuf %llu\n",
                static_cast<unsigned long long>(stats.rx_missed), static_cast<unsigned long long>(stats.rx_errors),
                static_cast<unsigned long long>(stats.tx_errors), static_cast<unsigned long long>(stats.rx_nombuf));
    std::fflush(stdout);
}

sluice::stack::EngineConfig engine_config(const sluice::apps::EchoOptions& o) {
    sluice::stack::EngineConfig config;
    config.address = o.address;
    config.gateway = o.gateway;
    config.vlan_id = o.vlan_id;
    return config;
}

void run_loop(sluice::stack::Engine& engine, const sluice::stack::TscClock& clock, sluice::apps::IdleMode idle) {
    sluice::stack::IdleBackoff backoff(idle == sluice::apps::IdleMode::busy ? sluice::stack::IdleBackoff::Mode::busy
                                                                           : sluice::stack::IdleBackoff::Mode::adaptive);
    engine.start(clock.now());
    std::printf("READY %s %s\n", engine.interface().address.address.to_string().c_str(),
                engine.interface().mac.to_string().c_str());
    std::fflush(stdout);
    while (g_stop == 0) {
        const sluice::stack::Instant now = clock.now();
        const unsigned work = engine.poll(now);
        const sluice::stack::Duration sleep = backoff.after_poll(work, now, engine.next_deadline());
        if (sleep > sluice::stack::Duration::zero()) std::this_thread::sleep_for(sleep);
    }
}

int run(int argc, char** argv) {
    const sluice::nic::SplitArgs args = sluice::nic::split_command_line(argc, argv);
    const sluice::apps::EchoOptions options = sluice::apps::parse_echo_options(args.app);
    if (options.help) {
        std::fputs(sluice::apps::echo_usage(), stdout);
        return 0;
    }
    install_signal_handlers();
    const auto eal = sluice::nic::Eal::start(args.eal, argv[0]);
    const auto port_id = sluice::nic::find_port(options.port);
    if (!port_id) throw std::runtime_error("no ethdev port '" + options.port + "' (give one with --vdev=...)");
    sluice::nic::PortConfig port_config;
    port_config.port_id = *port_id;
    const auto port = sluice::nic::Port::open(port_config);

    sluice::nic::Device* device = &port->queue(0);
    std::unique_ptr<sluice::nic::PcapngWriter> writer;
    std::unique_ptr<sluice::nic::CapturingDevice> capture;
    if (options.pcap_path) {
        writer = sluice::nic::PcapngWriter::open(*options.pcap_path);
        capture = std::make_unique<sluice::nic::CapturingDevice>(*device, *writer, port->id(), 0);
        device = capture.get();
    }
    const sluice::stack::TscClock clock;
    sluice::stack::Engine engine(*device, engine_config(options), clock.now());
    run_loop(engine, clock, options.idle);
    print_counters(engine.counters(), *port);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "sluice-echo: %s\n%s", e.what(), sluice::apps::echo_usage());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sluice-echo: %s\n", e.what());
        return 1;
    }
}
