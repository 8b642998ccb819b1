// TxBatch::flush: one tx burst; what the device refuses stays, in order.
#include <sluice/stack/net/tx_batch.hpp>

#include <algorithm>

namespace sluice::stack {

TxBatch::~TxBatch() {
    flush();
    for (std::uint16_t i = 0; i < count_; ++i) rte_pktmbuf_free(frames_[i]);
    counters_.drop(Drop::tx_queue_full, count_);
}

std::uint16_t TxBatch::flush() {
    if (count_ == 0) return 0;
    const std::uint16_t sent = device_ != nullptr ? device_->tx_burst(frames_.data(), count_) : 0;
    std::uint64_t bytes = 0;
    for (std::uint16_t i = 0; i < sent; ++i) bytes += rte_pktmbuf_pkt_len(frames_[i]);
    counters_.events.tx_frames += sent;
    counters_.events.tx_bytes += bytes;
    std::copy(frames_.begin() + sent, frames_.begin() + count_, frames_.begin());
    count_ = static_cast<std::uint16_t>(count_ - sent);
    stalled_flushes_ = sent == 0 && count_ != 0 ? stalled_flushes_ + 1 : 0;
    if (stalled_flushes_ >= kStalledFlushLimit) drop_front();
    held_ = count_;
    return sent;
}

void TxBatch::drop_front() {
    rte_pktmbuf_free(frames_[0]);
    counters_.drop(Drop::tx_queue_full);
    std::copy(frames_.begin() + 1, frames_.begin() + count_, frames_.begin());
    --count_;
    stalled_flushes_ = 0;
}

void TxBatch::overflow(rte_mbuf* frame) {
    rte_pktmbuf_free(frame);
    counters_.drop(Drop::tx_queue_full);
}

}  // namespace sluice::stack
