// Link and network addresses as value types.
//
// Invariant: values are held in host order with explicit conversions at the
// wire boundary (from_bytes / write_to), so protocol code never byte-swaps.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice::wire {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

/// A 48-bit IEEE 802 MAC address.
struct MacAddr {
    std::array<std::uint8_t, 6> octets{};

    static constexpr MacAddr broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
    static MacAddr from_bytes(Bytes six);
    void write_to(MutableBytes six) const;
    constexpr bool is_broadcast() const { return *this == broadcast(); }
    constexpr bool is_multicast() const { return (octets[0] & 0x01) != 0; }  ///< includes broadcast
    constexpr bool is_unicast() const { return !is_multicast(); }
    constexpr bool is_zero() const { return *this == MacAddr{}; }
    std::string to_string() const;  ///< "02:00:00:00:00:01"
    static std::optional<MacAddr> parse(std::string_view text);
    constexpr auto operator<=>(const MacAddr&) const = default;
    /// Inline byte compare: the per-frame destination check must not call memcmp.
    constexpr bool operator==(const MacAddr& other) const {
        return octets[0] == other.octets[0] && octets[1] == other.octets[1] && octets[2] == other.octets[2] &&
               octets[3] == other.octets[3] && octets[4] == other.octets[4] && octets[5] == other.octets[5];
    }
};

/// An IPv4 address, host order.
struct Ipv4Addr {
    std::uint32_t value = 0;

    static constexpr Ipv4Addr from_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
        return {(std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d};
    }
    static constexpr Ipv4Addr any() { return {0}; }
    static constexpr Ipv4Addr limited_broadcast() { return {0xffffffffu}; }
    static Ipv4Addr from_bytes(Bytes four);
    void write_to(MutableBytes four) const;
    constexpr bool is_unspecified() const { return value == 0; }
    constexpr bool is_limited_broadcast() const { return value == 0xffffffffu; }
    constexpr bool is_multicast() const { return (value >> 28) == 0xe; }  ///< 224.0.0.0/4
    constexpr bool is_loopback() const { return (value >> 24) == 127; }
    std::string to_string() const;  ///< dotted quad
    static std::optional<Ipv4Addr> parse(std::string_view text);
    constexpr auto operator<=>(const Ipv4Addr&) const = default;
};

/// An IPv4 prefix (address plus prefix length), e.g. 10.0.0.2/24.
struct Ipv4Cidr {
    Ipv4Addr address;
    std::uint8_t prefix_len = 32;

    constexpr std::uint32_t mask() const {
        return prefix_len == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix_len);
    }
    constexpr Ipv4Addr network() const { return {address.value & mask()}; }
    /// The subnet-directed broadcast address; none for /31 and /32 (RFC 3021).
    constexpr std::optional<Ipv4Addr> broadcast() const {
        if (prefix_len >= 31) return std::nullopt;
        return Ipv4Addr{address.value | ~mask()};
    }
    constexpr bool contains(Ipv4Addr a) const { return (a.value & mask()) == network().value; }
    std::string to_string() const;  ///< "10.0.0.2/24"
    static std::optional<Ipv4Cidr> parse(std::string_view text);
    constexpr auto operator<=>(const Ipv4Cidr&) const = default;
};

}  // namespace sluice::wire
