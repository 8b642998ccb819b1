// getsockopt/setsockopt of the TCP/IP provider: the option table, Windows'
// length rules per option shape, and the per-kind applicability.
//
// Spec: shared/spec/winsock-behaviour.md WS-OPT-02..45 (notably WS-OPT-14,
// the test_optsize table), WS-BIND-07 (SO_REUSEADDR vs SO_EXCLUSIVEADDRUSE).
//
// Shapes (how a value is read from and written to the caller's buffer):
//  - sol_bool: SOL_SOCKET BOOLs (SO_BROADCAST, SO_REUSEADDR, ...). Set: a
//    negative length reads 4 bytes, 0 is accepted and changes nothing, 1..3
//    read that many low-order bytes; the value is normalised to 0/1. Get:
//    length <= 0 -> WSAEFAULT; 1..3 writes that many bytes and reports 1;
//    >= 4 writes 4.
//  - byte_bool: 1-byte BOOLEANs (SO_KEEPALIVE, SO_DONTROUTE, TCP_NODELAY,
//    IPV6_V6ONLY). Set: negative -> WSAENOBUFS, 0 -> WSAEFAULT, else the first
//    byte only (0x100 reads back 0). Get: writes 1 byte, reports 1.
//  - sol_dword: SOL_SOCKET DWORDs (SO_RCVBUF, SO_RCVTIMEO, SO_LINGER, ...).
//    Set: negative reads 4 bytes and succeeds, 0..3 -> WSAEFAULT. Get: 1..3
//    -> WSAEFAULT (SO_LINGER/SO_RCVBUF/SO_SNDBUF zero-fill those bytes first).
//  - ip_small: IP_TTL, IP_TOS, IP_MULTICAST_TTL/LOOP. Set: negative ->
//    WSAENOBUFS, 0 -> WSAEFAULT, 1..3 low-order bytes. Get: 1..3 writes one
//    byte and reports 1.
//  - ip_dword: other IPPROTO_IP/IPPROTO_TCP options. Set: negative ->
//    WSAENOBUFS, 0..3 -> WSAEFAULT. Get: 1..3 -> WSAEFAULT with length 0.
// A NULL value (or length pointer) is WSAEFAULT, and so is a pointer into the
// first 64 KiB, which Linux never maps (WS-OPT-09 passes (char*)1).
// Unknown level -> WSAEINVAL; unknown option of a known level ->
// WSAENOPROTOOPT (WS-OPT-10/28/40).
//
// Stream sockets: the provider's values are what getsockopt reports (as set,
// WS-OPT-26 reads 0x123 back); apply_stream_options() gives the stack what it
// acts on, with SO_SNDBUF/SO_RCVBUF raised to kMinStreamBuffer (Windows'
// SO_SNDBUF 0 means "send from the caller's buffer", which a bounded mbuf
// send buffer cannot do, and a zero receive window would stall the peer) and
// the keepalive times to at least a second.
#include "tcpip_socket.hpp"

#include <sluice/provider/wsa_constants.hpp>
#include <sluice/provider/wsa_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>

namespace sluice::provider {
namespace {

enum class Shape { sol_bool, byte_bool, sol_dword, ip_small, ip_dword };

bool bad_pointer(const void* p) { return reinterpret_cast<std::uintptr_t>(p) < 65536; }

/// The value a setsockopt passes, read per `shape`; WSAE* on a bad length.
Result<std::uint32_t> read_value(Shape shape, const void* value, int length, std::uint32_t current) {
    auto read_bytes = [&](int n) {
        std::uint8_t bytes[4] = {};
        std::memcpy(bytes, value, static_cast<std::size_t>(n));
        return static_cast<std::uint32_t>(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | static_cast<std::uint32_t>(bytes[3]) << 24);
    };
    switch (shape) {
    case Shape::sol_bool:
        if (length == 0) return current;
        return read_bytes(length < 0 || length >= 4 ? 4 : length) != 0 ? 1u : 0u;
    case Shape::byte_bool:
        if (length < 0) return Result<std::uint32_t>::failure(err::wsaenobufs);
        if (length == 0) return Result<std::uint32_t>::failure(err::wsaefault);
        return read_bytes(1) != 0 ? 1u : 0u;
    case Shape::sol_dword:
        if (length >= 0 && length < 4) return Result<std::uint32_t>::failure(err::wsaefault);
        return read_bytes(4);
    case Shape::ip_small:
        if (length < 0) return Result<std::uint32_t>::failure(err::wsaenobufs);
        if (length == 0) return Result<std::uint32_t>::failure(err::wsaefault);
        return read_bytes(length >= 4 ? 4 : length);
    case Shape::ip_dword:
        if (length < 0) return Result<std::uint32_t>::failure(err::wsaenobufs);
        if (length < 4) return Result<std::uint32_t>::failure(err::wsaefault);
        return read_bytes(4);
    }
    return Result<std::uint32_t>::failure(err::wsaeinval);
}

void write_le(void* out, std::uint32_t v, int n) {
    const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                                   static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
    std::memcpy(out, bytes, static_cast<std::size_t>(n));
}

/// Writes `v` per `shape` (the caller checked the pointers).
int write_value(Shape shape, std::uint32_t v, void* out, int* length, bool zero_fill_short = false) {
    const int len = *length;
    if (len <= 0) return err::wsaefault;
    switch (shape) {
    case Shape::sol_bool:
        write_le(out, v, len >= 4 ? 4 : len);
        *length = len >= 4 ? 4 : 1;
        return 0;
    case Shape::byte_bool:
        write_le(out, v, 1);
        *length = 1;
        return 0;
    case Shape::sol_dword:
        if (len < 4) {
            if (zero_fill_short) std::memset(out, 0, static_cast<std::size_t>(len));
            return err::wsaefault;
        }
        write_le(out, v, 4);
        *length = 4;
        return 0;
    case Shape::ip_small:
        write_le(out, v, len >= 4 ? 4 : 1);
        *length = len >= 4 ? 4 : 1;
        return 0;
    case Shape::ip_dword:
        if (len < 4) {
            *length = 0;
            return err::wsaefault;
        }
        write_le(out, v, 4);
        *length = 4;
        return 0;
    }
    return err::wsaeinval;
}

/// A readable/writable option: where its value lives for this socket.
struct Binding {
    Shape shape;
    std::uint32_t value;  ///< current value (for get, and sol_bool's no-op set)
};

bool is_stream(const TcpIpSocket& s) { return s.kind == SocketKind::stream; }

std::uint32_t linger_word(const ProviderOptions& o) {
    return static_cast<std::uint32_t>(o.linger_on) | static_cast<std::uint32_t>(o.linger_seconds) << 16;
}

std::uint32_t receive_buffer(TcpIpSocket& s) {
    auto* d = s.datagram_options();
    return d != nullptr ? static_cast<std::uint32_t>(d->receive_buffer) : s.options.stream_receive_buffer;
}
std::uint32_t send_buffer(TcpIpSocket& s) {
    auto* d = s.datagram_options();
    return d != nullptr ? static_cast<std::uint32_t>(d->send_buffer) : s.options.stream_send_buffer;
}
bool reuse_address(TcpIpSocket& s) { return s.bind_options().reuse_address; }
bool exclusive_address(TcpIpSocket& s) { return s.bind_options().exclusive; }
bool is_bound(TcpIpSocket& s) { return s.local().has_value(); }

bool is_listening(const TcpIpSocket& s) { return s.tcp != nullptr && s.tcp->is_listener(); }

/// SO_CONNECT_TIME: seconds connected, 0xFFFFFFFF when not (WS-OPT-45).
std::uint32_t connect_time(const TcpIpSocket& s) {
    if (!s.connected_since) return 0xFFFFFFFFu;
    const auto elapsed = std::chrono::steady_clock::now() - *s.connected_since;
    return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count());
}

std::uint32_t max_message_size(const TcpIpSocket& s) {
    if (s.kind == SocketKind::datagram) return static_cast<std::uint32_t>(stack::kMaxUdpPayload);
    return 65535 - 20;  // raw: an IPv4 datagram minus its header
}

/// SOL_SOCKET options: the binding, or nullopt with *error set.
std::optional<Binding> sol_socket_binding(TcpIpSocket& s, int name, int& error) {
    const ProviderOptions& o = s.options;
    const bool stream = is_stream(s);
    error = 0;
    switch (name) {
    case so::debug: return Binding{Shape::sol_bool, o.debug};
    case so::acceptconn: return Binding{Shape::sol_bool, is_listening(s)};  // WS-OPT-24/25
    case so::reuseaddr: return Binding{Shape::sol_bool, reuse_address(s)};
    case so::exclusiveaddruse: return Binding{Shape::sol_bool, exclusive_address(s)};
    case so::keepalive:
        if (!stream) break;
        return Binding{Shape::byte_bool, o.keep_alive};
    case so::dontroute: return Binding{Shape::byte_bool, o.dont_route};
    case so::broadcast: {
        if (stream) break;
        return Binding{Shape::sol_bool, s.datagram_options()->broadcast};
    }
    case so::linger:
        if (!stream) break;
        return Binding{Shape::sol_dword, linger_word(o)};
    case so::dontlinger:
        if (!stream) break;
        return Binding{Shape::sol_bool, o.linger_on == 0};
    case so::oobinline:
        if (!stream) break;
        return Binding{Shape::sol_bool, o.oob_inline};
    case so::sndbuf: return Binding{Shape::sol_dword, send_buffer(s)};
    case so::rcvbuf: return Binding{Shape::sol_dword, receive_buffer(s)};
    case so::sndtimeo: return Binding{Shape::sol_dword, o.send_timeout_ms};
    case so::rcvtimeo: return Binding{Shape::sol_dword, o.receive_timeout_ms};
    case so::error: return Binding{Shape::sol_dword, o.stored_error};
    case so::type: return Binding{Shape::sol_dword, static_cast<std::uint32_t>(s.identity().type)};
    case so::max_msg_size:
        if (stream) break;
        return Binding{Shape::sol_dword, max_message_size(s)};
    case so::connect_time: return Binding{Shape::sol_dword, connect_time(s)};
    case so::conditional_accept:
        if (!stream) break;
        return Binding{Shape::sol_bool, o.conditional_accept};
    case so::randomize_port: return Binding{Shape::sol_bool, o.randomize_port};
    case so::port_scalability: return Binding{Shape::sol_bool, o.port_scalability};
    case so::reuse_unicastport: return Binding{Shape::sol_bool, o.reuse_unicast_port};
    default: break;
    }
    error = err::wsaenoprotoopt;
    return std::nullopt;
}

/// Where an IPPROTO_IP option is valid (WS-OPT-41/42/43).
enum class IpScope { all, datagram_and_raw, udp_only, none };

IpScope recorded_ip_scope(int name) {
    switch (name) {
    case ipopt::iflist:
    case ipopt::unicast_if:
    case ipopt::rthdr:
    case ipopt::user_mtu:
    case ipopt::mtu_discover: return IpScope::all;
    case ipopt::multicast_if:
    case ipopt::multicast_loop:
    case ipopt::pktinfo:
    case ipopt::recvttl:
    case ipopt::receive_broadcast:
    case ipopt::recvif:
    case ipopt::recvdstaddr:
    case ipopt::recvrthdr:
    case ipopt::recvtos:
    case ipopt::original_arrival_if:
    case ipopt::ecn:
    case ipopt::pktinfo_ex:
    case ipopt::wfp_redirect_records:
    case ipopt::wfp_redirect_context: return IpScope::datagram_and_raw;
    case ipopt::recverr: return IpScope::udp_only;
    case ipopt::get_iflist: return IpScope::none;
    default: return IpScope::none;
    }
}

/// Recorded options that are BOOLs (a non-zero value reads back as 1).
bool is_boolean_ip(int name) {
    switch (name) {
    case ipopt::pktinfo:
    case ipopt::recvttl:
    case ipopt::receive_broadcast:
    case ipopt::recvif:
    case ipopt::recvdstaddr:
    case ipopt::iflist:
    case ipopt::recvrthdr:
    case ipopt::recvtos:
    case ipopt::original_arrival_if:
    case ipopt::ecn:
    case ipopt::pktinfo_ex:
    case ipopt::recverr:
    case ipopt::wfp_redirect_records:
    case ipopt::wfp_redirect_context:
    case ipopt::multicast_loop: return true;
    default: return false;
    }
}

bool is_recorded_ip(int name) {
    return name == ipopt::get_iflist || recorded_ip_scope(name) != IpScope::none;
}

/// A recorded option, or WSAEINVAL where Windows says the option exists but
/// not for this kind of socket.
std::optional<Binding> recorded_ip_binding(TcpIpSocket& s, int name, int& error) {
    const IpScope scope = recorded_ip_scope(name);
    const bool ok = scope == IpScope::all || (scope == IpScope::datagram_and_raw && !is_stream(s)) ||
                    (scope == IpScope::udp_only && s.kind == SocketKind::datagram);
    if (!ok) {
        error = err::wsaeinval;
        return std::nullopt;
    }
    const auto it = s.options.recorded_ip.find(name);
    const std::uint32_t value = it == s.options.recorded_ip.end() ? 0 : it->second;
    return Binding{name == ipopt::multicast_loop ? Shape::ip_small : Shape::ip_dword, value};
}

/// IPPROTO_IP options.
std::optional<Binding> ip_binding(TcpIpSocket& s, int name, int& error) {
    ProviderOptions& o = s.options;
    stack::DatagramOptions* d = s.datagram_options();
    error = 0;
    switch (name) {
    case ipopt::options: return Binding{Shape::ip_dword, 0};  // no IP options are sent (empty)
    case ipopt::hdrincl:
        if (s.raw == nullptr) {
            error = err::wsaeinval;  // WS-OPT-18: TCP and UDP refuse it
            return std::nullopt;
        }
        return Binding{Shape::ip_dword, s.raw->header_included()};
    case ipopt::tos: return Binding{Shape::ip_small, d != nullptr ? d->tos : o.stream_tos};
    case ipopt::ttl: return Binding{Shape::ip_small, d != nullptr ? d->ttl : o.stream_ttl};
    case ipopt::dontfragment:
        return Binding{Shape::ip_dword, d != nullptr ? d->dont_fragment : o.dont_fragment_stream};
    case ipopt::multicast_ttl:
        if (is_stream(s)) {
            error = err::wsaeinval;  // WS-OPT-41: valid option, not for a stream socket
            return std::nullopt;
        }
        return Binding{Shape::ip_small, o.multicast_ttl};
    default: break;
    }
    if (is_recorded_ip(name)) return recorded_ip_binding(s, name, error);
    error = err::wsaenoprotoopt;
    return std::nullopt;
}

std::optional<Binding> tcp_binding(TcpIpSocket& s, int name, int& error) {
    error = err::wsaenoprotoopt;
    if (!is_stream(s)) return std::nullopt;
    const ProviderOptions& o = s.options;
    error = 0;
    switch (name) {
    case tcpopt::nodelay: return Binding{Shape::byte_bool, o.no_delay};
    case tcpopt::keepalive: return Binding{Shape::ip_dword, o.tcp_keepalive_seconds};
    case tcpopt::keepcnt: return Binding{Shape::ip_dword, o.tcp_keepcnt};
    case tcpopt::keepintvl: return Binding{Shape::ip_dword, o.tcp_keepintvl};
    default: break;
    }
    error = err::wsaenoprotoopt;
    return std::nullopt;
}

std::optional<Binding> binding_for(TcpIpSocket& s, int level, int name, int& error) {
    switch (level) {
    case level::sol_socket: return sol_socket_binding(s, name, error);
    case level::ip: return ip_binding(s, name, error);
    case level::tcp: return tcp_binding(s, name, error);
    case level::ipv6:
        if (name == ipv6opt::v6only) return Binding{Shape::byte_bool, 1};  // WS-OPT-35 (AF_INET socket)
        error = err::wsaenoprotoopt;
        return std::nullopt;
    case level::udp: error = err::wsaenoprotoopt; return std::nullopt;
    default: error = err::wsaeinval; return std::nullopt;
    }
}

/// Options that reject getsockopt although they exist (set-only).
bool is_set_only(int level, int name) {
    return level == level::ip &&
           (name == ipopt::add_membership || name == ipopt::drop_membership || name == ipopt::add_source_membership ||
            name == ipopt::drop_source_membership || name == ipopt::block_source || name == ipopt::unblock_source);
}

bool zero_fills_on_short_get(int level, int name) {
    return level == level::sol_socket && (name == so::linger || name == so::rcvbuf || name == so::sndbuf);
}

int apply_sol_socket(TcpIpSocket& s, int name, std::uint32_t v) {
    ProviderOptions& o = s.options;
    stack::DatagramOptions* d = s.datagram_options();
    switch (name) {
    case so::debug: o.debug = v != 0; return 0;
    case so::acceptconn: return err::wsaenoprotoopt;  // read-only (WS-OPT-24)
    case so::type: return is_stream(s) ? err::wsaenoprotoopt : err::wsaeinval;  // WS-OPT-23
    case so::max_msg_size:
    case so::connect_time: return err::wsaenoprotoopt;
    case so::reuseaddr:
        if (v != 0 && exclusive_address(s)) return err::wsaeinval;  // WS-BIND-07
        s.bind_options().reuse_address = v != 0;
        return 0;
    case so::exclusiveaddruse:
        if (v != 0 && reuse_address(s)) return err::wsaeinval;
        s.bind_options().exclusive = v != 0;
        return 0;
    case so::keepalive: o.keep_alive = v != 0; return 0;
    case so::dontroute: o.dont_route = v != 0; return 0;
    case so::broadcast: d->broadcast = v != 0; return 0;
    case so::linger:
        o.linger_on = static_cast<std::uint16_t>(v & 0xFFFF);
        o.linger_seconds = static_cast<std::uint16_t>(v >> 16);
        return 0;
    case so::dontlinger: o.linger_on = v != 0 ? 0 : 1; return 0;
    case so::oobinline: o.oob_inline = v != 0; return 0;
    case so::sndbuf:
        if (d != nullptr) d->send_buffer = v;
        o.stream_send_buffer = v;
        o.stream_send_buffer_set = true;
        return 0;
    case so::rcvbuf:  // WS-OPT-03: any value, 0 included, reads back as set
        if (d != nullptr) d->receive_buffer = v;
        o.stream_receive_buffer = v;
        o.stream_receive_buffer_set = true;
        return 0;
    case so::sndtimeo: o.send_timeout_ms = v; return 0;
    case so::rcvtimeo: o.receive_timeout_ms = v; return 0;
    case so::error: o.stored_error = v; return 0;  // WS-OPT-11: settable on Windows
    case so::conditional_accept: o.conditional_accept = v != 0; return 0;
    case so::randomize_port: o.randomize_port = v != 0; return 0;
    case so::port_scalability: o.port_scalability = v != 0; return 0;
    case so::reuse_unicastport: o.reuse_unicast_port = v != 0; return 0;
    default: return err::wsaenoprotoopt;
    }
}

int apply_ip(TcpIpSocket& s, int name, std::uint32_t v) {
    ProviderOptions& o = s.options;
    stack::DatagramOptions* d = s.datagram_options();
    switch (name) {
    case ipopt::hdrincl: s.raw->set_header_included(v != 0); return 0;
    case ipopt::tos:
    case ipopt::ttl:
    case ipopt::multicast_ttl:
        if (v > 255) return err::wsaeinval;  // WS-OPT-14 e
        if (name == ipopt::multicast_ttl) {
            o.multicast_ttl = v;
        } else if (d != nullptr) {
            (name == ipopt::tos ? d->tos : d->ttl) = static_cast<std::uint8_t>(v);
        } else {
            (name == ipopt::tos ? o.stream_tos : o.stream_ttl) = v;
        }
        return 0;
    case ipopt::dontfragment:
        if (d != nullptr) {
            d->dont_fragment = v != 0;
        } else {
            o.dont_fragment_stream = v != 0;
        }
        return 0;
    case ipopt::mtu_discover:
        if (v < 1 || v > 3) return err::wsaeinval;  // IP_PMTUDISC_DO/DONT/PROBE (WS-OPT-41)
        o.recorded_ip[name] = v;
        return 0;
    default:
        if (!is_recorded_ip(name)) return err::wsaenoprotoopt;
        o.recorded_ip[name] = is_boolean_ip(name) ? (v != 0 ? 1u : 0u) : v;  // WS-OPT-14 e
        return 0;
    }
}

int apply_tcp(TcpIpSocket& s, int name, std::uint32_t v) {
    ProviderOptions& o = s.options;
    switch (name) {
    case tcpopt::nodelay: o.no_delay = v != 0; return 0;
    case tcpopt::keepalive: o.tcp_keepalive_seconds = v; return 0;
    case tcpopt::keepcnt:
        if (v > 255) return err::wsaeinval;  // WS-OPT-14 e
        o.tcp_keepcnt = v;
        return 0;
    case tcpopt::keepintvl: o.tcp_keepintvl = v; return 0;
    default: return err::wsaenoprotoopt;
    }
}

}  // namespace

void apply_stream_options(TcpIpSocket& s, stack::Instant now) {
    constexpr std::size_t kMinStreamBuffer = 16384;
    constexpr std::uint32_t kMinKeepaliveSeconds = 1;
    const ProviderOptions& o = s.options;
    stack::TcpSocketOptions& t = s.tcp->options();
    t.send_buffer = std::max<std::size_t>(o.stream_send_buffer, kMinStreamBuffer);
    t.receive_buffer = std::max<std::size_t>(o.stream_receive_buffer, kMinStreamBuffer);
    t.no_delay = o.no_delay;
    t.keep_alive = o.keep_alive;
    t.keepalive_idle = std::chrono::seconds(std::max(o.tcp_keepalive_seconds, kMinKeepaliveSeconds));
    t.keepalive_interval = std::chrono::seconds(std::max(o.tcp_keepintvl, kMinKeepaliveSeconds));
    t.keepalive_count = o.tcp_keepcnt;
    t.oob_inline = o.oob_inline;
    t.auto_send_buffer = !o.stream_send_buffer_set;
    t.auto_receive_buffer = !o.stream_receive_buffer_set;
    t.ttl = static_cast<std::uint8_t>(o.stream_ttl);
    t.tos = static_cast<std::uint8_t>(o.stream_tos);
    t.dont_fragment = o.dont_fragment_stream;
    s.tcp->options_changed(now);
}

int get_tcpip_option(TcpIpSocket& s, int level, int name, void* value, int* length) {
    if (level == level::ip && name == ipopt::mtu) {
        // Connected datagram sockets only; this engine has no path MTU yet.
        const bool connected = (s.udp != nullptr && s.udp->remote()) || (s.raw != nullptr && s.raw->remote());
        if (!connected) return err::wsaenotconn;
    }
    if (is_set_only(level, name)) return err::wsaenoprotoopt;
    if (level == level::ip && name == ipopt::options) {
        // No IP options are sent: the option buffer is empty.
        if (value == nullptr || length == nullptr || bad_pointer(value) || *length < 0) return err::wsaefault;
        *length = 0;
        return 0;
    }
    int error = 0;
    const std::optional<Binding> b = binding_for(s, level, name, error);
    if (!b) return error;
    if (value == nullptr || length == nullptr || bad_pointer(value)) return err::wsaefault;
    return write_value(b->shape, b->value, value, length, zero_fills_on_short_get(level, name));
}

int set_tcpip_option(TcpIpSocket& s, int level, int name, const void* value, int length) {
    int error = 0;
    std::optional<Binding> b = binding_for(s, level, name, error);
    if (!b) {
        if (is_set_only(level, name)) return err::wsaenoprotoopt;  // multicast: the IPv6/multicast issue
        return error;
    }
    if (level == level::ip && name == ipopt::options) {
        // Clearing is all there is: the stack does not emit IPv4 options, so a
        // non-empty list is refused rather than silently dropped.
        return length == 0 ? 0 : err::wsaeinval;
    }
    if (value == nullptr || bad_pointer(value)) return err::wsaefault;
    const Result<std::uint32_t> v = read_value(b->shape, value, length, b->value);
    if (!v.ok()) return v.error();
    switch (level) {
    case level::sol_socket: return apply_sol_socket(s, name, v.value());
    case level::ip: return apply_ip(s, name, v.value());
    case level::tcp: return apply_tcp(s, name, v.value());
    case level::ipv6:
        // WS-OPT-35: accepted before bind on an AF_INET socket, refused after;
        // it keeps reading 1.
        return is_bound(s) ? err::wsaeinval : 0;
    default: return err::wsaeinval;
    }
}

}  // namespace sluice::provider
