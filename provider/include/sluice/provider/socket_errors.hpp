// The one table from the stack's SocketError to the WSAE* code Windows
// reports for the same condition.
#pragma once

#include <sluice/provider/wsa_constants.hpp>
#include <sluice/stack/socket/socket_types.hpp>

namespace sluice::provider {

constexpr int wsa_error(stack::SocketError e) {
    using stack::SocketError;
    switch (e) {
    case SocketError::none: return err::no_error;
    case SocketError::would_block: return err::wsaewouldblock;
    case SocketError::invalid: return err::wsaeinval;
    case SocketError::address_in_use: return err::wsaeaddrinuse;
    case SocketError::access_denied: return err::wsaeacces;
    case SocketError::address_not_available: return err::wsaeaddrnotavail;
    case SocketError::message_too_long: return err::wsaemsgsize;
    case SocketError::connection_reset: return err::wsaeconnreset;
    case SocketError::network_unreachable: return err::wsaenetunreach;
    case SocketError::no_buffers: return err::wsaenobufs;
    case SocketError::not_connected: return err::wsaenotconn;
    case SocketError::no_ports: return err::wsaenobufs;  // Windows: ephemeral range exhausted
    case SocketError::connection_refused: return err::wsaeconnrefused;
    case SocketError::connection_aborted: return err::wsaeconnaborted;
    case SocketError::timed_out: return err::wsaetimedout;
    case SocketError::network_reset: return err::wsaenetreset;
    case SocketError::already_in_progress: return err::wsaealready;
    case SocketError::is_connected: return err::wsaeisconn;
    case SocketError::shut_down: return err::wsaeshutdown;
    }
    return err::wsaeinval;
}

}  // namespace sluice::provider
