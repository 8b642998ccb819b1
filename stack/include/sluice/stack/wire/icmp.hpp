// ICMP for IPv4 (RFC 792), the messages the stack parses and emits.
//
// The 8-byte header is type, code, checksum and a 4-byte "rest of header"
// that for echo messages holds identifier and sequence number.
#pragma once

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/address.hpp>

#include <cstddef>
#include <cstdint>

namespace sluice::wire {

inline constexpr std::size_t kIcmpHeaderLen = 8;

namespace icmptype {
inline constexpr std::uint8_t echo_reply = 0;
inline constexpr std::uint8_t dest_unreachable = 3;
inline constexpr std::uint8_t echo_request = 8;
inline constexpr std::uint8_t time_exceeded = 11;
inline constexpr std::uint8_t parameter_problem = 12;
}  // namespace icmptype

/// Bounds-checked view over an ICMP message.
class IcmpPacket {
public:
    explicit IcmpPacket(Bytes message) : bytes_(message) {}
    bool check_len() const;  ///< the 8-byte header fits
    std::uint8_t type() const;
    std::uint8_t code() const;
    std::uint16_t checksum() const;
    std::uint16_t echo_identifier() const;  ///< bytes 4..5
    std::uint16_t echo_sequence() const;    ///< bytes 6..7
    std::uint32_t rest_of_header() const;   ///< bytes 4..7
    Bytes data() const;                     ///< bytes 8..end
    bool verify_checksum() const;           ///< over the whole message

private:
    Bytes bytes_;
};

/// A parsed ICMP message. For echo request/reply `identifier`/`sequence` are
/// meaningful; for other types `rest_of_header` carries bytes 4..7 verbatim.
/// `data` aliases the parsed buffer.
struct IcmpRepr {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t rest_of_header = 0;
    Bytes data;

    std::uint16_t identifier() const { return static_cast<std::uint16_t>(rest_of_header >> 16); }
    std::uint16_t sequence() const { return static_cast<std::uint16_t>(rest_of_header & 0xffff); }
    static IcmpRepr echo(std::uint8_t type, std::uint16_t identifier, std::uint16_t sequence, Bytes data) {
        return {type, 0, (std::uint32_t{identifier} << 16) | sequence, data};
    }

    /// Drops: icmp_truncated (< 8 bytes), icmp_bad_checksum (only if
    /// verify_checksum). Any type/code is accepted; the caller decides.
    static stack::Drop parse(Bytes message, IcmpRepr& out, bool verify_checksum = true);
    std::size_t buffer_len() const { return kIcmpHeaderLen + data.size(); }
    /// Writes buffer_len() bytes with a correct checksum. `out` may alias
    /// `data` at offset 8 (in-place emit): data is then not copied.
    void emit(MutableBytes out) const;
};

}  // namespace sluice::wire
