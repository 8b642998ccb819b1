// Internet checksum (RFC 1071) and incremental update (RFC 1624).
#include "wire_test_support.hpp"

#include <sluice/stack/wire/checksum.hpp>

#include <algorithm>
#include <random>
#include <vector>

namespace sluice::wire {
namespace {

using Words = std::vector<std::uint16_t>;

std::vector<std::uint8_t> to_bytes(const Words& words) {
    std::vector<std::uint8_t> bytes;
    for (auto w : words) {
        bytes.push_back(static_cast<std::uint8_t>(w >> 8));
        bytes.push_back(static_cast<std::uint8_t>(w & 0xff));
    }
    return bytes;
}

std::uint16_t checksum_of(const Words& words) { return internet_checksum(to_bytes(words)); }

// RFC 1071 section 3, "Numerical Examples": bytes 00 01 f2 03 f4 f5 f6 f7 sum
// to 2ddf0, folded ddf2; the checksum is its complement 220d.
TEST(Checksum, Rfc1071NumericalExample) {
    const std::vector<std::uint8_t> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(checksum_partial(data), 0xddf2u);
    EXPECT_EQ(checksum_finish(checksum_partial(data)), 0x220d);
    EXPECT_EQ(internet_checksum(data), 0x220d);
}

TEST(Checksum, DataIncludingItsChecksumSumsToZero) {
    const std::vector<std::uint8_t> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x22, 0x0d};
    EXPECT_EQ(internet_checksum(data), 0);
}

// The well-known IPv4 header 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7.
TEST(Checksum, KnownIpv4Header) {
    std::vector<std::uint8_t> header{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                     0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    EXPECT_EQ(internet_checksum(header), 0xb861);
    header[10] = 0xb8;
    header[11] = 0x61;
    EXPECT_EQ(internet_checksum(header), 0);
}

// RFC 1071 section 4.1: a left-over byte is added as the high byte of a word.
TEST(Checksum, OddLengthPadsWithZeroLowByte) {
    const std::vector<std::uint8_t> odd{0x01, 0x02, 0x03};
    EXPECT_EQ(checksum_partial(odd), 0x0402u);  // 0x0102 + 0x0300
    EXPECT_EQ(internet_checksum(odd), 0xfbfd);
    const std::vector<std::uint8_t> padded{0x01, 0x02, 0x03, 0x00};
    EXPECT_EQ(internet_checksum(odd), internet_checksum(padded));
    const std::vector<std::uint8_t> one{0xab};
    EXPECT_EQ(internet_checksum(one), static_cast<std::uint16_t>(~0xab00));
}

TEST(Checksum, EmptyDataAndInitialValue) {
    EXPECT_EQ(checksum_partial({}), 0u);
    EXPECT_EQ(internet_checksum({}), 0xffff);
    EXPECT_EQ(checksum_partial({}, 0x1234), 0x1234u);
    // An unfolded initial sum is folded: 0x1fffe -> 0xfffe + 1.
    EXPECT_EQ(checksum_partial({}, 0x1fffe), 0xffffu);
    EXPECT_EQ(checksum_finish(0x1fffe), 0x0000);
    EXPECT_EQ(checksum_finish(0x2ddf0), 0x220d);
}

TEST(Checksum, EndAroundCarry) {
    const std::vector<std::uint8_t> data{0xff, 0xff, 0xff, 0xff, 0x00, 0x02};
    // 0xffff + 0xffff + 0x0002 = 0x20000 -> 0x0002.
    EXPECT_EQ(checksum_partial(data), 0x0002u);
}

TEST(Checksum, PartialSumsChainOverEvenSplits) {
    std::mt19937 rng(1071);
    std::vector<std::uint8_t> data(301);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    const Bytes all(data);
    for (std::size_t split = 0; split <= data.size(); split += 2) {
        const auto head = checksum_partial(all.first(split));
        EXPECT_EQ(checksum_finish(checksum_partial(all.subspan(split), head)), internet_checksum(all))
            << "split at " << split;
    }
}

// RFC 1071 section 2(B): the sum is byte-order independent, so swapping every
// pair of bytes swaps the bytes of the checksum.
TEST(Checksum, ByteOrderIndependence) {
    std::mt19937 rng(2);
    for (int round = 0; round < 100; ++round) {
        std::vector<std::uint8_t> data(2 * (1 + rng() % 64));
        for (auto& b : data) b = static_cast<std::uint8_t>(rng());
        std::vector<std::uint8_t> swapped(data);
        for (std::size_t i = 0; i < swapped.size(); i += 2) std::swap(swapped[i], swapped[i + 1]);
        const std::uint16_t c = internet_checksum(data);
        EXPECT_EQ(internet_checksum(swapped), static_cast<std::uint16_t>((c << 8) | (c >> 8)));
    }
}

// RFC 1624 section 4: HC = 0xdd2f, a field changes 0x5555 -> 0x3285. Eqn. 3
// gives 0x0000, as recomputation does; eqn. 2 would give 0xffff.
TEST(ChecksumUpdate, Rfc1624Section4Example) {
    const Words before{0x5555, 0xcd7a};
    ASSERT_EQ(checksum_of(before), 0xdd2f);
    EXPECT_EQ(checksum_update16(0xdd2f, 0x5555, 0x3285), 0x0000);
    EXPECT_EQ(checksum_of({0x3285, 0xcd7a}), 0x0000);
}

TEST(ChecksumUpdate, UnchangedWordKeepsChecksum) {
    EXPECT_EQ(checksum_update16(0x1234, 0xabcd, 0xabcd), 0x1234);
}

// Incremental update against full recomputation over random words (fixed
// seed), several successive updates per buffer. Data that becomes all zero
// is skipped: there recomputation yields 0xffff and eqn. 3 yields 0x0000, the
// two forms of one's-complement zero (cannot happen in a real header, whose
// checksum field is part of the data).
TEST(ChecksumUpdate, MatchesFullRecomputation) {
    std::mt19937 rng(1624);
    int checked = 0;
    for (int round = 0; round < 2000; ++round) {
        Words words(2 + rng() % 40);
        for (auto& w : words) w = static_cast<std::uint16_t>(rng());
        std::uint16_t checksum = checksum_of(words);
        for (int update = 0; update < 4; ++update) {
            const std::size_t at = rng() % words.size();
            const auto old_word = words[at];
            words[at] = static_cast<std::uint16_t>(rng() % 4 == 0 ? 0 : rng());
            if (std::all_of(words.begin(), words.end(), [](auto w) { return w == 0; })) break;
            checksum = checksum_update16(checksum, old_word, words[at]);
            ASSERT_EQ(checksum, checksum_of(words)) << "round " << round << " update " << update;
            ++checked;
        }
    }
    EXPECT_GT(checked, 7000);
}

// The one case where eqn. 3 and recomputation differ: data that becomes all
// zero. Eqn. 3 yields +0 (0x0000), which does not verify (the zero data plus
// a zero field sums to +0, not -0); recomputation yields 0xffff. Example: an
// echo request with id 0, seq 0 and no data turned into a reply in place.
TEST(ChecksumUpdate, AllZeroResultIsPositiveZero) {
    std::vector<std::uint8_t> message{0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const std::uint16_t request_sum = internet_checksum(message);
    EXPECT_EQ(request_sum, 0xf7ff);
    EXPECT_EQ(checksum_update16(request_sum, 0x0800, 0x0000), 0x0000);
    message[0] = 0x00;
    EXPECT_EQ(internet_checksum(message), 0xffff);  // the value a full emit writes
    message[2] = 0x00;
    message[3] = 0x00;                               // the incrementally updated field
    EXPECT_NE(internet_checksum(message), 0);        // does not verify
    message[2] = 0xff;
    message[3] = 0xff;
    EXPECT_EQ(internet_checksum(message), 0);        // 0xffff does
}

// A router-style TTL decrement on a real header (the word TTL|protocol).
TEST(ChecksumUpdate, TtlDecrementOnGoldenHeader) {
    auto frame = test::wire_vector("icmp_echo_request");
    const MutableBytes header = MutableBytes(frame).subspan(kEthernetHeaderLen, kIpv4MinHeaderLen);
    const auto old_word = static_cast<std::uint16_t>((header[8] << 8) | header[9]);
    const auto old_sum = static_cast<std::uint16_t>((header[10] << 8) | header[11]);
    header[8] = static_cast<std::uint8_t>(header[8] - 1);
    const auto new_word = static_cast<std::uint16_t>((header[8] << 8) | header[9]);
    const auto updated = checksum_update16(old_sum, old_word, new_word);
    header[10] = 0;
    header[11] = 0;
    EXPECT_EQ(updated, internet_checksum(header));
    header[10] = static_cast<std::uint8_t>(updated >> 8);
    header[11] = static_cast<std::uint8_t>(updated & 0xff);
    EXPECT_EQ(internet_checksum(header), 0);
}

}  // namespace
}  // namespace sluice::wire
