// Socket groups (WSASocket's g, WSAAccept's *g, SO_GROUP_ID,
// SO_GROUP_PRIORITY): which groups exist, who is in them, and whether a new
// socket may create or join one.
//
// Spec: seed WSASocketA.ko.txt ("소켓 그룹": g = 0 / SG_UNCONSTRAINED_GROUP /
// SG_CONSTRAINED_GROUP / an existing id; an invalid g is WSAEINVAL; constrained
// groups hold connection-oriented sockets created with the same type and
// protocol; a group lives until its last member closes; ids are unique per
// provider); shared/spec/winsock-catalog.md §1.4, §4f, §5.2 (GroupTable),
// §5.3 step 4.
//
// Invariants:
//  - A live group id is never 0, 1 or 2 (those are the request codes), and no
//    two live groups share an id. Ids are handed out in increasing order from
//    3 (wrapping past 2^32-1 to 3, skipping ids still in use).
//  - A group exists exactly while it has at least one member; removing the
//    last member frees the id.
//  - A group belongs to one provider (GUID) and only sockets of that provider
//    may join it. A constrained group fixes the socket type and protocol of
//    its first member and admits only connection-oriented entries.
//  - Not synchronised: the owner (the socket table) serialises access.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/result.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace sluice::provider {

using GroupId = std::uint32_t;
/// Identifies a member socket to the group table (the socket layer's handle).
using GroupMember = std::uint64_t;

enum class GroupKind : std::uint32_t {
    unconstrained = sg::unconstrained_group,
    constrained = sg::constrained_group,
};

struct GroupInfo {
    GroupKind kind;
    Guid provider;
    int socket_type;  ///< of the first member (binding for constrained groups)
    int protocol;     ///< of the first member (binding for constrained groups)
    std::size_t members;
};

/// The id allocation step: the first id at or after `candidate` (wrapping past
/// 2^32-1) that is neither 0, 1, 2 nor `in_use`. The caller guarantees that
/// some id is free.
template <class InUse>
GroupId next_free_group_id(GroupId candidate, InUse in_use) {
    while (candidate <= sg::constrained_group || in_use(candidate)) ++candidate;
    return candidate;
}

class GroupTable {
public:
    static constexpr GroupId first_group_id = 3;

    /// `first_id` is where allocation starts (tests use it to reach the
    /// wrap-around); values 0..2 are moved to 3.
    explicit GroupTable(GroupId first_id = first_group_id);

    /// Whether a socket of `entry` with effective `type`/`protocol` may use
    /// `g`: 0 (ok) or WSAEINVAL. g = 0 and SG_UNCONSTRAINED_GROUP are always
    /// fine; SG_CONSTRAINED_GROUP needs a connection-oriented entry; any other
    /// g must be a live group of the entry's provider whose constraints hold.
    int check(GroupId g, const ProtocolEntry& entry, int type, int protocol) const;

    /// Applies `g` for a newly created socket: g = 0 returns 0 (no group);
    /// SG_* creates a group with `member` as its first member and returns the
    /// new id; an existing id adds `member` and returns that id. Errors as
    /// check(), plus WSAEINVAL if `member` is already in group g and
    /// WSAENOBUFS if no id is free.
    Result<GroupId> add_member(GroupId g, const ProtocolEntry& entry, int type, int protocol,
                               GroupMember member);

    /// Removes `member` from group `id`; the last member frees the group.
    /// WSAEINVAL if there is no such group or member.
    int remove_member(GroupId id, GroupMember member);

    /// SO_GROUP_PRIORITY storage: a member's relative priority (default 0).
    /// WSAEINVAL if there is no such group or member.
    Result<int> priority(GroupId id, GroupMember member) const;
    int set_priority(GroupId id, GroupMember member, int priority);

    std::optional<GroupInfo> find(GroupId id) const;
    std::size_t size() const { return groups_.size(); }

private:
    struct Group {
        GroupKind kind;
        Guid provider;
        int socket_type;
        int protocol;
        std::map<GroupMember, int> priorities;  ///< member -> SO_GROUP_PRIORITY
    };

    int check_join(const Group& group, const ProtocolEntry& entry, int type, int protocol) const;
    Result<GroupId> create(GroupKind kind, const ProtocolEntry& entry, int type, int protocol,
                           GroupMember member);
    Result<GroupId> join(GroupId id, GroupMember member);
    std::optional<GroupId> allocate_id();

    std::map<GroupId, Group> groups_;
    GroupId next_id_;
};

}  // namespace sluice::provider
