// HandleTable: handles are small non-zero multiples of 4; closed, stale and
// made-up handles are never found; a reused slot never answers to an old handle.
#include <sluice/provider/handle_table.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

using sluice::provider::HandleTable;
using sluice::provider::SocketHandle;

TEST(HandleTable, HandlesAreSmallNonZeroMultiplesOfFour) {
    HandleTable<int> t;
    std::set<SocketHandle> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto h = t.insert(i);
        ASSERT_TRUE(h);
        EXPECT_NE(*h, 0u);
        EXPECT_EQ(*h % 4, 0u);
        EXPECT_LT(*h, SocketHandle{1} << 31);
        EXPECT_TRUE(seen.insert(*h).second);
        EXPECT_EQ(*t.find(*h), i);
    }
    EXPECT_EQ(t.size(), 1000u);
}

TEST(HandleTable, ClosedHandleIsNotFoundEvenAfterItsSlotIsReused) {
    HandleTable<std::string> t;
    const SocketHandle a = *t.insert("a");
    ASSERT_TRUE(t.erase(a));
    EXPECT_EQ(t.find(a), nullptr);
    EXPECT_FALSE(t.erase(a));  // closing twice
    const SocketHandle b = *t.insert("b");  // reuses the only free slot
    EXPECT_NE(a, b);
    EXPECT_EQ(t.find(a), nullptr);
    EXPECT_EQ(*t.find(b), "b");
}

TEST(HandleTable, FifoReuseKeepsStaleHandlesDeadForLong) {
    HandleTable<int> t;
    std::vector<SocketHandle> first;
    for (int i = 0; i < 64; ++i) first.push_back(*t.insert(i));
    for (SocketHandle h : first) t.erase(h);
    // 64 free slots: a stale handle can alias only after 128 x 64 reuses.
    for (int round = 0; round < 127 * 64; ++round) {
        const SocketHandle h = *t.insert(round);
        ASSERT_EQ(t.find(first[static_cast<std::size_t>(round % 64)]), nullptr) << "round " << round;
        t.erase(h);
    }
}

TEST(HandleTable, MadeUpHandlesAreRejected) {
    HandleTable<int> t;
    const SocketHandle h = *t.insert(7);
    for (SocketHandle bogus : {SocketHandle{0}, h + 1, h + 2, h + 4, ~SocketHandle{0}, SocketHandle{1} << 40, h | (SocketHandle{1} << 31)})
        EXPECT_EQ(t.find(bogus), nullptr) << bogus;
}

TEST(HandleTable, ForEachVisitsLiveObjectsOnly) {
    HandleTable<int> t;
    const SocketHandle a = *t.insert(1);
    *t.insert(2);
    *t.insert(3);
    t.erase(a);
    int sum = 0;
    t.for_each([&](SocketHandle h, int& v) {
        EXPECT_EQ(*t.find(h), v);
        sum += v;
    });
    EXPECT_EQ(sum, 5);
}
