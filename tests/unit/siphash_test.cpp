// SipHash-2-4 (core/siphash.hpp) against its published test vectors.
#include <sluice/stack/core/siphash.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <vector>

namespace sluice::stack {
namespace {

// The reference implementation's vectors (Aumasson and Bernstein,
// vectors.h / siphash24.c): key 00 01 .. 0f, message 00 01 .. (i-1) for
// i = 0..63. Entry 15 is the worked example of the paper's Appendix A. The
// same 64 values were also produced independently with OpenSSL 3.0's SIPHASH
// MAC (`openssl mac -macopt hexkey:0001..0f -macopt size:8 SIPHASH`).
constexpr std::array<std::uint64_t, 64> reference_vectors{
    0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a, 0x85676696d7fb7e2d, 0xcf2794e0277187b7,
    0x18765564cd99a68d, 0xcbc9466e58fee3ce, 0xab0200f58b01d137, 0x93f5f5799a932462, 0x9e0082df0ba9e4b0,
    0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7, 0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee,
    0xa129ca6149be45e5, 0x3f2acc7f57c29bdb, 0x699ae9f52cbe4794, 0x4bc1b3f0968dd39c, 0xbb6dc91da77961bd,
    0xbed65cf21aa2ee98, 0xd0f2cbb02e3b67c7, 0x93536795e3a33e88, 0xa80c038ccd5ccec8, 0xb8ad50c6f649af94,
    0xbce192de8a85b8ea, 0x17d835b85bbb15f3, 0x2f2e6163076bcfad, 0xde4daaaca71dc9a5, 0xa6a2506687956571,
    0xad87a3535c49ef28, 0x32d892fad841c342, 0x7127512f72f27cce, 0xa7f32346f95978e3, 0x12e0b01abb051238,
    0x15e034d40fa197ae, 0x314dffbe0815a3b4, 0x027990f029623981, 0xcadcd4e59ef40c4d, 0x9abfd8766a33735c,
    0x0e3ea96b5304a7d0, 0xad0c42d6fc585992, 0x187306c89bc215a9, 0xd4a60abcf3792b95, 0xf935451de4f21df2,
    0xa9538f0419755787, 0xdb9acddff56ca510, 0xd06c98cd5c0975eb, 0xe612a3cb9ecba951, 0xc766e62cfcadaf96,
    0xee64435a9752fe72, 0xa192d576b245165a, 0x0a8787bf8ecb74b2, 0x81b3e73d20b49b6f, 0x7fa8220ba3b2ecea,
    0x245731c13ca42499, 0xb78dbfaf3a8d83bd, 0xea1ad565322a1a0b, 0x60e61c23a3795013, 0x6606d7e446282b93,
    0x6ca4ecb15c5f91e1, 0x9f626da15c9625f3, 0xe51b38608ef25f57, 0x958a324ceb064572,
};

SipKey key_from(std::uint8_t first) {
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
    return SipKey::from_bytes(bytes);
}

std::vector<std::uint8_t> counting(std::size_t n, unsigned mul = 1, unsigned add = 0) {
    std::vector<std::uint8_t> m(n);
    for (std::size_t i = 0; i < n; ++i) m[i] = static_cast<std::uint8_t>(i * mul + add);
    return m;
}

TEST(SipHash, KeyBytesAreLittleEndianHalves) {
    const SipKey k = key_from(0);
    EXPECT_EQ(k.k0, 0x0706050403020100u);
    EXPECT_EQ(k.k1, 0x0f0e0d0c0b0a0908u);
}

TEST(SipHash, ReferenceVectorsForEveryLengthUpTo63) {
    const SipKey k = key_from(0);
    for (std::size_t len = 0; len < reference_vectors.size(); ++len)
        EXPECT_EQ(siphash24(k, counting(len)), reference_vectors[len]) << "message length " << len;
}

// Appendix A of the paper: the 15-byte message 00..0e gives a129ca6149be45e5.
TEST(SipHash, PaperAppendixExample) { EXPECT_EQ(siphash24(key_from(0), counting(15)), 0xa129ca6149be45e5u); }

// Beyond the published table: longer messages (the length byte wraps at 256)
// and extreme keys, values from OpenSSL 3.0's SIPHASH MAC with message bytes
// (7i + 3) mod 256.
TEST(SipHash, OpenSslCrossCheckedVectors) {
    const SipKey k = key_from(0xf0);
    EXPECT_EQ(siphash24(k, counting(256, 7, 3)), 0x4159dac85d788e41u);
    EXPECT_EQ(siphash24(k, counting(257, 7, 3)), 0x34889d99b6e38863u);
    EXPECT_EQ(siphash24(k, counting(1000, 7, 3)), 0xe367a9245b424e47u);
    EXPECT_EQ(siphash24(SipKey{}, {}), 0x1e924b9d737700d7u);
    EXPECT_EQ(siphash24(SipKey{~0ull, ~0ull}, counting(8, 7, 3)), 0x250affb680ab810eu);
}

TEST(SipHash, EveryKeyBitMatters) {
    const auto message = counting(12);
    const SipKey base = key_from(0);
    std::set<std::uint64_t> seen{siphash24(base, message)};
    for (int bit = 0; bit < 128; ++bit) {
        SipKey k = base;
        (bit < 64 ? k.k0 : k.k1) ^= 1ull << (bit % 64);
        seen.insert(siphash24(k, message));
    }
    EXPECT_EQ(seen.size(), 129u);
}

}  // namespace
}  // namespace sluice::stack
