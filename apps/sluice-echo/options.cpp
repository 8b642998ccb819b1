// Parsing of sluice-echo's command line and the configuration text it
// becomes. See options.hpp.
#include "options.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace sluice::apps {

const char* echo_usage() {
    return "usage: sluice-echo [EAL options] -- --ip A.B.C.D/LEN [options]\n"
           "  --ip A.B.C.D/LEN      interface address and prefix (required)\n"
           "  --gw A.B.C.D          default gateway (inside the subnet)\n"
           "  --vlan ID             802.1Q VLAN id 1..4094 (default: untagged)\n"
           "  --port NAME|INDEX     ethdev port (default 0)\n"
           "  --mode inline|threaded  engine on the calling thread (default) or its own\n"
           "  --idle busy|adaptive  busy polling (default) or back off when idle\n"
           "  --udp-port N          UDP echo port, RFC 862 (default 7)\n"
           "  --tcp-port N          TCP echo port, RFC 862 (default 7)\n"
           "  --pcap FILE           record every frame of the port as pcapng\n"
           "  --impair SPEC         fault injection on the port, e.g.\n"
           "                        loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42\n"
           "  --delayed-ack MS      TCP delayed-ACK bound (0: ACK every segment at once)\n"
           "  --msl S               TCP maximum segment lifetime, 1..120 s (TIME-WAIT lasts\n"
           "                        twice it; default 30)\n"
           "Answers ARP and ping, and echoes every UDP datagram and TCP stream sent to\n"
           "the echo ports.\n"
           "With no EAL options sluice picks a working default (--no-pci, in-memory).\n";
}

CommandLine split_command_line(int argc, const char* const* argv) {
    CommandLine split;
    bool had_separator = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (!had_separator && arg == "--") {
            had_separator = true;
            split.eal = std::move(split.app);
            split.app.clear();
            continue;
        }
        split.app.push_back(std::move(arg));
    }
    return split;
}

namespace {

const std::string& value_of(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + " needs a value");
    return args[++i];
}

/// Decimal without sign or leading zero, at most max_digits digits, <= max.
std::optional<unsigned> parse_decimal(std::string_view text, std::size_t max_digits, unsigned max) {
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    if (text.size() > 1 && text[0] == '0') return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

/// Dotted quad, the stack's own rules (no leading zeros); host order.
std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
    std::uint32_t value = 0;
    for (int part = 0; part < 4; ++part) {
        const std::size_t dot = text.find('.');
        if ((part < 3) == (dot == std::string_view::npos)) return std::nullopt;
        const auto octet = parse_decimal(text.substr(0, dot), 3, 255);
        if (!octet) return std::nullopt;
        value = (value << 8) | *octet;
        text.remove_prefix(dot == std::string_view::npos ? text.size() : dot + 1);
    }
    return value;
}

struct Cidr {
    std::uint32_t address;
    unsigned prefix;
    bool contains(std::uint32_t a) const {
        const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
        return (a & mask) == (address & mask);
    }
};

std::optional<Cidr> parse_cidr(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto address = parse_ipv4(text.substr(0, slash));
    const auto prefix = parse_decimal(text.substr(slash + 1), 2, 32);
    if (!address || !prefix) return std::nullopt;
    return Cidr{*address, *prefix};
}

unsigned parse_ranged(const std::string& option, const std::string& text, unsigned low, unsigned high) {
    const auto v = parse_decimal(text, 5, high);
    if (!v || *v < low)
        throw std::invalid_argument(option + " wants " + std::to_string(low) + ".." + std::to_string(high) +
                                    ", got '" + text + "'");
    return *v;
}

/// What a configuration value cannot hold: '#' starts a comment, a line
/// break ends the line, '"' groups EAL words and has no escape.
bool representable(const std::string& text) { return text.find_first_of("#\"\r\n") == std::string::npos; }

}  // namespace

EchoOptions parse_echo_options(const std::vector<std::string>& args) {
    EchoOptions o;
    std::optional<Cidr> cidr;
    std::optional<std::uint32_t> gateway;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--ip") {
            const std::string& text = value_of(args, i);
            cidr = parse_cidr(text);
            if (!cidr) throw std::invalid_argument("--ip wants A.B.C.D/LEN, got '" + text + "'");
            const std::uint32_t first = cidr->address >> 24;
            if (first == 0 || first == 127 || first >= 224)
                throw std::invalid_argument("--ip cannot be an unspecified, loopback or multicast address, got '" +
                                            text + "'");
            o.address = text;
        } else if (a == "--gw") {
            const std::string& text = value_of(args, i);
            gateway = parse_ipv4(text);
            if (!gateway) throw std::invalid_argument("--gw wants A.B.C.D, got '" + text + "'");
            o.gateway = text;
        } else if (a == "--vlan") {
            o.vlan_id = static_cast<std::uint16_t>(parse_ranged("--vlan", value_of(args, i), 1, 4094));
        } else if (a == "--port") {
            const std::string& text = value_of(args, i);
            if (text.empty() || !representable(text))
                throw std::invalid_argument("--port wants a port name or index, got '" + text + "'");
            o.port = text;
        } else if (a == "--idle") {
            const std::string& mode = value_of(args, i);
            if (mode == "busy") o.idle = IdleMode::busy;
            else if (mode == "adaptive") o.idle = IdleMode::adaptive;
            else throw std::invalid_argument("--idle wants busy or adaptive, got '" + mode + "'");
        } else if (a == "--mode") {
            const std::string& mode = value_of(args, i);
            if (mode == "inline") o.mode = EngineMode::inline_mode;
            else if (mode == "threaded") o.mode = EngineMode::threaded;
            else throw std::invalid_argument("--mode wants inline or threaded, got '" + mode + "'");
        } else if (a == "--udp-port") {
            o.udp_port = static_cast<std::uint16_t>(parse_ranged("--udp-port", value_of(args, i), 1, 65535));
        } else if (a == "--tcp-port") {
            o.tcp_port = static_cast<std::uint16_t>(parse_ranged("--tcp-port", value_of(args, i), 1, 65535));
        } else if (a == "--delayed-ack") {
            o.delayed_ack_ms = parse_ranged("--delayed-ack", value_of(args, i), 0, 500);
        } else if (a == "--msl") {
            o.msl_s = parse_ranged("--msl", value_of(args, i), 1, 120);
        } else if (a == "--impair") {
            const std::string& spec = value_of(args, i);
            if (spec.empty() || !representable(spec) || spec.find_first_of(" \t") != std::string::npos)
                throw std::invalid_argument("--impair wants a fault description without spaces, got '" + spec + "'");
            o.impair = spec;
        } else if (a == "--pcap") {
            const std::string& path = value_of(args, i);
            if (path.empty() || !representable(path))
                throw std::invalid_argument("--pcap wants a file name without '\"', '#' or line breaks, got '" +
                                            path + "'");
            o.pcap = path;
        } else {
            throw std::invalid_argument("unknown option '" + a + "'");
        }
    }
    if (o.help) return o;
    if (!cidr) throw std::invalid_argument("--ip is required");
    if (gateway && !cidr->contains(*gateway))
        throw std::invalid_argument("--gw " + *o.gateway + " is not inside --ip " + o.address);
    return o;
}

std::string echo_config_text(const std::vector<std::string>& eal_args, const EchoOptions& o) {
    std::string eal;
    for (const std::string& arg : eal_args) {
        if (!representable(arg))
            throw std::invalid_argument("EAL argument '" + arg + "' holds '\"', '#' or a line break, which the "
                                        "stack configuration cannot carry");
        if (!eal.empty()) eal += ' ';
        if (arg.empty() || arg.find_first_of(" \t") != std::string::npos) {
            eal += '"' + arg + '"';
        } else {
            eal += arg;
        }
    }
    std::string text;
    if (!eal.empty()) text += "eal = " + eal + "\n";
    text += "port = " + o.port + "\n";
    text += "ipv4 = " + o.address + "\n";
    if (o.gateway) text += "gateway = " + *o.gateway + "\n";
    if (o.vlan_id) text += "vlan = " + std::to_string(*o.vlan_id) + "\n";
    if (o.pcap) text += "pcap = " + *o.pcap + "\n";
    if (o.impair) text += "impair = " + *o.impair + "\n";
    if (o.delayed_ack_ms) text += "tcp_delayed_ack = " + std::to_string(*o.delayed_ack_ms) + "\n";
    if (o.msl_s) text += "tcp_msl = " + std::to_string(*o.msl_s) + "\n";
    text += std::string("mode = ") + (o.mode == EngineMode::threaded ? "threaded" : "inline") + "\n";
    text += std::string("idle = ") + (o.idle == IdleMode::adaptive ? "adaptive" : "busy") + "\n";
    return text;
}

}  // namespace sluice::apps
