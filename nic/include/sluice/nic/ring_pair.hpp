// Two ethdev ports joined back to back through a pair of crossed rte_rings:
// whatever port a transmits, port b receives, and vice versa. Two stacks in
// one process talk over it deterministically (no kernel, no timing).
//
// Naming: create_ring_pair("x") creates the vdev ports "net_ring_x_a" and
// "net_ring_x_b" (findable with find_port()) and the rings
// "sluice_rp<seq>_ab" / "_ba", where a process-wide sequence number keeps ring
// names unique whatever the pair is called. Two live pairs must have
// different names; a destroyed pair's name may be used again.
//
// Invariants:
//  - a's TX ring is b's RX ring and vice versa; each ring is single-producer,
//    single-consumer (one engine per side).
//  - The ports come back unconfigured: open them with Port::open().
//  - destroy_ring_pair() undoes everything: closes ports still open, removes
//    the vdevs, frees mbufs still waiting in the rings, frees the rings. Call
//    it after the Ports on the pair are destroyed.
#pragma once

#include <cstdint>
#include <string>

struct rte_ring;

namespace sluice::nic {

/// The two ports of a ring pair, and what destroy_ring_pair() needs.
struct RingPair {
    std::uint16_t a = 0;
    std::uint16_t b = 0;
    std::string name;               ///< the name given to create_ring_pair()
    rte_ring* a_to_b = nullptr;     ///< a's TX, b's RX
    rte_ring* b_to_a = nullptr;     ///< b's TX, a's RX
};

/// Creates the pair. `ring_size` is a power of two; each ring holds
/// ring_size - 1 frames. Throws std::runtime_error (nothing is left behind).
RingPair create_ring_pair(const std::string& name, unsigned ring_size = 1024);

/// Releases the ports, the vdevs and the rings. Never throws.
void destroy_ring_pair(const RingPair& pair);

}  // namespace sluice::nic
