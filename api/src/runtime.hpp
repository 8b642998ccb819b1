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
#include <sluice/stack/wire/address.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct rte_mempool;

namespace sluice::nic {
class PcapngWriter;
class CapturingDevice;
class ImpairingDevice;
class EthdevQueue;
}  // namespace sluice::nic

namespace sluice::api {

/// Per-session device decorators (pcapng capture), destroyed after the engine.
struct SessionDevices {
    SessionDevices();
    ~SessionDevices();
    SessionDevices(SessionDevices&&) noexcept;
    SessionDevices& operator=(SessionDevices&&) noexcept;
    std::unique_ptr<nic::EthdevQueue> adopted;  ///< an application's queue (sluice_attach_port)
    /// Declared before the capture, which sits on it: destroyed after it.
    std::unique_ptr<nic::ImpairingDevice> impair;  ///< fault injection (config key impair)
    std::unique_ptr<nic::PcapngWriter> writer;
    std::unique_ptr<nic::CapturingDevice> capture;
};

/// A queue pair handed over by sluice_attach_port().
struct Attachment {
    std::uint16_t port_id = 0;
    std::uint16_t queue_id = 0;
    rte_mempool* tx_pool = nullptr;
    wire::Ipv4Cidr ipv4;
    std::optional<wire::Ipv4Addr> gateway;
};

provider::StartupState& startup_state();

/// The catalog, to be used only while holding catalog_lock().
const provider::Catalog& catalog();
std::unique_lock<std::mutex> catalog_lock();

/// One WSAStartup session's stack.
class Session {
public:
    Session(SessionDevices devices, std::unique_ptr<provider::EngineHost> host, rte_mempool* owned_pool,
            std::size_t max_sockets);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    provider::ServiceProvider& provider() { return *provider_; }
    provider::SocketTable& sockets() { return sockets_; }
    provider::EngineHost& host() { return *host_; }
    /// What gethostname reports (the configuration's hostname).
    const std::string& hostname() const { return hostname_; }
    void set_hostname(std::string name) { hostname_ = std::move(name); }

    /// Closes every socket and wakes every blocked call (last WSACleanup).
    void close_all();

private:
    SessionDevices devices_;  ///< first: outlives the engine that uses them
    std::unique_ptr<provider::EngineHost> host_;
    std::unique_ptr<provider::TcpIpProvider> provider_;
    provider::SocketTable sockets_;
    rte_mempool* owned_pool_;
    std::string hostname_ = "sluice";
};

/// The current session, or null when Winsock is not started.
std::shared_ptr<Session> session();

/// Configuration text given by sluice_set_config() (nullopt: none given).
void set_configuration_text(std::optional<std::string> text);

/// Records (or with nullopt forgets) an attachment; false when a session is
/// running (it applies to the next start-up only).
bool set_attachment(std::optional<Attachment> attachment);

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
