// UrgentData: Windows' out-of-band bytes on the receive side. See urgent.hpp.
#include <sluice/stack/tcp/receive_buffer.hpp>
#include <sluice/stack/tcp/urgent.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace sluice::stack {

void UrgentData::announce(SeqNum urgent_byte, SeqNum read_point) {
    if (seq_lt(urgent_byte, read_point)) return;  // already read as normal data
    const auto newer = [&](const std::deque<SeqNum>& q) { return q.empty() || seq_gt(urgent_byte, q.back()); };
    if (!newer(pending_) || !newer(skip_) || !newer(inline_)) return;  // the same mark again (URG rides every segment)
    pending_.push_back(urgent_byte);
}

void UrgentData::take_arrived(TcpReceiveBuffer& rbuf) {
    const SeqNum read_point = rbuf.next() - static_cast<std::uint32_t>(rbuf.readable());
    while (!pending_.empty() && seq_lt(pending_.front(), rbuf.next())) {
        const SeqNum mark = pending_.front();
        pending_.pop_front();
        if (seq_lt(mark, read_point)) continue;  // read meanwhile as normal data
        // The byte sits `offset` bytes into the readable data: peek up to it
        // (urgent data is rare; the copy is bounded by the receive buffer).
        const std::size_t offset = seq_distance(read_point, mark);
        std::vector<std::uint8_t> scratch(offset + 1);
        (void)rbuf.read(scratch, true);
        bytes_.push_back(scratch[offset]);
        skip_.push_back(mark);
    }
}

bool UrgentData::pop(std::uint8_t& byte) {
    if (bytes_.empty()) return false;
    byte = bytes_.front();
    bytes_.pop_front();
    return true;
}

std::size_t UrgentData::run_before_mark(SeqNum read_point) const {
    if (skip_.empty()) return std::numeric_limits<std::size_t>::max();
    return seq_distance(read_point, skip_.front());
}

void UrgentData::stepped_over(SeqNum read_point) {
    if (at_mark(read_point)) skip_.pop_front();
}

void UrgentData::make_inline() {
    // The marks whose byte is both unread and still in the stream are the
    // newest min(|bytes_|, |skip_|) of the marks taken (both are suffixes).
    const std::size_t back_inline = std::min(bytes_.size(), skip_.size());
    inline_.insert(inline_.end(), skip_.end() - static_cast<std::ptrdiff_t>(back_inline), skip_.end());
    skip_.erase(skip_.end() - static_cast<std::ptrdiff_t>(back_inline), skip_.end());
    bytes_.clear();  // the rest were passed by normal reads: nowhere to put them
    inline_.insert(inline_.end(), pending_.begin(), pending_.end());
    pending_.clear();
}

void UrgentData::read_to(SeqNum read_point) {
    while (!inline_.empty() && seq_lt(inline_.front(), read_point)) inline_.pop_front();
}

}  // namespace sluice::stack
