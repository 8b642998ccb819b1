// TcpSendBuffer: the bytes of one TCP connection from SND.UNA onward (sent but
// unacknowledged, then not yet sent), held in mbufs so that segments can be
// transmitted without copying them again.
//
// What it is for: send() copies the application's bytes in once (append);
// the sender transmits any range of them as a chain of indirect mbufs over
// the stored buffers (slice), or copies it for devices that take no chains
// (copy_out); acknowledgements forget bytes from the front (consume).
//
// Storage: a FIFO of "data mbufs": direct, single-segment mbufs from the
// pool given at construction, used as plain byte stores (data_off starts at
// 0, so the whole data room holds data; the headers of a segment go in front
// of the slice's chain, never here).
//
// Invariants:
//  - Offset 0 is the first unacknowledged byte; size() is the sum of the
//    data mbufs' data_len and the FIFO holds no empty data mbuf.
//  - Every FIFO entry records the stream position (bytes appended since
//    construction, 64-bit, never wraps in practice) of its first held byte;
//    positions are contiguous: an entry ends where the next begins and the
//    last ends at stream position front + size(). This prefix-sum index lets
//    slice() and copy_out() find the data mbuf holding any offset by binary
//    search, O(log mbuf_count()), with no cache to invalidate on append or
//    consume; an offset in the tail mbuf (new data, the common case) is
//    found in O(1) before searching.
//  - A data mbuf is freed only when it leaves the FIFO (consume or
//    destruction); rte_pktmbuf_free then drops this buffer's reference, and
//    the buffer itself lives on while slices (indirect mbufs) still attach
//    to it. Slices see their own data_off/data_len, so later append() into
//    the tail's tailroom or consume() adjusting the front mbuf never changes
//    the bytes a slice shows.
//  - size() may exceed limit() only after set_limit() shrank the limit;
//    append() then takes nothing until consume() brings size() below it.
#pragma once

#include <sluice/stack/wire/address.hpp>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstddef>
#include <cstdint>
#include <deque>

namespace sluice::stack {

class TcpSendBuffer {
public:
    /// `pool` provides the data mbufs; `limit_bytes` is SO_SNDBUF.
    TcpSendBuffer(rte_mempool* pool, std::size_t limit_bytes);
    ~TcpSendBuffer();
    TcpSendBuffer(const TcpSendBuffer&) = delete;
    TcpSendBuffer& operator=(const TcpSendBuffer&) = delete;

    /// SO_SNDBUF; may shrink below size() (space() is then 0).
    void set_limit(std::size_t limit_bytes) { limit_ = limit_bytes; }
    std::size_t limit() const { return limit_; }
    /// Bytes held (from SND.UNA).
    std::size_t size() const { return size_; }
    /// limit() - size(), 0 when size() >= limit().
    std::size_t space() const { return size_ >= limit_ ? 0 : limit_ - size_; }
    bool empty() const { return size_ == 0; }
    /// Data mbufs held (for engine-wide accounting).
    std::size_t mbuf_count() const { return fifo_.size(); }

    /// Copies up to min(data.size(), space()) bytes in, filling the tail data
    /// mbuf's tailroom before allocating new ones. Returns the bytes taken:
    /// fewer than asked when the pool runs dry (what was copied stays).
    std::size_t append(wire::Bytes data);

    /// Forgets the first `n` bytes (acknowledged). Precondition n <= size().
    void consume(std::size_t n);

    /// A chain of indirect mbufs from `indirect_pool` showing exactly `len`
    /// bytes (len >= 1) from `offset`, with pkt_len == len and nb_segs set;
    /// the caller owns it. nullptr, with nothing leaked, when
    /// `indirect_pool` runs out. Preconditions: offset + len <= size(), and
    /// the range spans at most 65535 data mbufs (nb_segs is 16 bits; a
    /// 64 KiB TSO segment spans about 32). Headers go in a direct mbuf
    /// chained in front: never rte_pktmbuf_prepend() into a slice, whose
    /// headroom is the stored bytes before it. len == 0 gives nullptr.
    rte_mbuf* slice(std::size_t offset, std::size_t len, rte_mempool* indirect_pool) const;

    /// Copies `len` bytes from `offset` into `out` (for devices that cannot
    /// take chains). Precondition offset + len <= size().
    void copy_out(std::size_t offset, std::size_t len, std::uint8_t* out) const;

private:
    /// One data mbuf and the stream position of its first held byte.
    struct Entry {
        rte_mbuf* mbuf;
        std::uint64_t start;
    };
    /// Where an offset lies: the FIFO index and the byte within that mbuf.
    struct Location {
        std::size_t index;
        std::size_t skip;
    };

    Location locate(std::size_t offset) const;
    std::size_t fill_tail(wire::Bytes data);
    rte_mbuf* new_data_mbuf();
    static std::size_t held(const Entry& entry) { return rte_pktmbuf_data_len(entry.mbuf); }
    static rte_mbuf* view(const Entry& entry, std::size_t skip, std::size_t len, rte_mempool* indirect_pool);

    rte_mempool* pool_;
    std::size_t limit_;
    std::size_t size_ = 0;
    std::uint64_t front_position_ = 0;  ///< stream position of offset 0
    std::deque<Entry> fifo_;
};

}  // namespace sluice::stack
