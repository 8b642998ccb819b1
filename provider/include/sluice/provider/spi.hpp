// The service provider interface: what the catalog layer (api/) calls to act
// on a socket, modelled on Winsock's WSPPROC_TABLE. The catalog layer
// resolves the SOCKET, checks startup, and dispatches; everything about the
// socket itself (state, options, addresses, errors) is the provider's.
//
// Conventions (as WSP* functions):
//  - int results are 0 or a WSAE* code; Result<T> carries a value or one.
//  - Pointers and lengths come as the application gave them; the provider
//    validates them in Windows' order (socket state before pointers,
//    shared/spec/winsock-behaviour.md rule 1 of the summary).
//  - Blocking calls block inside the provider (honouring FIONBIO and
//    SO_RCVTIMEO) and return WSAEINTR if the socket is closed meanwhile.
//  - Every ProviderSocket is shared (std::shared_ptr): a call in flight keeps
//    its socket object alive even while another thread closes it.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/engine_host.hpp>
#include <sluice/provider/result.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace sluice::provider {

/// What WSASocket chose, kept with the socket for SO_PROTOCOL_INFO, SO_TYPE
/// and groups.
struct SocketIdentity {
    ProtocolEntry entry;  ///< a copy: the catalog may change later
    int af = 0;
    int type = 0;
    int protocol = 0;
    std::uint32_t flags = 0;  ///< dwFlags as given
    bool overlapped = false;
    bool no_handle_inherit = false;
};

/// The provider's object behind one SOCKET.
class ProviderSocket {
public:
    explicit ProviderSocket(SocketIdentity identity) : identity_(std::move(identity)) {}
    virtual ~ProviderSocket() = default;
    ProviderSocket(const ProviderSocket&) = delete;
    ProviderSocket& operator=(const ProviderSocket&) = delete;

    const SocketIdentity& identity() const { return identity_; }

private:
    SocketIdentity identity_;
};

/// One WSABUF, in the provider's terms.
struct IoBuffer {
    std::byte* data = nullptr;
    std::size_t size = 0;
};

/// Readiness as select() and WSAPoll() ask for it. The two views differ on
/// stream sockets (WS-SEL-79/83/87): a FIN is select-readable but only
/// POLLHUP; a reset or a failed connect is POLLWRNORM without being
/// select-writable.
struct Readiness {
    bool readable = false;       ///< select: recv would not block (data, error, EOF, a connection to accept)
    bool writable = false;       ///< select: send would not block
    bool exceptional = false;    ///< select's exceptfds: OOB data or a failed connect
    bool poll_readable = false;  ///< POLLRDNORM
    bool poll_urgent = false;    ///< POLLRDBAND: urgent data waiting
    bool poll_writable = false;  ///< POLLWRNORM
    bool error = false;          ///< POLLERR
    bool hangup = false;         ///< POLLHUP
};

class ServiceProvider {
public:
    virtual ~ServiceProvider() = default;

    /// WSPSocket: a socket for the selected entry and effective triple.
    virtual Result<std::shared_ptr<ProviderSocket>> socket(const SocketIdentity& identity) = 0;
    /// WSPCloseSocket. Wakes calls blocked on the socket (they get WSAEINTR).
    virtual int close(ProviderSocket& s) = 0;

    virtual int bind(ProviderSocket& s, const void* name, int name_length) = 0;
    virtual int connect(ProviderSocket& s, const void* name, int name_length) = 0;
    virtual int listen(ProviderSocket& s, int backlog) = 0;
    /// WSPAccept without a condition function: the next connection of the
    /// listener `s` as a new socket with s's identity and options, its peer
    /// written to (address, address_length) when both are given. The caller
    /// registers the new socket (as WSASocket's are).
    virtual Result<std::shared_ptr<ProviderSocket>> accept(ProviderSocket& s, void* address, int* address_length) = 0;
    virtual int shutdown(ProviderSocket& s, int how) = 0;

    /// WSPSendTo (to == nullptr: send / WSASend); *sent = bytes sent.
    virtual int send_to(ProviderSocket& s, std::span<const IoBuffer> buffers, std::uint32_t flags, const void* to,
                        int to_length, std::size_t* sent) = 0;
    /// WSPRecvFrom (from == nullptr: recv / WSARecv). *received = bytes
    /// written, also when the result is WSAEMSGSIZE (a truncated datagram).
    /// *flags: in MSG_PEEK/MSG_OOB, out MSG_PARTIAL on truncation.
    virtual int receive_from(ProviderSocket& s, std::span<const IoBuffer> buffers, std::uint32_t* flags, void* from,
                             int* from_length, std::size_t* received) = 0;

    virtual int get_option(ProviderSocket& s, int level, int name, void* value, int* length) = 0;
    virtual int set_option(ProviderSocket& s, int level, int name, const void* value, int length) = 0;
    /// ioctlsocket's commands (FIONBIO, FIONREAD, SIOCATMARK).
    virtual int ioctl(ProviderSocket& s, std::uint32_t command, std::uint32_t* argument) = 0;

    virtual int local_name(ProviderSocket& s, void* name, int* name_length) = 0;
    virtual int peer_name(ProviderSocket& s, void* name, int* name_length) = 0;

    /// Readiness of each socket at once (one engine round trip).
    virtual void readiness(std::span<ProviderSocket* const> sockets, std::span<Readiness> out) = 0;
    /// The engine host, for callers (select, WSAPoll) that wait on activity.
    virtual EngineHost& host() = 0;
};

}  // namespace sluice::provider
