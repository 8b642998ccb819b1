// StackConfig: how the Winsock layer brings up its stack, and the parser of
// the configuration file named by the SLUICE_CONFIG environment variable.
//
// With nothing configured the embedded default applies: EAL with its own
// embedded default (no NIC, no hugepages needed), a loopback-only engine
// (127.0.0.1/8), inline mode. A port, when given, needs an IPv4 address.
//
// File format: one `key = value` per line; `#` starts a comment; blank lines
// are ignored; every key at most once. Keys:
//   eal      = EAL arguments, split on white space ("..." groups words)
//   port     = ethdev port name or index (e.g. net_tap0 or 0)
//   ipv4     = A.B.C.D/LEN of the port's interface
//   gateway  = A.B.C.D, inside that subnet
//   vlan     = 1..4094
//   mode     = inline | threaded
//   idle     = busy | adaptive
//   hostname = what gethostname() reports (default "sluice")
//   mbufs    = mbufs in the engine's pool (1023..16777215)
//   pcap     = FILE: every frame of the port, both directions, as pcapng
//              (TX checksum offloads are then off, so the file shows wire bytes)
//   engine_cpu = N: pin a threaded engine's thread to CPU N (else it runs
//              where the thread calling WSAStartup may run)
//   max_sockets = N: sockets open at once (1..4194303, the default); one
//              more is WSAEMFILE
//   impair   = TEXT: fault injection on the port (nic/impair.hpp's form,
//              e.g. loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42);
//              for tests and demos, needs a port
//   tcp_delayed_ack = MS: delayed-ACK bound, 0..500 (0: the latency profile,
//              every segment ACKed at once; default 40)
//   tcp_congestion = cubic | newreno (default cubic)
//   tcp_msl  = S: maximum segment lifetime in seconds, 1..120; TIME-WAIT
//              lasts twice it (default 30)
// Errors name the line and the key, so a user can fix the file.
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::provider {

enum class EngineMode { inline_mode, threaded };
enum class IdleMode { busy, adaptive };

struct StackConfig {
    std::vector<std::string> eal_args;           ///< empty: EAL's embedded default
    std::optional<std::string> port;             ///< none: loopback only
    std::optional<wire::Ipv4Cidr> ipv4;
    std::optional<wire::Ipv4Addr> gateway;
    std::optional<std::uint16_t> vlan;
    EngineMode mode = EngineMode::inline_mode;
    IdleMode idle = IdleMode::busy;
    std::string hostname = "sluice";
    std::uint32_t mbufs = 8191;
    std::optional<std::string> pcap;         ///< capture file (needs a port)
    std::optional<unsigned> engine_cpu;      ///< threaded engine's CPU
    std::uint32_t max_sockets = 4194303;     ///< open sockets at most (WSAEMFILE beyond)
    std::optional<std::string> impair;       ///< fault injection text (needs a port)
    std::uint32_t tcp_delayed_ack_ms = 40;
    std::string tcp_congestion = "cubic";
    std::uint32_t tcp_msl_s = 30;
};

/// The outcome of parsing: a config, or a message naming the line.
struct ConfigParse {
    std::optional<StackConfig> config;
    std::string error;
};

/// Parses a configuration file's text (see the file comment).
ConfigParse parse_stack_config(std::string_view text);

/// Splits an EAL argument string on white space; "..." keeps spaces.
/// Returns nullopt for an unterminated quote.
std::optional<std::vector<std::string>> split_arguments(std::string_view text);

/// The environment variable that names the configuration file.
inline constexpr const char* kConfigEnvironmentVariable = "SLUICE_CONFIG";

}  // namespace sluice::provider
