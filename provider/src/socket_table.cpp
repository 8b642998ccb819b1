// SocketTable: handles and groups of the catalog layer. Invariants:
// socket_table.hpp.
#include <sluice/provider/socket_table.hpp>

#include <sluice/provider/wsa_constants.hpp>

#include <mutex>

namespace sluice::provider {

Result<SocketHandle> SocketTable::add(ServiceProvider& provider, std::shared_ptr<ProviderSocket> socket, GroupId g) {
    std::unique_lock lock(mutex_);
    const SocketIdentity& id = socket->identity();
    if (handles_.size() >= limit_) return Result<SocketHandle>::failure(err::wsaemfile);
    const std::optional<SocketHandle> handle = handles_.insert(SocketRecord{&provider, socket, 0});
    if (!handle) return Result<SocketHandle>::failure(err::wsaemfile);
    const Result<GroupId> group = groups_.add_member(g, id.entry, id.type, id.protocol, *handle);
    if (!group.ok()) {
        handles_.erase(*handle);
        return Result<SocketHandle>::failure(group.error());
    }
    handles_.find(*handle)->group = group.value();
    return *handle;
}

std::optional<SocketRecord> SocketTable::find(SocketHandle handle) const {
    std::shared_lock lock(mutex_);
    const SocketRecord* r = handles_.find(handle);
    if (r == nullptr) return std::nullopt;
    return *r;
}

std::optional<SocketRecord> SocketTable::remove(SocketHandle handle) {
    std::unique_lock lock(mutex_);
    std::optional<SocketRecord> r = handles_.erase(handle);
    if (r && r->group != 0) (void)groups_.remove_member(r->group, handle);
    return r;
}

std::vector<SocketRecord> SocketTable::remove_all() {
    std::unique_lock lock(mutex_);
    std::vector<SocketHandle> live;
    handles_.for_each([&](SocketHandle h, SocketRecord&) { live.push_back(h); });
    std::vector<SocketRecord> out;
    for (SocketHandle h : live) {
        std::optional<SocketRecord> r = handles_.erase(h);
        if (r->group != 0) (void)groups_.remove_member(r->group, h);
        out.push_back(std::move(*r));
    }
    return out;
}

Result<int> SocketTable::group_priority(SocketHandle handle) const {
    std::shared_lock lock(mutex_);
    const SocketRecord* r = handles_.find(handle);
    if (r == nullptr) return Result<int>::failure(err::wsaenotsock);
    if (r->group == 0) return 0;  // not in a group: priority 0
    return groups_.priority(r->group, handle);
}

int SocketTable::set_group_priority(SocketHandle handle, int priority) {
    std::unique_lock lock(mutex_);
    const SocketRecord* r = handles_.find(handle);
    if (r == nullptr) return err::wsaenotsock;
    if (r->group == 0) return err::wsaeinval;
    return groups_.set_priority(r->group, handle, priority);
}

Result<SocketSelection> SocketTable::select(const Catalog& catalog, const SocketRequest& request) const {
    std::shared_lock lock(mutex_);
    return select_socket(catalog, groups_, request);
}

Result<SocketSelection> SocketTable::select_function(const Catalog& catalog, int af, int type, int protocol,
                                                     int open_type) const {
    std::shared_lock lock(mutex_);
    return select_socket_function(catalog, groups_, af, type, protocol, open_type);
}

std::size_t SocketTable::size() const {
    std::shared_lock lock(mutex_);
    return handles_.size();
}

}  // namespace sluice::provider
