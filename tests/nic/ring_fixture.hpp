// Test fixture pieces for the nic tests: a ring pair with both ports opened,
// torn down in the right order (ports, then the pair) even when a test or the
// constructor fails, plus a bounded receive helper.
//
// Invariant: every name made by unique_pair_name() is new in this process.
#pragma once

#include <sluice/nic/port.hpp>
#include <sluice/nic/ring_pair.hpp>

#include <rte_mbuf.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sluice::test {

/// A fresh pair name: "<stem><n>".
inline std::string unique_pair_name(const std::string& stem) {
    static unsigned next = 0;
    return stem + std::to_string(next++);
}

/// Destroys the ring pair it holds (declared before the ports, so it goes last).
struct RingPairGuard {
    nic::RingPair pair;
    ~RingPairGuard() { nic::destroy_ring_pair(pair); }
};

/// A ring pair with Port objects open on both sides.
class OpenRingPair {
public:
    explicit OpenRingPair(const std::string& stem, unsigned ring_size = 1024,
                          nic::PortConfig config = quick_config())
        : guard_{nic::create_ring_pair(unique_pair_name(stem), ring_size)} {
        config.port_id = guard_.pair.a;
        a = nic::Port::open(config);
        config.port_id = guard_.pair.b;
        b = nic::Port::open(config);
    }

    /// Small descriptor rings and a short link wait keep tests fast.
    static nic::PortConfig quick_config() {
        nic::PortConfig config;
        config.rx_descriptors = 256;
        config.tx_descriptors = 256;
        config.link_wait = std::chrono::milliseconds(200);
        return config;
    }

    const nic::RingPair& pair() const { return guard_.pair; }

private:
    RingPairGuard guard_;

public:
    std::unique_ptr<nic::Port> a;
    std::unique_ptr<nic::Port> b;
};

/// Polls `device` until `count` frames arrived or `limit` passed.
inline std::vector<rte_mbuf*> receive(nic::Device& device, std::size_t count,
                                      std::chrono::milliseconds limit = std::chrono::seconds(1)) {
    std::vector<rte_mbuf*> frames;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    rte_mbuf* burst[32];
    while (frames.size() < count && std::chrono::steady_clock::now() < deadline) {
        const std::uint16_t n = device.rx_burst(burst, 32);
        frames.insert(frames.end(), burst, burst + n);
        if (n == 0) {
            std::this_thread::yield();
        }
    }
    return frames;
}

/// Frees every frame in `frames`.
inline void free_all(std::vector<rte_mbuf*>& frames) {
    for (rte_mbuf* frame : frames) {
        rte_pktmbuf_free(frame);
    }
    frames.clear();
}

/// Sends all `frames` through `device` in bursts; returns how many were taken.
inline std::size_t send_all(nic::Device& device, std::vector<rte_mbuf*>& frames) {
    std::size_t sent = 0;
    while (sent < frames.size()) {
        const auto chunk = static_cast<std::uint16_t>(std::min<std::size_t>(32, frames.size() - sent));
        const std::uint16_t taken = device.tx_burst(frames.data() + sent, chunk);
        sent += taken;
        if (taken < chunk) {
            break;
        }
    }
    return sent;
}

}  // namespace sluice::test
