// Ethernet II framing (IEEE 802.3 clause 3.2.6 Length/Type field used as a
// type, "DIX" frames) with one optional 802.1Q C-tag (IEEE 802.1Q section
// 9.6: TPID 0x8100 followed by a 16-bit TCI = PCP:3 DEI:1 VID:12).
//
// Layout (no preamble, no FCS: the NIC strips both):
//   0..5 destination, 6..11 source, 12..13 type or TPID,
//   tagged: 14..15 TCI, 16..17 inner type.
// Stacked tags (802.1ad S-tag 0x88a8 outside, or a second C-tag) are refused
// with eth_stacked_vlan: we terminate at most one tag.
#include <sluice/stack/wire/ethernet.hpp>

#include "byte_order.hpp"

#include <cassert>

namespace sluice::wire {
namespace {

constexpr std::size_t kDst = 0;
constexpr std::size_t kSrc = 6;
constexpr std::size_t kType = 12;
constexpr std::size_t kTci = 14;
constexpr std::size_t kInnerType = 16;

bool is_tag_type(std::uint16_t type) { return type == ethertype::vlan || type == ethertype::qinq; }

}  // namespace

// ---- EthernetFrame ----

bool EthernetFrame::check_len() const {
    if (bytes_.size() < kEthernetHeaderLen) return false;
    return !has_vlan_tag() || bytes_.size() >= kEthernetHeaderLen + kVlanTagLen;
}

MacAddr EthernetFrame::dst() const { return MacAddr::from_bytes(bytes_.subspan(kDst, 6)); }
MacAddr EthernetFrame::src() const { return MacAddr::from_bytes(bytes_.subspan(kSrc, 6)); }
std::uint16_t EthernetFrame::outer_ethertype() const { return detail::load_be16(bytes_, kType); }
std::uint16_t EthernetFrame::vlan_tci() const { return detail::load_be16(bytes_, kTci); }

std::uint16_t EthernetFrame::ethertype() const {
    return has_vlan_tag() ? detail::load_be16(bytes_, kInnerType) : outer_ethertype();
}

std::size_t EthernetFrame::header_len() const {
    return has_vlan_tag() ? kEthernetHeaderLen + kVlanTagLen : kEthernetHeaderLen;
}

Bytes EthernetFrame::payload() const { return bytes_.subspan(header_len()); }

// ---- EthernetRepr ----

stack::Drop EthernetRepr::parse(Bytes frame, EthernetRepr& out) {
    const EthernetFrame view(frame);
    if (!view.check_len()) return stack::Drop::eth_truncated;
    if (view.outer_ethertype() == ethertype::qinq) return stack::Drop::eth_stacked_vlan;
    if (view.has_vlan_tag() && is_tag_type(view.ethertype())) return stack::Drop::eth_stacked_vlan;
    out.dst = view.dst();
    out.src = view.src();
    out.ethertype = view.ethertype();
    out.vlan_tci = view.has_vlan_tag() ? std::optional{view.vlan_tci()} : std::nullopt;
    return stack::Drop::none;
}

void EthernetRepr::emit(MutableBytes out) const {
    assert(out.size() >= header_len());
    dst.write_to(out.subspan(kDst, 6));
    src.write_to(out.subspan(kSrc, 6));
    if (vlan_tci) {
        detail::store_be16(out, kType, ethertype::vlan);
        detail::store_be16(out, kTci, *vlan_tci);
        detail::store_be16(out, kInnerType, ethertype);
    } else {
        detail::store_be16(out, kType, ethertype);
    }
}

}  // namespace sluice::wire
