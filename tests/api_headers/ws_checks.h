/* ws_checks.h: the run-time checks of the sluice Winsock headers, shared by
 * every test program of tests/api_headers (C and C++, both header modes).
 * Include it after the sluice headers; W(name) is name in the
 * Winsock-compatible mode and WS_name in the prefixed mode, so the same
 * expectations hold the two modes to the same Windows numbers and layouts.
 * Expected values come from shared/spec/winsock-catalog.md section 1 and
 * winsock-behaviour.md section 0, never from the headers under test.
 *
 * A program defines WS_CHECK_FD_SETSIZE (the FD_SETSIZE it expects) and calls
 * ws_run_checks(), which prints every mismatch and returns how many. */
#ifndef SLUICE_TESTS_WS_CHECKS_H
#define SLUICE_TESTS_WS_CHECKS_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifdef SLUICE_WS_PREFIX
#  define W(name) WS_##name
#else
#  define W(name) name
#endif

#ifndef WS_CHECK_FD_SETSIZE
#  error "define WS_CHECK_FD_SETSIZE to the FD_SETSIZE this program expects"
#endif

#ifdef __cplusplus
#  define WS_LL(x) static_cast<long long>(x)
#  define WS_UL(x) static_cast<unsigned long long>(x)
#  define WS_U32(x) static_cast<uint32_t>(x)
#  define WS_UC(x) static_cast<unsigned char>(x)
#else
#  define WS_LL(x) ((long long)(x))
#  define WS_UL(x) ((unsigned long long)(x))
#  define WS_U32(x) ((uint32_t)(x))
#  define WS_UC(x) ((unsigned char)(x))
#endif

static int ws_failures;

#define WS_EXPECT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) {                                                         \
            printf("%s:%d: expected %s\n", __FILE__, __LINE__, #cond);         \
            ++ws_failures;                                                     \
        }                                                                      \
    } while (0)

struct ws_value {
    const char *name;
    long long value;
    long long expected;
};
#define V(name, expected) { #name, WS_LL(name), WS_LL(expected) }

static const struct ws_value ws_values[] = {
    /* address families, socket types, protocols */
    V(W(AF_UNSPEC), 0), V(W(AF_UNIX), 1), V(W(AF_INET), 2), V(W(AF_IPX), 6),
    V(W(AF_APPLETALK), 16), V(W(AF_NETBIOS), 17), V(W(AF_INET6), 23), V(W(AF_IRDA), 26),
    V(W(AF_BTH), 32), V(W(PF_INET), 2), V(W(PF_INET6), 23), V(W(PF_UNSPEC), 0),
    V(W(SOCK_STREAM), 1), V(W(SOCK_DGRAM), 2), V(W(SOCK_RAW), 3), V(W(SOCK_RDM), 4),
    V(W(SOCK_SEQPACKET), 5),
    V(W(IPPROTO_IP), 0), V(W(IPPROTO_ICMP), 1), V(W(IPPROTO_IGMP), 2), V(W(IPPROTO_TCP), 6),
    V(W(IPPROTO_UDP), 17), V(W(IPPROTO_IPV6), 41), V(W(IPPROTO_ICMPV6), 58),
    V(W(IPPROTO_RM), 113), V(W(IPPROTO_RAW), 255), V(W(IPPROTO_MAX), 256),
    /* socket options */
    V(W(SOL_SOCKET), 0xffff), V(W(SO_DEBUG), 0x0001), V(W(SO_ACCEPTCONN), 0x0002),
    V(W(SO_REUSEADDR), 0x0004), V(W(SO_KEEPALIVE), 0x0008), V(W(SO_DONTROUTE), 0x0010),
    V(W(SO_BROADCAST), 0x0020), V(W(SO_USELOOPBACK), 0x0040), V(W(SO_LINGER), 0x0080),
    V(W(SO_OOBINLINE), 0x0100), V(W(SO_DONTLINGER), -129), V(W(SO_EXCLUSIVEADDRUSE), -5),
    V(W(SO_SNDBUF), 0x1001), V(W(SO_RCVBUF), 0x1002), V(W(SO_SNDLOWAT), 0x1003),
    V(W(SO_RCVLOWAT), 0x1004), V(W(SO_SNDTIMEO), 0x1005), V(W(SO_RCVTIMEO), 0x1006),
    V(W(SO_ERROR), 0x1007), V(W(SO_TYPE), 0x1008), V(W(SO_GROUP_ID), 0x2001),
    V(W(SO_GROUP_PRIORITY), 0x2002), V(W(SO_MAX_MSG_SIZE), 0x2003),
    V(W(SO_PROTOCOL_INFOA), 0x2004), V(W(SO_PROTOCOL_INFOW), 0x2005),
    V(W(SO_PROTOCOL_INFO), 0x2004), V(PVD_CONFIG, 0x3001), V(W(SO_CONDITIONAL_ACCEPT), 0x3002),
    V(W(SOMAXCONN), 0x7fffffff), V(W(SOMAXCONN_HINT)(200), -200),
    V(W(SO_CONNDATA), 0x7000), V(W(SO_OPENTYPE), 0x7008), V(W(SO_SYNCHRONOUS_ALERT), 0x10),
    V(W(SO_SYNCHRONOUS_NONALERT), 0x20), V(W(SO_MAXDG), 0x7009), V(W(SO_MAXPATHDG), 0x700A),
    V(W(SO_UPDATE_ACCEPT_CONTEXT), 0x700B), V(W(SO_CONNECT_TIME), 0x700C),
    V(W(SO_UPDATE_CONNECT_CONTEXT), 0x7010), V(W(TCP_BSDURGENT), 0x7000),
    V(W(TCP_NODELAY), 1), V(W(TCP_EXPEDITED_1122), 2), V(W(TCP_KEEPALIVE), 3),
    V(W(TCP_KEEPIDLE), 3), V(W(TCP_MAXSEG), 4), V(W(TCP_MAXRT), 5), V(W(TCP_STDURG), 6),
    V(W(TCP_NOURG), 7), V(W(TCP_ATMARK), 8), V(W(TCP_NOSYNRETRIES), 9), V(W(TCP_TIMESTAMPS), 10),
    V(W(TCP_OFFLOAD_PREFERENCE), 11), V(W(TCP_CONGESTION_ALGORITHM), 12),
    V(W(TCP_DELAY_FIN_ACK), 13), V(W(TCP_MAXRTMS), 14), V(W(TCP_FASTOPEN), 15),
    V(W(TCP_KEEPCNT), 16), V(W(TCP_KEEPINTVL), 17), V(W(TCP_FAIL_CONNECT_ON_ICMP_ERROR), 18),
    V(W(TCP_ICMP_ERROR_INFO), 19),
    V(W(IP_OPTIONS), 1), V(W(IP_HDRINCL), 2), V(W(IP_TOS), 3), V(W(IP_TTL), 4),
    V(W(IP_MULTICAST_IF), 9), V(W(IP_MULTICAST_TTL), 10), V(W(IP_MULTICAST_LOOP), 11),
    V(W(IP_ADD_MEMBERSHIP), 12), V(W(IP_DROP_MEMBERSHIP), 13), V(W(IP_DONTFRAGMENT), 14),
    V(W(IP_ADD_SOURCE_MEMBERSHIP), 15), V(W(IP_DROP_SOURCE_MEMBERSHIP), 16),
    V(W(IP_PKTINFO), 19), V(W(IP_RECVTTL), 21), V(W(IP_RECVTOS), 40),
    V(W(IPV6_HDRINCL), 2), V(W(IPV6_UNICAST_HOPS), 4), V(W(IPV6_MULTICAST_IF), 9),
    V(W(IPV6_MULTICAST_HOPS), 10), V(W(IPV6_MULTICAST_LOOP), 11), V(W(IPV6_ADD_MEMBERSHIP), 12),
    V(W(IPV6_JOIN_GROUP), 12), V(W(IPV6_DROP_MEMBERSHIP), 13), V(W(IPV6_LEAVE_GROUP), 13),
    V(W(IPV6_DONTFRAG), 14), V(W(IPV6_PKTINFO), 19), V(W(IPV6_HOPLIMIT), 21),
    V(W(IPV6_V6ONLY), 27), V(W(IPV6_RECVTCLASS), 40),
    V(W(MSG_OOB), 0x1), V(W(MSG_PEEK), 0x2), V(W(MSG_DONTROUTE), 0x4), V(W(MSG_WAITALL), 0x8),
    V(W(MSG_INTERRUPT), 0x10), V(W(MSG_PUSH_IMMEDIATE), 0x20), V(W(MSG_TRUNC), 0x0100),
    V(W(MSG_CTRUNC), 0x0200), V(W(MSG_BCAST), 0x0400), V(W(MSG_MCAST), 0x0800),
    V(W(MSG_PARTIAL), 0x8000), V(W(MSG_MAXIOVLEN), 16),
    /* ioctls */
    V(W(IOCPARM_MASK), 0x7f), V(W(IOC_VOID), 0x20000000), V(W(IOC_OUT), 0x40000000),
    V(W(IOC_IN), 0x80000000), V(W(IOC_INOUT), 0xC0000000), V(W(IOC_UNIX), 0),
    V(W(IOC_WS2), 0x08000000), V(W(IOC_PROTOCOL), 0x10000000), V(W(IOC_VENDOR), 0x18000000),
    V(W(FIONREAD), 0x4004667F), V(W(FIONBIO), 0x8004667E), V(W(FIOASYNC), 0x8004667D),
    V(W(SIOCSHIWAT), 0x80047300), V(W(SIOCGHIWAT), 0x40047301), V(W(SIOCSLOWAT), 0x80047302),
    V(W(SIOCGLOWAT), 0x40047303), V(W(SIOCATMARK), 0x40047307),
    V(W(SIO_ASSOCIATE_HANDLE), 0x88000001), V(W(SIO_ENABLE_CIRCULAR_QUEUEING), 0x28000002),
    V(W(SIO_FIND_ROUTE), 0x48000003), V(W(SIO_FLUSH), 0x28000004),
    V(W(SIO_GET_BROADCAST_ADDRESS), 0x48000005),
    V(W(SIO_GET_EXTENSION_FUNCTION_POINTER), 0xC8000006), V(W(SIO_GET_QOS), 0xC8000007),
    V(W(SIO_GET_GROUP_QOS), 0xC8000008), V(W(SIO_MULTIPOINT_LOOPBACK), 0x88000009),
    V(W(SIO_MULTICAST_SCOPE), 0x8800000A), V(W(SIO_SET_QOS), 0x8800000B),
    V(W(SIO_SET_GROUP_QOS), 0x8800000C), V(W(SIO_TRANSLATE_HANDLE), 0xC800000D),
    V(W(SIO_ROUTING_INTERFACE_QUERY), 0xC8000014), V(W(SIO_ROUTING_INTERFACE_CHANGE), 0x88000015),
    V(W(SIO_ADDRESS_LIST_QUERY), 0x48000016), V(W(SIO_ADDRESS_LIST_CHANGE), 0x28000017),
    V(W(SIO_QUERY_TARGET_PNP_HANDLE), 0x48000018), V(W(SIO_ADDRESS_LIST_SORT), 0xC8000019),
    V(W(SIO_BSP_HANDLE), 0x4800001B), V(W(SIO_BASE_HANDLE), 0x48000022),
    V(W(SIO_UDP_CONNRESET), 0x9800000C),
    /* WSAPoll */
    V(W(POLLRDNORM), 0x0100), V(W(POLLRDBAND), 0x0200), V(W(POLLIN), 0x0300),
    V(W(POLLPRI), 0x0400), V(W(POLLWRNORM), 0x0010), V(W(POLLOUT), 0x0010),
    V(W(POLLWRBAND), 0x0020), V(W(POLLERR), 0x0001), V(W(POLLHUP), 0x0002),
    V(W(POLLNVAL), 0x0004),
    /* addresses and resolution */
    V(W(INADDR_ANY), 0), V(W(INADDR_LOOPBACK), 0x7f000001), V(W(INADDR_BROADCAST), 0xffffffff),
    V(W(INADDR_NONE), 0xffffffff), V(ADDR_ANY, 0), V(W(INET_ADDRSTRLEN), 22),
    V(W(INET6_ADDRSTRLEN), 65), V(W(_SS_MAXSIZE), 128),
    V(W(AI_PASSIVE), 0x1), V(W(AI_CANONNAME), 0x2), V(W(AI_NUMERICHOST), 0x4),
    V(W(AI_NUMERICSERV), 0x8), V(W(AI_ALL), 0x100), V(W(AI_ADDRCONFIG), 0x400),
    V(W(AI_V4MAPPED), 0x800), V(W(AI_NON_AUTHORITATIVE), 0x4000), V(W(AI_SECURE), 0x8000),
    V(W(AI_RETURN_PREFERRED_NAMES), 0x10000), V(W(AI_FQDN), 0x20000),
    V(W(AI_FILESERVER), 0x40000), V(W(AI_DISABLE_IDN_ENCODING), 0x80000),
    V(W(NI_NOFQDN), 0x01), V(W(NI_NUMERICHOST), 0x02), V(W(NI_NAMEREQD), 0x04),
    V(W(NI_NUMERICSERV), 0x08), V(W(NI_DGRAM), 0x10), V(W(NI_MAXHOST), 1025),
    V(W(NI_MAXSERV), 32),
    V(W(EAI_AGAIN), 11002), V(W(EAI_BADFLAGS), 10022), V(W(EAI_FAIL), 11003),
    V(W(EAI_FAMILY), 10047), V(W(EAI_MEMORY), 8), V(W(EAI_NONAME), 11001),
    V(W(EAI_SERVICE), 10109), V(W(EAI_SOCKTYPE), 10044), V(W(EAI_NODATA), 11001),
    V(W(EAI_NOSECURENAME), 11032), V(W(EAI_IPSECPOLICY), 11033),
    V(W(HOST_NOT_FOUND), 11001), V(W(TRY_AGAIN), 11002), V(W(NO_RECOVERY), 11003),
    V(W(NO_DATA), 11004), V(W(NO_ADDRESS), 11004),
    /* Winsock-only names: the same in both modes */
    V(FD_READ, 0x001), V(FD_WRITE, 0x002), V(FD_OOB, 0x004), V(FD_ACCEPT, 0x008),
    V(FD_CONNECT, 0x010), V(FD_CLOSE, 0x020), V(FD_QOS, 0x040), V(FD_GROUP_QOS, 0x080),
    V(FD_ROUTING_INTERFACE_CHANGE, 0x100), V(FD_ADDRESS_LIST_CHANGE, 0x200),
    V(FD_READ_BIT, 0), V(FD_CLOSE_BIT, 5), V(FD_MAX_EVENTS, 10), V(FD_ALL_EVENTS, 0x3FF),
    V(CF_ACCEPT, 0), V(CF_REJECT, 1), V(CF_DEFER, 2), V(SD_RECEIVE, 0), V(SD_SEND, 1),
    V(SD_BOTH, 2), V(SG_UNCONSTRAINED_GROUP, 0x01), V(SG_CONSTRAINED_GROUP, 0x02),
    V(JL_SENDER_ONLY, 0x01), V(JL_RECEIVER_ONLY, 0x02), V(JL_BOTH, 0x04),
    V(WSA_FLAG_OVERLAPPED, 0x01), V(WSA_FLAG_MULTIPOINT_C_ROOT, 0x02),
    V(WSA_FLAG_MULTIPOINT_C_LEAF, 0x04), V(WSA_FLAG_MULTIPOINT_D_ROOT, 0x08),
    V(WSA_FLAG_MULTIPOINT_D_LEAF, 0x10), V(WSA_FLAG_ACCESS_SYSTEM_SECURITY, 0x40),
    V(WSA_FLAG_NO_HANDLE_INHERIT, 0x80), V(WSA_FLAG_REGISTERED_IO, 0x100),
    V(XP1_CONNECTIONLESS, 0x1), V(XP1_GUARANTEED_DELIVERY, 0x2), V(XP1_GUARANTEED_ORDER, 0x4),
    V(XP1_MESSAGE_ORIENTED, 0x8), V(XP1_PSEUDO_STREAM, 0x10), V(XP1_GRACEFUL_CLOSE, 0x20),
    V(XP1_EXPEDITED_DATA, 0x40), V(XP1_CONNECT_DATA, 0x80), V(XP1_DISCONNECT_DATA, 0x100),
    V(XP1_SUPPORT_BROADCAST, 0x200), V(XP1_SUPPORT_MULTIPOINT, 0x400),
    V(XP1_MULTIPOINT_CONTROL_PLANE, 0x800), V(XP1_MULTIPOINT_DATA_PLANE, 0x1000),
    V(XP1_QOS_SUPPORTED, 0x2000), V(XP1_INTERRUPT, 0x4000), V(XP1_UNI_SEND, 0x8000),
    V(XP1_UNI_RECV, 0x10000), V(XP1_IFS_HANDLES, 0x20000), V(XP1_PARTIAL_MESSAGE, 0x40000),
    V(XP1_SAN_SUPPORT_SDP, 0x80000),
    V(PFL_MULTIPLE_PROTO_ENTRIES, 0x1), V(PFL_RECOMMENDED_PROTO_ENTRY, 0x2), V(PFL_HIDDEN, 0x4),
    V(PFL_MATCHES_PROTOCOL_ZERO, 0x8), V(PFL_NETWORKDIRECT_PROVIDER, 0x10),
    V(MAX_PROTOCOL_CHAIN, 7), V(BASE_PROTOCOL, 1), V(LAYERED_PROTOCOL, 0),
    V(WSAPROTOCOL_LEN, 255), V(FROM_PROTOCOL_INFO, -1), V(BIGENDIAN, 0), V(LITTLEENDIAN, 1),
    V(SECURITY_PROTOCOL_NONE, 0), V(WSADESCRIPTION_LEN, 256), V(WSASYS_STATUS_LEN, 128),
    V(SOCKET_ERROR, -1), V(MAKEWORD(2, 2), 0x0202), V(WINSOCK_VERSION, 0x0202),
    V(MAKEWORD(1, 2), 0x0201), V(LOBYTE(0x0201), 1), V(HIBYTE(0x0201), 2),
    V(LOWORD(0x12345678), 0x5678), V(HIWORD(0x12345678), 0x1234), V(MAKELONG(0x5678, 0x1234), 0x12345678),
    V(TF_DISCONNECT, 0x01), V(TF_REUSE_SOCKET, 0x02),
    V(QOS_NOT_SPECIFIED, 0xFFFFFFFF), V(POSITIVE_INFINITY_RATE, 0xFFFFFFFE),
    V(SERVICETYPE_NOTRAFFIC, 0), V(SERVICETYPE_BESTEFFORT, 1), V(SERVICETYPE_CONTROLLEDLOAD, 2),
    V(SERVICETYPE_GUARANTEED, 3), V(SERVICETYPE_NETWORK_UNAVAILABLE, 4),
    V(SERVICETYPE_GENERAL_INFORMATION, 5), V(SERVICETYPE_NOCHANGE, 6),
    V(SERVICETYPE_NONCONFORMING, 9), V(SERVICETYPE_NETWORK_CONTROL, 0xA),
    V(SERVICETYPE_QUALITATIVE, 0xD),
    /* overlapped I/O and events */
    V(WSA_IO_PENDING, 997), V(WSA_IO_INCOMPLETE, 996), V(WSA_INVALID_HANDLE, 6),
    V(WSA_INVALID_PARAMETER, 87), V(WSA_NOT_ENOUGH_MEMORY, 8), V(WSA_OPERATION_ABORTED, 995),
    V(WSA_MAXIMUM_WAIT_EVENTS, 64), V(WSA_WAIT_FAILED, 0xFFFFFFFF), V(WSA_WAIT_EVENT_0, 0),
    V(WSA_WAIT_IO_COMPLETION, 0xC0), V(WSA_WAIT_TIMEOUT, 258), V(WSA_INFINITE, 0xFFFFFFFF),
    /* errors: winsock-catalog.md 1.9 */
    V(WSABASEERR, 10000), V(WSAEINTR, 10004), V(WSAEBADF, 10009), V(WSAEACCES, 10013),
    V(WSAEFAULT, 10014), V(WSAEINVAL, 10022), V(WSAEMFILE, 10024), V(WSAEWOULDBLOCK, 10035),
    V(WSAEINPROGRESS, 10036), V(WSAEALREADY, 10037), V(WSAENOTSOCK, 10038),
    V(WSAEDESTADDRREQ, 10039), V(WSAEMSGSIZE, 10040), V(WSAEPROTOTYPE, 10041),
    V(WSAENOPROTOOPT, 10042), V(WSAEPROTONOSUPPORT, 10043), V(WSAESOCKTNOSUPPORT, 10044),
    V(WSAEOPNOTSUPP, 10045), V(WSAEPFNOSUPPORT, 10046), V(WSAEAFNOSUPPORT, 10047),
    V(WSAEADDRINUSE, 10048), V(WSAEADDRNOTAVAIL, 10049), V(WSAENETDOWN, 10050),
    V(WSAENETUNREACH, 10051), V(WSAENETRESET, 10052), V(WSAECONNABORTED, 10053),
    V(WSAECONNRESET, 10054), V(WSAENOBUFS, 10055), V(WSAEISCONN, 10056), V(WSAENOTCONN, 10057),
    V(WSAESHUTDOWN, 10058), V(WSAETOOMANYREFS, 10059), V(WSAETIMEDOUT, 10060),
    V(WSAECONNREFUSED, 10061), V(WSAELOOP, 10062), V(WSAENAMETOOLONG, 10063),
    V(WSAEHOSTDOWN, 10064), V(WSAEHOSTUNREACH, 10065), V(WSAENOTEMPTY, 10066),
    V(WSAEPROCLIM, 10067), V(WSAEUSERS, 10068), V(WSAEDQUOT, 10069), V(WSAESTALE, 10070),
    V(WSAEREMOTE, 10071), V(WSASYSNOTREADY, 10091), V(WSAVERNOTSUPPORTED, 10092),
    V(WSANOTINITIALISED, 10093), V(WSAEDISCON, 10101), V(WSAENOMORE, 10102),
    V(WSAECANCELLED, 10103), V(WSAEINVALIDPROCTABLE, 10104), V(WSAEINVALIDPROVIDER, 10105),
    V(WSAEPROVIDERFAILEDINIT, 10106), V(WSASYSCALLFAILURE, 10107),
    V(WSASERVICE_NOT_FOUND, 10108), V(WSATYPE_NOT_FOUND, 10109), V(WSA_E_NO_MORE, 10110),
    V(WSA_E_CANCELLED, 10111), V(WSAEREFUSED, 10112), V(WSAHOST_NOT_FOUND, 11001),
    V(WSATRY_AGAIN, 11002), V(WSANO_RECOVERY, 11003), V(WSANO_DATA, 11004),
    V(WSANO_ADDRESS, 11004), V(WSA_QOS_RECEIVERS, 11005), V(WSA_QOS_SENDERS, 11006),
    V(WSA_QOS_NO_SENDERS, 11007), V(WSA_QOS_NO_RECEIVERS, 11008),
    V(WSA_QOS_REQUEST_CONFIRMED, 11009), V(WSA_QOS_ADMISSION_FAILURE, 11010),
    V(WSA_QOS_POLICY_FAILURE, 11011), V(WSA_QOS_BAD_STYLE, 11012), V(WSA_QOS_BAD_OBJECT, 11013),
    V(WSA_QOS_TRAFFIC_CTRL_ERROR, 11014), V(WSA_QOS_GENERIC_ERROR, 11015),
    V(WSA_QOS_ESERVICETYPE, 11016), V(WSA_QOS_EFLOWSPEC, 11017), V(WSA_QOS_EPROVSPECBUF, 11018),
    V(WSA_QOS_EFILTERSTYLE, 11019), V(WSA_QOS_EFILTERTYPE, 11020),
    V(WSA_QOS_EFILTERCOUNT, 11021), V(WSA_QOS_EOBJLENGTH, 11022), V(WSA_QOS_EFLOWCOUNT, 11023),
    V(WSA_QOS_EUNKNOWNPSOBJ, 11024), V(WSA_QOS_EUNKOWNPSOBJ, 11024),
    V(WSA_QOS_EPOLICYOBJ, 11025), V(WSA_QOS_EFLOWDESC, 11026), V(WSA_QOS_EPSFLOWSPEC, 11027),
    V(WSA_QOS_EPSFILTERSPEC, 11028), V(WSA_QOS_ESDMODEOBJ, 11029),
    V(WSA_QOS_ESHAPERATEOBJ, 11030), V(WSA_QOS_RESERVED_PETYPE, 11031),
};

struct ws_layout {
    const char *what;
    size_t value;
    size_t expected;
};
#define L(what, expected) { #what, (what), (expected) }

static const struct ws_layout ws_layouts[] = {
    L(sizeof(WSAPROTOCOL_INFOA), 372), L(sizeof(WSAPROTOCOL_INFOW), 628),
    L(sizeof(WSAPROTOCOL_INFO), 372), /* no UNICODE: the A form */
    L(offsetof(WSAPROTOCOL_INFOW, dwServiceFlags1), 0),
    L(offsetof(WSAPROTOCOL_INFOW, dwProviderFlags), 16),
    L(offsetof(WSAPROTOCOL_INFOW, ProviderId), 20),
    L(offsetof(WSAPROTOCOL_INFOW, dwCatalogEntryId), 36),
    L(offsetof(WSAPROTOCOL_INFOW, ProtocolChain), 40),
    L(offsetof(WSAPROTOCOL_INFOW, iVersion), 72),
    L(offsetof(WSAPROTOCOL_INFOW, iAddressFamily), 76),
    L(offsetof(WSAPROTOCOL_INFOW, iMaxSockAddr), 80),
    L(offsetof(WSAPROTOCOL_INFOW, iMinSockAddr), 84),
    L(offsetof(WSAPROTOCOL_INFOW, iSocketType), 88),
    L(offsetof(WSAPROTOCOL_INFOW, iProtocol), 92),
    L(offsetof(WSAPROTOCOL_INFOW, iProtocolMaxOffset), 96),
    L(offsetof(WSAPROTOCOL_INFOW, iNetworkByteOrder), 100),
    L(offsetof(WSAPROTOCOL_INFOW, iSecurityScheme), 104),
    L(offsetof(WSAPROTOCOL_INFOW, dwMessageSize), 108),
    L(offsetof(WSAPROTOCOL_INFOW, dwProviderReserved), 112),
    L(offsetof(WSAPROTOCOL_INFOW, szProtocol), 116),
    L(offsetof(WSAPROTOCOL_INFOA, szProtocol), 116),
    L(sizeof(WSAPROTOCOLCHAIN), 32), L(sizeof(GUID), 16),
    L(sizeof(WSADATA), 408), L(offsetof(WSADATA, lpVendorInfo), 8),
    L(offsetof(WSADATA, szDescription), 16), L(offsetof(WSADATA, szSystemStatus), 273),
    L(sizeof(struct W(sockaddr)), 16), L(sizeof(struct W(sockaddr_in)), 16),
    L(offsetof(struct W(sockaddr_in), sin_port), 2), L(offsetof(struct W(sockaddr_in), sin_addr), 4),
    L(sizeof(struct W(in_addr)), 4), L(sizeof(struct W(in6_addr)), 16),
    L(sizeof(struct W(sockaddr_in6)), 28), L(offsetof(struct W(sockaddr_in6), sin6_flowinfo), 4),
    L(offsetof(struct W(sockaddr_in6), sin6_addr), 8),
    L(offsetof(struct W(sockaddr_in6), sin6_scope_id), 24),
    L(sizeof(struct W(sockaddr_storage)), 128), L(sizeof(struct W(linger)), 4),
    L(sizeof(struct W(hostent)), 32), L(offsetof(struct W(hostent), h_addr_list), 24),
    L(sizeof(struct W(servent)), 32), L(offsetof(struct W(servent), s_port), 24),
    L(sizeof(struct W(protoent)), 24), L(sizeof(struct W(ip_mreq)), 8),
    L(sizeof(struct W(ipv6_mreq)), 20), L(sizeof(struct W(in_pktinfo)), 8),
    L(sizeof(WSABUF), 16), L(offsetof(WSABUF, buf), 8), L(sizeof(WSAPOLLFD), 16),
    L(sizeof(WSAOVERLAPPED), 32), L(offsetof(WSAOVERLAPPED, hEvent), 24),
    L(sizeof(WSANETWORKEVENTS), 44), L(sizeof(FLOWSPEC), 32), L(sizeof(QOS), 80),
    L(sizeof(WSAMSG), 56), L(sizeof(WSACMSGHDR), 16),
    L(sizeof(struct W(addrinfo)), 48), L(offsetof(struct W(addrinfo), ai_addrlen), 16),
    L(offsetof(struct W(addrinfo), ai_canonname), 24),
    L(offsetof(struct W(addrinfo), ai_addr), 32), L(offsetof(struct W(addrinfo), ai_next), 40),
    L(sizeof(ADDRINFOW), 48), L(sizeof(W(socklen_t)), 4),
    L(sizeof(struct W(timeval)), 16), L(offsetof(struct W(timeval), tv_usec), 8),
    L(sizeof(W(fd_set)), 8 + 8 * WS_CHECK_FD_SETSIZE), L(offsetof(W(fd_set), fd_array), 8),
    L(sizeof(SOCKET), 8), L(sizeof(DWORD), 4), L(sizeof(LONG), 4), L(sizeof(ULONG), 4),
    L(sizeof(WCHAR), 2), L(sizeof(W(u_long)), sizeof(unsigned long)),
    L(sizeof(W(FIONBIO)), 4), L(sizeof(W(SIO_GET_EXTENSION_FUNCTION_POINTER)), 4),
};

static void ws_put32(unsigned char *p, unsigned long v)
{
    p[0] = WS_UC(v & 0xff);
    p[1] = WS_UC((v >> 8) & 0xff);
    p[2] = WS_UC((v >> 16) & 0xff);
    p[3] = WS_UC((v >> 24) & 0xff);
}

/* A WSAPROTOCOL_INFOW/A image written at the spec's offsets, byte by byte
 * (x86-64 is little-endian), read back through the structures. */
static void ws_check_protocol_info_image(void)
{
    static const unsigned char guid[16] = { 0xA0, 0x1A, 0x0F, 0xE7, 0x8B, 0xAB, 0xCF, 0x11,
                                            0x8C, 0xA3, 0x00, 0x80, 0x5F, 0x48, 0xA1, 0x92 };
    static const char name[] = "TCP/IPv6";
    unsigned char w[628], a[372];
    WSAPROTOCOL_INFOW iw;
    WSAPROTOCOL_INFOA ia;
    size_t i;

    memset(w, 0, sizeof w);
    ws_put32(w + 0, 0x20066);
    ws_put32(w + 16, 0x8);
    memcpy(w + 20, guid, sizeof guid);
    ws_put32(w + 36, 1004);
    ws_put32(w + 40, 1);
    ws_put32(w + 44, 1004);
    ws_put32(w + 72, 2);
    ws_put32(w + 76, 23);
    ws_put32(w + 80, 28);
    ws_put32(w + 84, 28);
    ws_put32(w + 88, 1);
    ws_put32(w + 92, 6);
    ws_put32(w + 96, 0);
    ws_put32(w + 100, 0);
    ws_put32(w + 104, 0);
    ws_put32(w + 108, 0xFFBB);
    ws_put32(w + 112, 7);
    memcpy(a, w, 116);
    memset(a + 116, 0, sizeof a - 116);
    for (i = 0; i < sizeof name - 1; ++i) {
        w[116 + 2 * i] = WS_UC(name[i]); /* UTF-16LE */
        a[116 + i] = WS_UC(name[i]);
    }
    WS_EXPECT(sizeof iw == sizeof w && sizeof ia == sizeof a);
    memcpy(&iw, w, sizeof w);
    memcpy(&ia, a, sizeof a);

    WS_EXPECT(iw.dwServiceFlags1 == (XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER |
                                     XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES));
    WS_EXPECT(iw.dwProviderFlags == PFL_MATCHES_PROTOCOL_ZERO);
    WS_EXPECT(iw.ProviderId.Data1 == 0xE70F1AA0u && iw.ProviderId.Data2 == 0xAB8B &&
              iw.ProviderId.Data3 == 0x11CF && iw.ProviderId.Data4[0] == 0x8C &&
              iw.ProviderId.Data4[7] == 0x92);
    WS_EXPECT(iw.dwCatalogEntryId == 1004);
    WS_EXPECT(iw.ProtocolChain.ChainLen == BASE_PROTOCOL && iw.ProtocolChain.ChainEntries[0] == 1004);
    WS_EXPECT(iw.iVersion == 2 && iw.iAddressFamily == W(AF_INET6));
    WS_EXPECT(iw.iMaxSockAddr == 28 && iw.iMinSockAddr == 28);
    WS_EXPECT(iw.iSocketType == W(SOCK_STREAM) && iw.iProtocol == W(IPPROTO_TCP));
    WS_EXPECT(iw.iProtocolMaxOffset == 0 && iw.iNetworkByteOrder == BIGENDIAN);
    WS_EXPECT(iw.iSecurityScheme == SECURITY_PROTOCOL_NONE);
    WS_EXPECT(iw.dwMessageSize == 0xFFBB && iw.dwProviderReserved == 7);
    WS_EXPECT(iw.szProtocol[0] == 'T' && iw.szProtocol[3] == '/' && iw.szProtocol[7] == '6' &&
              iw.szProtocol[8] == 0 && iw.szProtocol[WSAPROTOCOL_LEN] == 0);
    WS_EXPECT(memcmp(&ia, &iw, 116) == 0);
    WS_EXPECT(strcmp(ia.szProtocol, name) == 0);
}

static void ws_check_addresses(void)
{
    struct W(sockaddr_in) sin;
    struct W(sockaddr_in6) sin6;
    struct W(in6_addr) any = W(IN6ADDR_ANY_INIT);
    struct W(in6_addr) loopback = W(IN6ADDR_LOOPBACK_INIT);
    struct W(sockaddr_storage) ss;
    unsigned char bytes[28];
    int i, zeros = 0;

    memset(&sin, 0xee, sizeof sin);
    sin.sin_family = W(AF_INET);
    sin.sin_port = 0x5000; /* port 80 in network order on a little-endian host */
    sin.sin_addr.W(s_addr) = 0x0100007f;
    memset(sin.sin_zero, 0, sizeof sin.sin_zero);
    memcpy(bytes, &sin, sizeof sin);
    WS_EXPECT(bytes[0] == 2 && bytes[1] == 0 && bytes[2] == 0x00 && bytes[3] == 0x50);
    WS_EXPECT(bytes[4] == 127 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 1);
    WS_EXPECT(sin.sin_addr.S_un.S_un_b.s_b1 == 127 && sin.sin_addr.S_un.S_un_b.s_b4 == 1);
    WS_EXPECT(sin.sin_addr.W(s_net) == 127 && sin.sin_addr.W(s_impno) == 1);
    WS_EXPECT(sin.sin_addr.W(s_host) == 0 && sin.sin_addr.W(s_lh) == 0);
    WS_EXPECT(sin.sin_addr.W(s_imp) == 0x0100);
    WS_EXPECT(sin.sin_addr.S_un.S_addr == sin.sin_addr.W(s_addr));

    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = W(AF_INET6);
    sin6.sin6_scope_struct.Value = 0xA0000005u;
    WS_EXPECT(sin6.sin6_scope_id == 0xA0000005u);
    WS_EXPECT(sin6.sin6_scope_struct.Zone == 5 && sin6.sin6_scope_struct.Level == 0xA);
    sin6.sin6_addr = loopback;
    memcpy(bytes, &sin6, sizeof sin6);
    WS_EXPECT(bytes[0] == 23 && bytes[23] == 1 && bytes[24] == 5 && bytes[27] == 0xA0);
    for (i = 0; i < 16; ++i) {
        zeros += any.W(s6_addr)[i] == 0;
    }
    WS_EXPECT(zeros == 16);
    WS_EXPECT(loopback.W(s6_bytes)[15] == 1 && loopback.W(s6_addr)[14] == 0);
    WS_EXPECT(loopback.W(s6_words)[7] == 0x0100);

    ss.ss_family = W(AF_INET6);
    WS_EXPECT(offsetof(struct W(sockaddr_storage), ss_family) == 0 && ss.ss_family == 23);

}

/* Windows' FD_* on Windows' fd_set: an array with a count. */
static void ws_check_fd_set(void)
{
    static W(fd_set) set;
    SOCKET s;
    W(FD_ZERO)(&set);
    WS_EXPECT(set.fd_count == 0);
    W(FD_SET)(5, &set);
    W(FD_SET)(5, &set);
    WS_EXPECT(set.fd_count == 1 && set.fd_array[0] == 5);
    W(FD_SET)(7, &set);
    W(FD_SET)(9, &set);
    W(FD_SET)(11, &set);
    WS_EXPECT(set.fd_count == 4);
    W(FD_CLR)(7, &set); /* the later ones move down, in order */
    WS_EXPECT(set.fd_count == 3 && set.fd_array[0] == 5 && set.fd_array[1] == 9 &&
              set.fd_array[2] == 11);
    W(FD_CLR)(42, &set); /* absent: nothing changes */
    WS_EXPECT(set.fd_count == 3);
    W(FD_CLR)(11, &set);
    WS_EXPECT(set.fd_count == 2 && set.fd_array[1] == 9);
    W(FD_ZERO)(&set);
    WS_EXPECT(set.fd_count == 0);
    for (s = 1; s <= WS_CHECK_FD_SETSIZE + 5; ++s) {
        W(FD_SET)(s, &set);
    }
    WS_EXPECT(set.fd_count == WS_CHECK_FD_SETSIZE); /* full: further sockets are not added */
    WS_EXPECT(set.fd_array[WS_CHECK_FD_SETSIZE - 1] == WS_CHECK_FD_SETSIZE);
    WS_EXPECT(W(FD_SETSIZE) == WS_CHECK_FD_SETSIZE);
}

static void ws_check_misc(void)
{
    static const unsigned char acceptex[16] = { 0xF1, 0x7D, 0x36, 0xB5, 0xAC, 0xCB, 0xCF, 0x11,
                                                0x95, 0xCA, 0x00, 0x80, 0x5F, 0x48, 0xA1, 0x92 };
    GUID g = WSAID_ACCEPTEX;
    GUID c = WSAID_CONNECTEX;
    GUID r = WSAID_WSARECVMSG;
    WSAOVERLAPPED ov;
    struct W(timeval) tv;
    struct W(linger) lg;
    SOCKET invalid = INVALID_SOCKET;
    unsigned long long pointer_bits;

    WS_EXPECT(memcmp(&g, acceptex, sizeof g) == 0);
    WS_EXPECT(c.Data1 == 0x25a207b9u && c.Data4[7] == 0x3e);
    WS_EXPECT(r.Data1 == 0xf689d7c8u && r.Data2 == 0x6f1f && r.Data4[0] == 0x8a);
    WS_EXPECT(invalid == ~WS_UL(0) && invalid + 1 == 0);
    WS_EXPECT(WSA_INVALID_EVENT == NULL);
    WS_EXPECT(W(SO_EXCLUSIVEADDRUSE) == ~W(SO_REUSEADDR));
    WS_EXPECT(WS_U32(W(SO_EXCLUSIVEADDRUSE)) == 0xFFFFFFFBu);
    WS_EXPECT(W(SO_DONTLINGER) == ~W(SO_LINGER));
    WS_EXPECT(WS_U32(W(SO_DONTLINGER)) == 0xFFFFFF7Fu);

    /* Offset/OffsetHigh share their bytes with Pointer, as on Windows. */
    memset(&ov, 0, sizeof ov);
    ov.Offset = 0x11223344u;
    ov.OffsetHigh = 0x55667788u;
    memcpy(&pointer_bits, &ov.Pointer, sizeof pointer_bits);
    WS_EXPECT(pointer_bits == 0x5566778811223344ull);
    WS_EXPECT(ov.Internal == 0 && ov.InternalHigh == 0 && ov.hEvent == NULL);

    tv.tv_sec = 5;
    tv.tv_usec = 250000;
    WS_EXPECT(tv.tv_sec == 5 && tv.tv_usec == 250000);
    lg.l_onoff = 1;
    lg.l_linger = 5;
    WS_EXPECT(lg.l_onoff == 1 && lg.l_linger == 5);
}

static int ws_run_checks(void)
{
    size_t i;
    for (i = 0; i < sizeof ws_values / sizeof ws_values[0]; ++i) {
        if (ws_values[i].value != ws_values[i].expected) {
            printf("%s is %lld, expected %lld\n", ws_values[i].name, ws_values[i].value,
                   ws_values[i].expected);
            ++ws_failures;
        }
    }
    for (i = 0; i < sizeof ws_layouts / sizeof ws_layouts[0]; ++i) {
        if (ws_layouts[i].value != ws_layouts[i].expected) {
            printf("%s is %zu, expected %zu\n", ws_layouts[i].what, ws_layouts[i].value,
                   ws_layouts[i].expected);
            ++ws_failures;
        }
    }
    ws_check_protocol_info_image();
    ws_check_addresses();
    ws_check_fd_set();
    ws_check_misc();
    printf("%zu values, %zu layouts, %d failure(s)\n", sizeof ws_values / sizeof ws_values[0],
           sizeof ws_layouts / sizeof ws_layouts[0], ws_failures);
    return ws_failures;
}

#endif /* SLUICE_TESTS_WS_CHECKS_H */
