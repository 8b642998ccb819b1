// DatagramQueue: receive queue accounting and Windows receive semantics.
// Invariants: datagram_queue.hpp.
#include <sluice/stack/socket/datagram_queue.hpp>

#include <sluice/stack/net/packet.hpp>

#include <algorithm>

namespace sluice::stack {

Drop DatagramQueue::push(rte_mbuf* data, std::size_t size, const Endpoint& from, std::size_t receive_buffer,
                         Drop buffer_full) {
    if (!fits(size, receive_buffer)) return buffer_full;
    const std::size_t segments = data->nb_segs;
    if (!ctx_.charge_socket_mbufs(segments)) return Drop::socket_memory_full;
    const std::size_t charge = charge_for(size);
    queue_.push_back({data, size, charge, segments, from});
    charged_ += charge;
    payload_ += size;
    return Drop::none;
}

SocketError DatagramQueue::receive(wire::MutableBytes buffer, ReceivedDatagram& out, bool peek) {
    if (queue_.empty()) return SocketError::would_block;
    const Datagram& d = queue_.front();
    out.datagram_size = d.size;
    out.from = d.from;
    out.copied = std::min(buffer.size(), d.size);
    copy_out(d.data, 0, static_cast<std::uint32_t>(out.copied), buffer.data());
    const bool truncated = d.size > buffer.size();
    if (!peek) pop_front();
    return truncated ? SocketError::message_too_long : SocketError::none;
}

void DatagramQueue::clear() {
    while (!queue_.empty()) pop_front();
}

void DatagramQueue::pop_front() {
    const Datagram& d = queue_.front();
    charged_ -= d.charge;
    payload_ -= d.size;
    ctx_.release_socket_mbufs(d.segments);
    rte_pktmbuf_free(d.data);
    queue_.pop_front();
}

}  // namespace sluice::stack
