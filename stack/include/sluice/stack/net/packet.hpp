// Small helpers over rte_mbuf for the stack's layers.
//
// The stack keeps packets as single-segment mbufs (scatter RX is not
// enabled; multi-segment frames are dropped on entry). A layer "enters" its
// header by trimming what is in front of it (rte_pktmbuf_adj) and leaves
// output headers by prepending into headroom (rte_pktmbuf_prepend): no copies.
#pragma once

#include <sluice/stack/wire/address.hpp>
#include <sluice/stack/wire/checksum.hpp>

#include <rte_byteorder.h>

#include <rte_mbuf.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sluice::stack {

/// The packet's bytes from the current data offset (single segment).
inline wire::Bytes packet_bytes(const rte_mbuf* m) {
    return {rte_pktmbuf_mtod(m, const std::uint8_t*), rte_pktmbuf_data_len(m)};
}

inline wire::MutableBytes packet_bytes_mut(rte_mbuf* m) {
    return {rte_pktmbuf_mtod(m, std::uint8_t*), rte_pktmbuf_data_len(m)};
}

/// Prepends `len` bytes; returns them, or an empty span if headroom is short.
inline wire::MutableBytes prepend_header(rte_mbuf* m, std::size_t len) {
    char* start = rte_pktmbuf_prepend(m, static_cast<std::uint16_t>(len));
    if (start == nullptr) return {};
    return {reinterpret_cast<std::uint8_t*>(start), len};
}

/// Forgets RX offload results (and any stale TX requests) before a received
/// mbuf is reused for transmission. Keeps the flags that describe the buffer
/// itself (external/indirect), which rte_pktmbuf_free relies on.
inline void reset_offload_flags(rte_mbuf* m) {
    m->ol_flags &= (RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT);
}

/// Copies `len` bytes at `offset` of a (possibly chained) packet to `out`.
/// Precondition: offset + len <= pkt_len.
inline void copy_out(const rte_mbuf* m, std::uint32_t offset, std::uint32_t len, std::uint8_t* out) {
    // rte_pktmbuf_read returns a pointer into the mbuf, without copying, when
    // the range is contiguous.
    const void* src = rte_pktmbuf_read(m, offset, len, out);
    if (src != out && len != 0) std::memcpy(out, src, len);
}

/// The RFC 1071 partial sum (as wire::checksum_partial: big-endian words,
/// folded to 16 bits) of `len` bytes at `offset` of a possibly chained packet,
/// for segments of any length: a piece that starts at an odd position of the
/// packet has its sum byte-swapped (RFC 1071 §2(B)). DPDK 22.11's
/// rte_raw_cksum_mbuf gets that case wrong (it truncates the unfolded sum
/// before swapping), which zero-copy TCP segments hit. Precondition:
/// offset + len <= pkt_len.
inline std::uint32_t packet_checksum_partial(const rte_mbuf* m, std::uint32_t offset, std::uint32_t len) {
    while (m != nullptr && offset >= m->data_len) {
        offset -= m->data_len;
        m = m->next;
    }
    std::uint64_t sum = 0;
    std::uint32_t done = 0;
    for (; m != nullptr && done < len; m = m->next, offset = 0) {
        const std::uint32_t piece = std::min<std::uint32_t>(m->data_len - offset, len - done);
        std::uint32_t part = wire::checksum_partial({rte_pktmbuf_mtod_offset(m, const std::uint8_t*, offset), piece});
        if (done & 1) part = rte_bswap16(static_cast<std::uint16_t>(part));
        sum += part;
        done += piece;
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint32_t>(sum);
}

/// A packet holding a copy of `data`, chained over as many segments as it
/// needs, with the pool's headroom in front for the headers. nullptr (and
/// nothing leaked) when the pool runs out.
inline rte_mbuf* packet_from_bytes(rte_mempool* pool, wire::Bytes data) {
    rte_mbuf* head = rte_pktmbuf_alloc(pool);
    if (head == nullptr) return nullptr;
    rte_mbuf* tail = head;
    std::size_t done = 0;
    for (;;) {
        const std::size_t room = rte_pktmbuf_tailroom(tail);
        const std::size_t chunk = std::min(room, data.size() - done);
        // Append through the head: it fills the last segment and keeps the
        // head's pkt_len right (appending to `tail` itself would not).
        if (chunk != 0) std::memcpy(rte_pktmbuf_append(head, static_cast<std::uint16_t>(chunk)), data.data() + done, chunk);
        done += chunk;
        if (done == data.size()) return head;
        rte_mbuf* next = rte_pktmbuf_alloc(pool);
        if (next == nullptr || rte_pktmbuf_chain(head, next) != 0) {
            rte_pktmbuf_free(next);
            rte_pktmbuf_free(head);
            return nullptr;
        }
        tail = next;
    }
}

/// Allocates a packet with `len` bytes of data reserved after the headroom.
/// Returns nullptr when the pool is exhausted.
inline rte_mbuf* alloc_packet(rte_mempool* pool, std::size_t len) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    if (m == nullptr) return nullptr;
    if (rte_pktmbuf_append(m, static_cast<std::uint16_t>(len)) == nullptr) {
        rte_pktmbuf_free(m);
        return nullptr;
    }
    return m;
}

}  // namespace sluice::stack
