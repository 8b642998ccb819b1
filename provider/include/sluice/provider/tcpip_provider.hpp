// TcpIpProvider: the MSAFD-Tcpip-like base provider behind the six catalog
// entries, implemented on one sluice engine (through its EngineHost).
//
// What it covers today: UDP, raw and TCP IPv4 sockets (bind, connect,
// listen, accept, send/receive with Windows' error rules, shutdown, options,
// ioctls, readiness). Not yet: urgent data (MSG_OOB), WSAAccept's condition
// function, overlapped I/O. AF_INET6 sockets are not created yet (the IPv6
// issue): the provider answers WSAEAFNOSUPPORT.
//
// Rules for every call (shared/spec/winsock-behaviour.md):
//  - a closed socket -> WSAENOTSOCK (the catalog layer normally catches it;
//    this covers a close racing the call); a call blocked when its socket is
//    closed -> WSAEINTR;
//  - state before pointers (WS-BIND-29): e.g. getpeername on an unconnected
//    socket is WSAENOTCONN whatever the pointers;
//  - blocking calls (recv, send, connect, accept) wait on the engine host,
//    receives bounded by SO_RCVTIMEO and sends by SO_SNDTIMEO (WSAETIMEDOUT,
//    WS-IO-41); FIONBIO makes them WSAEWOULDBLOCK.
#pragma once

#include <sluice/provider/spi.hpp>

namespace sluice::provider {

class TcpIpProvider final : public ServiceProvider {
public:
    explicit TcpIpProvider(EngineHost& host) : host_(host) {}

    Result<std::shared_ptr<ProviderSocket>> socket(const SocketIdentity& identity) override;
    int close(ProviderSocket& s) override;
    int bind(ProviderSocket& s, const void* name, int name_length) override;
    int connect(ProviderSocket& s, const void* name, int name_length) override;
    int listen(ProviderSocket& s, int backlog) override;
    Result<std::shared_ptr<ProviderSocket>> accept(ProviderSocket& s, void* address, int* address_length) override;
    int shutdown(ProviderSocket& s, int how) override;
    int send_to(ProviderSocket& s, std::span<const IoBuffer> buffers, std::uint32_t flags, const void* to,
                int to_length, std::size_t* sent) override;
    int receive_from(ProviderSocket& s, std::span<const IoBuffer> buffers, std::uint32_t* flags, void* from,
                     int* from_length, std::size_t* received) override;
    int get_option(ProviderSocket& s, int level, int name, void* value, int* length) override;
    int set_option(ProviderSocket& s, int level, int name, const void* value, int length) override;
    int ioctl(ProviderSocket& s, std::uint32_t command, std::uint32_t* argument) override;
    int local_name(ProviderSocket& s, void* name, int* name_length) override;
    int peer_name(ProviderSocket& s, void* name, int* name_length) override;
    void readiness(std::span<ProviderSocket* const> sockets, std::span<Readiness> out) override;
    EngineHost& host() override { return host_; }

private:
    EngineHost& host_;
};

}  // namespace sluice::provider
