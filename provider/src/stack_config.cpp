// Parsing of the stack configuration file. See stack_config.hpp.
#include <sluice/provider/stack_config.hpp>

#include <charconv>
#include <set>

namespace sluice::provider {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

template <class T>
bool parse_number(std::string_view text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

/// Applies one key; returns an error message, empty on success.
std::string apply(StackConfig& c, std::string_view key, std::string_view value) {
    if (key == "eal") {
        auto args = split_arguments(value);
        if (!args) return "unterminated quote";
        c.eal_args = std::move(*args);
    } else if (key == "port") {
        if (value.empty()) return "needs a port name or index";
        c.port = std::string(value);
    } else if (key == "ipv4") {
        c.ipv4 = wire::Ipv4Cidr::parse(value);
        if (!c.ipv4) return "wants A.B.C.D/LEN";
    } else if (key == "gateway") {
        c.gateway = wire::Ipv4Addr::parse(value);
        if (!c.gateway) return "wants A.B.C.D";
    } else if (key == "vlan") {
        unsigned v = 0;
        if (!parse_number(value, v) || v == 0 || v > 4094) return "wants 1..4094";
        c.vlan = static_cast<std::uint16_t>(v);
    } else if (key == "mode") {
        if (value == "inline") c.mode = EngineMode::inline_mode;
        else if (value == "threaded") c.mode = EngineMode::threaded;
        else return "wants inline or threaded";
    } else if (key == "idle") {
        if (value == "busy") c.idle = IdleMode::busy;
        else if (value == "adaptive") c.idle = IdleMode::adaptive;
        else return "wants busy or adaptive";
    } else if (key == "hostname") {
        if (value.empty() || value.size() > 255) return "wants 1..255 characters";
        c.hostname = std::string(value);
    } else if (key == "pcap") {
        if (value.empty()) return "needs a file name";
        c.pcap = std::string(value);
    } else if (key == "engine_cpu") {
        unsigned cpu = 0;
        if (!parse_number(value, cpu) || cpu > 4095) return "wants a CPU number 0..4095";
        c.engine_cpu = cpu;
    } else if (key == "max_sockets") {
        std::uint32_t n = 0;
        if (!parse_number(value, n) || n == 0 || n > 4194303) return "wants 1..4194303";
        c.max_sockets = n;
    } else if (key == "mbufs") {
        std::uint32_t n = 0;
        if (!parse_number(value, n) || n < 1023 || n > 16777215) return "wants 1023..16777215";
        c.mbufs = n;
    } else if (key == "impair") {
        if (value.empty()) return "needs a fault description (loss=..%,dup=..%,...)";
        c.impair = std::string(value);
    } else if (key == "tcp_delayed_ack") {
        std::uint32_t ms = 0;
        if (!parse_number(value, ms) || ms > 500) return "wants milliseconds 0..500";
        c.tcp_delayed_ack_ms = ms;
    } else if (key == "tcp_congestion") {
        if (value != "cubic" && value != "newreno") return "wants cubic or newreno";
        c.tcp_congestion = std::string(value);
    } else if (key == "tcp_msl") {
        std::uint32_t sec = 0;
        if (!parse_number(value, sec) || sec == 0 || sec > 120) return "wants seconds 1..120";
        c.tcp_msl_s = sec;
    } else {
        return "unknown key";
    }
    return {};
}

std::string check_consistency(const StackConfig& c) {
    if (c.port && !c.ipv4) return "port needs an ipv4 address";
    if (!c.port && (c.ipv4 || c.gateway || c.vlan || c.pcap || c.impair))
        return "ipv4, gateway, vlan, pcap and impair need a port";
    if (c.engine_cpu && c.mode != EngineMode::threaded) return "engine_cpu needs mode = threaded";
    if (c.gateway && !c.ipv4->contains(*c.gateway)) return "gateway is not inside the ipv4 subnet";
    if (c.ipv4 && (c.ipv4->address.is_loopback() || c.ipv4->address.is_multicast() || c.ipv4->address.is_unspecified()))
        return "ipv4 cannot be a loopback, multicast or unspecified address";
    return {};
}

}  // namespace

std::optional<std::vector<std::string>> split_arguments(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    bool in_word = false, quoted = false;
    for (const char ch : text) {
        if (ch == '"') {
            quoted = !quoted;
            in_word = true;
        } else if ((ch == ' ' || ch == '\t') && !quoted) {
            if (in_word) out.push_back(std::move(current));
            current.clear();
            in_word = false;
        } else {
            current.push_back(ch);
            in_word = true;
        }
    }
    if (quoted) return std::nullopt;
    if (in_word) out.push_back(std::move(current));
    return out;
}

ConfigParse parse_stack_config(std::string_view text) {
    StackConfig config;
    std::set<std::string, std::less<>> seen;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        const auto hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        const std::string where = "line " + std::to_string(line_number) + ": ";
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) return {std::nullopt, where + "expected key = value"};
        const std::string_view key = trim(line.substr(0, equals));
        const std::string_view value = trim(line.substr(equals + 1));
        if (!seen.insert(std::string(key)).second) return {std::nullopt, where + std::string(key) + ": given twice"};
        const std::string error = apply(config, key, value);
        if (!error.empty()) return {std::nullopt, where + std::string(key) + ": " + error};
    }
    const std::string error = check_consistency(config);
    if (!error.empty()) return {std::nullopt, error};
    return {std::move(config), {}};
}

}  // namespace sluice::provider
