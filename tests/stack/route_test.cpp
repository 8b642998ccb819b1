// RouteTable: longest prefix wins, metrics break ties, default via gateway.
#include <sluice/stack/net/route.hpp>

#include <gtest/gtest.h>

using namespace sluice::stack;
using sluice::wire::Ipv4Addr;
using sluice::wire::Ipv4Cidr;

namespace {
Ipv4Addr ip(const char* s) { return *Ipv4Addr::parse(s); }
Ipv4Cidr cidr(const char* s) { return *Ipv4Cidr::parse(s); }
}  // namespace

TEST(RouteTable, EmptyTableHasNoRoute) {
    RouteTable t;
    EXPECT_EQ(t.lookup(ip("10.0.0.1")), std::nullopt);
}

TEST(RouteTable, ConnectedSubnetIsDirect) {
    RouteTable t;
    t.add_connected(cidr("10.1.2.3/24"));
    auto hop = t.lookup(ip("10.1.2.77"));
    ASSERT_TRUE(hop);
    EXPECT_EQ(hop->neighbor, ip("10.1.2.77"));
    EXPECT_FALSE(hop->via_gateway);
    EXPECT_EQ(t.lookup(ip("10.1.3.1")), std::nullopt);
}

TEST(RouteTable, DefaultRouteGoesViaGateway) {
    RouteTable t;
    t.add_connected(cidr("10.1.2.3/24"));
    t.add_default(ip("10.1.2.1"));
    auto hop = t.lookup(ip("192.0.2.9"));
    ASSERT_TRUE(hop);
    EXPECT_EQ(hop->neighbor, ip("10.1.2.1"));
    EXPECT_TRUE(hop->via_gateway);
    // The connected route still wins for on-link destinations.
    EXPECT_FALSE(t.lookup(ip("10.1.2.9"))->via_gateway);
}

TEST(RouteTable, LongestPrefixThenMetric) {
    RouteTable t;
    t.add({cidr("10.0.0.0/8"), ip("10.255.0.1"), 0});
    t.add({cidr("10.1.0.0/16"), ip("10.255.0.2"), 5});
    t.add({cidr("10.1.0.0/16"), ip("10.255.0.3"), 1});
    EXPECT_EQ(t.lookup(ip("10.1.9.9"))->neighbor, ip("10.255.0.3"));
    EXPECT_EQ(t.lookup(ip("10.2.9.9"))->neighbor, ip("10.255.0.1"));
}

TEST(RouteTable, HostBitsOfDestinationAreIgnored) {
    RouteTable t;
    t.add({cidr("172.16.5.9/16"), ip("10.0.0.1"), 0});
    EXPECT_EQ(t.routes().front().destination.address, ip("172.16.0.0"));
    EXPECT_TRUE(t.lookup(ip("172.16.200.1")));
}
