// Command-line options of sluice-echo (the part after the EAL's "--").
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::apps {

enum class IdleMode { busy, adaptive };

struct EchoOptions {
    wire::Ipv4Cidr address;
    std::optional<wire::Ipv4Addr> gateway;
    std::optional<std::uint16_t> vlan_id;
    std::optional<std::string> pcap_path;
    std::string port = "0";
    IdleMode idle = IdleMode::busy;
    bool help = false;
};

/// Parses app options; throws std::invalid_argument with a message naming
/// the offending option.
EchoOptions parse_echo_options(const std::vector<std::string>& args);

/// The usage text.
const char* echo_usage();

}  // namespace sluice::apps
