// Crossed rte_ring pairs as two ethdev ports (net_ring via rte_eth_from_rings),
// and their complete teardown. See ring_pair.hpp.
//
// Invariants: a failed create_ring_pair() leaves nothing behind and touches
// nothing it did not build (a name clash leaves the other pair intact);
// teardown finds the ports by name, so it never touches a port id that
// another device reused.
#include "sluice/nic/ring_pair.hpp"

#include <rte_bus_vdev.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <atomic>
#include <stdexcept>

namespace sluice::nic {
namespace {

std::atomic<unsigned> g_ring_sequence{0};

std::string vdev_name(const std::string& pair_name, const char* side) {
    return "net_ring_" + pair_name + side;
}

rte_ring* create_ring(const std::string& name, unsigned size) {
    rte_ring* ring = rte_ring_create(name.c_str(), size, static_cast<int>(rte_socket_id()),
                                     RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (ring == nullptr) {
        throw std::runtime_error("ring pair: rte_ring_create(" + name + ", " +
                                 std::to_string(size) + ") failed: " + rte_strerror(rte_errno));
    }
    return ring;
}

/// One side: receives from `rx`, transmits into `tx`.
std::uint16_t create_port(const std::string& pair_name, const char* side, rte_ring* rx,
                          rte_ring* tx) {
    const std::string name = pair_name + side;
    const int port = rte_eth_from_rings(name.c_str(), &rx, 1, &tx, 1, rte_socket_id());
    if (port < 0) {
        throw std::runtime_error("ring pair: rte_eth_from_rings(" + name + ") failed: " +
                                 rte_strerror(rte_errno));
    }
    return static_cast<std::uint16_t>(port);
}

void release_port(const std::string& device) {
    std::uint16_t port_id = 0;
    if (rte_eth_dev_get_port_by_name(device.c_str(), &port_id) == 0) {
        rte_eth_dev_stop(port_id);
        rte_eth_dev_close(port_id);
    }
    rte_vdev_uninit(device.c_str());
}

void drain_and_free(rte_ring* ring) {
    if (ring == nullptr) {
        return;
    }
    void* frame = nullptr;
    while (rte_ring_dequeue(ring, &frame) == 0) {
        rte_pktmbuf_free(static_cast<rte_mbuf*>(frame));
    }
    rte_ring_free(ring);
}

}  // namespace

RingPair create_ring_pair(const std::string& name, unsigned ring_size) {
    if (name.empty()) {
        throw std::invalid_argument("ring pair: empty name");
    }
    const std::string ring_base = "sluice_rp" + std::to_string(g_ring_sequence.fetch_add(1));
    RingPair pair;
    pair.name = name;
    bool a_created = false;
    try {
        pair.a_to_b = create_ring(ring_base + "_ab", ring_size);
        pair.b_to_a = create_ring(ring_base + "_ba", ring_size);
        pair.a = create_port(name, "_a", pair.b_to_a, pair.a_to_b);
        a_created = true;
        pair.b = create_port(name, "_b", pair.a_to_b, pair.b_to_a);
    } catch (...) {
        // Only what this call built: a name clash must not tear down the
        // live pair that owns the name.
        if (a_created) {
            release_port(vdev_name(name, "_a"));
        }
        drain_and_free(pair.a_to_b);
        drain_and_free(pair.b_to_a);
        throw;
    }
    return pair;
}

void destroy_ring_pair(const RingPair& pair) {
    if (pair.name.empty()) {
        return;  // default-constructed: nothing was created
    }
    release_port(vdev_name(pair.name, "_a"));
    release_port(vdev_name(pair.name, "_b"));
    drain_and_free(pair.a_to_b);
    drain_and_free(pair.b_to_a);
}

}  // namespace sluice::nic
