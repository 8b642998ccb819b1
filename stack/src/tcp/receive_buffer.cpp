// TcpReceiveBuffer: RFC 9293 §3.10.7.4 segment text processing (trim, queue
// in order, reassemble out of order), RFC 2018 §4 SACK block generation and
// the memory-charged receive window. Invariants: receive_buffer.hpp.
#include <sluice/stack/tcp/receive_buffer.hpp>

#include <sluice/stack/net/packet.hpp>

#include <algorithm>
#include <array>
#include <numeric>

namespace sluice::stack {

namespace {

/// Frees the leading segments of a private chain that hold only bytes
/// before `off` (they will never be read).
void drop_leading_segments(rte_mbuf*& m, std::uint32_t& off) {
    while (m->nb_segs > 1 && off >= m->data_len) {
        rte_mbuf* head = m;
        rte_mbuf* next = head->next;
        next->pkt_len = head->pkt_len - head->data_len;
        next->nb_segs = static_cast<std::uint16_t>(head->nb_segs - 1);
        off -= head->data_len;
        head->next = nullptr;
        head->nb_segs = 1;
        head->pkt_len = head->data_len;
        rte_pktmbuf_free(head);
        m = next;
    }
}

/// Frees the trailing segments of a private chain that hold only bytes at
/// or after `end` (off + len of the chunk).
void drop_trailing_segments(rte_mbuf* m, std::uint32_t end) {
    rte_mbuf* seg = m;
    std::uint32_t seen = seg->data_len;
    std::uint16_t count = 1;
    while (seen < end) {
        seg = seg->next;
        seen += seg->data_len;
        ++count;
    }
    rte_mbuf* rest = seg->next;
    if (rest == nullptr) return;
    rest->nb_segs = static_cast<std::uint16_t>(m->nb_segs - count);  // a well-formed chain to free
    rest->pkt_len = m->pkt_len - seen;
    rte_pktmbuf_free(rest);
    seg->next = nullptr;
    m->nb_segs = count;
    m->pkt_len = seen;
}

}  // namespace

void TcpReceiveBuffer::init(SeqNum rcv_nxt) {
    clear();
    rcv_nxt_ = rcv_nxt;
}

void TcpReceiveBuffer::clear() {
    for (const Chunk& c : readable_) release(c, readable_charged_);
    for (const Range& r : ranges_) release_range(r);
    readable_.clear();
    ranges_.clear();
    readable_bytes_ = 0;
    ooo_bytes_ = 0;
}

std::uint32_t TcpReceiveBuffer::window() const {
    const std::size_t charged = charged_bytes();
    if (charged >= limit_) return 0;
    return static_cast<std::uint32_t>(std::min<std::size_t>(limit_ - charged, kMaxWindow));
}

std::uint32_t TcpReceiveBuffer::receive_space() const {
    if (readable_charged_ >= limit_) return 0;
    return static_cast<std::uint32_t>(std::min<std::size_t>(limit_ - readable_charged_, kMaxWindow));
}

// ---- insertion ------------------------------------------------------------

TcpReceiveBuffer::InsertResult TcpReceiveBuffer::insert(SeqNum seq, rte_mbuf* m) {
    InsertResult result;
    Segment seg;
    const Trim t = rte_pktmbuf_pkt_len(m) == 0 ? Trim::empty : trim(seq, m, seg);
    if (t == Trim::keep) return store(seg);
    result.duplicate = t == Trim::duplicate;
    result.dropped = t == Trim::beyond_window;
    rte_pktmbuf_free(m);
    return result;
}

// RFC 9293 §3.10.7.4: "Segments with higher beginning sequence numbers may
// be held for later processing", and a segment's text is cut to the window:
// octets before RCV.NXT are already held, octets at or beyond
// RCV.NXT + receive_space() are outside what we offered.
TcpReceiveBuffer::Trim TcpReceiveBuffer::trim(SeqNum seq, rte_mbuf* m, Segment& out) const {
    const std::uint32_t len = rte_pktmbuf_pkt_len(m);
    std::uint32_t off = 0;
    if (seq_lt(seq, rcv_nxt_)) {
        off = seq_distance(seq, rcv_nxt_);
        if (off >= len) return Trim::duplicate;
    }
    const SeqNum start = seq + off;
    const std::uint32_t room = receive_space();
    const std::uint32_t at = offset(start);
    if (at >= room) return Trim::beyond_window;
    out = {{m, off, std::min(len - off, room - at)}, start};
    return Trim::keep;
}

TcpReceiveBuffer::InsertResult TcpReceiveBuffer::store(const Segment& seg) {
    InsertResult result;
    const SeqNum before = rcv_nxt_;
    const bool in_order = seg.seq == rcv_nxt_;
    if (in_order) result.reneged = make_room(seg);
    if (!store_in_ranges(seg, result)) {
        rte_pktmbuf_free(seg.chunk.m);
        return result;
    }
    result.out_of_order = !in_order;
    drain_front_range();
    result.advanced = seq_distance(before, rcv_nxt_);
    return result;
}

/// Stores `seg` (in order, as a new OOO range or merged with the ranges it
/// touches); false, with duplicate or dropped set, when nothing was kept.
bool TcpReceiveBuffer::store_in_ranges(const Segment& seg, InsertResult& result) {
    const bool in_order = seg.seq == rcv_nxt_;
    const std::size_t i = first_touched(seg.seq);
    const std::size_t j = end_touched(seg.end());
    const Gaps g = gaps(seg, i, j);
    if (g.count == 0) {
        ranges_[i].stamp = ++clock_;  // RFC 2018 §4: its block goes first
        result.duplicate = true;
        return false;
    }
    const bool over_cap = i == j && ranges_.size() >= kMaxOooRanges;
    if (!in_order && (over_cap || !fits(g.charge()))) {
        result.dropped = true;
        return false;
    }
    if (i != j) merge(seg, i, j, g.count);
    else if (in_order) append_in_order(seg);
    else open_range(seg, i);
    return true;
}

/// The first range ending at or after s (overlapping or adjacent on the left).
std::size_t TcpReceiveBuffer::first_touched(SeqNum s) const {
    const auto it = std::partition_point(ranges_.begin(), ranges_.end(),
                                         [&](const Range& r) { return offset(r.end) < offset(s); });
    return static_cast<std::size_t>(it - ranges_.begin());
}

/// One past the last range beginning at or before e (overlapping or adjacent on the right).
std::size_t TcpReceiveBuffer::end_touched(SeqNum e) const {
    const auto it = std::partition_point(ranges_.begin(), ranges_.end(),
                                         [&](const Range& r) { return offset(r.begin) <= offset(e); });
    return static_cast<std::size_t>(it - ranges_.begin());
}

/// The stretches of `seg` outside the touched ranges [i, j).
TcpReceiveBuffer::Gaps TcpReceiveBuffer::gaps(const Segment& seg, std::size_t i, std::size_t j) const {
    Gaps g;
    SeqNum cursor = seg.seq;
    auto gap_to = [&](SeqNum to) {
        if (offset(cursor) >= offset(to)) return;
        ++g.count;
        g.bytes += seq_distance(cursor, to);
    };
    for (std::size_t k = i; k < j; ++k) {
        gap_to(seq_min(ranges_[k].begin, seg.end()));
        if (offset(ranges_[k].end) > offset(cursor)) cursor = ranges_[k].end;
    }
    gap_to(seg.end());
    return g;
}

/// In-order data is never refused for memory: discards the highest OOO
/// ranges (RFC 2018 §8 reneging) until the new bytes of `seg` fit; returns
/// the bytes discarded.
std::uint32_t TcpReceiveBuffer::make_room(const Segment& seg) {
    std::uint32_t dropped = 0;
    while (!ranges_.empty() && !fits(gaps(seg, first_touched(seg.seq), end_touched(seg.end())).charge())) {
        const Range& r = ranges_.back();
        const std::uint32_t len = seq_distance(r.begin, r.end);
        release_range(r);
        ooo_bytes_ -= len;
        dropped += len;
        ranges_.pop_back();
    }
    return dropped;
}

void TcpReceiveBuffer::append_in_order(const Segment& seg) {
    Chunk c = seg.chunk;
    hold(c, readable_charged_);
    readable_bytes_ += c.len;
    push_back_collapsing(readable_, c, readable_charged_);
    rcv_nxt_ = seg.end();
}

void TcpReceiveBuffer::open_range(const Segment& seg, std::size_t at) {
    Range r{seg.seq, seg.end(), {}, ++clock_};
    Chunk c = seg.chunk;
    hold(c, ooo_charged_);
    ooo_bytes_ += c.len;
    r.chunks.push_back(c);
    ranges_.insert(ranges_.begin() + static_cast<std::ptrdiff_t>(at), std::move(r));
}

/// Fills the `refs` gaps `seg` covers in and between the touched ranges
/// [i, j) and joins them into ranges_[i]; bytes already held win. Each gap
/// takes one reference to the segment's mbuf.
void TcpReceiveBuffer::merge(const Segment& seg, std::size_t i, std::size_t j, std::size_t refs) {
    if (refs > 1) rte_pktmbuf_refcnt_update(seg.chunk.m, static_cast<std::int16_t>(refs - 1));
    Range& target = ranges_[i];
    if (offset(seg.seq) < offset(target.begin)) {
        target.chunks.push_front(piece(seg, seg.seq, target.begin));
        target.begin = seg.seq;
    }
    for (std::size_t k = i + 1; k < j; ++k) {
        push_back_collapsing(target.chunks, piece(seg, target.end, ranges_[k].begin), ooo_charged_);
        for (const Chunk& c : ranges_[k].chunks) target.chunks.push_back(c);
        target.end = ranges_[k].end;
    }
    if (offset(target.end) < offset(seg.end())) {
        push_back_collapsing(target.chunks, piece(seg, target.end, seg.end()), ooo_charged_);
        target.end = seg.end();
    }
    target.stamp = ++clock_;
    ranges_.erase(ranges_.begin() + static_cast<std::ptrdiff_t>(i + 1), ranges_.begin() + static_cast<std::ptrdiff_t>(j));
}

/// The held chunk for [a, b) of `seg` (taking one of its references).
TcpReceiveBuffer::Chunk TcpReceiveBuffer::piece(const Segment& seg, SeqNum a, SeqNum b) {
    Chunk c{seg.chunk.m, seg.chunk.off + seq_distance(seg.seq, a), seq_distance(a, b)};
    hold(c, ooo_charged_);
    ooo_bytes_ += c.len;
    return c;
}

/// When the first range now starts at RCV.NXT, its bytes become readable.
void TcpReceiveBuffer::drain_front_range() {
    if (ranges_.empty() || ranges_.front().begin != rcv_nxt_) return;
    Range& r = ranges_.front();
    const std::uint32_t len = seq_distance(r.begin, r.end);
    for (const Chunk& c : r.chunks) {
        ooo_charged_ -= charge_of(c);
        readable_charged_ += charge_of(c);
        push_back_collapsing(readable_, c, readable_charged_);
    }
    readable_bytes_ += len;
    ooo_bytes_ -= len;
    rcv_nxt_ = r.end;
    ranges_.erase(ranges_.begin());
}

// ---- collapsing and accounting --------------------------------------------

/// Queues held chunk `c` (charged to `charged`), collapsing it when it can.
void TcpReceiveBuffer::push_back_collapsing(std::deque<Chunk>& q, Chunk c, std::size_t& charged) {
    if (!q.empty() && collapse_into(q.back(), c, charged)) return;
    q.push_back(c);
}

/// Copies small `c` behind `tail` when tail's mbuf is direct, unshared, one
/// segment, ends with tail's bytes and has the room; frees c's reference.
bool TcpReceiveBuffer::collapse_into(Chunk& tail, const Chunk& c, std::size_t& charged) {
    rte_mbuf* t = tail.m;
    if (c.len > kCollapseMaxBytes || t->nb_segs != 1 || !RTE_MBUF_DIRECT(t)) return false;
    if (rte_mbuf_refcnt_read(t) != 1 || tail.off + tail.len != t->data_len) return false;
    if (rte_pktmbuf_tailroom(t) < c.len) return false;
    unhold(tail, charged);
    char* dst = rte_pktmbuf_append(t, static_cast<std::uint16_t>(c.len));
    copy_out(c.m, c.off, c.len, reinterpret_cast<std::uint8_t*>(dst));
    tail.len += c.len;
    hold(tail, charged);
    release(c, charged);
    return true;
}

std::size_t TcpReceiveBuffer::charge_of(const Chunk& c) {
    return std::max<std::size_t>(c.len, kMinMbufCharge * c.m->nb_segs);
}

/// Charges a chunk being stored to `charged`, first freeing the segments of
/// a private chain it does not need.
void TcpReceiveBuffer::hold(Chunk& c, std::size_t& charged) {
    if (rte_mbuf_refcnt_read(c.m) == 1) {
        drop_leading_segments(c.m, c.off);
        drop_trailing_segments(c.m, c.off + c.len);
    }
    charged += charge_of(c);
    mbufs_ += c.m->nb_segs;
}

void TcpReceiveBuffer::unhold(const Chunk& c, std::size_t& charged) {
    charged -= charge_of(c);
    mbufs_ -= c.m->nb_segs;
}

void TcpReceiveBuffer::release(const Chunk& c, std::size_t& charged) {
    unhold(c, charged);
    rte_pktmbuf_free(c.m);
}

void TcpReceiveBuffer::release_range(const Range& r) {
    for (const Chunk& c : r.chunks) release(c, ooo_charged_);
}

// ---- reading ---------------------------------------------------------------

std::size_t TcpReceiveBuffer::read(wire::MutableBytes out, bool peek) {
    std::size_t n = 0;
    for (const Chunk& c : readable_) {
        if (n == out.size()) break;
        const auto take = static_cast<std::uint32_t>(std::min<std::size_t>(c.len, out.size() - n));
        copy_out(c.m, c.off, take, out.data() + n);
        n += take;
    }
    if (!peek) consume(n);
    return n;
}

void TcpReceiveBuffer::consume(std::size_t n) {
    readable_bytes_ -= n;
    while (n != 0) {
        Chunk& c = readable_.front();
        if (n >= c.len) {
            n -= c.len;
            release(c, readable_charged_);
            readable_.pop_front();
            continue;
        }
        unhold(c, readable_charged_);
        c.off += static_cast<std::uint32_t>(n);
        c.len -= static_cast<std::uint32_t>(n);
        hold(c, readable_charged_);
        n = 0;
    }
}

// ---- SACK ------------------------------------------------------------------

// RFC 2018 §4: the first block MUST hold the segment that triggered this ACK
// (unless it advanced RCV.NXT); the others SHOULD be the most recently
// reported ones, i.e. the ranges most recently received into.
std::size_t TcpReceiveBuffer::sack_blocks(std::span<wire::TcpSackBlock> out) const {
    std::array<std::size_t, kMaxOooRanges> order{};
    const std::size_t count = std::min(out.size(), ranges_.size());
    const auto all = order.begin() + static_cast<std::ptrdiff_t>(ranges_.size());
    std::iota(order.begin(), all, std::size_t{0});
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), all,
                      [&](std::size_t a, std::size_t b) { return ranges_[a].stamp > ranges_[b].stamp; });
    for (std::size_t k = 0; k < count; ++k) out[k] = {ranges_[order[k]].begin.raw(), ranges_[order[k]].end.raw()};
    return count;
}

}  // namespace sluice::stack
