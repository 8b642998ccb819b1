// The protocol catalog: install/remove/reorder with never-reused ids, and the
// six base entries with Windows' exact values.
//
// Spec: shared/spec/winsock-catalog.md §2.2-§2.4 (base entries), §4e (install,
// remove, WSCWriteProviderOrder, ids from 1001 never reused), §5.6.
// Invariants: see catalog.hpp. Where the spec is silent or contradicts itself
// the choice is written next to the value below.
#include <sluice/provider/catalog.hpp>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <set>

namespace sluice::provider {
namespace {

// The values that differ between the six base entries (§2.3 table).
struct BaseSpec {
    std::int32_t family;
    std::int32_t type;
    std::int32_t protocol;
    std::int32_t protocol_max_offset;
    std::uint32_t service_flags1;
    std::uint32_t provider_flags;
    std::int32_t sockaddr_len;  // iMinSockAddr == iMaxSockAddr
    std::uint32_t message_size;
    const char16_t* name;
    Guid provider;
};

// 0x20066 = GUARANTEED_DELIVERY|GUARANTEED_ORDER|GRACEFUL_CLOSE|EXPEDITED_DATA|IFS_HANDLES
constexpr std::uint32_t tcp_service = xp1::guaranteed_delivery | xp1::guaranteed_order |
                                      xp1::graceful_close | xp1::expedited_data |
                                      xp1::ifs_handles;
// 0x20609 = CONNECTIONLESS|MESSAGE_ORIENTED|SUPPORT_BROADCAST|SUPPORT_MULTIPOINT|IFS_HANDLES
constexpr std::uint32_t datagram_service = xp1::connectionless | xp1::message_oriented |
                                           xp1::support_broadcast | xp1::support_multipoint |
                                           xp1::ifs_handles;
constexpr std::uint32_t visible_flags = pfl::matches_protocol_zero;
constexpr std::uint32_t raw_flags = pfl::matches_protocol_zero | pfl::hidden;
// UDP: 65535 - 60 (max IPv4 header) - 8 = 65467 (§2.3). RAW: 0xFFBB too, as in
// the MS DDK WSH sample and Windows CE (§2.4; Wine's 0x8000 is Wine's own).
// The spec gives the same 0xFFBB for the IPv6 entries (§2.3 table, §5.6).
constexpr std::uint32_t datagram_message_size = 0xFFBB;
constexpr std::int32_t sockaddr_in_len = 16;
constexpr std::int32_t sockaddr_in6_len = 28;

constexpr std::array<BaseSpec, 6> base_specs{{
    {af::inet, sock::stream, ipproto::tcp, 0, tcp_service, visible_flags, sockaddr_in_len, 0,
     u"MSAFD Tcpip [TCP/IP]", msafd_tcpip_ipv4_provider},
    {af::inet, sock::dgram, ipproto::udp, 0, datagram_service, visible_flags, sockaddr_in_len,
     datagram_message_size, u"MSAFD Tcpip [UDP/IP]", msafd_tcpip_ipv4_provider},
    {af::inet, sock::raw, 0, 255, datagram_service, raw_flags, sockaddr_in_len,
     datagram_message_size, u"MSAFD Tcpip [RAW/IP]", msafd_tcpip_ipv4_provider},
    {af::inet6, sock::stream, ipproto::tcp, 0, tcp_service, visible_flags, sockaddr_in6_len, 0,
     u"MSAFD Tcpip [TCP/IPv6]", msafd_tcpip_ipv6_provider},
    {af::inet6, sock::dgram, ipproto::udp, 0, datagram_service, visible_flags, sockaddr_in6_len,
     datagram_message_size, u"MSAFD Tcpip [UDP/IPv6]", msafd_tcpip_ipv6_provider},
    {af::inet6, sock::raw, 0, 255, datagram_service, raw_flags, sockaddr_in6_len,
     datagram_message_size, u"MSAFD Tcpip [RAW/IPv6]", msafd_tcpip_ipv6_provider},
}};

ProtocolEntry make_base_entry(const BaseSpec& spec) {
    ProtocolEntry e;
    e.service_flags1 = spec.service_flags1;  // flags 2..4 = 0 (§2.2)
    e.provider_flags = spec.provider_flags;
    e.provider_id = spec.provider;
    // ChainLen = BASE_PROTOCOL with ChainEntries all 0, as §2.2 records for
    // Windows (and Wine's table). §5.6 suggests ChainEntries[0] = own id;
    // we follow the Windows observation.
    e.protocol_chain.length = base_protocol;
    e.version = 2;
    e.address_family = spec.family;
    e.max_sockaddr = spec.sockaddr_len;
    e.min_sockaddr = spec.sockaddr_len;
    e.socket_type = spec.type;
    e.protocol = spec.protocol;
    e.protocol_max_offset = spec.protocol_max_offset;
    e.network_byte_order = bigendian;
    e.security_scheme = security_protocol_none;
    e.message_size = spec.message_size;
    e.provider_reserved = 0;
    e.name = spec.name;
    return e;
}

bool valid_for_install(const ProtocolEntry& e) {
    const auto chain = e.protocol_chain.length;
    return e.name.size() <= wsaprotocol_len && chain >= 0 && chain <= max_protocol_chain;
}

}  // namespace

bool ProtocolEntry::covers_protocol(int p) const {
    const auto first = static_cast<std::int64_t>(protocol);
    const auto last = first + static_cast<std::int64_t>(protocol_max_offset);
    return first <= p && p <= last;
}

Catalog Catalog::with_base_entries() {
    Catalog catalog;
    for (const auto& spec : base_specs) {
        const auto id = catalog.install(make_base_entry(spec));
        assert(id.ok());
        (void)id;
    }
    return catalog;
}

Result<CatalogId> Catalog::install(ProtocolEntry entry) {
    if (!valid_for_install(entry)) return Result<CatalogId>::failure(err::wsaeinval);
    if (next_id_ > std::numeric_limits<CatalogId>::max()) {
        return Result<CatalogId>::failure(err::wsaenobufs);
    }
    const auto id = static_cast<CatalogId>(next_id_++);
    entry.catalog_entry_id = id;
    entries_.push_back(std::move(entry));
    ++serial_;
    return id;
}

int Catalog::remove(CatalogId id) {
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [id](const ProtocolEntry& e) { return e.catalog_entry_id == id; });
    if (it == entries_.end()) return err::wsaeinval;
    entries_.erase(it);
    ++serial_;
    return err::no_error;
}

bool Catalog::is_permutation_of_ids(std::span<const CatalogId> order) const {
    if (order.size() != entries_.size()) return false;
    const std::set<CatalogId> wanted(order.begin(), order.end());
    if (wanted.size() != order.size()) return false;  // an id named twice
    return std::all_of(order.begin(), order.end(),
                       [this](CatalogId id) { return find_by_id(id) != nullptr; });
}

int Catalog::write_order(std::span<const CatalogId> order) {
    if (!is_permutation_of_ids(order)) return err::wsaeinval;
    std::vector<ProtocolEntry> reordered;
    reordered.reserve(entries_.size());
    for (const CatalogId id : order) reordered.push_back(*find_by_id(id));
    entries_ = std::move(reordered);
    ++serial_;
    return err::no_error;
}

const ProtocolEntry* Catalog::find_by_id(CatalogId id) const {
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [id](const ProtocolEntry& e) { return e.catalog_entry_id == id; });
    return it == entries_.end() ? nullptr : &*it;
}

}  // namespace sluice::provider
