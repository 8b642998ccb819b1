// WSASocket's provider selection: from (af, type, protocol, lpProtocolInfo, g,
// dwFlags) to the catalog entry a socket is created through, the effective
// triple, and the recorded flags, or the WSAE* error Windows reports. Pure:
// nothing is created; the caller creates the socket, then applies the group
// with GroupTable::add_member.
//
// Spec: seed WSASocketA.ko.txt (parameters, flags, groups, error codes);
// shared/spec/winsock-catalog.md §3a (Windows' WSASocket matrix from Wine's
// test_WSASocket), §3b (ReactOS ws2_32 selection), §4a (msafd flag checks),
// §4d (layered entries are never selected), §5.3 (algorithm);
// shared/spec/winsock-behaviour.md WS-SOCK-04..10.
//
// Rules, in the order they are applied:
//  1. Without lpProtocolInfo (the triplet path, §3a, WS-SOCK-04):
//     a. af == 0 && protocol == 0 -> WSAEINVAL, whatever the type.
//     b. The first non-layered entry in catalog order with (af == 0 || af ==
//        entry.af) && (type == 0 || type == entry.type) && (protocol == 0 ?
//        entry has PFL_MATCHES_PROTOCOL_ZERO : protocol in entry's range)
//        wins. Hidden entries are selectable.
//     c. A miss reports, in this order: a type (!= 0) that no entry has ->
//        WSAESOCKTNOSUPPORT; no entry with the family and type ->
//        WSAEAFNOSUPPORT; otherwise WSAEPROTONOSUPPORT. (This is the one
//        order consistent with every row Windows was observed to give:
//        (0xdead, 0xdead, TCP) -> WSAESOCKTNOSUPPORT, (0xdead, STREAM, 0xdead)
//        -> WSAEAFNOSUPPORT, and AF_BTH + SOCK_DGRAM with Bluetooth installed
//        -> WSAEAFNOSUPPORT.) WSAEPROTOTYPE is never produced.
//  2. With lpProtocolInfo (§5.3 step 2, WS-SOCK-05/06):
//     a. The entry is found by dwCatalogEntryId; unknown id or a layered
//        (ChainLen 0) entry -> WSAEINVAL.
//     b. Arguments equal to 0 or FROM_PROTOCOL_INFO take the structure's
//        value; any other argument wins over the structure.
//     c. Effective af == 0 -> WSAEAFNOSUPPORT.
//     d. The named entry is used if it matches the triple; otherwise the first
//        matching entry of the same provider (GUID). A miss reports, in this
//        order: family not offered by the provider -> WSAEAFNOSUPPORT; no
//        entry with family and type -> WSAESOCKTNOSUPPORT; else
//        WSAEPROTONOSUPPORT.
//  3. Wildcards are filled from the chosen entry (type; protocol when 0).
//  4. dwFlags against the entry (§4a msafd rules, seed): any multipoint flag
//     needs XP1_SUPPORT_MULTIPOINT; a root flag needs the entry's rooted
//     plane (XP1_MULTIPOINT_CONTROL_PLANE / _DATA_PLANE), a leaf flag needs it
//     absent, so C_ROOT with C_LEAF (D_ROOT with D_LEAF) always fails, as the
//     seed requires. All failures are WSAEINVAL. Unknown flag bits are ignored
//     (spec §5.3: Windows appears to ignore them) and passed through.
//  5. g via GroupTable::check (WSAEINVAL). Steps 4 and 5 both yield WSAEINVAL,
//     so their relative order is not observable.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/groups.hpp>
#include <sluice/provider/result.hpp>

#include <cstdint>

namespace sluice::provider {

/// WSASocketA/W's arguments; protocol_info is the caller's lpProtocolInfo
/// already converted (only dwCatalogEntryId, iAddressFamily, iSocketType and
/// iProtocol are read), or null.
struct SocketRequest {
    int af = 0;
    int type = 0;
    int protocol = 0;
    const ProtocolEntry* protocol_info = nullptr;
    GroupId group = 0;
    std::uint32_t flags = 0;
};

struct SocketSelection {
    const ProtocolEntry* entry = nullptr;  ///< into the catalog (see its validity rule)
    int af = 0;                            ///< effective triple
    int type = 0;
    int protocol = 0;
    std::uint32_t flags = 0;               ///< dwFlags as given, unknown bits included
    bool overlapped = false;               ///< WSA_FLAG_OVERLAPPED
    bool no_handle_inherit = false;        ///< WSA_FLAG_NO_HANDLE_INHERIT
    GroupId group = 0;                     ///< g as given, for GroupTable::add_member
};

/// The selection behind WSASocketA/W (rules in the file comment).
Result<SocketSelection> select_socket(const Catalog& catalog, const GroupTable& groups,
                                      const SocketRequest& request);

/// dwFlags of socket(): WSA_FLAG_OVERLAPPED unless the thread's SO_OPENTYPE
/// is non-zero (synchronous), then 0 (§3b step 8, §5.3 step 8, WS-OPT-01).
std::uint32_t socket_function_flags(int open_type);

/// socket(af, type, protocol) == WSASocket(af, type, protocol, NULL, 0,
/// socket_function_flags(open_type)).
Result<SocketSelection> select_socket_function(const Catalog& catalog, const GroupTable& groups,
                                               int af, int type, int protocol,
                                               int open_type = 0);

/// Rule 4 alone: 0 or WSAEINVAL for `flags` on `entry`.
int check_socket_flags(const ProtocolEntry& entry, std::uint32_t flags);

}  // namespace sluice::provider
