// Types shared by the stack's sockets (UDP, raw, later TCP): endpoints,
// bind options and the errors a socket operation reports.
//
// SocketError is the stack's own vocabulary; the provider layer maps each to
// the WSAE* code Windows gives (the mapping lives there, one table).
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <compare>
#include <cstdint>
#include <string_view>

namespace sluice::stack {

/// An IPv4 address and port, host order.
struct Endpoint {
    wire::Ipv4Addr address;
    std::uint16_t port = 0;
    constexpr auto operator<=>(const Endpoint&) const = default;
};

/// SO_REUSEADDR / SO_EXCLUSIVEADDRUSE as the port table sees them.
struct BindOptions {
    bool reuse_address = false;
    bool exclusive = false;
};

enum class SocketError : std::uint8_t {
    none,
    would_block,            ///< nothing to receive / no room (non-blocking)
    invalid,                ///< operation invalid in this state (e.g. bind twice)
    address_in_use,         ///< exact or overlapping address already bound
    access_denied,          ///< exclusive owner, broadcast without SO_BROADCAST, stealing a port
    address_not_available,  ///< not a local address
    message_too_long,       ///< datagram larger than allowed / than the buffer
    connection_reset,       ///< ICMP port unreachable came back (Windows reports it on receive)
    network_unreachable,    ///< no route
    no_buffers,             ///< mbufs exhausted
    not_connected,          ///< send/recv needing a peer on an unconnected socket
    no_ports,               ///< ephemeral range exhausted
    // TCP
    connection_refused,     ///< RST answered our SYN
    connection_aborted,     ///< we gave up: retransmissions timed out
    timed_out,              ///< connect: no answer to the SYN
    network_reset,          ///< keepalive found the peer gone
    already_in_progress,    ///< connect while a connect is under way
    is_connected,           ///< connect/listen on a connected socket
    shut_down,              ///< send after shutdown(send) / receive after shutdown(receive)
};

constexpr std::string_view socket_error_name(SocketError e) {
    switch (e) {
    case SocketError::none: return "none";
    case SocketError::would_block: return "would_block";
    case SocketError::invalid: return "invalid";
    case SocketError::address_in_use: return "address_in_use";
    case SocketError::access_denied: return "access_denied";
    case SocketError::address_not_available: return "address_not_available";
    case SocketError::message_too_long: return "message_too_long";
    case SocketError::connection_reset: return "connection_reset";
    case SocketError::network_unreachable: return "network_unreachable";
    case SocketError::no_buffers: return "no_buffers";
    case SocketError::not_connected: return "not_connected";
    case SocketError::no_ports: return "no_ports";
    case SocketError::connection_refused: return "connection_refused";
    case SocketError::connection_aborted: return "connection_aborted";
    case SocketError::timed_out: return "timed_out";
    case SocketError::network_reset: return "network_reset";
    case SocketError::already_in_progress: return "already_in_progress";
    case SocketError::is_connected: return "is_connected";
    case SocketError::shut_down: return "shut_down";
    }
    return "?";
}

/// What a socket reports when the IP layer refused its packet at once.
constexpr SocketError socket_error_from_drop(Drop d) {
    switch (d) {
    case Drop::none: return SocketError::none;
    case Drop::ipv4_no_route: return SocketError::network_unreachable;
    case Drop::ipv4_too_big: return SocketError::message_too_long;
    case Drop::ipv4_truncated: return SocketError::invalid;
    case Drop::ipv4_bad_destination:
    case Drop::ipv4_loopback_source: return SocketError::address_not_available;
    default: return SocketError::no_buffers;  // no mbuf, no headroom, loopback queue full
    }
}

}  // namespace sluice::stack
