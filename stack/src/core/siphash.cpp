// SipHash-2-4, from the algorithm in Aumasson and Bernstein's paper (§2).
// Scope and invariants: siphash.hpp.
#include <sluice/stack/core/siphash.hpp>

#include <bit>
#include <cstddef>
#include <cstring>

namespace sluice::stack {
namespace {

// The state v0..v3 starts as the key xor "somepseudorandomlygeneratedbytes".
constexpr std::uint64_t init_v0 = 0x736f6d6570736575;  // "somepseu"
constexpr std::uint64_t init_v1 = 0x646f72616e646f6d;  // "dorandom"
constexpr std::uint64_t init_v2 = 0x6c7967656e657261;  // "lygenera"
constexpr std::uint64_t init_v3 = 0x7465646279746573;  // "tedbytes"

constexpr int compression_rounds = 2;   // the "2" of SipHash-2-4
constexpr int finalization_rounds = 4;  // the "4"

struct SipState {
    std::uint64_t v0, v1, v2, v3;
};

// One SipRound: two ARX half-rounds mixing (v0, v1) and (v2, v3) crosswise.
void sip_round(SipState& s) {
    s.v0 += s.v1;
    s.v1 = std::rotl(s.v1, 13);
    s.v1 ^= s.v0;
    s.v0 = std::rotl(s.v0, 32);
    s.v2 += s.v3;
    s.v3 = std::rotl(s.v3, 16);
    s.v3 ^= s.v2;
    s.v0 += s.v3;
    s.v3 = std::rotl(s.v3, 21);
    s.v3 ^= s.v0;
    s.v2 += s.v1;
    s.v1 = std::rotl(s.v1, 17);
    s.v1 ^= s.v2;
    s.v2 = std::rotl(s.v2, 32);
}

// Up to 8 bytes as a little-endian word; missing high bytes are zero.
std::uint64_t load_le(std::span<const std::uint8_t> bytes) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) word |= std::uint64_t{bytes[i]} << (8 * i);
    return word;
}

// A whole 8-byte word: one load on a little-endian host (the connection
// table hashes every segment's 4-tuple; the byte loop above cost about a
// third of SipHash's instructions).
std::uint64_t load_le_word(const std::uint8_t* at) {
    if constexpr (std::endian::native == std::endian::little) {
        std::uint64_t word;
        std::memcpy(&word, at, sizeof word);
        return word;
    } else {
        return load_le({at, 8});
    }
}

void compress(SipState& s, std::uint64_t m) {
    s.v3 ^= m;
    for (int i = 0; i < compression_rounds; ++i) sip_round(s);
    s.v0 ^= m;
}

}  // namespace

SipKey SipKey::from_bytes(std::span<const std::uint8_t, 16> bytes) {
    return {load_le(bytes.first<8>()), load_le(bytes.last<8>())};
}

std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> message) {
    SipState s{key.k0 ^ init_v0, key.k1 ^ init_v1, key.k0 ^ init_v2, key.k1 ^ init_v3};
    const std::size_t whole = message.size() / 8 * 8;
    for (std::size_t at = 0; at < whole; at += 8) compress(s, load_le_word(message.data() + at));
    // The last word: the 0..7 remaining bytes, and the message length mod 256 as its top byte.
    compress(s, load_le(message.subspan(whole)) | (static_cast<std::uint64_t>(message.size() & 0xff) << 56));
    s.v2 ^= 0xff;
    for (int i = 0; i < finalization_rounds; ++i) sip_round(s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace sluice::stack
