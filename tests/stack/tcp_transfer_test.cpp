// TCP end to end between real engines: one loopback-only engine (127.0.0.1,
// chained zero-copy segments up to 64 KiB) and two engines over a crossed
// rte_eth_from_rings pair, clean and through the fault-injecting device
// (loss, duplication, corruption, reordering). Bulk transfers both ways at
// once with byte-exact checks, graceful close to end of stream, many
// concurrent connections, and no mbuf leaked. Time is injected.
#include <sluice/nic/impair.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>
#include "ring_ports.hpp"
#include <sluice/stack/engine.hpp>
#include <sluice/stack/tcp/connection.hpp>

#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

using namespace sluice;
using namespace std::chrono_literals;
using stack::Endpoint;
using stack::Engine;
using stack::Instant;
using stack::SocketError;
using stack::TcpSocket;
using stack::TcpState;
using wire::Ipv4Addr;

namespace {

std::vector<std::uint8_t> pattern(std::size_t n, std::uint32_t seed) {
    std::vector<std::uint8_t> v(n);
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& b : v) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<std::uint8_t>(x);
    }
    return v;
}

/// One direction of a transfer: what to send, what arrived.
struct Stream {
    std::vector<std::uint8_t> out;
    std::size_t sent = 0;
    std::vector<std::uint8_t> in;
    bool shut = false;
    bool eof = false;
};

/// Queues what fits of `st` on `sender`, shutting its sending side down once
/// everything is queued; reads what `receiver` has into `st`.
void move_bytes(TcpSocket* sender, TcpSocket* receiver, Stream& st, Instant now) {
    if (st.sent < st.out.size()) st.sent += sender->send(std::span(st.out).subspan(st.sent), false, now).bytes;
    if (st.sent == st.out.size() && !st.shut) {
        EXPECT_EQ(sender->shutdown_send(now), SocketError::none);
        st.shut = true;
    }
    std::array<std::uint8_t, 16384> buf;
    for (;;) {
        const auto r = receiver->receive(buf, false, now);
        if (r.error != SocketError::none) break;
        if (r.bytes == 0) {
            st.eof = true;
            break;
        }
        st.in.insert(st.in.end(), buf.begin(), buf.begin() + static_cast<long>(r.bytes));
    }
}

class TcpLoopback : public ::testing::Test {
protected:
    void SetUp() override {
        static int serial = 0;
        pool_ = rte_pktmbuf_pool_create(("tl" + std::to_string(serial++)).c_str(), 8191, 0, 0,
                                        RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
        ASSERT_NE(pool_, nullptr);
        pool_start_ = rte_mempool_avail_count(pool_);
        engine_ = std::make_unique<Engine>(pool_, stack::EngineConfig{}, now_);
    }
    void TearDown() override {
        for (int i = 0; i < 10; ++i) engine_->poll(now_ += 1ms);
        engine_.reset();
        EXPECT_EQ(rte_mempool_avail_count(pool_), pool_start_) << "mbufs leaked";
        rte_mempool_free(pool_);
    }
    rte_mempool* pool_ = nullptr;
    unsigned pool_start_ = 0;
    std::unique_ptr<Engine> engine_;
    Instant now_ = Instant{} + 1s;
};

TEST_F(TcpLoopback, BulkBothWaysOverLoopbackWithChains) {
    const Ipv4Addr lo = Ipv4Addr::from_octets(127, 0, 0, 1);
    TcpSocket* l = engine_->tcp().open();
    ASSERT_EQ(l->bind({lo, 9000}), SocketError::none);
    ASSERT_EQ(l->listen(4), SocketError::none);
    TcpSocket* c = engine_->tcp().open();
    ASSERT_EQ(c->connect({lo, 9000}, now_), SocketError::none);
    TcpSocket* a = nullptr;
    for (int i = 0; i < 10 && a == nullptr; ++i) {
        engine_->poll(now_ += 10us);
        a = l->accept();
    }
    ASSERT_NE(a, nullptr);
    ASSERT_EQ(c->state(), TcpState::established);
    // Loopback MSS: 65535 - 40, less timestamps.
    EXPECT_GT(c->connection()->mss(), 60000);
    Stream up{pattern(3 << 20, 1), 0, {}, false, false}, down{pattern(2 << 20, 2), 0, {}, false, false};
    for (int i = 0; i < 100000 && !(up.eof && down.eof); ++i) {
        move_bytes(c, a, up, now_);
        move_bytes(a, c, down, now_);
        engine_->poll(now_ += 20us);
    }
    ASSERT_TRUE(up.eof && down.eof);
    EXPECT_TRUE(up.in == up.out);
    EXPECT_TRUE(down.in == down.out);
    engine_->tcp().close(c, false, now_);
    engine_->tcp().close(a, false, now_);
    engine_->tcp().close(l, false, now_);
    for (int i = 0; i < 100; ++i) engine_->poll(now_ += 1ms);
    // c closed first: it waits in TIME-WAIT; the rest is gone.
    EXPECT_LE(engine_->tcp().socket_count(), 1u);
    engine_->poll(now_ += 2 * engine_->tcp().config().msl);
    engine_->poll(now_ += 1ms);
    EXPECT_EQ(engine_->tcp().socket_count(), 0u);
}

/// Two engines over a ring pair; engine A's device may impair traffic.
class TcpTwoEngines : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        static int serial = 0;
        pair_ = nic::create_ring_pair("tt" + std::to_string(serial++));
        port_a_ = test::open_ring_port(pair_.a, 1024, 16383);
        port_b_ = test::open_ring_port(pair_.b, 1024, 16383);
        start_a_ = rte_mempool_avail_count(port_a_->pool());
        start_b_ = rte_mempool_avail_count(port_b_->pool());
        const std::string impair = GetParam();
        nic::Device* dev_a = &port_a_->queue(0);
        if (!impair.empty()) {
            impaired_ = std::make_unique<nic::ImpairingDevice>(
                port_a_->queue(0), nic::parse_impair_config(impair),
                [this] { return static_cast<std::uint64_t>(now_.time_since_epoch().count()); });
            dev_a = impaired_.get();
        }
        a_ = make_engine(*dev_a, "10.8.0.1/24");
        b_ = make_engine(port_b_->queue(0), "10.8.0.2/24");
        a_->start(now_);
        b_->start(now_);
    }
    void TearDown() override {
        a_.reset();
        b_.reset();
        impaired_.reset();
        test::drain_device(port_a_->queue(0));
        test::drain_device(port_b_->queue(0));
        EXPECT_EQ(rte_mempool_avail_count(port_a_->pool()), start_a_) << "mbufs leaked (A)";
        EXPECT_EQ(rte_mempool_avail_count(port_b_->pool()), start_b_) << "mbufs leaked (B)";
        port_a_.reset();
        port_b_.reset();
        nic::destroy_ring_pair(pair_);
    }
    std::unique_ptr<Engine> make_engine(nic::Device& dev, const char* cidr) {
        stack::EngineConfig config;
        config.address = *wire::Ipv4Cidr::parse(cidr);
        return std::make_unique<Engine>(dev, config, now_);
    }
    void pump(stack::Duration step = 50us) {
        now_ += step;
        a_->poll(now_);
        b_->poll(now_);
    }
    /// Connects a client on A to a listener on B; returns {client, server}.
    std::pair<TcpSocket*, TcpSocket*> connect_pair(TcpSocket* listener, std::uint16_t port) {
        TcpSocket* c = a_->tcp().open();
        EXPECT_EQ(c->connect({Ipv4Addr::from_octets(10, 8, 0, 2), port}, now_), SocketError::none);
        TcpSocket* s = nullptr;
        for (int i = 0; i < 400000 && s == nullptr; ++i) {
            pump();
            s = listener->accept();
        }
        return {c, s};
    }

    nic::RingPair pair_{};
    std::unique_ptr<nic::Port> port_a_, port_b_;
    std::unique_ptr<nic::ImpairingDevice> impaired_;
    unsigned start_a_ = 0, start_b_ = 0;
    std::unique_ptr<Engine> a_, b_;
    Instant now_ = Instant{} + 1s;
};

TEST_P(TcpTwoEngines, BulkBothWaysArrivesIntact) {
    TcpSocket* l = b_->tcp().open();
    ASSERT_EQ(l->bind({Ipv4Addr{}, 80}), SocketError::none);
    ASSERT_EQ(l->listen(8), SocketError::none);
    auto [c, s] = connect_pair(l, 80);
    ASSERT_NE(s, nullptr) << "no connection";
    const std::size_t size = std::string(GetParam()).empty() ? (4u << 20) : (1u << 20);
    Stream up{pattern(size, 3), 0, {}, false, false}, down{pattern(size / 2, 4), 0, {}, false, false};
    int rounds = 0;
    for (; rounds < 2'000'000 && !(up.eof && down.eof); ++rounds) {
        move_bytes(c, s, up, now_);
        move_bytes(s, c, down, now_);
        pump();
    }
    EXPECT_TRUE(up.eof && down.eof) << "stalled after " << rounds << " rounds: client "
                                   << tcp_state_name(c->state()) << " sent " << up.sent << " got " << down.in.size()
                                   << ", server " << tcp_state_name(s->state()) << " sent " << down.sent << " got "
                                   << up.in.size();
    EXPECT_TRUE(up.in == up.out) << "server received " << up.in.size() << " of " << up.out.size();
    EXPECT_TRUE(down.in == down.out) << "client received " << down.in.size() << " of " << down.out.size();
    for (std::size_t i = 1; i < stack::kDropReasonCount; ++i) {
        const auto reason = static_cast<stack::Drop>(i);
        if (a_->counters().dropped(reason) + b_->counters().dropped(reason) != 0)
            std::printf("drop %s: A %llu B %llu\n", std::string(stack::drop_name(reason)).c_str(),
                        static_cast<unsigned long long>(a_->counters().dropped(reason)),
                        static_cast<unsigned long long>(b_->counters().dropped(reason)));
    }
    const stack::TcpStats& st = a_->tcp().stats();
    RecordProperty("client_retransmits", static_cast<int>(st.retransmitted_segments));
    std::printf("impair '%s': %d rounds, A rexmit %llu fast %llu timeouts %llu; B rexmit %llu fast %llu timeouts %llu\n",
                GetParam(), rounds, static_cast<unsigned long long>(st.retransmitted_segments),
                static_cast<unsigned long long>(st.fast_retransmits), static_cast<unsigned long long>(st.timeouts),
                static_cast<unsigned long long>(b_->tcp().stats().retransmitted_segments),
                static_cast<unsigned long long>(b_->tcp().stats().fast_retransmits),
                static_cast<unsigned long long>(b_->tcp().stats().timeouts));
    if (std::string(GetParam()).empty()) {
        // A clean ring loses nothing: a sender faster than the ring waits for
        // it (TxBatch::device_full) instead of losing segments to it.
        EXPECT_EQ(a_->counters().dropped(stack::Drop::tx_queue_full), 0u);
        EXPECT_EQ(st.retransmitted_segments, 0u);
        EXPECT_EQ(b_->tcp().stats().retransmitted_segments, 0u);
    }
    a_->tcp().close(c, false, now_);
    b_->tcp().close(s, false, now_);
    b_->tcp().close(l, false, now_);
    for (int i = 0; i < 20000; ++i) pump(1ms);
}

TEST_P(TcpTwoEngines, ManyConcurrentConnections) {
    TcpSocket* l = b_->tcp().open();
    ASSERT_EQ(l->bind({Ipv4Addr{}, 81}), SocketError::none);
    ASSERT_EQ(l->listen(4096), SocketError::none);
    constexpr int kConnections = 1000;
    std::vector<TcpSocket*> clients;
    for (int i = 0; i < kConnections; ++i) {
        clients.push_back(a_->tcp().open());
        ASSERT_EQ(clients.back()->connect({Ipv4Addr::from_octets(10, 8, 0, 2), 81}, now_), SocketError::none);
        if (i % 16 == 0) pump();
    }
    std::vector<TcpSocket*> servers;
    for (int i = 0; i < 400000 && servers.size() < kConnections; ++i) {
        pump();
        while (TcpSocket* s = l->accept()) servers.push_back(s);
    }
    ASSERT_EQ(servers.size(), static_cast<std::size_t>(kConnections));
    // Each client sends its index; each server echoes it back.
    for (int i = 0; i < kConnections; ++i) {
        const auto v = pattern(100, static_cast<std::uint32_t>(i));
        ASSERT_EQ(clients[i]->send(v, false, now_).bytes, 100u);
    }
    std::vector<std::vector<std::uint8_t>> echoed(kConnections);
    std::size_t done = 0;
    for (int round = 0; round < 400000 && done < kConnections; ++round) {
        pump();
        std::array<std::uint8_t, 256> buf;
        for (TcpSocket* s : servers) {
            const auto r = s->receive(buf, false, now_);
            if (r.bytes != 0) (void)s->send(std::span(buf).first(r.bytes), false, now_);
        }
        done = 0;
        for (int i = 0; i < kConnections; ++i) {
            const auto r = clients[i]->receive(buf, false, now_);
            echoed[i].insert(echoed[i].end(), buf.begin(), buf.begin() + static_cast<long>(r.bytes));
            done += echoed[i].size() == 100;
        }
    }
    for (int i = 0; i < kConnections; ++i) EXPECT_EQ(echoed[i], pattern(100, static_cast<std::uint32_t>(i))) << i;
    for (TcpSocket* c : clients) a_->tcp().close(c, false, now_);
    for (TcpSocket* s : servers) b_->tcp().close(s, false, now_);
    b_->tcp().close(l, false, now_);
    for (int i = 0; i < 20000; ++i) pump(1ms);
}

INSTANTIATE_TEST_SUITE_P(Links, TcpTwoEngines,
                         ::testing::Values("", "loss=2%,seed=11", "loss=1%,dup=1%,corrupt=0.1%,reorder=10%:1ms-3ms,seed=5"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                             return std::string(param.index == 0 ? "clean" : param.index == 1 ? "loss" : "impaired");
                         });

}  // namespace
