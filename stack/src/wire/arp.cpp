// ARP for IPv4 over Ethernet (RFC 826, "Packet format"; RFC 5227 for the
// gratuitous/announcement form, which is an ordinary request and needs nothing
// special here).
//
// Body layout (offsets for hlen=6, plen=4, the only combination accepted):
//   0..1 hrd (1 = Ethernet), 2..3 pro (0x0800), 4 hln, 5 pln, 6..7 op,
//   8..13 sha, 14..17 spa, 18..23 tha, 24..27 tpa.
// Ethernet minimum-frame padding after the 28 bytes is ignored.
#include <sluice/stack/wire/arp.hpp>
#include <sluice/stack/wire/ethernet.hpp>  // ethertype::ipv4, also ARP's protocol type

#include "byte_order.hpp"

#include <cassert>

namespace sluice::wire {
namespace {

constexpr std::size_t kFixedLen = 8;
constexpr std::uint16_t kHwEthernet = 1;
constexpr std::uint8_t kHwLen = 6;
constexpr std::uint8_t kProtoLen = 4;
constexpr std::size_t kSha = 8;
constexpr std::size_t kSpa = 14;
constexpr std::size_t kTha = 18;
constexpr std::size_t kTpa = 24;

// The fixed part plus the four addresses the header announces.
std::size_t announced_len(const ArpPacket& p) {
    return kFixedLen + 2 * std::size_t{p.hardware_len()} + 2 * std::size_t{p.protocol_len()};
}

}  // namespace

// ---- ArpPacket ----

// Also requires kArpLen so that the fixed-offset address accessors stay in
// bounds whatever hlen/plen claim (e.g. hlen=1, plen=1 announces 12 bytes).
bool ArpPacket::check_len() const {
    return bytes_.size() >= kArpLen && bytes_.size() >= announced_len(*this);
}

std::uint16_t ArpPacket::hardware_type() const { return detail::load_be16(bytes_, 0); }
std::uint16_t ArpPacket::protocol_type() const { return detail::load_be16(bytes_, 2); }
std::uint8_t ArpPacket::hardware_len() const { return bytes_[4]; }
std::uint8_t ArpPacket::protocol_len() const { return bytes_[5]; }
std::uint16_t ArpPacket::operation() const { return detail::load_be16(bytes_, 6); }
MacAddr ArpPacket::sender_mac() const { return MacAddr::from_bytes(bytes_.subspan(kSha, 6)); }
Ipv4Addr ArpPacket::sender_ip() const { return Ipv4Addr::from_bytes(bytes_.subspan(kSpa, 4)); }
MacAddr ArpPacket::target_mac() const { return MacAddr::from_bytes(bytes_.subspan(kTha, 6)); }
Ipv4Addr ArpPacket::target_ip() const { return Ipv4Addr::from_bytes(bytes_.subspan(kTpa, 4)); }

// ---- ArpRepr ----

stack::Drop ArpRepr::parse(Bytes body, ArpRepr& out) {
    const ArpPacket p(body);
    // The fixed part is read before check_len(): the drop order wants the
    // announced lengths judged (truncated) before the types are.
    if (body.size() < kFixedLen || body.size() < announced_len(p)) return stack::Drop::arp_truncated;
    if (p.hardware_type() != kHwEthernet || p.hardware_len() != kHwLen) return stack::Drop::arp_bad_hardware;
    if (p.protocol_type() != ethertype::ipv4 || p.protocol_len() != kProtoLen) return stack::Drop::arp_bad_protocol;
    const std::uint16_t op = p.operation();
    if (op != 1 && op != 2) return stack::Drop::arp_bad_operation;
    // hlen=6 and plen=4 announce exactly kArpLen bytes, so check_len() holds.
    out.operation = static_cast<ArpOp>(op);
    out.sender_mac = p.sender_mac();
    out.sender_ip = p.sender_ip();
    out.target_mac = p.target_mac();
    out.target_ip = p.target_ip();
    return stack::Drop::none;
}

void ArpRepr::emit(MutableBytes out) const {
    assert(out.size() >= kArpLen);
    detail::store_be16(out, 0, kHwEthernet);
    detail::store_be16(out, 2, ethertype::ipv4);
    out[4] = kHwLen;
    out[5] = kProtoLen;
    detail::store_be16(out, 6, static_cast<std::uint16_t>(operation));
    sender_mac.write_to(out.subspan(kSha, 6));
    sender_ip.write_to(out.subspan(kSpa, 4));
    target_mac.write_to(out.subspan(kTha, 6));
    target_ip.write_to(out.subspan(kTpa, 4));
}

}  // namespace sluice::wire
