// ARP for IPv4 over Ethernet (RFC 826).
//
// Only hardware type 1 (Ethernet, length 6) and protocol type 0x0800 (IPv4,
// length 4) are accepted; anything else is a counted drop.
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>

namespace sluice::wire {

inline constexpr std::size_t kArpLen = 28;  ///< Ethernet/IPv4 ARP body

enum class ArpOp : std::uint16_t { request = 1, reply = 2 };

/// Bounds-checked view over an ARP body.
class ArpPacket {
public:
    explicit ArpPacket(Bytes body) : bytes_(body) {}
    /// At least kArpLen bytes and the addresses the header announces, so the
    /// fixed-offset address accessors below never read out of bounds.
    bool check_len() const;
    std::uint16_t hardware_type() const;
    std::uint16_t protocol_type() const;
    std::uint8_t hardware_len() const;
    std::uint8_t protocol_len() const;
    std::uint16_t operation() const;
    MacAddr sender_mac() const;       ///< requires hardware_len()==6 and protocol_len()==4
    Ipv4Addr sender_ip() const;
    MacAddr target_mac() const;
    Ipv4Addr target_ip() const;

private:
    Bytes bytes_;
};

struct ArpRepr {
    ArpOp operation = ArpOp::request;
    MacAddr sender_mac;
    Ipv4Addr sender_ip;
    MacAddr target_mac;
    Ipv4Addr target_ip;

    /// Drops, in this order: arp_truncated (< 8 bytes, or shorter than the
    /// addresses the header announces), arp_bad_hardware (htype != 1 or
    /// hlen != 6), arp_bad_protocol (ptype != 0x0800 or plen != 4),
    /// arp_bad_operation (op not 1 or 2). Trailing padding is allowed.
    static stack::Drop parse(Bytes body, ArpRepr& out);
    static constexpr std::size_t buffer_len() { return kArpLen; }
    void emit(MutableBytes out) const;  ///< writes kArpLen bytes
    bool operator==(const ArpRepr&) const = default;
};

}  // namespace sluice::wire
