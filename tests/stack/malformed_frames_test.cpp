// Hostile and malformed frames through the real receive path (ring pair):
// each is dropped under exactly its reason, nothing leaks, and the stack
// still answers ping afterwards.
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include <sluice/stack/engine.hpp>
#include <sluice/stack/wire/arp.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/ethernet.hpp>
#include <sluice/stack/wire/icmp.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <vector>

using namespace sluice;
using namespace std::chrono_literals;
using stack::Drop;
using Frame = std::vector<std::uint8_t>;

namespace {

const wire::Ipv4Addr kPeer = *wire::Ipv4Addr::parse("10.8.0.1");
const wire::Ipv4Addr kSluice = *wire::Ipv4Addr::parse("10.8.0.2");
const wire::MacAddr kPeerMac = *wire::MacAddr::parse("02:00:00:00:08:01");

void refresh_ip_checksum(Frame& f) {
    f[24] = f[25] = 0;
    const std::size_t ihl = (f[14] & 0x0f) * 4u;
    const std::uint16_t sum = wire::internet_checksum({f.data() + 14, ihl});
    f[24] = static_cast<std::uint8_t>(sum >> 8);
    f[25] = static_cast<std::uint8_t>(sum);
}

class MalformedFrames : public ::testing::Test {
protected:
    void SetUp() override {
        static int serial = 0;
        pair_ = nic::create_ring_pair("mf" + std::to_string(serial++));
        nic::PortConfig config;
        config.link_wait = 0ms;
        config.port_id = pair_.a;
        peer_ = nic::Port::open(config);
        config.port_id = pair_.b;
        port_ = nic::Port::open(config);
        pool_start_ = rte_mempool_avail_count(port_->pool());
        stack::EngineConfig engine_config;
        engine_config.address = {kSluice, 24};
        engine_ = std::make_unique<stack::Engine>(port_->queue(0), engine_config, now_);
        sluice_mac_ = engine_->interface().mac;
    }

    void TearDown() override {
        engine_->poll(now_);
        drain_peer();
        engine_.reset();
        rte_mbuf* frames[32];
        std::uint16_t n;
        while ((n = port_->queue(0).rx_burst(frames, 32)) > 0) rte_pktmbuf_free_bulk(frames, n);
        EXPECT_EQ(rte_mempool_avail_count(port_->pool()), pool_start_);
        peer_.reset();
        port_.reset();
        nic::destroy_ring_pair(pair_);
    }

    /// A valid echo request from the peer to sluice, as raw frame bytes.
    Frame echo_request(std::uint16_t seq = 1, std::size_t data_len = 32) const {
        const std::vector<std::uint8_t> data(data_len, 0x5a);
        const auto icmp = wire::IcmpRepr::echo(wire::icmptype::echo_request, 7, seq, data);
        wire::Ipv4Repr ip;
        ip.src = kPeer;
        ip.dst = kSluice;
        ip.protocol = wire::ipproto::icmp;
        ip.payload_len = static_cast<std::uint16_t>(icmp.buffer_len());
        wire::EthernetRepr eth{sluice_mac_, kPeerMac, wire::ethertype::ipv4, std::nullopt};
        Frame f(eth.header_len() + ip.buffer_len() + icmp.buffer_len());
        eth.emit({f.data(), eth.header_len()});
        ip.emit({f.data() + 14, ip.buffer_len()});
        icmp.emit({f.data() + 34, icmp.buffer_len()});
        return f;
    }

    Frame arp_request() const {
        wire::ArpRepr arp{wire::ArpOp::request, kPeerMac, kPeer, wire::MacAddr{}, kSluice};
        wire::EthernetRepr eth{wire::MacAddr::broadcast(), kPeerMac, wire::ethertype::arp, std::nullopt};
        Frame f(14 + wire::kArpLen);
        eth.emit({f.data(), 14});
        arp.emit({f.data() + 14, wire::kArpLen});
        return f;
    }

    void inject(const Frame& f) {
        rte_mbuf* m = rte_pktmbuf_alloc(peer_->pool());
        ASSERT_NE(m, nullptr);
        std::memcpy(rte_pktmbuf_append(m, static_cast<std::uint16_t>(f.size())), f.data(), f.size());
        ASSERT_EQ(peer_->queue(0).tx_burst(&m, 1), 1);
        now_ += 100us;
        engine_->poll(now_);
    }

    /// Frames sluice sent back to the peer since the last call.
    std::vector<Frame> drain_peer() {
        std::vector<Frame> out;
        rte_mbuf* frames[32];
        std::uint16_t n;
        while ((n = peer_->queue(0).rx_burst(frames, 32)) > 0) {
            for (std::uint16_t i = 0; i < n; ++i) {
                const auto* p = rte_pktmbuf_mtod(frames[i], const std::uint8_t*);
                out.emplace_back(p, p + rte_pktmbuf_data_len(frames[i]));
                rte_pktmbuf_free(frames[i]);
            }
        }
        return out;
    }

    /// Injects a mutated echo request and expects exactly `reason` to count it.
    void expect_drop(Drop reason, const std::function<void(Frame&)>& mutate) {
        Frame f = echo_request();
        mutate(f);
        const auto before = engine_->counters().dropped(reason);
        const auto total_before = engine_->counters().total_drops();
        inject(f);
        EXPECT_EQ(engine_->counters().dropped(reason), before + 1) << stack::drop_name(reason);
        EXPECT_EQ(engine_->counters().total_drops(), total_before + 1) << stack::drop_name(reason);
        EXPECT_TRUE(drain_peer().empty()) << stack::drop_name(reason) << ": a dropped frame was answered";
    }

    nic::RingPair pair_{};
    std::unique_ptr<nic::Port> peer_, port_;
    unsigned pool_start_ = 0;
    std::unique_ptr<stack::Engine> engine_;
    wire::MacAddr sluice_mac_;
    stack::Instant now_{};
};

TEST_F(MalformedFrames, ValidEchoIsAnswered) {
    inject(arp_request());
    auto replies = drain_peer();
    ASSERT_EQ(replies.size(), 1u);
    wire::ArpRepr arp;
    ASSERT_EQ(wire::ArpRepr::parse({replies[0].data() + 14, replies[0].size() - 14}, arp), Drop::none);
    EXPECT_EQ(arp.operation, wire::ArpOp::reply);
    EXPECT_EQ(arp.sender_mac, sluice_mac_);
    inject(echo_request(9));
    replies = drain_peer();
    ASSERT_EQ(replies.size(), 1u);
    wire::Ipv4Repr ip;
    ASSERT_EQ(wire::Ipv4Repr::parse({replies[0].data() + 14, replies[0].size() - 14}, ip), Drop::none);
    EXPECT_EQ(ip.src, kSluice);
    EXPECT_EQ(ip.dst, kPeer);
    wire::IcmpRepr icmp;
    ASSERT_EQ(wire::IcmpRepr::parse({replies[0].data() + 34, ip.payload_len}, icmp), Drop::none);
    EXPECT_EQ(icmp.type, wire::icmptype::echo_reply);
    EXPECT_EQ(icmp.sequence(), 9);
    EXPECT_EQ(icmp.data.size(), 32u);
}

TEST_F(MalformedFrames, AllZeroEchoGetsAValidReplyChecksum) {
    inject(arp_request());
    drain_peer();
    // id 0, seq 0, no data: the reply's checksum must be 0xffff, not 0x0000.
    Frame f = echo_request(0, 0);
    f[38] = f[39] = 0;  // identifier 7 -> 0
    f[36] = f[37] = 0;
    const std::uint16_t sum = wire::internet_checksum({f.data() + 34, 8});
    f[36] = static_cast<std::uint8_t>(sum >> 8);
    f[37] = static_cast<std::uint8_t>(sum);
    inject(f);
    auto replies = drain_peer();
    ASSERT_EQ(replies.size(), 1u);
    wire::IcmpRepr icmp;
    ASSERT_EQ(wire::IcmpRepr::parse({replies[0].data() + 34, 8}, icmp), Drop::none);
    EXPECT_EQ(replies[0][36], 0xff);
    EXPECT_EQ(replies[0][37], 0xff);
}

TEST_F(MalformedFrames, TtlZeroIsStillAnsweredAndZeroSourceIsNot) {
    inject(arp_request());
    drain_peer();
    // RFC 1122 3.2.1.7: a host must not discard a datagram for TTL < 2.
    Frame ttl0 = echo_request(3);
    ttl0[22] = 0;
    refresh_ip_checksum(ttl0);
    inject(ttl0);
    EXPECT_EQ(drain_peer().size(), 1u);
    // RFC 1122 3.2.1.3: 0.0.0.0 as a unicast source is not answered.
    const auto before = engine_->counters().dropped(Drop::ipv4_bad_source);
    Frame zero = echo_request(4);
    std::fill(zero.begin() + 26, zero.begin() + 30, 0);
    refresh_ip_checksum(zero);
    inject(zero);
    EXPECT_TRUE(drain_peer().empty());
    EXPECT_EQ(engine_->counters().dropped(Drop::ipv4_bad_source), before + 1);
}

TEST_F(MalformedFrames, SpoofedSourcesCannotParkMuchOfThePoolInArp) {
    // Echo requests from many unknown on-link sources: each reply waits for
    // ARP. The waiting is bounded by max_incomplete entries.
    stack::EngineConfig config;
    config.address = {kSluice, 16};
    engine_ = std::make_unique<stack::Engine>(port_->queue(0), config, now_);
    for (int host = 256; host < 656; ++host) {  // 10.8.1.0 .. 10.8.2.143: on-link, unknown
        Frame f = echo_request(static_cast<std::uint16_t>(host));
        f[28] = static_cast<std::uint8_t>(host >> 8);
        f[29] = static_cast<std::uint8_t>(host);
        refresh_ip_checksum(f);
        inject(f);
    }
    const stack::ArpConfig defaults;
    EXPECT_LE(engine_->arp_cache().incomplete(), defaults.max_incomplete);
    EXPECT_LE(engine_->arp_cache().queued_total(), defaults.max_queued_total);
    EXPECT_LE(engine_->counters().events.arp_requests_sent, defaults.max_incomplete);
    EXPECT_GE(engine_->counters().dropped(Drop::arp_cache_full), 400u - defaults.max_incomplete);
    drain_peer();
}

TEST_F(MalformedFrames, EachMalformationHasItsReason) {
    inject(arp_request());  // sluice learns the peer, so replies would go out
    drain_peer();
    expect_drop(Drop::eth_truncated, [](Frame& f) { f.resize(13); });
    expect_drop(Drop::eth_not_for_us, [](Frame& f) { f[0] = 0x02; f[5] = 0x99; });
    expect_drop(Drop::eth_multicast, [](Frame& f) { f[0] = 0x01; f[1] = 0x00; f[2] = 0x5e; });
    expect_drop(Drop::eth_src_invalid, [](Frame& f) { f[6] = 0x01; });
    expect_drop(Drop::eth_unknown_ethertype, [](Frame& f) { f[12] = 0x86; f[13] = 0xdd; });
    expect_drop(Drop::vlan_not_ours, [](Frame& f) {
        const std::uint8_t tag[] = {0x81, 0x00, 0x00, 0x05};
        f.insert(f.begin() + 12, tag, tag + 4);
    });
    expect_drop(Drop::ipv4_truncated, [](Frame& f) { f.resize(14 + 19); });
    expect_drop(Drop::ipv4_bad_version, [](Frame& f) { f[14] = 0x65; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_bad_ihl, [](Frame& f) { f[14] = 0x44; });
    expect_drop(Drop::ipv4_bad_total_length, [](Frame& f) { f[16] = 0x05; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_bad_total_length, [](Frame& f) { f[16] = 0; f[17] = 19; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_bad_checksum, [](Frame& f) { f[25] ^= 0x01; });
    expect_drop(Drop::ipv4_bad_source, [](Frame& f) { f[29] = 2; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_bad_source, [](Frame& f) { f[26] = 224; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_not_for_us, [](Frame& f) { f[33] = 77; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_multicast, [](Frame& f) { f[30] = 239; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_fragment, [](Frame& f) { f[20] = 0x20; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_fragment, [](Frame& f) { f[21] = 0xb9; refresh_ip_checksum(f); });
    expect_drop(Drop::ipv4_unknown_protocol, [](Frame& f) { f[23] = 99; refresh_ip_checksum(f); });
    expect_drop(Drop::icmp_bad_checksum, [](Frame& f) { f[40] ^= 0xff; });
    expect_drop(Drop::icmp_truncated, [](Frame& f) { f.resize(34 + 7); f[17] = 27; refresh_ip_checksum(f); });
    expect_drop(Drop::icmp_broadcast_echo, [](Frame& f) {
        std::fill(f.begin(), f.begin() + 6, 0xff);
        f[33] = 255;
        refresh_ip_checksum(f);
    });
    // Still answers ping afterwards.
    inject(echo_request(42));
    EXPECT_EQ(drain_peer().size(), 1u);
}

TEST_F(MalformedFrames, HostileArp) {
    auto expect_arp_drop = [&](Drop reason, const std::function<void(Frame&)>& mutate) {
        Frame f = arp_request();
        f.resize(80);  // room for whatever address lengths the header announces
        mutate(f);
        const auto before = engine_->counters().dropped(reason);
        inject(f);
        EXPECT_EQ(engine_->counters().dropped(reason), before + 1) << stack::drop_name(reason);
        EXPECT_TRUE(drain_peer().empty()) << stack::drop_name(reason);
    };
    expect_arp_drop(Drop::arp_truncated, [](Frame& f) { f.resize(14 + 7); });
    expect_arp_drop(Drop::arp_bad_hardware, [](Frame& f) { f[18] = 8; });
    expect_arp_drop(Drop::arp_bad_hardware, [](Frame& f) { f[15] = 6; });
    expect_arp_drop(Drop::arp_bad_protocol, [](Frame& f) { f[19] = 16; });
    expect_arp_drop(Drop::arp_bad_protocol, [](Frame& f) { f[16] = 0x86; f[17] = 0xdd; });
    expect_arp_drop(Drop::arp_bad_operation, [](Frame& f) { f[21] = 3; });
    // A sender claiming our own address (address conflict/spoof) is not learnt.
    expect_arp_drop(Drop::arp_bad_sender, [](Frame& f) { f[31] = 2; });
    expect_arp_drop(Drop::arp_bad_sender, [](Frame& f) { f[22] = 0x01; });
    expect_arp_drop(Drop::arp_bad_sender, [](Frame& f) { std::fill(f.begin() + 22, f.begin() + 28, 0); });
    expect_arp_drop(Drop::arp_not_for_us, [](Frame& f) { f[41] = 200; });
    EXPECT_EQ(engine_->arp_cache().size(), 0u);
    // A request for us from an off-link sender is answered but not learnt.
    Frame off_link = arp_request();
    off_link[28] = 192;
    off_link[29] = 0;
    off_link[30] = 2;
    inject(off_link);
    EXPECT_EQ(drain_peer().size(), 1u);
    EXPECT_EQ(engine_->arp_cache().size(), 0u);
}

TEST_F(MalformedFrames, SpoofedRequestFloodCannotEvictKnownNeighbours) {
    stack::ArpConfig small;
    small.capacity = 4;
    stack::EngineConfig config;
    config.address = {kSluice, 24};
    config.arp = small;
    engine_ = std::make_unique<stack::Engine>(port_->queue(0), config, now_);
    inject(arp_request());
    drain_peer();
    for (int host = 10; host < 60; ++host) {
        Frame f = arp_request();
        f[31] = static_cast<std::uint8_t>(host);  // spoofed sender IP
        f[27] = static_cast<std::uint8_t>(host);  // and MAC
        inject(f);
    }
    drain_peer();  // the requests were for us: answered
    EXPECT_EQ(engine_->arp_cache().size(), 4u);
    EXPECT_EQ(engine_->arp_cache().lookup(kPeer), kPeerMac);
    inject(echo_request(5));
    EXPECT_EQ(drain_peer().size(), 1u);
}

}  // namespace
