// Winsock's numeric values, as the provider layer sees them.
//
// The provider never includes the public API headers (api/ sits above it), so
// the values it needs live here, with Windows' numbers, not Linux's: AF_INET6
// is 23, errors are WSAE* = 10000 + n. The API layer static_asserts that its
// macros equal these constants.
//
// Spec: shared/spec/winsock-catalog.md §1.1 (protocol-info constants and
// struct sizes), §1.2 XP1_*, §1.3 PFL_*, §1.4 SG_*/WSA_FLAG_*, §1.6 AF_*,
// SOCK_*, IPPROTO_*, §1.8 WSADATA lengths and WSA_* aliases, §1.9 WSAE*.
//
// Naming: one namespace per Winsock prefix, names in lower case without the
// prefix (WSAEINVAL -> err::wsaeinval, AF_INET6 -> af::inet6, XP1_IFS_HANDLES
// -> xp1::ifs_handles, WSA_FLAG_OVERLAPPED -> wsa_flag::overlapped).
// Types follow Windows: int for errors, families, types and protocols (Windows
// int); std::uint32_t for DWORD bit masks and GROUP values.
// Invariant: every value here is the Windows SDK value; nothing is invented.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::provider {

/// WSAE* and related error codes (§1.9, §1.8).
namespace err {
inline constexpr int no_error = 0;
inline constexpr int wsabaseerr = 10000;
inline constexpr int wsaeintr = 10004;
inline constexpr int wsaebadf = 10009;
inline constexpr int wsaeacces = 10013;
inline constexpr int wsaefault = 10014;
inline constexpr int wsaeinval = 10022;
inline constexpr int wsaemfile = 10024;
inline constexpr int wsaewouldblock = 10035;
inline constexpr int wsaeinprogress = 10036;
inline constexpr int wsaealready = 10037;
inline constexpr int wsaenotsock = 10038;
inline constexpr int wsaedestaddrreq = 10039;
inline constexpr int wsaemsgsize = 10040;
inline constexpr int wsaeprototype = 10041;
inline constexpr int wsaenoprotoopt = 10042;
inline constexpr int wsaeprotonosupport = 10043;
inline constexpr int wsaesocktnosupport = 10044;
inline constexpr int wsaeopnotsupp = 10045;
inline constexpr int wsaepfnosupport = 10046;
inline constexpr int wsaeafnosupport = 10047;
inline constexpr int wsaeaddrinuse = 10048;
inline constexpr int wsaeaddrnotavail = 10049;
inline constexpr int wsaenetdown = 10050;
inline constexpr int wsaenetunreach = 10051;
inline constexpr int wsaenetreset = 10052;
inline constexpr int wsaeconnaborted = 10053;
inline constexpr int wsaeconnreset = 10054;
inline constexpr int wsaenobufs = 10055;
inline constexpr int wsaeisconn = 10056;
inline constexpr int wsaenotconn = 10057;
inline constexpr int wsaeshutdown = 10058;
inline constexpr int wsaetoomanyrefs = 10059;
inline constexpr int wsaetimedout = 10060;
inline constexpr int wsaeconnrefused = 10061;
inline constexpr int wsaeloop = 10062;
inline constexpr int wsaenametoolong = 10063;
inline constexpr int wsaehostdown = 10064;
inline constexpr int wsaehostunreach = 10065;
inline constexpr int wsaenotempty = 10066;
inline constexpr int wsaeproclim = 10067;
inline constexpr int wsaeusers = 10068;
inline constexpr int wsaedquot = 10069;
inline constexpr int wsaestale = 10070;
inline constexpr int wsaeremote = 10071;
inline constexpr int wsasysnotready = 10091;
inline constexpr int wsavernotsupported = 10092;
inline constexpr int wsanotinitialised = 10093;
inline constexpr int wsaediscon = 10101;
inline constexpr int wsaenomore = 10102;
inline constexpr int wsaecancelled = 10103;
inline constexpr int wsaeinvalidproctable = 10104;
inline constexpr int wsaeinvalidprovider = 10105;
inline constexpr int wsaeproviderfailedinit = 10106;
inline constexpr int wsasyscallfailure = 10107;
inline constexpr int wsaservice_not_found = 10108;
inline constexpr int wsatype_not_found = 10109;
inline constexpr int wsa_e_no_more = 10110;
inline constexpr int wsa_e_cancelled = 10111;
inline constexpr int wsaerefused = 10112;
inline constexpr int wsahost_not_found = 11001;
inline constexpr int wsatry_again = 11002;
inline constexpr int wsano_recovery = 11003;
inline constexpr int wsano_data = 11004;
inline constexpr int wsano_address = wsano_data;
inline constexpr int wsa_qos_receivers = 11005;
inline constexpr int wsa_qos_senders = 11006;
inline constexpr int wsa_qos_no_senders = 11007;
inline constexpr int wsa_qos_no_receivers = 11008;
inline constexpr int wsa_qos_request_confirmed = 11009;
inline constexpr int wsa_qos_admission_failure = 11010;
inline constexpr int wsa_qos_policy_failure = 11011;
inline constexpr int wsa_qos_bad_style = 11012;
inline constexpr int wsa_qos_bad_object = 11013;
inline constexpr int wsa_qos_traffic_ctrl_error = 11014;
inline constexpr int wsa_qos_generic_error = 11015;
inline constexpr int wsa_qos_eservicetype = 11016;
inline constexpr int wsa_qos_eflowspec = 11017;
inline constexpr int wsa_qos_eprovspecbuf = 11018;
inline constexpr int wsa_qos_efilterstyle = 11019;
inline constexpr int wsa_qos_efiltertype = 11020;
inline constexpr int wsa_qos_efiltercount = 11021;
inline constexpr int wsa_qos_eobjlength = 11022;
inline constexpr int wsa_qos_eflowcount = 11023;
inline constexpr int wsa_qos_eunknownpsobj = 11024;
inline constexpr int wsa_qos_epolicyobj = 11025;
inline constexpr int wsa_qos_eflowdesc = 11026;
inline constexpr int wsa_qos_epsflowspec = 11027;
inline constexpr int wsa_qos_epsfilterspec = 11028;
inline constexpr int wsa_qos_esdmodeobj = 11029;
inline constexpr int wsa_qos_eshaperateobj = 11030;
inline constexpr int wsa_qos_reserved_petype = 11031;
// Overlapped-I/O aliases of Win32 errors (winsock2.h -> winerror.h, §1.8).
inline constexpr int wsa_invalid_handle = 6;
inline constexpr int wsa_not_enough_memory = 8;
inline constexpr int wsa_invalid_parameter = 87;
inline constexpr int wsa_operation_aborted = 995;
inline constexpr int wsa_io_incomplete = 996;
inline constexpr int wsa_io_pending = 997;
}  // namespace err

/// Address families AF_* (= PF_*) (§1.6). AF_MAX is SDK-dependent (33 or 35)
/// and deliberately absent.
namespace af {
inline constexpr int unspec = 0;
inline constexpr int unix_ = 1;  // AF_UNIX ("unix" is a predefined macro on some compilers)
inline constexpr int inet = 2;
inline constexpr int implink = 3;
inline constexpr int pup = 4;
inline constexpr int chaos = 5;
inline constexpr int ns = 6;
inline constexpr int ipx = 6;
inline constexpr int iso = 7;
inline constexpr int osi = 7;
inline constexpr int ecma = 8;
inline constexpr int datakit = 9;
inline constexpr int ccitt = 10;
inline constexpr int sna = 11;
inline constexpr int decnet = 12;
inline constexpr int dli = 13;
inline constexpr int lat = 14;
inline constexpr int hylink = 15;
inline constexpr int appletalk = 16;
inline constexpr int netbios = 17;
inline constexpr int voiceview = 18;
inline constexpr int firefox = 19;
inline constexpr int unknown1 = 20;
inline constexpr int ban = 21;
inline constexpr int atm = 22;
inline constexpr int inet6 = 23;
inline constexpr int cluster = 24;
inline constexpr int ieee12844 = 25;  // AF_12844
inline constexpr int irda = 26;
inline constexpr int netdes = 28;
inline constexpr int tcnprocess = 29;
inline constexpr int tcnmessage = 30;
inline constexpr int iclfxbm = 31;
inline constexpr int bth = 32;
inline constexpr int link = 33;
inline constexpr int hyperv = 34;
}  // namespace af

/// Socket types SOCK_* (§1.6).
namespace sock {
inline constexpr int stream = 1;
inline constexpr int dgram = 2;
inline constexpr int raw = 3;
inline constexpr int rdm = 4;
inline constexpr int seqpacket = 5;
}  // namespace sock

/// Protocols IPPROTO_* (§1.6).
namespace ipproto {
inline constexpr int ip = 0;
inline constexpr int hopopts = 0;
inline constexpr int icmp = 1;
inline constexpr int igmp = 2;
inline constexpr int ggp = 3;
inline constexpr int ipv4 = 4;
inline constexpr int st = 5;
inline constexpr int tcp = 6;
inline constexpr int cbt = 7;
inline constexpr int egp = 8;
inline constexpr int igp = 9;
inline constexpr int pup = 12;
inline constexpr int udp = 17;
inline constexpr int idp = 22;
inline constexpr int rdp = 27;
inline constexpr int ipv6 = 41;
inline constexpr int routing = 43;
inline constexpr int fragment = 44;
inline constexpr int esp = 50;
inline constexpr int ah = 51;
inline constexpr int icmpv6 = 58;
inline constexpr int none = 59;
inline constexpr int dstopts = 60;
inline constexpr int nd = 77;
inline constexpr int iclfxbm = 78;
inline constexpr int pim = 103;
inline constexpr int pgm = 113;
inline constexpr int rm = 113;  // IPPROTO_RM (seed page) == IPPROTO_PGM
inline constexpr int l2tp = 115;
inline constexpr int sctp = 132;
inline constexpr int raw = 255;
inline constexpr int max = 256;
}  // namespace ipproto

/// Service flags XP1_* (dwServiceFlags1, §1.2).
namespace xp1 {
inline constexpr std::uint32_t connectionless = 0x00000001;
inline constexpr std::uint32_t guaranteed_delivery = 0x00000002;
inline constexpr std::uint32_t guaranteed_order = 0x00000004;
inline constexpr std::uint32_t message_oriented = 0x00000008;
inline constexpr std::uint32_t pseudo_stream = 0x00000010;
inline constexpr std::uint32_t graceful_close = 0x00000020;
inline constexpr std::uint32_t expedited_data = 0x00000040;
inline constexpr std::uint32_t connect_data = 0x00000080;
inline constexpr std::uint32_t disconnect_data = 0x00000100;
inline constexpr std::uint32_t support_broadcast = 0x00000200;
inline constexpr std::uint32_t support_multipoint = 0x00000400;
inline constexpr std::uint32_t multipoint_control_plane = 0x00000800;
inline constexpr std::uint32_t multipoint_data_plane = 0x00001000;
inline constexpr std::uint32_t qos_supported = 0x00002000;
inline constexpr std::uint32_t interrupt = 0x00004000;
inline constexpr std::uint32_t uni_send = 0x00008000;
inline constexpr std::uint32_t uni_recv = 0x00010000;
inline constexpr std::uint32_t ifs_handles = 0x00020000;
inline constexpr std::uint32_t partial_message = 0x00040000;
inline constexpr std::uint32_t san_support_sdp = 0x00080000;
}  // namespace xp1

/// Provider flags PFL_* (dwProviderFlags, §1.3).
namespace pfl {
inline constexpr std::uint32_t multiple_proto_entries = 0x1;
inline constexpr std::uint32_t recommended_proto_entry = 0x2;
inline constexpr std::uint32_t hidden = 0x4;
inline constexpr std::uint32_t matches_protocol_zero = 0x8;
inline constexpr std::uint32_t networkdirect_provider = 0x10;
}  // namespace pfl

/// WSASocket dwFlags WSA_FLAG_* (§1.4; seed WSASocketA).
namespace wsa_flag {
inline constexpr std::uint32_t overlapped = 0x01;
inline constexpr std::uint32_t multipoint_c_root = 0x02;
inline constexpr std::uint32_t multipoint_c_leaf = 0x04;
inline constexpr std::uint32_t multipoint_d_root = 0x08;
inline constexpr std::uint32_t multipoint_d_leaf = 0x10;
inline constexpr std::uint32_t access_system_security = 0x40;
inline constexpr std::uint32_t no_handle_inherit = 0x80;
inline constexpr std::uint32_t registered_io = 0x100;
inline constexpr std::uint32_t multipoint_all =
    multipoint_c_root | multipoint_c_leaf | multipoint_d_root | multipoint_d_leaf;
}  // namespace wsa_flag

/// Socket-group request codes SG_* for WSASocket's g (GROUP = unsigned int;
/// g == 0 means "no group", §1.4).
namespace sg {
inline constexpr std::uint32_t no_group = 0x00;
inline constexpr std::uint32_t unconstrained_group = 0x01;
inline constexpr std::uint32_t constrained_group = 0x02;
}  // namespace sg

// WSAPROTOCOL_INFO constants (§1.1).
inline constexpr int from_protocol_info = -1;
inline constexpr std::size_t wsaprotocol_len = 255;
inline constexpr int max_protocol_chain = 7;
inline constexpr int layered_protocol = 0;
inline constexpr int base_protocol = 1;
inline constexpr int bigendian = 0;
inline constexpr int littleendian = 1;
inline constexpr int security_protocol_none = 0;
/// sizeof(WSAPROTOCOL_INFOA) / sizeof(WSAPROTOCOL_INFOW) (§1.1): the per-entry
/// sizes WSAEnumProtocolsA/W use for their buffer arithmetic.
inline constexpr std::uint32_t protocol_info_a_size = 372;
inline constexpr std::uint32_t protocol_info_w_size = 628;

/// SOCKET_ERROR (§1.8): the failure return of int-returning calls.
inline constexpr int socket_error = -1;

// WSADATA string lengths (§1.8): the arrays are one longer (NUL).
inline constexpr std::size_t wsadescription_len = 256;
inline constexpr std::size_t wsasys_status_len = 128;

}  // namespace sluice::provider
