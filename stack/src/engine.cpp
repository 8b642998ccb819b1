// Engine: the per-queue poll loop. See engine.hpp for the call order.
#include <sluice/stack/engine.hpp>

#include <rte_prefetch.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sluice::stack {

InterfaceConfig Engine::make_interface(const nic::Device& device, const EngineConfig& config) {
    const nic::DeviceCapabilities& caps = device.capabilities();
    InterfaceConfig iface;
    iface.mac = config.mac.value_or(wire::MacAddr::from_bytes({caps.mac.addr_bytes, 6}));
    iface.address = config.address;
    iface.gateway = config.gateway;
    iface.vlan_id = config.vlan_id;
    iface.mtu = config.mtu.value_or(caps.mtu);
    if (iface.address.address.is_unspecified()) throw std::invalid_argument("engine: no IPv4 address");
    if (iface.address.address.is_loopback() || iface.address.address.is_multicast())
        throw std::invalid_argument("engine: " + iface.address.to_string() + " cannot be an interface address");
    if (iface.vlan_id && (*iface.vlan_id == 0 || *iface.vlan_id > 4094))
        throw std::invalid_argument("engine: VLAN id must be 1..4094");
    if (iface.gateway && !iface.address.contains(*iface.gateway))
        throw std::invalid_argument("engine: gateway " + iface.gateway->to_string() + " is not in " +
                                    iface.address.to_string());
    return iface;
}

Engine::Engine(nic::Device& device, const EngineConfig& config, Instant now)
    : config_(config),
      ctx_(&device, device.tx_pool(), make_interface(device, config), now),
      link_(std::make_unique<LinkLayer>(ctx_, config.arp)),
      ipv4_(ctx_, link_.get(), loopback_),
      icmp_(ctx_, ipv4_),
      udp_(ctx_, ipv4_, icmp_, config.ephemeral_seed),
      raw_(ctx_, ipv4_),
      tcp_(ctx_, &ipv4_, config.tcp, config.ephemeral_seed) {
    register_tcp();
    config_.rx_burst = std::clamp<std::uint16_t>(config_.rx_burst, 1, 256);
}

Engine::Engine(rte_mempool* pool, const EngineConfig& config, Instant now)
    : config_(config),
      ctx_(nullptr, pool, std::nullopt, now),
      ipv4_(ctx_, nullptr, loopback_),
      icmp_(ctx_, ipv4_),
      udp_(ctx_, ipv4_, icmp_, config.ephemeral_seed),
      raw_(ctx_, ipv4_),
      tcp_(ctx_, &ipv4_, config.tcp, config.ephemeral_seed) {
    register_tcp();
    if (pool == nullptr) throw std::invalid_argument("engine: no mempool");
}

void Engine::register_tcp() {
    ipv4_.register_protocol(wire::ipproto::tcp, &tcp_);
    icmp_.register_error_sink(wire::ipproto::tcp, &tcp_);
}

void Engine::start(Instant now) {
    ctx_.timers.advance(now);
    if (link_) link_->announce();
    ctx_.tx.flush();
}

unsigned Engine::poll(Instant now) {
    std::uint16_t received = 0;
    if (ctx_.device != nullptr) {
        std::array<rte_mbuf*, 256> frames;
        received = ctx_.device->rx_burst(frames.data(), config_.rx_burst);
        for (std::uint16_t i = 0; i < received; ++i) {
            if (i + 1 < received) rte_prefetch0(rte_pktmbuf_mtod(frames[i + 1], void*));
            ++ctx_.counters.events.rx_frames;
            ctx_.counters.events.rx_bytes += rte_pktmbuf_pkt_len(frames[i]);
            link_->receive(frames[i], now);
        }
    }
    const std::size_t looped = loopback_.drain([&](rte_mbuf* m) { ipv4_.receive_loopback(m, now); });
    const std::size_t fired = ctx_.timers.advance(now);
    unsigned sent = ctx_.tx.flush();
    if (!ctx_.tx.device_full() && tcp_.transmit_waiting()) {
        tcp_.resume_transmit(now);
        sent += ctx_.tx.flush();
    }
    return received + static_cast<unsigned>(looped + fired) + sent;
}

}  // namespace sluice::stack
