// TxBatch::flush: one tx burst, free and count what the device refused.
#include <sluice/stack/net/tx_batch.hpp>

namespace sluice::stack {

std::uint16_t TxBatch::flush() {
    if (count_ == 0) return 0;
    std::uint64_t bytes = 0;
    for (std::uint16_t i = 0; i < count_; ++i) bytes += rte_pktmbuf_pkt_len(frames_[i]);
    const std::uint16_t sent = device_ != nullptr ? device_->tx_burst(frames_.data(), count_) : 0;
    for (std::uint16_t i = sent; i < count_; ++i) {
        bytes -= rte_pktmbuf_pkt_len(frames_[i]);
        rte_pktmbuf_free(frames_[i]);
    }
    counters_.events.tx_frames += sent;
    counters_.events.tx_bytes += bytes;
    counters_.drop(Drop::tx_queue_full, count_ - sent);
    count_ = 0;
    return sent;
}

}  // namespace sluice::stack
