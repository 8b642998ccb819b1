// The TCP send buffer: a FIFO of data mbufs from SND.UNA onward, sliced into
// indirect-mbuf chains for transmission. See send_buffer.hpp for the
// invariants (no empty data mbuf in the FIFO, contiguous stream positions,
// data mbufs freed only on leaving the FIFO).
#include <sluice/stack/tcp/send_buffer.hpp>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>

namespace sluice::stack {

TcpSendBuffer::TcpSendBuffer(rte_mempool* pool, std::size_t limit_bytes) : pool_(pool), limit_(limit_bytes) {}

TcpSendBuffer::~TcpSendBuffer() {
    for (const Entry& entry : fifo_) rte_pktmbuf_free(entry.mbuf);
}

std::size_t TcpSendBuffer::append(wire::Bytes data) {
    data = data.first(std::min(data.size(), space()));
    std::size_t taken = fill_tail(data);
    while (taken < data.size()) {
        rte_mbuf* fresh = new_data_mbuf();
        if (fresh == nullptr) break;
        fifo_.push_back({fresh, front_position_ + size_});
        taken += fill_tail(data.subspan(taken));
    }
    return taken;
}

// Copies what fits into the tail data mbuf's tailroom. Slices of the tail
// keep their own data_len, so the new bytes never show through them.
std::size_t TcpSendBuffer::fill_tail(wire::Bytes data) {
    if (fifo_.empty() || data.empty()) return 0;
    rte_mbuf* tail = fifo_.back().mbuf;
    const std::size_t chunk = std::min<std::size_t>(rte_pktmbuf_tailroom(tail), data.size());
    if (chunk == 0) return 0;
    std::memcpy(rte_pktmbuf_append(tail, static_cast<std::uint16_t>(chunk)), data.data(), chunk);
    size_ += chunk;
    return chunk;
}

// A data mbuf with its whole data room available (data_off 0), or nullptr
// when the pool is dry (or has no data room, which could never hold a byte).
rte_mbuf* TcpSendBuffer::new_data_mbuf() {
    rte_mbuf* fresh = rte_pktmbuf_alloc(pool_);
    if (fresh == nullptr) return nullptr;
    if (fresh->buf_len == 0) {
        rte_pktmbuf_free(fresh);
        return nullptr;
    }
    fresh->data_off = 0;
    return fresh;
}

void TcpSendBuffer::consume(std::size_t n) {
    assert(n <= size_);
    n = std::min(n, size_);
    size_ -= n;
    front_position_ += n;
    while (n != 0) {
        Entry& front = fifo_.front();
        const std::size_t front_len = held(front);
        if (n < front_len) {
            rte_pktmbuf_adj(front.mbuf, static_cast<std::uint16_t>(n));
            front.start += n;
            return;
        }
        rte_pktmbuf_free(front.mbuf);  // the buffer lives on while slices attach to it
        fifo_.pop_front();
        n -= front_len;
    }
}

// Binary search over the entries' start positions (the prefix-sum index),
// after an O(1) check of the tail mbuf, where new data is sent from.
// Precondition offset < size().
TcpSendBuffer::Location TcpSendBuffer::locate(std::size_t offset) const {
    assert(offset < size_);
    const std::uint64_t position = front_position_ + offset;
    const Entry& tail = fifo_.back();
    if (position >= tail.start) return {fifo_.size() - 1, static_cast<std::size_t>(position - tail.start)};
    const auto after = std::upper_bound(fifo_.begin(), fifo_.end(), position,
                                        [](std::uint64_t p, const Entry& entry) { return p < entry.start; });
    const auto at = std::prev(after);
    return {static_cast<std::size_t>(at - fifo_.begin()), static_cast<std::size_t>(position - at->start)};
}

rte_mbuf* TcpSendBuffer::slice(std::size_t offset, std::size_t len, rte_mempool* indirect_pool) const {
    assert(len >= 1 && offset + len <= size_);
    if (len == 0) return nullptr;  // no chain is empty; guards release builds
    const Location at = locate(offset);
    rte_mbuf* head = nullptr;
    rte_mbuf* last = nullptr;
    std::uint16_t segments = 0;
    std::size_t left = len;
    for (std::size_t i = at.index, skip = at.skip; left != 0; ++i, skip = 0) {
        const std::size_t part = std::min(held(fifo_[i]) - skip, left);
        rte_mbuf* segment = view(fifo_[i], skip, part, indirect_pool);
        if (segment == nullptr) {
            rte_pktmbuf_free(head);  // detaches every view made so far
            return nullptr;
        }
        if (head == nullptr) {
            head = segment;
        } else {
            last->next = segment;
        }
        last = segment;
        ++segments;
        left -= part;
    }
    head->nb_segs = segments;
    head->pkt_len = static_cast<std::uint32_t>(len);
    return head;
}

// One indirect mbuf showing `len` bytes of the entry's data mbuf from `skip`
// (relative to its current data_off), or nullptr when the pool is dry.
rte_mbuf* TcpSendBuffer::view(const Entry& entry, std::size_t skip, std::size_t len, rte_mempool* indirect_pool) {
    rte_mbuf* segment = rte_pktmbuf_alloc(indirect_pool);
    if (segment == nullptr) return nullptr;
    rte_pktmbuf_attach(segment, entry.mbuf);  // copies data_off/data_len, takes a reference
    segment->data_off = static_cast<std::uint16_t>(segment->data_off + skip);
    segment->data_len = static_cast<std::uint16_t>(len);
    segment->pkt_len = static_cast<std::uint32_t>(len);
    return segment;
}

void TcpSendBuffer::copy_out(std::size_t offset, std::size_t len, std::uint8_t* out) const {
    assert(offset + len <= size_);
    if (len == 0) return;
    const Location at = locate(offset);
    for (std::size_t i = at.index, skip = at.skip; len != 0; ++i, skip = 0) {
        const std::size_t part = std::min(held(fifo_[i]) - skip, len);
        std::memcpy(out, rte_pktmbuf_mtod_offset(fifo_[i].mbuf, const std::uint8_t*, skip), part);
        out += part;
        len -= part;
    }
}

}  // namespace sluice::stack
