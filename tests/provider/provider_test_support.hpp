// Shared helpers for the provider tests: extra catalog entries that stand in
// for providers Windows may have installed (IPX/SPX, Bluetooth, an LSP), so
// the rules that only show with such providers (spec winsock-behaviour.md
// WS-SOCK-10, winsock-catalog.md §4d) can be checked against our catalog.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <string>

namespace sluice::provider::test {

// Values from wsipx.h / ws2bth.h, used only by these stand-in providers.
inline constexpr int nsproto_ipx = 1000;
inline constexpr int nsproto_spx = 1256;
inline constexpr int bthproto_rfcomm = 3;

inline constexpr Guid test_provider_a{0x11111111, 0x2222, 0x3333, {1, 2, 3, 4, 5, 6, 7, 8}};
inline constexpr Guid test_provider_b{0x44444444, 0x5555, 0x6666, {8, 7, 6, 5, 4, 3, 2, 1}};

/// A base (ChainLen 1), visible entry with the given triple and flags.
inline ProtocolEntry make_entry(int family, int type, int protocol, std::uint32_t service,
                                std::uint32_t provider_flags = pfl::matches_protocol_zero,
                                Guid provider = test_provider_a, int max_offset = 0) {
    ProtocolEntry e;
    e.service_flags1 = service;
    e.provider_flags = provider_flags;
    e.provider_id = provider;
    e.protocol_chain.length = base_protocol;
    e.version = 2;
    e.address_family = family;
    e.socket_type = type;
    e.protocol = protocol;
    e.protocol_max_offset = max_offset;
    e.name = u"test entry";
    return e;
}

inline constexpr std::uint32_t stream_service =
    xp1::guaranteed_delivery | xp1::guaranteed_order | xp1::graceful_close;
inline constexpr std::uint32_t datagram_service =
    xp1::connectionless | xp1::message_oriented;

}  // namespace sluice::provider::test
