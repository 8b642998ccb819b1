// Two sluice engines in one process over a crossed rte_eth_from_rings pair:
// real ethdev ports, real mbufs, injected time. ARP resolution both ways,
// ping both ways, ARP expiry and re-resolution, refresh before expiry,
// unresolved next hops, the bounded waiting queue, and no mbuf leaks.
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include "ring_ports.hpp"
#include <sluice/stack/engine.hpp>

#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

using namespace sluice;
using namespace std::chrono_literals;
using stack::Drop;
using stack::Engine;
using stack::Instant;
using wire::Ipv4Addr;

namespace {

Ipv4Addr ip(const char* s) { return *Ipv4Addr::parse(s); }

class TwoStacks : public ::testing::Test {
protected:
    void SetUp() override {
        static int serial = 0;
        pair_ = nic::create_ring_pair("ts" + std::to_string(serial++));
        port_a_ = test::open_ring_port(pair_.a, 256);
        port_b_ = test::open_ring_port(pair_.b, 256);
        pool_a_start_ = rte_mempool_avail_count(port_a_->pool());
        pool_b_start_ = rte_mempool_avail_count(port_b_->pool());
        arp_.reachable_time = 10s;
        arp_.refresh_before = 2s;
        arp_.retransmit_interval = 1s;
        arp_.max_requests = 3;
        arp_.max_queued_per_entry = 4;
        a_ = make_engine(*port_a_, "10.7.0.1/24");
        b_ = make_engine(*port_b_, "10.7.0.2/24");
        a_->icmp().set_echo_reply_observer([this](const stack::EchoReply& r) { replies_a_.push_back(r); });
        b_->icmp().set_echo_reply_observer([this](const stack::EchoReply& r) { replies_b_.push_back(r); });
        a_->start(now_);
        b_->start(now_);
        pump();
    }

    void TearDown() override {
        pump(4);
        a_.reset();
        b_.reset();
        test::drain_device(port_a_->queue(0));
        test::drain_device(port_b_->queue(0));
        // Every mbuf came home: nothing leaked on either side.
        EXPECT_EQ(rte_mempool_avail_count(port_a_->pool()), pool_a_start_);
        EXPECT_EQ(rte_mempool_avail_count(port_b_->pool()), pool_b_start_);
        port_a_.reset();
        port_b_.reset();
        nic::destroy_ring_pair(pair_);
    }



    std::unique_ptr<Engine> make_engine(nic::Port& port, const char* cidr) {
        stack::EngineConfig config;
        config.address = *wire::Ipv4Cidr::parse(cidr);
        config.arp = arp_;
        return std::make_unique<Engine>(port.queue(0), config, now_);
    }

    /// Polls both engines `rounds` times, advancing time by `step` each round.
    void pump(int rounds = 8, stack::Duration step = 100us) {
        for (int i = 0; i < rounds; ++i) {
            now_ += step;
            a_->poll(now_);
            b_->poll(now_);
        }
    }

    void advance(stack::Duration total, stack::Duration step = 10ms) {
        for (stack::Duration t{}; t < total; t += step) pump(1, step);
    }

    bool ping(Engine& from, const char* to, std::uint16_t seq) {
        const std::array<std::uint8_t, 56> data{};
        return from.icmp().send_echo_request(ip(to), 0x1234, seq, data, now_);
    }

    nic::RingPair pair_{};
    std::unique_ptr<nic::Port> port_a_, port_b_;
    unsigned pool_a_start_ = 0, pool_b_start_ = 0;
    stack::ArpConfig arp_;
    std::unique_ptr<Engine> a_, b_;
    Instant now_{};
    std::vector<stack::EchoReply> replies_a_, replies_b_;
};

TEST_F(TwoStacks, GratuitousArpAnnouncesWithoutPolluting) {
    EXPECT_EQ(a_->counters().events.arp_gratuitous_sent, 1u);
    EXPECT_EQ(b_->counters().events.arp_requests_received, 1u);
    // An announcement for another host is not a request for us: not learnt.
    EXPECT_EQ(b_->arp_cache().size(), 0u);
    EXPECT_EQ(b_->counters().dropped(Drop::arp_not_for_us), 1u);
}

TEST_F(TwoStacks, ArpResolvesBothWaysAndPingWorksBothWays) {
    ASSERT_TRUE(ping(*a_, "10.7.0.2", 1));
    EXPECT_EQ(a_->arp_cache().state(ip("10.7.0.2")), stack::NeighborState::incomplete);
    pump();
    ASSERT_EQ(replies_a_.size(), 1u);
    EXPECT_EQ(replies_a_[0].from, ip("10.7.0.2"));
    EXPECT_EQ(replies_a_[0].sequence, 1);
    EXPECT_EQ(replies_a_[0].data_len, 56u);
    EXPECT_EQ(a_->arp_cache().lookup(ip("10.7.0.2")), b_->interface().mac);
    // B learnt A from A's request (RFC 826: the request was for B).
    EXPECT_EQ(b_->arp_cache().lookup(ip("10.7.0.1")), a_->interface().mac);

    ASSERT_TRUE(ping(*b_, "10.7.0.1", 2));
    pump();
    ASSERT_EQ(replies_b_.size(), 1u);
    EXPECT_EQ(replies_b_[0].sequence, 2);
    EXPECT_EQ(b_->counters().events.arp_requests_sent, 0u);  // already known
    EXPECT_EQ(a_->counters().events.icmp_echo_replies, 1u);
    EXPECT_EQ(b_->counters().events.icmp_echo_replies, 1u);
    EXPECT_EQ(a_->counters().total_drops() - a_->counters().dropped(Drop::arp_not_for_us), 0u);
    EXPECT_EQ(b_->counters().total_drops() - b_->counters().dropped(Drop::arp_not_for_us), 0u);
}

TEST_F(TwoStacks, ManyPingsInOneBurst) {
    for (std::uint16_t seq = 0; seq < 40; ++seq) {
        ASSERT_TRUE(ping(*a_, "10.7.0.2", seq));
        if (seq == 0) pump();  // resolve first, then a burst
    }
    pump(20);
    EXPECT_EQ(replies_a_.size(), 40u);
}

TEST_F(TwoStacks, EntryExpiresAndIsResolvedAgain) {
    ASSERT_TRUE(ping(*a_, "10.7.0.2", 1));
    pump();
    ASSERT_EQ(replies_a_.size(), 1u);
    const auto requests_before = a_->counters().events.arp_requests_sent;
    advance(11s);  // past reachable_time with no traffic
    EXPECT_EQ(a_->arp_cache().state(ip("10.7.0.2")), std::nullopt);
    EXPECT_GE(a_->counters().events.arp_entries_expired, 1u);
    ASSERT_TRUE(ping(*a_, "10.7.0.2", 2));
    pump();
    ASSERT_EQ(replies_a_.size(), 2u);
    EXPECT_EQ(a_->counters().events.arp_requests_sent, requests_before + 1);
    EXPECT_EQ(a_->arp_cache().state(ip("10.7.0.2")), stack::NeighborState::reachable);
}

TEST_F(TwoStacks, BusyEntryIsRefreshedBeforeItExpires) {
    ASSERT_TRUE(ping(*a_, "10.7.0.2", 1));
    pump();
    // Keep pinging every second for 30 s: the entry never lapses, and each
    // refresh is one unicast request answered by B.
    for (std::uint16_t seq = 2; seq < 32; ++seq) {
        advance(1s);
        ASSERT_TRUE(ping(*a_, "10.7.0.2", seq));
        pump();
        ASSERT_EQ(a_->arp_cache().state(ip("10.7.0.2")), stack::NeighborState::reachable) << "seq " << seq;
    }
    EXPECT_EQ(replies_a_.size(), 31u);
    EXPECT_EQ(a_->counters().events.arp_entries_expired, 0u);
    EXPECT_GE(a_->counters().events.arp_requests_sent, 3u);  // 1 resolution + refreshes
    EXPECT_EQ(a_->counters().dropped(Drop::arp_unresolved), 0u);
}

TEST_F(TwoStacks, UnresolvedNextHopGivesUpAfterMaxRequests) {
    ASSERT_TRUE(ping(*a_, "10.7.0.99", 1));
    advance(5s);
    EXPECT_EQ(a_->counters().events.arp_requests_sent, 3u);
    EXPECT_EQ(a_->counters().dropped(Drop::arp_unresolved), 1u);
    EXPECT_EQ(a_->arp_cache().state(ip("10.7.0.99")), std::nullopt);
}

TEST_F(TwoStacks, WaitingQueueIsBoundedOldestDropped) {
    for (std::uint16_t seq = 0; seq < 7; ++seq) ASSERT_TRUE(ping(*a_, "10.7.0.99", seq));
    EXPECT_EQ(a_->arp_cache().queued(ip("10.7.0.99")), 4u);
    EXPECT_EQ(a_->counters().dropped(Drop::arp_queue_full), 3u);
    advance(5s);
    EXPECT_EQ(a_->counters().dropped(Drop::arp_unresolved), 4u);
}

TEST_F(TwoStacks, OffLinkWithoutGatewayHasNoRoute) {
    ASSERT_TRUE(ping(*a_, "192.0.2.1", 1));
    EXPECT_EQ(a_->counters().dropped(Drop::ipv4_no_route), 1u);
}

TEST_F(TwoStacks, OffLinkTrafficGoesToTheGatewaysMac) {
    // A routes 0.0.0.0/0 via B: A resolves B's address, not the destination's,
    // and B (a host, not a router) drops the packet as not addressed to it.
    stack::EngineConfig config;
    config.address = *wire::Ipv4Cidr::parse("10.7.0.1/24");
    config.gateway = ip("10.7.0.2");
    config.arp = arp_;
    a_ = std::make_unique<Engine>(port_a_->queue(0), config, now_);
    ASSERT_TRUE(ping(*a_, "192.0.2.1", 1));
    EXPECT_EQ(a_->arp_cache().state(ip("10.7.0.2")), stack::NeighborState::incomplete);
    EXPECT_EQ(a_->arp_cache().state(ip("192.0.2.1")), std::nullopt);
    pump();
    EXPECT_EQ(a_->arp_cache().lookup(ip("10.7.0.2")), b_->interface().mac);
    EXPECT_EQ(b_->counters().dropped(Drop::ipv4_not_for_us), 1u);
    EXPECT_EQ(a_->counters().dropped(Drop::ipv4_no_route), 0u);
}

TEST_F(TwoStacks, GatewayOutsideTheSubnetIsRejected) {
    stack::EngineConfig config;
    config.address = *wire::Ipv4Cidr::parse("10.7.0.1/24");
    config.gateway = ip("10.8.0.1");
    EXPECT_THROW(Engine(port_a_->queue(0), config, now_), std::invalid_argument);
    config.gateway.reset();
    config.vlan_id = 4095;
    EXPECT_THROW(Engine(port_a_->queue(0), config, now_), std::invalid_argument);
}

TEST_F(TwoStacks, PayloadBeyondMtuIsRefused) {
    std::vector<std::uint8_t> big(1500 - 20 - 8 + 1);
    ASSERT_TRUE(a_->icmp().send_echo_request(ip("10.7.0.2"), 1, 1, big, now_));
    EXPECT_EQ(a_->counters().dropped(Drop::ipv4_too_big), 1u);
    std::vector<std::uint8_t> fits(1500 - 20 - 8);
    ASSERT_TRUE(a_->icmp().send_echo_request(ip("10.7.0.2"), 1, 2, fits, now_));
    pump();
    ASSERT_EQ(replies_a_.size(), 1u);
    EXPECT_EQ(replies_a_[0].data_len, fits.size());
}

}  // namespace
