// The Windows bind-conflict rule (spec WS-BIND-01..08). See port_table.hpp.
#include <sluice/stack/socket/port_table.hpp>

namespace sluice::stack {

SocketError bind_conflict(const BindingView& existing, const Endpoint& local, const BindOptions& incoming) {
    const bool existing_wild = existing.local.address.is_unspecified();
    const bool incoming_wild = local.address.is_unspecified();
    const bool same_address = existing.local.address == local.address;
    if (!same_address && !existing_wild && !incoming_wild) return SocketError::none;  // disjoint
    // An exclusive wildcard owns the port for every address (rows 1, 4, 11).
    if (existing.options.exclusive && existing_wild) return SocketError::access_denied;
    if (same_address) {
        if (existing.options.reuse_address && incoming.reuse_address) return SocketError::none;  // WS-BIND-06
        if (incoming.reuse_address) return SocketError::access_denied;                           // WS-BIND-01
        return SocketError::address_in_use;  // WS-BIND-05, rows 13, 14, 20, 21
    }
    // A wildcard beside a specific address: allowed (WS-BIND-03/04, rows 3, 5)
    // unless the newcomer claims the whole port exclusively (row 6).
    if (incoming.exclusive && incoming_wild) return SocketError::address_in_use;
    return SocketError::none;
}

}  // namespace sluice::stack
