// Winsock's option levels and names, ioctl commands, send/recv flags,
// shutdown modes and WSAPoll events as the provider uses them: the same
// values as the public headers (api/src/constants_check.cpp asserts each
// equality), kept here because the provider must not include the public API.
#pragma once

#include <cstdint>

namespace sluice::provider {

namespace level {
inline constexpr int sol_socket = 0xffff;
inline constexpr int ip = 0;
inline constexpr int ipv6 = 41;
inline constexpr int tcp = 6;
inline constexpr int udp = 17;
}  // namespace level

namespace so {
inline constexpr int debug = 0x0001;
inline constexpr int acceptconn = 0x0002;
inline constexpr int reuseaddr = 0x0004;
inline constexpr int keepalive = 0x0008;
inline constexpr int dontroute = 0x0010;
inline constexpr int broadcast = 0x0020;
inline constexpr int useloopback = 0x0040;
inline constexpr int linger = 0x0080;
inline constexpr int oobinline = 0x0100;
inline constexpr int dontlinger = ~linger;
inline constexpr int exclusiveaddruse = ~reuseaddr;
inline constexpr int sndbuf = 0x1001;
inline constexpr int rcvbuf = 0x1002;
inline constexpr int sndlowat = 0x1003;
inline constexpr int rcvlowat = 0x1004;
inline constexpr int sndtimeo = 0x1005;
inline constexpr int rcvtimeo = 0x1006;
inline constexpr int error = 0x1007;
inline constexpr int type = 0x1008;
inline constexpr int bsp_state = 0x1009;
inline constexpr int group_id = 0x2001;
inline constexpr int group_priority = 0x2002;
inline constexpr int max_msg_size = 0x2003;
inline constexpr int protocol_infoa = 0x2004;
inline constexpr int protocol_infow = 0x2005;
inline constexpr int conditional_accept = 0x3002;
inline constexpr int randomize_port = 0x3005;
inline constexpr int port_scalability = 0x3006;
inline constexpr int reuse_unicastport = 0x3007;
inline constexpr int opentype = 0x7008;
inline constexpr int connect_time = 0x700C;
}  // namespace so

namespace ipopt {
inline constexpr int options = 1;
inline constexpr int hdrincl = 2;
inline constexpr int tos = 3;
inline constexpr int ttl = 4;
inline constexpr int multicast_if = 9;
inline constexpr int multicast_ttl = 10;
inline constexpr int multicast_loop = 11;
inline constexpr int add_membership = 12;
inline constexpr int drop_membership = 13;
inline constexpr int dontfragment = 14;
inline constexpr int add_source_membership = 15;
inline constexpr int drop_source_membership = 16;
inline constexpr int block_source = 17;
inline constexpr int unblock_source = 18;
inline constexpr int pktinfo = 19;
inline constexpr int recvttl = 21;
inline constexpr int receive_broadcast = 22;
inline constexpr int recvif = 24;
inline constexpr int recvdstaddr = 25;
inline constexpr int iflist = 28;
inline constexpr int unicast_if = 31;
inline constexpr int rthdr = 32;
inline constexpr int get_iflist = 33;
inline constexpr int recvrthdr = 38;
inline constexpr int recvtos = 40;
inline constexpr int original_arrival_if = 47;
inline constexpr int ecn = 50;
inline constexpr int pktinfo_ex = 51;
inline constexpr int wfp_redirect_records = 60;
inline constexpr int wfp_redirect_context = 70;
inline constexpr int mtu_discover = 71;
inline constexpr int mtu = 73;
inline constexpr int recverr = 75;
inline constexpr int user_mtu = 76;
}  // namespace ipopt

namespace ipv6opt {
inline constexpr int v6only = 27;
}  // namespace ipv6opt

namespace tcpopt {
inline constexpr int nodelay = 0x0001;
inline constexpr int keepalive = 3;
inline constexpr int keepcnt = 16;
inline constexpr int keepintvl = 17;
}  // namespace tcpopt

namespace ioctl_cmd {
inline constexpr std::uint32_t fionread = 0x4004667F;
inline constexpr std::uint32_t fionbio = 0x8004667E;
inline constexpr std::uint32_t siocatmark = 0x40047307;
}  // namespace ioctl_cmd

namespace msg {
inline constexpr std::uint32_t oob = 0x1;
inline constexpr std::uint32_t peek = 0x2;
inline constexpr std::uint32_t dontroute = 0x4;
inline constexpr std::uint32_t waitall = 0x8;
inline constexpr std::uint32_t partial = 0x8000;
}  // namespace msg

namespace sd {
inline constexpr int receive = 0;
inline constexpr int send = 1;
inline constexpr int both = 2;
}  // namespace sd

namespace pollev {
inline constexpr short rdnorm = 0x0100;
inline constexpr short rdband = 0x0200;
inline constexpr short pri = 0x0400;
inline constexpr short wrnorm = 0x0010;
inline constexpr short wrband = 0x0020;
inline constexpr short err = 0x0001;
inline constexpr short hup = 0x0002;
inline constexpr short nval = 0x0004;
}  // namespace pollev

}  // namespace sluice::provider
