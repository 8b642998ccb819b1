// ImpairingDevice (the fault-injecting Device decorator). See impair.hpp for
// the rules; the text parser is in impair_parse.cpp.
//
// Invariants:
//  - Every frame of an impaired lane is, after each call, in exactly one
//    place: freed, handed on (caller on RX, inner device on TX), in `held`
//    (the reorder heap, at most hold_capacity) or in `ready` (released or
//    judged, waiting to be handed on; capacity hold_capacity + 2 * kChunk,
//    which the call structure never exceeds: new frames are judged only when
//    `ready` is empty, at most kChunk at a time, two frames each).
//  - Released held frames go out before frames judged later in the same call.
//  - rx_burst also releases due TX frames (and retries waiting ones), so held
//    TX frames leave on time while the engine has nothing new to send.
#include "sluice/nic/impair.hpp"

#include <rte_cycles.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace sluice::nic {
namespace {

constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;

std::uint64_t tsc_now_ns() {
    const std::uint64_t cycles = rte_get_tsc_cycles();
    const std::uint64_t hz = rte_get_tsc_hz();
    return cycles / hz * kNanosPerSecond + cycles % hz * kNanosPerSecond / hz;
}

bool later(const auto& left, const auto& right) {  // heap order: earliest on top
    return left.due != right.due ? left.due > right.due : left.sequence > right.sequence;
}

DeviceCapabilities impaired_capabilities(DeviceCapabilities caps, const ImpairConfig& config) {
    if (config.corrupt <= 0) {
        return caps;
    }
    if (config.direction != ImpairDirection::rx) {
        caps.tx_ipv4_checksum = caps.tx_udp_checksum = caps.tx_tcp_checksum = false;
        caps.tx_tso = false;
    }
    if (config.direction != ImpairDirection::tx) {
        caps.rx_ipv4_checksum = caps.rx_l4_checksum = false;
    }
    return caps;
}

/// The byte at `offset` of a (possibly chained) frame; offset < pkt_len.
std::uint8_t* byte_at(rte_mbuf* frame, std::uint32_t offset) {
    rte_mbuf* segment = frame;
    while (offset >= segment->data_len) {
        offset -= segment->data_len;
        segment = segment->next;
    }
    return rte_pktmbuf_mtod_offset(segment, std::uint8_t*, offset);
}

}  // namespace

std::uint64_t ImpairingDevice::Rng::next() {  // splitmix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

bool ImpairingDevice::Rng::chance(double probability) {
    // 53 random bits as a double in [0, 1): portable, unlike std distributions.
    return static_cast<double>(next() >> 11) * 0x1.0p-53 < probability;
}

bool ImpairingDevice::Fifo::push(rte_mbuf* frame) {
    if (size_ == slots_.size()) {
        return false;
    }
    slots_[(head_ + size_) % slots_.size()] = frame;
    ++size_;
    return true;
}

void ImpairingDevice::Fifo::unpop(rte_mbuf* frame) {  // room: a pop came before
    head_ = (head_ + slots_.size() - 1) % slots_.size();
    slots_[head_] = frame;
    ++size_;
}

void ImpairingDevice::Fifo::pop() {
    head_ = (head_ + 1) % slots_.size();
    --size_;
}

ImpairingDevice::Lane::Lane(bool is_active, std::uint64_t seed, std::size_t capacity)
    : active(is_active),
      loss{seed},
      duplicate{loss.next()},
      corrupt{loss.next()},
      reorder{loss.next()},
      ready(capacity + 2 * kChunk) {
    loss.state = loss.next();
    held.reserve(capacity);
}

namespace {

std::uint64_t lane_seed(std::uint64_t seed, unsigned lane) {
    std::uint64_t z = seed + (lane + 1) * 0xD1B54A32D192ED03ull;
    z = (z ^ (z >> 32)) * 0xD6E8FEB86659FD93ull;
    return z ^ (z >> 32);
}

}  // namespace

ImpairingDevice::ImpairingDevice(Device& inner, const ImpairConfig& config, Clock now_ns)
    : inner_(inner),
      config_((validate(config), config)),
      now_ns_(now_ns ? std::move(now_ns) : Clock(tsc_now_ns)),
      caps_(impaired_capabilities(inner.capabilities(), config)),
      rx_(config.direction != ImpairDirection::tx, lane_seed(config.seed, 0), config.hold_capacity),
      tx_(config.direction != ImpairDirection::rx, lane_seed(config.seed, 1), config.hold_capacity) {}

ImpairingDevice::~ImpairingDevice() {
    free_lane(rx_);
    free_lane(tx_);
}

void ImpairingDevice::free_lane(Lane& lane) {
    for (const Held& entry : lane.held) {
        rte_pktmbuf_free(entry.frame);
    }
    lane.held.clear();
    for (; !lane.ready.empty(); lane.ready.pop()) {
        rte_pktmbuf_free(lane.ready.front());
    }
}

void ImpairingDevice::judge(Lane& lane, rte_mbuf* frame) {
    ++lane.counters.frames;
    if (lane.loss.chance(config_.loss)) {
        ++lane.counters.dropped;
        rte_pktmbuf_free(frame);
        return;
    }
    rte_mbuf* copy = lane.duplicate.chance(config_.duplicate) ? duplicate(lane, frame) : nullptr;
    if (lane.corrupt.chance(config_.corrupt)) {
        frame = corrupt(lane, frame);
        if (frame == nullptr) {
            if (copy != nullptr) emit(lane, copy, nullptr);
            return;
        }
    }
    if (lane.reorder.chance(config_.reorder)) {
        const std::uint64_t due = now_ns_() + reorder_delay(lane);
        hold(lane, frame, due);
        if (copy != nullptr) {
            hold(lane, copy, due);
        }
        return;
    }
    emit(lane, frame, copy);
}

void ImpairingDevice::emit(Lane& lane, rte_mbuf* frame, rte_mbuf* copy) {
    for (rte_mbuf* out : {frame, copy}) {
        if (out != nullptr && !lane.ready.push(out)) {
            ++lane.counters.overflow_drops;  // unreachable by construction
            rte_pktmbuf_free(out);
        }
    }
}

void ImpairingDevice::hold(Lane& lane, rte_mbuf* frame, std::uint64_t due) {
    if (lane.held.size() >= config_.hold_capacity) {
        ++lane.counters.overflow_drops;
        rte_pktmbuf_free(frame);
        return;
    }
    ++lane.counters.delayed;
    lane.held.push_back(Held{due, lane.sequence++, frame});
    std::push_heap(lane.held.begin(), lane.held.end(), later<Held, Held>);
}

rte_mbuf* ImpairingDevice::duplicate(Lane& lane, rte_mbuf* frame) {
    rte_mempool* pool = inner_.tx_pool();
    rte_mbuf* copy = pool != nullptr ? rte_pktmbuf_copy(frame, pool, 0, UINT32_MAX) : nullptr;
    ++(copy != nullptr ? lane.counters.duplicated : lane.counters.duplicate_failures);
    return copy;
}

namespace {

/// Whether any segment's data is shared with another mbuf (an indirect mbuf
/// over a sender's buffer, or a reference still held elsewhere).
bool shares_data(const rte_mbuf* frame) {
    for (const rte_mbuf* m = frame; m != nullptr; m = m->next) {
        if (RTE_MBUF_CLONED(m) || RTE_MBUF_HAS_EXTBUF(m) || rte_mbuf_refcnt_read(m) != 1) return true;
    }
    return false;
}

}  // namespace

rte_mbuf* ImpairingDevice::corrupt(Lane& lane, rte_mbuf* frame) {
    const std::uint32_t length = rte_pktmbuf_pkt_len(frame);
    if (length <= RTE_ETHER_HDR_LEN) {
        return frame;  // nothing after the Ethernet header
    }
    // A wire flips bits in flight, not in the sender's memory: a frame whose
    // data is shared (a zero-copy TCP segment over its send buffer) is
    // copied first, or the "corruption" would poison every retransmission.
    if (shares_data(frame)) {
        rte_mempool* pool = inner_.tx_pool();
        rte_mbuf* copy = pool != nullptr ? rte_pktmbuf_copy(frame, pool, 0, UINT32_MAX) : nullptr;
        rte_pktmbuf_free(frame);
        if (copy == nullptr) {
            ++lane.counters.dropped;  // no private copy to damage: lost instead
            return nullptr;
        }
        frame = copy;
    }
    const std::uint64_t draw = lane.corrupt.next();
    const auto offset =
        static_cast<std::uint32_t>(RTE_ETHER_HDR_LEN + draw % (length - RTE_ETHER_HDR_LEN));
    *byte_at(frame, offset) ^= static_cast<std::uint8_t>(1u << (draw >> 61));
    // A checksum verdict made before the corruption no longer holds.
    frame->ol_flags &= ~(RTE_MBUF_F_RX_IP_CKSUM_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK);
    ++lane.counters.corrupted;
    return frame;
}

std::uint64_t ImpairingDevice::reorder_delay(Lane& lane) {
    const auto low = static_cast<std::uint64_t>(config_.reorder_delay_min.count());
    const auto high = static_cast<std::uint64_t>(config_.reorder_delay_max.count());
    return low + lane.reorder.next() % (high - low + 1);
}

void ImpairingDevice::release_due(Lane& lane) {
    if (lane.held.empty()) {
        return;
    }
    const std::uint64_t now = now_ns_();
    while (!lane.held.empty() && lane.held.front().due <= now) {
        std::pop_heap(lane.held.begin(), lane.held.end(), later<Held, Held>);
        ++lane.counters.released;
        emit(lane, lane.held.back().frame, nullptr);
        lane.held.pop_back();
    }
}

std::uint16_t ImpairingDevice::pop_ready(rte_mbuf** frames, std::uint16_t count) {
    std::uint16_t n = 0;
    for (; n < count && !rx_.ready.empty(); ++n) {
        frames[n] = rx_.ready.front();
        rx_.ready.pop();
    }
    return n;
}

std::uint16_t ImpairingDevice::rx_burst(rte_mbuf** frames, std::uint16_t count) {
    if (tx_.active) {  // engines poll RX all the time; TX may be idle
        release_due(tx_);
        flush_tx();
    }
    if (!rx_.active) {
        return inner_.rx_burst(frames, count);
    }
    release_due(rx_);
    std::uint16_t out = pop_ready(frames, count);
    if (out < count) {  // `ready` is empty now
        rte_mbuf* burst[kChunk];
        const std::uint16_t received =
            inner_.rx_burst(burst, std::min<std::uint16_t>(kChunk, count - out));
        for (std::uint16_t i = 0; i < received; ++i) {
            judge(rx_, burst[i]);
        }
        out = static_cast<std::uint16_t>(out + pop_ready(frames + out, count - out));
    }
    return out;
}

void ImpairingDevice::flush_tx() {
    rte_mbuf* batch[kChunk];
    while (!tx_.ready.empty()) {
        std::uint16_t n = 0;
        for (; n < kChunk && n < tx_.ready.size(); ++n) {
            batch[n] = tx_.ready.front();
            tx_.ready.pop();
        }
        const std::uint16_t taken = inner_.tx_burst(batch, n);
        if (taken < n) {  // put the refused ones back at the front, in order
            for (auto i = n; i > taken; --i) tx_.ready.unpop(batch[i - 1]);
            return;
        }
    }
}

std::uint16_t ImpairingDevice::tx_burst(rte_mbuf** frames, std::uint16_t count) {
    if (!tx_.active) {
        return inner_.tx_burst(frames, count);
    }
    release_due(tx_);
    flush_tx();
    std::uint16_t taken = 0;
    while (taken < count && tx_.ready.empty()) {
        const auto chunk = std::min<std::uint16_t>(kChunk, count - taken);
        for (std::uint16_t i = 0; i < chunk; ++i) {
            judge(tx_, frames[taken + i]);
        }
        taken = static_cast<std::uint16_t>(taken + chunk);
        flush_tx();
    }
    return taken;
}

}  // namespace sluice::nic
