// Socket groups: validation of WSASocket's g, creation/join, id allocation,
// lifetime by membership, and SO_GROUP_PRIORITY storage.
//
// Spec: seed WSASocketA.ko.txt (socket groups section), shared/spec/
// winsock-catalog.md §4f, §5.2 (ids start at 3 or higher), §5.3 step 4.
// Invariants: see groups.hpp.
#include <sluice/provider/groups.hpp>

#include <limits>

namespace sluice::provider {

GroupTable::GroupTable(GroupId first_id)
    : next_id_(first_id <= sg::constrained_group ? first_group_id : first_id) {}

int GroupTable::check_join(const Group& group, const ProtocolEntry& entry, int type,
                           int protocol) const {
    if (group.provider != entry.provider_id) return err::wsaeinval;
    if (group.kind == GroupKind::unconstrained) return err::no_error;
    if (entry.is_connectionless()) return err::wsaeinval;
    if (group.socket_type != type || group.protocol != protocol) return err::wsaeinval;
    return err::no_error;
}

int GroupTable::check(GroupId g, const ProtocolEntry& entry, int type, int protocol) const {
    if (g == sg::no_group || g == sg::unconstrained_group) return err::no_error;
    if (g == sg::constrained_group) {
        return entry.is_connectionless() ? err::wsaeinval : err::no_error;
    }
    const auto it = groups_.find(g);
    if (it == groups_.end()) return err::wsaeinval;
    return check_join(it->second, entry, type, protocol);
}

std::optional<GroupId> GroupTable::allocate_id() {
    constexpr auto usable = std::uint64_t{std::numeric_limits<GroupId>::max()} - 2;
    if (groups_.size() >= usable) return std::nullopt;
    const GroupId id =
        next_free_group_id(next_id_, [this](GroupId g) { return groups_.contains(g); });
    next_id_ = id + 1;  // unsigned wrap-around past 2^32-1 is intended
    return id;
}

Result<GroupId> GroupTable::create(GroupKind kind, const ProtocolEntry& entry, int type,
                                   int protocol, GroupMember member) {
    const auto id = allocate_id();
    if (!id) return Result<GroupId>::failure(err::wsaenobufs);
    Group group{kind, entry.provider_id, type, protocol, {}};
    group.priorities.emplace(member, 0);
    groups_.emplace(*id, std::move(group));
    return *id;
}

Result<GroupId> GroupTable::join(GroupId id, GroupMember member) {
    auto& priorities = groups_.at(id).priorities;
    if (!priorities.emplace(member, 0).second) return Result<GroupId>::failure(err::wsaeinval);
    return id;
}

Result<GroupId> GroupTable::add_member(GroupId g, const ProtocolEntry& entry, int type,
                                       int protocol, GroupMember member) {
    if (const int error = check(g, entry, type, protocol)) return Result<GroupId>::failure(error);
    if (g == sg::no_group) return GroupId{sg::no_group};
    if (g == sg::unconstrained_group) {
        return create(GroupKind::unconstrained, entry, type, protocol, member);
    }
    if (g == sg::constrained_group) {
        return create(GroupKind::constrained, entry, type, protocol, member);
    }
    return join(g, member);
}

int GroupTable::remove_member(GroupId id, GroupMember member) {
    const auto it = groups_.find(id);
    if (it == groups_.end() || it->second.priorities.erase(member) == 0) return err::wsaeinval;
    if (it->second.priorities.empty()) groups_.erase(it);
    return err::no_error;
}

Result<int> GroupTable::priority(GroupId id, GroupMember member) const {
    const auto group = groups_.find(id);
    if (group == groups_.end()) return Result<int>::failure(err::wsaeinval);
    const auto it = group->second.priorities.find(member);
    if (it == group->second.priorities.end()) return Result<int>::failure(err::wsaeinval);
    return it->second;
}

int GroupTable::set_priority(GroupId id, GroupMember member, int priority) {
    const auto group = groups_.find(id);
    if (group == groups_.end()) return err::wsaeinval;
    const auto it = group->second.priorities.find(member);
    if (it == group->second.priorities.end()) return err::wsaeinval;
    it->second = priority;
    return err::no_error;
}

std::optional<GroupInfo> GroupTable::find(GroupId id) const {
    const auto it = groups_.find(id);
    if (it == groups_.end()) return std::nullopt;
    const Group& g = it->second;
    return GroupInfo{g.kind, g.provider, g.socket_type, g.protocol, g.priorities.size()};
}

}  // namespace sluice::provider
