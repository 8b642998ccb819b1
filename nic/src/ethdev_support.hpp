// Small ethdev helpers shared by the nic sources (private to nic/src): error
// messages that name the port, and a non-blocking link query.
//
// Invariant: every message starts with "port <id>", so a caller can always
// tell which port an error is about.
#pragma once

#include <rte_errno.h>
#include <rte_ethdev.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sluice::nic::detail {

inline std::string port_label(std::uint16_t port_id) { return "port " + std::to_string(port_id); }

/// Throws std::runtime_error "port <id>: <call> failed: <errno text>".
[[noreturn]] inline void fail(std::uint16_t port_id, const std::string& call, int rc) {
    throw std::runtime_error(port_label(port_id) + ": " + call + " failed: " +
                             rte_strerror(rc < 0 ? -rc : rc));
}

/// fail() when `rc` is a negative errno.
inline void check(std::uint16_t port_id, const std::string& call, int rc) {
    if (rc < 0) {
        fail(port_id, call, rc);
    }
}

/// Whether the PMD reports the link up (false when it cannot say).
inline bool link_is_up(std::uint16_t port_id) {
    rte_eth_link link{};
    return rte_eth_link_get_nowait(port_id, &link) == 0 && link.link_status == RTE_ETH_LINK_UP;
}

}  // namespace sluice::nic::detail
