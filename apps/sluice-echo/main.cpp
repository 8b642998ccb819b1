// sluice-echo: a customer of libsluice's public API. It brings up a stack on
// one DPDK port through sluice_set_config + WSAStartup (the stack answers ARP
// and ping by itself) and runs an RFC 862 UDP echo server on a Winsock socket.
//
//   sluice-echo [EAL options] -- --ip A.B.C.D/LEN [--gw A.B.C.D] [--vlan ID]
//               [--port NAME|INDEX] [--mode inline|threaded]
//               [--idle busy|adaptive] [--udp-port N] [--pcap FILE]
//
// Prints "READY <ip> <mac>" once it can receive (the socket is bound).
// SIGINT/SIGTERM stop it; it then prints every counter of the stack as
// "<name> <value>" (drop reasons as "drop.<reason>", non-zero ones only),
// followed by its own echo.* counters, and exits 0. Errors: stderr, exit 1.
//
// The receive loop uses SO_RCVTIMEO (100 ms) so that the stop flag is looked
// at even when no datagram arrives; in inline mode the blocked recvfrom is
// what polls the NIC.
//
// --pcap FILE becomes the configuration's `pcap` key: libsluice records every
// frame of the port, both directions, as pcapng until WSACleanup.
#include <sluice/sluice.h>
#include <sluice/winsock2.h>

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

struct EchoCounters {
    unsigned long long datagrams = 0;     ///< echoed
    unsigned long long bytes = 0;         ///< echoed payload bytes
    unsigned long long truncated = 0;     ///< larger than the buffer: not echoed
    unsigned long long resets = 0;        ///< WSAECONNRESET/WSAENETRESET on receive (ICMP errors)
    unsigned long long send_errors = 0;   ///< sendto refused (transient): not echoed
};

void print_counter(const char* name, unsigned long long value, void*) {
    if (value == 0 && std::strncmp(name, "drop.", 5) == 0) return;
    std::printf("%s %llu\n", name, value);
}

void print_counters(const EchoCounters& echo) {
    const int rc = sluice_for_each_counter(print_counter, nullptr);
    if (rc != 0) fail("sluice_for_each_counter", rc);
    std::printf("echo.datagrams %llu\necho.bytes %llu\necho.truncated %llu\necho.resets %llu\necho.send_errors %llu\n",
                echo.datagrams, echo.bytes, echo.truncated, echo.resets, echo.send_errors);
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

SOCKET open_echo_socket(std::uint16_t port) {
    const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET) fail("socket", WSAGetLastError());
    const DWORD timeout_ms = 100;
    if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout_ms), sizeof timeout_ms) ==
        SOCKET_ERROR)
        fail("setsockopt(SO_RCVTIMEO)", WSAGetLastError());
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(port);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, reinterpret_cast<const sockaddr*>(&local), sizeof local) == SOCKET_ERROR)
        fail("bind", WSAGetLastError());
    return s;
}

/// Receive errors after which the socket goes on working.
bool transient_receive_error(int error) {
    return error == WSAETIMEDOUT || error == WSAEINTR || error == WSAECONNRESET || error == WSAENETRESET ||
           error == WSAEMSGSIZE;
}

/// Send errors that lose one echo, not the server.
bool transient_send_error(int error) {
    return error == WSAENOBUFS || error == WSAEWOULDBLOCK || error == WSAEHOSTUNREACH || error == WSAENETUNREACH ||
           error == WSAENETDOWN || error == WSAECONNRESET || error == WSAEMSGSIZE || error == WSAEADDRNOTAVAIL;
}

void echo_loop(SOCKET s, EchoCounters& counters) {
    std::vector<char> buffer(65536);
    while (g_stop == 0) {
        sockaddr_in from{};
        int from_length = sizeof from;
        const int n = recvfrom(s, buffer.data(), static_cast<int>(buffer.size()), 0,
                               reinterpret_cast<sockaddr*>(&from), &from_length);
        if (n == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (!transient_receive_error(error)) fail("recvfrom", error);
            if (error == WSAECONNRESET || error == WSAENETRESET) ++counters.resets;
            if (error == WSAEMSGSIZE) ++counters.truncated;
            continue;
        }
        if (sendto(s, buffer.data(), n, 0, reinterpret_cast<const sockaddr*>(&from), from_length) == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (!transient_send_error(error)) fail("sendto", error);
            if (counters.send_errors++ < 10) std::fprintf(stderr, "sluice-echo: sendto: error %d (echo lost)\n", error);
            continue;
        }
        ++counters.datagrams;
        counters.bytes += static_cast<unsigned long long>(n);
    }
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
        const SOCKET s = open_echo_socket(options.udp_port);
        print_ready();
        EchoCounters counters;
        echo_loop(s, counters);
        print_counters(counters);
        if (closesocket(s) == SOCKET_ERROR) fail("closesocket", WSAGetLastError());
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
