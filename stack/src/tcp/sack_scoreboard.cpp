// The SACK scoreboard and RFC 6675 §4 queries. See sack_scoreboard.hpp.
//
// Internally positions are offsets from SND.UNA (`off()`), which order the
// outstanding space without wrap-around. IsLost is constant over a hole (the
// same ranges lie above every octet of it) and can only turn from false to
// true going down, so one walk from the top finds `lost_limit()`: the offset
// below which every unSACKed octet is lost.
#include <sluice/stack/tcp/sack_scoreboard.hpp>

#include <algorithm>
#include <iterator>
#include <vector>

namespace sluice::stack {

using tcp_seq::ge;
using tcp_seq::gt;
using tcp_seq::le;
using tcp_seq::lt;

SackScoreboard::SackScoreboard(Seq snd_una, std::uint32_t smss)
    : una_(snd_una), nxt_(snd_una), high_rxt_(snd_una), rescue_rxt_(snd_una), recovery_point_(snd_una) {
    set_smss(smss);
}

void SackScoreboard::set_smss(std::uint32_t smss) {
    smss_ = static_cast<std::uint16_t>(std::clamp<std::uint32_t>(smss, 1, 0xffff));
}

void SackScoreboard::on_send(Seq new_snd_nxt) {
    if (gt(new_snd_nxt, nxt_)) nxt_ = new_snd_nxt;
}

// ---- Update() ---------------------------------------------------------------

SackScoreboard::AckResult SackScoreboard::on_ack(Seq ack, std::span<const Range> blocks) {
    AckResult result;
    if (gt(ack, nxt_)) {
        result.ignored_blocks = static_cast<std::uint8_t>(std::min<std::size_t>(blocks.size(), 255));
        return result;
    }
    std::size_t first = 0;
    if (is_dsack(ack, blocks)) {
        result.dsack = true;
        result.dsack_block = blocks[0];
        first = 1;
    }
    const std::uint32_t sacked_now_acked = gt(ack, una_) ? advance(ack, result) : 0;
    for (std::size_t i = first; i < blocks.size(); ++i) record(blocks[i], result);
    result.delivered = result.newly_acked - sacked_now_acked + result.newly_sacked;
    release_if_empty();
    return result;
}

bool SackScoreboard::is_dsack(Seq ack, std::span<const Range> blocks) const {
    if (blocks.empty() || !lt(blocks[0].begin, blocks[0].end)) return false;
    const Range& b0 = blocks[0];
    if (lt(b0.begin, ack)) return true;  // below the cumulative ACK
    if (blocks.size() < 2 || !lt(blocks[1].begin, blocks[1].end)) return false;
    return ge(b0.begin, blocks[1].begin) && le(b0.end, blocks[1].end);  // within the second block
}

// Advances SND.UNA to `ack` (after SND.UNA, at most SND.NXT). Returns the
// SACKed bytes the advance covered.
std::uint32_t SackScoreboard::advance(Seq ack, AckResult& result) {
    const std::uint32_t ack_off = off(ack);
    const auto covered = std::partition_point(ranges_.begin(), ranges_.end(),
                                              [&](const Range& r) { return off(r.end) <= ack_off; });
    std::uint32_t sacked = 0;
    for (auto it = ranges_.begin(); it != covered; ++it) sacked += it->length();
    ranges_.erase(ranges_.begin(), covered);
    if (!ranges_.empty() && off(ranges_.front().begin) < ack_off) {
        sacked += ack - ranges_.front().begin;
        ranges_.front().begin = ack;
    }
    result.newly_acked = ack_off;
    una_ = ack;
    if (lt(high_rxt_, una_)) high_rxt_ = una_;
    if (in_recovery_ && ge(una_, recovery_point_)) {
        end_recovery();
        result.recovery_ended = true;
    }
    if (!in_recovery_ && ge(una_, recovery_point_)) recovery_point_ = una_;
    return sacked;
}

void SackScoreboard::record(Range block, AckResult& result) {
    const bool valid = lt(block.begin, block.end) && gt(block.end, una_) && le(block.end, nxt_);
    if (valid) {
        block.begin = tcp_seq::max(block.begin, una_);
        if (insert(block, result.newly_sacked)) return;
    }
    if (result.ignored_blocks < 255) ++result.ignored_blocks;
}

// Merges `block` (within [SND.UNA, SND.NXT)) into the ranges. False when it
// would need a new range beyond kMaxRanges.
bool SackScoreboard::insert(Range block, std::uint32_t& newly_sacked) {
    const std::uint32_t b = off(block.begin);
    const std::uint32_t e = off(block.end);
    // Ranges that overlap or touch [b, e): [first, last), by binary search.
    const auto first = std::partition_point(ranges_.begin(), ranges_.end(),
                                            [&](const Range& r) { return off(r.end) < b; });
    const auto last = std::partition_point(first, ranges_.end(),
                                           [&](const Range& r) { return off(r.begin) <= e; });
    if (first == last) {
        if (ranges_.size() >= kMaxRanges) return false;
        ranges_.insert(first, block);
        newly_sacked += e - b;
        return true;
    }
    std::uint32_t already = 0;
    for (auto it = first; it != last; ++it) {
        const std::uint32_t lo = std::max(b, off(it->begin));
        const std::uint32_t hi = std::min(e, off(it->end));
        if (hi > lo) already += hi - lo;
    }
    newly_sacked += (e - b) - already;
    const Range merged{una_ + std::min(b, off(first->begin)), una_ + std::max(e, off(std::prev(last)->end))};
    *first = merged;
    ranges_.erase(std::next(first), last);
    return true;
}

void SackScoreboard::release_if_empty() {
    if (ranges_.empty() && ranges_.capacity() != 0) std::vector<Range>().swap(ranges_);
}

// ---- IsLost(), SetPipe() ----------------------------------------------------

bool SackScoreboard::is_lost(Seq seq) const {
    if (off(seq) >= off(nxt_)) return false;
    const std::uint32_t above = off(seq) + 1;  // the octets after `seq`
    std::uint32_t count = 0;
    std::uint32_t bytes = 0;
    for (auto it = ranges_.rbegin(); it != ranges_.rend() && off(it->end) > above; ++it) {
        ++count;
        bytes += off(it->end) - std::max(off(it->begin), above);
    }
    return count >= dup_thresh_ || bytes > (dup_thresh_ - 1) * smss();
}

// The offset below which every unSACKed octet IsLost: the start of the
// highest range with DupThresh ranges or more than (DupThresh-1)*SMSS SACKed
// bytes from it upwards; 0 when there is none.
std::uint32_t SackScoreboard::lost_limit() const {
    std::uint32_t bytes = 0;
    for (std::size_t k = ranges_.size(); k-- > 0;) {
        bytes += ranges_[k].length();
        const bool lost = ranges_.size() - k >= dup_thresh_ || bytes > (dup_thresh_ - 1) * smss();
        if (lost) return off(ranges_[k].begin);
    }
    return 0;
}

std::uint32_t SackScoreboard::pipe() const {
    const std::uint32_t lost_below = lost_limit();
    const std::uint32_t rxt = off(high_rxt_);
    std::uint32_t pipe = 0;
    auto count_hole = [&](std::uint32_t b, std::uint32_t e) {
        if (b >= lost_below) pipe += e - b;         // not IsLost
        if (rxt > b) pipe += std::min(e, rxt) - b;  // at or below HighRxt
    };
    std::uint32_t from = 0;
    for (const Range& r : ranges_) {
        if (off(r.begin) > from) count_hole(from, off(r.begin));
        from = off(r.end);
    }
    if (off(nxt_) > from) count_hole(from, off(nxt_));
    return pipe;
}

std::uint32_t SackScoreboard::sacked_bytes() const {
    std::uint32_t bytes = 0;
    for (const Range& r : ranges_) bytes += r.length();
    return bytes;
}

bool SackScoreboard::covers(Range range) const {
    if (!lt(range.begin, range.end) || lt(range.begin, una_)) return false;
    const std::uint32_t b = off(range.begin);
    const auto it = std::partition_point(ranges_.begin(), ranges_.end(),
                                         [&](const Range& r) { return off(r.end) <= b; });
    return it != ranges_.end() && off(it->begin) <= b && off(range.end) <= off(it->end);
}

SackScoreboard::Range SackScoreboard::next_hole(Seq from) const {
    std::uint32_t at = lt(from, una_) ? 0 : std::min(off(from), off(nxt_));
    for (const Range& r : ranges_) {
        if (at < off(r.begin)) return {una_ + at, r.begin};
        at = std::max(at, off(r.end));
    }
    return {una_ + at, nxt_};
}

// ---- NextSeg() and transmission --------------------------------------------

SackScoreboard::Segment SackScoreboard::next_seg(std::uint32_t new_data_allowed) const {
    if (!in_recovery_) return {};
    // Rules (1) and (3) both want the first unSACKed octet S >= HighRxt + 1
    // below the highest SACKed octet; (1) also wants IsLost(S).
    const Range hole = next_hole(high_rxt_);
    const bool below_sacked = !ranges_.empty() && lt(hole.begin, ranges_.back().end);
    if (below_sacked && off(hole.begin) < lost_limit()) return {Rule::lost, segment_at(hole)};
    if (new_data_allowed > 0) return {Rule::new_data, {nxt_, nxt_ + std::min(smss(), new_data_allowed)}};
    if (below_sacked) return {Rule::unsacked, segment_at(hole)};
    return rescue_segment();
}

SackScoreboard::Range SackScoreboard::segment_at(Range hole) const {
    return {hole.begin, hole.begin + std::min(smss(), hole.length())};
}

// Rule (4): once per recovery (HighACK > RescueRxt), up to SMSS octets ending
// with the highest unSACKed octet.
SackScoreboard::Segment SackScoreboard::rescue_segment() const {
    if (!gt(una_, rescue_rxt_)) return {};
    Range hole{nxt_, nxt_};
    if (ranges_.empty() || lt(ranges_.back().end, nxt_)) {
        hole.begin = ranges_.empty() ? una_ : ranges_.back().end;
    } else {
        hole = {ranges_.size() > 1 ? ranges_[ranges_.size() - 2].end : una_, ranges_.back().begin};
    }
    if (hole.length() == 0) return {};
    return {Rule::rescue, {hole.end - std::min(smss(), hole.length()), hole.end}};
}

void SackScoreboard::on_sent(const Segment& segment) {
    switch (segment.rule) {
    case Rule::none: return;
    case Rule::new_data: on_send(segment.range.end); return;
    case Rule::lost:
    case Rule::unsacked: mark_retransmitted(segment.range); return;
    case Rule::rescue: rescue_rxt_ = recovery_point_; return;  // HighRxt untouched
    }
}

void SackScoreboard::mark_retransmitted(Range range) {
    const Seq end = tcp_seq::min(range.end, nxt_);
    if (in_recovery_ && gt(end, high_rxt_)) high_rxt_ = end;
}

// ---- Recovery ---------------------------------------------------------------

SackScoreboard::Range SackScoreboard::enter_recovery() {
    in_recovery_ = true;
    recovery_point_ = nxt_;
    const Range first = segment_at(next_hole(una_));
    high_rxt_ = first.end;
    rescue_rxt_ = first.end;
    return first;
}

void SackScoreboard::end_recovery() {
    in_recovery_ = false;
    high_rxt_ = una_;
    rescue_rxt_ = una_;
}

void SackScoreboard::on_rto() {
    end_recovery();
    recovery_point_ = nxt_;
    ranges_.clear();
    release_if_empty();
}

bool SackScoreboard::may_enter_recovery() const { return !in_recovery_ && ge(una_, recovery_point_); }

}  // namespace sluice::stack
