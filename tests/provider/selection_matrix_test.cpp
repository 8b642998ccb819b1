// The WSASocket matrix, row by row: every (af, type, protocol) row Windows was
// observed to give in Wine's test_WSASocket, against the six base entries.
//
// Spec: shared/spec/winsock-behaviour.md WS-SOCK-04 (the 29-row table of the
// current test) and shared/spec/winsock-catalog.md §3a (rows of the older
// test, including raw and IPX rows). Each row keeps its spec text; expected
// successes name the chosen catalog entry and the effective triple, which is
// what SO_PROTOCOL_INFO reports (WS-SOCK-04's last line).
#include <sluice/provider/selection.hpp>

#include <gtest/gtest.h>

#include <string>

namespace sluice::provider {
namespace {

constexpr int dead = 0xdead;
constexpr int nsproto_ipx = 1000;  // wsipx.h

struct Row {
    const char* name;  // test name suffix: fact id + row
    const char* spec;  // the spec row, verbatim in substance
    int af, type, protocol;
    int error;         // 0 = success
    CatalogId entry;   // on success
    int ret_af, ret_type, ret_protocol;
};

// clang-format off
const Row rows[] = {
    // WS-SOCK-04: Wine test_WSASocket tests[] 0..28 (passes on Windows).
    {"WS_SOCK_04_row00", "0xdead | SOCK_STREAM | IPPROTO_TCP -> WSAEAFNOSUPPORT",
     dead, sock::stream, ipproto::tcp, err::wsaeafnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row01", "-1 | SOCK_STREAM | IPPROTO_TCP -> WSAEAFNOSUPPORT",
     -1, sock::stream, ipproto::tcp, err::wsaeafnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row02", "AF_INET | 0xdead | IPPROTO_TCP -> WSAESOCKTNOSUPPORT",
     af::inet, dead, ipproto::tcp, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row03", "AF_INET | -1 | IPPROTO_TCP -> WSAESOCKTNOSUPPORT",
     af::inet, -1, ipproto::tcp, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row04", "AF_INET | SOCK_STREAM | 0xdead -> WSAEPROTONOSUPPORT",
     af::inet, sock::stream, dead, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row05", "AF_INET | SOCK_STREAM | -1 -> WSAEPROTONOSUPPORT",
     af::inet, sock::stream, -1, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row06", "0xdead | 0xdead | IPPROTO_TCP -> WSAESOCKTNOSUPPORT (bad type reported before bad af)",
     dead, dead, ipproto::tcp, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row07", "0xdead | SOCK_STREAM | 0xdead -> WSAEAFNOSUPPORT",
     dead, sock::stream, dead, err::wsaeafnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row08", "AF_INET | 0xdead | 0xdead -> WSAESOCKTNOSUPPORT",
     af::inet, dead, dead, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row09", "0xdead | SOCK_STREAM | IPPROTO_UDP -> WSAEAFNOSUPPORT",
     dead, sock::stream, ipproto::udp, err::wsaeafnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row10", "AF_INET | SOCK_STREAM | 0 -> OK (AF_INET, SOCK_STREAM, IPPROTO_TCP)",
     af::inet, sock::stream, 0, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"WS_SOCK_04_row11", "AF_INET | SOCK_DGRAM | 0 -> OK (AF_INET, SOCK_DGRAM, IPPROTO_UDP)",
     af::inet, sock::dgram, 0, 0, 1002, af::inet, sock::dgram, ipproto::udp},
    {"WS_SOCK_04_row12", "AF_INET | 0xdead | 0 -> WSAESOCKTNOSUPPORT",
     af::inet, dead, 0, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row13", "AF_INET | 0 | IPPROTO_TCP -> OK SOCK_STREAM / TCP",
     af::inet, 0, ipproto::tcp, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"WS_SOCK_04_row14", "AF_INET | 0 | IPPROTO_UDP -> OK SOCK_DGRAM / UDP",
     af::inet, 0, ipproto::udp, 0, 1002, af::inet, sock::dgram, ipproto::udp},
    {"WS_SOCK_04_row15", "AF_INET | 0 | 0xdead -> WSAEPROTONOSUPPORT",
     af::inet, 0, dead, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row16", "AF_INET | 0 | 0 -> OK SOCK_STREAM / TCP",
     af::inet, 0, 0, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"WS_SOCK_04_row17", "AF_INET | SOCK_STREAM | IPPROTO_UDP -> WSAEPROTONOSUPPORT (mismatch)",
     af::inet, sock::stream, ipproto::udp, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row18", "AF_INET | SOCK_DGRAM | IPPROTO_TCP -> WSAEPROTONOSUPPORT (mismatch)",
     af::inet, sock::dgram, ipproto::tcp, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row19", "AF_UNSPEC | SOCK_STREAM | IPPROTO_TCP -> OK AF_INET (Win11: AF_INET6), STREAM, TCP",
     af::unspec, sock::stream, ipproto::tcp, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"WS_SOCK_04_row20", "AF_UNSPEC | SOCK_STREAM | 0xdead -> WSAEPROTONOSUPPORT",
     af::unspec, sock::stream, dead, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row21", "AF_UNSPEC | 0xdead | IPPROTO_UDP -> WSAESOCKTNOSUPPORT",
     af::unspec, dead, ipproto::udp, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row22", "AF_UNSPEC | SOCK_STREAM | 0 -> WSAEINVAL",
     af::unspec, sock::stream, 0, err::wsaeinval, 0, 0, 0, 0},
    {"WS_SOCK_04_row23", "AF_UNSPEC | SOCK_DGRAM | 0 -> WSAEINVAL",
     af::unspec, sock::dgram, 0, err::wsaeinval, 0, 0, 0, 0},
    {"WS_SOCK_04_row24", "AF_UNSPEC | 0xdead | 0 -> WSAEINVAL",
     af::unspec, dead, 0, err::wsaeinval, 0, 0, 0, 0},
    {"WS_SOCK_04_row25", "AF_UNSPEC | 0 | IPPROTO_TCP -> OK AF_INET (Win11: AF_INET6), STREAM, TCP",
     af::unspec, 0, ipproto::tcp, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"WS_SOCK_04_row26", "AF_UNSPEC | 0 | IPPROTO_UDP -> OK AF_INET (Win11: AF_INET6), DGRAM, UDP",
     af::unspec, 0, ipproto::udp, 0, 1002, af::inet, sock::dgram, ipproto::udp},
    {"WS_SOCK_04_row27", "AF_UNSPEC | 0 | 0xdead -> WSAEPROTONOSUPPORT",
     af::unspec, 0, dead, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"WS_SOCK_04_row28", "AF_UNSPEC | 0 | 0 -> WSAEINVAL",
     af::unspec, 0, 0, err::wsaeinval, 0, 0, 0, 0},

    // winsock-catalog.md §3a: rows of the older test_WSASocket not above.
    {"Sec3a_0_0_0", "0 | 0 | 0 | NULL -> WSAEINVAL (10022)",
     0, 0, 0, err::wsaeinval, 0, 0, 0, 0},
    {"Sec3a_0_Stream_Minus1", "0 | SOCK_STREAM | -1 | NULL -> WSAEPROTONOSUPPORT (10043)",
     0, sock::stream, -1, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"Sec3a_0_Minus1_Udp", "0 | -1 | IPPROTO_UDP | NULL -> WSAESOCKTNOSUPPORT (10044)",
     0, -1, ipproto::udp, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"Sec3a_0_Minus1_0", "0 | -1 | 0 | NULL -> WSAEINVAL",
     0, -1, 0, err::wsaeinval, 0, 0, 0, 0},
    {"Sec3a_Inet_Minus1_0", "AF_INET | -1 | 0 | NULL -> WSAESOCKTNOSUPPORT",
     af::inet, -1, 0, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"Sec3a_Inet_0_Minus1", "AF_INET | 0 | -1 | NULL -> WSAEPROTONOSUPPORT",
     af::inet, 0, -1, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"Sec3a_0_Minus1_Minus1", "0 | -1 | -1 | NULL -> WSAESOCKTNOSUPPORT",
     0, -1, -1, err::wsaesocktnosupport, 0, 0, 0, 0},
    {"Sec3a_Minus1_Stream_Udp", "-1 | SOCK_STREAM | IPPROTO_UDP | NULL -> WSAEAFNOSUPPORT (10047)",
     -1, sock::stream, ipproto::udp, err::wsaeafnosupport, 0, 0, 0, 0},
    {"Sec3a_0_Stream_0", "0 | SOCK_STREAM | 0 | NULL -> WSAEINVAL",
     0, sock::stream, 0, err::wsaeinval, 0, 0, 0, 0},
    {"Sec3a_0_0_Dead", "0 | 0 | 0xdead | NULL -> WSAEPROTONOSUPPORT",
     0, 0, dead, err::wsaeprotonosupport, 0, 0, 0, 0},
    {"Sec3a_0_Dead_0", "0 | 0xdead | 0 | NULL -> WSAEINVAL",
     0, dead, 0, err::wsaeinval, 0, 0, 0, 0},
    {"Sec3a_0_0_Tcp", "0 | 0 | IPPROTO_TCP | NULL -> OK (af & type from first entry whose range contains 6)",
     0, 0, ipproto::tcp, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"Sec3a_Inet_Stream_0", "AF_INET | SOCK_STREAM | 0 | NULL -> OK (TCP)",
     af::inet, sock::stream, 0, 0, 1001, af::inet, sock::stream, ipproto::tcp},
    {"Sec3a_Inet_Raw_Icmp", "AF_INET | SOCK_RAW | IPPROTO_ICMP | NULL -> OK as admin (raw entry 0..255)",
     af::inet, sock::raw, ipproto::icmp, 0, 1003, af::inet, sock::raw, ipproto::icmp},
    {"Sec3a_Inet_Raw_Tcp", "AF_INET | SOCK_RAW | IPPROTO_TCP | NULL -> OK (admin): RAW entry covers 0..255",
     af::inet, sock::raw, ipproto::tcp, 0, 1003, af::inet, sock::raw, ipproto::tcp},
    {"Sec3a_0_0_Raw", "0 | 0 | IPPROTO_RAW | NULL -> OK, SO_TYPE = SOCK_RAW: hidden RAW entry still matched",
     0, 0, ipproto::raw, 0, 1003, af::inet, sock::raw, ipproto::raw},
    {"Sec3a_Ipx_Dgram_Ipx", "AF_IPX | SOCK_DGRAM | NSPROTO_IPX | NULL -> WSAEAFNOSUPPORT when IPX not installed",
     af::ipx, sock::dgram, nsproto_ipx, err::wsaeafnosupport, 0, 0, 0, 0},
    {"Sec3a_Inet6_Raw_0", "AF_INET6 | SOCK_RAW | 0 -> RAW/IPv6 (PFL_MATCHES_PROTOCOL_ZERO, protocol stays 0)",
     af::inet6, sock::raw, 0, 0, 1006, af::inet6, sock::raw, 0},
};
// clang-format on

class WsaSocketMatrix : public ::testing::TestWithParam<Row> {};

TEST_P(WsaSocketMatrix, MatchesWindows) {
    const Row& row = GetParam();
    SCOPED_TRACE(row.spec);
    const Catalog catalog = Catalog::with_base_entries();
    const GroupTable groups;
    SocketRequest request;
    request.af = row.af;
    request.type = row.type;
    request.protocol = row.protocol;
    const auto result = select_socket(catalog, groups, request);
    ASSERT_EQ(result.error(), row.error);
    if (row.error != 0) return;
    const SocketSelection& s = result.value();
    EXPECT_EQ(s.entry->catalog_entry_id, row.entry);
    EXPECT_EQ(s.af, row.ret_af);
    EXPECT_EQ(s.type, row.ret_type);
    EXPECT_EQ(s.protocol, row.ret_protocol);
    EXPECT_EQ(s.entry->address_family, row.ret_af);
    EXPECT_EQ(s.entry->socket_type, row.ret_type);
}

INSTANTIATE_TEST_SUITE_P(WsaSocket, WsaSocketMatrix, ::testing::ValuesIn(rows),
                         [](const ::testing::TestParamInfo<Row>& param_info) {
                             return std::string(param_info.param.name);
                         });

}  // namespace
}  // namespace sluice::provider
