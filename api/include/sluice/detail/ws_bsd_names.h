/* sluice/detail/ws_bsd_names.h: internal to the sluice Winsock headers, never
 * included directly. Every constant and macro whose name belongs to the BSD
 * socket API, with Windows' values, once per header mode: the plain name in
 * the Winsock-compatible mode, WS_<name> in the prefixed mode (see the naming
 * rule in <sluice/winsock2.h>). Each block below lists the same names in the
 * same order with the same values in both halves; tests/api_headers checks
 * that mechanically, so edit both halves together. */
#ifndef SLUICE_DETAIL_WS_BSD_NAMES_H
#define SLUICE_DETAIL_WS_BSD_NAMES_H

#include <sluice/detail/ws_config.h>

/* Winsock-only helpers for the SIO_* codes (never prefixed, as in Wine). */
#define _WSAIO(x, y)   (SLUICE_WS(IOC_VOID) | (x) | (y))
#define _WSAIOR(x, y)  (SLUICE_WS(IOC_OUT) | (x) | (y))
#define _WSAIOW(x, y)  (SLUICE_WS(IOC_IN) | (x) | (y))
#define _WSAIORW(x, y) (SLUICE_WS(IOC_INOUT) | (x) | (y))

/* Address families (ws2def.h) and the protocol families equal to them */
#ifndef SLUICE_WS_PREFIX
#define AF_UNSPEC       0
#define AF_UNIX         1
#define AF_INET         2
#define AF_IMPLINK      3
#define AF_PUP          4
#define AF_CHAOS        5
#define AF_NS           6
#define AF_IPX          AF_NS
#define AF_ISO          7
#define AF_OSI          AF_ISO
#define AF_ECMA         8
#define AF_DATAKIT      9
#define AF_CCITT        10
#define AF_SNA          11
#define AF_DECnet       12
#define AF_DLI          13
#define AF_LAT          14
#define AF_HYLINK       15
#define AF_APPLETALK    16
#define AF_NETBIOS      17
#define AF_VOICEVIEW    18
#define AF_FIREFOX      19
#define AF_UNKNOWN1     20
#define AF_BAN          21
#define AF_ATM          22
#define AF_INET6        23
#define AF_CLUSTER      24
#define AF_12844        25
#define AF_IRDA         26
#define AF_NETDES       28
#define AF_TCNPROCESS   29
#define AF_TCNMESSAGE   30
#define AF_ICLFXBM      31
#define AF_BTH          32
#define AF_LINK         33
#define AF_HYPERV       34
#define AF_MAX          35
#define PF_UNSPEC       AF_UNSPEC
#define PF_UNIX         AF_UNIX
#define PF_INET         AF_INET
#define PF_IMPLINK      AF_IMPLINK
#define PF_PUP          AF_PUP
#define PF_CHAOS        AF_CHAOS
#define PF_NS           AF_NS
#define PF_IPX          AF_IPX
#define PF_ISO          AF_ISO
#define PF_OSI          AF_OSI
#define PF_ECMA         AF_ECMA
#define PF_DATAKIT      AF_DATAKIT
#define PF_CCITT        AF_CCITT
#define PF_SNA          AF_SNA
#define PF_DECnet       AF_DECnet
#define PF_DLI          AF_DLI
#define PF_LAT          AF_LAT
#define PF_HYLINK       AF_HYLINK
#define PF_APPLETALK    AF_APPLETALK
#define PF_NETBIOS      AF_NETBIOS
#define PF_VOICEVIEW    AF_VOICEVIEW
#define PF_FIREFOX      AF_FIREFOX
#define PF_UNKNOWN1     AF_UNKNOWN1
#define PF_BAN          AF_BAN
#define PF_ATM          AF_ATM
#define PF_INET6        AF_INET6
#define PF_CLUSTER      AF_CLUSTER
#define PF_12844        AF_12844
#define PF_IRDA         AF_IRDA
#define PF_NETDES       AF_NETDES
#define PF_TCNPROCESS   AF_TCNPROCESS
#define PF_TCNMESSAGE   AF_TCNMESSAGE
#define PF_ICLFXBM      AF_ICLFXBM
#define PF_BTH          AF_BTH
#define PF_LINK         AF_LINK
#define PF_HYPERV       AF_HYPERV
#define PF_MAX          AF_MAX
#else
#define WS_AF_UNSPEC       0
#define WS_AF_UNIX         1
#define WS_AF_INET         2
#define WS_AF_IMPLINK      3
#define WS_AF_PUP          4
#define WS_AF_CHAOS        5
#define WS_AF_NS           6
#define WS_AF_IPX          WS_AF_NS
#define WS_AF_ISO          7
#define WS_AF_OSI          WS_AF_ISO
#define WS_AF_ECMA         8
#define WS_AF_DATAKIT      9
#define WS_AF_CCITT        10
#define WS_AF_SNA          11
#define WS_AF_DECnet       12
#define WS_AF_DLI          13
#define WS_AF_LAT          14
#define WS_AF_HYLINK       15
#define WS_AF_APPLETALK    16
#define WS_AF_NETBIOS      17
#define WS_AF_VOICEVIEW    18
#define WS_AF_FIREFOX      19
#define WS_AF_UNKNOWN1     20
#define WS_AF_BAN          21
#define WS_AF_ATM          22
#define WS_AF_INET6        23
#define WS_AF_CLUSTER      24
#define WS_AF_12844        25
#define WS_AF_IRDA         26
#define WS_AF_NETDES       28
#define WS_AF_TCNPROCESS   29
#define WS_AF_TCNMESSAGE   30
#define WS_AF_ICLFXBM      31
#define WS_AF_BTH          32
#define WS_AF_LINK         33
#define WS_AF_HYPERV       34
#define WS_AF_MAX          35
#define WS_PF_UNSPEC       WS_AF_UNSPEC
#define WS_PF_UNIX         WS_AF_UNIX
#define WS_PF_INET         WS_AF_INET
#define WS_PF_IMPLINK      WS_AF_IMPLINK
#define WS_PF_PUP          WS_AF_PUP
#define WS_PF_CHAOS        WS_AF_CHAOS
#define WS_PF_NS           WS_AF_NS
#define WS_PF_IPX          WS_AF_IPX
#define WS_PF_ISO          WS_AF_ISO
#define WS_PF_OSI          WS_AF_OSI
#define WS_PF_ECMA         WS_AF_ECMA
#define WS_PF_DATAKIT      WS_AF_DATAKIT
#define WS_PF_CCITT        WS_AF_CCITT
#define WS_PF_SNA          WS_AF_SNA
#define WS_PF_DECnet       WS_AF_DECnet
#define WS_PF_DLI          WS_AF_DLI
#define WS_PF_LAT          WS_AF_LAT
#define WS_PF_HYLINK       WS_AF_HYLINK
#define WS_PF_APPLETALK    WS_AF_APPLETALK
#define WS_PF_NETBIOS      WS_AF_NETBIOS
#define WS_PF_VOICEVIEW    WS_AF_VOICEVIEW
#define WS_PF_FIREFOX      WS_AF_FIREFOX
#define WS_PF_UNKNOWN1     WS_AF_UNKNOWN1
#define WS_PF_BAN          WS_AF_BAN
#define WS_PF_ATM          WS_AF_ATM
#define WS_PF_INET6        WS_AF_INET6
#define WS_PF_CLUSTER      WS_AF_CLUSTER
#define WS_PF_12844        WS_AF_12844
#define WS_PF_IRDA         WS_AF_IRDA
#define WS_PF_NETDES       WS_AF_NETDES
#define WS_PF_TCNPROCESS   WS_AF_TCNPROCESS
#define WS_PF_TCNMESSAGE   WS_AF_TCNMESSAGE
#define WS_PF_ICLFXBM      WS_AF_ICLFXBM
#define WS_PF_BTH          WS_AF_BTH
#define WS_PF_LINK         WS_AF_LINK
#define WS_PF_HYPERV       WS_AF_HYPERV
#define WS_PF_MAX          WS_AF_MAX
#endif

/* Socket types */
#ifndef SLUICE_WS_PREFIX
#define SOCK_STREAM      1
#define SOCK_DGRAM       2
#define SOCK_RAW         3
#define SOCK_RDM         4
#define SOCK_SEQPACKET   5
#else
#define WS_SOCK_STREAM      1
#define WS_SOCK_DGRAM       2
#define WS_SOCK_RAW         3
#define WS_SOCK_RDM         4
#define WS_SOCK_SEQPACKET   5
#endif

/* Protocols (ws2def.h IPPROTO; IPPROTO_RM from wsrm.h) */
#ifndef SLUICE_WS_PREFIX
#define IPPROTO_IP         0
#define IPPROTO_HOPOPTS    0
#define IPPROTO_ICMP       1
#define IPPROTO_IGMP       2
#define IPPROTO_GGP        3
#define IPPROTO_IPV4       4
#define IPPROTO_ST         5
#define IPPROTO_TCP        6
#define IPPROTO_CBT        7
#define IPPROTO_EGP        8
#define IPPROTO_IGP        9
#define IPPROTO_PUP        12
#define IPPROTO_UDP        17
#define IPPROTO_IDP        22
#define IPPROTO_RDP        27
#define IPPROTO_IPV6       41
#define IPPROTO_ROUTING    43
#define IPPROTO_FRAGMENT   44
#define IPPROTO_ESP        50
#define IPPROTO_AH         51
#define IPPROTO_ICMPV6     58
#define IPPROTO_NONE       59
#define IPPROTO_DSTOPTS    60
#define IPPROTO_ND         77
#define IPPROTO_ICLFXBM    78
#define IPPROTO_PIM        103
#define IPPROTO_PGM        113
#define IPPROTO_RM         113
#define IPPROTO_L2TP       115
#define IPPROTO_SCTP       132
#define IPPROTO_RAW        255
#define IPPROTO_MAX        256
#else
#define WS_IPPROTO_IP         0
#define WS_IPPROTO_HOPOPTS    0
#define WS_IPPROTO_ICMP       1
#define WS_IPPROTO_IGMP       2
#define WS_IPPROTO_GGP        3
#define WS_IPPROTO_IPV4       4
#define WS_IPPROTO_ST         5
#define WS_IPPROTO_TCP        6
#define WS_IPPROTO_CBT        7
#define WS_IPPROTO_EGP        8
#define WS_IPPROTO_IGP        9
#define WS_IPPROTO_PUP        12
#define WS_IPPROTO_UDP        17
#define WS_IPPROTO_IDP        22
#define WS_IPPROTO_RDP        27
#define WS_IPPROTO_IPV6       41
#define WS_IPPROTO_ROUTING    43
#define WS_IPPROTO_FRAGMENT   44
#define WS_IPPROTO_ESP        50
#define WS_IPPROTO_AH         51
#define WS_IPPROTO_ICMPV6     58
#define WS_IPPROTO_NONE       59
#define WS_IPPROTO_DSTOPTS    60
#define WS_IPPROTO_ND         77
#define WS_IPPROTO_ICLFXBM    78
#define WS_IPPROTO_PIM        103
#define WS_IPPROTO_PGM        113
#define WS_IPPROTO_RM         113
#define WS_IPPROTO_L2TP       115
#define WS_IPPROTO_SCTP       132
#define WS_IPPROTO_RAW        255
#define WS_IPPROTO_MAX        256
#endif

/* Socket-level options (level SOL_SOCKET) and the listen backlog */
#ifndef SLUICE_WS_PREFIX
#define SOL_SOCKET               0xffff
#define SO_DEBUG                 0x0001
#define SO_ACCEPTCONN            0x0002
#define SO_REUSEADDR             0x0004
#define SO_KEEPALIVE             0x0008
#define SO_DONTROUTE             0x0010
#define SO_BROADCAST             0x0020
#define SO_USELOOPBACK           0x0040
#define SO_LINGER                0x0080
#define SO_OOBINLINE             0x0100
#define SO_DONTLINGER            (~SO_LINGER)
#define SO_EXCLUSIVEADDRUSE      (~SO_REUSEADDR)
#define SO_SNDBUF                0x1001
#define SO_RCVBUF                0x1002
#define SO_SNDLOWAT              0x1003
#define SO_RCVLOWAT              0x1004
#define SO_SNDTIMEO              0x1005
#define SO_RCVTIMEO              0x1006
#define SO_ERROR                 0x1007
#define SO_TYPE                  0x1008
#define SO_BSP_STATE             0x1009
#define SO_GROUP_ID              0x2001
#define SO_GROUP_PRIORITY        0x2002
#define SO_MAX_MSG_SIZE          0x2003
#define SO_PROTOCOL_INFOA        0x2004
#define SO_PROTOCOL_INFOW        0x2005
#define SO_PROTOCOL_INFO         SLUICE_WS_AW(SO_PROTOCOL_INFO)
#define SO_CONDITIONAL_ACCEPT    0x3002
#define SO_RANDOMIZE_PORT        0x3005
#define SO_PORT_SCALABILITY      0x3006
#define SO_REUSE_UNICASTPORT     0x3007
#define SO_REUSE_MULTICASTPORT   0x3008
#define SOMAXCONN                0x7fffffff
#define SOMAXCONN_HINT(b)        (-(b))
#else
#define WS_SOL_SOCKET               0xffff
#define WS_SO_DEBUG                 0x0001
#define WS_SO_ACCEPTCONN            0x0002
#define WS_SO_REUSEADDR             0x0004
#define WS_SO_KEEPALIVE             0x0008
#define WS_SO_DONTROUTE             0x0010
#define WS_SO_BROADCAST             0x0020
#define WS_SO_USELOOPBACK           0x0040
#define WS_SO_LINGER                0x0080
#define WS_SO_OOBINLINE             0x0100
#define WS_SO_DONTLINGER            (~WS_SO_LINGER)
#define WS_SO_EXCLUSIVEADDRUSE      (~WS_SO_REUSEADDR)
#define WS_SO_SNDBUF                0x1001
#define WS_SO_RCVBUF                0x1002
#define WS_SO_SNDLOWAT              0x1003
#define WS_SO_RCVLOWAT              0x1004
#define WS_SO_SNDTIMEO              0x1005
#define WS_SO_RCVTIMEO              0x1006
#define WS_SO_ERROR                 0x1007
#define WS_SO_TYPE                  0x1008
#define WS_SO_BSP_STATE             0x1009
#define WS_SO_GROUP_ID              0x2001
#define WS_SO_GROUP_PRIORITY        0x2002
#define WS_SO_MAX_MSG_SIZE          0x2003
#define WS_SO_PROTOCOL_INFOA        0x2004
#define WS_SO_PROTOCOL_INFOW        0x2005
#define WS_SO_PROTOCOL_INFO         SLUICE_WS_AW(WS_SO_PROTOCOL_INFO)
#define WS_SO_CONDITIONAL_ACCEPT    0x3002
#define WS_SO_RANDOMIZE_PORT        0x3005
#define WS_SO_PORT_SCALABILITY      0x3006
#define WS_SO_REUSE_UNICASTPORT     0x3007
#define WS_SO_REUSE_MULTICASTPORT   0x3008
#define WS_SOMAXCONN                0x7fffffff
#define WS_SOMAXCONN_HINT(b)        (-(b))
#endif

/* IPPROTO_IP options (ws2ipdef.h) */
#ifndef SLUICE_WS_PREFIX
#define IP_OPTIONS                  1
#define IP_HDRINCL                  2
#define IP_TOS                      3
#define IP_TTL                      4
#define IP_MULTICAST_IF             9
#define IP_MULTICAST_TTL            10
#define IP_MULTICAST_LOOP           11
#define IP_ADD_MEMBERSHIP           12
#define IP_DROP_MEMBERSHIP          13
#define IP_DONTFRAGMENT             14
#define IP_ADD_SOURCE_MEMBERSHIP    15
#define IP_DROP_SOURCE_MEMBERSHIP   16
#define IP_BLOCK_SOURCE             17
#define IP_UNBLOCK_SOURCE           18
#define IP_PKTINFO                  19
#define IP_HOPLIMIT                 21
#define IP_RECVTTL                  21
#define IP_RECEIVE_BROADCAST        22
#define IP_RECVIF                   24
#define IP_RECVDSTADDR              25
#define IP_IFLIST                   28
#define IP_ADD_IFLIST               29
#define IP_DEL_IFLIST               30
#define IP_UNICAST_IF               31
#define IP_RTHDR                    32
#define IP_GET_IFLIST               33
#define IP_RECVRTHDR                38
#define IP_TCLASS                   39
#define IP_RECVTCLASS               40
#define IP_RECVTOS                  40
#define IP_ORIGINAL_ARRIVAL_IF      47
#define IP_ECN                      50
#define IP_PKTINFO_EX               51
#define IP_WFP_REDIRECT_RECORDS     60
#define IP_WFP_REDIRECT_CONTEXT     70
#define IP_MTU_DISCOVER             71
#define IP_MTU                      73
#define IP_NRT_INTERFACE            74
#define IP_RECVERR                  75
#define IP_USER_MTU                 76
#else
#define WS_IP_OPTIONS                  1
#define WS_IP_HDRINCL                  2
#define WS_IP_TOS                      3
#define WS_IP_TTL                      4
#define WS_IP_MULTICAST_IF             9
#define WS_IP_MULTICAST_TTL            10
#define WS_IP_MULTICAST_LOOP           11
#define WS_IP_ADD_MEMBERSHIP           12
#define WS_IP_DROP_MEMBERSHIP          13
#define WS_IP_DONTFRAGMENT             14
#define WS_IP_ADD_SOURCE_MEMBERSHIP    15
#define WS_IP_DROP_SOURCE_MEMBERSHIP   16
#define WS_IP_BLOCK_SOURCE             17
#define WS_IP_UNBLOCK_SOURCE           18
#define WS_IP_PKTINFO                  19
#define WS_IP_HOPLIMIT                 21
#define WS_IP_RECVTTL                  21
#define WS_IP_RECEIVE_BROADCAST        22
#define WS_IP_RECVIF                   24
#define WS_IP_RECVDSTADDR              25
#define WS_IP_IFLIST                   28
#define WS_IP_ADD_IFLIST               29
#define WS_IP_DEL_IFLIST               30
#define WS_IP_UNICAST_IF               31
#define WS_IP_RTHDR                    32
#define WS_IP_GET_IFLIST               33
#define WS_IP_RECVRTHDR                38
#define WS_IP_TCLASS                   39
#define WS_IP_RECVTCLASS               40
#define WS_IP_RECVTOS                  40
#define WS_IP_ORIGINAL_ARRIVAL_IF      47
#define WS_IP_ECN                      50
#define WS_IP_PKTINFO_EX               51
#define WS_IP_WFP_REDIRECT_RECORDS     60
#define WS_IP_WFP_REDIRECT_CONTEXT     70
#define WS_IP_MTU_DISCOVER             71
#define WS_IP_MTU                      73
#define WS_IP_NRT_INTERFACE            74
#define WS_IP_RECVERR                  75
#define WS_IP_USER_MTU                 76
#endif

/* IPPROTO_IPV6 options (ws2ipdef.h) */
#ifndef SLUICE_WS_PREFIX
#define IPV6_HOPOPTS            1
#define IPV6_HDRINCL            2
#define IPV6_UNICAST_HOPS       4
#define IPV6_MULTICAST_IF       9
#define IPV6_MULTICAST_HOPS     10
#define IPV6_MULTICAST_LOOP     11
#define IPV6_ADD_MEMBERSHIP     12
#define IPV6_JOIN_GROUP         IPV6_ADD_MEMBERSHIP
#define IPV6_DROP_MEMBERSHIP    13
#define IPV6_LEAVE_GROUP        IPV6_DROP_MEMBERSHIP
#define IPV6_DONTFRAG           14
#define IPV6_PKTINFO            19
#define IPV6_HOPLIMIT           21
#define IPV6_PROTECTION_LEVEL   23
#define IPV6_RECVIF             24
#define IPV6_RECVDSTADDR        25
#define IPV6_CHECKSUM           26
#define IPV6_V6ONLY             27
#define IPV6_IFLIST             28
#define IPV6_ADD_IFLIST         29
#define IPV6_DEL_IFLIST         30
#define IPV6_UNICAST_IF         31
#define IPV6_RTHDR              32
#define IPV6_GET_IFLIST         33
#define IPV6_RECVRTHDR          38
#define IPV6_TCLASS             39
#define IPV6_RECVTCLASS         40
#define IPV6_ECN                50
#define IPV6_PKTINFO_EX         51
#define IPV6_MTU_DISCOVER       71
#define IPV6_MTU                72
#define IPV6_NRT_INTERFACE      74
#define IPV6_RECVERR            75
#define IPV6_USER_MTU           76
#else
#define WS_IPV6_HOPOPTS            1
#define WS_IPV6_HDRINCL            2
#define WS_IPV6_UNICAST_HOPS       4
#define WS_IPV6_MULTICAST_IF       9
#define WS_IPV6_MULTICAST_HOPS     10
#define WS_IPV6_MULTICAST_LOOP     11
#define WS_IPV6_ADD_MEMBERSHIP     12
#define WS_IPV6_JOIN_GROUP         WS_IPV6_ADD_MEMBERSHIP
#define WS_IPV6_DROP_MEMBERSHIP    13
#define WS_IPV6_LEAVE_GROUP        WS_IPV6_DROP_MEMBERSHIP
#define WS_IPV6_DONTFRAG           14
#define WS_IPV6_PKTINFO            19
#define WS_IPV6_HOPLIMIT           21
#define WS_IPV6_PROTECTION_LEVEL   23
#define WS_IPV6_RECVIF             24
#define WS_IPV6_RECVDSTADDR        25
#define WS_IPV6_CHECKSUM           26
#define WS_IPV6_V6ONLY             27
#define WS_IPV6_IFLIST             28
#define WS_IPV6_ADD_IFLIST         29
#define WS_IPV6_DEL_IFLIST         30
#define WS_IPV6_UNICAST_IF         31
#define WS_IPV6_RTHDR              32
#define WS_IPV6_GET_IFLIST         33
#define WS_IPV6_RECVRTHDR          38
#define WS_IPV6_TCLASS             39
#define WS_IPV6_RECVTCLASS         40
#define WS_IPV6_ECN                50
#define WS_IPV6_PKTINFO_EX         51
#define WS_IPV6_MTU_DISCOVER       71
#define WS_IPV6_MTU                72
#define WS_IPV6_NRT_INTERFACE      74
#define WS_IPV6_RECVERR            75
#define WS_IPV6_USER_MTU           76
#endif

/* IPPROTO_TCP and IPPROTO_UDP options */
#ifndef SLUICE_WS_PREFIX
#define TCP_NODELAY                      0x0001
#define TCP_EXPEDITED_1122               0x0002
#define TCP_KEEPALIVE                    3
#define TCP_KEEPIDLE                     TCP_KEEPALIVE
#define TCP_MAXSEG                       4
#define TCP_MAXRT                        5
#define TCP_STDURG                       6
#define TCP_NOURG                        7
#define TCP_ATMARK                       8
#define TCP_NOSYNRETRIES                 9
#define TCP_TIMESTAMPS                   10
#define TCP_OFFLOAD_PREFERENCE           11
#define TCP_CONGESTION_ALGORITHM         12
#define TCP_DELAY_FIN_ACK                13
#define TCP_MAXRTMS                      14
#define TCP_FASTOPEN                     15
#define TCP_KEEPCNT                      16
#define TCP_KEEPINTVL                    17
#define TCP_FAIL_CONNECT_ON_ICMP_ERROR   18
#define TCP_ICMP_ERROR_INFO              19
#define UDP_NOCHECKSUM                   1
#define UDP_CHECKSUM_COVERAGE            20
#else
#define WS_TCP_NODELAY                      0x0001
#define WS_TCP_EXPEDITED_1122               0x0002
#define WS_TCP_KEEPALIVE                    3
#define WS_TCP_KEEPIDLE                     WS_TCP_KEEPALIVE
#define WS_TCP_MAXSEG                       4
#define WS_TCP_MAXRT                        5
#define WS_TCP_STDURG                       6
#define WS_TCP_NOURG                        7
#define WS_TCP_ATMARK                       8
#define WS_TCP_NOSYNRETRIES                 9
#define WS_TCP_TIMESTAMPS                   10
#define WS_TCP_OFFLOAD_PREFERENCE           11
#define WS_TCP_CONGESTION_ALGORITHM         12
#define WS_TCP_DELAY_FIN_ACK                13
#define WS_TCP_MAXRTMS                      14
#define WS_TCP_FASTOPEN                     15
#define WS_TCP_KEEPCNT                      16
#define WS_TCP_KEEPINTVL                    17
#define WS_TCP_FAIL_CONNECT_ON_ICMP_ERROR   18
#define WS_TCP_ICMP_ERROR_INFO              19
#define WS_UDP_NOCHECKSUM                   1
#define WS_UDP_CHECKSUM_COVERAGE            20
#endif

/* Message flags for send/recv and WSASend/WSARecv */
#ifndef SLUICE_WS_PREFIX
#define MSG_OOB              0x1
#define MSG_PEEK             0x2
#define MSG_DONTROUTE        0x4
#define MSG_WAITALL          0x8
#define MSG_INTERRUPT        0x10
#define MSG_PUSH_IMMEDIATE   0x20
#define MSG_TRUNC            0x0100
#define MSG_CTRUNC           0x0200
#define MSG_BCAST            0x0400
#define MSG_MCAST            0x0800
#define MSG_ERRQUEUE         0x1000
#define MSG_PARTIAL          0x8000
#define MSG_MAXIOVLEN        16
#else
#define WS_MSG_OOB              0x1
#define WS_MSG_PEEK             0x2
#define WS_MSG_DONTROUTE        0x4
#define WS_MSG_WAITALL          0x8
#define WS_MSG_INTERRUPT        0x10
#define WS_MSG_PUSH_IMMEDIATE   0x20
#define WS_MSG_TRUNC            0x0100
#define WS_MSG_CTRUNC           0x0200
#define WS_MSG_BCAST            0x0400
#define WS_MSG_MCAST            0x0800
#define WS_MSG_ERRQUEUE         0x1000
#define WS_MSG_PARTIAL          0x8000
#define WS_MSG_MAXIOVLEN        16
#endif

/* Addresses: well-known IPv4/IPv6 values, storage sizes, text lengths */
#ifndef SLUICE_WS_PREFIX
#define INADDR_ANY              SLUICE_WS_CAST(ULONG, 0x00000000)
#define INADDR_LOOPBACK         0x7f000001
#define INADDR_BROADCAST        SLUICE_WS_CAST(ULONG, 0xffffffff)
#define INADDR_NONE             0xffffffff
#define IN6ADDR_ANY_INIT        { { { 0 } } }
#define IN6ADDR_LOOPBACK_INIT   { { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }
#define _SS_MAXSIZE             128
#define _SS_ALIGNSIZE           (sizeof(LONGLONG))
#define _SS_PAD1SIZE            (_SS_ALIGNSIZE - sizeof(USHORT))
#define _SS_PAD2SIZE            (_SS_MAXSIZE - (sizeof(USHORT) + _SS_PAD1SIZE + _SS_ALIGNSIZE))
#define INET_ADDRSTRLEN         22
#define INET6_ADDRSTRLEN        65
#else
#define WS_INADDR_ANY              SLUICE_WS_CAST(ULONG, 0x00000000)
#define WS_INADDR_LOOPBACK         0x7f000001
#define WS_INADDR_BROADCAST        SLUICE_WS_CAST(ULONG, 0xffffffff)
#define WS_INADDR_NONE             0xffffffff
#define WS_IN6ADDR_ANY_INIT        { { { 0 } } }
#define WS_IN6ADDR_LOOPBACK_INIT   { { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }
#define WS__SS_MAXSIZE             128
#define WS__SS_ALIGNSIZE           (sizeof(LONGLONG))
#define WS__SS_PAD1SIZE            (WS__SS_ALIGNSIZE - sizeof(USHORT))
#define WS__SS_PAD2SIZE            (WS__SS_MAXSIZE - (sizeof(USHORT) + WS__SS_PAD1SIZE + WS__SS_ALIGNSIZE))
#define WS_INET_ADDRSTRLEN         22
#define WS_INET6_ADDRSTRLEN        65
#endif

/* Member shorthands of in_addr and in6_addr, and the old in6_addr name */
#ifndef SLUICE_WS_PREFIX
#define s_addr     S_un.S_addr
#define s_host     S_un.S_un_b.s_b2
#define s_net      S_un.S_un_b.s_b1
#define s_imp      S_un.S_un_w.s_w2
#define s_impno    S_un.S_un_b.s_b4
#define s_lh       S_un.S_un_b.s_b3
#define s6_addr    u.Byte
#define s6_bytes   u.Byte
#define s6_words   u.Word
#define in_addr6   in6_addr
#else
#define WS_s_addr     S_un.S_addr
#define WS_s_host     S_un.S_un_b.s_b2
#define WS_s_net      S_un.S_un_b.s_b1
#define WS_s_imp      S_un.S_un_w.s_w2
#define WS_s_impno    S_un.S_un_b.s_b4
#define WS_s_lh       S_un.S_un_b.s_b3
#define WS_s6_addr    u.Byte
#define WS_s6_bytes   u.Byte
#define WS_s6_words   u.Word
#define WS_in_addr6   WS_in6_addr
#endif

/* ioctl codes for ioctlsocket and WSAIoctl. The codes carry the size of the
 * argument; Windows' u_long is 4 bytes, so they are built from ULONG (32-bit
 * here), not from this platform's 8-byte u_long. */
#ifndef SLUICE_WS_PREFIX
#define IOCPARM_MASK                         0x7f
#define IOC_VOID                             0x20000000
#define IOC_OUT                              0x40000000
#define IOC_IN                               0x80000000
#define IOC_INOUT                            (IOC_IN | IOC_OUT)
#define IOC_UNIX                             0x00000000
#define IOC_WS2                              0x08000000
#define IOC_PROTOCOL                         0x10000000
#define IOC_VENDOR                           0x18000000
#define _IO(x, y)                            (IOC_VOID | ((x) << 8) | (y))
#define _IOR(x, y, t)                        (IOC_OUT | ((SLUICE_WS_CAST(UINT, sizeof(t)) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define _IOW(x, y, t)                        (IOC_IN | ((SLUICE_WS_CAST(UINT, sizeof(t)) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define FIONREAD                             _IOR('f', 127, ULONG)
#define FIONBIO                              _IOW('f', 126, ULONG)
#define FIOASYNC                             _IOW('f', 125, ULONG)
#define SIOCSHIWAT                           _IOW('s', 0, ULONG)
#define SIOCGHIWAT                           _IOR('s', 1, ULONG)
#define SIOCSLOWAT                           _IOW('s', 2, ULONG)
#define SIOCGLOWAT                           _IOR('s', 3, ULONG)
#define SIOCATMARK                           _IOR('s', 7, ULONG)
#define SIO_ASSOCIATE_HANDLE                 _WSAIOW(IOC_WS2, 1)
#define SIO_ENABLE_CIRCULAR_QUEUEING         _WSAIO(IOC_WS2, 2)
#define SIO_FIND_ROUTE                       _WSAIOR(IOC_WS2, 3)
#define SIO_FLUSH                            _WSAIO(IOC_WS2, 4)
#define SIO_GET_BROADCAST_ADDRESS            _WSAIOR(IOC_WS2, 5)
#define SIO_GET_EXTENSION_FUNCTION_POINTER   _WSAIORW(IOC_WS2, 6)
#define SIO_GET_QOS                          _WSAIORW(IOC_WS2, 7)
#define SIO_GET_GROUP_QOS                    _WSAIORW(IOC_WS2, 8)
#define SIO_MULTIPOINT_LOOPBACK              _WSAIOW(IOC_WS2, 9)
#define SIO_MULTICAST_SCOPE                  _WSAIOW(IOC_WS2, 10)
#define SIO_SET_QOS                          _WSAIOW(IOC_WS2, 11)
#define SIO_SET_GROUP_QOS                    _WSAIOW(IOC_WS2, 12)
#define SIO_TRANSLATE_HANDLE                 _WSAIORW(IOC_WS2, 13)
#define SIO_ROUTING_INTERFACE_QUERY          _WSAIORW(IOC_WS2, 20)
#define SIO_ROUTING_INTERFACE_CHANGE         _WSAIOW(IOC_WS2, 21)
#define SIO_ADDRESS_LIST_QUERY               _WSAIOR(IOC_WS2, 22)
#define SIO_ADDRESS_LIST_CHANGE              _WSAIO(IOC_WS2, 23)
#define SIO_QUERY_TARGET_PNP_HANDLE          _WSAIOR(IOC_WS2, 24)
#define SIO_ADDRESS_LIST_SORT                _WSAIORW(IOC_WS2, 25)
#define SIO_BSP_HANDLE                       _WSAIOR(IOC_WS2, 27)
#define SIO_BASE_HANDLE                      _WSAIOR(IOC_WS2, 34)
#define SIO_UDP_CONNRESET                    _WSAIOW(IOC_VENDOR, 12)
#else
#define WS_IOCPARM_MASK                         0x7f
#define WS_IOC_VOID                             0x20000000
#define WS_IOC_OUT                              0x40000000
#define WS_IOC_IN                               0x80000000
#define WS_IOC_INOUT                            (WS_IOC_IN | WS_IOC_OUT)
#define WS_IOC_UNIX                             0x00000000
#define WS_IOC_WS2                              0x08000000
#define WS_IOC_PROTOCOL                         0x10000000
#define WS_IOC_VENDOR                           0x18000000
#define WS__IO(x, y)                            (WS_IOC_VOID | ((x) << 8) | (y))
#define WS__IOR(x, y, t)                        (WS_IOC_OUT | ((SLUICE_WS_CAST(UINT, sizeof(t)) & WS_IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define WS__IOW(x, y, t)                        (WS_IOC_IN | ((SLUICE_WS_CAST(UINT, sizeof(t)) & WS_IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define WS_FIONREAD                             WS__IOR('f', 127, ULONG)
#define WS_FIONBIO                              WS__IOW('f', 126, ULONG)
#define WS_FIOASYNC                             WS__IOW('f', 125, ULONG)
#define WS_SIOCSHIWAT                           WS__IOW('s', 0, ULONG)
#define WS_SIOCGHIWAT                           WS__IOR('s', 1, ULONG)
#define WS_SIOCSLOWAT                           WS__IOW('s', 2, ULONG)
#define WS_SIOCGLOWAT                           WS__IOR('s', 3, ULONG)
#define WS_SIOCATMARK                           WS__IOR('s', 7, ULONG)
#define WS_SIO_ASSOCIATE_HANDLE                 _WSAIOW(WS_IOC_WS2, 1)
#define WS_SIO_ENABLE_CIRCULAR_QUEUEING         _WSAIO(WS_IOC_WS2, 2)
#define WS_SIO_FIND_ROUTE                       _WSAIOR(WS_IOC_WS2, 3)
#define WS_SIO_FLUSH                            _WSAIO(WS_IOC_WS2, 4)
#define WS_SIO_GET_BROADCAST_ADDRESS            _WSAIOR(WS_IOC_WS2, 5)
#define WS_SIO_GET_EXTENSION_FUNCTION_POINTER   _WSAIORW(WS_IOC_WS2, 6)
#define WS_SIO_GET_QOS                          _WSAIORW(WS_IOC_WS2, 7)
#define WS_SIO_GET_GROUP_QOS                    _WSAIORW(WS_IOC_WS2, 8)
#define WS_SIO_MULTIPOINT_LOOPBACK              _WSAIOW(WS_IOC_WS2, 9)
#define WS_SIO_MULTICAST_SCOPE                  _WSAIOW(WS_IOC_WS2, 10)
#define WS_SIO_SET_QOS                          _WSAIOW(WS_IOC_WS2, 11)
#define WS_SIO_SET_GROUP_QOS                    _WSAIOW(WS_IOC_WS2, 12)
#define WS_SIO_TRANSLATE_HANDLE                 _WSAIORW(WS_IOC_WS2, 13)
#define WS_SIO_ROUTING_INTERFACE_QUERY          _WSAIORW(WS_IOC_WS2, 20)
#define WS_SIO_ROUTING_INTERFACE_CHANGE         _WSAIOW(WS_IOC_WS2, 21)
#define WS_SIO_ADDRESS_LIST_QUERY               _WSAIOR(WS_IOC_WS2, 22)
#define WS_SIO_ADDRESS_LIST_CHANGE              _WSAIO(WS_IOC_WS2, 23)
#define WS_SIO_QUERY_TARGET_PNP_HANDLE          _WSAIOR(WS_IOC_WS2, 24)
#define WS_SIO_ADDRESS_LIST_SORT                _WSAIORW(WS_IOC_WS2, 25)
#define WS_SIO_BSP_HANDLE                       _WSAIOR(WS_IOC_WS2, 27)
#define WS_SIO_BASE_HANDLE                      _WSAIOR(WS_IOC_WS2, 34)
#define WS_SIO_UDP_CONNRESET                    _WSAIOW(WS_IOC_VENDOR, 12)
#endif

/* WSAPoll event bits (Windows values, not <poll.h>'s) */
#ifndef SLUICE_WS_PREFIX
#define POLLRDNORM   0x0100
#define POLLRDBAND   0x0200
#define POLLIN       (POLLRDNORM | POLLRDBAND)
#define POLLPRI      0x0400
#define POLLWRNORM   0x0010
#define POLLOUT      (POLLWRNORM)
#define POLLWRBAND   0x0020
#define POLLERR      0x0001
#define POLLHUP      0x0002
#define POLLNVAL     0x0004
#else
#define WS_POLLRDNORM   0x0100
#define WS_POLLRDBAND   0x0200
#define WS_POLLIN       (WS_POLLRDNORM | WS_POLLRDBAND)
#define WS_POLLPRI      0x0400
#define WS_POLLWRNORM   0x0010
#define WS_POLLOUT      (WS_POLLWRNORM)
#define WS_POLLWRBAND   0x0020
#define WS_POLLERR      0x0001
#define WS_POLLHUP      0x0002
#define WS_POLLNVAL     0x0004
#endif

/* The Winsock fd_set operations. FD_SET does not add a socket twice, FD_CLR
 * keeps the order of the others (both as Windows); FD_ISSET asks __WSAFDIsSet. */
#ifndef SLUICE_WS_PREFIX
#define FD_SET(fd, set)     sluice_ws_fd_set_add((fd), (set))
#define FD_CLR(fd, set)     sluice_ws_fd_set_remove((fd), (set))
#define FD_ZERO(set)        sluice_ws_fd_set_clear(set)
#define FD_ISSET(fd, set)   __WSAFDIsSet((fd), (set))
#else
#define WS_FD_SET(fd, set)     sluice_ws_fd_set_add((fd), (set))
#define WS_FD_CLR(fd, set)     sluice_ws_fd_set_remove((fd), (set))
#define WS_FD_ZERO(set)        sluice_ws_fd_set_clear(set)
#define WS_FD_ISSET(fd, set)   __WSAFDIsSet((fd), (set))
#endif

/* Name resolution: getaddrinfo/getnameinfo flags and errors, h_errno */
#ifndef SLUICE_WS_PREFIX
#define AI_PASSIVE                  0x00000001
#define AI_CANONNAME                0x00000002
#define AI_NUMERICHOST              0x00000004
#define AI_NUMERICSERV              0x00000008
#define AI_ALL                      0x00000100
#define AI_ADDRCONFIG               0x00000400
#define AI_V4MAPPED                 0x00000800
#define AI_NON_AUTHORITATIVE        0x00004000
#define AI_SECURE                   0x00008000
#define AI_RETURN_PREFERRED_NAMES   0x00010000
#define AI_FQDN                     0x00020000
#define AI_FILESERVER               0x00040000
#define AI_DISABLE_IDN_ENCODING     0x00080000
#define NI_NOFQDN                   0x01
#define NI_NUMERICHOST              0x02
#define NI_NAMEREQD                 0x04
#define NI_NUMERICSERV              0x08
#define NI_DGRAM                    0x10
#define NI_MAXHOST                  1025
#define NI_MAXSERV                  32
#define EAI_AGAIN                   WSATRY_AGAIN
#define EAI_BADFLAGS                WSAEINVAL
#define EAI_FAIL                    WSANO_RECOVERY
#define EAI_FAMILY                  WSAEAFNOSUPPORT
#define EAI_MEMORY                  WSA_NOT_ENOUGH_MEMORY
#define EAI_NOSECURENAME            WSA_SECURE_HOST_NOT_FOUND
#define EAI_NONAME                  WSAHOST_NOT_FOUND
#define EAI_SERVICE                 WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE                WSAESOCKTNOSUPPORT
#define EAI_IPSECPOLICY             WSA_IPSEC_NAME_POLICY_ERROR
#define EAI_NODATA                  EAI_NONAME
#define h_errno                     WSAGetLastError()
#define HOST_NOT_FOUND              WSAHOST_NOT_FOUND
#define TRY_AGAIN                   WSATRY_AGAIN
#define NO_RECOVERY                 WSANO_RECOVERY
#define NO_DATA                     WSANO_DATA
#define NO_ADDRESS                  WSANO_ADDRESS
#else
#define WS_AI_PASSIVE                  0x00000001
#define WS_AI_CANONNAME                0x00000002
#define WS_AI_NUMERICHOST              0x00000004
#define WS_AI_NUMERICSERV              0x00000008
#define WS_AI_ALL                      0x00000100
#define WS_AI_ADDRCONFIG               0x00000400
#define WS_AI_V4MAPPED                 0x00000800
#define WS_AI_NON_AUTHORITATIVE        0x00004000
#define WS_AI_SECURE                   0x00008000
#define WS_AI_RETURN_PREFERRED_NAMES   0x00010000
#define WS_AI_FQDN                     0x00020000
#define WS_AI_FILESERVER               0x00040000
#define WS_AI_DISABLE_IDN_ENCODING     0x00080000
#define WS_NI_NOFQDN                   0x01
#define WS_NI_NUMERICHOST              0x02
#define WS_NI_NAMEREQD                 0x04
#define WS_NI_NUMERICSERV              0x08
#define WS_NI_DGRAM                    0x10
#define WS_NI_MAXHOST                  1025
#define WS_NI_MAXSERV                  32
#define WS_EAI_AGAIN                   WSATRY_AGAIN
#define WS_EAI_BADFLAGS                WSAEINVAL
#define WS_EAI_FAIL                    WSANO_RECOVERY
#define WS_EAI_FAMILY                  WSAEAFNOSUPPORT
#define WS_EAI_MEMORY                  WSA_NOT_ENOUGH_MEMORY
#define WS_EAI_NOSECURENAME            WSA_SECURE_HOST_NOT_FOUND
#define WS_EAI_NONAME                  WSAHOST_NOT_FOUND
#define WS_EAI_SERVICE                 WSATYPE_NOT_FOUND
#define WS_EAI_SOCKTYPE                WSAESOCKTNOSUPPORT
#define WS_EAI_IPSECPOLICY             WSA_IPSEC_NAME_POLICY_ERROR
#define WS_EAI_NODATA                  WS_EAI_NONAME
#define WS_h_errno                     WSAGetLastError()
#define WS_HOST_NOT_FOUND              WSAHOST_NOT_FOUND
#define WS_TRY_AGAIN                   WSATRY_AGAIN
#define WS_NO_RECOVERY                 WSANO_RECOVERY
#define WS_NO_DATA                     WSANO_DATA
#define WS_NO_ADDRESS                  WSANO_ADDRESS
#endif

#endif /* SLUICE_DETAIL_WS_BSD_NAMES_H */
