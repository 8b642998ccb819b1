// Shared helpers for the wire unit tests: readable Drop values in GoogleTest
// output and slicing a golden frame down to the layer under test.
#pragma once

#include "hex_vector.hpp"

#include <sluice/stack/core/drop.hpp>
#include <sluice/stack/wire/ethernet.hpp>
#include <sluice/stack/wire/ipv4.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <vector>

namespace sluice::stack {
// Lets EXPECT_EQ(drop, Drop::x) print "ipv4_bad_checksum" instead of a number.
inline void PrintTo(Drop d, std::ostream* os) { *os << drop_name(d); }
}  // namespace sluice::stack

namespace sluice::test {

using Frame = std::vector<std::uint8_t>;
using wire::Bytes;
using wire::MutableBytes;

/// The bytes after the (possibly tagged) Ethernet header. Fails the test and
/// returns an empty span if the frame has no complete header.
inline Bytes eth_payload(Bytes frame) {
    const wire::EthernetFrame view(frame);
    EXPECT_TRUE(view.check_len());
    return view.check_len() ? view.payload() : Bytes{};
}

/// The IPv4 payload of an IPv4 packet, cut at the total length (link padding
/// excluded). Fails the test and returns an empty span if it does not parse.
inline Bytes ipv4_payload(Bytes packet) {
    wire::Ipv4Repr ip;
    const auto drop = wire::Ipv4Repr::parse(packet, ip, false);
    EXPECT_EQ(drop, stack::Drop::none);
    if (drop != stack::Drop::none) return {};
    return packet.subspan(ip.header_len, ip.payload_len);
}

/// Position of `inner` inside `outer` (both spans over the same buffer).
inline std::size_t offset_in(Bytes outer, Bytes inner) {
    return static_cast<std::size_t>(inner.data() - outer.data());
}

}  // namespace sluice::test
