// SocketTable: the catalog layer's map from SOCKET values to provider
// sockets, and the socket groups those sockets belong to.
//
// Invariants:
//  - A handle names exactly one live socket; a closed or stale handle finds
//    nothing (HandleTable's generations), so the caller reports WSAENOTSOCK.
//  - find() hands out a shared reference: a call in flight keeps the socket
//    object alive while another thread closes the handle.
//  - Group membership (SO_GROUP_ID, SO_GROUP_PRIORITY) is kept here, keyed by
//    handle, and dropped when the socket is removed.
//  - Thread-safe: lookups take a shared lock, changes an exclusive one.
#pragma once

#include <sluice/provider/groups.hpp>
#include <sluice/provider/handle_table.hpp>
#include <sluice/provider/selection.hpp>
#include <sluice/provider/spi.hpp>

#include <memory>
#include <optional>
#include <shared_mutex>
#include <vector>

namespace sluice::provider {

struct SocketRecord {
    ServiceProvider* provider = nullptr;
    std::shared_ptr<ProviderSocket> socket;
    GroupId group = 0;
};

class SocketTable {
public:
    /// At most `limit` sockets at once (the handle table's own bound applies too).
    explicit SocketTable(std::size_t limit = HandleTable<SocketRecord>::kMaxSlots) : limit_(limit) {}

    /// Stores a new socket and applies WSASocket's `g`; returns its handle or
    /// the error (WSAEINVAL for a bad group, WSAEMFILE when the limit or the
    /// table is full).
    Result<SocketHandle> add(ServiceProvider& provider, std::shared_ptr<ProviderSocket> socket, GroupId g);

    std::optional<SocketRecord> find(SocketHandle handle) const;

    /// Removes the handle (and its group membership); nullopt if not live.
    std::optional<SocketRecord> remove(SocketHandle handle);

    /// Removes every socket (last WSACleanup).
    std::vector<SocketRecord> remove_all();

    /// SO_GROUP_PRIORITY of a member; WSAEINVAL if it is in no group.
    Result<int> group_priority(SocketHandle handle) const;
    int set_group_priority(SocketHandle handle, int priority);

    /// WSASocket's selection (select_socket) against this table's groups.
    Result<SocketSelection> select(const Catalog& catalog, const SocketRequest& request) const;
    /// socket()'s selection (select_socket_function).
    Result<SocketSelection> select_function(const Catalog& catalog, int af, int type, int protocol,
                                            int open_type) const;

    std::size_t size() const;

private:
    mutable std::shared_mutex mutex_;
    std::size_t limit_;
    HandleTable<SocketRecord> handles_;
    GroupTable groups_;
};

}  // namespace sluice::provider
