// The text form of an ImpairConfig ("loss=2%,reorder=25%:3ms-5ms,seed=42")
// and its validation. See impair.hpp for the grammar.
//
// Invariants:
//  - Every refusal is a std::invalid_argument whose message starts with
//    "impair: <field>:", so a command line can point at the culprit.
//  - A config returned by parse_impair_config() has passed validate().
#include "sluice/nic/impair.hpp"

#include <charconv>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace sluice::nic {
namespace {

[[noreturn]] void refuse(std::string_view field, std::string_view value, std::string_view want) {
    throw std::invalid_argument("impair: " + std::string(field) + ": '" + std::string(value) +
                                "' " + std::string(want));
}

bool parse_double(std::string_view text, double& value) {
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    return !text.empty() && result.ec == std::errc{} && result.ptr == end;
}

double parse_probability(std::string_view field, std::string_view text) {
    const bool percent = !text.empty() && text.back() == '%';
    double value = 0;
    if (!parse_double(percent ? text.substr(0, text.size() - 1) : text, value)) {
        refuse(field, text, "is not a probability (want N% or a fraction 0-1)");
    }
    value = percent ? value / 100 : value;
    if (!(value >= 0 && value <= 1)) {
        refuse(field, text, "is out of range (want 0-100% or 0-1)");
    }
    return value;
}

std::chrono::nanoseconds parse_duration(std::string_view field, std::string_view text) {
    static constexpr struct { std::string_view suffix; double nanos; } kUnits[] = {
        {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    for (const auto& unit : kUnits) {
        double value = 0;
        if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix) &&
            parse_double(text.substr(0, text.size() - unit.suffix.size()), value)) {
            if (!(value >= 0 && value * unit.nanos < 1e15)) {
                refuse(field, text, "is out of range (want 0 to ~11 days)");
            }
            return std::chrono::nanoseconds(static_cast<std::int64_t>(value * unit.nanos + 0.5));
        }
    }
    refuse(field, text, "is not a duration (want e.g. 500us, 3ms, 1.5s)");
}

void parse_reorder(std::string_view text, ImpairConfig& config) {
    const auto colon = text.find(':');
    config.reorder = parse_probability("reorder", text.substr(0, colon));
    if (colon == std::string_view::npos) {
        return;
    }
    const std::string_view delays = text.substr(colon + 1);
    const auto dash = delays.find('-');
    config.reorder_delay_min = parse_duration("reorder", delays.substr(0, dash));
    config.reorder_delay_max = dash == std::string_view::npos
                                   ? config.reorder_delay_min
                                   : parse_duration("reorder", delays.substr(dash + 1));
}

template <typename Integer>
Integer parse_integer(std::string_view field, std::string_view text) {
    Integer value = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (text.empty() || result.ec != std::errc{} || result.ptr != end) {
        refuse(field, text, "is not an unsigned integer");
    }
    return value;
}

ImpairDirection parse_direction(std::string_view text) {
    if (text == "rx") return ImpairDirection::rx;
    if (text == "tx") return ImpairDirection::tx;
    if (text == "both") return ImpairDirection::both;
    refuse("dir", text, "is not a direction (want rx, tx or both)");
}

void apply(std::string_view key, std::string_view value, ImpairConfig& config) {
    if (key == "loss") {
        config.loss = parse_probability(key, value);
    } else if (key == "dup") {
        config.duplicate = parse_probability(key, value);
    } else if (key == "corrupt") {
        config.corrupt = parse_probability(key, value);
    } else if (key == "reorder") {
        parse_reorder(value, config);
    } else if (key == "seed") {
        config.seed = parse_integer<std::uint64_t>(key, value);
    } else if (key == "dir") {
        config.direction = parse_direction(value);
    } else if (key == "limit") {
        config.hold_capacity = parse_integer<std::size_t>(key, value);
    } else {
        refuse(key, value, "is not a known field (loss, dup, corrupt, reorder, seed, dir, limit)");
    }
}

}  // namespace

void validate(const ImpairConfig& config) {
    const std::pair<const char*, double> probabilities[] = {
        {"loss", config.loss}, {"dup", config.duplicate}, {"corrupt", config.corrupt},
        {"reorder", config.reorder}};
    for (const auto& [field, value] : probabilities) {
        if (!(value >= 0 && value <= 1)) {
            refuse(field, std::to_string(value), "is out of range (want 0-1)");
        }
    }
    if (config.reorder_delay_min.count() < 0 ||
        config.reorder_delay_max < config.reorder_delay_min) {
        refuse("reorder", std::to_string(config.reorder_delay_min.count()) + "ns-" +
                              std::to_string(config.reorder_delay_max.count()) + "ns",
               "is not a delay range (want 0 <= min <= max)");
    }
    if (config.hold_capacity == 0) {
        refuse("limit", "0", "is too small (want at least 1)");
    }
}

ImpairConfig parse_impair_config(std::string_view text) {
    ImpairConfig config;
    std::set<std::string_view> seen;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const auto equals = item.find('=');
        if (equals == std::string_view::npos) {
            refuse(item, item, "is not key=value");
        }
        const std::string_view key = item.substr(0, equals);
        if (!seen.insert(key).second) {
            refuse(key, item.substr(equals + 1), "is given twice");
        }
        apply(key, item.substr(equals + 1), config);
    }
    validate(config);
    return config;
}

}  // namespace sluice::nic
