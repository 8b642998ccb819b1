// Parsing of sluice-echo's own options. See options.hpp.
#include "options.hpp"

#include <charconv>
#include <stdexcept>

namespace sluice::apps {

const char* echo_usage() {
    return "usage: sluice-echo [EAL options] -- --ip A.B.C.D/LEN [options]\n"
           "  --ip A.B.C.D/LEN   interface address and prefix (required)\n"
           "  --gw A.B.C.D       default gateway (inside the subnet)\n"
           "  --vlan ID          802.1Q VLAN id 1..4094 (default: untagged)\n"
           "  --port NAME|INDEX  ethdev port (default 0)\n"
           "  --pcap FILE        write every received and sent frame as pcapng\n"
           "  --idle busy|adaptive  busy polling (default) or back off when idle\n"
           "With no EAL options sluice picks a working default (--no-pci, in-memory).\n";
}

namespace {

const std::string& value_of(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + " needs a value");
    return args[++i];
}

std::uint16_t parse_vlan(const std::string& text) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v == 0 || v > 4094)
        throw std::invalid_argument("--vlan wants 1..4094, got '" + text + "'");
    return static_cast<std::uint16_t>(v);
}

}  // namespace

EchoOptions parse_echo_options(const std::vector<std::string>& args) {
    EchoOptions o;
    bool have_ip = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.help = true;
        } else if (a == "--ip") {
            auto cidr = wire::Ipv4Cidr::parse(value_of(args, i));
            if (!cidr) throw std::invalid_argument("--ip wants A.B.C.D/LEN, got '" + args[i] + "'");
            o.address = *cidr;
            have_ip = true;
        } else if (a == "--gw") {
            auto gw = wire::Ipv4Addr::parse(value_of(args, i));
            if (!gw) throw std::invalid_argument("--gw wants A.B.C.D, got '" + args[i] + "'");
            o.gateway = *gw;
        } else if (a == "--vlan") {
            o.vlan_id = parse_vlan(value_of(args, i));
        } else if (a == "--port") {
            o.port = value_of(args, i);
        } else if (a == "--pcap") {
            o.pcap_path = value_of(args, i);
        } else if (a == "--idle") {
            const std::string& mode = value_of(args, i);
            if (mode == "busy") o.idle = IdleMode::busy;
            else if (mode == "adaptive") o.idle = IdleMode::adaptive;
            else throw std::invalid_argument("--idle wants busy or adaptive, got '" + mode + "'");
        } else {
            throw std::invalid_argument("unknown option '" + a + "'");
        }
    }
    if (!have_ip && !o.help) throw std::invalid_argument("--ip is required");
    return o;
}

}  // namespace sluice::apps
