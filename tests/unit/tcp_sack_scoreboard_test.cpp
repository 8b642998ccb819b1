// SackScoreboard (RFC 2018, RFC 2883, RFC 6675): recording and merging SACK
// blocks, out-of-window and invalid blocks, D-SACK detection (RFC 2883 §4.1's
// examples), cumulative ACKs, IsLost's two rules, SetPipe values, NextSeg's
// rule order and hole selection, the rescue retransmission, recovery and RTO
// bookkeeping, sequence wrap-around, and a randomised comparison against an
// octet-by-octet model written straight from the RFC 6675 §4 definitions.
#include <sluice/stack/tcp/sack_scoreboard.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <random>
#include <vector>

using namespace sluice::stack;

namespace {

using SB = SackScoreboard;
using Range = SB::Range;
using Rule = SB::Rule;
using Seq = SB::Seq;

constexpr std::uint32_t kMss = 1000;

// `segments` full-sized segments sent from `una`.
SB sent(Seq una, std::uint32_t segments, std::uint32_t mss = kMss) {
    SB sb(una, mss);
    sb.on_send(una + segments * mss);
    return sb;
}

SB::AckResult ack(SB& sb, Seq cumulative, std::initializer_list<Range> blocks = {}) {
    const std::vector<Range> v(blocks);
    return sb.on_ack(cumulative, v);
}

std::vector<Range> ranges(const SB& sb) { return {sb.sacked().begin(), sb.sacked().end()}; }

SB::Segment seg(Rule rule, Seq begin, Seq end) { return {rule, {begin, end}}; }

// Sends what next_seg() chooses; returns it.
SB::Segment send_next(SB& sb, std::uint32_t new_data_allowed = 0) {
    const SB::Segment s = sb.next_seg(new_data_allowed);
    sb.on_sent(s);
    return s;
}

}  // namespace

// ---- Construction -----------------------------------------------------------

TEST(SackScoreboard, EmptyScoreboardIsCompactAndQuiet) {
    static_assert(sizeof(void*) != 8 || sizeof(SB) <= 48, "one per connection: keep it small");
    SB sb(1000, kMss);
    EXPECT_EQ(sb.heap_bytes(), 0u);
    EXPECT_EQ(sb.pipe(), 0u);
    EXPECT_EQ(sb.sacked_bytes(), 0u);
    EXPECT_FALSE(sb.in_recovery());
    EXPECT_TRUE(sb.may_enter_recovery());
    EXPECT_EQ(sb.next_seg(1000), SB::Segment{});
    EXPECT_EQ(sb.snd_una(), 1000u);
    EXPECT_EQ(sb.snd_nxt(), 1000u);
}

TEST(SackScoreboard, SmssIsClampedToSixteenBits) {
    EXPECT_EQ(SB(0, 0).smss(), 1u);
    EXPECT_EQ(SB(0, 70000).smss(), 65535u);
    SB sb(0, 1460);
    sb.set_smss(9000);
    EXPECT_EQ(sb.smss(), 9000u);
}

TEST(SackScoreboard, SndNxtOnlyMovesForward) {
    SB sb = sent(1000, 5);
    sb.on_send(3000);
    EXPECT_EQ(sb.snd_nxt(), 6000u);
}

// ---- Update(): recording and merging ----------------------------------------

TEST(SackScoreboard, RecordsBlocksInSequenceOrder) {
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 1000, {{7000, 8000}, {3000, 4000}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{3000, 4000}, {7000, 8000}}));
    EXPECT_EQ(r.newly_sacked, 2000u);
    EXPECT_EQ(r.newly_acked, 0u);
    EXPECT_EQ(r.delivered, 2000u);
    EXPECT_EQ(r.ignored_blocks, 0u);
    EXPECT_FALSE(r.dsack);
    EXPECT_EQ(sb.sacked_bytes(), 2000u);
}

TEST(SackScoreboard, MergesOverlappingBlocks) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}});
    const auto r = ack(sb, 1000, {{3500, 5000}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{3000, 5000}}));
    EXPECT_EQ(r.newly_sacked, 1000u);
}

TEST(SackScoreboard, MergesAdjacentBlocks) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}});
    ack(sb, 1000, {{4000, 5000}});
    ack(sb, 1000, {{2000, 3000}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{2000, 5000}}));
}

TEST(SackScoreboard, BlockBridgingRangesMergesThemAll) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}, {5000, 6000}, {7000, 8000}});
    const auto r = ack(sb, 1000, {{3500, 7500}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{3000, 8000}}));
    EXPECT_EQ(r.newly_sacked, 2000u);  // [4000, 5000) and [6000, 7000)
}

TEST(SackScoreboard, BlockCoveringRangesReplacesThem) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}, {5000, 6000}});
    const auto r = ack(sb, 1000, {{2000, 9000}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{2000, 9000}}));
    EXPECT_EQ(r.newly_sacked, 5000u);
}

TEST(SackScoreboard, RepeatedBlockAddsNothing) {  // RFC 2018 §4: blocks are repeated
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}});
    const auto r = ack(sb, 1000, {{3000, 4000}});
    EXPECT_EQ(r.newly_sacked, 0u);
    EXPECT_EQ(r.delivered, 0u);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{3000, 4000}}));
}

TEST(SackScoreboard, IgnoresBlocksBelowSndUna) {
    SB sb = sent(1000, 10);
    ack(sb, 5000);
    // Not the first block, so not a D-SACK: stale information.
    auto r = ack(sb, 5000, {{6000, 7000}, {2000, 3000}});
    EXPECT_EQ(r.ignored_blocks, 1u);
    EXPECT_FALSE(r.dsack);
    // An old ACK (ack before SND.UNA): its block is not a D-SACK (it lies
    // above that ACK) but is below SND.UNA.
    r = ack(sb, 1500, {{2000, 3000}});
    EXPECT_FALSE(r.dsack);
    EXPECT_EQ(r.ignored_blocks, 1u);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{6000, 7000}}));
}

TEST(SackScoreboard, OldAckStillContributesItsBlocks) {  // as Linux does
    SB sb = sent(1000, 10);
    ack(sb, 5000);
    const auto r = ack(sb, 4000, {{8000, 9000}});
    EXPECT_EQ(r.newly_acked, 0u);
    EXPECT_EQ(r.newly_sacked, 1000u);
    EXPECT_EQ(sb.snd_una(), 5000u);
}

TEST(SackScoreboard, ClipsBlockStraddlingSndUna) {
    SB sb = sent(1000, 10);
    ack(sb, 5000);
    const auto r = ack(sb, 5000, {{6000, 7000}, {4500, 5500}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{5000, 5500}, {6000, 7000}}));
    EXPECT_EQ(r.newly_sacked, 1500u);
    EXPECT_EQ(r.ignored_blocks, 0u);
}

TEST(SackScoreboard, IgnoresBlocksBeyondSndNxt) {
    SB sb = sent(1000, 10);  // SND.NXT 11000
    auto r = ack(sb, 1000, {{10500, 11500}});
    EXPECT_EQ(r.ignored_blocks, 1u);
    EXPECT_TRUE(ranges(sb).empty());
    r = ack(sb, 1000, {{10000, 11000}});  // up to SND.NXT is fine
    EXPECT_EQ(r.ignored_blocks, 0u);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{10000, 11000}}));
}

TEST(SackScoreboard, IgnoresEmptyAndInvertedBlocks) {
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 1000, {{3000, 3000}, {5000, 4000}, {2000, 2000 + 0x80000000u}});
    EXPECT_EQ(r.ignored_blocks, 3u);
    EXPECT_FALSE(r.dsack);
    EXPECT_TRUE(ranges(sb).empty());
}

TEST(SackScoreboard, AckOfUnsentDataIsIgnoredWhole) {  // RFC 9293 §3.10.7.4
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 12000, {{3000, 4000}, {5000, 6000}});
    EXPECT_EQ(r.ignored_blocks, 2u);
    EXPECT_EQ(r.newly_acked, 0u);
    EXPECT_EQ(sb.snd_una(), 1000u);
    EXPECT_TRUE(ranges(sb).empty());
}

TEST(SackScoreboard, RangeCountIsCapped) {
    SB sb(0, kMss);
    sb.on_send(4 * SB::kMaxRanges);
    std::uint32_t ignored = 0;
    for (std::uint32_t i = 0; i < SB::kMaxRanges + 10; ++i) {
        const Seq b = 2 * i + 1;  // one-octet blocks with one-octet holes
        ignored += ack(sb, 0, {{b, b + 1}}).ignored_blocks;
    }
    EXPECT_EQ(sb.sacked().size(), SB::kMaxRanges);
    EXPECT_EQ(ignored, 10u);
    // Merging still works at the cap: one block swallows everything.
    const auto r = ack(sb, 0, {{1, 4 * SB::kMaxRanges}});
    EXPECT_EQ(r.ignored_blocks, 0u);
    EXPECT_EQ(sb.sacked().size(), 1u);
}

// ---- Cumulative ACK ---------------------------------------------------------

TEST(SackScoreboard, CumulativeAckDropsAndClipsRanges) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}, {5000, 6000}});
    const auto r = ack(sb, 5500);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{5500, 6000}}));
    EXPECT_EQ(r.newly_acked, 4500u);
    EXPECT_EQ(r.delivered, 3000u);  // 4500 less the 1500 SACKed before
    EXPECT_EQ(sb.snd_una(), 5500u);
}

TEST(SackScoreboard, CumulativeAckClearingEverythingReleasesMemory) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{3000, 4000}, {5000, 6000}, {7000, 8000}});
    EXPECT_GT(sb.heap_bytes(), 0u);
    ack(sb, 9000);
    EXPECT_TRUE(ranges(sb).empty());
    EXPECT_EQ(sb.heap_bytes(), 0u);
    EXPECT_EQ(sb.pipe(), 2000u);
}

TEST(SackScoreboard, DeliveredIsNewlyAckedPlusNewlySacked) {  // RFC 6937 DeliveredData
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 2000, {{3000, 4000}});
    EXPECT_EQ(r.newly_acked, 1000u);
    EXPECT_EQ(r.newly_sacked, 1000u);
    EXPECT_EQ(r.delivered, 2000u);
}

TEST(SackScoreboard, WorksAcrossSequenceWrap) {
    const Seq una = 0xFFFFF000u;  // 4096 octets below 2^32
    SB sb = sent(una, 8);         // SND.NXT = 0x00000F40
    ack(sb, una, {{una + 5000, una + 6000}, {una + 3000, una + 4000}, {una + 7000, una + 8000}});
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{una + 3000, una + 4000}, {una + 5000, una + 6000},
                                              {una + 7000, una + 8000}}));
    EXPECT_TRUE(sb.is_lost(una));
    sb.enter_recovery();
    EXPECT_EQ(send_next(sb), seg(Rule::lost, una + 1000, una + 2000));
    const auto r = ack(sb, una + 4500);  // crosses 2^32
    EXPECT_EQ(r.newly_acked, 4500u);
    EXPECT_EQ(ranges(sb).front(), (Range{una + 5000, una + 6000}));
    EXPECT_EQ(sb.next_hole(0).begin, una + 4500);
}

// ---- D-SACK (RFC 2883 §4) ---------------------------------------------------

TEST(SackScoreboard, DsackBelowCumulativeAck) {  // RFC 2883 §4.1.1
    SB sb(3000, 500);
    sb.on_send(4000);  // 3000-3499 and 3500-3999 arrive, both ACKs are lost,
                       // 3000-3499 is retransmitted and arrives again
    const auto r = ack(sb, 4000, {{3000, 3500}});
    EXPECT_TRUE(r.dsack);
    EXPECT_EQ(r.dsack_block, (Range{3000, 3500}));
    EXPECT_EQ(r.ignored_blocks, 0u);
    EXPECT_EQ(r.newly_acked, 1000u);
    EXPECT_TRUE(ranges(sb).empty());
}

TEST(SackScoreboard, DsackFollowedBySackBlock) {  // RFC 2883 §4.1.2
    SB sb(3000, 500);
    sb.on_send(5000);  // 4000-4499 dropped; the ACKs for 3500, 4000 and
                       // "4000, SACK=4500-5000" lost; 3000-3499 retransmitted
    const auto r = ack(sb, 4000, {{3000, 3500}, {4500, 5000}});
    EXPECT_TRUE(r.dsack);
    EXPECT_EQ(r.dsack_block, (Range{3000, 3500}));
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{4500, 5000}}));
    EXPECT_EQ(r.newly_sacked, 500u);
}

TEST(SackScoreboard, DsackWithinSecondBlock) {  // RFC 2883 §4.1.3
    SB sb(3000, 500);
    sb.on_send(6500);  // 4000-4499 dropped, 5500-5999 delayed
    ack(sb, 4000, {{4500, 5000}});
    ack(sb, 4000, {{6000, 6500}, {4500, 5500}});
    // 5000-5499 arrives a second time.
    const auto r = ack(sb, 4000, {{5000, 5500}, {4500, 5500}, {6000, 6500}});
    EXPECT_TRUE(r.dsack);
    EXPECT_EQ(r.dsack_block, (Range{5000, 5500}));
    EXPECT_EQ(r.newly_sacked, 0u);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{4500, 5500}, {6000, 6500}}));
}

TEST(SackScoreboard, FirstBlockStraddlingTheAckIsADsack) {  // partial duplicate
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 3000, {{2500, 3500}});
    EXPECT_TRUE(r.dsack);
    EXPECT_TRUE(ranges(sb).empty());
}

TEST(SackScoreboard, OrdinaryFirstBlockIsNotADsack) {
    SB sb = sent(1000, 10);
    auto r = ack(sb, 1000, {{4000, 5000}, {2000, 3000}});  // not within the second
    EXPECT_FALSE(r.dsack);
    r = ack(sb, 1000, {{4000, 6000}, {4500, 5000}});  // the second lies within the first
    EXPECT_FALSE(r.dsack);
    EXPECT_EQ(ranges(sb), (std::vector<Range>{{2000, 3000}, {4000, 6000}}));
}

TEST(SackScoreboard, OnlyTheFirstBlockCanBeADsack) {
    SB sb = sent(1000, 10);
    const auto r = ack(sb, 5000, {{6000, 7000}, {2000, 3000}});
    EXPECT_FALSE(r.dsack);
    EXPECT_EQ(r.ignored_blocks, 1u);
}

// ---- IsLost() ---------------------------------------------------------------

TEST(SackScoreboard, IsLostAfterDupThreshDiscontiguousRanges) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{1100, 1200}, {1300, 1400}, {1500, 1600}});  // 300 bytes in 3 ranges
    EXPECT_TRUE(sb.is_lost(1000));
    EXPECT_TRUE(sb.is_lost(1099));
    EXPECT_FALSE(sb.is_lost(1200));  // two ranges, 200 bytes above
    EXPECT_FALSE(sb.is_lost(1450));
    EXPECT_FALSE(sb.is_lost(1600));
}

TEST(SackScoreboard, IsLostNeedsMoreThanDupThreshMinusOneSmssBytes) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 4000}});  // exactly 2 * SMSS above
    EXPECT_FALSE(sb.is_lost(1000));
    ack(sb, 1000, {{4000, 4001}});  // one more byte
    EXPECT_TRUE(sb.is_lost(1000));
    EXPECT_TRUE(sb.is_lost(1999));
}

TEST(SackScoreboard, AdjacentBlocksCountAsOneRange) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 2100}, {2100, 2200}, {2200, 2300}});
    EXPECT_EQ(sb.sacked().size(), 1u);
    EXPECT_FALSE(sb.is_lost(1000));
}

TEST(SackScoreboard, IsLostCountsOnlyOctetsAboveTheQueriedOne) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 4500}});
    EXPECT_TRUE(sb.is_lost(2000));   // 2499 SACKed octets above
    EXPECT_FALSE(sb.is_lost(2500));  // 1999
}

TEST(SackScoreboard, IsLostIsFalseOutsideTheWindow) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}, {6000, 7000}});
    EXPECT_FALSE(sb.is_lost(999));
    EXPECT_FALSE(sb.is_lost(11000));
}

// ---- SetPipe() and NextSeg(): the RFC 6675 situations ------------------------

TEST(SackScoreboard, NoSackPipeIsTheFlight) {
    SB sb = sent(1000, 10);
    EXPECT_EQ(sb.pipe(), 10000u);
}

// One segment lost from a window of ten: three duplicate ACKs, recovery,
// the retransmission, new data, and the rescue retransmission at the end.
TEST(SackScoreboard, SingleLossFromDupAcksToRescue) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}});
    EXPECT_FALSE(sb.is_lost(1000));
    EXPECT_EQ(sb.pipe(), 9000u);
    ack(sb, 1000, {{2000, 4000}});
    EXPECT_FALSE(sb.is_lost(1000));  // 2 * SMSS is not more than 2 * SMSS
    EXPECT_EQ(sb.pipe(), 8000u);
    ack(sb, 1000, {{2000, 5000}});
    EXPECT_TRUE(sb.is_lost(1000));
    EXPECT_EQ(sb.pipe(), 6000u);  // the lost segment has left the network

    ASSERT_TRUE(sb.may_enter_recovery());
    EXPECT_EQ(sb.enter_recovery(), (Range{1000, 2000}));  // (4.3)
    EXPECT_EQ(sb.recovery_point(), 11000u);
    EXPECT_EQ(sb.high_rxt(), 2000u);
    EXPECT_EQ(sb.pipe(), 7000u);                      // the retransmission is in flight
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});          // no rescue before a partial ACK
    EXPECT_EQ(send_next(sb, 1500), seg(Rule::new_data, 11000, 12000));
    EXPECT_EQ(sb.snd_nxt(), 12000u);
    EXPECT_EQ(sb.pipe(), 8000u);

    // The retransmission fills the hole: a partial ACK (RecoveryPoint 11000).
    const auto r = ack(sb, 5000);
    EXPECT_FALSE(r.recovery_ended);
    EXPECT_EQ(r.delivered, 1000u);  // 4000 acked, 3000 of it SACKed before
    EXPECT_EQ(sb.pipe(), 7000u);
    EXPECT_EQ(sb.high_rxt(), 5000u);
    // Nothing lost, nothing new: rule (4) retransmits the highest unSACKed
    // segment, once.
    EXPECT_EQ(send_next(sb), seg(Rule::rescue, 11000, 12000));
    EXPECT_EQ(sb.high_rxt(), 5000u);  // HighRxt MUST NOT be updated
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
    ack(sb, 8000);
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});  // still once per recovery

    const auto end = ack(sb, 11000);
    EXPECT_TRUE(end.recovery_ended);
    EXPECT_FALSE(sb.in_recovery());
    EXPECT_EQ(sb.high_rxt(), 11000u);
    EXPECT_EQ(sb.next_seg(1000), SB::Segment{});  // outside recovery: nothing
}

// Three segments lost ([2000,3000), [4000,5000), [6000,7000)); holes are
// retransmitted lowest first and pipe grows by each retransmission.
TEST(SackScoreboard, MultipleLossesRetransmittedInOrder) {
    SB sb = sent(1000, 10);
    ack(sb, 2000, {{3000, 4000}});
    ack(sb, 2000, {{5000, 6000}, {3000, 4000}});
    ack(sb, 2000, {{7000, 11000}, {5000, 6000}, {3000, 4000}});
    EXPECT_TRUE(sb.is_lost(2000));
    EXPECT_TRUE(sb.is_lost(4000));
    EXPECT_TRUE(sb.is_lost(6000));  // 4000 bytes above
    EXPECT_EQ(sb.pipe(), 0u);       // every unSACKed octet is lost

    EXPECT_EQ(sb.enter_recovery(), (Range{2000, 3000}));
    EXPECT_EQ(sb.pipe(), 1000u);
    EXPECT_EQ(send_next(sb, 5000), seg(Rule::lost, 4000, 5000));  // rule (1) before (2)
    EXPECT_EQ(sb.pipe(), 2000u);
    EXPECT_EQ(send_next(sb, 5000), seg(Rule::lost, 6000, 7000));
    EXPECT_EQ(sb.pipe(), 3000u);
    EXPECT_EQ(send_next(sb, 5000), seg(Rule::new_data, 11000, 12000));
    EXPECT_EQ(sb.pipe(), 4000u);
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
}

// Holes not (yet) lost: rule (2) comes before rule (3), and a rule (3)
// retransmission counts twice in pipe.
TEST(SackScoreboard, UnsackedHoleRetransmittedByRuleThree) {
    SB sb = sent(1000, 5);  // SND.NXT 6000
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}});
    EXPECT_FALSE(sb.is_lost(1000));  // two ranges, 2000 bytes above
    EXPECT_FALSE(sb.is_lost(3000));
    EXPECT_EQ(sb.pipe(), 3000u);

    EXPECT_EQ(sb.enter_recovery(), (Range{1000, 2000}));  // (e.g. on three DupAcks)
    EXPECT_EQ(sb.pipe(), 4000u);  // [1000,2000) is not lost and retransmitted
    EXPECT_EQ(sb.next_seg(300), seg(Rule::new_data, 6000, 6300));
    EXPECT_EQ(send_next(sb), seg(Rule::unsacked, 3000, 4000));
    EXPECT_EQ(sb.high_rxt(), 4000u);
    EXPECT_EQ(sb.pipe(), 5000u);
    // Nothing left below the highest SACK: the rescue of the tail [5000,6000)
    // waits for HighACK to pass RescueRxt.
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
    ack(sb, 2000);  // HighACK 1999 == RescueRxt 1999: not yet
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
    ack(sb, 2001);
    EXPECT_EQ(send_next(sb), seg(Rule::rescue, 5000, 6000));
}

TEST(SackScoreboard, RescueTakesTheHoleBelowTheLastRangeWhenTheTailIsSacked) {
    SB sb = sent(1000, 5);  // segments 0 and 3 lost
    ack(sb, 1000, {{2000, 4000}, {5000, 6000}});
    EXPECT_TRUE(sb.is_lost(1000));   // 3000 bytes above
    EXPECT_FALSE(sb.is_lost(4000));  // 1000 bytes above
    EXPECT_EQ(sb.enter_recovery(), (Range{1000, 2000}));
    EXPECT_EQ(send_next(sb), seg(Rule::unsacked, 4000, 5000));
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
    ack(sb, 4000);  // HighACK 3999 > RescueRxt 1999
    EXPECT_EQ(send_next(sb), seg(Rule::rescue, 4000, 5000));
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});
}

TEST(SackScoreboard, SegmentsStopAtSmssAndAtSackedData) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{4000, 11000}});  // one 3000-byte hole, lost
    EXPECT_EQ(sb.enter_recovery(), (Range{1000, 2000}));
    EXPECT_EQ(send_next(sb), seg(Rule::lost, 2000, 3000));
    EXPECT_EQ(send_next(sb), seg(Rule::lost, 3000, 4000));
    EXPECT_EQ(sb.next_seg(0), SB::Segment{});

    SB small = sent(1000, 10);  // holes of 300 bytes, SACKed runs of 200
    ack(small, 1000, {{1300, 1500}, {1800, 2000}, {2300, 2500}, {2800, 3000}});
    EXPECT_EQ(small.enter_recovery(), (Range{1000, 1300}));
    EXPECT_EQ(send_next(small), seg(Rule::lost, 1500, 1800));      // three ranges above
    EXPECT_EQ(send_next(small), seg(Rule::unsacked, 2000, 2300));  // two ranges, 400 bytes
}

TEST(SackScoreboard, NewDataSegmentIsLimitedBySmssAndAllowance) {
    SB sb = sent(1000, 2);
    ack(sb, 1000, {{2000, 3000}});
    sb.enter_recovery();
    EXPECT_EQ(sb.next_seg(5000), seg(Rule::new_data, 3000, 4000));
    EXPECT_EQ(sb.next_seg(1), seg(Rule::new_data, 3000, 3001));
}

TEST(SackScoreboard, NextSegAnswersNothingOutsideRecovery) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}, {6000, 7000}});
    EXPECT_TRUE(sb.is_lost(1000));
    EXPECT_EQ(sb.next_seg(1000), SB::Segment{});
    sb.mark_retransmitted({1000, 2000});  // ignored outside recovery
    EXPECT_EQ(sb.high_rxt(), 1000u);
}

TEST(SackScoreboard, MarkRetransmittedRaisesHighRxt) {  // (C.2)
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}, {6000, 7000}});
    sb.enter_recovery();
    sb.mark_retransmitted({3000, 4000});
    EXPECT_EQ(sb.high_rxt(), 4000u);
    sb.mark_retransmitted({1000, 2000});  // never lowers it
    EXPECT_EQ(sb.high_rxt(), 4000u);
    EXPECT_EQ(sb.next_seg(0), seg(Rule::unsacked, 5000, 6000));  // the first hole above HighRxt
}

// ---- Recovery and RTO ---------------------------------------------------------

TEST(SackScoreboard, RtoDiscardsSackAndDefersTheNextRecovery) {  // RFC 6675 §5.1
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}, {6000, 7000}});
    sb.enter_recovery();
    sb.on_rto();
    EXPECT_FALSE(sb.in_recovery());
    EXPECT_TRUE(ranges(sb).empty());
    EXPECT_EQ(sb.heap_bytes(), 0u);
    EXPECT_EQ(sb.recovery_point(), 11000u);
    EXPECT_EQ(sb.high_rxt(), 1000u);
    EXPECT_EQ(sb.pipe(), 10000u);
    EXPECT_FALSE(sb.may_enter_recovery());
    ack(sb, 10000, {{10500, 11000}});  // SACK information comes back
    EXPECT_EQ(sb.sacked_bytes(), 500u);
    EXPECT_FALSE(sb.may_enter_recovery());
    ack(sb, 11000);
    EXPECT_TRUE(sb.may_enter_recovery());
}

TEST(SackScoreboard, NextHoleSkipsSackedData) {
    SB sb = sent(1000, 10);
    ack(sb, 1000, {{2000, 3000}, {4000, 5000}});
    EXPECT_EQ(sb.next_hole(0), (Range{1000, 2000}));  // clamped to SND.UNA
    EXPECT_EQ(sb.next_hole(1500), (Range{1500, 2000}));
    EXPECT_EQ(sb.next_hole(2000), (Range{3000, 4000}));
    EXPECT_EQ(sb.next_hole(4500), (Range{5000, 11000}));
    EXPECT_EQ(sb.next_hole(11000), (Range{11000, 11000}));
}

// ---- Randomised comparison with an octet-level model --------------------------
//
// The model keeps one flag per outstanding octet and evaluates RFC 6675 §4's
// definitions octet by octet. Recovery state (HighRxt) is read from
// the scoreboard; everything derived from it is recomputed independently.

namespace {

struct Model {
    Seq una;
    Seq nxt;
    std::uint32_t smss;
    std::vector<bool> sacked;  // index: offset from una

    std::uint32_t size() const { return nxt - una; }
    // IsLost for every octet, from the top down: `runs` and `bytes` count
    // the SACKed runs and octets above octet i.
    std::vector<bool> lost_flags() const {
        std::vector<bool> lost(size(), false);
        std::uint32_t runs = 0;
        std::uint32_t bytes = 0;
        for (std::uint32_t i = size(); i-- > 0;) {
            lost[i] = runs >= 3 || bytes > 2 * smss;
            if (!sacked[i]) continue;
            ++bytes;
            if (i + 1 == size() || !sacked[i + 1]) ++runs;
        }
        return lost;
    }

    std::uint32_t pipe(std::uint32_t high_rxt_off) const {
        const std::vector<bool> lost = lost_flags();
        std::uint32_t pipe = 0;
        for (std::uint32_t i = 0; i < size(); ++i) {
            if (sacked[i]) continue;
            if (!lost[i]) ++pipe;
            if (i < high_rxt_off) ++pipe;
        }
        return pipe;
    }

    // Rules (1)-(3); rescue is checked separately.
    SB::Segment next_seg(std::uint32_t high_rxt_off, std::uint32_t allowed) const {
        std::uint32_t top = 0;  // one past the highest SACKed octet
        for (std::uint32_t i = 0; i < size(); ++i)
            if (sacked[i]) top = i + 1;
        const std::vector<bool> lost = lost_flags();
        auto segment = [&](Rule rule, std::uint32_t s) {
            std::uint32_t e = s;
            while (e < size() && !sacked[e] && e - s < smss) ++e;
            return SB::Segment{rule, {una + s, una + e}};
        };
        for (std::uint32_t s = high_rxt_off; s < top; ++s)
            if (!sacked[s] && lost[s]) return segment(Rule::lost, s);
        if (allowed > 0) return {Rule::new_data, {nxt, nxt + std::min(smss, allowed)}};
        for (std::uint32_t s = high_rxt_off; s < top; ++s)
            if (!sacked[s]) return segment(Rule::unsacked, s);
        return {};
    }

    void send(Seq new_nxt) {
        nxt = new_nxt;
        sacked.resize(size(), false);
    }

    static bool valid(const Range& b) { return sluice::stack::tcp_seq::lt(b.begin, b.end); }

    // Returns {newly_acked, newly_sacked, delivered}.
    std::array<std::uint32_t, 3> on_ack(Seq ack, const std::vector<Range>& blocks) {
        using namespace sluice::stack::tcp_seq;
        if (gt(ack, nxt)) return {0, 0, 0};
        std::size_t first = 0;
        if (!blocks.empty() && valid(blocks[0])) {
            const Range& b0 = blocks[0];
            const bool in_second = blocks.size() > 1 && valid(blocks[1]) && ge(b0.begin, blocks[1].begin) &&
                                   le(b0.end, blocks[1].end);
            if (lt(b0.begin, ack) || in_second) first = 1;
        }
        std::uint32_t newly_acked = 0;
        std::uint32_t sacked_acked = 0;
        if (gt(ack, una)) {
            newly_acked = ack - una;
            for (std::uint32_t i = 0; i < newly_acked; ++i) sacked_acked += sacked[i] ? 1u : 0u;
            sacked.erase(sacked.begin(), sacked.begin() + newly_acked);
            una = ack;
        }
        std::uint32_t newly_sacked = 0;
        for (std::size_t k = first; k < blocks.size(); ++k) {
            const Range& b = blocks[k];
            if (!valid(b) || le(b.end, una) || gt(b.end, nxt)) continue;
            for (Seq s = max(b.begin, una); s != b.end; ++s) {
                if (!sacked[s - una]) ++newly_sacked;
                sacked[s - una] = true;
            }
        }
        return {newly_acked, newly_sacked, newly_acked - sacked_acked + newly_sacked};
    }
};

void expect_matches(const SB& sb, const Model& m, std::uint32_t allowed, int step) {
    SCOPED_TRACE(testing::Message() << "step " << step);
    ASSERT_EQ(sb.snd_una(), m.una);
    ASSERT_EQ(sb.snd_nxt(), m.nxt);
    std::vector<bool> got(m.size(), false);
    std::uint32_t prev_end = 0;
    bool first = true;
    for (const Range& r : sb.sacked()) {
        const std::uint32_t b = r.begin - m.una;
        const std::uint32_t e = r.end - m.una;
        ASSERT_LT(b, e);
        ASSERT_LE(e, m.size());
        if (!first) {
            ASSERT_GT(b, prev_end) << "ranges sorted and non-adjacent";
        }
        for (std::uint32_t i = b; i < e; ++i) got[i] = true;
        prev_end = e;
        first = false;
    }
    ASSERT_EQ(got, m.sacked);
    const std::vector<bool> lost = m.lost_flags();
    for (std::uint32_t i = 0; i < m.size() + 2; ++i) {
        ASSERT_EQ(sb.is_lost(m.una + i), i < m.size() && lost[i]) << "octet " << i;
    }
    const std::uint32_t rxt = sb.high_rxt() - m.una;
    ASSERT_LE(rxt, m.size());
    ASSERT_EQ(sb.pipe(), m.pipe(rxt));
    if (!sb.in_recovery()) {
        ASSERT_EQ(sb.next_seg(allowed), SB::Segment{});
        return;
    }
    const SB::Segment want = m.next_seg(rxt, allowed);
    const SB::Segment got_seg = sb.next_seg(allowed);
    if (want.rule != Rule::none || got_seg.rule != Rule::rescue) {
        ASSERT_EQ(got_seg, want);
        return;
    }
    // Rescue: up to SMSS unSACKed octets ending with the highest unSACKed one.
    std::uint32_t highest = m.size();
    while (highest > 0 && m.sacked[highest - 1]) --highest;
    ASSERT_GT(highest, 0u);
    ASSERT_EQ(got_seg.range.end, m.una + highest);
    ASSERT_LE(got_seg.range.length(), m.smss);
    for (Seq s = got_seg.range.begin; s != got_seg.range.end; ++s) ASSERT_FALSE(m.sacked[s - m.una]);
}

}  // namespace

TEST(SackScoreboard, MatchesOctetLevelModelOnRandomTraffic) {
    std::mt19937 rng(6675);
    auto pick = [&](std::uint32_t lo, std::uint32_t hi) {  // inclusive
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    for (int run = 0; run < 40; ++run) {
        const std::uint32_t smss = pick(3, 12);
        const Seq start = 0xFFFFFF00u + pick(0, 0x1ff);  // wraps within the run
        SB sb(start, smss);
        Model m{start, start, smss, {}};
        for (int step = 0; step < 300; ++step) {
            const std::uint32_t op = pick(0, 9);
            if (op <= 2 && m.size() < 400) {
                const Seq to = m.nxt + pick(1, 3 * smss);
                sb.on_send(to);
                m.send(to);
            } else if (op <= 6) {
                // Mostly duplicate ACKs; some advance, are old, or ack unsent data.
                const std::uint32_t kind = pick(0, 19);
                Seq cumulative = m.una;
                if (kind == 0) cumulative = m.una - pick(1, 2);
                if (kind >= 1 && kind <= 3) cumulative = m.una + pick(0, std::min(m.size(), 3 * smss));
                if (kind == 4) cumulative = m.nxt + pick(0, 2);
                std::vector<Range> blocks(pick(0, 4));
                for (Range& b : blocks) {
                    b.begin = m.una + pick(0, m.size() + 10) - 5;
                    b.end = b.begin + (pick(0, 9) == 0 ? -pick(0, 8) : pick(1, 2 * smss));
                }
                const auto r = sb.on_ack(cumulative, blocks);
                const auto want = m.on_ack(cumulative, blocks);
                ASSERT_EQ(r.newly_acked, want[0]);
                ASSERT_EQ(r.newly_sacked, want[1]);
                ASSERT_EQ(r.delivered, want[2]);
            } else if (op == 7) {
                if (sb.may_enter_recovery() && m.size() > 0) sb.enter_recovery();
            } else if (op == 8) {
                const SB::Segment s = sb.next_seg(pick(0, 1) * pick(1, 2 * smss));
                sb.on_sent(s);
                if (s.rule == Rule::new_data) m.send(s.range.end);
            } else if (pick(0, 5) == 0) {
                sb.on_rto();
                m.sacked.assign(m.size(), false);
            }
            expect_matches(sb, m, pick(0, 1) * smss, step);
            if (HasFatalFailure()) return;
        }
    }
}
