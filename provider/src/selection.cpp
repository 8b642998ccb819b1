// WSASocket provider selection: the triplet path, the lpProtocolInfo path,
// wildcard filling, dwFlags and group validation.
//
// Spec: seed WSASocketA.ko.txt; shared/spec/winsock-catalog.md §3a, §3b, §4a,
// §4d, §5.3; shared/spec/winsock-behaviour.md WS-SOCK-04..10.
// Invariants: pure (reads the catalog and group table, changes nothing); the
// rules and their order are listed in selection.hpp.
#include <sluice/provider/selection.hpp>

#include <algorithm>
#include <span>

namespace sluice::provider {
namespace {

using Entries = std::span<const ProtocolEntry>;
using Selected = Result<SocketSelection>;

bool family_matches(const ProtocolEntry& e, int af) {
    return af == af::unspec || e.address_family == af;
}
bool type_matches(const ProtocolEntry& e, int type) { return type == 0 || e.socket_type == type; }
bool protocol_matches(const ProtocolEntry& e, int protocol) {
    return protocol == 0 ? e.matches_protocol_zero() : e.covers_protocol(protocol);
}
bool matches(const ProtocolEntry& e, int af, int type, int protocol) {
    return !e.is_layered() && family_matches(e, af) && type_matches(e, type) &&
           protocol_matches(e, protocol);
}

template <class Pred>
bool any_selectable(Entries entries, Pred pred) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const ProtocolEntry& e) { return !e.is_layered() && pred(e); });
}

SocketSelection chosen(const ProtocolEntry& e, int af, int type, int protocol) {
    SocketSelection s;
    s.entry = &e;
    s.af = af == af::unspec ? e.address_family : af;
    s.type = type == 0 ? e.socket_type : type;
    s.protocol = protocol == 0 ? e.protocol : protocol;
    return s;
}

// Rule 1c: the error for a triplet that no entry matches.
int triplet_miss_error(Entries entries, int af, int type) {
    if (type != 0 && !any_selectable(entries, [&](auto& e) { return e.socket_type == type; })) {
        return err::wsaesocktnosupport;
    }
    if (!any_selectable(entries,
                        [&](auto& e) { return family_matches(e, af) && type_matches(e, type); })) {
        return err::wsaeafnosupport;
    }
    return err::wsaeprotonosupport;
}

// Rule 1: no lpProtocolInfo.
Selected select_by_triplet(Entries entries, int af, int type, int protocol) {
    if (af == af::unspec && protocol == 0) return Selected::failure(err::wsaeinval);
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](auto& e) { return matches(e, af, type, protocol); });
    if (it == entries.end()) return Selected::failure(triplet_miss_error(entries, af, type));
    return chosen(*it, af, type, protocol);
}

int merge(int argument, int from_struct) {
    return argument == 0 || argument == from_protocol_info ? from_struct : argument;
}

// Rule 2d: the error for a triple the named entry's provider does not offer.
int provider_miss_error(Entries entries, const Guid& provider, int af, int type) {
    auto same = [&](const ProtocolEntry& e) { return e.provider_id == provider; };
    if (!any_selectable(entries, [&](auto& e) { return same(e) && e.address_family == af; })) {
        return err::wsaeafnosupport;
    }
    if (!any_selectable(entries, [&](auto& e) {
            return same(e) && e.address_family == af && type_matches(e, type);
        })) {
        return err::wsaesocktnosupport;
    }
    return err::wsaeprotonosupport;
}

Selected select_in_provider(Entries entries, const ProtocolEntry& named, int af, int type,
                            int protocol) {
    if (matches(named, af, type, protocol)) return chosen(named, af, type, protocol);
    const auto it = std::find_if(entries.begin(), entries.end(), [&](auto& e) {
        return e.provider_id == named.provider_id && matches(e, af, type, protocol);
    });
    if (it == entries.end()) {
        return Selected::failure(provider_miss_error(entries, named.provider_id, af, type));
    }
    return chosen(*it, af, type, protocol);
}

// Rule 2: lpProtocolInfo given.
Selected select_by_info(const Catalog& catalog, const SocketRequest& r) {
    const ProtocolEntry* named = catalog.find_by_id(r.protocol_info->catalog_entry_id);
    if (named == nullptr || named->is_layered()) return Selected::failure(err::wsaeinval);
    const int af = merge(r.af, r.protocol_info->address_family);
    const int type = merge(r.type, r.protocol_info->socket_type);
    const int protocol = merge(r.protocol, r.protocol_info->protocol);
    if (af == af::unspec) return Selected::failure(err::wsaeafnosupport);
    return select_in_provider(catalog.entries(), *named, af, type, protocol);
}

// One multipoint plane (control or data): a root needs a rooted plane, a leaf
// a non-rooted one. So root and leaf together always fail: the seed's "only
// one of C_ROOT/C_LEAF (D_ROOT/D_LEAF)" needs no check of its own.
int check_plane(bool root, bool leaf, bool rooted) {
    if (root && !rooted) return err::wsaeinval;
    if (leaf && rooted) return err::wsaeinval;
    return err::no_error;
}

}  // namespace

int check_socket_flags(const ProtocolEntry& entry, std::uint32_t flags) {
    if ((flags & wsa_flag::multipoint_all) == 0) return err::no_error;
    const std::uint32_t service = entry.service_flags1;
    if ((service & xp1::support_multipoint) == 0) return err::wsaeinval;
    if (const int e = check_plane((flags & wsa_flag::multipoint_c_root) != 0,
                                  (flags & wsa_flag::multipoint_c_leaf) != 0,
                                  (service & xp1::multipoint_control_plane) != 0)) {
        return e;
    }
    return check_plane((flags & wsa_flag::multipoint_d_root) != 0,
                       (flags & wsa_flag::multipoint_d_leaf) != 0,
                       (service & xp1::multipoint_data_plane) != 0);
}

Result<SocketSelection> select_socket(const Catalog& catalog, const GroupTable& groups,
                                      const SocketRequest& request) {
    Selected result = request.protocol_info != nullptr
                          ? select_by_info(catalog, request)
                          : select_by_triplet(catalog.entries(), request.af, request.type,
                                              request.protocol);
    if (!result.ok()) return result;
    SocketSelection& s = result.value();
    if (const int e = check_socket_flags(*s.entry, request.flags)) return Selected::failure(e);
    if (const int e = groups.check(request.group, *s.entry, s.type, s.protocol)) {
        return Selected::failure(e);
    }
    s.flags = request.flags;
    s.overlapped = (request.flags & wsa_flag::overlapped) != 0;
    s.no_handle_inherit = (request.flags & wsa_flag::no_handle_inherit) != 0;
    s.group = request.group;
    return result;
}

std::uint32_t socket_function_flags(int open_type) {
    return open_type == 0 ? wsa_flag::overlapped : 0;
}

Result<SocketSelection> select_socket_function(const Catalog& catalog, const GroupTable& groups,
                                               int af, int type, int protocol, int open_type) {
    SocketRequest request;
    request.af = af;
    request.type = type;
    request.protocol = protocol;
    request.flags = socket_function_flags(open_type);
    return select_socket(catalog, groups, request);
}

}  // namespace sluice::provider
