// MAC (IEEE 802) and IPv4 (RFC 791 section 2.3) address value types: wire
// conversion, text form and prefixes.
//
// Accepted text forms (strict; anything else is std::nullopt):
//  - MacAddr: six two-digit hex groups separated by ':', either case
//    ("02:00:00:00:00:01"). No '-' separators, no one-digit groups.
//  - Ipv4Addr: exactly four decimal parts separated by '.', each 0..255, no
//    sign, no whitespace and no leading zeros ("01.2.3.4" is rejected: inet_aton
//    would read it as octal, so accepting it would be ambiguous). The short
//    inet_aton forms ("1.2.3", "10.1") are rejected.
//  - Ipv4Cidr: "<Ipv4Addr>/<len>" with len 0..32 in decimal, no leading zeros.
//    The '/' is required (a bare address is not silently a /32). Host bits are
//    kept: "10.0.0.2/24" is an interface address, not only a network.
#include <sluice/stack/wire/address.hpp>

#include <cassert>

namespace sluice::wire {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::optional<std::uint8_t> hex_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    return std::nullopt;
}

// A decimal number of 1..max_digits digits, no sign, no leading zero (except
// "0" itself), not above `max`.
std::optional<unsigned> parse_decimal(std::string_view text, std::size_t max_digits, unsigned max) {
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    if (text.size() > 1 && text[0] == '0') return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

}  // namespace

// ---- MacAddr ----

MacAddr MacAddr::from_bytes(Bytes six) {
    assert(six.size() >= 6);
    MacAddr mac;
    for (std::size_t i = 0; i < 6; ++i) mac.octets[i] = six[i];
    return mac;
}

void MacAddr::write_to(MutableBytes six) const {
    assert(six.size() >= 6);
    for (std::size_t i = 0; i < 6; ++i) six[i] = octets[i];
}

std::string MacAddr::to_string() const {
    std::string text;
    text.reserve(17);
    for (std::size_t i = 0; i < 6; ++i) {
        if (i != 0) text += ':';
        text += kHexDigits[octets[i] >> 4];
        text += kHexDigits[octets[i] & 0x0f];
    }
    return text;
}

std::optional<MacAddr> MacAddr::parse(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    MacAddr mac;
    for (std::size_t i = 0; i < 6; ++i) {
        const std::size_t at = i * 3;
        if (i != 0 && text[at - 1] != ':') return std::nullopt;
        const auto hi = hex_value(text[at]);
        const auto lo = hex_value(text[at + 1]);
        if (!hi || !lo) return std::nullopt;
        mac.octets[i] = static_cast<std::uint8_t>((*hi << 4) | *lo);
    }
    return mac;
}

// ---- Ipv4Addr ----

Ipv4Addr Ipv4Addr::from_bytes(Bytes four) {
    assert(four.size() >= 4);
    return from_octets(four[0], four[1], four[2], four[3]);
}

void Ipv4Addr::write_to(MutableBytes four) const {
    assert(four.size() >= 4);
    for (std::size_t i = 0; i < 4; ++i) four[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

std::string Ipv4Addr::to_string() const {
    std::string text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        if (shift != 24) text += '.';
        text += std::to_string((value >> shift) & 0xff);
    }
    return text;
}

std::optional<Ipv4Addr> Ipv4Addr::parse(std::string_view text) {
    std::uint32_t value = 0;
    for (int part = 0; part < 4; ++part) {
        const std::size_t dot = text.find('.');
        if ((part < 3) == (dot == std::string_view::npos)) return std::nullopt;
        const auto octet = parse_decimal(text.substr(0, dot), 3, 255);
        if (!octet) return std::nullopt;
        value = (value << 8) | *octet;
        text.remove_prefix(dot == std::string_view::npos ? text.size() : dot + 1);
    }
    return Ipv4Addr{value};
}

// ---- Ipv4Cidr ----

std::string Ipv4Cidr::to_string() const {
    return address.to_string() + '/' + std::to_string(prefix_len);
}

std::optional<Ipv4Cidr> Ipv4Cidr::parse(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto address = Ipv4Addr::parse(text.substr(0, slash));
    const auto prefix_len = parse_decimal(text.substr(slash + 1), 2, 32);
    if (!address || !prefix_len) return std::nullopt;
    return Ipv4Cidr{*address, static_cast<std::uint8_t>(*prefix_len)};
}

}  // namespace sluice::wire
