// The IPv4 neighbour cache. Behaviour and invariants: arp_cache.hpp.
// RFC 826 ("Packet Reception"), RFC 1122 section 2.3.2.1 (cache validation,
// request flooding limits) and 2.3.2.2 (queue of packets awaiting resolution).
#include <sluice/stack/net/arp_cache.hpp>

#include <algorithm>

namespace sluice::stack {

ArpCache::ArpCache(const ArpConfig& config, TimerWheel& timers, ArpSink& sink, StackCounters& counters)
    : config_(config), timers_(timers), sink_(sink), counters_(counters) {
    if (config_.max_requests == 0) config_.max_requests = 1;
    if (config_.max_queued_per_entry == 0) config_.max_queued_per_entry = 1;
}

ArpCache::~ArpCache() {
    for (auto& [ip, entry] : entries_) {
        for (rte_mbuf* m : entry->waiting) rte_pktmbuf_free(m);
    }
}

ArpCache::Entry* ArpCache::find(wire::Ipv4Addr ip) const {
    if (last_hit_ != nullptr && last_hit_->ip == ip) return last_hit_;
    auto it = entries_.find(ip.value);
    if (it == entries_.end()) return nullptr;
    last_hit_ = it->second.get();
    return last_hit_;
}

ArpCache::Entry* ArpCache::create_entry(wire::Ipv4Addr ip, NeighborState state) {
    auto entry = std::make_unique<Entry>();
    Entry* e = entry.get();
    e->ip = ip;
    e->state = state;
    if (state == NeighborState::incomplete) ++incomplete_;
    e->waiting.reserve(config_.max_queued_per_entry);
    e->timer.set_callback([this, e](Instant now) { on_timer(*e, now); });
    entries_.emplace(ip.value, std::move(entry));
    return e;
}

bool ArpCache::make_room() {
    if (entries_.size() < config_.capacity) return true;
    Entry* victim = nullptr;
    for (auto& [ip, entry] : entries_) {
        if (entry->state != NeighborState::reachable) continue;
        if (victim == nullptr || entry->expires < victim->expires) victim = entry.get();
    }
    if (victim == nullptr) return false;
    remove(*victim);
    return true;
}

void ArpCache::send(wire::Ipv4Addr next_hop, rte_mbuf* packet, Instant now) {
    if (Entry* e = find(next_hop)) {
        if (e->state == NeighborState::reachable) {
            maybe_refresh(*e, now);
            sink_.transmit_resolved(packet, e->mac);
        } else {
            enqueue(*e, packet);
        }
        return;
    }
    if (incomplete_ >= config_.max_incomplete || !make_room()) {
        sink_.drop_packet(packet, Drop::arp_cache_full);
        return;
    }
    Entry* e = create_entry(next_hop, NeighborState::incomplete);
    enqueue(*e, packet);
    start_resolution(*e, now);
}

void ArpCache::enqueue(Entry& e, rte_mbuf* packet) {
    if (e.waiting.size() >= config_.max_queued_per_entry) {
        sink_.drop_packet(e.waiting.front(), Drop::arp_queue_full);
        e.waiting.erase(e.waiting.begin());
        --queued_total_;
    }
    if (queued_total_ >= config_.max_queued_total && !e.waiting.empty()) {
        // Over the global bound: keep this entry's one packet (RFC 1122
        // 2.3.2.2), refuse more.
        sink_.drop_packet(packet, Drop::arp_queue_full);
        return;
    }
    e.waiting.push_back(packet);
    ++queued_total_;
}

void ArpCache::start_resolution(Entry& e, Instant now) {
    e.state = NeighborState::incomplete;
    e.requests_sent = 1;
    sink_.send_arp_request(e.ip, std::nullopt);
    timers_.schedule(e.timer, now + config_.retransmit_interval);
}

void ArpCache::maybe_refresh(Entry& e, Instant now) {
    // Refresh a busy entry shortly before it expires, unicast to the MAC we
    // have (RFC 1122 2.3.2.1 suggests unicast polling for validation).
    if (e.refresh_sent || now < e.expires - config_.refresh_before) return;
    e.refresh_sent = true;
    sink_.send_arp_request(e.ip, e.mac);
}

bool ArpCache::learn(wire::Ipv4Addr ip, const wire::MacAddr& mac, bool create, Instant now) {
    Entry* e = find(ip);
    if (e == nullptr) {
        if (!create || entries_.size() >= config_.capacity) return false;
        e = create_entry(ip, NeighborState::reachable);
    }
    mark_reachable(*e, mac, now);
    release_waiting(*e);
    return true;
}

void ArpCache::mark_reachable(Entry& e, const wire::MacAddr& mac, Instant now) {
    if (e.state == NeighborState::incomplete) --incomplete_;
    e.mac = mac;
    e.state = NeighborState::reachable;
    e.expires = now + config_.reachable_time;
    e.requests_sent = 0;
    e.refresh_sent = false;
    timers_.schedule(e.timer, e.expires);
}

void ArpCache::release_waiting(Entry& e) {
    std::vector<rte_mbuf*> ready;
    ready.swap(e.waiting);
    queued_total_ -= ready.size();
    e.waiting.reserve(config_.max_queued_per_entry);
    for (rte_mbuf* m : ready) sink_.transmit_resolved(m, e.mac);
}

void ArpCache::on_timer(Entry& e, Instant now) {
    if (e.state == NeighborState::reachable) {
        ++counters_.events.arp_entries_expired;
        remove(e);
        return;
    }
    if (e.requests_sent < config_.max_requests) {
        ++e.requests_sent;
        sink_.send_arp_request(e.ip, std::nullopt);
        timers_.schedule(e.timer, now + config_.retransmit_interval);
        return;
    }
    remove(e);
}

void ArpCache::remove(Entry& e) {
    for (rte_mbuf* m : e.waiting) sink_.drop_packet(m, Drop::arp_unresolved);
    queued_total_ -= e.waiting.size();
    e.waiting.clear();
    if (e.state == NeighborState::incomplete) --incomplete_;
    timers_.cancel(e.timer);
    if (last_hit_ == &e) last_hit_ = nullptr;
    entries_.erase(e.ip.value);  // destroys e
}

std::optional<wire::MacAddr> ArpCache::lookup(wire::Ipv4Addr ip) const {
    const Entry* e = find(ip);
    if (e == nullptr || e->state != NeighborState::reachable) return std::nullopt;
    return e->mac;
}

std::optional<NeighborState> ArpCache::state(wire::Ipv4Addr ip) const {
    const Entry* e = find(ip);
    if (e == nullptr) return std::nullopt;
    return e->state;
}

std::size_t ArpCache::queued(wire::Ipv4Addr ip) const {
    const Entry* e = find(ip);
    return e == nullptr ? 0 : e->waiting.size();
}

}  // namespace sluice::stack
