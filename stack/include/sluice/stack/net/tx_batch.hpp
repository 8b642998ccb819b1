// TxBatch: frames waiting to be handed to the device in one burst.
//
// Layers push finished frames; the engine flushes at the end of every poll
// iteration (never on a timer: latency first). A full batch flushes early.
// Frames the device refuses are freed and counted (tx_queue_full), as l3fwd's
// send_burst does; TCP retransmission, not the link, recovers from that.
// Without a device (a loopback-only engine) nothing may be pushed.
#pragma once

#include <sluice/nic/device.hpp>
#include <sluice/stack/core/counters.hpp>

#include <rte_mbuf.h>

#include <array>
#include <cstdint>

namespace sluice::stack {

class TxBatch {
public:
    static constexpr std::uint16_t kCapacity = 64;

    TxBatch(nic::Device* device, StackCounters& counters) : device_(device), counters_(counters) {}
    ~TxBatch() { flush(); }
    TxBatch(const TxBatch&) = delete;
    TxBatch& operator=(const TxBatch&) = delete;

    /// Takes ownership of a finished frame.
    void push(rte_mbuf* frame) {
        if (count_ == kCapacity) flush();
        frames_[count_++] = frame;
    }
    /// Hands everything to the device; returns how many frames it took.
    std::uint16_t flush();
    std::uint16_t pending() const { return count_; }

private:
    nic::Device* device_;
    StackCounters& counters_;
    std::array<rte_mbuf*, kCapacity> frames_{};
    std::uint16_t count_ = 0;
};

}  // namespace sluice::stack
