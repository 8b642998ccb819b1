// ImpairingDevice: a seeded fault-injecting Device decorator (loss,
// duplication, corruption, reordering by delay) for chaos testing and the TCP
// loss tests, plus the parser of its text form, e.g.
//   "loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42,dir=both"
//
// Per frame and per impaired direction, in this order:
//   1. loss: the frame is freed (counted `dropped`).
//   2. duplicate: a copy (rte_pktmbuf_copy from the inner device's tx_pool())
//      follows the original; no mbuf -> `duplicate_failures`.
//   3. corrupt: one random bit of one random byte after the 14-byte Ethernet
//      header is flipped (the copy, made before, stays intact).
//   4. reorder: the frame (and its copy) is held until now + a uniform delay
//      in [reorder_delay_min, reorder_delay_max]; held frames are released on
//      later rx_burst/tx_burst calls once due, so later frames overtake them
//      (held TX frames leave on rx_burst calls too: an idle sender still polls
//      RX).
//      More than hold_capacity held frames -> the frame is freed
//      (`overflow_drops`).
//
// Invariants:
//  - Deterministic: the same config (seed) and the same frame sequence give
//    the same decisions. Each direction and each kind of impairment has its
//    own splitmix64 stream, so e.g. the loss pattern of a seed does not change
//    when duplication is switched on, nor RX decisions with TX traffic.
//  - Device contract: rx_burst hands over frames the caller owns; tx_burst
//    counts every frame it decided about as taken (dropped, held, or queued
//    behind a busy inner device). While frames it already took wait for the
//    inner device, tx_burst takes nothing (back-pressure is kept).
//  - Every mbuf the decorator holds is freed by its destructor.
//  - capabilities() is the inner device's, except that corruption in a
//    direction clears that direction's checksum offloads (and TSO): otherwise
//    the NIC would checksum the corrupted bytes on TX, or the stack would trust
//    a checksum verdict made before the corruption on RX.
//  - The inner device must outlive the decorator. One engine, no locking.
#pragma once

#include <sluice/nic/device.hpp>

#include <rte_mbuf.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace sluice::nic {

/// Which traffic an ImpairingDevice impairs.
enum class ImpairDirection : std::uint8_t { rx, tx, both };

/// What to do to the traffic. Probabilities are in [0, 1].
struct ImpairConfig {
    double loss = 0;
    double duplicate = 0;
    double corrupt = 0;
    double reorder = 0;
    std::chrono::nanoseconds reorder_delay_min{0};
    std::chrono::nanoseconds reorder_delay_max{0};
    std::uint64_t seed = 0;
    ImpairDirection direction = ImpairDirection::both;
    std::size_t hold_capacity = 4096;  ///< held frames per direction
};

/// Parses "loss=2%,dup=1%,corrupt=0.1%,reorder=25%:3ms-5ms,seed=42,dir=both".
/// Keys: loss, dup, corrupt, reorder, seed, dir (rx|tx|both), limit (hold
/// capacity). Probabilities are "N%" or a fraction "0.N"; a reorder delay is
/// ":D" or ":D1-D2" with units ns/us/ms/s (none: held until the next burst).
/// Omitted keys keep their defaults. Throws std::invalid_argument naming the
/// field on bad input.
ImpairConfig parse_impair_config(std::string_view text);

/// Throws std::invalid_argument naming the first invalid field.
void validate(const ImpairConfig& config);

/// What one direction of an ImpairingDevice did.
struct ImpairCounters {
    std::uint64_t frames = 0;              ///< frames judged
    std::uint64_t dropped = 0;             ///< loss
    std::uint64_t duplicated = 0;          ///< copies made
    std::uint64_t duplicate_failures = 0;  ///< copies wanted, no mbuf
    std::uint64_t corrupted = 0;           ///< one bit flipped
    std::uint64_t delayed = 0;             ///< held for reordering
    std::uint64_t released = 0;            ///< held frames released once due
    std::uint64_t overflow_drops = 0;      ///< hold queue full: freed
};

/// A Device that impairs the traffic of another.
class ImpairingDevice final : public Device {
public:
    using Clock = std::function<std::uint64_t()>;  ///< nanoseconds, monotonic

    /// `now_ns` defaults to rte_get_tsc_cycles() time. Throws
    /// std::invalid_argument on an invalid config.
    ImpairingDevice(Device& inner, const ImpairConfig& config, Clock now_ns = {});
    ~ImpairingDevice() override;
    ImpairingDevice(const ImpairingDevice&) = delete;
    ImpairingDevice& operator=(const ImpairingDevice&) = delete;

    std::uint16_t rx_burst(rte_mbuf** frames, std::uint16_t count) override;
    std::uint16_t tx_burst(rte_mbuf** frames, std::uint16_t count) override;
    const DeviceCapabilities& capabilities() const override { return caps_; }
    rte_mempool* tx_pool() override { return inner_.tx_pool(); }
    bool link_up() const override { return inner_.link_up(); }

    const ImpairCounters& rx_counters() const { return rx_.counters; }
    const ImpairCounters& tx_counters() const { return tx_.counters; }
    /// Frames held for reordering or waiting to be handed on, per direction.
    std::size_t rx_pending() const { return rx_.held.size() + rx_.ready.size(); }
    std::size_t tx_pending() const { return tx_.held.size() + tx_.ready.size(); }

    static constexpr std::uint16_t kChunk = 32;  ///< frames judged per step

private:
    struct Rng {
        std::uint64_t state;
        std::uint64_t next();
        bool chance(double probability);
    };
    struct Held {
        std::uint64_t due;
        std::uint64_t sequence;  // ties keep arrival order
        rte_mbuf* frame;
    };
    /// A bounded FIFO of frames ready to be handed on.
    class Fifo {
    public:
        explicit Fifo(std::size_t capacity) : slots_(capacity) {}
        bool push(rte_mbuf* frame);
        rte_mbuf* front() const { return slots_[head_]; }
        void pop();
        void unpop(rte_mbuf* frame);  ///< back to the front
        std::size_t size() const { return size_; }
        bool empty() const { return size_ == 0; }

    private:
        std::vector<rte_mbuf*> slots_;
        std::size_t head_ = 0;
        std::size_t size_ = 0;
    };
    struct Lane {
        Lane(bool active, std::uint64_t seed, std::size_t capacity);
        bool active;
        Rng loss, duplicate, corrupt, reorder;
        std::vector<Held> held;  // min-heap on (due, sequence)
        Fifo ready;
        std::uint64_t sequence = 0;
        ImpairCounters counters;
    };

    void judge(Lane& lane, rte_mbuf* frame);
    void emit(Lane& lane, rte_mbuf* frame, rte_mbuf* copy);
    void hold(Lane& lane, rte_mbuf* frame, std::uint64_t due);
    rte_mbuf* duplicate(Lane& lane, rte_mbuf* frame);
    /// Flips one bit after the Ethernet header, in a private copy when the
    /// data is shared. Returns the frame to pass on (null: none).
    rte_mbuf* corrupt(Lane& lane, rte_mbuf* frame);
    std::uint64_t reorder_delay(Lane& lane);
    void release_due(Lane& lane);
    void flush_tx();
    std::uint16_t pop_ready(rte_mbuf** frames, std::uint16_t count);
    static void free_lane(Lane& lane);

    Device& inner_;
    ImpairConfig config_;
    Clock now_ns_;
    DeviceCapabilities caps_;
    Lane rx_;
    Lane tx_;
};

}  // namespace sluice::nic
