// sluice-echo: a customer of libsluice's public API. It brings up a stack on
// one DPDK port through sluice_set_config + WSAStartup (the stack answers ARP
// and ping by itself) and runs RFC 862 echo servers for UDP and TCP on
// Winsock sockets (echo_server.hpp).
//
//   sluice-echo [EAL options] -- --ip A.B.C.D/LEN [--gw A.B.C.D] [--vlan ID]
//               [--port NAME|INDEX] [--mode inline|threaded]
//               [--idle busy|adaptive] [--udp-port N] [--tcp-port N]
//               [--pcap FILE] [--impair SPEC] [--delayed-ack MS] [--msl S]
//
// Prints "READY <ip> <mac>" once it can receive (the sockets are bound and
// the TCP one listens).
// SIGINT/SIGTERM stop it; it then prints every counter of the stack as
// "<name> <value>" (drop reasons as "drop.<reason>", non-zero ones only),
// followed by its own echo.* counters, and exits 0. Errors: stderr, exit 1.
//
// The loop waits in WSAPoll for at most 100 ms so that the stop flag is
// looked at even when nothing arrives; in inline mode the waiting WSAPoll is
// what polls the NIC.
//
// --pcap FILE becomes the configuration's `pcap` key: libsluice records every
// frame of the port, both directions, as pcapng until WSACleanup.
#include <sluice/sluice.h>
#include <sluice/winsock2.h>

#include "echo_server.hpp"
#include "options.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

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

/// A Winsock failure: names the call and the error code.
[[noreturn]] void fail(const char* call, int error) {
    throw std::runtime_error(std::string(call) + " failed with error " + std::to_string(error));
}

void print_counter(const char* name, unsigned long long value, void*) {
    if (value == 0 && std::strncmp(name, "drop.", 5) == 0) return;
    std::printf("%s %llu\n", name, value);
}

void print_counters(const sluice::apps::EchoCounters& echo) {
    const int rc = sluice_for_each_counter(print_counter, nullptr);
    if (rc != 0) fail("sluice_for_each_counter", rc);
    std::printf("echo.datagrams %llu\necho.bytes %llu\necho.truncated %llu\necho.resets %llu\necho.send_errors %llu\n"
                "echo.tcp_connections %llu\necho.tcp_bytes %llu\necho.tcp_completed %llu\necho.tcp_failed %llu\n",
                echo.datagrams, echo.bytes, echo.truncated, echo.resets, echo.send_errors, echo.tcp_connections,
                echo.tcp_bytes, echo.tcp_completed, echo.tcp_failed);
    std::fflush(stdout);
}

/// "READY <ip> <mac>" from sluice_interface's "<ip>/<len> <mac>".
void print_ready() {
    char text[64];
    const int rc = sluice_interface(text, sizeof text);
    if (rc != 0) fail("sluice_interface", rc);
    std::string interface(text);
    const auto slash = interface.find('/');
    const auto space = interface.find(' ');
    if (slash == std::string::npos || space == std::string::npos || slash > space)
        throw std::runtime_error("sluice_interface gave '" + interface + "'");
    std::printf("READY %s %s\n", interface.substr(0, slash).c_str(), interface.substr(space + 1).c_str());
    std::fflush(stdout);
}

int run(int argc, char** argv) {
    const sluice::apps::CommandLine command_line = sluice::apps::split_command_line(argc, argv);
    const sluice::apps::EchoOptions options = sluice::apps::parse_echo_options(command_line.app);
    if (options.help) {
        std::fputs(sluice::apps::echo_usage(), stdout);
        return 0;
    }
    const std::string config = sluice::apps::echo_config_text(command_line.eal, options);
    if (sluice_set_config(config.c_str()) != 0)
        throw std::runtime_error(std::string("stack configuration: ") + sluice_config_error());
    install_signal_handlers();

    WSADATA wsa{};
    const int started = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (started != 0) fail("WSAStartup", started);  // libsluice said why on stderr
    int status = 0;
    try {
        sluice::apps::EchoServer server(options.udp_port, options.tcp_port);
        print_ready();
        while (g_stop == 0) server.run_once(100);
        print_counters(server.counters());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sluice-echo: %s\n", e.what());
        status = 1;
    }
    if (WSACleanup() == SOCKET_ERROR && status == 0) {
        std::fprintf(stderr, "sluice-echo: WSACleanup failed with error %d\n", WSAGetLastError());
        status = 1;
    }
    return status;
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
