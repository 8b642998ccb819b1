// TxBatch: frames waiting to be handed to the device.
//
// Layers push finished frames; the engine flushes at the end of every poll
// iteration (never on a timer: latency first), and 64 new frames flush early.
// Frames the device refuses (its TX ring is full) are not freed: they stay
// at the front, in order, and go first at the next flush. While any are held,
// device_full() is true, and senders that can wait (TCP's new data) do, until
// a flush empties the hold; so a sender faster than the link is paced by the
// ring instead of losing segments to it (Linux gets the same from its qdisc
// and TCP small queues). What does not wait — ACKs, retransmissions, UDP —
// queues behind; only past kCapacity is a frame freed and counted
// (tx_queue_full), as l3fwd's send_burst frees what the NIC refuses. A
// device that takes nothing for kStalledFlushLimit flushes in a row loses
// the frame at the front (counted the same): a PMD may refuse one frame
// for good (net_tap refuses a TSO frame it cannot cut), and that must not
// wedge the queue behind it.
// Without a device (a loopback-only engine) nothing may be pushed.
//
// Invariants: frames_[0, count_) are owned here, oldest first; the first
// held_ of them are the ones the device refused at the last flush.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/stack/core/counters.hpp>

#include <rte_mbuf.h>

#include <array>
#include <cstdint>

namespace sluice::stack {

class TxBatch {
public:
    /// New frames that make a flush happen before the poll iteration ends.
    static constexpr std::uint16_t kBurst = 64;
    /// Frames held at most (refused ones and new ones behind them).
    static constexpr std::uint16_t kCapacity = 1024;
    /// Flushes in a row that move nothing before the front frame is dropped.
    static constexpr std::uint32_t kStalledFlushLimit = 4096;

    TxBatch(nic::Device* device, StackCounters& counters) : device_(device), counters_(counters) {}
    ~TxBatch();
    TxBatch(const TxBatch&) = delete;
    TxBatch& operator=(const TxBatch&) = delete;

    /// Takes ownership of a finished frame.
    void push(rte_mbuf* frame) {
        if (count_ - held_ >= kBurst) flush();
        if (count_ == kCapacity) return overflow(frame);
        frames_[count_++] = frame;
    }
    /// Hands everything to the device, oldest first; returns how many frames
    /// it took. What it refuses stays held.
    std::uint16_t flush();
    /// Frames waiting (held and new).
    std::uint16_t pending() const { return count_; }
    /// The device refused frames at the last flush and they are still here.
    bool device_full() const { return held_ != 0; }

private:
    void overflow(rte_mbuf* frame);
    void drop_front();

    nic::Device* device_;
    StackCounters& counters_;
    std::array<rte_mbuf*, kCapacity> frames_{};
    std::uint16_t count_ = 0;
    std::uint16_t held_ = 0;
    std::uint32_t stalled_flushes_ = 0;
};

}  // namespace sluice::stack
