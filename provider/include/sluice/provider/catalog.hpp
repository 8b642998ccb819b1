// The protocol catalog: the ordered list of protocol entries that WSASocket
// selects from and WSAEnumProtocols lists. One ProtocolEntry holds every field
// of a WSAPROTOCOL_INFOW; the API layer converts it to and from the byte-exact
// 628-byte (W) and 372-byte (A) structures.
//
// Spec: shared/spec/winsock-catalog.md §1.1 (the fields), §2.2-§2.4 (the six
// base entries Windows ships), §4d/§4e (layered entries, install/remove,
// catalog ids), §5.2 (catalog model), §5.6 (our base entries).
//
// Invariants:
//  - Order is semantic: WSASocket takes the first matching entry.
//  - Catalog ids are assigned by install() from 1001 upward and are never
//    reused, not even after remove() (Windows' Next_Catalog_Entry_ID).
//  - Every installed entry has a name of at most 255 UTF-16 units
//    (WSAPROTOCOL_LEN) and a protocol-chain length in 0..7.
//  - Pointers and spans into the catalog stay valid until the next
//    install/remove/write_order. The catalog is not synchronised: its owner
//    serialises access.
#pragma once

#include <sluice/provider/result.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sluice::provider {

/// A Windows GUID, field by field (u32, u16, u16, u8[8]).
struct Guid {
    std::uint32_t data1 = 0;
    std::uint16_t data2 = 0;
    std::uint16_t data3 = 0;
    std::array<std::uint8_t, 8> data4{};

    auto operator<=>(const Guid&) const = default;
};

/// The MSAFD Tcpip provider GUIDs (§2.2): one for the IPv4 entries, one for
/// the IPv6 entries, as on Windows.
inline constexpr Guid msafd_tcpip_ipv4_provider{
    0xE70F1AA0, 0xAB8B, 0x11CF, {0x8C, 0xA3, 0x00, 0x80, 0x5F, 0x48, 0xA1, 0x92}};
inline constexpr Guid msafd_tcpip_ipv6_provider{
    0xF9EAB0C0, 0x26D4, 0x11D0, {0xBB, 0xBF, 0x00, 0xAA, 0x00, 0x6C, 0x34, 0xE4}};

/// WSAPROTOCOLCHAIN: length 0 = layered protocol, 1 = base protocol,
/// 2..7 = protocol chain (entries[0] top layer ... entries[length-1] base).
struct ProtocolChain {
    std::int32_t length = 0;
    std::array<std::uint32_t, max_protocol_chain> entries{};

    bool operator==(const ProtocolChain&) const = default;
};

using CatalogId = std::uint32_t;
inline constexpr CatalogId first_catalog_id = 1001;

/// Every WSAPROTOCOL_INFOW field, in the structure's order (§1.1).
struct ProtocolEntry {
    std::uint32_t service_flags1 = 0;  ///< XP1_*
    std::uint32_t service_flags2 = 0;  ///< reserved
    std::uint32_t service_flags3 = 0;  ///< reserved
    std::uint32_t service_flags4 = 0;  ///< reserved
    std::uint32_t provider_flags = 0;  ///< PFL_*
    Guid provider_id{};
    CatalogId catalog_entry_id = 0;    ///< assigned by Catalog::install
    ProtocolChain protocol_chain{};
    std::int32_t version = 0;
    std::int32_t address_family = 0;
    std::int32_t max_sockaddr = 0;
    std::int32_t min_sockaddr = 0;
    std::int32_t socket_type = 0;
    std::int32_t protocol = 0;             ///< first of the range
    std::int32_t protocol_max_offset = 0;  ///< range = [protocol, protocol + offset]
    std::int32_t network_byte_order = 0;   ///< bigendian / littleendian
    std::int32_t security_scheme = 0;
    std::uint32_t message_size = 0;  ///< 0 = stream; 0xFFFFFFFF = depends on MTU
    std::uint32_t provider_reserved = 0;
    std::u16string name;  ///< szProtocol, at most 255 UTF-16 units

    bool operator==(const ProtocolEntry&) const = default;

    bool is_hidden() const { return (provider_flags & pfl::hidden) != 0; }
    bool matches_protocol_zero() const { return (provider_flags & pfl::matches_protocol_zero) != 0; }
    bool is_layered() const { return protocol_chain.length == layered_protocol; }
    bool is_connectionless() const { return (service_flags1 & xp1::connectionless) != 0; }
    /// protocol <= p <= protocol + protocol_max_offset, without overflow for
    /// any field values (entries may come from a caller's lpProtocolInfo).
    bool covers_protocol(int p) const;
};

class Catalog {
public:
    /// An empty catalog whose first install() gets id 1001.
    Catalog() = default;

    /// The six base entries, in Windows' order and with Windows' values
    /// (§2.3/§2.4/§5.6): TCP/IP, UDP/IP, RAW/IP, TCP/IPv6, UDP/IPv6, RAW/IPv6,
    /// ids 1001..1006.
    static Catalog with_base_entries();

    /// Appends `entry` (WSCInstallProvider semantics, §4e) and returns its new
    /// id; the entry's own catalog_entry_id is ignored and overwritten.
    /// WSAEINVAL: name longer than 255 units or chain length outside 0..7.
    /// WSAENOBUFS: the 32-bit id space is exhausted.
    Result<CatalogId> install(ProtocolEntry entry);

    /// Removes the entry with `id` (0) or reports WSAEINVAL if there is none.
    /// The id is not reused.
    int remove(CatalogId id);

    /// Reorders the catalog to `order` (WSCWriteProviderOrder, §4e): it must
    /// name every current id exactly once, else WSAEINVAL and nothing changes.
    int write_order(std::span<const CatalogId> order);

    const ProtocolEntry* find_by_id(CatalogId id) const;
    std::span<const ProtocolEntry> entries() const { return entries_; }
    /// Bumped by every successful install/remove/write_order.
    std::uint64_t serial() const { return serial_; }

private:
    bool is_permutation_of_ids(std::span<const CatalogId> order) const;

    std::vector<ProtocolEntry> entries_;
    std::uint64_t next_id_ = first_catalog_id;
    std::uint64_t serial_ = 0;
};

}  // namespace sluice::provider
