// The TCP connection table (tcp/connection_table.hpp): insert/find/erase,
// refusals (duplicates, nullptr, max_entries), backward-shift deletion on
// hand-built clusters and under seeded random churn against a std::map model,
// a million connections shaped like real traffic with bounded probe lengths,
// iteration, and lookups, erases and inserts while a growth is being
// migrated incrementally.
#include "tcp_test_support.hpp"

#include <sluice/stack/tcp/connection_table.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

namespace sluice::stack {
namespace {

using test::key_a;
using test::key_b;
using test::nudged;
using test::random_tuple;
using test::server_tuple;
using test::swapped;
using wire::Ipv4Addr;

using Table = ConnectionTable<int>;

// The million-connection tests take ~0.75 s each in a release build; ASan
// (debug, address+undefined) is several times slower, so it runs 200,000.
#if defined(__SANITIZE_ADDRESS__)
#define SLUICE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLUICE_TEST_ASAN 1
#endif
#endif
#ifdef SLUICE_TEST_ASAN
constexpr std::size_t many_connections = 200'000;
constexpr std::size_t churn_operations = 300'000;
#else
constexpr std::size_t many_connections = 1'000'000;
constexpr std::size_t churn_operations = 1'000'000;
#endif

/// Tuples whose home slot in a table of `capacity` is each of `homes`, in order.
std::vector<FourTuple> tuples_with_homes(const Table& table, std::size_t capacity,
                                         const std::vector<std::size_t>& homes) {
    std::vector<FourTuple> out;
    FourTuple t = server_tuple();
    for (const std::size_t home : homes) {
        do {
            ++t.remote.port;
        } while ((table.hash(t) & (capacity - 1)) != home);
        out.push_back(t);
    }
    return out;
}

/// Checks `table` holds exactly `model` (find and for_each).
void expect_matches(const Table& table, const std::map<FourTuple, int*>& model) {
    ASSERT_EQ(table.size(), model.size());
    for (const auto& [tuple, value] : model) ASSERT_EQ(table.find(tuple), value);
    std::map<FourTuple, int*> seen;
    table.for_each([&](const FourTuple& tuple, int* value) { ASSERT_TRUE(seen.emplace(tuple, value).second); });
    ASSERT_EQ(seen, model);
}

TEST(ConnectionTable, InsertFindErase) {
    Table table(key_a);
    int a = 1;
    int b = 2;
    const FourTuple t = server_tuple();
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(table.find(t), nullptr);
    EXPECT_FALSE(table.erase(t));

    EXPECT_TRUE(table.insert(t, &a));
    EXPECT_EQ(table.size(), 1u);
    EXPECT_EQ(table.find(t), &a);
    for (int field = 0; field < 4; ++field) EXPECT_EQ(table.find(nudged(t, field)), nullptr) << field;
    EXPECT_EQ(table.find(swapped(t)), nullptr);  // direction matters

    EXPECT_TRUE(table.insert(swapped(t), &b));
    EXPECT_EQ(table.find(swapped(t)), &b);
    EXPECT_EQ(table.find(t), &a);

    EXPECT_TRUE(table.erase(t));
    EXPECT_FALSE(table.erase(t));
    EXPECT_EQ(table.find(t), nullptr);
    EXPECT_EQ(table.find(swapped(t)), &b);
    EXPECT_EQ(table.size(), 1u);
    EXPECT_TRUE(table.insert(t, &b));  // a freed tuple can come back
    EXPECT_EQ(table.find(t), &b);
}

TEST(ConnectionTable, DuplicateInsertIsRefusedAndKeepsTheFirstValue) {
    Table table(key_a);
    int a = 1;
    int b = 2;
    ASSERT_TRUE(table.insert(server_tuple(), &a));
    EXPECT_FALSE(table.insert(server_tuple(), &b));
    EXPECT_FALSE(table.insert(server_tuple(), &a));
    EXPECT_EQ(table.find(server_tuple()), &a);
    EXPECT_EQ(table.size(), 1u);
}

TEST(ConnectionTable, NullValueIsRefused) {
    Table table(key_a);
    EXPECT_FALSE(table.insert(server_tuple(), nullptr));
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(table.find(server_tuple()), nullptr);
}

TEST(ConnectionTable, MaxEntriesIsRespected) {
    Table table(key_a, 8, 100);
    EXPECT_EQ(table.max_entries(), 100u);
    std::vector<int> values(101);
    std::mt19937 rng(7);
    std::vector<FourTuple> tuples;
    for (int i = 0; i < 101; ++i) tuples.push_back(random_tuple(rng));
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(table.insert(tuples[i], &values[i])) << i;
    EXPECT_FALSE(table.insert(tuples[100], &values[100]));
    EXPECT_EQ(table.find(tuples[100]), nullptr);
    EXPECT_EQ(table.size(), 100u);
    EXPECT_EQ(table.capacity(), 256u);  // no growth past what 100 entries need

    EXPECT_TRUE(table.erase(tuples[3]));
    EXPECT_TRUE(table.insert(tuples[100], &values[100]));
    EXPECT_FALSE(table.insert(tuples[3], &values[3]));
    for (int i = 0; i <= 100; ++i) EXPECT_EQ(table.find(tuples[i]), i == 3 ? nullptr : &values[i]) << i;

    Table none(key_a, 8, 0);
    int v = 0;
    EXPECT_FALSE(none.insert(server_tuple(), &v));
    EXPECT_EQ(none.size(), 0u);
}

TEST(ConnectionTable, CapacityIsAPowerOfTwoKeptAtMostHalfFull) {
    EXPECT_EQ(Table(key_a, 1000).capacity(), 1024u);
    EXPECT_EQ(Table(key_a, 1024).capacity(), 1024u);
    EXPECT_EQ(Table(key_a, 0).capacity(), Table::min_capacity);
    EXPECT_EQ(Table(key_a).capacity(), 1024u);

    Table table(key_a, 16);
    std::vector<int> values(9);
    std::mt19937 rng(3);
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(table.insert(random_tuple(rng), &values[i]));
    EXPECT_EQ(table.capacity(), 16u);
    EXPECT_FALSE(table.migrating());
    ASSERT_TRUE(table.insert(random_tuple(rng), &values[8]));  // 9 > 16 / 2: double
    EXPECT_EQ(table.capacity(), 32u);
}

TEST(ConnectionTable, HashIsKeyedAndDeterministic) {
    const Table a(key_a);
    const Table again(key_a);
    const Table b(key_b);
    const FourTuple t = server_tuple();
    EXPECT_EQ(a.hash(t), again.hash(t));
    EXPECT_NE(a.hash(t), b.hash(t));
    EXPECT_NE(a.hash(t), a.hash(swapped(t)));
    EXPECT_EQ(a.hash(t), hash_four_tuple(key_a, t, connection_table_domain));
    EXPECT_NE(a.hash(t), hash_four_tuple(key_a, t, 0x49534e00));  // isn.cpp's domain
}

// Capacity 8, at most 4 entries: the table never grows, so homes are exact.
TEST(ConnectionTable, BackwardShiftMovesBackOnlyWhatTheHoleBlocked) {
    Table table(key_a, 8, 4);
    std::vector<int> values(4);

    // Homes 3, 3, 3, 4 sit at 3, 4, 5, 6 (probe lengths 1, 2, 3, 3).
    const auto one = tuples_with_homes(table, 8, {3, 3, 3, 4});
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(table.insert(one[i], &values[i]));
    ProbeStats stats = table.probe_stats();
    EXPECT_EQ(stats.max, 3u);
    EXPECT_DOUBLE_EQ(stats.average, 9.0 / 4);
    // Erasing the head moves all three back: lengths 1, 2, 2.
    ASSERT_TRUE(table.erase(one[0]));
    stats = table.probe_stats();
    EXPECT_EQ(stats.entries, 3u);
    EXPECT_EQ(stats.max, 2u);
    EXPECT_DOUBLE_EQ(stats.average, 5.0 / 3);
    for (int i = 1; i < 4; ++i) EXPECT_EQ(table.find(one[i]), &values[i]) << i;
    for (int i = 1; i < 4; ++i) ASSERT_TRUE(table.erase(one[i]));

    // Homes 3, 3, 5, 5 sit at 3, 4, 5, 6. Erasing the one at 4 must leave
    // 5 and 6 where they are (the hole is before their homes).
    const auto two = tuples_with_homes(table, 8, {3, 3, 5, 5});
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(table.insert(two[i], &values[i]));
    ASSERT_TRUE(table.erase(two[1]));
    stats = table.probe_stats();
    EXPECT_EQ(stats.max, 2u);
    EXPECT_DOUBLE_EQ(stats.average, 4.0 / 3);
    for (int i : {0, 2, 3}) EXPECT_EQ(table.find(two[i]), &values[i]) << i;
    for (int i : {0, 2, 3}) ASSERT_TRUE(table.erase(two[i]));

    // Across the wrap: homes 6, 7, 7, 0 sit at 6, 7, 0, 1 (lengths 1, 1, 2,
    // 2); erasing the one at 7 pulls 0 -> 7 and 1 -> 0 (all lengths 1).
    const auto three = tuples_with_homes(table, 8, {6, 7, 7, 0});
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(table.insert(three[i], &values[i]));
    EXPECT_EQ(table.probe_stats().max, 2u);
    ASSERT_TRUE(table.erase(three[1]));
    stats = table.probe_stats();
    EXPECT_EQ(stats.max, 1u);
    for (int i : {0, 2, 3}) EXPECT_EQ(table.find(three[i]), &values[i]) << i;
    EXPECT_EQ(table.size(), 3u);
}

// Dense churn on a table that cannot grow (capacity 8, at most 4 entries):
// clusters wrap and shift constantly.
TEST(ConnectionTable, TinyTableChurnMatchesAModel) {
    Table table(key_a, 8, 4);
    std::mt19937 rng(11);
    std::vector<FourTuple> pool;
    for (int i = 0; i < 12; ++i) pool.push_back(random_tuple(rng));
    std::vector<int> values(pool.size());
    std::map<FourTuple, int*> model;
    for (int op = 0; op < 200'000; ++op) {
        const std::size_t k = rng() % pool.size();
        const FourTuple& t = pool[k];
        const bool present = model.contains(t);
        switch (rng() % 3) {
        case 0: {
            const bool expected = !present && model.size() < 4;
            ASSERT_EQ(table.insert(t, &values[k]), expected) << op;
            if (expected) model.emplace(t, &values[k]);
            break;
        }
        case 1:
            ASSERT_EQ(table.erase(t), present) << op;
            model.erase(t);
            break;
        default: ASSERT_EQ(table.find(t), present ? &values[k] : nullptr) << op; break;
        }
        ASSERT_EQ(table.capacity(), 8u);
        if (op % 1000 == 0) expect_matches(table, model);
    }
    expect_matches(table, model);
}

// Seeded random churn from a small start, so it grows (and migrates) while
// erasing; phases alternate between mostly-insert and mostly-erase.
TEST(ConnectionTable, RandomChurnMatchesAStdMapModel) {
    Table table(key_a, 8);
    std::mt19937 rng(20240601);
    std::vector<FourTuple> pool;
    for (int i = 0; i < 100'000; ++i) pool.push_back(random_tuple(rng));
    std::vector<int> values(pool.size());
    std::map<FourTuple, int*> model;
    bool saw_migration = false;
    for (std::size_t op = 0; op < churn_operations; ++op) {
        const std::size_t k = rng() % pool.size();
        const FourTuple& t = pool[k];
        const bool present = model.contains(t);
        const unsigned insert_percent = (op / 50'000) % 2 == 0 ? 60 : 25;
        const unsigned roll = rng() % 100;
        if (roll < insert_percent) {
            ASSERT_EQ(table.insert(t, &values[k]), !present) << op;
            model.emplace(t, &values[k]);
        } else if (roll < 85) {
            ASSERT_EQ(table.erase(t), present) << op;
            model.erase(t);
        } else {
            ASSERT_EQ(table.find(t), present ? &values[k] : nullptr) << op;
        }
        saw_migration = saw_migration || table.migrating();
        if (op % 100'000 == 0) expect_matches(table, model);
    }
    expect_matches(table, model);
    EXPECT_TRUE(saw_migration);
    const ProbeStats stats = table.probe_stats();
    EXPECT_LT(stats.average, 2.0);
    EXPECT_LE(stats.max, 24u);
}

// Inserts `tuples` (all distinct), checks each is found and absent ones are
// not, checks probe lengths, iterates, erases all.
void million_round_trip(const char* name, const std::vector<FourTuple>& tuples, const std::vector<FourTuple>& absent) {
    Table table(key_a);
    std::vector<int> values(tuples.size());
    std::size_t refused = 0;
    for (std::size_t i = 0; i < tuples.size(); ++i) refused += table.insert(tuples[i], &values[i]) ? 0 : 1;
    ASSERT_EQ(refused, 0u);
    ASSERT_EQ(table.size(), tuples.size());
    EXPECT_FALSE(table.migrating());

    std::size_t wrong = 0;
    for (std::size_t i = 0; i < tuples.size(); ++i) wrong += table.find(tuples[i]) == &values[i] ? 0 : 1;
    EXPECT_EQ(wrong, 0u);
    std::size_t found_absent = 0;
    for (const FourTuple& t : absent) found_absent += table.find(t) != nullptr ? 1 : 0;
    EXPECT_EQ(found_absent, 0u);

    const ProbeStats stats = table.probe_stats();
    const double load = static_cast<double>(table.size()) / static_cast<double>(table.capacity());
    std::printf("[ stats    ] %s: %zu entries, capacity %zu (load %.3f), probe length avg %.3f max %zu\n", name,
                stats.entries, table.capacity(), load, stats.average, stats.max);
    EXPECT_EQ(stats.entries, tuples.size());
    EXPECT_LE(load, 0.5);
    EXPECT_LT(stats.average, 2.0);  // theory at load 1/2: 1.5
    EXPECT_LE(stats.max, 24u);      // Robin Hood: 11 measured at 1M (see the header comment)

    std::size_t visits = 0;
    std::size_t bad_visits = 0;
    table.for_each([&](const FourTuple&, int* value) {
        ++visits;
        const auto i = static_cast<std::size_t>(value - values.data());
        bad_visits += (i < values.size() && *value == 0) ? 0 : 1;
        *value = 1;  // a second visit would find 1
    });
    EXPECT_EQ(visits, tuples.size());
    EXPECT_EQ(bad_visits, 0u);

    const std::size_t capacity = table.capacity();
    std::size_t not_erased = 0;
    for (const FourTuple& t : tuples) not_erased += table.erase(t) ? 0 : 1;
    EXPECT_EQ(not_erased, 0u);
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(table.capacity(), capacity);  // never shrinks
    std::size_t still_found = 0;
    for (std::size_t i = 0; i < tuples.size(); i += 97) still_found += table.find(tuples[i]) != nullptr ? 1 : 0;
    EXPECT_EQ(still_found, 0u);
    EXPECT_EQ(table.probe_stats().entries, 0u);
}

// A server: one local endpoint 10.0.0.1:443, clients from 100.64.0.0/10, 16
// connections per client address from the ephemeral range 32768-60999.
TEST(ConnectionTable, MillionConnectionsToOneServerEndpoint) {
    const Endpoint local{Ipv4Addr::from_octets(10, 0, 0, 1), 443};
    const std::uint32_t base = Ipv4Addr::from_octets(100, 64, 0, 0).value;
    std::vector<FourTuple> tuples;
    tuples.reserve(many_connections);
    for (std::size_t i = 0; i < many_connections; ++i) {
        const auto address = static_cast<std::uint32_t>(base + i / 16);
        const auto port = static_cast<std::uint16_t>(32768 + (i * 7919) % 28232);  // distinct within an address
        tuples.push_back({local, {Ipv4Addr{address}, port}});
    }
    std::vector<FourTuple> absent;
    for (std::size_t i = 0; i < 100'000; ++i) {
        FourTuple t = tuples[i * 7 % tuples.size()];
        t.local.port = 80;
        absent.push_back(t);
        absent.push_back(swapped(tuples[i * 13 % tuples.size()]));
    }
    million_round_trip("one server endpoint", tuples, absent);
}

// A client or proxy: 16 local addresses x local ports 1024-65535 to one
// remote 10.1.0.5:8080 (only the local side varies).
TEST(ConnectionTable, MillionConnectionsFromManyLocalPortsToOneRemote) {
    const Endpoint remote{Ipv4Addr::from_octets(10, 1, 0, 5), 8080};
    const std::uint32_t base = Ipv4Addr::from_octets(10, 0, 0, 1).value;
    std::vector<FourTuple> tuples;
    tuples.reserve(many_connections);
    for (std::size_t i = 0; i < many_connections; ++i) {
        const auto address = static_cast<std::uint32_t>(base + i / 64512);
        const auto port = static_cast<std::uint16_t>(1024 + i % 64512);
        tuples.push_back({{Ipv4Addr{address}, port}, remote});
    }
    std::vector<FourTuple> absent;
    for (std::size_t i = 0; i < 100'000; ++i) {
        FourTuple t = tuples[i * 7 % tuples.size()];
        t.remote.port = 8081;
        absent.push_back(t);
    }
    million_round_trip("many local ports, one remote", tuples, absent);
}

TEST(ConnectionTable, ForEachVisitsEachEntryOnce) {
    Table table(key_a, 8);
    std::mt19937 rng(5);
    std::vector<int> values(1000);
    std::map<FourTuple, int*> model;
    bool checked_while_migrating = false;
    for (int i = 0; i < 1000; ++i) {
        const FourTuple t = random_tuple(rng);
        ASSERT_TRUE(table.insert(t, &values[i]));
        model.emplace(t, &values[i]);
        if (table.migrating() && i % 7 == 0) {
            expect_matches(table, model);  // for_each over both arrays
            checked_while_migrating = true;
        }
    }
    EXPECT_TRUE(checked_while_migrating);
    expect_matches(table, model);

    Table empty(key_a);
    int calls = 0;
    empty.for_each([&](const FourTuple&, int*) { ++calls; });
    EXPECT_EQ(calls, 0);
}

TEST(ConnectionTable, LookupsEraseAndInsertDuringIncrementalRehash) {
    Table table(key_a, 1024);
    std::mt19937 rng(99);
    std::vector<int> values(2000);
    std::vector<FourTuple> tuples;
    for (int i = 0; i < 2000; ++i) tuples.push_back(random_tuple(rng));
    std::map<FourTuple, int*> model;
    for (int i = 0; i < 512; ++i) {
        ASSERT_TRUE(table.insert(tuples[i], &values[i]));
        model.emplace(tuples[i], &values[i]);
    }
    EXPECT_FALSE(table.migrating());
    ASSERT_TRUE(table.insert(tuples[512], &values[512]));  // 513 > 1024 / 2
    model.emplace(tuples[512], &values[512]);
    ASSERT_TRUE(table.migrating());
    EXPECT_EQ(table.capacity(), 2048u);

    // Every key is found, wherever it lives; absent ones are not.
    expect_matches(table, model);
    for (int i = 513; i < 2000; ++i) EXPECT_EQ(table.find(tuples[i]), nullptr);
    // Finds alone do not migrate (find is const); inserts and erases do.
    for (int i = 0; i < 2000; ++i) (void)table.find(tuples[i]);
    EXPECT_TRUE(table.migrating());
    // Each insert/erase moves >= 8 of the 1024 old slots, so a handful of
    // operations leaves most keys still in the old array: duplicates of them
    // are refused and erasing them works.
    int ops = 0;
    for (int i = 0; i < 512 && table.migrating(); i += 5, ++ops) {
        ASSERT_FALSE(table.insert(tuples[i], &values[i + 1])) << i;
        ASSERT_TRUE(table.erase(tuples[i])) << i;
        model.erase(tuples[i]);
        ASSERT_FALSE(table.erase(tuples[i])) << i;
        ASSERT_TRUE(table.insert(tuples[i + 1000], &values[i + 1000])) << i;
        model.emplace(tuples[i + 1000], &values[i + 1000]);
        if (ops % 8 == 0) expect_matches(table, model);
    }
    EXPECT_GE(ops, 10);
    expect_matches(table, model);
    for (int i = 1600; table.migrating() && i < 2000; ++i) {
        ASSERT_TRUE(table.insert(tuples[i], &values[i]));
        model.emplace(tuples[i], &values[i]);
    }
    EXPECT_FALSE(table.migrating());
    EXPECT_EQ(table.capacity(), 2048u);
    expect_matches(table, model);
}

TEST(ConnectionTable, EraseAloneFinishesAMigration) {
    Table table(key_a, 64);
    std::mt19937 rng(42);
    std::vector<int> values(33);
    std::vector<FourTuple> tuples;
    for (int i = 0; i < 33; ++i) tuples.push_back(random_tuple(rng));
    for (int i = 0; i < 33; ++i) ASSERT_TRUE(table.insert(tuples[i], &values[i]));
    ASSERT_TRUE(table.migrating());
    // 64 old slots at >= 8 per erase: at most 8 erases.
    int erased = 0;
    while (table.migrating()) {
        ASSERT_TRUE(table.erase(tuples[erased]));
        ++erased;
    }
    EXPECT_LE(erased, 8);
    for (int i = 0; i < 33; ++i) EXPECT_EQ(table.find(tuples[i]), i < erased ? nullptr : &values[i]) << i;
    EXPECT_EQ(table.size(), static_cast<std::size_t>(33 - erased));
}

// A migration is always finished by the inserts before the next growth (the
// insert-side backstop never has to run), and lasts at most old/8 operations.
TEST(ConnectionTable, MigrationFinishesBeforeTheNextGrowth) {
    Table table(key_a, 8);
    std::mt19937 rng(8);
    const std::size_t n = 300'000;
    std::vector<int> values(n);
    std::size_t growths = 0;
    std::size_t migrating_ops = 0;
    std::size_t longest = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const bool was_migrating = table.migrating();
        const std::size_t before = table.capacity();
        ASSERT_TRUE(table.insert(random_tuple(rng), &values[i]));
        if (table.capacity() != before) {
            ++growths;
            ASSERT_EQ(table.capacity(), before * 2);
            ASSERT_FALSE(was_migrating) << "growth at size " << table.size();
            migrating_ops = 0;
        } else if (was_migrating) {
            ++migrating_ops;
            ASSERT_LE(migrating_ops, before / 2 / Table::migrate_slots_per_step) << table.size();
            longest = std::max(longest, migrating_ops);
        }
    }
    EXPECT_EQ(table.capacity(), std::size_t{1} << 20);  // 300,000 * 2 > 2^19
    EXPECT_EQ(growths, 17u);                             // 2^3 -> 2^20
    EXPECT_GT(longest, 0u);
}

}  // namespace
}  // namespace sluice::stack
