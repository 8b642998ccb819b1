// Ethernet II frames with optional 802.1Q tag (IEEE 802.3, IEEE 802.1Q).
//
// EthernetFrame is a bounds-checked view: once check_len() passes, no accessor
// reads outside the buffer. EthernetRepr is the validated value the stack uses;
// parse() rejects what we cannot handle with a Drop reason, emit() writes
// exactly header_len() bytes.
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace sluice::wire {

namespace ethertype {
inline constexpr std::uint16_t ipv4 = 0x0800;
inline constexpr std::uint16_t arp = 0x0806;
inline constexpr std::uint16_t vlan = 0x8100;   ///< 802.1Q C-tag
inline constexpr std::uint16_t qinq = 0x88a8;   ///< 802.1ad S-tag
inline constexpr std::uint16_t ipv6 = 0x86dd;
}  // namespace ethertype

inline constexpr std::size_t kEthernetHeaderLen = 14;
inline constexpr std::size_t kVlanTagLen = 4;

/// Bounds-checked view over the start of an Ethernet frame.
class EthernetFrame {
public:
    explicit EthernetFrame(Bytes frame) : bytes_(frame) {}
    /// True when the untagged header (14 bytes) fits, and when the frame is
    /// 802.1Q-tagged, the tag too.
    bool check_len() const;
    MacAddr dst() const;
    MacAddr src() const;
    std::uint16_t outer_ethertype() const;  ///< bytes 12..13
    bool has_vlan_tag() const { return outer_ethertype() == ethertype::vlan; }
    std::uint16_t vlan_tci() const;         ///< valid only if has_vlan_tag()
    std::uint16_t ethertype() const;        ///< the inner type when tagged
    std::size_t header_len() const;         ///< 14 or 18
    Bytes payload() const;

private:
    Bytes bytes_;
};

/// A parsed Ethernet header. `vlan_tci` is set for 802.1Q-tagged frames
/// (priority-tagged frames have VLAN id 0).
struct EthernetRepr {
    MacAddr dst;
    MacAddr src;
    std::uint16_t ethertype = 0;
    std::optional<std::uint16_t> vlan_tci;

    /// Parses the header. Drops: eth_truncated, eth_stacked_vlan (a second
    /// 802.1Q/802.1ad tag, or an outer 802.1ad tag). Does not judge addresses.
    static stack::Drop parse(Bytes frame, EthernetRepr& out);
    std::size_t header_len() const { return vlan_tci ? kEthernetHeaderLen + kVlanTagLen : kEthernetHeaderLen; }
    std::uint16_t vlan_id() const { return vlan_tci ? (*vlan_tci & 0x0fff) : 0; }
    /// Writes header_len() bytes. Precondition: out.size() >= header_len().
    void emit(MutableBytes out) const;
    bool operator==(const EthernetRepr&) const = default;
};

}  // namespace sluice::wire
