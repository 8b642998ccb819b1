// Process-wide state of libsluice and the hosting of its stack: the startup
// hooks that bring up EAL, the port (if configured) and an engine on the
// first WSAStartup, and tear the engine down on the last WSACleanup.
// Invariants: runtime.hpp. Configuration: docs/configuration.md.
#include "runtime.hpp"

#include <sluice/nic/capture.hpp>
#include <sluice/nic/impair.hpp>
#include <sluice/nic/eal.hpp>
#include <sluice/nic/port.hpp>
#include <sluice/provider/stack_config.hpp>
#include <sluice/provider/wsa_constants.hpp>
#include <sluice/stack/core/tsc_clock.hpp>
#include <sluice/stack/engine.hpp>

#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

namespace sluice::api {
namespace {

/// What outlives sessions: EAL, the opened port, the configuration text.
/// Only touched by the startup hooks, which StartupState serialises.
struct ProcessHosting {
    std::unique_ptr<nic::Eal> eal;
    std::unique_ptr<nic::Port> port;
    std::optional<std::string> config_text;
    std::optional<Attachment> attachment;
    unsigned sessions = 0;
};

ProcessHosting& hosting() {
    static auto* const h = new ProcessHosting();
    return *h;
}

std::mutex& config_mutex() {
    static auto* const m = new std::mutex();
    return *m;
}

std::atomic<std::shared_ptr<Session>>& current_session() {
    static auto* const s = new std::atomic<std::shared_ptr<Session>>();
    return *s;
}

void report(const std::string& message) { std::fprintf(stderr, "sluice: %s\n", message.c_str()); }

/// The configuration in effect: sluice_set_config() text, else the file
/// named by SLUICE_CONFIG, else the embedded default.
provider::StackConfig load_configuration() {
    std::optional<std::string> text;
    {
        std::lock_guard lock(config_mutex());
        text = hosting().config_text;
    }
    std::string origin = "sluice_set_config()";
    if (!text) {
        const char* path = std::getenv(provider::kConfigEnvironmentVariable);
        if (path == nullptr || *path == '\0') return provider::StackConfig{};
        std::ifstream file(path);
        if (!file) throw std::runtime_error(std::string("cannot read ") + path + " (named by SLUICE_CONFIG)");
        std::ostringstream content;
        content << file.rdbuf();
        text = content.str();
        origin = path;
    }
    const provider::ConfigParse parsed = provider::parse_stack_config(*text);
    if (!parsed.config) throw std::runtime_error(origin + ": " + parsed.error);
    return *parsed.config;
}

rte_mempool* create_loopback_pool(std::uint32_t mbufs) {
    const std::string name = "sluice-lo-" + std::to_string(getpid()) + "-" + std::to_string(hosting().sessions);
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), mbufs, nic::mempool_cache_size(mbufs), 0,
                                                RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    if (pool == nullptr) throw std::runtime_error("cannot create the loopback mempool " + name);
    return pool;
}

/// The port's device: stack -> capture (pcap) -> fault injection (impair) ->
/// port, each layer only when configured, so a capture shows what the stack
/// sent and received, before the "wire" damaged it.
nic::Device& port_device(const provider::StackConfig& config, SessionDevices& devices) {
    ProcessHosting& h = hosting();
    if (!h.port) {
        const std::optional<std::uint16_t> port_id = nic::find_port(*config.port);
        if (!port_id) throw std::runtime_error("no ethdev port '" + *config.port + "' (give one with --vdev in eal)");
        nic::PortConfig port_config;
        port_config.port_id = *port_id;
        h.port = nic::Port::open(port_config);
    }
    nic::Device* device = &h.port->queue(0);
    if (config.impair) {
        devices.impair = std::make_unique<nic::ImpairingDevice>(*device, nic::parse_impair_config(*config.impair));
        device = devices.impair.get();
    }
    if (!config.pcap) return *device;
    devices.writer = nic::PcapngWriter::open(*config.pcap);
    devices.capture = std::make_unique<nic::CapturingDevice>(*device, *devices.writer, h.port->id(), 0);
    return *devices.capture;
}

std::optional<Attachment> current_attachment() {
    std::lock_guard lock(config_mutex());
    return hosting().attachment;
}

std::unique_ptr<stack::Engine> make_engine(const provider::StackConfig& config, const stack::TscClock& clock,
                                           SessionDevices& devices, rte_mempool*& owned_pool) {
    stack::EngineConfig engine_config;
    engine_config.ephemeral_seed = static_cast<std::uint32_t>(rte_rdtsc());
    engine_config.tcp.delayed_ack = std::chrono::milliseconds(config.tcp_delayed_ack_ms);
    engine_config.tcp.congestion = config.tcp_congestion;
    engine_config.tcp.msl = std::chrono::seconds(config.tcp_msl_s);
    if (const std::optional<Attachment> a = current_attachment()) {
        devices.adopted = nic::adopt_queue(a->port_id, a->queue_id, a->tx_pool);
        engine_config.address = a->ipv4;
        engine_config.gateway = a->gateway;
        return std::make_unique<stack::Engine>(*devices.adopted, engine_config, clock.now());
    }
    if (!config.port) {
        owned_pool = create_loopback_pool(config.mbufs);
        return std::make_unique<stack::Engine>(owned_pool, engine_config, clock.now());
    }
    engine_config.address = *config.ipv4;
    engine_config.gateway = config.gateway;
    engine_config.vlan_id = config.vlan;
    return std::make_unique<stack::Engine>(port_device(config, devices), engine_config, clock.now());
}

/// rte_eal_init() pins the calling thread to EAL's main lcore. A library must
/// not change its caller's scheduling (and threads created later, the engine
/// thread among them, would inherit the pin), so the caller's CPU set is put
/// back afterwards.
std::unique_ptr<nic::Eal> start_eal_keeping_affinity(const std::vector<std::string>& args) {
    cpu_set_t before;
    const bool saved = pthread_getaffinity_np(pthread_self(), sizeof before, &before) == 0;
    auto eal = nic::Eal::start(args, "sluice");
    if (saved) pthread_setaffinity_np(pthread_self(), sizeof before, &before);
    return eal;
}

/// At exit: a program that balanced its WSAStartup calls gets the port
/// closed and EAL cleaned up (its runtime files removed). One that did not
/// may still have threads inside sluice, so EAL is left alone; the next
/// start sweeps the stale runtime directory.
void clean_up_at_exit() {
    if (current_session().load()) return;
    ProcessHosting& h = hosting();
    h.port.reset();
    h.eal.reset();
}

int start_session() {
    rte_mempool* owned_pool = nullptr;
    try {
        const provider::StackConfig config = load_configuration();
        ProcessHosting& h = hosting();
        if (!h.eal && !current_attachment()) {  // an attaching application owns EAL
            h.eal = start_eal_keeping_affinity(config.eal_args);
            std::atexit(clean_up_at_exit);
        }
        ++h.sessions;
        const stack::TscClock clock;
        SessionDevices devices;
        auto engine = make_engine(config, clock, devices, owned_pool);
        auto host = std::make_unique<provider::EngineHost>(std::move(engine), clock, config.mode, config.idle,
                                                           config.engine_cpu);
        auto session = std::make_shared<Session>(std::move(devices), std::move(host), owned_pool, config.max_sockets);
        session->set_hostname(config.hostname);
        current_session().store(std::move(session));
        return 0;
    } catch (const std::exception& e) {
        if (owned_pool != nullptr) rte_mempool_free(owned_pool);
        report(std::string("WSAStartup cannot bring up the stack: ") + e.what());
        return provider::err::wsasysnotready;
    }
}

void end_session() {
    const std::shared_ptr<Session> s = current_session().exchange(nullptr);
    if (s) s->close_all();
}

}  // namespace

provider::StartupState& startup_state() {
    static auto* const state = new provider::StartupState(provider::StartupHooks{start_session, end_session});
    return *state;
}

namespace {
std::mutex& catalog_mutex() {
    static auto* const mutex = new std::mutex();
    return *mutex;
}
}  // namespace

const provider::Catalog& catalog() {
    static const auto* const base = new provider::Catalog(provider::Catalog::with_base_entries());
    return *base;
}

std::unique_lock<std::mutex> catalog_lock() { return std::unique_lock(catalog_mutex()); }

SessionDevices::SessionDevices() = default;
SessionDevices::~SessionDevices() = default;
SessionDevices::SessionDevices(SessionDevices&&) noexcept = default;
SessionDevices& SessionDevices::operator=(SessionDevices&&) noexcept = default;

Session::Session(SessionDevices devices, std::unique_ptr<provider::EngineHost> host, rte_mempool* owned_pool,
                 std::size_t max_sockets)
    : devices_(std::move(devices)),
      host_(std::move(host)),
      provider_(std::make_unique<provider::TcpIpProvider>(*host_)),
      sockets_(max_sockets),
      owned_pool_(owned_pool) {}

Session::~Session() {
    close_all();
    // Graceful closes finish delivering (bounded): a process that calls
    // WSACleanup right after closesocket must not lose its last data.
    constexpr std::chrono::milliseconds kCloseDrainLimit{1000};
    (void)host_->drain_closes(kCloseDrainLimit);
    provider_.reset();
    host_.reset();  // stops a threaded engine; the engine frees every queued mbuf
    if (owned_pool_ != nullptr) {
        if (rte_mempool_in_use_count(owned_pool_) == 0) {
            rte_mempool_free(owned_pool_);
        } else {
            report("loopback mempool still has mbufs in use at WSACleanup; left allocated");
        }
    }
}

void Session::close_all() {
    for (provider::SocketRecord& r : sockets_.remove_all()) (void)r.provider->close(*r.socket);
    host_->interrupt_waiters();
}

std::shared_ptr<Session> session() { return current_session().load(std::memory_order_acquire); }

void set_configuration_text(std::optional<std::string> text) {
    std::lock_guard lock(config_mutex());
    hosting().config_text = std::move(text);
}

bool set_attachment(std::optional<Attachment> attachment) {
    if (session()) return false;
    std::lock_guard lock(config_mutex());
    hosting().attachment = std::move(attachment);
    return true;
}

std::vector<std::pair<std::string, unsigned long long>> port_counters() {
    std::vector<std::pair<std::string, unsigned long long>> out;
    const nic::Port* port = hosting().port.get();
    if (port == nullptr) return out;
    const nic::PortStats stats = port->stats();
    out.emplace_back("port.rx_missed", stats.rx_missed);
    out.emplace_back("port.rx_errors", stats.rx_errors);
    out.emplace_back("port.tx_errors", stats.tx_errors);
    out.emplace_back("port.rx_nombuf", stats.rx_nombuf);
    return out;
}

std::optional<int> socket_byte_order(std::uintptr_t socket) {
    const std::shared_ptr<Session> s = session();
    if (!s) return std::nullopt;
    const std::optional<provider::SocketRecord> r = s->sockets().find(socket);
    if (!r) return std::nullopt;
    return r->socket->identity().entry.network_byte_order;
}

}  // namespace sluice::api
