// Command line of sluice-echo: the split at "--", the app's own options, and
// the stack configuration text they become (passed to sluice_set_config).
// Standard C++ only: sluice-echo is a customer of libsluice's public API and
// sees no stack header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::apps {

enum class IdleMode { busy, adaptive };
enum class EngineMode { inline_mode, threaded };

struct EchoOptions {
    std::string address;                  ///< "A.B.C.D/LEN", validated
    std::optional<std::string> gateway;   ///< "A.B.C.D", inside the subnet
    std::optional<std::uint16_t> vlan_id;
    std::string port = "0";
    IdleMode idle = IdleMode::busy;
    EngineMode mode = EngineMode::inline_mode;
    std::uint16_t udp_port = 7;           ///< RFC 862 echo
    std::uint16_t tcp_port = 7;           ///< RFC 862 echo over TCP
    std::optional<std::string> pcap;      ///< capture file (the config's pcap key)
    std::optional<std::string> impair;    ///< fault injection (the config's impair key)
    std::optional<unsigned> delayed_ack_ms;  ///< the config's tcp_delayed_ack
    std::optional<unsigned> msl_s;           ///< the config's tcp_msl (TIME-WAIT is twice it)
    bool help = false;
};

/// argv split at the first "--": EAL arguments before it, the app's after it.
/// Without "--" every argument is the app's.
struct CommandLine {
    std::vector<std::string> eal;
    std::vector<std::string> app;
};
CommandLine split_command_line(int argc, const char* const* argv);

/// Parses app options; throws std::invalid_argument with a message naming
/// the offending option.
EchoOptions parse_echo_options(const std::vector<std::string>& args);

/// The stack configuration text (the SLUICE_CONFIG file format, see
/// <sluice/sluice.h>) for these EAL arguments and options. Throws
/// std::invalid_argument for an EAL argument the format cannot carry (one
/// holding '"', '#' or a line break).
std::string echo_config_text(const std::vector<std::string>& eal_args, const EchoOptions& options);

/// The usage text.
const char* echo_usage();

}  // namespace sluice::apps
