// TcpReceiveBuffer: the received payload of one TCP connection, the
// readable in-order bytes and the out-of-order (OOO) ranges beyond RCV.NXT,
// as mbufs (RFC 9293 §3.10.7.4, "seventh, process the segment text").
//
// What it is for: the TCP layer hands over each acceptable segment's payload
// (headers trimmed; a possibly chained mbuf whose pkt_len is the payload
// length) with its first sequence number. The buffer trims what it already
// has and what lies beyond the space it offered, queues in-order bytes for
// the application (advancing RCV.NXT, pulling in OOO ranges that now follow
// on), keeps OOO bytes for later, answers the RFC 2018 §4 SACK blocks, and
// computes the memory-based receive window. It neither acknowledges nor
// applies receiver SWS avoidance (RFC 9293 §3.8.6.2.2): the TCP layer rounds
// window() and keeps the right edge it advertised.
//
// Window, trimming and memory (the defence against a peer sending 1-byte
// segments):
//  - Every held piece of payload is charged max(len, kMinMbufCharge x its
//    mbuf segments) against the limit (SO_RCVBUF), so full-sized segments
//    cost their bytes while a tiny segment costs at least what its mbuf pins.
//  - window() = limit - everything charged (readable + OOO), never negative,
//    at most kMaxWindow: what the TCP layer may offer now.
//  - receive_space() = limit - the readable queue's charge (>= window()):
//    the sequence space beyond RCV.NXT that incoming bytes may occupy; bytes
//    beyond it are trimmed. It does not subtract OOO data because OOO bytes
//    lie inside that space: subtracting them would trim bytes we advertised
//    before they arrived (one lost segment would cost half the flight).
//  - Memory check: a segment's new bytes (those outside held ranges) are
//    estimated at max(new bytes, kMinMbufCharge x pieces); OOO bytes whose
//    estimate would take the total past the limit are refused (dropped).
//    In-order bytes are never refused for memory: the highest OOO ranges
//    are discarded first to make room (reneging, RFC 2018 §8; Linux's
//    tcp_prune_ofo_queue), reported as InsertResult::reneged.
//    For full-sized segments the check never fires: new bytes all lie within
//    receive_space(). The total charge exceeds the limit only by the
//    overhead of one segment (its mbuf segments and pieces).
//  - Small payloads (<= kCollapseMaxBytes) appended behind a direct,
//    unshared, single-segment mbuf with enough tailroom are copied into it
//    and their own mbuf freed ("collapse", Linux's tcp_try_coalesce), in the
//    readable queue and at the back of an OOO range.
//  - At most kMaxOooRanges distinct OOO ranges: a segment that would open
//    another is refused (dropped) whole.
//
// Invariants:
//  - OOO ranges are sorted by sequence, pairwise disjoint and non-adjacent,
//    and lie in (RCV.NXT, RCV.NXT + kMaxWindow]: none starts at RCV.NXT (it
//    would have been moved to the readable queue). They are ordered by their
//    forward distance from RCV.NXT, never by raw uint32 comparison, so the
//    order survives sequence-number wrap.
//  - Each range's chunks are contiguous and in order; their lengths sum to
//    the range's length. Data already held wins: new bytes only fill gaps.
//  - A chunk references an mbuf chain with off/len inside its pkt_len; one
//    chain may back several OOO chunks (refcnt raised once per extra
//    reference). Leading/trailing segments a private chain no longer needs
//    are freed. Every mbuf reference taken is released exactly once (read,
//    collapse, clear or destruction).
//  - readable() + out_of_order_bytes() are the bytes held; charged_bytes()
//    (= readable charge + OOO charge) and mbuf_count() are the sums over
//    chunks (a shared chain counts once per chunk: conservative).
#pragma once

#include <sluice/stack/tcp/seq.hpp>
#include <sluice/stack/wire/address.hpp>
#include <sluice/stack/wire/tcp.hpp>

#include <rte_mbuf.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace sluice::stack {

/// What a held mbuf segment is charged against the limit at the least.
inline constexpr std::size_t kMinMbufCharge = 256;
/// Payloads up to this size are copied into the previous mbuf when it has room.
inline constexpr std::uint32_t kCollapseMaxBytes = 512;
/// The most distinct out-of-order ranges kept (the SACK scoreboard's order of size).
inline constexpr std::size_t kMaxOooRanges = 64;
/// The largest window offered: RFC 7323 §2.3's 65535 << 14, rounded up.
inline constexpr std::uint32_t kMaxWindow = 1u << 30;

class TcpReceiveBuffer {
public:
    explicit TcpReceiveBuffer(std::size_t limit_bytes) : limit_(limit_bytes) {}
    ~TcpReceiveBuffer() { clear(); }
    TcpReceiveBuffer(const TcpReceiveBuffer&) = delete;
    TcpReceiveBuffer& operator=(const TcpReceiveBuffer&) = delete;

    /// Sets RCV.NXT (IRS + 1 after the SYN) and frees anything held.
    void init(SeqNum rcv_nxt);
    /// Changes SO_RCVBUF; data already held stays (window() may read 0).
    void set_limit(std::size_t limit_bytes) { limit_ = limit_bytes; }
    SeqNum next() const { return rcv_nxt_; }

    struct InsertResult {
        std::uint32_t advanced = 0;  ///< RCV.NXT moved by
        bool out_of_order = false;   ///< new bytes stored beyond RCV.NXT
        bool duplicate = false;      ///< nothing new (all bytes already held)
        bool dropped = false;        ///< refused for memory/range limits
        std::uint32_t reneged = 0;   ///< OOO bytes discarded to make room (RFC 2018 §8)
    };

    /// Offers payload `m` (pkt_len bytes, possibly chained) whose first byte
    /// is `seq`; takes ownership. Bytes before RCV.NXT are trimmed (already
    /// held), bytes beyond RCV.NXT + receive_space() are trimmed (never
    /// offered); in-order bytes join the readable queue and pull in the OOO
    /// range that now continues them; OOO bytes fill only the gaps between
    /// held ranges (held data wins). Nothing left after trimming: duplicate
    /// (all before RCV.NXT or held) or dropped (all beyond the space). An
    /// empty payload is freed and reports nothing.
    InsertResult insert(SeqNum seq, rte_mbuf* m);

    /// Bytes an application read would get.
    std::size_t readable() const { return readable_bytes_; }
    /// Copies up to out.size() readable bytes; unless peek, consumes them.
    std::size_t read(wire::MutableBytes out, bool peek);
    std::size_t out_of_order_bytes() const { return ooo_bytes_; }
    std::size_t out_of_order_ranges() const { return ranges_.size(); }

    /// Receive window we may offer now: limit minus charged, never negative.
    std::uint32_t window() const;
    /// Sequence space beyond RCV.NXT that insert() keeps bytes in (>= window()).
    std::uint32_t receive_space() const;
    std::size_t charged_bytes() const { return readable_charged_ + ooo_charged_; }
    std::size_t limit() const { return limit_; }

    /// RFC 2018 §4: up to out.size() SACK blocks (left, right as sequence
    /// numbers), the block holding the most recently received OOO segment
    /// first (a duplicate inside a block counts as received into it), then
    /// the others in most-recently-updated order; returns the count.
    std::size_t sack_blocks(std::span<wire::TcpSackBlock> out) const;

    /// mbuf segments held (engine-wide accounting); it changes on insert,
    /// read, clear and set-up only.
    std::size_t mbuf_count() const { return mbufs_; }

    /// Frees everything held; RCV.NXT stays.
    void clear();

private:
    /// len bytes at offset off of the chain m.
    struct Chunk {
        rte_mbuf* m = nullptr;
        std::uint32_t off = 0;
        std::uint32_t len = 0;
    };
    /// An OOO range [begin, end) and the chunks holding it.
    struct Range {
        SeqNum begin;
        SeqNum end;
        std::deque<Chunk> chunks;
        std::uint64_t stamp = 0;  ///< when last received into (SACK order)
    };
    /// A trimmed incoming segment: its bytes [seq, seq + chunk.len).
    struct Segment {
        Chunk chunk;
        SeqNum seq;
        SeqNum end() const { return seq + chunk.len; }
    };
    enum class Trim { keep, empty, duplicate, beyond_window };
    /// The stretches of a segment outside the ranges it touches.
    struct Gaps {
        std::size_t count = 0;
        std::uint32_t bytes = 0;
        /// What storing them will be charged at the least.
        std::size_t charge() const { return std::max<std::size_t>(bytes, count * kMinMbufCharge); }
    };

    Trim trim(SeqNum seq, rte_mbuf* m, Segment& out) const;
    InsertResult store(const Segment& seg);
    bool store_in_ranges(const Segment& seg, InsertResult& result);
    std::uint32_t offset(SeqNum s) const { return seq_distance(rcv_nxt_, s); }
    std::size_t first_touched(SeqNum s) const;
    std::size_t end_touched(SeqNum e) const;
    Gaps gaps(const Segment& seg, std::size_t i, std::size_t j) const;
    bool fits(std::size_t charge) const { return charged_bytes() + charge <= limit_; }
    std::uint32_t make_room(const Segment& seg);
    void append_in_order(const Segment& seg);
    void open_range(const Segment& seg, std::size_t at);
    void merge(const Segment& seg, std::size_t i, std::size_t j, std::size_t refs);
    void drain_front_range();
    Chunk piece(const Segment& seg, SeqNum a, SeqNum b);
    void push_back_collapsing(std::deque<Chunk>& q, Chunk c, std::size_t& charged);
    bool collapse_into(Chunk& tail, const Chunk& c, std::size_t& charged);
    void consume(std::size_t n);
    void release_range(const Range& r);

    static std::size_t charge_of(const Chunk& c);
    void hold(Chunk& c, std::size_t& charged);
    void unhold(const Chunk& c, std::size_t& charged);
    void release(const Chunk& c, std::size_t& charged);

    std::size_t limit_;
    SeqNum rcv_nxt_{};
    std::deque<Chunk> readable_;
    std::vector<Range> ranges_;
    std::size_t readable_bytes_ = 0;
    std::size_t ooo_bytes_ = 0;
    std::size_t readable_charged_ = 0;
    std::size_t ooo_charged_ = 0;
    std::size_t mbufs_ = 0;
    std::uint64_t clock_ = 0;
};

}  // namespace sluice::stack
