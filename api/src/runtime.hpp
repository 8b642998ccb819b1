// The process-wide state behind the exported entry points: the WSAStartup
// reference count, the protocol catalog, and the session (the stack hosted
// between the first WSAStartup and the last WSACleanup).
//
// Invariants:
//  - StartupState and the catalog live for the whole process (leaked on
//    purpose: WSACleanup from another static destructor must still find them).
//  - The catalog is read and written only under catalog_lock().
//  - A session exists exactly while the startup count is above zero: the
//    first WSAStartup creates it (startup hook), the last WSACleanup closes
//    every socket and drops it. Calls in flight hold a shared reference, so
//    the engine outlives them; blocked calls are woken and return WSAEINTR.
//  - EAL is initialised at most once per process (DPDK cannot re-initialise
//    it); the port of a configuration is opened once and kept. Sessions after
//    the first reuse both; each session has an engine (and, loopback-only, a
//    mempool) of its own.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/engine_host.hpp>
#include <sluice/provider/socket_table.hpp>
#include <sluice/provider/startup.hpp>
#include <sluice/provider/tcpip_provider.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct rte_mempool;

namespace sluice::api {

provider::StartupState& startup_state();

/// The catalog, to be used only while holding catalog_lock().
const provider::Catalog& catalog();
std::unique_lock<std::mutex> catalog_lock();

/// One WSAStartup session's stack.
class Session {
public:
    Session(std::unique_ptr<provider::EngineHost> host, rte_mempool* owned_pool);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    provider::ServiceProvider& provider() { return *provider_; }
    provider::SocketTable& sockets() { return sockets_; }
    provider::EngineHost& host() { return *host_; }

    /// Closes every socket and wakes every blocked call (last WSACleanup).
    void close_all();

private:
    std::unique_ptr<provider::EngineHost> host_;
    std::unique_ptr<provider::TcpIpProvider> provider_;
    provider::SocketTable sockets_;
    rte_mempool* owned_pool_;
};

/// The current session, or null when Winsock is not started.
std::shared_ptr<Session> session();

/// Configuration text given by sluice_set_config() (nullopt: none given).
void set_configuration_text(std::optional<std::string> text);

/// The port's statistics as (name, value) pairs; empty without a port.
std::vector<std::pair<std::string, unsigned long long>> port_counters();

/// The calling thread's SO_OPENTYPE (per thread, WS-OPT-01).
inline int& thread_open_type() {
    thread_local int open_type = 0;
    return open_type;
}

/// The iNetworkByteOrder of the provider behind `socket`, nullopt when
/// `socket` is not a socket.
std::optional<int> socket_byte_order(std::uintptr_t socket);

}  // namespace sluice::api
