// SYN cookies and the options they carry in TSval. Layout, table and
// trade-offs: syn_cookie.hpp.
#include <sluice/stack/tcp/syn_cookie.hpp>

#include <algorithm>
#include <ratio>

namespace sluice::stack {
namespace {

constexpr std::uint32_t counter_shift = 24;      // the counter's low byte is the cookie's top byte
constexpr std::uint32_t counter_mask = 0xff;     // ... so ages are read mod 256
constexpr std::uint32_t mac_shift = 2;           // bits 2-23: the MAC
constexpr std::uint32_t mac_mask = 0x003fffff;   // 22 bits
constexpr std::uint32_t index_mask = 0x3;        // bits 0-1: the MSS index
constexpr std::uint32_t hash0_domain = 0x53434830;  // "SCH0"
constexpr std::uint32_t mac_domain = 0x534d4100;    // "SMA" and the MSS index in the low byte

constexpr std::uint32_t ts_option_bits = 6;
constexpr std::uint32_t ts_option_mask = (1u << ts_option_bits) - 1;
constexpr std::uint32_t ts_wscale_mask = 0x0f;  // bits 0-3
constexpr std::uint32_t ts_wscale_none = 0x0f;  // 15: the SYN had no window scale option
constexpr std::uint32_t ts_sack = 1u << 4;
constexpr std::uint32_t ts_ecn = 1u << 5;
constexpr std::uint8_t max_window_scale = 14;  // RFC 7323 §2.3

using CookiePeriods = std::chrono::duration<std::int64_t, std::ratio<64>>;
static_assert(CookiePeriods{1} == syn_cookie_period);
static_assert(syn_cookie_mss_table.size() == index_mask + 1, "the cookie spends 2 bits on the MSS index");

}  // namespace

std::uint32_t syn_cookie_counter(Instant now) {
    return static_cast<std::uint32_t>(std::chrono::floor<CookiePeriods>(now.time_since_epoch()).count());
}

std::uint32_t syn_cookie_mss_index(std::uint16_t peer_mss) {
    std::uint32_t index = syn_cookie_mss_table.size() - 1;
    while (index > 0 && peer_mss < syn_cookie_mss_table[index]) --index;
    return index;
}

std::uint32_t SynCookies::hash0(const FourTuple& tuple) const {
    return static_cast<std::uint32_t>(hash_four_tuple(secret_, tuple, hash0_domain));
}

std::uint32_t SynCookies::mac(const FourTuple& tuple, std::uint32_t counter, std::uint32_t mss_index) const {
    const auto h1 = hash_four_tuple(secret_, tuple, mac_domain | mss_index, counter);
    return static_cast<std::uint32_t>(h1) & mac_mask;
}

SeqNum SynCookies::encode(const FourTuple& tuple, SeqNum client_isn, std::uint16_t peer_mss, Instant now) const {
    const std::uint32_t counter = syn_cookie_counter(now);
    const std::uint32_t index = syn_cookie_mss_index(peer_mss);
    const std::uint32_t low = (mac(tuple, counter, index) << mac_shift) | index;
    return SeqNum{hash0(tuple) + client_isn.raw() + (counter << counter_shift) + low};
}

std::optional<std::uint16_t> SynCookies::validate(const FourTuple& tuple, SeqNum seg_seq, SeqNum seg_ack,
                                                  Instant now) const {
    const std::uint32_t client_isn = seg_seq.raw() - 1;
    const std::uint32_t cookie = seg_ack.raw() - 1 - hash0(tuple) - client_isn;
    const std::uint32_t counter = syn_cookie_counter(now);
    const std::uint32_t age = (counter - (cookie >> counter_shift)) & counter_mask;
    if (age >= syn_cookie_max_age) return std::nullopt;
    const std::uint32_t index = cookie & index_mask;
    if (((cookie >> mac_shift) & mac_mask) != mac(tuple, counter - age, index)) return std::nullopt;
    return syn_cookie_mss_table[index];
}

std::uint32_t syn_cookie_tsval(std::uint32_t ts_now, const SynCookieOptions& options) {
    std::uint32_t bits = options.window_scale ? std::min(*options.window_scale, max_window_scale) : ts_wscale_none;
    if (options.sack_permitted) bits |= ts_sack;
    if (options.ecn) bits |= ts_ecn;
    std::uint32_t tsval = (ts_now & ~ts_option_mask) | bits;
    if (bits > (ts_now & ts_option_mask)) tsval -= ts_option_mask + 1;  // would be ahead of ts_now
    return tsval;
}

SynCookieOptions syn_cookie_options(std::uint32_t tsecr) {
    SynCookieOptions options;
    const std::uint32_t wscale = tsecr & ts_wscale_mask;
    if (wscale != ts_wscale_none) options.window_scale = static_cast<std::uint8_t>(wscale);
    options.sack_permitted = (tsecr & ts_sack) != 0;
    options.ecn = (tsecr & ts_ecn) != 0;
    return options;
}

}  // namespace sluice::stack
