// Socket groups: id allocation (never 0/1/2, unique while in use, wrap-around),
// lifetime by membership, constrained vs unconstrained rules, per-provider
// membership, SO_GROUP_PRIORITY storage.
//
// Spec: seed WSASocketA.ko.txt (socket groups); shared/spec/winsock-catalog.md
// §1.4, §4f, §5.2, §5.3 step 4.
#include "provider_test_support.hpp"

#include <sluice/provider/groups.hpp>

#include <gtest/gtest.h>

#include <set>

namespace sluice::provider {
namespace {

using test::make_entry;

class Groups : public ::testing::Test {
protected:
    const ProtocolEntry tcp = make_entry(af::inet, sock::stream, ipproto::tcp, test::stream_service);
    const ProtocolEntry udp = make_entry(af::inet, sock::dgram, ipproto::udp, test::datagram_service);
    const ProtocolEntry other_tcp = make_entry(af::inet, sock::stream, ipproto::tcp,
                                               test::stream_service, pfl::matches_protocol_zero,
                                               test::test_provider_b);
    GroupTable table;

    GroupId create(std::uint32_t g, const ProtocolEntry& e, GroupMember member) {
        const auto id = table.add_member(g, e, e.socket_type, e.protocol, member);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? id.value() : 0;
    }
};

TEST_F(Groups, SeedZeroMeansNoGroup) {
    const auto id = table.add_member(sg::no_group, tcp, sock::stream, ipproto::tcp, 1);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id.value(), 0u);
    EXPECT_EQ(table.size(), 0u);
}

TEST_F(Groups, IdsAreNever0Or1Or2AndStartAt3) {
    const GroupId a = create(sg::unconstrained_group, tcp, 1);
    const GroupId b = create(sg::constrained_group, tcp, 2);
    EXPECT_EQ(a, 3u);
    EXPECT_EQ(b, 4u);
    for (const GroupId start : {0u, 1u, 2u}) {
        GroupTable t(start);
        EXPECT_EQ(t.add_member(sg::unconstrained_group, tcp, 1, 6, 1).value(), 3u) << start;
    }
}

TEST_F(Groups, IdsAreUniqueWhileInUse) {
    std::set<GroupId> seen;
    for (GroupMember m = 0; m < 100; ++m) seen.insert(create(sg::unconstrained_group, udp, m));
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_EQ(table.size(), 100u);
}

TEST_F(Groups, WrapAroundSkipsRequestCodes) {
    GroupTable t(0xFFFFFFFEu);
    const auto a = t.add_member(sg::unconstrained_group, tcp, 1, 6, 1);
    const auto b = t.add_member(sg::unconstrained_group, tcp, 1, 6, 2);
    const auto c = t.add_member(sg::unconstrained_group, tcp, 1, 6, 3);  // wraps: 0,1,2 skipped
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a.value(), 0xFFFFFFFEu);
    EXPECT_EQ(b.value(), 0xFFFFFFFFu);
    EXPECT_EQ(c.value(), 3u);
    EXPECT_EQ(t.add_member(sg::unconstrained_group, tcp, 1, 6, 4).value(), 4u);
}

TEST(GroupIdAllocation, SkipsLiveIdsAndRequestCodes) {
    const std::set<GroupId> live{3, 4, 6, 0xFFFFFFFFu};
    const auto in_use = [&](GroupId g) { return live.contains(g); };
    EXPECT_EQ(next_free_group_id(3, in_use), 5u);
    EXPECT_EQ(next_free_group_id(6, in_use), 7u);
    EXPECT_EQ(next_free_group_id(0xFFFFFFFEu, in_use), 0xFFFFFFFEu);
    EXPECT_EQ(next_free_group_id(0xFFFFFFFFu, in_use), 5u);  // wraps past 0, 1, 2, 3, 4
    EXPECT_EQ(next_free_group_id(0, [](GroupId) { return false; }), 3u);
}

TEST_F(Groups, SeedGroupLivesWhileItHasMembers) {
    const GroupId id = create(sg::unconstrained_group, tcp, 10);
    ASSERT_TRUE(table.add_member(id, udp, sock::dgram, ipproto::udp, 11).ok());
    EXPECT_EQ(table.find(id)->members, 2u);
    ASSERT_EQ(table.remove_member(id, 10), 0);
    ASSERT_TRUE(table.find(id).has_value());
    EXPECT_EQ(table.find(id)->members, 1u);
    ASSERT_EQ(table.remove_member(id, 11), 0);
    EXPECT_FALSE(table.find(id).has_value());
    EXPECT_EQ(table.size(), 0u);
    // Once gone, it cannot be joined.
    EXPECT_EQ(table.add_member(id, tcp, sock::stream, ipproto::tcp, 12).error(), err::wsaeinval);
}

TEST_F(Groups, SeedInvalidGroupIdIsEinval) {
    EXPECT_EQ(table.check(3, tcp, sock::stream, ipproto::tcp), err::wsaeinval);
    EXPECT_EQ(table.add_member(77, tcp, sock::stream, ipproto::tcp, 1).error(), err::wsaeinval);
    EXPECT_EQ(table.size(), 0u);
}

TEST_F(Groups, SeedConstrainedGroupsOnlyForConnectionOrientedEntries) {
    EXPECT_EQ(table.check(sg::constrained_group, udp, sock::dgram, ipproto::udp), err::wsaeinval);
    EXPECT_EQ(table.add_member(sg::constrained_group, udp, sock::dgram, ipproto::udp, 1).error(),
              err::wsaeinval);
    const GroupId id = create(sg::constrained_group, tcp, 1);
    EXPECT_EQ(table.find(id)->kind, GroupKind::constrained);
    EXPECT_EQ(table.check(id, udp, sock::dgram, ipproto::udp), err::wsaeinval);
}

TEST_F(Groups, SeedConstrainedGroupMembersShareTypeAndProtocol) {
    const GroupId id = create(sg::constrained_group, tcp, 1);
    EXPECT_EQ(table.check(id, tcp, sock::stream, ipproto::tcp), 0);
    // A connection-oriented entry of the same provider with another protocol.
    const auto sctp = make_entry(af::inet, sock::stream, ipproto::sctp, test::stream_service);
    EXPECT_EQ(table.check(id, sctp, sock::stream, ipproto::sctp), err::wsaeinval);
    EXPECT_EQ(table.check(id, sctp, sock::seqpacket, ipproto::tcp), err::wsaeinval);
    ASSERT_TRUE(table.add_member(id, tcp, sock::stream, ipproto::tcp, 2).ok());
    EXPECT_EQ(table.find(id)->members, 2u);
}

TEST_F(Groups, SeedConstrainedGroupRejectsConnectionlessEntryEvenWithSameTriple) {
    const GroupId id = create(sg::constrained_group, tcp, 1);
    const auto odd = make_entry(af::inet, sock::stream, ipproto::tcp, xp1::connectionless);
    EXPECT_EQ(table.check(id, odd, sock::stream, ipproto::tcp), err::wsaeinval);
}

TEST_F(Groups, IdsAreMonotonicNotReusedAtOnce) {
    const GroupId first = create(sg::unconstrained_group, tcp, 1);
    ASSERT_EQ(table.remove_member(first, 1), 0);
    const GroupId second = create(sg::unconstrained_group, tcp, 2);
    EXPECT_EQ(second, first + 1);
}

TEST_F(Groups, SeedUnconstrainedGroupMixesTypesOfOneProvider) {
    const GroupId id = create(sg::unconstrained_group, tcp, 1);
    EXPECT_EQ(table.find(id)->kind, GroupKind::unconstrained);
    EXPECT_TRUE(table.add_member(id, udp, sock::dgram, ipproto::udp, 2).ok());
}

TEST_F(Groups, SeedGroupsBelongToOneProvider) {
    const GroupId id = create(sg::unconstrained_group, tcp, 1);
    EXPECT_EQ(table.find(id)->provider, test::test_provider_a);
    EXPECT_EQ(table.check(id, other_tcp, sock::stream, ipproto::tcp), err::wsaeinval);
    const GroupId constrained = create(sg::constrained_group, tcp, 2);
    EXPECT_EQ(table.check(constrained, other_tcp, sock::stream, ipproto::tcp), err::wsaeinval);
}

TEST_F(Groups, MemberJoinsOnlyOnce) {
    const GroupId id = create(sg::unconstrained_group, tcp, 1);
    EXPECT_EQ(table.add_member(id, tcp, sock::stream, ipproto::tcp, 1).error(), err::wsaeinval);
    EXPECT_EQ(table.find(id)->members, 1u);
}

TEST_F(Groups, RemoveUnknownGroupOrMemberIsEinval) {
    const GroupId id = create(sg::unconstrained_group, tcp, 1);
    EXPECT_EQ(table.remove_member(id, 2), err::wsaeinval);
    EXPECT_EQ(table.remove_member(id + 1, 1), err::wsaeinval);
    EXPECT_EQ(table.find(id)->members, 1u);
}

TEST_F(Groups, SeedPriorityIsStoredPerMember) {
    const GroupId id = create(sg::unconstrained_group, tcp, 1);
    ASSERT_TRUE(table.add_member(id, tcp, sock::stream, ipproto::tcp, 2).ok());
    EXPECT_EQ(table.priority(id, 1).value(), 0);  // default: highest
    ASSERT_EQ(table.set_priority(id, 1, 7), 0);
    EXPECT_EQ(table.priority(id, 1).value(), 7);
    EXPECT_EQ(table.priority(id, 2).value(), 0);
    EXPECT_EQ(table.priority(id, 3).error(), err::wsaeinval);
    EXPECT_EQ(table.priority(id + 1, 1).error(), err::wsaeinval);
    EXPECT_EQ(table.set_priority(id, 3, 1), err::wsaeinval);
    EXPECT_EQ(table.set_priority(id + 1, 1, 1), err::wsaeinval);
}

TEST_F(Groups, FindReportsTheFirstMembersTriple) {
    const GroupId id = create(sg::constrained_group, tcp, 1);
    const auto info = table.find(id);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->socket_type, sock::stream);
    EXPECT_EQ(info->protocol, ipproto::tcp);
    EXPECT_EQ(info->members, 1u);
}

}  // namespace
}  // namespace sluice::provider
