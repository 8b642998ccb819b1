// Hand-built Ethernet frames for the nic tests: a recognisable, seeded byte
// pattern behind an Ethernet header, and byte-level comparison helpers.
//
// Invariant: make_frame() fills every byte of the frame (no uninitialised
// data), so "byte-identical on the other side" is a real check.
#pragma once

#include <rte_ether.h>
#include <rte_mbuf.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace sluice::test {

/// EtherType for local experiments (IEEE 802 local experimental 1).
inline constexpr std::uint16_t kTestEtherType = 0x88B5;

/// The payload byte at `index` of a frame made with `seed`.
inline std::uint8_t pattern_byte(std::uint32_t seed, std::size_t index) {
    return static_cast<std::uint8_t>((seed * 131u + index * 7u + (index >> 8)) & 0xff);
}

/// A frame of `length` bytes (>= 14) from `pool`: Ethernet header, then the
/// seeded pattern. Throws if the pool is empty or the frame does not fit.
inline rte_mbuf* make_frame(rte_mempool* pool, const rte_ether_addr& dst,
                            const rte_ether_addr& src, std::uint16_t length,
                            std::uint32_t seed) {
    rte_mbuf* frame = rte_pktmbuf_alloc(pool);
    if (frame == nullptr) {
        throw std::runtime_error("make_frame: pool empty");
    }
    char* data = rte_pktmbuf_append(frame, length);
    if (data == nullptr || length < RTE_ETHER_HDR_LEN) {
        rte_pktmbuf_free(frame);
        throw std::runtime_error("make_frame: bad length");
    }
    rte_ether_hdr header{};
    header.dst_addr = dst;
    header.src_addr = src;
    header.ether_type = rte_cpu_to_be_16(kTestEtherType);
    auto* bytes = reinterpret_cast<std::uint8_t*>(data);
    std::memcpy(bytes, &header, sizeof(header));
    for (std::size_t i = sizeof(header); i < length; ++i) {
        bytes[i] = pattern_byte(seed, i);
    }
    return frame;
}

/// All bytes of a (possibly chained) frame.
inline std::vector<std::uint8_t> frame_bytes(const rte_mbuf* frame) {
    std::vector<std::uint8_t> bytes(rte_pktmbuf_pkt_len(frame));
    const void* data = rte_pktmbuf_read(frame, 0, static_cast<std::uint32_t>(bytes.size()),
                                        bytes.data());
    if (data != bytes.data()) {
        std::memcpy(bytes.data(), data, bytes.size());
    }
    return bytes;
}

/// Frame lengths that cover the minimum, odd sizes and the full 1514.
inline std::uint16_t test_length(std::size_t i) {
    static constexpr std::uint16_t lengths[] = {60, 61, 64, 127, 128, 255, 511, 1000, 1513, 1514};
    return lengths[i % (sizeof(lengths) / sizeof(lengths[0]))];
}

}  // namespace sluice::test
