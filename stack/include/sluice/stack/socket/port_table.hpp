// PortTable: who is bound to which local address and port, for one transport
// protocol of one engine, with Windows' address-sharing rules.
//
// Bind conflicts follow the Windows behaviour recorded in the spec's WS-BIND
// facts (test_reuseaddr/test_bind, which pass on real Windows):
//  - an exclusive (SO_EXCLUSIVEADDRUSE) wildcard binding makes any later
//    overlapping bind fail with access_denied (WS-BIND-08 rows 1, 4, 11);
//  - the same address twice: both SO_REUSEADDR -> shared (WS-BIND-06); only
//    the newcomer reusing -> access_denied (WS-BIND-01); otherwise
//    address_in_use (WS-BIND-05, rows 13, 14, 20, 21);
//  - a wildcard and a specific address coexist (WS-BIND-03/04, rows 3, 5),
//    unless the newcomer is an exclusive wildcard (row 6: address_in_use).
// Lookup: the most specific binding wins (exact address over wildcard); among
// equals, a socket connected to the sender over an unconnected one, then the
// earliest bound (WS-BIND-02/06: "delivered to the first").
// Ephemeral ports come from Windows' dynamic range 49152-65535.
#pragma once

#include <sluice/stack/socket/socket_types.hpp>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace sluice::stack {

inline constexpr std::uint16_t kEphemeralFirst = 49152;
inline constexpr std::uint16_t kEphemeralLast = 65535;

/// One existing binding as the conflict rule sees it.
struct BindingView {
    Endpoint local;
    BindOptions options;
};

/// Whether `incoming` may bind `local` beside `existing` (same port assumed).
SocketError bind_conflict(const BindingView& existing, const Endpoint& local, const BindOptions& incoming);

template <class Socket>
class PortTable {
public:
    explicit PortTable(std::uint32_t ephemeral_seed = 0)
        : next_ephemeral_(static_cast<std::uint16_t>(kEphemeralFirst + ephemeral_seed % (kEphemeralLast - kEphemeralFirst + 1))) {}

    /// Binds `socket` to `local`; port 0 picks a free ephemeral port, written
    /// back into `local`.
    SocketError bind(Socket* socket, Endpoint& local, const BindOptions& options) {
        if (local.port == 0) return bind_ephemeral(socket, local, options);
        std::vector<Binding>& list = by_port_[local.port];
        for (const Binding& b : list) {
            const SocketError e = bind_conflict({b.local, b.options}, local, options);
            if (e != SocketError::none) return e;
        }
        list.push_back({local, options, socket, next_order_++});
        return SocketError::none;
    }

    void unbind(const Socket* socket, const Endpoint& local) {
        auto it = by_port_.find(local.port);
        if (it == by_port_.end()) return;
        std::erase_if(it->second, [&](const Binding& b) { return b.socket == socket; });
        if (it->second.empty()) by_port_.erase(it);
    }

    /// The socket a unicast datagram for `dst` from `src` goes to; `accepts`
    /// (Socket*, src) filters connected sockets that want another peer.
    template <class Accepts>
    Socket* lookup(const Endpoint& dst, const Endpoint& src, Accepts&& accepts) const {
        auto it = by_port_.find(dst.port);
        if (it == by_port_.end()) return nullptr;
        const Binding* best = nullptr;
        int best_score = -1;
        for (const Binding& b : it->second) {
            if (!b.local.address.is_unspecified() && b.local.address != dst.address) continue;
            const int match = accepts(b.socket, src);
            if (match < 0) continue;
            const int score = (b.local.address.is_unspecified() ? 0 : 2) + match;
            if (score > best_score || (score == best_score && b.order < best->order)) {
                best = &b;
                best_score = score;
            }
        }
        return best == nullptr ? nullptr : best->socket;
    }

    /// Calls f(Socket*) for every socket bound to `port` on `address` or the
    /// wildcard (broadcast delivery).
    template <class F>
    void for_each_on_port(std::uint16_t port, F&& f) const {
        auto it = by_port_.find(port);
        if (it == by_port_.end()) return;
        for (const Binding& b : it->second) f(b.socket);
    }

    bool port_in_use(std::uint16_t port) const { return by_port_.contains(port); }
    std::size_t size() const {
        std::size_t n = 0;
        for (const auto& [port, list] : by_port_) n += list.size();
        return n;
    }

private:
    struct Binding {
        Endpoint local;
        BindOptions options;
        Socket* socket;
        std::uint64_t order;
    };

    SocketError bind_ephemeral(Socket* socket, Endpoint& local, const BindOptions& options) {
        constexpr std::uint32_t range = kEphemeralLast - kEphemeralFirst + 1;
        for (std::uint32_t tried = 0; tried < range; ++tried) {
            const std::uint16_t port = next_ephemeral_;
            next_ephemeral_ = port == kEphemeralLast ? kEphemeralFirst : static_cast<std::uint16_t>(port + 1);
            if (port_in_use(port)) continue;
            local.port = port;
            by_port_[port].push_back({local, options, socket, next_order_++});
            return SocketError::none;
        }
        return SocketError::no_ports;
    }

    std::unordered_map<std::uint16_t, std::vector<Binding>> by_port_;
    std::uint16_t next_ephemeral_;
    std::uint64_t next_order_ = 0;
};

/// The bind every transport socket does: invalid when already bound
/// (`bound` set), address_not_available for an address that is neither the
/// wildcard nor local, else the table's sharing rule; on success `bound`
/// becomes the endpoint (with the port chosen for port 0).
template <class Socket>
SocketError bind_endpoint(PortTable<Socket>& ports, Socket* socket, std::optional<Endpoint>& bound, Endpoint local,
                          const BindOptions& options, bool address_is_local) {
    if (bound) return SocketError::invalid;
    if (!local.address.is_unspecified() && !address_is_local) return SocketError::address_not_available;
    const SocketError e = ports.bind(socket, local, options);
    if (e == SocketError::none) bound = local;
    return e;
}

}  // namespace sluice::stack
