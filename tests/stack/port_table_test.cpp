// The Windows bind-conflict rule and the port table (spec WS-BIND facts).
#include <sluice/stack/socket/port_table.hpp>

#include <gtest/gtest.h>

#include <set>
#include <vector>

using namespace sluice::stack;
using sluice::wire::Ipv4Addr;

namespace {

constexpr std::uint16_t kPort = 9375;  // the port the conformance suite uses
const Endpoint kAny{Ipv4Addr::any(), kPort};
const Endpoint kLoop{Ipv4Addr::from_octets(127, 0, 0, 1), kPort};
constexpr BindOptions kPlain{};
constexpr BindOptions kReuse{true, false};
constexpr BindOptions kExclusive{false, true};

struct Row {
    const char* fact;
    Endpoint first;
    BindOptions first_options;
    Endpoint second;
    BindOptions second_options;
    SocketError expected;
};

// The IPv4 rows of WS-BIND-08 and the IPv4 facts WS-BIND-01..05. (IPv6 and
// dual-stack rows wait for the IPv6 issue.)
const Row kRows[] = {
    {"WS-BIND-08 row 1: v4 ANY EX, then v4 127.0.0.1", kAny, kExclusive, kLoop, kPlain, SocketError::access_denied},
    {"WS-BIND-08 row 3: v4 ANY, then v4 127.0.0.1 EX", kAny, kPlain, kLoop, kExclusive, SocketError::none},
    {"WS-BIND-08 row 4: v4 ANY EX, then v4 127.0.0.1 EX", kAny, kExclusive, kLoop, kExclusive, SocketError::access_denied},
    {"WS-BIND-08 row 5: v4 127.0.0.1 EX, then v4 ANY", kLoop, kExclusive, kAny, kPlain, SocketError::none},
    {"WS-BIND-08 row 6: v4 127.0.0.1, then v4 ANY EX", kLoop, kPlain, kAny, kExclusive, SocketError::address_in_use},
    {"WS-BIND-08 row 13: v4 ANY, then v4 ANY EX", kAny, kPlain, kAny, kExclusive, SocketError::address_in_use},
    {"WS-BIND-08 row 14: v4 ANY, then v4 ANY", kAny, kPlain, kAny, kPlain, SocketError::address_in_use},
    {"WS-BIND-08 row 20: v4 127.0.0.1 EX, then v4 127.0.0.1", kLoop, kExclusive, kLoop, kPlain, SocketError::address_in_use},
    {"WS-BIND-08 row 21: v4 127.0.0.1, then v4 127.0.0.1 EX", kLoop, kPlain, kLoop, kExclusive, SocketError::address_in_use},
    {"WS-BIND-01: plain, then SO_REUSEADDR on the same address", kLoop, kPlain, kLoop, kReuse, SocketError::access_denied},
    {"WS-BIND-02: SO_REUSEADDR, then plain on the same address", kLoop, kReuse, kLoop, kPlain, SocketError::address_in_use},
    {"WS-BIND-02: SO_REUSEADDR twice on the same address", kLoop, kReuse, kLoop, kReuse, SocketError::none},
    {"WS-BIND-03: ANY, then 127.0.0.1 without options", kAny, kPlain, kLoop, kPlain, SocketError::none},
    {"WS-BIND-04: 127.0.0.1, then ANY without options", kLoop, kPlain, kAny, kPlain, SocketError::none},
    {"WS-BIND-05: ANY twice without options", kAny, kPlain, kAny, kPlain, SocketError::address_in_use},
};

}  // namespace

TEST(BindConflict, WindowsMatrixIpv4Rows) {
    for (const Row& row : kRows) {
        EXPECT_EQ(bind_conflict({row.first, row.first_options}, row.second, row.second_options), row.expected)
            << row.fact << ": got " << socket_error_name(bind_conflict({row.first, row.first_options}, row.second,
                                                                        row.second_options));
    }
}

TEST(BindConflict, DifferentSpecificAddressesNeverConflict) {
    const Endpoint other{Ipv4Addr::from_octets(10, 0, 0, 2), kPort};
    EXPECT_EQ(bind_conflict({kLoop, kExclusive}, other, kExclusive), SocketError::none);
}

struct FakeSocket {
    int id;
};

TEST(PortTable, EphemeralPortsComeFromTheDynamicRangeAndAreUnique) {
    PortTable<FakeSocket> table(7);
    FakeSocket sockets[100];
    std::set<std::uint16_t> seen;
    for (FakeSocket& s : sockets) {
        Endpoint local{Ipv4Addr::any(), 0};
        ASSERT_EQ(table.bind(&s, local, kPlain), SocketError::none);
        EXPECT_GE(local.port, kEphemeralFirst);
        EXPECT_TRUE(seen.insert(local.port).second);
    }
    EXPECT_EQ(table.size(), 100u);
}

TEST(PortTable, EphemeralSkipsPortsInUseAndReportsExhaustion) {
    PortTable<FakeSocket> table(0);
    std::vector<FakeSocket> sockets(kEphemeralLast - kEphemeralFirst + 1);
    for (FakeSocket& s : sockets) {
        Endpoint local{};
        ASSERT_EQ(table.bind(&s, local, kPlain), SocketError::none);
    }
    FakeSocket one_more{};
    Endpoint local{};
    EXPECT_EQ(table.bind(&one_more, local, kPlain), SocketError::no_ports);
    table.unbind(&sockets[5], {Ipv4Addr::any(), static_cast<std::uint16_t>(kEphemeralFirst + 5)});
    EXPECT_EQ(table.bind(&one_more, local, kPlain), SocketError::none);
    EXPECT_EQ(local.port, kEphemeralFirst + 5);
}

TEST(PortTable, MostSpecificBindingWinsThenConnectedThenFirstBound) {
    PortTable<FakeSocket> table;
    FakeSocket wild{1}, specific{2}, reuse_a{3}, reuse_b{4};
    Endpoint any = kAny, loop = kLoop;
    ASSERT_EQ(table.bind(&wild, any, kPlain), SocketError::none);
    const Endpoint from{Ipv4Addr::from_octets(127, 0, 0, 9), 5000};
    auto unconnected = [](const FakeSocket*, const Endpoint&) { return 0; };
    EXPECT_EQ(table.lookup(kLoop, from, unconnected), &wild);
    ASSERT_EQ(table.bind(&specific, loop, kPlain), SocketError::none);
    EXPECT_EQ(table.lookup(kLoop, from, unconnected), &specific);   // WS-BIND-03: more specific wins
    EXPECT_EQ(table.lookup({Ipv4Addr::from_octets(127, 0, 0, 2), kPort}, from, unconnected), &wild);
    table.unbind(&specific, kLoop);
    table.unbind(&wild, kAny);
    ASSERT_EQ(table.bind(&reuse_a, loop, kReuse), SocketError::none);
    ASSERT_EQ(table.bind(&reuse_b, loop, kReuse), SocketError::none);
    EXPECT_EQ(table.lookup(kLoop, from, unconnected), &reuse_a);    // WS-BIND-06: the first
    auto b_connected = [&](const FakeSocket* s, const Endpoint&) { return s == &reuse_b ? 1 : 0; };
    EXPECT_EQ(table.lookup(kLoop, from, b_connected), &reuse_b);
    auto a_refuses = [&](const FakeSocket* s, const Endpoint&) { return s == &reuse_a ? -1 : 0; };
    EXPECT_EQ(table.lookup(kLoop, from, a_refuses), &reuse_b);
    EXPECT_EQ(table.lookup({kLoop.address, 1}, from, unconnected), nullptr);
}
