// Segment-level tests of the TCP state machine (tcp_harness.hpp: segments in,
// segments out, injected time): opening (active, passive, simultaneous),
// data and ACK policy, RFC 5961 defences, loss recovery and timers, closing
// (all the closing states and TIME-WAIT), segments with no TCB, SYN cookies.
// Each test names the RFC section it checks.
#include "tcp_harness.hpp"

#include <algorithm>
#include <numeric>

using namespace sluice;
using namespace sluice::test;
using stack::SocketError;
using stack::TcpSocket;
using stack::TcpState;

namespace {

constexpr std::uint32_t kPeerIsn = 1'000'000;

wire::TcpOptions peer_syn_options(std::uint32_t tsval = 500, std::uint32_t tsecr = 0) {
    wire::TcpOptions o;
    o.mss = 1460;
    o.window_scale = 7;
    o.sack_permitted = true;
    o.timestamps = wire::TcpTimestamps{tsval, tsecr};
    return o;
}

wire::TcpOptions ts(std::uint32_t value, std::uint32_t echo) {
    wire::TcpOptions o;
    o.timestamps = wire::TcpTimestamps{value, echo};
    return o;
}

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed = 1) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 13 + (i >> 7));
    return v;
}

/// A connection opened by the local side, with or without options.
struct Conn {
    TcpSocket* socket = nullptr;
    std::uint32_t iss = 0;  ///< our ISS
    std::uint32_t snd = 0;  ///< our next sequence number as the peer sees it
    std::uint32_t rcv = 0;  ///< the peer's next sequence number
    std::uint32_t tsval = 600;
    std::uint32_t our_ts = 0;
};

class TcpSegments : public TcpHarness {
protected:
    /// connect() and the peer's SYN-ACK: ESTABLISHED. `options`: the peer's.
    Conn open_active(bool with_options = true) {
        Conn c;
        c.socket = layer_->open();
        EXPECT_EQ(c.socket->connect({kHarnessPeer, 5000}, now_), SocketError::none);
        const SentSegment syn = next();
        EXPECT_TRUE(syn.only(flag::syn));
        c.iss = syn.tcp.seq;
        wire::TcpOptions o;
        o.mss = 1460;
        if (with_options) o = peer_syn_options(500, syn.options.timestamps->value);
        inject({5000, c.socket->local()->port, kPeerIsn, c.iss + 1, flag::syn | flag::ack, 65535, o});
        const SentSegment ack = next();
        EXPECT_TRUE(ack.only(flag::ack));
        if (ack.options.timestamps) c.our_ts = ack.options.timestamps->value;
        c.snd = c.iss + 1;
        c.rcv = kPeerIsn + 1;
        EXPECT_EQ(c.socket->state(), TcpState::established);
        return c;
    }
    /// A segment from the peer on `c` (ACKing everything we sent).
    PeerSegment from_peer(const Conn& c, std::uint8_t flags, std::vector<std::uint8_t> payload = {}) {
        PeerSegment p{5000, c.socket->local()->port, c.rcv, c.snd, flags, 65535, {}, std::move(payload)};
        if (c.socket->connection()->negotiated().timestamps) p.options = ts(c.tsval, c.our_ts);
        return p;
    }
    /// A passive open: listen, SYN, SYN-ACK, ACK, accept.
    Conn open_passive(TcpSocket* l, bool with_options = false) {
        wire::TcpOptions o;
        o.mss = 1460;
        if (with_options) o = peer_syn_options();
        inject({5000, 80, kPeerIsn, 0, flag::syn, 65535, o});
        const SentSegment synack = next();
        EXPECT_TRUE(synack.only(flag::syn | flag::ack));
        EXPECT_EQ(synack.tcp.ack, kPeerIsn + 1);
        Conn c;
        c.iss = synack.tcp.seq;
        c.snd = c.iss + 1;
        c.rcv = kPeerIsn + 1;
        wire::TcpOptions ack_options;
        if (with_options) ack_options = ts(501, synack.options.timestamps->value);
        inject({5000, 80, c.rcv, c.snd, flag::ack, 65535, ack_options});
        c.socket = l->accept();
        EXPECT_NE(c.socket, nullptr);
        return c;
    }
    std::string read_all(TcpSocket* s) {
        std::string out;
        std::array<std::uint8_t, 4096> buf;
        for (;;) {
            const stack::TcpIo r = s->receive(buf, false, now_);
            if (r.bytes == 0) break;
            out.append(reinterpret_cast<const char*>(buf.data()), r.bytes);
        }
        return out;
    }
};

// RFC 9293 §3.5 figure 6, active side; §3.7.1 MSS; RFC 7323 §2.2, §3.2;
// RFC 2018 §2: our SYN offers all four options.
TEST_F(TcpSegments, ActiveOpenSendsSynWithOptionsAndCompletes) {
    TcpSocket* s = layer_->open();
    ASSERT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::none);
    EXPECT_EQ(s->state(), TcpState::syn_sent);
    EXPECT_TRUE(s->connect_pending());
    EXPECT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::already_in_progress);
    const SentSegment syn = next();
    EXPECT_TRUE(syn.only(flag::syn));
    EXPECT_EQ(syn.options.mss, 1460);
    EXPECT_TRUE(syn.options.window_scale.has_value());
    EXPECT_TRUE(syn.options.sack_permitted);
    ASSERT_TRUE(syn.options.timestamps.has_value());
    EXPECT_EQ(syn.options.timestamps->echo, 0u);
    EXPECT_GE(s->local()->port, stack::kEphemeralFirst);
    EXPECT_EQ(s->local()->address, kHarnessLocal);
    inject({5000, s->local()->port, kPeerIsn, syn.tcp.seq + 1, flag::syn | flag::ack, 65535,
            peer_syn_options(500, syn.options.timestamps->value)});
    EXPECT_EQ(s->state(), TcpState::established);
    const SentSegment ack = next();
    EXPECT_TRUE(ack.only(flag::ack));
    EXPECT_EQ(ack.tcp.seq, syn.tcp.seq + 1);
    EXPECT_EQ(ack.tcp.ack, kPeerIsn + 1);
    EXPECT_EQ(ack.options.timestamps->echo, 500u);
    EXPECT_TRUE(s->writable());
    EXPECT_FALSE(s->readable());
    EXPECT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::is_connected);
    // MSS 1460 less the 12 bytes of timestamps on every segment.
    EXPECT_EQ(s->connection()->mss(), 1448);
    EXPECT_EQ(s->connection()->snd_wscale(), 7);
}

// RFC 9293 §3.10.7.3: an ACK that does not acknowledge our SYN gets
// <SEQ=SEG.ACK><CTL=RST>; a RST acknowledging our SYN refuses the connect.
TEST_F(TcpSegments, SynSentBadAckIsResetAndRstRefuses) {
    TcpSocket* s = layer_->open();
    ASSERT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::none);
    const SentSegment syn = next();
    inject({5000, s->local()->port, kPeerIsn, syn.tcp.seq + 7, flag::syn | flag::ack});
    const SentSegment rst = next();
    EXPECT_TRUE(rst.only(flag::rst));
    EXPECT_EQ(rst.tcp.seq, syn.tcp.seq + 7);
    EXPECT_EQ(s->state(), TcpState::syn_sent);
    // RFC 5961 §3.2 / RFC 9293: a RST without an acceptable ACK is dropped.
    inject({5000, s->local()->port, 0, 0, flag::rst});
    EXPECT_EQ(s->state(), TcpState::syn_sent);
    inject({5000, s->local()->port, 0, syn.tcp.seq + 1, flag::rst | flag::ack});
    EXPECT_EQ(s->state(), TcpState::closed);
    EXPECT_EQ(s->failure(), SocketError::connection_refused);
    EXPECT_EQ(pending(), 0u);
    layer_->close(s, false, now_);
}

// RFC 6298 §5 and §5.7; the SYN is retried `syn_retries` times with the
// timer doubling (1 s, 2 s, 4 s, ...) and then connect fails: timed out.
TEST_F(TcpSegments, SynRetransmitsWithBackoffThenTimesOut) {
    TcpSocket* s = layer_->open();
    ASSERT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::none);
    const SentSegment first = next();
    stack::Duration wait = 1s;
    for (unsigned i = 0; i < config_.syn_retries; ++i) {
        advance(wait - 1ms);
        EXPECT_EQ(pending(), 0u) << "retry " << i << " came early";
        advance(1ms);
        const SentSegment again = next();
        EXPECT_TRUE(again.only(flag::syn));
        EXPECT_EQ(again.tcp.seq, first.tcp.seq);
        wait *= 2;
    }
    advance(wait);
    EXPECT_EQ(s->state(), TcpState::closed);
    EXPECT_EQ(s->failure(), SocketError::timed_out);
    layer_->close(s, false, now_);
}

// RFC 9293 §3.10.7.2 and §3.5 figure 6, passive side: SYN -> SYN-ACK with
// the options the SYN offered, ACK -> the connection waits in the accept
// queue; the listener is readable until accept takes it.
TEST_F(TcpSegments, PassiveOpenThroughAcceptQueue) {
    TcpSocket* l = listener();
    inject({5000, 80, kPeerIsn, 0, flag::syn, 65535, peer_syn_options()});
    const SentSegment synack = next();
    EXPECT_TRUE(synack.only(flag::syn | flag::ack));
    EXPECT_EQ(synack.options.mss, 1460);
    EXPECT_TRUE(synack.options.sack_permitted);
    EXPECT_EQ(synack.options.timestamps->echo, 500u);
    EXPECT_FALSE(l->readable());
    EXPECT_EQ(l->accept(), nullptr);
    inject({5000, 80, kPeerIsn + 1, synack.tcp.seq + 1, flag::ack, 512, ts(501, synack.options.timestamps->value)});
    EXPECT_TRUE(l->readable());
    EXPECT_EQ(l->accept_queue_size(), 1u);
    TcpSocket* c = l->accept();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->state(), TcpState::established);
    EXPECT_EQ(c->remote(), (Endpoint{kHarnessPeer, 5000}));
    EXPECT_EQ(c->local(), (Endpoint{kHarnessLocal, 80}));
    EXPECT_EQ(c->connection()->snd_wnd(), 512u << 7);
    layer_->close(c, true, now_);
    layer_->close(l, false, now_);
}

// WS-OPT-26: an accepted socket inherits the listener's options.
TEST_F(TcpSegments, AcceptedSocketInheritsOptions) {
    TcpSocket* l = layer_->open();
    l->options().no_delay = true;
    l->options().keep_alive = true;
    l->options().receive_buffer = 0x123;
    ASSERT_EQ(l->bind({kHarnessLocal, 80}), SocketError::none);
    ASSERT_EQ(l->listen(5), SocketError::none);
    const Conn c = open_passive(l);
    EXPECT_TRUE(c.socket->options().no_delay);
    EXPECT_TRUE(c.socket->options().keep_alive);
    EXPECT_EQ(c.socket->options().receive_buffer, 0x123u);
    layer_->close(c.socket, true, now_);
    layer_->close(l, false, now_);
}

// RFC 9293 §3.5 figure 7: simultaneous open through SYN-RECEIVED.
TEST_F(TcpSegments, SimultaneousOpen) {
    TcpSocket* s = layer_->open();
    ASSERT_EQ(s->bind({kHarnessLocal, 6000}), SocketError::none);
    ASSERT_EQ(s->connect({kHarnessPeer, 5000}, now_), SocketError::none);
    const SentSegment syn = next();
    inject({5000, 6000, kPeerIsn, 0, flag::syn, 65535, {}});
    EXPECT_EQ(s->state(), TcpState::syn_received);
    const SentSegment synack = next();
    EXPECT_TRUE(synack.only(flag::syn | flag::ack));
    EXPECT_EQ(synack.tcp.seq, syn.tcp.seq);
    EXPECT_EQ(synack.tcp.ack, kPeerIsn + 1);
    inject({5000, 6000, kPeerIsn + 1, syn.tcp.seq + 1, flag::ack});
    EXPECT_EQ(s->state(), TcpState::established);
    layer_->close(s, true, now_);
}

// RFC 9293 §3.10.7.1: no TCB. ACK on: <SEQ=SEG.ACK><CTL=RST>; ACK off:
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; a RST is never answered.
TEST_F(TcpSegments, SegmentsWithoutConnectionAreReset) {
    inject({5000, 81, 77, 1234, flag::ack, 65535, {}, bytes_of("abc")});
    SentSegment r = next();
    EXPECT_TRUE(r.only(flag::rst));
    EXPECT_EQ(r.tcp.seq, 1234u);
    inject({5000, 81, 77, 0, flag::syn});
    r = next();
    EXPECT_TRUE(r.only(flag::rst | flag::ack));
    EXPECT_EQ(r.tcp.seq, 0u);
    EXPECT_EQ(r.tcp.ack, 78u);
    inject({5000, 81, 77, 0, flag::rst});
    EXPECT_EQ(pending(), 0u);
    EXPECT_EQ(ctx_->counters.dropped(stack::Drop::tcp_no_connection), 3u);
}

// RFC 9293 §3.10.7.4 seventh step; RFC 9293 §3.8.6.3 / RFC 1122 §4.2.3.2:
// one segment is ACKed after the delayed-ACK time, the second full segment
// at once.
TEST_F(TcpSegments, DataIsDeliveredAndAckedPerDelayedAckRules) {
    Conn c = open_active();
    const std::vector<std::uint8_t> a = pattern(1448, 3);
    inject(from_peer(c, flag::ack | flag::psh, a));
    c.rcv += 1448;
    EXPECT_EQ(pending(), 0u);
    EXPECT_TRUE(c.socket->readable());
    EXPECT_EQ(c.socket->readable_bytes(), 1448u);
    advance(config_.delayed_ack - 1ms);
    EXPECT_EQ(pending(), 0u);
    advance(1ms);
    SentSegment ack = next();
    EXPECT_EQ(ack.tcp.ack, c.rcv);
    inject(from_peer(c, flag::ack, pattern(1448, 4)));
    c.rcv += 1448;
    EXPECT_EQ(pending(), 0u);
    inject(from_peer(c, flag::ack, pattern(1448, 5)));
    c.rcv += 1448;
    ack = next();  // every second full-sized segment
    EXPECT_EQ(ack.tcp.ack, c.rcv);
    std::array<std::uint8_t, 8192> buf;
    const stack::TcpIo r = c.socket->receive(buf, false, now_);
    EXPECT_EQ(r.bytes, 3u * 1448);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), buf.begin()));
    layer_->close(c.socket, true, now_);
}

// The latency profile: delayed_ack = 0 acknowledges every segment at once.
class TcpNoDelayedAck : public TcpSegments {
    void configure(stack::TcpConfig& c) override { c.delayed_ack = stack::Duration::zero(); }
};
TEST_F(TcpNoDelayedAck, EverySegmentIsAckedAtOnce) {
    Conn c = open_active();
    inject(from_peer(c, flag::ack, bytes_of("x")));
    EXPECT_EQ(next().tcp.ack, c.rcv + 1);
    layer_->close(c.socket, true, now_);
}

// RFC 5681 §4.2 / RFC 2018 §4: out-of-order data is ACKed at once with SACK
// blocks; filling the hole delivers everything in order.
TEST_F(TcpSegments, OutOfOrderDataIsSackedAndReassembled) {
    Conn c = open_active();
    PeerSegment later = from_peer(c, flag::ack, bytes_of("world"));
    later.seq += 5;
    inject(later);
    SentSegment ack = next();
    EXPECT_EQ(ack.tcp.ack, c.rcv);
    ASSERT_EQ(ack.options.sack_block_count, 1);
    EXPECT_EQ(ack.options.sack_blocks[0].left, c.rcv + 5);
    EXPECT_EQ(ack.options.sack_blocks[0].right, c.rcv + 10);
    EXPECT_FALSE(c.socket->readable());
    inject(from_peer(c, flag::ack, bytes_of("hello")));
    ack = next();
    EXPECT_EQ(ack.tcp.ack, c.rcv + 10);
    EXPECT_EQ(ack.options.sack_block_count, 0);
    EXPECT_EQ(read_all(c.socket), "helloworld");
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.10.7.4 first step: an unacceptable segment is answered with an
// ACK and dropped.
TEST_F(TcpSegments, OutOfWindowSegmentGetsAnAck) {
    Conn c = open_active();
    PeerSegment old = from_peer(c, flag::ack, bytes_of("old"));
    old.seq -= 100;
    inject(old);
    const SentSegment ack = next();
    EXPECT_TRUE(ack.only(flag::ack));
    EXPECT_EQ(ack.tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->readable_bytes(), 0u);
    layer_->close(c.socket, true, now_);
}

// RFC 5961 §3.2: RST with SEG.SEQ == RCV.NXT resets; in the window but not
// exact: a challenge ACK; outside the window: silently dropped.
TEST_F(TcpSegments, Rfc5961RstRules) {
    Conn c = open_active();
    PeerSegment rst = from_peer(c, flag::rst);
    rst.options = {};
    rst.seq = c.rcv + 10;
    inject(rst);
    SentSegment challenge = next();
    EXPECT_TRUE(challenge.only(flag::ack));
    EXPECT_EQ(challenge.tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->state(), TcpState::established);
    rst.seq = c.rcv + 10'000'000;
    inject(rst);
    EXPECT_EQ(pending(), 0u);
    rst.seq = c.rcv;
    inject(rst);
    EXPECT_EQ(c.socket->state(), TcpState::closed);
    EXPECT_EQ(c.socket->failure(), SocketError::connection_reset);
    EXPECT_TRUE(c.socket->readable());
    EXPECT_EQ(layer_->stats().challenge_acks, 1u);
    layer_->close(c.socket, false, now_);
    EXPECT_EQ(pending(), 0u);
}

// RFC 5961 §4.2: a SYN in a synchronized state, in window or not, gets a
// challenge ACK and changes nothing.
TEST_F(TcpSegments, Rfc5961SynInEstablishedGetsChallengeAck) {
    Conn c = open_active();
    PeerSegment syn = from_peer(c, flag::syn);
    syn.options = {};
    inject(syn);
    const SentSegment challenge = next();
    EXPECT_TRUE(challenge.only(flag::ack));
    EXPECT_EQ(challenge.tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->state(), TcpState::established);
    layer_->close(c.socket, true, now_);
}

// RFC 5961 §5.2: an ACK beyond SND.MAX is answered with an ACK and the
// segment dropped; an ACK older than SND.UNA - MAX.SND.WND gets a
// challenge ACK and its data is not taken.
TEST_F(TcpSegments, Rfc5961AckRangeChecks) {
    Conn c = open_active();
    PeerSegment ahead = from_peer(c, flag::ack, bytes_of("data"));
    ahead.ack = c.snd + 5000;
    inject(ahead);
    EXPECT_EQ(next().tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->readable_bytes(), 0u);
    PeerSegment ancient = from_peer(c, flag::ack, bytes_of("data"));
    ancient.ack = c.snd - 3'000'000'00u;
    inject(ancient);
    EXPECT_EQ(next().tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->readable_bytes(), 0u);
    EXPECT_EQ(layer_->stats().challenge_acks, 1u);
    layer_->close(c.socket, true, now_);
}

// RFC 7323 §5.3: PAWS drops a segment whose TSval is older than TS.Recent.
TEST_F(TcpSegments, PawsDropsOldTimestamps) {
    Conn c = open_active();
    PeerSegment old = from_peer(c, flag::ack, bytes_of("stale"));
    old.options = ts(100, c.our_ts);  // TS.Recent is 500
    inject(old);
    EXPECT_EQ(next().tcp.ack, c.rcv);
    EXPECT_EQ(c.socket->readable_bytes(), 0u);
    EXPECT_EQ(layer_->stats().paws_rejected, 1u);
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.10.2 and §3.7.4 (Nagle): the first small segment goes at once,
// the next waits for the ACK unless TCP_NODELAY.
TEST_F(TcpSegments, NagleHoldsSmallSegmentsUntilAcked) {
    Conn c = open_active();
    ASSERT_EQ(c.socket->send(bytes_of("first"), false, now_).bytes, 5u);
    SentSegment d = next();
    EXPECT_EQ(d.payload, bytes_of("first"));
    EXPECT_TRUE(d.has(flag::psh));
    ASSERT_EQ(c.socket->send(bytes_of("second"), false, now_).bytes, 6u);
    EXPECT_EQ(pending(), 0u);
    c.snd += 5;
    inject(from_peer(c, flag::ack));
    d = next();
    EXPECT_EQ(d.payload, bytes_of("second"));
    c.snd += 6;
    inject(from_peer(c, flag::ack));
    c.socket->options().no_delay = true;
    ASSERT_EQ(c.socket->send(bytes_of("a"), false, now_).bytes, 1u);
    ASSERT_EQ(c.socket->send(bytes_of("b"), false, now_).bytes, 1u);
    EXPECT_EQ(next().payload, bytes_of("a"));
    EXPECT_EQ(next().payload, bytes_of("b"));
    layer_->close(c.socket, true, now_);
}

// Bulk data: full segments within the initial window (RFC 6928: 10 segments
// for this MSS), more as ACKs arrive; the content is exact.
// RFC 1122 §4.2.2.17: a peer that closes its window with data in flight and
// keeps answering is probed for as long as it answers (the kernel does this
// when its application stops reading); only a silent peer hits the data
// retry limit (RFC 9293 §3.8.3).
TEST_F(TcpSegments, ClosedWindowWithDataInFlightLastsWhileThePeerAnswers) {
    Conn c = open_active();
    const std::uint32_t mss = c.socket->connection()->mss();
    ASSERT_EQ(c.socket->send(pattern(4 * mss, 5), false, now_).bytes, 4u * mss);
    clear();
    PeerSegment closed = from_peer(c, flag::ack);  // acknowledges nothing, window 0
    closed.window = 0;
    inject(closed);
    advance(1s);  // the tail loss probe cannot go into a closed window: the RTO takes over
    EXPECT_EQ(pending(), 0u);
    const unsigned limit = layer_->config().data_retries;
    for (unsigned i = 0; i < limit + 8; ++i) {
        advance(61s);  // past the largest backed-off RTO
        EXPECT_GE(pending(), 1u) << "timeout " << i;
        clear();
        inject(closed);  // the peer answers each one
    }
    EXPECT_EQ(c.socket->state(), TcpState::established);
    EXPECT_EQ(c.socket->failure(), SocketError::none);
    // Now it falls silent: the timeout right after its last answer is still a
    // probe; `limit` more unanswered ones end the connection.
    for (unsigned i = 0; i <= limit; ++i) {
        EXPECT_EQ(c.socket->failure(), SocketError::none) << "silent timeout " << i;
        advance(61s);
    }
    advance(61s);
    EXPECT_EQ(c.socket->failure(), SocketError::connection_aborted);
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.10.7.4 fifth: a segment whose window may not be taken (an
// older SEG.SEQ: the peer resending its own data) can still move SND.UNA; the
// right edge of the peer's window stays where the last window it could take
// put it. Moving the edge with SND.UNA sent data past a Linux peer's closed
// window, which Linux (6.17 on) drops whole, ACK included: both sides stalled.
TEST_F(TcpSegments, AnAckInAnOldSegmentDoesNotMoveTheWindowsRightEdge) {
    Conn c = open_active(false);
    const std::uint32_t mss = c.socket->connection()->mss();
    ASSERT_EQ(c.socket->send(pattern(4 * mss, 2), false, now_).bytes, 4u * mss);
    clear();
    // The peer sent 100 bytes that were lost; its ACKs carry SEG.SEQ past them.
    PeerSegment update = from_peer(c, flag::ack);  // one segment acked, five more offered
    update.seq = c.rcv + 100;
    update.ack = c.snd + mss;
    update.window = static_cast<std::uint16_t>(5 * mss);
    inject(update);
    ASSERT_GT(c.socket->send(pattern(10 * mss, 3), false, now_).bytes, 0u);
    std::uint32_t top = 0;
    while (pending() != 0) {
        const SentSegment s = next();
        top = std::max<std::uint32_t>(top, s.tcp.seq + static_cast<std::uint32_t>(s.payload.size()) - c.snd);
    }
    EXPECT_EQ(top, 6 * mss);  // up to the edge
    PeerSegment old = from_peer(c, flag::ack | flag::psh, pattern(100, 1));  // it resends them
    old.ack = c.snd + 6 * mss;  // everything we sent
    old.window = 0;             // and, as it happens, a closed window
    inject(old);
    advance(1ms);
    while (pending() != 0) {
        const SentSegment s = next();
        EXPECT_LE(s.tcp.seq + s.payload.size(), c.snd + 6 * mss) << "past the peer's window";
    }
    layer_->close(c.socket, true, now_);
}

// A peer whose window closes below what we already sent (the kernel's, when
// its application stops reading): bare ACKs carry the window's right edge,
// not SND.MAX, and a timeout resends only what fits in the window. Linux
// (6.17 on) drops a segment reaching past its window whole, ACK included.
TEST_F(TcpSegments, AcksAndResendsStayInsideAWindowClosedBelowSndMax) {
    Conn c = open_active();  // window scale 7: a window field of 8 is 1,024 bytes
    const std::uint32_t mss = c.socket->connection()->mss();
    ASSERT_EQ(c.socket->send(pattern(4 * mss, 2), false, now_).bytes, 4u * mss);
    clear();
    const std::uint32_t edge = c.snd + mss + 1024;
    const auto inside = [&](std::uint32_t end) { return static_cast<std::int32_t>(end - edge) <= 0; };
    PeerSegment data = from_peer(c, flag::ack | flag::psh, pattern(100, 1));
    data.ack = c.snd + mss;  // one segment acknowledged, 1,024 bytes of room after it
    data.window = 8;
    inject(data);
    c.rcv += 100;
    advance(50ms);  // past the delayed ACK
    bool acked = false;
    while (pending() != 0) {
        const SentSegment s = next();
        if (s.payload.empty()) acked = true;
        EXPECT_TRUE(inside(s.tcp.seq + static_cast<std::uint32_t>(s.payload.size()))) << "seq " << s.tcp.seq - c.snd;
    }
    EXPECT_TRUE(acked);
    advance(2s);  // the retransmission timeout
    ASSERT_GT(pending(), 0u);
    const SentSegment head = next();
    EXPECT_EQ(head.tcp.seq, c.snd + mss);
    EXPECT_EQ(head.payload.size(), 1024u);
    while (pending() != 0) {
        const SentSegment s = next();
        EXPECT_TRUE(inside(s.tcp.seq + static_cast<std::uint32_t>(s.payload.size()))) << "seq " << s.tcp.seq - c.snd;
    }
    layer_->close(c.socket, true, now_);
}

TEST_F(TcpSegments, BulkSendRespectsInitialWindowAndAcks) {
    Conn c = open_active();
    const std::vector<std::uint8_t> data = pattern(40000, 9);
    const stack::TcpIo w = c.socket->send(data, false, now_);
    EXPECT_EQ(w.bytes, 40000u);
    const std::uint32_t mss = c.socket->connection()->mss();
    std::vector<std::uint8_t> got;
    std::size_t first_flight = 0;
    while (pending() != 0) {
        got.insert(got.end(), sent_.front().payload.begin(), sent_.front().payload.end());
        sent_.pop_front();
        ++first_flight;
    }
    EXPECT_EQ(first_flight, 10u);
    EXPECT_EQ(got.size(), 10u * mss);
    while (got.size() < data.size()) {
        c.snd = c.iss + 1 + static_cast<std::uint32_t>(got.size());
        inject(from_peer(c, flag::ack));
        ASSERT_GT(pending(), 0u);
        while (pending() != 0) {
            got.insert(got.end(), sent_.front().payload.begin(), sent_.front().payload.end());
            sent_.pop_front();
        }
    }
    EXPECT_EQ(got, data);
    layer_->close(c.socket, true, now_);
}

// TSO (RFC 9293 §3.7.4 leaves segmentation to the host; DPDK's
// RTE_MBUF_F_TX_TCP_SEG moves it to the NIC): new data beyond one segment
// goes to the NIC as one segment of whole MSS pieces, and what the NIC cuts
// (emulated by the harness: header copies, sequence numbers, PSH on the last,
// checksums) is what the peer would have got segment by segment.
TEST_F(TcpSegments, TsoHandsTheNicWholeFlightsAndTheWireIsUnchanged) {
    tso_ = true;
    Conn c = open_active();
    const std::uint32_t mss = c.socket->connection()->mss();
    const std::vector<std::uint8_t> data = pattern(200000, 6);
    std::size_t queued = c.socket->send(data, false, now_).bytes;
    EXPECT_EQ(tso_frames_, 1u);  // the initial window, 10 segments, in one
    EXPECT_EQ(pending(), 10u);
    std::vector<std::uint8_t> got;
    while (got.size() < data.size()) {
        queued += c.socket->send(std::span(data).subspan(queued), false, now_).bytes;
        ASSERT_GT(pending(), 0u);
        while (pending() != 0) {
            const SentSegment s = next();
            EXPECT_EQ(s.tcp.seq, c.iss + 1 + got.size());
            EXPECT_LE(s.payload.size(), mss);
            got.insert(got.end(), s.payload.begin(), s.payload.end());
        }
        c.snd = c.iss + 1 + static_cast<std::uint32_t>(got.size());
        inject(from_peer(c, flag::ack));
    }
    EXPECT_EQ(got, data);
    EXPECT_GE(tso_frames_, 3u);
    for (const std::size_t size : tso_segment_sizes_) EXPECT_EQ(size, mss);
    EXPECT_EQ(layer_->stats().tso_segments_sent, tso_frames_);
    layer_->close(c.socket, true, now_);
}

// A NIC whose frames may not exceed MTU + nothing (net_tap checks
// tso_segsz + l2 + l3 + l4 against the MTU): the pieces shrink to fit, and
// RACK's records follow the pieces on the wire, so a SACK of one piece
// marks exactly that piece and the hole below it is resent alone.
TEST_F(TcpSegments, TsoPiecesFollowTheNicsFrameLimitAndRackCountsThem) {
    tso_ = true;
    tso_frame_limit_ = 1500;
    Conn c = open_active();
    const std::uint32_t piece = 1500 - 14 - 20 - 32;  // TCP header with timestamps
    ASSERT_EQ(c.socket->send(pattern(20000, 8), false, now_).bytes, 20000u);
    ASSERT_EQ(tso_frames_, 1u);
    EXPECT_EQ(tso_segment_sizes_.at(0), piece);
    std::vector<SentSegment> wire;
    while (pending() != 0) wire.push_back(next());
    ASSERT_GE(wire.size(), 4u);
    for (std::size_t i = 0; i + 1 < wire.size(); ++i) EXPECT_EQ(wire[i].payload.size(), piece);
    advance(1ms);
    PeerSegment sack = from_peer(c, flag::ack);  // the first piece lost, the rest SACKed
    sack.options.sack_blocks[0] = {wire[1].tcp.seq, wire.back().tcp.seq + static_cast<std::uint32_t>(wire.back().payload.size())};
    sack.options.sack_block_count = 1;
    inject(sack);
    advance(2ms);  // RACK's reordering window
    const SentSegment resent = next();
    EXPECT_EQ(resent.tcp.seq, wire[0].tcp.seq);
    EXPECT_EQ(resent.payload.size(), piece);
    while (pending() != 0) EXPECT_GE(next().tcp.seq, sack.options.sack_blocks[0].right);  // new data only
    layer_->close(c.socket, true, now_);
}

// The same without chains (a NIC without multi-segment TX): payload copied.
TEST_F(TcpSegments, BulkSendWithoutChainsIsIdentical) {
    chains_ = false;
    Conn c = open_active(false);
    const std::vector<std::uint8_t> data = pattern(5000, 2);
    ASSERT_EQ(c.socket->send(data, false, now_).bytes, 5000u);
    std::vector<std::uint8_t> got;
    for (int round = 0; round < 10 && got.size() < data.size(); ++round) {
        while (pending() != 0) {
            const SentSegment s = next();
            got.insert(got.end(), s.payload.begin(), s.payload.end());
        }
        c.snd = c.iss + 1 + static_cast<std::uint32_t>(got.size());
        inject(from_peer(c, flag::ack));
    }
    EXPECT_EQ(got, data);
    layer_->close(c.socket, true, now_);
}

// RFC 6298 §5.4-5.6: the earliest unacknowledged segment is resent when the
// timer expires, and the timer backs off (doubles) each time.
TEST_F(TcpSegments, RetransmissionTimerResendsAndBacksOff) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->send(bytes_of("payload"), false, now_).bytes, 7u);
    const SentSegment original = next();
    const stack::Duration rto = c.socket->connection()->rto().timeout();
    advance(rto);
    SentSegment again = next();
    EXPECT_EQ(again.tcp.seq, original.tcp.seq);
    EXPECT_EQ(again.payload, bytes_of("payload"));
    advance(rto);
    EXPECT_EQ(pending(), 0u);
    advance(rto);
    again = next();
    EXPECT_EQ(again.tcp.seq, original.tcp.seq);
    EXPECT_EQ(layer_->stats().retransmitted_segments, 2u);
    c.snd += 7;
    inject(from_peer(c, flag::ack));
    EXPECT_FALSE(c.socket->connection()->retransmit_armed());
    layer_->close(c.socket, true, now_);
}

// RFC 5681 §3.2 (no SACK): the third duplicate ACK retransmits the first
// unacknowledged segment at once; RFC 3042 limited transmit sends new data
// on the first two.
TEST_F(TcpSegments, FastRetransmitOnThirdDuplicateAck) {
    Conn c = open_active(false);
    const std::vector<std::uint8_t> data = pattern(20 * 1460, 5);
    ASSERT_EQ(c.socket->send(data, false, now_).bytes, data.size());
    std::size_t sent = pending();
    EXPECT_EQ(sent, 10u);
    clear();
    const PeerSegment dup = from_peer(c, flag::ack);
    inject(dup);
    EXPECT_EQ(pending(), 1u);  // limited transmit
    inject(dup);
    EXPECT_EQ(pending(), 2u);
    clear();
    inject(dup);
    const SentSegment rexmit = next();
    EXPECT_EQ(rexmit.tcp.seq, c.snd);
    EXPECT_EQ(rexmit.payload.size(), 1460u);
    EXPECT_EQ(layer_->stats().fast_retransmits, 1u);
    layer_->close(c.socket, true, now_);
}

// RFC 6675: with SACK, recovery retransmits the holes the scoreboard names.
TEST_F(TcpSegments, SackRecoveryRetransmitsTheHole) {
    Conn c = open_active(true);
    const std::uint32_t mss = c.socket->connection()->mss();
    const std::vector<std::uint8_t> data = pattern(10 * mss, 7);
    ASSERT_EQ(c.socket->send(data, false, now_).bytes, data.size());
    EXPECT_EQ(pending(), 10u);
    clear();
    // Segment 0 lost; 1, 2, 3 arrive and are SACKed.
    for (std::uint32_t k = 2; k <= 4; ++k) {
        PeerSegment dup = from_peer(c, flag::ack);
        dup.options.sack_blocks[0] = {c.snd + mss, c.snd + k * mss};
        dup.options.sack_block_count = 1;
        inject(dup);
    }
    bool hole_resent = false;
    while (pending() != 0) {
        const SentSegment s = next();
        if (s.tcp.seq == c.snd) hole_resent = true;
    }
    EXPECT_TRUE(hole_resent);
    EXPECT_EQ(layer_->stats().fast_retransmits, 1u);
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.8.6.1: a zero window with data waiting starts the persist
// timer; probes go out and back off until the window opens.
TEST_F(TcpSegments, ZeroWindowIsProbed) {
    Conn c = open_active(false);
    PeerSegment closed = from_peer(c, flag::ack);
    closed.window = 0;
    inject(closed);
    ASSERT_EQ(c.socket->send(bytes_of("blocked"), false, now_).bytes, 7u);
    EXPECT_EQ(pending(), 0u);
    EXPECT_TRUE(c.socket->connection()->persist_armed());
    advance(1s);
    const SentSegment probe = next();
    EXPECT_TRUE(probe.only(flag::ack));
    EXPECT_EQ(probe.tcp.seq, c.snd - 1);
    EXPECT_EQ(layer_->stats().zero_window_probes, 1u);
    inject(closed);  // still zero
    advance(2s);
    EXPECT_EQ(next().tcp.seq, c.snd - 1);
    inject(from_peer(c, flag::ack));  // window opens
    EXPECT_EQ(next().payload, bytes_of("blocked"));
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.6 figure 12, the active close: FIN-WAIT-1, FIN-WAIT-2,
// TIME-WAIT for 2·MSL, then CLOSED; a retransmitted FIN in TIME-WAIT is
// ACKed again.
TEST_F(TcpSegments, ActiveCloseThroughTimeWait) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->shutdown_send(now_), SocketError::none);
    EXPECT_EQ(c.socket->state(), TcpState::fin_wait_1);
    const SentSegment fin = next();
    EXPECT_TRUE(fin.only(flag::fin | flag::ack));
    EXPECT_EQ(c.socket->send(bytes_of("late"), false, now_).error, SocketError::shut_down);
    c.snd += 1;
    inject(from_peer(c, flag::ack));
    EXPECT_EQ(c.socket->state(), TcpState::fin_wait_2);
    inject(from_peer(c, flag::ack | flag::fin));
    EXPECT_EQ(c.socket->state(), TcpState::time_wait);
    EXPECT_EQ(next().tcp.ack, c.rcv + 1);
    EXPECT_TRUE(c.socket->at_end_of_stream());
    inject(from_peer(c, flag::ack | flag::fin));
    EXPECT_EQ(next().tcp.ack, c.rcv + 1);
    advance(2 * config_.msl - 1ms);
    EXPECT_EQ(c.socket->state(), TcpState::time_wait);
    advance(1ms);
    EXPECT_EQ(c.socket->state(), TcpState::closed);
    EXPECT_EQ(c.socket->failure(), SocketError::none);
    layer_->close(c.socket, false, now_);
    EXPECT_EQ(layer_->socket_count(), 0u);
}

// RFC 9293 §3.6 figure 12, the passive close: CLOSE-WAIT (recv returns 0),
// LAST-ACK, CLOSED.
TEST_F(TcpSegments, PassiveCloseThroughLastAck) {
    TcpSocket* l = listener();
    Conn c = open_passive(l);
    inject(from_peer(c, flag::ack | flag::fin));
    EXPECT_EQ(c.socket->state(), TcpState::close_wait);
    EXPECT_EQ(next().tcp.ack, c.rcv + 1);
    EXPECT_TRUE(c.socket->readable());
    const stack::TcpIo eof = c.socket->receive(std::span<std::uint8_t>{}, false, now_);
    EXPECT_EQ(eof.bytes, 0u);
    EXPECT_EQ(eof.error, SocketError::none);
    layer_->close(c.socket, false, now_);  // graceful: FIN
    const SentSegment fin = next();
    EXPECT_TRUE(fin.has(flag::fin));
    c.rcv += 1;
    c.snd += 1;
    inject(from_peer(c, flag::ack));
    EXPECT_EQ(layer_->socket_count(), 1u);  // only the listener is left
    layer_->close(l, false, now_);
}

// RFC 9293 §3.6 figure 13: simultaneous close through CLOSING.
TEST_F(TcpSegments, SimultaneousCloseThroughClosing) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->shutdown_send(now_), SocketError::none);
    (void)next();
    PeerSegment fin = from_peer(c, flag::ack | flag::fin);
    fin.ack = c.snd;  // has not seen our FIN
    inject(fin);
    EXPECT_EQ(c.socket->state(), TcpState::closing);
    c.snd += 1;
    c.rcv += 1;
    inject(from_peer(c, flag::ack));
    EXPECT_EQ(c.socket->state(), TcpState::time_wait);
    layer_->close(c.socket, false, now_);
}

// RFC 9293 §3.10.5 ABORT (SO_LINGER {1,0}) and RFC 2525 §2.17 (close with
// unread data): a RST, and the socket is gone.
TEST_F(TcpSegments, AbortiveCloseAndCloseWithUnreadDataReset) {
    Conn c = open_active(false);
    layer_->close(c.socket, true, now_);
    SentSegment r = next();
    EXPECT_TRUE(r.only(flag::rst));
    EXPECT_EQ(r.tcp.seq, c.snd);
    Conn d = open_active(false);
    inject(from_peer(d, flag::ack, bytes_of("unread")));
    clear();
    layer_->close(d.socket, false, now_);
    r = next();
    EXPECT_TRUE(r.has(flag::rst));
    EXPECT_EQ(layer_->socket_count(), 0u);
}

// RFC 4987 §3.6: with the SYN queue full a SYN is answered statelessly; the
// ACK that returns the cookie makes an established connection.
class TcpCookies : public TcpSegments {
    void configure(stack::TcpConfig& c) override { c.syn_queue_limit = 0; }
};
TEST_F(TcpCookies, SynCookieRoundTrip) {
    TcpSocket* l = listener();
    inject({5000, 80, kPeerIsn, 0, flag::syn, 65535, peer_syn_options()});
    const SentSegment synack = next();
    EXPECT_TRUE(synack.only(flag::syn | flag::ack));
    EXPECT_EQ(layer_->stats().syn_cookies_sent, 1u);
    EXPECT_EQ(layer_->socket_count(), 1u);  // no state kept
    PeerSegment ack{5000, 80, kPeerIsn + 1, synack.tcp.seq + 1, flag::ack, 100, ts(501, synack.options.timestamps->value),
                    bytes_of("hi")};
    inject(ack);
    EXPECT_EQ(layer_->stats().syn_cookies_accepted, 1u);
    TcpSocket* c = l->accept();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->state(), TcpState::established);
    EXPECT_TRUE(c->connection()->negotiated().sack);
    EXPECT_EQ(c->connection()->snd_wscale(), 7);
    EXPECT_EQ(read_all(c), "hi");
    // A forged ACK (wrong cookie) gets a RST.
    clear();
    inject({5001, 80, 42, 4242, flag::ack});
    EXPECT_TRUE(next().only(flag::rst));
    layer_->close(c, true, now_);
    layer_->close(l, false, now_);
}

// A full accept queue drops further SYNs (the client retries).
TEST_F(TcpSegments, FullAcceptQueueDropsSyn) {
    TcpSocket* l = listener(80, 1);
    Conn first = open_passive(l);
    (void)first;
    // put the first back: open_passive accepted it; make a second and leave it queued
    inject({5001, 80, 7, 0, flag::syn});
    const SentSegment synack = next();
    inject({5001, 80, 8, synack.tcp.seq + 1, flag::ack});
    EXPECT_EQ(l->accept_queue_size(), 1u);
    inject({5002, 80, 9, 0, flag::syn});
    EXPECT_EQ(pending(), 0u);
    EXPECT_EQ(ctx_->counters.dropped(stack::Drop::tcp_listen_drop), 1u);
    layer_->close(first.socket, true, now_);
    layer_->close(l, false, now_);  // resets the queued one
    EXPECT_TRUE(next().has(flag::rst));
    EXPECT_EQ(layer_->socket_count(), 0u);
}

// RFC 1122 §4.2.3.6: keepalive probes after the idle time, every interval;
// `count` unanswered probes end the connection (Windows: WSAENETRESET).
TEST_F(TcpSegments, KeepaliveProbesThenGivesUp) {
    Conn c = open_active(false);
    c.socket->options().keep_alive = true;
    c.socket->options().keepalive_idle = 10s;
    c.socket->options().keepalive_interval = 1s;
    c.socket->options().keepalive_count = 3;
    c.socket->options_changed(now_);
    advance(10s);
    SentSegment probe = next();
    EXPECT_EQ(probe.tcp.seq, c.snd - 1);
    inject(from_peer(c, flag::ack));  // answered: idle again
    advance(1s);
    EXPECT_EQ(pending(), 0u);
    advance(9s);
    (void)next();
    for (int i = 0; i < 2; ++i) {
        advance(1s);
        (void)next();
    }
    advance(1s);
    EXPECT_TRUE(next().has(flag::rst));
    EXPECT_EQ(c.socket->failure(), SocketError::network_reset);
    layer_->close(c.socket, false, now_);
}

// RFC 6191: a new SYN with a newer timestamp reopens a TIME-WAIT connection.
TEST_F(TcpSegments, TimeWaitIsReusedByNewerSyn) {
    TcpSocket* l = listener();
    Conn c = open_passive(l, true);
    layer_->close(c.socket, false, now_);  // FIN
    (void)next();
    c.snd += 1;
    PeerSegment finack = from_peer(c, flag::ack | flag::fin);
    finack.options = ts(700, 0);
    inject(finack);
    clear();
    EXPECT_EQ(layer_->connection_count(), 1u);  // in TIME-WAIT
    inject({5000, 80, kPeerIsn + 100000, 0, flag::syn, 65535, peer_syn_options(900)});
    EXPECT_EQ(layer_->stats().time_wait_reused, 1u);
    EXPECT_TRUE(next().only(flag::syn | flag::ack));
    layer_->close(l, false, now_);
}

}  // namespace

namespace {

// Hostile peers (issue 4 "bad input at every boundary"): 20,000 seeded random
// segments — random flags, sequence and acknowledgment numbers near and far
// from the window, options, payloads — thrown at a listener and at
// connections in several states, with time moving so timers fire. Nothing
// may crash, hang or leak (the fixture checks the pool), and the layer must
// still open a fresh connection afterwards.
TEST_F(TcpSegments, RandomSegmentsNeverBreakTheLayer) {
    std::uint64_t x = 0x9e3779b97f4a7c15;
    const auto rnd = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    TcpSocket* l = listener(80, 64);
    Conn c = open_active(true);
    std::vector<TcpSocket*> accepted;
    for (int i = 0; i < 20000; ++i) {
        const bool at_conn = (rnd() & 1) != 0 && c.socket->state() != TcpState::closed;
        PeerSegment p;
        p.src_port = at_conn ? 5000 : static_cast<std::uint16_t>(5000 + rnd() % 8);
        p.dst_port = at_conn ? c.socket->local()->port : 80;
        const std::uint32_t near_rcv = c.rcv + static_cast<std::uint32_t>(rnd() % 70000) - 20000;
        p.seq = (rnd() & 3) == 0 ? static_cast<std::uint32_t>(rnd()) : near_rcv;
        p.ack = (rnd() & 3) == 0 ? static_cast<std::uint32_t>(rnd()) : c.snd + static_cast<std::uint32_t>(rnd() % 3000) - 1000;
        p.flags = static_cast<std::uint8_t>(rnd());
        p.window = static_cast<std::uint16_t>(rnd());
        if (rnd() & 1) p.options = ts(static_cast<std::uint32_t>(rnd()), static_cast<std::uint32_t>(rnd()));
        if ((rnd() & 7) == 0) {
            p.options.sack_block_count = 2;
            p.options.timestamps.reset();
            p.options.sack_blocks[0] = {static_cast<std::uint32_t>(c.snd + rnd() % 5000), static_cast<std::uint32_t>(c.snd + rnd() % 9000)};
            p.options.sack_blocks[1] = {static_cast<std::uint32_t>(rnd()), static_cast<std::uint32_t>(rnd())};
        }
        if ((rnd() & 15) == 0) p.options.mss = static_cast<std::uint16_t>(rnd());
        if ((rnd() & 15) == 0) p.options.window_scale = static_cast<std::uint8_t>(rnd() % 20);
        p.payload.resize(rnd() % 3 == 0 ? rnd() % 1500 : 0, static_cast<std::uint8_t>(i));
        inject(p);
        if (i % 7 == 0 && c.socket->state() != TcpState::closed)
            (void)c.socket->send(std::span(p.payload), false, now_);
        if (i % 11 == 0) (void)read_all(c.socket);
        while (TcpSocket* a = l->accept()) accepted.push_back(a);
        advance(std::chrono::microseconds(rnd() % 50000));
        clear();
    }
    for (TcpSocket* a : accepted) layer_->close(a, (rnd() & 1) != 0, now_);
    layer_->close(c.socket, true, now_);
    advance(10 * config_.msl);  // orphans and TIME-WAITs run out
    clear();
    Conn fresh = open_passive(l);
    EXPECT_EQ(fresh.socket->state(), TcpState::established);
    layer_->close(fresh.socket, true, now_);
    layer_->close(l, false, now_);
    advance(10 * config_.msl);
    layer_->collect();
    EXPECT_EQ(layer_->socket_count(), 0u);
}

}  // namespace

namespace {

/// An ICMP "fragmentation needed" quoting one of our segments.
stack::IcmpErrorReport frag_needed(const Conn& c, std::uint32_t quoted_seq, std::uint16_t mtu,
                                   std::array<std::uint8_t, 8>& quote) {
    const std::uint16_t sport = c.socket->local()->port;
    quote = {static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport), 5000 >> 8, 5000 & 0xff,
             static_cast<std::uint8_t>(quoted_seq >> 24), static_cast<std::uint8_t>(quoted_seq >> 16),
             static_cast<std::uint8_t>(quoted_seq >> 8), static_cast<std::uint8_t>(quoted_seq)};
    stack::IcmpErrorReport r;
    r.type = 3;
    r.code = stack::icmpcode::fragmentation_needed;
    r.reporter = Ipv4Addr::from_octets(10, 0, 0, 254);
    r.original.src = kHarnessLocal;
    r.original.dst = kHarnessPeer;
    r.original.protocol = wire::ipproto::tcp;
    r.original_l4 = quote;
    r.next_hop_mtu = mtu;
    return r;
}

// RFC 1191 §6 / RFC 5927 §4.1: "fragmentation needed" quoting a sequence
// number in flight lowers the MSS and the data goes again in smaller
// segments; one quoting anything else (a blind injection) changes nothing.
TEST_F(TcpSegments, FragmentationNeededLowersMssOnlyForDataInFlight) {
    Conn c = open_active(false);
    const std::vector<std::uint8_t> data = pattern(2920, 4);
    ASSERT_EQ(c.socket->send(data, false, now_).bytes, data.size());
    EXPECT_EQ(next().payload.size(), 1460u);
    EXPECT_EQ(next().payload.size(), 1460u);
    std::array<std::uint8_t, 8> quote;
    layer_->icmp_error(frag_needed(c, c.snd - 5000, 1000, quote), now_);  // not in flight
    EXPECT_EQ(c.socket->connection()->mss(), 1460);
    EXPECT_EQ(pending(), 0u);
    layer_->icmp_error(frag_needed(c, c.snd, 1000, quote), now_);
    EXPECT_EQ(c.socket->connection()->mss(), 960);
    std::vector<std::uint8_t> resent;
    while (pending() != 0) {
        const SentSegment s = next();
        EXPECT_LE(s.payload.size(), 960u);
        resent.insert(resent.end(), s.payload.begin(), s.payload.end());
    }
    EXPECT_EQ(resent, data);  // everything again, in 960-byte segments
    layer_->close(c.socket, true, now_);
}

// RFC 9293 §3.8.6.2.2 and RFC 1122 §4.2.3.3: a receiver whose buffer fills
// advertises a zero window (never shrinking the right edge it offered), and
// announces the reopened window once the application has read enough.
TEST_F(TcpSegments, ReceiveWindowClosesAndReopensWithUpdate) {
    TcpSocket* l = layer_->open();
    l->options().receive_buffer = 8192;
    ASSERT_EQ(l->bind({kHarnessLocal, 80}), SocketError::none);
    ASSERT_EQ(l->listen(1), SocketError::none);
    Conn c = open_passive(l);
    std::uint32_t acked = c.rcv;
    std::uint16_t window = 1;
    for (int i = 0; i < 20 && window != 0; ++i) {
        inject(from_peer(c, flag::ack, pattern(1000, static_cast<std::uint8_t>(i))));
        c.rcv += 1000;
        advance(config_.delayed_ack);
        while (pending() != 0) {
            const SentSegment a = next();
            EXPECT_GE(a.tcp.ack + (std::uint32_t{a.tcp.window}), acked) << "right edge moved left";
            acked = a.tcp.ack + a.tcp.window;
            window = a.tcp.window;
        }
    }
    EXPECT_EQ(window, 0u);
    const std::size_t held = c.socket->readable_bytes();
    EXPECT_GE(held, 6000u);
    std::vector<std::uint8_t> sink(held);
    EXPECT_EQ(c.socket->receive(sink, false, now_).bytes, held);
    const SentSegment update = next();
    EXPECT_TRUE(update.only(flag::ack));
    EXPECT_GE(update.tcp.window, 4096u);
    layer_->close(c.socket, true, now_);
    layer_->close(l, false, now_);
}

// After the peer's FIN, reading what came before it sends no window update:
// the peer sends nothing more, and in TIME-WAIT the extra ACK would reach a
// peer that is already CLOSED (LAST-ACK done) and draw a RST.
TEST_F(TcpSegments, NoWindowUpdateAfterThePeersFin) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->shutdown_send(now_), SocketError::none);
    EXPECT_TRUE(next().has(flag::fin));
    c.snd += 1;
    for (int i = 0; i < 3; ++i) {
        inject(from_peer(c, flag::ack, pattern(1000, static_cast<std::uint8_t>(i))));
        c.rcv += 1000;
    }
    inject(from_peer(c, flag::ack | flag::fin));
    EXPECT_EQ(c.socket->state(), TcpState::time_wait);
    while (pending() != 0) EXPECT_TRUE(next().only(flag::ack));
    std::vector<std::uint8_t> sink(3000);
    EXPECT_EQ(c.socket->receive(sink, false, now_).bytes, 3000u);
    EXPECT_EQ(pending(), 0u) << "a window update after the FIN";
    layer_->close(c.socket, false, now_);
}

// WS-IO-30: after shutdown(receive) data is taken in and dropped (the
// connection is not reset); the socket can still send.
TEST_F(TcpSegments, ShutdownReceiveDiscardsLaterData) {
    Conn c = open_active(false);
    c.socket->shutdown_receive();
    inject(from_peer(c, flag::ack, bytes_of("ignored")));
    c.rcv += 7;
    EXPECT_EQ(c.socket->readable_bytes(), 0u);
    EXPECT_EQ(c.socket->receive(std::span<std::uint8_t>{}, false, now_).error, SocketError::shut_down);
    advance(config_.delayed_ack);
    EXPECT_EQ(next().tcp.ack, c.rcv);  // acknowledged, not reset
    EXPECT_EQ(c.socket->send(bytes_of("still"), false, now_).bytes, 5u);
    EXPECT_EQ(next().payload, bytes_of("still"));
    layer_->close(c.socket, true, now_);
}

// WS-IO-33: data arriving for a socket the user has closed (orphaned, its
// FIN sent) resets the connection, as Windows and Linux do.
TEST_F(TcpSegments, DataAfterCloseIsAnsweredWithReset) {
    Conn c = open_active(false);
    layer_->close(c.socket, false, now_);
    EXPECT_TRUE(next().has(flag::fin));
    inject(from_peer(c, flag::ack, bytes_of("late data")));
    bool reset = false;
    while (pending() != 0) reset |= next().has(flag::rst);
    EXPECT_TRUE(reset);
    layer_->collect();
    EXPECT_EQ(layer_->socket_count(), 0u);
}

}  // namespace

namespace {

// The right edge: a peer that filled our window exactly sends its ACKs with
// SEG.SEQ = RCV.NXT + RCV.WND. The ACK must still be processed (Linux does;
// refusing it deadlocked sluice against the Linux kernel under loss).
TEST_F(TcpSegments, AckAtTheRightEdgeOfOurWindowIsProcessed) {
    TcpSocket* l = layer_->open();
    l->options().receive_buffer = 4096;
    ASSERT_EQ(l->bind({kHarnessLocal, 80}), SocketError::none);
    ASSERT_EQ(l->listen(1), SocketError::none);
    Conn c = open_passive(l);
    ASSERT_EQ(c.socket->send(bytes_of("reply"), false, now_).bytes, 5u);
    EXPECT_EQ(next().payload, bytes_of("reply"));
    PeerSegment ack_at_edge = from_peer(c, flag::ack);
    ack_at_edge.seq = c.rcv + 4096;  // the right edge we advertised
    ack_at_edge.ack = c.snd + 5;
    inject(ack_at_edge);
    EXPECT_EQ(c.socket->connection()->snd_una().raw(), c.snd + 5) << "the ACK was not processed";
    layer_->close(c.socket, true, now_);
    layer_->close(l, false, now_);
}

// After a timeout SND.NXT goes back to SND.UNA; bare ACKs must still carry
// SND.MAX so a peer holding later data takes them.
TEST_F(TcpSegments, BareAcksCarrySndMaxAfterATimeout) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->send(pattern(4000, 1), false, now_).bytes, 4000u);
    std::uint32_t snd_max = c.snd;
    while (pending() != 0) {
        const SentSegment s = next();
        snd_max = s.tcp.seq + static_cast<std::uint32_t>(s.payload.size());
    }
    ASSERT_GT(snd_max, c.snd + 1460);
    advance(c.socket->connection()->rto().timeout());
    EXPECT_EQ(next().tcp.seq, c.snd);  // the retransmission from SND.UNA
    inject(from_peer(c, flag::ack, bytes_of("x")));
    advance(config_.delayed_ack);
    SentSegment a = next();
    while (a.payload.size() != 0 && pending() != 0) a = next();
    EXPECT_TRUE(a.payload.empty());
    EXPECT_EQ(a.tcp.seq, snd_max);
    layer_->close(c.socket, true, now_);
}

}  // namespace

namespace {

// RFC 9293 §3.8.5, RFC 6093 §2.2: urgent data is sent with URG and the
// pointer to the byte after it, on every segment until it is acknowledged.
TEST_F(TcpSegments, UrgentSendCarriesThePointer) {
    Conn c = open_active(false);
    ASSERT_EQ(c.socket->send(bytes_of("abc"), false, now_).bytes, 3u);
    SentSegment s = next();
    EXPECT_FALSE(s.has(flag::urg));
    c.snd += 3;
    inject(from_peer(c, flag::ack));
    ASSERT_EQ(c.socket->send(bytes_of("U"), false, now_, true).bytes, 1u);
    s = next();
    EXPECT_TRUE(s.has(flag::urg));
    EXPECT_EQ(s.tcp.urgent_pointer, 1u);
    EXPECT_EQ(s.payload, bytes_of("U"));
    c.snd += 1;
    inject(from_peer(c, flag::ack));
    ASSERT_EQ(c.socket->send(bytes_of("n"), false, now_).bytes, 1u);
    EXPECT_FALSE(next().has(flag::urg));
    layer_->close(c.socket, true, now_);
}

// WS-SEL-33: without SO_OOBINLINE each urgent byte leaves the stream: the
// readable count leaves it out, it is read apart, one byte per mark, and the
// normal reads step over it.
TEST_F(TcpSegments, UrgentBytesAreTakenOutOfTheStream) {
    Conn c = open_active(false);
    inject(from_peer(c, flag::ack | flag::psh, bytes_of("hello")));
    c.rcv += 5;
    EXPECT_FALSE(c.socket->urgent_pending());
    PeerSegment u = from_peer(c, flag::ack | flag::urg | flag::psh, bytes_of("A"));
    u.urgent_pointer = 1;
    inject(u);
    c.rcv += 1;
    EXPECT_TRUE(c.socket->urgent_pending());
    EXPECT_EQ(c.socket->readable_bytes(), 5u);  // the urgent byte is not counted
    PeerSegment v = from_peer(c, flag::ack | flag::urg | flag::psh, bytes_of("xB"));
    v.urgent_pointer = 2;
    inject(v);
    c.rcv += 2;
    EXPECT_EQ(c.socket->readable_bytes(), 6u);
    std::array<std::uint8_t, 3> three{};
    EXPECT_EQ(c.socket->receive(three, false, now_).bytes, 3u);  // "hel"
    std::array<std::uint8_t, 1> oob{};
    ASSERT_EQ(c.socket->receive_urgent(oob).bytes, 1u);
    EXPECT_EQ(oob[0], 'A');
    EXPECT_TRUE(c.socket->urgent_pending());
    EXPECT_EQ(read_all(c.socket), "lox");  // steps over both urgent bytes
    ASSERT_EQ(c.socket->receive_urgent(oob).bytes, 1u);
    EXPECT_EQ(oob[0], 'B');
    EXPECT_FALSE(c.socket->urgent_pending());
    EXPECT_EQ(c.socket->receive_urgent(oob).error, SocketError::would_block);
    layer_->close(c.socket, true, now_);
}

// WS-SEL-34: turning SO_OOBINLINE on puts the urgent bytes not yet read back
// in the stream (counted, read normally, SIOCATMARK FALSE until read); one
// already read with MSG_OOB stays out.
TEST_F(TcpSegments, UrgentBytesGoBackInlineWhenOobInlineIsTurnedOn) {
    Conn c = open_active(false);
    inject(from_peer(c, flag::ack | flag::psh, bytes_of("hello")));
    c.rcv += 5;
    PeerSegment u = from_peer(c, flag::ack | flag::urg | flag::psh, bytes_of("A"));
    u.urgent_pointer = 1;
    inject(u);
    c.rcv += 1;
    PeerSegment v = from_peer(c, flag::ack | flag::urg | flag::psh, bytes_of("xB"));
    v.urgent_pointer = 2;
    inject(v);
    c.rcv += 2;
    std::array<std::uint8_t, 1> oob{};
    ASSERT_EQ(c.socket->receive_urgent(oob).bytes, 1u);
    EXPECT_EQ(oob[0], 'A');
    c.socket->options().oob_inline = true;
    c.socket->options_changed(now_);
    EXPECT_FALSE(c.socket->urgent_pending());
    EXPECT_TRUE(c.socket->urgent_unread());
    EXPECT_EQ(c.socket->readable_bytes(), 7u);  // "hello", "x", "B"
    EXPECT_EQ(c.socket->receive_urgent(oob).error, SocketError::would_block);
    EXPECT_EQ(read_all(c.socket), "helloxB");
    EXPECT_FALSE(c.socket->urgent_unread());
    layer_->close(c.socket, true, now_);
}

// WS-SEL-34: with SO_OOBINLINE the urgent byte stays in the stream.
TEST_F(TcpSegments, UrgentInlineStaysInTheStream) {
    Conn c = open_active(false);
    c.socket->options().oob_inline = true;
    PeerSegment u = from_peer(c, flag::ack | flag::urg | flag::psh, bytes_of("hiA"));
    u.urgent_pointer = 3;
    inject(u);
    EXPECT_FALSE(c.socket->urgent_pending());
    EXPECT_EQ(read_all(c.socket), "hiA");
    layer_->close(c.socket, true, now_);
}

}  // namespace

namespace {

// WS-IO-33: the peer's FIN, then its reset (it dropped data we sent after
// its close): reading reports the abort, not the end of stream, once the
// data before the FIN has been read.
TEST_F(TcpSegments, ResetAfterFinOverridesEndOfStream) {
    Conn c = open_active(false);
    inject(from_peer(c, flag::ack | flag::fin, bytes_of("bye")));
    c.rcv += 4;
    EXPECT_EQ(c.socket->state(), TcpState::close_wait);
    ASSERT_EQ(c.socket->send(bytes_of("late"), false, now_).bytes, 4u);
    PeerSegment rst = from_peer(c, flag::rst);
    rst.options = {};
    inject(rst);
    std::array<std::uint8_t, 16> buf{};
    EXPECT_EQ(c.socket->receive(buf, false, now_).bytes, 3u);
    EXPECT_EQ(c.socket->receive(buf, false, now_).error, SocketError::connection_aborted);
    layer_->close(c.socket, false, now_);
}

}  // namespace

namespace {

// Exhausted pools (issue 4 "bad input at every boundary"): TCP's queued
// mbufs count against the engine-wide socket budget like UDP's; once it is
// spent, new data is refused and counted (the peer resends), never queued.
TEST_F(TcpSegments, EngineSocketBudgetBoundsReceiveQueues) {
    Conn c = open_active(false);
    const std::size_t before = ctx_->socket_mbufs;
    inject(from_peer(c, flag::ack, pattern(1000, 1)));
    c.rcv += 1000;
    EXPECT_GT(ctx_->socket_mbufs, before);
    ctx_->socket_mbuf_limit = ctx_->socket_mbufs;  // spent
    PeerSegment ahead = from_peer(c, flag::ack, pattern(1000, 3));
    ahead.seq = c.rcv + 1000;
    inject(ahead);  // out of order: refused
    EXPECT_EQ(ctx_->counters.dropped(stack::Drop::socket_memory_full), 1u);
    clear();
    inject(from_peer(c, flag::ack, pattern(1000, 2)));  // in order, inside the advertised window: taken
    c.rcv += 1000;
    EXPECT_EQ(ctx_->counters.dropped(stack::Drop::socket_memory_full), 1u);
    EXPECT_EQ(c.socket->readable_bytes(), 2000u);
    advance(config_.delayed_ack);
    const SentSegment ack = next();
    EXPECT_EQ(ack.tcp.ack, c.rcv);
    EXPECT_EQ(ack.tcp.window, 65535u - 2000u);  // the right edge stayed where it was
    EXPECT_EQ(c.socket->send(bytes_of("no room"), false, now_).error, SocketError::would_block);
    EXPECT_EQ(read_all(c.socket).size(), 2000u);
    EXPECT_EQ(ctx_->socket_mbufs, before);  // released on read
    layer_->close(c.socket, true, now_);
    layer_->collect();
    EXPECT_EQ(ctx_->socket_mbufs, 0u);
}

}  // namespace

namespace {

// RFC 2883: D-SACKs are recognised and counted; DupThresh stays at 3 (see
// on_dsack for why it is not raised).
TEST_F(TcpSegments, DsacksAreCountedAndDupThreshStays) {
    Conn c = open_active(true);
    const std::uint32_t mss = c.socket->connection()->mss();
    ASSERT_EQ(c.socket->send(pattern(10 * mss, 3), false, now_).bytes, 10u * mss);
    clear();
    PeerSegment dsack = from_peer(c, flag::ack);
    dsack.ack = c.snd + mss;
    dsack.options.sack_blocks[0] = {c.snd, c.snd + mss};  // below the ACK: a D-SACK
    dsack.options.sack_block_count = 1;
    inject(dsack);
    EXPECT_EQ(layer_->stats().dsacks_received, 1u);
    EXPECT_EQ(c.socket->connection()->dup_thresh(), 3u);
    EXPECT_EQ(c.socket->connection()->rack().reo_wnd_mult(), 2u);  // RFC 8985 §6.2 step 4
    layer_->close(c.socket, true, now_);
}

// ---- RACK-TLP (RFC 8985) -----------------------------------------------------

class TcpRack : public TcpSegments {
protected:
    /// A SACK connection that sent `segments` full segments at once (the
    /// captured ones are cleared).
    Conn sending(std::uint32_t segments) {
        Conn c = open_active(true);
        const std::uint32_t bytes = segments * c.socket->connection()->mss();
        EXPECT_EQ(c.socket->send(pattern(bytes), false, now_).bytes, bytes);
        clear();
        return c;
    }
    /// An ACK at `ack` SACKing [left, right) (offsets from c.snd, in bytes).
    PeerSegment sack(const Conn& c, std::uint32_t ack, std::uint32_t left, std::uint32_t right) {
        PeerSegment p = from_peer(c, flag::ack);
        p.ack = c.snd + ack;
        p.options.sack_blocks[0] = {c.snd + left, c.snd + right};
        p.options.sack_block_count = 1;
        return p;
    }
    /// Sequence numbers of every captured segment, oldest first (then cleared).
    std::vector<std::uint32_t> drain_seqs() {
        std::vector<std::uint32_t> seqs;
        while (pending() != 0) seqs.push_back(next().tcp.seq);
        return seqs;
    }
};

// §6.2 step 5: one SACKed segment above a hole does not make the hole lost at
// once: RACK waits reo_wnd = min_RTT/4 beyond one RACK.rtt, on the reorder
// timer, then retransmits it.
TEST_F(TcpRack, HoleIsLostAfterTheReorderingWindow) {
    Conn c = sending(10);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, mss, 2 * mss));
    EXPECT_EQ(pending(), 0u);
    EXPECT_TRUE(conn.reorder_timer_armed());
    EXPECT_FALSE(conn.in_loss_recovery());
    advance(2ms);  // a quarter of the 1 ms min_RTT, rounded up to the wheel's ticks
    const SentSegment rexmit = next();
    EXPECT_EQ(rexmit.tcp.seq, c.snd);
    EXPECT_EQ(rexmit.payload.size(), mss);
    EXPECT_TRUE(conn.in_loss_recovery());
    EXPECT_EQ(layer_->stats().rack_reorder_timeouts, 1u);
    EXPECT_EQ(layer_->stats().fast_retransmits, 1u);
    EXPECT_EQ(layer_->stats().timeouts, 0u);
    layer_->close(c.socket, true, now_);
}

// §6.2 step 3: the late original inside the window is reordering, not loss.
TEST_F(TcpRack, ReorderingWithinTheWindowIsNotLoss) {
    Conn c = sending(10);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, mss, 2 * mss));
    EXPECT_TRUE(conn.reorder_timer_armed());
    inject(from_peer(c, flag::ack));  // the original arrives: everything up to c.snd is acked
    PeerSegment late = from_peer(c, flag::ack);
    late.ack = c.snd + 2 * mss;
    inject(late);
    EXPECT_FALSE(conn.reorder_timer_armed());
    EXPECT_TRUE(conn.rack().reordering_seen());
    advance(1ms);
    EXPECT_EQ(pending(), 0u);
    EXPECT_EQ(layer_->stats().retransmitted_segments, 0u);
    EXPECT_EQ(layer_->stats().fast_retransmits, 0u);
    layer_->close(c.socket, true, now_);
}

// §6.2: a retransmission is a segment like any other: once a segment sent
// after it is SACKed (and a RACK.rtt has passed) it is lost again, and
// resent without waiting for the retransmission timer.
TEST_F(TcpRack, LostRetransmissionIsResentWithoutATimeout) {
    Conn c = sending(20);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, mss, 4 * mss));  // three SACKed segments: reo_wnd 0
    std::vector<std::uint32_t> seqs = drain_seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(seqs.front(), c.snd);
    advance(1ms);
    inject(sack(c, 0, mss, 10 * mss));  // the originals sent before the retransmission
    seqs = drain_seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(std::count(seqs.begin(), seqs.end(), c.snd), 0);  // new data only
    EXPECT_EQ(seqs.front(), c.snd + 10 * mss);
    advance(1ms);
    inject(sack(c, 0, mss, 11 * mss));  // new data sent after the retransmission arrived
    seqs = drain_seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(seqs.front(), c.snd);
    EXPECT_EQ(layer_->stats().timeouts, 0u);
    EXPECT_EQ(layer_->stats().fast_retransmits, 1u);  // one recovery episode
    layer_->close(c.socket, true, now_);
}

// §7: silence for a PTO after the last segment sends a probe (the last
// segment again when there is no new data), and the RTO takes over.
TEST_F(TcpRack, TailLossProbeResendsTheLastSegment) {
    Conn c = sending(3);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    EXPECT_TRUE(conn.probe_armed());
    EXPECT_FALSE(conn.retransmit_armed());
    advance(3ms);
    const SentSegment probe = next();
    EXPECT_EQ(probe.tcp.seq, c.snd + 2 * mss);
    EXPECT_EQ(probe.payload.size(), mss);
    EXPECT_EQ(pending(), 0u);
    EXPECT_EQ(layer_->stats().tlp_probes, 1u);
    EXPECT_TRUE(conn.retransmit_armed());
    EXPECT_FALSE(conn.probe_armed());
    const std::uint32_t cwnd_before = conn.cwnd();
    // The probe repaired a lost last segment: the ACK covers it, with no
    // D-SACK; the next ACK beyond it confirms the repair (§7.4) and cwnd
    // is reduced as for one loss.
    c.snd += 3 * mss;
    inject(from_peer(c, flag::ack));
    ASSERT_EQ(c.socket->send(pattern(mss), false, now_).bytes, mss);
    clear();
    c.snd += mss;
    inject(from_peer(c, flag::ack));
    EXPECT_EQ(layer_->stats().tlp_repairs, 1u);
    EXPECT_LT(conn.cwnd(), cwnd_before);
    layer_->close(c.socket, true, now_);
}

// §7.4: a D-SACK for the probe says the original arrived: no loss, no reduction.
TEST_F(TcpRack, DsackedProbeIsNoLoss) {
    Conn c = open_active(true);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    ASSERT_EQ(c.socket->send(pattern(3 * mss), false, now_).bytes, 3u * mss);
    advance(3ms);
    clear();
    const std::uint32_t cwnd_before = conn.cwnd();
    PeerSegment ack = from_peer(c, flag::ack);
    ack.ack = c.snd + 3 * mss;
    ack.options.sack_blocks[0] = {c.snd + 2 * mss, c.snd + 3 * mss};  // below the ACK: a D-SACK
    ack.options.sack_block_count = 1;
    inject(ack);
    EXPECT_FALSE(conn.rack().probe_outstanding());
    EXPECT_EQ(layer_->stats().tlp_repairs, 0u);
    EXPECT_EQ(conn.cwnd(), cwnd_before);
    layer_->close(c.socket, true, now_);
}

// §6.3: after a timeout SACKed data is not resent; only what RACK marks lost
// is, in sequence order under slow start.
TEST_F(TcpRack, TimeoutKeepsSackedDataFromBeingResent) {
    Conn c = sending(4);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, 3 * mss, 4 * mss));
    advance(1ms);  // the reorder timer: segments 0-2 lost, recovery resends some
    std::vector<std::uint32_t> seqs = drain_seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(seqs.front(), c.snd);
    advance(conn.rto().timeout());  // those are lost too: the RTO
    EXPECT_EQ(layer_->stats().timeouts, 1u);
    EXPECT_EQ(drain_seqs(), std::vector<std::uint32_t>{c.snd});  // cwnd is one segment
    inject(sack(c, mss, 3 * mss, 4 * mss));
    EXPECT_EQ(drain_seqs(), (std::vector<std::uint32_t>{c.snd + mss, c.snd + 2 * mss}));
    inject(sack(c, 3 * mss, 3 * mss, 4 * mss));
    c.snd += 4 * mss;
    inject(from_peer(c, flag::ack));
    EXPECT_EQ(pending(), 0u);  // segment 3 was never resent
    EXPECT_FALSE(conn.in_loss_recovery());
    layer_->close(c.socket, true, now_);
}

// RFC 3522 (Eifel detection): the ACK that ends recovery echoes the TSval
// of the original, not of the retransmission: the hole was reordering, and
// the reduction is undone.
TEST_F(TcpRack, SpuriousRecoveryIsUndoneByTimestamps) {
    Conn c = open_active(true);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    ASSERT_EQ(c.socket->send(pattern(10 * mss), false, now_).bytes, 10u * mss);
    const std::uint32_t original_tsval = next().options.timestamps->value;
    clear();
    const std::uint32_t cwnd_before = conn.cwnd();
    advance(1ms);
    PeerSegment ack = sack(c, 0, mss, 4 * mss);
    ack.options.timestamps->echo = original_tsval;
    inject(ack);
    ASSERT_EQ(next().tcp.seq, c.snd);  // the retransmission, a tick later
    clear();
    EXPECT_LT(conn.cwnd(), cwnd_before);
    c.snd += 10 * mss;
    ack = from_peer(c, flag::ack);
    ack.options.timestamps->echo = original_tsval;  // the original arrived
    inject(ack);
    EXPECT_FALSE(conn.in_loss_recovery());
    EXPECT_EQ(layer_->stats().spurious_recoveries, 1u);
    EXPECT_GE(conn.cwnd(), cwnd_before);
    layer_->close(c.socket, true, now_);
}

// RFC 3708: the recovery ended normally, then a D-SACK for its only
// retransmission arrives: the reduction is undone late.
TEST_F(TcpRack, SpuriousRecoveryIsUndoneByDsack) {
    Conn c = sending(10);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    const std::uint32_t cwnd_before = conn.cwnd();
    advance(1ms);
    inject(sack(c, 0, mss, 4 * mss));
    const SentSegment rexmit = next();
    ASSERT_EQ(rexmit.tcp.seq, c.snd);
    clear();
    PeerSegment ack = from_peer(c, flag::ack);
    ack.ack = c.snd + 10 * mss;
    ack.options.timestamps->echo = rexmit.options.timestamps->value;
    inject(ack);
    EXPECT_FALSE(conn.in_loss_recovery());
    EXPECT_EQ(layer_->stats().spurious_recoveries, 0u);
    ack.options.sack_blocks[0] = {c.snd, c.snd + mss};  // the original came in late
    ack.options.sack_block_count = 1;
    inject(ack);
    EXPECT_EQ(layer_->stats().spurious_recoveries, 1u);
    EXPECT_GE(conn.cwnd(), cwnd_before);
    layer_->close(c.socket, true, now_);
}

// A duplicate the network made (a D-SACK for data never retransmitted)
// undoes nothing.
TEST_F(TcpRack, NetworkDuplicatesDoNotUndo) {
    Conn c = sending(10);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, mss, 4 * mss));
    const SentSegment rexmit = next();
    clear();
    PeerSegment ack = from_peer(c, flag::ack);
    ack.ack = c.snd + 10 * mss;
    ack.options.timestamps->echo = rexmit.options.timestamps->value;
    inject(ack);
    ack.options.sack_blocks[0] = {c.snd + 5 * mss, c.snd + 6 * mss};
    ack.options.sack_block_count = 1;
    inject(ack);
    EXPECT_EQ(layer_->stats().dsacks_received, 1u);
    EXPECT_EQ(layer_->stats().spurious_recoveries, 0u);
    layer_->close(c.socket, true, now_);
}

// RFC 2883 §4 (receiver): a segment that arrives twice is reported once as
// the first SACK block of the next ACK, below its cumulative ACK; a
// duplicate inside out-of-order data leads the block that holds it.
TEST_F(TcpRack, DuplicatesAreReportedAsDsacks) {
    Conn c = open_active(true);
    const std::vector<std::uint8_t> data = pattern(100, 9);
    inject(from_peer(c, flag::ack | flag::psh, data));
    clear();
    inject(from_peer(c, flag::ack | flag::psh, data));  // again: all below RCV.NXT
    SentSegment ack = next();
    ASSERT_EQ(ack.options.sack_block_count, 1u);
    EXPECT_EQ(ack.options.sack_blocks[0], (wire::TcpSackBlock{c.rcv, c.rcv + 100}));
    EXPECT_EQ(ack.tcp.ack, c.rcv + 100);
    c.rcv += 100;
    PeerSegment ahead = from_peer(c, flag::ack | flag::psh, data);
    ahead.seq = c.rcv + 200;  // out of order
    inject(ahead);
    clear();
    inject(ahead);  // and again
    ack = next();
    ASSERT_EQ(ack.options.sack_block_count, 2u);
    EXPECT_EQ(ack.options.sack_blocks[0], (wire::TcpSackBlock{c.rcv + 200, c.rcv + 300}));
    EXPECT_EQ(ack.options.sack_blocks[1], (wire::TcpSackBlock{c.rcv + 200, c.rcv + 300}));
    inject(from_peer(c, flag::ack));  // a bare ACK: nothing to report again
    PeerSegment fill = from_peer(c, flag::ack | flag::psh, pattern(200, 1));
    inject(fill);
    ack = next();
    EXPECT_EQ(ack.tcp.ack, c.rcv + 300);
    EXPECT_EQ(ack.options.sack_block_count, 0u);
    layer_->close(c.socket, true, now_);
}

// Receive auto-tuning: an application that reads a full window per round
// trip gets a larger one (twice what it read); with SO_RCVBUF set it stays.
TEST_F(TcpRack, ReceiveWindowGrowsWithWhatTheApplicationReads) {
    for (const bool automatic : {true, false}) {
        Conn c = open_active(true);
        c.socket->options().auto_receive_buffer = automatic;
        const std::uint8_t shift = c.socket->connection()->rcv_wscale();
        std::uint32_t window = 0;
        for (int round = 0; round < 4; ++round) {
            for (int k = 0; k < 40; ++k) {  // about 58 KB: most of a 64 KiB window
                inject(from_peer(c, flag::ack | flag::psh, pattern(1448, static_cast<std::uint8_t>(k))));
                c.rcv += 1448;
            }
            advance(2ms);
            clear();
            EXPECT_EQ(read_all(c.socket).size(), 40u * 1448u);  // sends the window update
            while (pending() != 0) {
                const auto update = next();
                window = std::uint32_t{update.tcp.window} << shift;
                c.our_ts = update.options.timestamps->value;  // the peer echoes it (RFC 7323 §4.3)
            }
        }
        if (automatic) {
            EXPECT_GT(window, 100'000u);
        } else {
            EXPECT_LE(window, 65536u);
        }
        layer_->close(c.socket, true, now_);
        clear();
    }
}

// On a path far under a millisecond (timestamps differ by 0 ticks) the
// receiver's RTT comes from how long one advertised window takes to arrive:
// an application that reads a window every 20 µs keeps a window near twice
// that, not what a millisecond of such a flow would be (2.9 MB here: the
// 2 MiB maximum, only to cost cache).
TEST_F(TcpRack, ReceiveWindowFollowsASubMillisecondRoundTrip) {
    Conn c = open_active(true);
    const std::uint8_t shift = c.socket->connection()->rcv_wscale();
    std::uint32_t window = 0;
    for (int round = 0; round < 200; ++round) {
        for (int k = 0; k < 40; ++k) {
            inject(from_peer(c, flag::ack | flag::psh, pattern(1448, static_cast<std::uint8_t>(k))));
            c.rcv += 1448;
        }
        advance(20us);
        clear();
        ASSERT_EQ(read_all(c.socket).size(), 40u * 1448u);
        while (pending() != 0) {
            const auto update = next();
            window = std::uint32_t{update.tcp.window} << shift;
            c.our_ts = update.options.timestamps->value;
        }
    }
    EXPECT_GE(window, 40u * 1448u);
    EXPECT_LT(window, 256u * 1024u);
    layer_->close(c.socket, true, now_);
}

// Receive auto-tuning under reordering: segments held behind a hole fill
// the window with nothing to read; the queue doubles instead of stalling.
TEST_F(TcpRack, ReceiveWindowGrowsWhenOutOfOrderDataFillsIt) {
    Conn c = open_active(true);
    const std::uint8_t shift = c.socket->connection()->rcv_wscale();
    std::uint32_t window = 0;
    for (int k = 1; k <= 20; ++k) {  // a 1448-byte hole, then about 28 KB behind it
        PeerSegment p = from_peer(c, flag::ack | flag::psh, pattern(1448, static_cast<std::uint8_t>(k)));
        p.seq = c.rcv + static_cast<std::uint32_t>(k) * 1448;
        advance(1ms);
        inject(p);
        while (pending() != 0) window = std::uint32_t{next().tcp.window} << shift;
    }
    inject(from_peer(c, flag::ack | flag::psh, pattern(1448, 0)));  // the hole fills
    while (pending() != 0) window = std::uint32_t{next().tcp.window} << shift;
    EXPECT_EQ(read_all(c.socket).size(), 21u * 1448u);
    while (pending() != 0) window = std::uint32_t{next().tcp.window} << shift;
    EXPECT_GT(window, 100'000u);
    layer_->close(c.socket, true, now_);
}

// Send auto-tuning: the send queue holds twice cwnd once cwnd has grown
// past half of SO_SNDBUF; with SO_SNDBUF set it stays.
TEST_F(TcpRack, SendQueueGrowsWithTheCongestionWindow) {
    for (const bool automatic : {true, false}) {
        Conn c = open_active(true);
        c.socket->options().auto_send_buffer = automatic;
        const std::uint32_t mss = c.socket->connection()->mss();
        std::size_t queued = 0;
        for (int round = 0; round < 6; ++round) {  // slow start: an ACK per segment
            queued += c.socket->send(pattern(256 * 1024), false, now_).bytes;
            std::vector<std::uint32_t> sizes;
            while (pending() != 0) sizes.push_back(static_cast<std::uint32_t>(next().payload.size()));
            advance(1ms);
            for (const std::uint32_t size : sizes) {
                c.snd += size;
                inject(from_peer(c, flag::ack));
            }
        }
        if (automatic) {
            EXPECT_GT(c.socket->connection()->cwnd(), 32u * mss);
            EXPECT_GT(queued, 6u * 65536u);
        } else {
            EXPECT_LE(queued, 6u * 65536u);
        }
        layer_->close(c.socket, true, now_);
        clear();
    }
}

// RFC 6298 §5.4: a timeout resends the earliest unacknowledged segment at
// once, even while segments sent within the last RACK.rtt keep pipe above
// the one-segment cwnd (found against Linux: SACKs kept coming, the head
// never went again, and twelve timeouts aborted the connection).
TEST_F(TcpRack, TimeoutResendsTheHeadEvenWhenPipeIsFull) {
    Conn c = sending(20);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, mss, 4 * mss));  // recovery: segment 0 resent
    ASSERT_EQ(drain_seqs().front(), c.snd);
    advance(conn.rto().timeout() - 2ms);
    inject(sack(c, 0, mss, 6 * mss));  // originals SACKed late: PRR sends new data now
    ASSERT_FALSE(drain_seqs().empty());
    ASSERT_EQ(layer_->stats().timeouts, 0u);
    advance(3ms);  // the RTO
    ASSERT_EQ(layer_->stats().timeouts, 1u);
    const std::vector<std::uint32_t> seqs = drain_seqs();
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(seqs.front(), c.snd);
    layer_->close(c.socket, true, now_);
}

// RFC 2018 §8: a second timeout in a row may mean the receiver reneged:
// SACK information goes and SACKed data is resent too.
TEST_F(TcpRack, SecondTimeoutResendsSackedDataToo) {
    Conn c = sending(4);
    const stack::TcpConnection& conn = *c.socket->connection();
    const std::uint32_t mss = conn.mss();
    advance(1ms);
    inject(sack(c, 0, 3 * mss, 4 * mss));
    advance(1ms);
    clear();
    advance(conn.rto().timeout());
    clear();
    advance(conn.rto().timeout());
    EXPECT_EQ(layer_->stats().timeouts, 2u);
    EXPECT_EQ(drain_seqs(), std::vector<std::uint32_t>{c.snd});
    PeerSegment ack = from_peer(c, flag::ack);
    ack.ack = c.snd + mss;
    inject(ack);
    EXPECT_EQ(drain_seqs(), (std::vector<std::uint32_t>{c.snd + mss, c.snd + 2 * mss}));
    ack.ack = c.snd + 3 * mss;
    inject(ack);
    EXPECT_EQ(drain_seqs(), std::vector<std::uint32_t>{c.snd + 3 * mss});
    layer_->close(c.socket, true, now_);
}

}  // namespace

namespace {

// RFC 9293 §3.10.7.2, LISTEN: a RST is ignored, a segment with neither SYN
// nor ACK is dropped (both counted), an ACK that is no SYN cookie gets
// <SEQ=SEG.ACK><CTL=RST>; payloads on any of them are freed (the fixture
// checks the pool).
TEST_F(TcpSegments, ListenerIgnoresRstAndResetsStrayAcks) {
    TcpSocket* l = listener();
    inject({5000, 80, 7, 0, flag::rst, 65535, {}, bytes_of("x")});
    inject({5000, 80, 7, 0, flag::psh, 65535, {}, bytes_of("y")});
    EXPECT_EQ(pending(), 0u);
    EXPECT_EQ(ctx_->counters.dropped(stack::Drop::tcp_stale_segment), 2u);
    inject({5000, 80, 7, 99, flag::ack, 65535, {}, bytes_of("z")});
    const SentSegment r = next();
    EXPECT_TRUE(r.only(flag::rst));
    EXPECT_EQ(r.tcp.seq, 99u);
    EXPECT_EQ(l->accept_queue_size(), 0u);
    layer_->close(l, false, now_);
}

}  // namespace
