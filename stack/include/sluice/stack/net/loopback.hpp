// LoopbackInterface: the engine's 127.0.0.0/8 interface.
//
// Packets sent to a local address are queued here and delivered to IPv4
// input on the engine's next poll (never re-entrantly from inside send, so a
// protocol handler that answers a looped packet cannot recurse). The queue is
// bounded; a full queue drops (loopback_queue_full), as a NIC ring would.
#pragma once

#include <rte_mbuf.h>

#include <cstddef>
#include <deque>

namespace sluice::stack {

class LoopbackInterface {
public:
    static constexpr std::size_t kDefaultCapacity = 8192;

    explicit LoopbackInterface(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
    ~LoopbackInterface() {
        for (rte_mbuf* m : queue_) rte_pktmbuf_free(m);
    }
    LoopbackInterface(const LoopbackInterface&) = delete;
    LoopbackInterface& operator=(const LoopbackInterface&) = delete;

    /// Queues a packet (data at the IP header); false when full (caller keeps it).
    bool push(rte_mbuf* packet) {
        if (queue_.size() >= capacity_) return false;
        queue_.push_back(packet);
        return true;
    }

    /// Hands each packet queued before the call to `deliver`; packets that
    /// deliver() itself queues wait for the next drain. Returns how many.
    template <class Deliver>
    std::size_t drain(Deliver&& deliver) {
        const std::size_t ready = queue_.size();
        for (std::size_t i = 0; i < ready; ++i) {
            rte_mbuf* m = queue_.front();
            queue_.pop_front();
            deliver(m);
        }
        return ready;
    }

    std::size_t pending() const { return queue_.size(); }

private:
    std::size_t capacity_;
    std::deque<rte_mbuf*> queue_;
};

}  // namespace sluice::stack
