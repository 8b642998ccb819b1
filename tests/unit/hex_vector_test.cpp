// Tests of the golden-vector loader itself (tests/unit/hex_vector.hpp).
#include "hex_vector.hpp"

#include <gtest/gtest.h>

namespace sluice::test {
namespace {

TEST(HexVector, SkipsCommentsAndWhitespace) {
    const auto bytes = parse_hex("# a comment 0a 0b\n  # indented comment ff\n0a 0B\n\n  ff00\t1\n2\n");
    EXPECT_EQ(bytes, (std::vector<std::uint8_t>{0x0a, 0x0b, 0xff, 0x00, 0x12}));
}

TEST(HexVector, EmptyTextIsNoBytes) { EXPECT_TRUE(parse_hex("# only a comment\n").empty()); }

TEST(HexVector, RejectsNonHexAndOddDigits) {
    EXPECT_THROW(parse_hex("0a 0g\n"), std::runtime_error);
    EXPECT_THROW(parse_hex("0a 0\n"), std::runtime_error);
    EXPECT_THROW(parse_hex("0a # trailing comments are not allowed\n"), std::runtime_error);
}

TEST(HexVector, LoadsAGoldenFile) {
    const auto frame = wire_vector("arp_request");
    ASSERT_EQ(frame.size(), 42u);
    EXPECT_EQ(frame[0], 0xff);
    EXPECT_EQ(frame[12], 0x08);
    EXPECT_EQ(frame[13], 0x06);
}

TEST(HexVector, MissingFileThrows) { EXPECT_THROW(wire_vector("no_such_vector"), std::runtime_error); }

}  // namespace
}  // namespace sluice::test
