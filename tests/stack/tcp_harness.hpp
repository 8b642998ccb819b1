// The segment-level TCP harness: a TcpLayer with no NIC and no IPv4 layer.
// Segments the layer sends are captured (parsed, checksum-verified, freed);
// segments the test writes are injected as if IPv4 delivered them; time moves
// only when the test says (advance()), firing the layer's timers.
//
// The local host is 10.0.0.1 (MTU 1500), the peer 10.0.0.2. Every mbuf is
// leak-checked at teardown (pool count before == after).
#pragma once

#include <sluice/stack/net/context.hpp>
#include <sluice/stack/net/packet.hpp>
#include <sluice/stack/tcp/connection.hpp>
#include <sluice/stack/tcp/tcp.hpp>
#include <sluice/stack/wire/checksum.hpp>
#include <sluice/stack/wire/ipv4.hpp>
#include <sluice/stack/wire/tcp.hpp>
#include <sluice/stack/wire/udp.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace sluice::test {

using stack::Endpoint;
using stack::Instant;
using stack::SeqNum;
using wire::Ipv4Addr;
using namespace std::chrono_literals;
namespace flag = wire::tcpflag;

inline const Ipv4Addr kHarnessLocal = Ipv4Addr::from_octets(10, 0, 0, 1);
inline const Ipv4Addr kHarnessPeer = Ipv4Addr::from_octets(10, 0, 0, 2);

/// One segment the layer sent.
struct SentSegment {
    wire::TcpRepr tcp;
    wire::TcpOptions options;
    std::vector<std::uint8_t> payload;
    stack::Ipv4SendParams ip;

    bool has(std::uint8_t f) const { return (tcp.flags & f) == f; }
    bool only(std::uint8_t f) const { return tcp.flags == f; }
};

/// A segment to inject, from the peer.
struct PeerSegment {
    std::uint16_t src_port = 5000;
    std::uint16_t dst_port = 80;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 65535;
    wire::TcpOptions options{};
    std::vector<std::uint8_t> payload{};
    std::uint16_t urgent_pointer = 0;
};

class TcpHarness : public ::testing::Test, public stack::TcpOutputPath {
protected:
    void SetUp() override {
        static int serial = 0;
        const std::string name = "tcp_h" + std::to_string(serial++);
        pool_ = rte_pktmbuf_pool_create(name.c_str(), 8191, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
        ASSERT_NE(pool_, nullptr);
        pool_start_ = rte_mempool_avail_count(pool_);
        stack::InterfaceConfig eth;
        eth.address = wire::Ipv4Cidr{kHarnessLocal, 24};
        ctx_ = std::make_unique<stack::StackContext>(nullptr, pool_, eth, now_);
        config_.secret = stack::SipKey{0x0706050403020100, 0x0f0e0d0c0b0a0908};
        configure(config_);
        layer_ = std::make_unique<stack::TcpLayer>(*ctx_, nullptr, config_, 7, this);
    }
    void TearDown() override {
        layer_.reset();
        ctx_.reset();
        EXPECT_EQ(rte_mempool_avail_count(pool_), pool_start_) << "mbufs leaked";
        rte_mempool_free(pool_);
    }
    /// Tests override to change the layer's configuration before it is made.
    virtual void configure(stack::TcpConfig&) {}

    // TcpOutputPath
    stack::Drop send_segment(rte_mbuf* m, const stack::Ipv4SendParams& params, Instant) override {
        const std::uint32_t len = rte_pktmbuf_pkt_len(m);
        const unsigned nb_segs = m->nb_segs;
        std::vector<std::uint8_t> bytes(len);
        stack::copy_out(m, 0, len, bytes.data());
        const bool tso = (m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) != 0;
        const std::uint16_t tso_segsz = m->tso_segsz, l4_len = m->l4_len;
        rte_pktmbuf_free(m);
        if (tso) {
            cut_like_a_nic(bytes, l4_len, tso_segsz, params);
            return stack::Drop::none;
        }
        record_sent(bytes, params, nb_segs);
        return stack::Drop::none;
    }
    /// What a TSO NIC does with a segment: cuts the payload into tso_segsz
    /// pieces, each with a copy of the header (sequence number advanced,
    /// PSH and FIN only on the last) and its own checksum.
    void cut_like_a_nic(const std::vector<std::uint8_t>& bytes, std::size_t l4_len, std::size_t tso_segsz,
                        const stack::Ipv4SendParams& params) {
        ++tso_frames_;
        tso_segment_sizes_.push_back(tso_segsz);
        ASSERT_GT(tso_segsz, 0u);
        ASSERT_LE(tso_segsz + l4_len + 20 + 14, tso_frame_limit_ != 0 ? tso_frame_limit_ : 0xffffu);
        const std::uint32_t seq = std::uint32_t{bytes[4]} << 24 | std::uint32_t{bytes[5]} << 16 |
                                  std::uint32_t{bytes[6]} << 8 | bytes[7];
        for (std::size_t off = l4_len; off < bytes.size(); off += tso_segsz) {
            const std::size_t piece = std::min(tso_segsz, bytes.size() - off);
            std::vector<std::uint8_t> seg(bytes.begin(), bytes.begin() + static_cast<long>(l4_len));
            seg.insert(seg.end(), bytes.begin() + static_cast<long>(off), bytes.begin() + static_cast<long>(off + piece));
            const std::uint32_t s = seq + static_cast<std::uint32_t>(off - l4_len);
            for (int i = 0; i < 4; ++i) seg[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(s >> (24 - 8 * i));
            if (off + piece < bytes.size()) seg[13] &= static_cast<std::uint8_t>(~(flag::psh | flag::fin));
            seg[16] = seg[17] = 0;
            wire::fill_tcp_ipv4_checksum(params.src, params.dst, std::span(seg).first(l4_len),
                                         std::span<const std::uint8_t>(seg).subspan(l4_len));
            record_sent(seg, params, 1);
        }
    }
    void record_sent(const std::vector<std::uint8_t>& bytes, const stack::Ipv4SendParams& params, unsigned nb_segs) {
        const std::size_t len = bytes.size();
        SentSegment s;
        s.ip = params;
        EXPECT_EQ(wire::TcpRepr::parse(bytes, len, s.tcp, s.options), stack::Drop::none);
        EXPECT_TRUE(wire::tcp_ipv4_checksum_valid(params.src, params.dst, bytes))
            << "bad checksum: flags " << int{s.tcp.flags} << " length " << len << " segs " << nb_segs;
        s.payload.assign(bytes.begin() + static_cast<long>(s.tcp.header_len()), bytes.end());
        sent_.push_back(std::move(s));
    }
    wire::Ipv4Addr source_for(wire::Ipv4Addr) const override { return kHarnessLocal; }
    std::uint32_t mtu_for(wire::Ipv4Addr) const override { return 1500; }
    bool takes_chains(wire::Ipv4Addr) const override { return chains_; }
    std::uint32_t tso_payload_limit(wire::Ipv4Addr) const override { return tso_ ? 0xffff - 120 : 0; }
    std::uint32_t tso_segment_limit(wire::Ipv4Addr, std::uint32_t tcp_header_len) const override {
        return tso_frame_limit_ != 0 ? tso_frame_limit_ - 14 - 20 - tcp_header_len : 0xffff;
    }

    /// Delivers `p` to the layer as IPv4 would.
    void inject(const PeerSegment& p) {
        wire::TcpRepr tcp;
        tcp.src_port = p.src_port;
        tcp.dst_port = p.dst_port;
        tcp.seq = p.seq;
        tcp.ack = p.ack;
        tcp.flags = p.flags;
        tcp.window = p.window;
        tcp.urgent_pointer = p.urgent_pointer;
        const std::size_t hlen = wire::TcpRepr::buffer_len(p.options);
        std::vector<std::uint8_t> bytes(hlen + p.payload.size());
        tcp.emit(bytes, p.options);
        std::copy(p.payload.begin(), p.payload.end(), bytes.begin() + static_cast<long>(hlen));
        wire::fill_tcp_ipv4_checksum(kHarnessPeer, kHarnessLocal, std::span(bytes).first(hlen),
                                     std::span<const std::uint8_t>(bytes).subspan(hlen));
        rte_mbuf* m = stack::packet_from_bytes(pool_, bytes);
        ASSERT_NE(m, nullptr);
        wire::Ipv4Repr ip;
        ip.src = kHarnessPeer;
        ip.dst = kHarnessLocal;
        ip.protocol = wire::ipproto::tcp;
        ip.payload_len = static_cast<std::uint16_t>(bytes.size());
        layer_->receive(m, ip, now_);
    }
    void advance(stack::Duration d) {
        now_ += d;
        ctx_->timers.advance(now_);
    }
    /// Takes the oldest captured segment (fails the test when none).
    SentSegment next() {
        EXPECT_FALSE(sent_.empty()) << "no segment was sent";
        if (sent_.empty()) return {};
        SentSegment s = sent_.front();
        sent_.pop_front();
        return s;
    }
    std::size_t pending() const { return sent_.size(); }
    void clear() { sent_.clear(); }

    stack::TcpSocket* listener(std::uint16_t port = 80, int backlog = 8) {
        stack::TcpSocket* s = layer_->open();
        EXPECT_EQ(s->bind({kHarnessLocal, port}), stack::SocketError::none);
        EXPECT_EQ(s->listen(backlog), stack::SocketError::none);
        return s;
    }

    rte_mempool* pool_ = nullptr;
    unsigned pool_start_ = 0;
    Instant now_ = Instant{} + 1000s;
    stack::TcpConfig config_;
    std::unique_ptr<stack::StackContext> ctx_;
    std::unique_ptr<stack::TcpLayer> layer_;
    std::deque<SentSegment> sent_;
    bool chains_ = true;
    bool tso_ = false;                    ///< the path offers TSO (emulated in send_segment)
    std::uint32_t tso_frame_limit_ = 0;   ///< like net_tap: cut frames (L2 included) at most this
    unsigned tso_frames_ = 0;             ///< TSO segments handed to the "NIC"
    std::vector<std::size_t> tso_segment_sizes_;
};

inline std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

}  // namespace sluice::test
