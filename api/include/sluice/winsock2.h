/* <sluice/winsock2.h>: sluice's Winsock 2 API for C and C++ programs. Windows
 * socket code compiles against it with only its include line changed; the
 * functions are those of libsluice, a kernel-bypass TCP/IP stack.
 *
 * It carries what Windows spreads over winsock2.h, ws2def.h, inaddr.h,
 * in6addr.h, ws2ipdef.h and qos.h; <sluice/ws2tcpip.h> adds name resolution
 * and address text conversion, <sluice/mswsock.h> the Microsoft extensions.
 * Each header is self-contained, C99/C11 and C++ compatible (extern "C").
 *
 * Design rules (keep this comment true when changing the headers):
 *
 * 1. Numbers and layouts are Windows' (64-bit Windows, checked against the
 *    mingw-w64 headers): AF_INET6 is 23, SOL_SOCKET 0xffff, FIONBIO 0x8004667E,
 *    errors are WSAE* = 10000 + n, WSAPROTOCOL_INFOA is 372 bytes and
 *    WSAPROTOCOL_INFOW 628 bytes with UTF-16 (char16_t) text. Windows' long is
 *    32-bit, so every structure field that is long, u_long, ULONG or DWORD on
 *    Windows is 32-bit here (LONG/ULONG/DWORD are int32_t/uint32_t); the sizes
 *    and offsets are static assertions at the end of this file, checked in
 *    every translation unit. Prototypes keep Windows' spelling (long cmd,
 *    u_long *argp, const char *optval, int *namelen): there long and u_long
 *    are this platform's 8-byte types, so every Windows value fits and Windows
 *    source compiles unchanged; implementations use the low 32 bits of such
 *    arguments and return 32-bit values zero-extended (inet_addr() ==
 *    INADDR_NONE works). SOCKET is UINT_PTR (64-bit), INVALID_SOCKET is
 *    (SOCKET)~0, SOCKET_ERROR is -1. The Windows base types (DWORD, WCHAR,
 *    GUID, HANDLE, ...) are defined unless the translation unit already has
 *    them: see <sluice/detail/ws_base_types.h>. WSAAPI, WINAPI, PASCAL,
 *    CALLBACK and FAR expand to nothing.
 *
 * 2. No symbol of libsluice is a libc symbol. Every function (and the data
 *    in6addr_any/in6addr_loopback) is declared with an asm label naming its
 *    export sluice_<Windows name> (SLUICE_WS_SYMBOL): socket() in Winsock code
 *    calls sluice_socket, WSAStartup() calls sluice_WSAStartup, and glibc's
 *    socket() is untouched. Both header modes declare the same symbols with
 *    the same ABI.
 *
 * 3. Two header modes, fixed per translation unit by the first sluice Winsock
 *    header it includes (mixing them is a compile error):
 *
 *    Winsock-compatible (default): Windows' names, for code that does not
 *    include the POSIX socket headers. It works beside the C and C++ standard
 *    headers in either order, although on glibc they bring <sys/types.h>,
 *    <sys/select.h> and <unistd.h>: this header includes those itself first,
 *    reuses glibc's struct timeval (two longs, as Winsock's members) and its
 *    u_char/u_short/u_int/u_long typedefs, and lays the Winsock names over
 *    the rest: fd_set, select, gethostname (and socklen_t in ws2tcpip.h) are
 *    macros naming sluice_ws_fd_set, sluice_select, sluice_gethostname and
 *    sluice_ws_socklen_t, and FD_SETSIZE/FD_SET/FD_CLR/FD_ISSET/FD_ZERO are
 *    Winsock's. FD_SETSIZE is 64 unless the program defines it before this
 *    header and before any glibc header (glibc's <sys/select.h>, also pulled
 *    in by <stdlib.h>, silently resets it to 1024, which this header then
 *    cannot tell from glibc's own), or redefines it right before this header
 *    to a value other than 1024. A translation unit that already included
 *    <sys/socket.h>, <netinet/in.h>, <arpa/inet.h>, <netdb.h>,
 *    <netinet/tcp.h>, <poll.h> or <sys/ioctl.h> is refused with an #error;
 *    including them after this header fails too (their names are taken).
 *
 *    Prefixed (#define SLUICE_WS_PREFIX before including): coexists with
 *    <sys/socket.h>, <netinet/in.h>, <arpa/inet.h>, <netdb.h>, <poll.h> and
 *    DPDK's headers in one translation unit, in either order, after Wine's
 *    USE_WS_PREFIX. Naming rule: a name of the BSD socket API gets the prefix
 *    WS_, together with its whole family, Winsock-only members included, so
 *    that nobody has to remember which member clashes:
 *      - types and struct tags: WS_sockaddr, WS_sockaddr_in, WS_sockaddr_in6,
 *        WS_sockaddr_storage, WS_in_addr, WS_in6_addr, WS_fd_set, WS_timeval,
 *        WS_linger, WS_hostent, WS_servent, WS_protoent, WS_ip_mreq,
 *        WS_ipv6_mreq, WS_in_pktinfo, WS_pollfd, WS_addrinfo, WS_u_char,
 *        WS_u_short, WS_u_int, WS_u_long, WS_socklen_t;
 *      - constant families: AF_, PF_, SOCK_, IPPROTO_, SOL_SOCKET, SO_ (with
 *        SO_CONDITIONAL_ACCEPT, SO_GROUP_ID, SO_PROTOCOL_INFOA/W, the
 *        mswsock.h SO_ options), SOMAXCONN, IP_, IPV6_, TCP_, UDP_, MSG_,
 *        INADDR_, IN6ADDR_*_INIT, _SS_*, INET_ADDRSTRLEN/INET6_ADDRSTRLEN,
 *        the ioctl codes and their parts (FIO*, SIOC*, SIO_*, IOC_*,
 *        IOCPARM_MASK, _IO/_IOR/_IOW as WS__IO...), POLL*, FD_SETSIZE,
 *        AI_, NI_, EAI_, h_errno, HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY,
 *        NO_DATA, NO_ADDRESS;
 *      - macros: WS_FD_SET, WS_FD_CLR, WS_FD_ISSET, WS_FD_ZERO and the member
 *        shorthands WS_s_addr, WS_s_net, ..., WS_s6_addr, WS_s6_bytes,
 *        WS_s6_words (glibc's s_addr/s6_addr stay glibc's);
 *      - functions: WS_socket, WS_bind, WS_connect, WS_listen, WS_accept,
 *        WS_send, WS_sendto, WS_recv, WS_recvfrom, WS_shutdown, WS_select,
 *        WS_getsockopt, WS_setsockopt, WS_getsockname, WS_getpeername,
 *        WS_htons, WS_htonl, WS_ntohs, WS_ntohl, WS_inet_addr, WS_inet_ntoa,
 *        WS_gethostname, WS_gethostbyname, WS_gethostbyaddr, WS_inet_pton,
 *        WS_inet_ntop, WS_getaddrinfo, WS_freeaddrinfo, WS_getnameinfo, and
 *        the data WS_in6addr_any, WS_in6addr_loopback.
 *    Names Winsock invented cannot clash and are the same in both modes:
 *    SOCKET, INVALID_SOCKET, SOCKET_ERROR, WSA* (types, constants, errors,
 *    functions), WSA_FLAG_*, XP1_*, PFL_*, SG_*, CF_*, SD_*, JL_*, FD_READ and
 *    the other event bits, FROM_PROTOCOL_INFO, PVD_CONFIG, closesocket,
 *    ioctlsocket, __WSAFDIsSet, GetAddrInfoW and the other A/W functions,
 *    _WSAIO*, and the upper-case typedefs (SOCKADDR, SOCKADDR_IN, IN_ADDR,
 *    HOSTENT, LINGER, TIMEVAL, FD_SET, ADDRINFOA, WSABUF, QOS, ...), which
 *    name the Winsock types in both modes. Departures from Wine: Wine also
 *    prefixes closesocket, ioctlsocket and PVD_CONFIG, which are Winsock's
 *    own names; here they are not.
 *
 * 4. The structure layouts are the same in both modes; only the names differ.
 *    WS_timeval has glibc's timeval layout, WS_u_long is 8 bytes like u_long,
 *    so both modes call the same exported functions.
 */
#ifndef SLUICE_WINSOCK2_H
#define SLUICE_WINSOCK2_H

#include <sluice/detail/ws_config.h>
#if defined(SLUICE_WS_PREFIX) != SLUICE_WS_PREFIXED
#  error "sluice Winsock headers: SLUICE_WS_PREFIX changed after the first sluice Winsock header of this translation unit; a translation unit uses one mode"
#endif
#include <sluice/detail/ws_base_types.h>
#include <sluice/detail/ws_bsd_names.h>

SLUICE_WS_BEGIN_DECLS

/* ---- Winsock-only constants --------------------------------------------- */

#define WINSOCK_VERSION MAKEWORD(2, 2)
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128
#define MAXGETHOSTSTRUCT 1024

#define INVALID_SOCKET SLUICE_WS_CAST(SOCKET, ~0)
#define SOCKET_ERROR (-1)
#define FROM_PROTOCOL_INFO (-1)
#define PVD_CONFIG 0x3001
#define ADDR_ANY SLUICE_WS(INADDR_ANY)

/* Network events for WSAEventSelect / WSAEnumNetworkEvents. */
#define FD_READ_BIT 0
#define FD_READ (1 << FD_READ_BIT)
#define FD_WRITE_BIT 1
#define FD_WRITE (1 << FD_WRITE_BIT)
#define FD_OOB_BIT 2
#define FD_OOB (1 << FD_OOB_BIT)
#define FD_ACCEPT_BIT 3
#define FD_ACCEPT (1 << FD_ACCEPT_BIT)
#define FD_CONNECT_BIT 4
#define FD_CONNECT (1 << FD_CONNECT_BIT)
#define FD_CLOSE_BIT 5
#define FD_CLOSE (1 << FD_CLOSE_BIT)
#define FD_QOS_BIT 6
#define FD_QOS (1 << FD_QOS_BIT)
#define FD_GROUP_QOS_BIT 7
#define FD_GROUP_QOS (1 << FD_GROUP_QOS_BIT)
#define FD_ROUTING_INTERFACE_CHANGE_BIT 8
#define FD_ROUTING_INTERFACE_CHANGE (1 << FD_ROUTING_INTERFACE_CHANGE_BIT)
#define FD_ADDRESS_LIST_CHANGE_BIT 9
#define FD_ADDRESS_LIST_CHANGE (1 << FD_ADDRESS_LIST_CHANGE_BIT)
#define FD_MAX_EVENTS 10
#define FD_ALL_EVENTS ((1 << FD_MAX_EVENTS) - 1)

/* Condition function verdicts (WSAAccept). */
#define CF_ACCEPT 0x0000
#define CF_REJECT 0x0001
#define CF_DEFER 0x0002

/* shutdown() */
#define SD_RECEIVE 0x00
#define SD_SEND 0x01
#define SD_BOTH 0x02

/* Socket groups (WSASocket g, WSAAccept condition function). */
#define SG_UNCONSTRAINED_GROUP 0x01
#define SG_CONSTRAINED_GROUP 0x02

/* WSAJoinLeaf */
#define JL_SENDER_ONLY 0x01
#define JL_RECEIVER_ONLY 0x02
#define JL_BOTH 0x04

/* WSASocket dwFlags */
#define WSA_FLAG_OVERLAPPED 0x01
#define WSA_FLAG_MULTIPOINT_C_ROOT 0x02
#define WSA_FLAG_MULTIPOINT_C_LEAF 0x04
#define WSA_FLAG_MULTIPOINT_D_ROOT 0x08
#define WSA_FLAG_MULTIPOINT_D_LEAF 0x10
#define WSA_FLAG_ACCESS_SYSTEM_SECURITY 0x40
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#define WSA_FLAG_REGISTERED_IO 0x100

/* WSAPROTOCOL_INFO */
#define MAX_PROTOCOL_CHAIN 7
#define BASE_PROTOCOL 1
#define LAYERED_PROTOCOL 0
#define WSAPROTOCOL_LEN 255

#define PFL_MULTIPLE_PROTO_ENTRIES 0x00000001
#define PFL_RECOMMENDED_PROTO_ENTRY 0x00000002
#define PFL_HIDDEN 0x00000004
#define PFL_MATCHES_PROTOCOL_ZERO 0x00000008
#define PFL_NETWORKDIRECT_PROVIDER 0x00000010

#define XP1_CONNECTIONLESS 0x00000001
#define XP1_GUARANTEED_DELIVERY 0x00000002
#define XP1_GUARANTEED_ORDER 0x00000004
#define XP1_MESSAGE_ORIENTED 0x00000008
#define XP1_PSEUDO_STREAM 0x00000010
#define XP1_GRACEFUL_CLOSE 0x00000020
#define XP1_EXPEDITED_DATA 0x00000040
#define XP1_CONNECT_DATA 0x00000080
#define XP1_DISCONNECT_DATA 0x00000100
#define XP1_SUPPORT_BROADCAST 0x00000200
#define XP1_SUPPORT_MULTIPOINT 0x00000400
#define XP1_MULTIPOINT_CONTROL_PLANE 0x00000800
#define XP1_MULTIPOINT_DATA_PLANE 0x00001000
#define XP1_QOS_SUPPORTED 0x00002000
#define XP1_INTERRUPT 0x00004000
#define XP1_UNI_SEND 0x00008000
#define XP1_UNI_RECV 0x00010000
#define XP1_IFS_HANDLES 0x00020000
#define XP1_PARTIAL_MESSAGE 0x00040000
#define XP1_SAN_SUPPORT_SDP 0x00080000

#define BIGENDIAN 0x0000
#define LITTLEENDIAN 0x0001
#define SECURITY_PROTOCOL_NONE 0x0000

/* Errors (WSAGetLastError), winerror.h values. */
#define WSABASEERR 10000
#define WSAEINTR (WSABASEERR + 4)
#define WSAEBADF (WSABASEERR + 9)
#define WSAEACCES (WSABASEERR + 13)
#define WSAEFAULT (WSABASEERR + 14)
#define WSAEINVAL (WSABASEERR + 22)
#define WSAEMFILE (WSABASEERR + 24)
#define WSAEWOULDBLOCK (WSABASEERR + 35)
#define WSAEINPROGRESS (WSABASEERR + 36)
#define WSAEALREADY (WSABASEERR + 37)
#define WSAENOTSOCK (WSABASEERR + 38)
#define WSAEDESTADDRREQ (WSABASEERR + 39)
#define WSAEMSGSIZE (WSABASEERR + 40)
#define WSAEPROTOTYPE (WSABASEERR + 41)
#define WSAENOPROTOOPT (WSABASEERR + 42)
#define WSAEPROTONOSUPPORT (WSABASEERR + 43)
#define WSAESOCKTNOSUPPORT (WSABASEERR + 44)
#define WSAEOPNOTSUPP (WSABASEERR + 45)
#define WSAEPFNOSUPPORT (WSABASEERR + 46)
#define WSAEAFNOSUPPORT (WSABASEERR + 47)
#define WSAEADDRINUSE (WSABASEERR + 48)
#define WSAEADDRNOTAVAIL (WSABASEERR + 49)
#define WSAENETDOWN (WSABASEERR + 50)
#define WSAENETUNREACH (WSABASEERR + 51)
#define WSAENETRESET (WSABASEERR + 52)
#define WSAECONNABORTED (WSABASEERR + 53)
#define WSAECONNRESET (WSABASEERR + 54)
#define WSAENOBUFS (WSABASEERR + 55)
#define WSAEISCONN (WSABASEERR + 56)
#define WSAENOTCONN (WSABASEERR + 57)
#define WSAESHUTDOWN (WSABASEERR + 58)
#define WSAETOOMANYREFS (WSABASEERR + 59)
#define WSAETIMEDOUT (WSABASEERR + 60)
#define WSAECONNREFUSED (WSABASEERR + 61)
#define WSAELOOP (WSABASEERR + 62)
#define WSAENAMETOOLONG (WSABASEERR + 63)
#define WSAEHOSTDOWN (WSABASEERR + 64)
#define WSAEHOSTUNREACH (WSABASEERR + 65)
#define WSAENOTEMPTY (WSABASEERR + 66)
#define WSAEPROCLIM (WSABASEERR + 67)
#define WSAEUSERS (WSABASEERR + 68)
#define WSAEDQUOT (WSABASEERR + 69)
#define WSAESTALE (WSABASEERR + 70)
#define WSAEREMOTE (WSABASEERR + 71)
#define WSASYSNOTREADY (WSABASEERR + 91)
#define WSAVERNOTSUPPORTED (WSABASEERR + 92)
#define WSANOTINITIALISED (WSABASEERR + 93)
#define WSAEDISCON (WSABASEERR + 101)
#define WSAENOMORE (WSABASEERR + 102)
#define WSAECANCELLED (WSABASEERR + 103)
#define WSAEINVALIDPROCTABLE (WSABASEERR + 104)
#define WSAEINVALIDPROVIDER (WSABASEERR + 105)
#define WSAEPROVIDERFAILEDINIT (WSABASEERR + 106)
#define WSASYSCALLFAILURE (WSABASEERR + 107)
#define WSASERVICE_NOT_FOUND (WSABASEERR + 108)
#define WSATYPE_NOT_FOUND (WSABASEERR + 109)
#define WSA_E_NO_MORE (WSABASEERR + 110)
#define WSA_E_CANCELLED (WSABASEERR + 111)
#define WSAEREFUSED (WSABASEERR + 112)
#define WSAHOST_NOT_FOUND (WSABASEERR + 1001)
#define WSATRY_AGAIN (WSABASEERR + 1002)
#define WSANO_RECOVERY (WSABASEERR + 1003)
#define WSANO_DATA (WSABASEERR + 1004)
#define WSANO_ADDRESS WSANO_DATA
#define WSA_QOS_RECEIVERS (WSABASEERR + 1005)
#define WSA_QOS_SENDERS (WSABASEERR + 1006)
#define WSA_QOS_NO_SENDERS (WSABASEERR + 1007)
#define WSA_QOS_NO_RECEIVERS (WSABASEERR + 1008)
#define WSA_QOS_REQUEST_CONFIRMED (WSABASEERR + 1009)
#define WSA_QOS_ADMISSION_FAILURE (WSABASEERR + 1010)
#define WSA_QOS_POLICY_FAILURE (WSABASEERR + 1011)
#define WSA_QOS_BAD_STYLE (WSABASEERR + 1012)
#define WSA_QOS_BAD_OBJECT (WSABASEERR + 1013)
#define WSA_QOS_TRAFFIC_CTRL_ERROR (WSABASEERR + 1014)
#define WSA_QOS_GENERIC_ERROR (WSABASEERR + 1015)
#define WSA_QOS_ESERVICETYPE (WSABASEERR + 1016)
#define WSA_QOS_EFLOWSPEC (WSABASEERR + 1017)
#define WSA_QOS_EPROVSPECBUF (WSABASEERR + 1018)
#define WSA_QOS_EFILTERSTYLE (WSABASEERR + 1019)
#define WSA_QOS_EFILTERTYPE (WSABASEERR + 1020)
#define WSA_QOS_EFILTERCOUNT (WSABASEERR + 1021)
#define WSA_QOS_EOBJLENGTH (WSABASEERR + 1022)
#define WSA_QOS_EFLOWCOUNT (WSABASEERR + 1023)
#define WSA_QOS_EUNKOWNPSOBJ (WSABASEERR + 1024) /* sic, the SDK's spelling */
#define WSA_QOS_EUNKNOWNPSOBJ WSA_QOS_EUNKOWNPSOBJ
#define WSA_QOS_EPOLICYOBJ (WSABASEERR + 1025)
#define WSA_QOS_EFLOWDESC (WSABASEERR + 1026)
#define WSA_QOS_EPSFLOWSPEC (WSABASEERR + 1027)
#define WSA_QOS_EPSFILTERSPEC (WSABASEERR + 1028)
#define WSA_QOS_ESDMODEOBJ (WSABASEERR + 1029)
#define WSA_QOS_ESHAPERATEOBJ (WSABASEERR + 1030)
#define WSA_QOS_RESERVED_PETYPE (WSABASEERR + 1031)
#define WSA_SECURE_HOST_NOT_FOUND (WSABASEERR + 1032)
#define WSA_IPSEC_NAME_POLICY_ERROR (WSABASEERR + 1033)

/* Overlapped I/O and event objects (the winerror.h/winbase.h values). */
#define WSA_IO_PENDING 997
#define WSA_IO_INCOMPLETE 996
#define WSA_INVALID_HANDLE 6
#define WSA_INVALID_PARAMETER 87
#define WSA_NOT_ENOUGH_MEMORY 8
#define WSA_OPERATION_ABORTED 995
#define WSA_INVALID_EVENT SLUICE_WS_CAST(WSAEVENT, 0)
#define WSA_MAXIMUM_WAIT_EVENTS 64
#define WSA_WAIT_FAILED 0xFFFFFFFFu
#define WSA_WAIT_EVENT_0 0
#define WSA_WAIT_IO_COMPLETION 0xC0
#define WSA_WAIT_TIMEOUT 258
#define WSA_INFINITE 0xFFFFFFFFu

/* Quality of service (qos.h). */
#define QOS_NOT_SPECIFIED 0xFFFFFFFFu
#define POSITIVE_INFINITY_RATE 0xFFFFFFFEu
#define SERVICETYPE_NOTRAFFIC 0x00000000
#define SERVICETYPE_BESTEFFORT 0x00000001
#define SERVICETYPE_CONTROLLEDLOAD 0x00000002
#define SERVICETYPE_GUARANTEED 0x00000003
#define SERVICETYPE_NETWORK_UNAVAILABLE 0x00000004
#define SERVICETYPE_GENERAL_INFORMATION 0x00000005
#define SERVICETYPE_NOCHANGE 0x00000006
#define SERVICETYPE_NONCONFORMING 0x00000009
#define SERVICETYPE_NETWORK_CONTROL 0x0000000A
#define SERVICETYPE_QUALITATIVE 0x0000000D
#define SERVICE_NO_TRAFFIC_CONTROL 0x81000000u
#define SERVICE_NO_QOS_SIGNALING 0x40000000u

/* ---- Types -------------------------------------------------------------- */

typedef UINT_PTR SOCKET;
typedef unsigned int GROUP;
typedef USHORT ADDRESS_FAMILY;

/* select() */
typedef struct SLUICE_WS(fd_set) {
    SLUICE_WS(u_int) fd_count;
    SOCKET fd_array[SLUICE_WS(FD_SETSIZE)];
} SLUICE_WS(fd_set), FD_SET, *PFD_SET, FAR *LPFD_SET;

#if SLUICE_WS_PREFIXED
/* glibc's struct timeval layout (two longs), so that both modes share one ABI. */
struct WS_timeval {
    long tv_sec;
    long tv_usec;
};
#endif
typedef struct SLUICE_WS(timeval) TIMEVAL, *PTIMEVAL, FAR *LPTIMEVAL;

/* IPv4 addresses (inaddr.h). */
typedef struct SLUICE_WS(in_addr) {
    union {
        struct {
            UCHAR s_b1, s_b2, s_b3, s_b4;
        } S_un_b;
        struct {
            USHORT s_w1, s_w2;
        } S_un_w;
        ULONG S_addr;
    } S_un;
} IN_ADDR, *PIN_ADDR, FAR *LPIN_ADDR;

/* IPv6 addresses (in6addr.h). */
typedef struct SLUICE_WS(in6_addr) {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
} IN6_ADDR, *PIN6_ADDR, FAR *LPIN6_ADDR;

/* Socket addresses (ws2def.h, ws2ipdef.h). */
typedef struct SLUICE_WS(sockaddr) {
    ADDRESS_FAMILY sa_family;
    CHAR sa_data[14];
} SOCKADDR, *PSOCKADDR, FAR *LPSOCKADDR;

typedef struct SLUICE_WS(sockaddr_in) {
    ADDRESS_FAMILY sin_family;
    USHORT sin_port;
    IN_ADDR sin_addr;
    CHAR sin_zero[8];
} SOCKADDR_IN, *PSOCKADDR_IN, FAR *LPSOCKADDR_IN;

SLUICE_WS_EXTENSION typedef struct _SCOPE_ID {
    SLUICE_WS_EXTENSION union {
        SLUICE_WS_EXTENSION struct {
            ULONG Zone : 28;
            ULONG Level : 4;
        };
        ULONG Value;
    };
} SCOPE_ID, *PSCOPE_ID;

typedef struct SLUICE_WS(sockaddr_in6) {
    ADDRESS_FAMILY sin6_family;
    USHORT sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    SLUICE_WS_EXTENSION union {
        ULONG sin6_scope_id;
        SCOPE_ID sin6_scope_struct;
    };
} SOCKADDR_IN6, SOCKADDR_IN6_LH, *PSOCKADDR_IN6, *PSOCKADDR_IN6_LH,
  FAR *LPSOCKADDR_IN6, FAR *LPSOCKADDR_IN6_LH;

typedef struct SLUICE_WS(sockaddr_storage) {
    ADDRESS_FAMILY ss_family;
    CHAR __ss_pad1[SLUICE_WS(_SS_PAD1SIZE)];
    LONGLONG __ss_align;
    CHAR __ss_pad2[SLUICE_WS(_SS_PAD2SIZE)];
} SOCKADDR_STORAGE, SOCKADDR_STORAGE_LH, *PSOCKADDR_STORAGE,
  *PSOCKADDR_STORAGE_LH, FAR *LPSOCKADDR_STORAGE, FAR *LPSOCKADDR_STORAGE_LH;

typedef struct _SOCKET_ADDRESS {
    LPSOCKADDR lpSockaddr;
    INT iSockaddrLength;
} SOCKET_ADDRESS, *PSOCKET_ADDRESS, FAR *LPSOCKET_ADDRESS;

typedef struct _SOCKET_ADDRESS_LIST {
    INT iAddressCount;
    SOCKET_ADDRESS Address[1];
} SOCKET_ADDRESS_LIST, *PSOCKET_ADDRESS_LIST, FAR *LPSOCKET_ADDRESS_LIST;

typedef struct _CSADDR_INFO {
    SOCKET_ADDRESS LocalAddr;
    SOCKET_ADDRESS RemoteAddr;
    INT iSocketType;
    INT iProtocol;
} CSADDR_INFO, *PCSADDR_INFO, FAR *LPCSADDR_INFO;

/* Multicast and packet information (ws2ipdef.h). */
typedef struct SLUICE_WS(ip_mreq) {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_interface;
} IP_MREQ, *PIP_MREQ;

typedef struct SLUICE_WS(ip_mreq_source) {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_sourceaddr;
    IN_ADDR imr_interface;
} IP_MREQ_SOURCE, *PIP_MREQ_SOURCE;

typedef struct SLUICE_WS(ipv6_mreq) {
    IN6_ADDR ipv6mr_multiaddr;
    ULONG ipv6mr_interface;
} IPV6_MREQ, *PIPV6_MREQ;

typedef struct SLUICE_WS(in_pktinfo) {
    IN_ADDR ipi_addr;
    ULONG ipi_ifindex;
} IN_PKTINFO, *PIN_PKTINFO;

typedef struct SLUICE_WS(in6_pktinfo) {
    IN6_ADDR ipi6_addr;
    ULONG ipi6_ifindex;
} IN6_PKTINFO, *PIN6_PKTINFO;

/* SO_LINGER */
typedef struct SLUICE_WS(linger) {
    SLUICE_WS(u_short) l_onoff;
    SLUICE_WS(u_short) l_linger;
} LINGER, *PLINGER, FAR *LPLINGER;

/* Database entries, in their 64-bit Windows layouts. */
typedef struct SLUICE_WS(hostent) {
    char FAR *h_name;
    char FAR *FAR *h_aliases;
    short h_addrtype;
    short h_length;
    char FAR *FAR *h_addr_list;
} HOSTENT, *PHOSTENT, FAR *LPHOSTENT;
#ifndef h_addr
#  define h_addr h_addr_list[0]
#endif

typedef struct SLUICE_WS(servent) {
    char FAR *s_name;
    char FAR *FAR *s_aliases;
    char FAR *s_proto; /* before s_port on 64-bit Windows */
    short s_port;
} SERVENT, *PSERVENT, FAR *LPSERVENT;

typedef struct SLUICE_WS(protoent) {
    char FAR *p_name;
    char FAR *FAR *p_aliases;
    short p_proto;
} PROTOENT, *PPROTOENT, FAR *LPPROTOENT;

/* WSAStartup: the 64-bit Windows field order (differs from 32-bit). */
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char FAR *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, FAR *LPWSADATA;

/* Scatter/gather buffer: len first, unlike iovec. */
typedef struct _WSABUF {
    ULONG len;
    CHAR FAR *buf;
} WSABUF, FAR *LPWSABUF;

/* WSARecvMsg / WSASendMsg (ws2def.h). */
typedef struct _WSAMSG {
    LPSOCKADDR name;
    INT namelen;
    LPWSABUF lpBuffers;
    ULONG dwBufferCount;
    WSABUF Control;
    ULONG dwFlags;
} WSAMSG, *PWSAMSG, FAR *LPWSAMSG;

typedef struct _WSACMSGHDR {
    SIZE_T cmsg_len;
    INT cmsg_level;
    INT cmsg_type;
} WSACMSGHDR, *PWSACMSGHDR, FAR *LPWSACMSGHDR;

/* Quality of service (qos.h), inline as Windows' winsock2.h has it. */
typedef ULONG SERVICETYPE;

typedef struct _flowspec {
    ULONG TokenRate;
    ULONG TokenBucketSize;
    ULONG PeakBandwidth;
    ULONG Latency;
    ULONG DelayVariation;
    SERVICETYPE ServiceType;
    ULONG MaxSduSize;
    ULONG MinimumPolicedSize;
} FLOWSPEC, *PFLOWSPEC, FAR *LPFLOWSPEC;

typedef struct _QualityOfService {
    FLOWSPEC SendingFlowspec;
    FLOWSPEC ReceivingFlowspec;
    WSABUF ProviderSpecific;
} QOS, FAR *LPQOS;

/* The protocol catalog. */
typedef struct _WSAPROTOCOLCHAIN {
    int ChainLen; /* 0: layered protocol, 1: base protocol, >1: chain */
    DWORD ChainEntries[MAX_PROTOCOL_CHAIN];
} WSAPROTOCOLCHAIN, FAR *LPWSAPROTOCOLCHAIN;

typedef struct _WSAPROTOCOL_INFOA {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    CHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOA, FAR *LPWSAPROTOCOL_INFOA;

typedef struct _WSAPROTOCOL_INFOW {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    WCHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOW, FAR *LPWSAPROTOCOL_INFOW;

#ifdef UNICODE
typedef WSAPROTOCOL_INFOW WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOW LPWSAPROTOCOL_INFO;
#else
typedef WSAPROTOCOL_INFOA WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOA LPWSAPROTOCOL_INFO;
#endif

/* Events and overlapped I/O. */
typedef HANDLE WSAEVENT, FAR *LPWSAEVENT;
typedef OVERLAPPED WSAOVERLAPPED;
typedef WSAOVERLAPPED FAR *LPWSAOVERLAPPED;

typedef struct _WSANETWORKEVENTS {
    LONG lNetworkEvents;
    int iErrorCode[FD_MAX_EVENTS];
} WSANETWORKEVENTS, FAR *LPWSANETWORKEVENTS;

typedef void (CALLBACK *LPWSAOVERLAPPED_COMPLETION_ROUTINE)(
    DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags);

/* WSAAccept's condition function: returns CF_ACCEPT, CF_REJECT or CF_DEFER. */
typedef int (CALLBACK *LPCONDITIONPROC)(
    LPWSABUF lpCallerId, LPWSABUF lpCallerData, LPQOS lpSQOS, LPQOS lpGQOS,
    LPWSABUF lpCalleeId, LPWSABUF lpCalleeData, GROUP FAR *g, DWORD_PTR dwCallbackData);

/* WSAPoll */
typedef struct SLUICE_WS(pollfd) {
    SOCKET fd;
    SHORT events;
    SHORT revents;
} WSAPOLLFD, *PWSAPOLLFD, FAR *LPWSAPOLLFD;

/* ---- fd_set operations behind FD_SET, FD_CLR and FD_ZERO ---------------- */

static inline void sluice_ws_fd_set_add(SOCKET s, SLUICE_WS(fd_set) *fds)
{
    SLUICE_WS(u_int) i;
    for (i = 0; i < fds->fd_count; ++i) {
        if (fds->fd_array[i] == s) {
            return;
        }
    }
    if (fds->fd_count < SLUICE_WS_CAST(SLUICE_WS(u_int), SLUICE_WS(FD_SETSIZE))) {
        fds->fd_array[fds->fd_count++] = s;
    }
}

static inline void sluice_ws_fd_set_remove(SOCKET s, SLUICE_WS(fd_set) *fds)
{
    SLUICE_WS(u_int) i;
    for (i = 0; i < fds->fd_count; ++i) {
        if (fds->fd_array[i] == s) {
            for (; i + 1 < fds->fd_count; ++i) {
                fds->fd_array[i] = fds->fd_array[i + 1];
            }
            --fds->fd_count;
            return;
        }
    }
}

static inline void sluice_ws_fd_set_clear(SLUICE_WS(fd_set) *fds)
{
    fds->fd_count = 0;
}

/* ---- Functions ---------------------------------------------------------- */

/* Start-up and errors */
SLUICE_WS_API int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
    SLUICE_WS_SYMBOL(WSAStartup);
SLUICE_WS_API int WSAAPI WSACleanup(void) SLUICE_WS_SYMBOL(WSACleanup);
SLUICE_WS_API int WSAAPI WSAGetLastError(void) SLUICE_WS_SYMBOL(WSAGetLastError);
SLUICE_WS_API void WSAAPI WSASetLastError(int iError) SLUICE_WS_SYMBOL(WSASetLastError);

/* Sockets */
SLUICE_WS_API SOCKET WSAAPI WSASocketA(int af, int type, int protocol,
    LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g, DWORD dwFlags) SLUICE_WS_SYMBOL(WSASocketA);
SLUICE_WS_API SOCKET WSAAPI WSASocketW(int af, int type, int protocol,
    LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g, DWORD dwFlags) SLUICE_WS_SYMBOL(WSASocketW);
SLUICE_WS_API SOCKET WSAAPI SLUICE_WS(socket)(int af, int type, int protocol)
    SLUICE_WS_SYMBOL(socket);
SLUICE_WS_API int WSAAPI closesocket(SOCKET s) SLUICE_WS_SYMBOL(closesocket);
SLUICE_WS_API int WSAAPI WSADuplicateSocketA(SOCKET s, DWORD dwProcessId,
    LPWSAPROTOCOL_INFOA lpProtocolInfo) SLUICE_WS_SYMBOL(WSADuplicateSocketA);
SLUICE_WS_API int WSAAPI WSADuplicateSocketW(SOCKET s, DWORD dwProcessId,
    LPWSAPROTOCOL_INFOW lpProtocolInfo) SLUICE_WS_SYMBOL(WSADuplicateSocketW);
SLUICE_WS_API int WSAAPI WSAEnumProtocolsA(LPINT lpiProtocols,
    LPWSAPROTOCOL_INFOA lpProtocolBuffer, LPDWORD lpdwBufferLength)
    SLUICE_WS_SYMBOL(WSAEnumProtocolsA);
SLUICE_WS_API int WSAAPI WSAEnumProtocolsW(LPINT lpiProtocols,
    LPWSAPROTOCOL_INFOW lpProtocolBuffer, LPDWORD lpdwBufferLength)
    SLUICE_WS_SYMBOL(WSAEnumProtocolsW);

/* Connections */
SLUICE_WS_API int WSAAPI SLUICE_WS(bind)(SOCKET s, const struct SLUICE_WS(sockaddr) FAR *name,
    int namelen) SLUICE_WS_SYMBOL(bind);
SLUICE_WS_API int WSAAPI SLUICE_WS(connect)(SOCKET s,
    const struct SLUICE_WS(sockaddr) FAR *name, int namelen) SLUICE_WS_SYMBOL(connect);
SLUICE_WS_API int WSAAPI WSAConnect(SOCKET s, const struct SLUICE_WS(sockaddr) FAR *name,
    int namelen, LPWSABUF lpCallerData, LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS)
    SLUICE_WS_SYMBOL(WSAConnect);
SLUICE_WS_API int WSAAPI SLUICE_WS(listen)(SOCKET s, int backlog) SLUICE_WS_SYMBOL(listen);
SLUICE_WS_API SOCKET WSAAPI SLUICE_WS(accept)(SOCKET s, struct SLUICE_WS(sockaddr) FAR *addr,
    int FAR *addrlen) SLUICE_WS_SYMBOL(accept);
SLUICE_WS_API SOCKET WSAAPI WSAAccept(SOCKET s, struct SLUICE_WS(sockaddr) FAR *addr,
    LPINT addrlen, LPCONDITIONPROC lpfnCondition, DWORD_PTR dwCallbackData)
    SLUICE_WS_SYMBOL(WSAAccept);
SLUICE_WS_API SOCKET WSAAPI WSAJoinLeaf(SOCKET s, const struct SLUICE_WS(sockaddr) FAR *name,
    int namelen, LPWSABUF lpCallerData, LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS,
    DWORD dwFlags) SLUICE_WS_SYMBOL(WSAJoinLeaf);
SLUICE_WS_API int WSAAPI SLUICE_WS(shutdown)(SOCKET s, int how) SLUICE_WS_SYMBOL(shutdown);
SLUICE_WS_API int WSAAPI SLUICE_WS(getsockname)(SOCKET s,
    struct SLUICE_WS(sockaddr) FAR *name, int FAR *namelen) SLUICE_WS_SYMBOL(getsockname);
SLUICE_WS_API int WSAAPI SLUICE_WS(getpeername)(SOCKET s,
    struct SLUICE_WS(sockaddr) FAR *name, int FAR *namelen) SLUICE_WS_SYMBOL(getpeername);

/* Data */
SLUICE_WS_API int WSAAPI SLUICE_WS(send)(SOCKET s, const char FAR *buf, int len, int flags)
    SLUICE_WS_SYMBOL(send);
SLUICE_WS_API int WSAAPI SLUICE_WS(sendto)(SOCKET s, const char FAR *buf, int len, int flags,
    const struct SLUICE_WS(sockaddr) FAR *to, int tolen) SLUICE_WS_SYMBOL(sendto);
SLUICE_WS_API int WSAAPI SLUICE_WS(recv)(SOCKET s, char FAR *buf, int len, int flags)
    SLUICE_WS_SYMBOL(recv);
SLUICE_WS_API int WSAAPI SLUICE_WS(recvfrom)(SOCKET s, char FAR *buf, int len, int flags,
    struct SLUICE_WS(sockaddr) FAR *from, int FAR *fromlen) SLUICE_WS_SYMBOL(recvfrom);
SLUICE_WS_API int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
    LPDWORD lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) SLUICE_WS_SYMBOL(WSASend);
SLUICE_WS_API int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
    LPDWORD lpNumberOfBytesSent, DWORD dwFlags, const struct SLUICE_WS(sockaddr) FAR *lpTo,
    int iTolen, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) SLUICE_WS_SYMBOL(WSASendTo);
SLUICE_WS_API int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
    LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) SLUICE_WS_SYMBOL(WSARecv);
SLUICE_WS_API int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
    LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags, struct SLUICE_WS(sockaddr) FAR *lpFrom,
    LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) SLUICE_WS_SYMBOL(WSARecvFrom);

/* Readiness */
SLUICE_WS_API int WSAAPI SLUICE_WS(select)(int nfds, SLUICE_WS(fd_set) FAR *readfds,
    SLUICE_WS(fd_set) FAR *writefds, SLUICE_WS(fd_set) FAR *exceptfds,
    const struct SLUICE_WS(timeval) FAR *timeout) SLUICE_WS_SYMBOL(select);
SLUICE_WS_API int WSAAPI __WSAFDIsSet(SOCKET fd, SLUICE_WS(fd_set) FAR *set)
    SLUICE_WS_SYMBOL(__WSAFDIsSet);
SLUICE_WS_API int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout)
    SLUICE_WS_SYMBOL(WSAPoll);
SLUICE_WS_API int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents)
    SLUICE_WS_SYMBOL(WSAEventSelect);
SLUICE_WS_API int WSAAPI WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
    LPWSANETWORKEVENTS lpNetworkEvents) SLUICE_WS_SYMBOL(WSAEnumNetworkEvents);
SLUICE_WS_API WSAEVENT WSAAPI WSACreateEvent(void) SLUICE_WS_SYMBOL(WSACreateEvent);
SLUICE_WS_API BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent) SLUICE_WS_SYMBOL(WSACloseEvent);
SLUICE_WS_API BOOL WSAAPI WSASetEvent(WSAEVENT hEvent) SLUICE_WS_SYMBOL(WSASetEvent);
SLUICE_WS_API BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent) SLUICE_WS_SYMBOL(WSAResetEvent);
SLUICE_WS_API DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents,
    const WSAEVENT FAR *lphEvents, BOOL fWaitAll, DWORD dwTimeout, BOOL fAlertable)
    SLUICE_WS_SYMBOL(WSAWaitForMultipleEvents);
SLUICE_WS_API BOOL WSAAPI WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped,
    LPDWORD lpcbTransfer, BOOL fWait, LPDWORD lpdwFlags) SLUICE_WS_SYMBOL(WSAGetOverlappedResult);

/* Control */
SLUICE_WS_API int WSAAPI ioctlsocket(SOCKET s, long cmd, SLUICE_WS(u_long) FAR *argp)
    SLUICE_WS_SYMBOL(ioctlsocket);
SLUICE_WS_API int WSAAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer,
    DWORD cbInBuffer, LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
    LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
    SLUICE_WS_SYMBOL(WSAIoctl);
SLUICE_WS_API int WSAAPI SLUICE_WS(getsockopt)(SOCKET s, int level, int optname,
    char FAR *optval, int FAR *optlen) SLUICE_WS_SYMBOL(getsockopt);
SLUICE_WS_API int WSAAPI SLUICE_WS(setsockopt)(SOCKET s, int level, int optname,
    const char FAR *optval, int optlen) SLUICE_WS_SYMBOL(setsockopt);

/* Byte order */
SLUICE_WS_API SLUICE_WS(u_short) WSAAPI SLUICE_WS(htons)(SLUICE_WS(u_short) hostshort)
    SLUICE_WS_SYMBOL(htons);
SLUICE_WS_API SLUICE_WS(u_long) WSAAPI SLUICE_WS(htonl)(SLUICE_WS(u_long) hostlong)
    SLUICE_WS_SYMBOL(htonl);
SLUICE_WS_API SLUICE_WS(u_short) WSAAPI SLUICE_WS(ntohs)(SLUICE_WS(u_short) netshort)
    SLUICE_WS_SYMBOL(ntohs);
SLUICE_WS_API SLUICE_WS(u_long) WSAAPI SLUICE_WS(ntohl)(SLUICE_WS(u_long) netlong)
    SLUICE_WS_SYMBOL(ntohl);
SLUICE_WS_API int WSAAPI WSAHtons(SOCKET s, SLUICE_WS(u_short) hostshort,
    SLUICE_WS(u_short) FAR *lpnetshort) SLUICE_WS_SYMBOL(WSAHtons);
SLUICE_WS_API int WSAAPI WSAHtonl(SOCKET s, SLUICE_WS(u_long) hostlong,
    SLUICE_WS(u_long) FAR *lpnetlong) SLUICE_WS_SYMBOL(WSAHtonl);
SLUICE_WS_API int WSAAPI WSANtohs(SOCKET s, SLUICE_WS(u_short) netshort,
    SLUICE_WS(u_short) FAR *lphostshort) SLUICE_WS_SYMBOL(WSANtohs);
SLUICE_WS_API int WSAAPI WSANtohl(SOCKET s, SLUICE_WS(u_long) netlong,
    SLUICE_WS(u_long) FAR *lphostlong) SLUICE_WS_SYMBOL(WSANtohl);

/* Addresses and names */
SLUICE_WS_API unsigned long WSAAPI SLUICE_WS(inet_addr)(const char FAR *cp)
    SLUICE_WS_SYMBOL(inet_addr);
SLUICE_WS_API char FAR *WSAAPI SLUICE_WS(inet_ntoa)(struct SLUICE_WS(in_addr) in)
    SLUICE_WS_SYMBOL(inet_ntoa);
SLUICE_WS_API int WSAAPI SLUICE_WS(gethostname)(char FAR *name, int namelen)
    SLUICE_WS_SYMBOL(gethostname);
SLUICE_WS_API struct SLUICE_WS(hostent) FAR *WSAAPI SLUICE_WS(gethostbyname)(
    const char FAR *name) SLUICE_WS_SYMBOL(gethostbyname);
SLUICE_WS_API struct SLUICE_WS(hostent) FAR *WSAAPI SLUICE_WS(gethostbyaddr)(
    const char FAR *addr, int len, int type) SLUICE_WS_SYMBOL(gethostbyaddr);

/* The unspecified and loopback IPv6 addresses (ws2ipdef.h). */
SLUICE_WS_API extern const IN6_ADDR SLUICE_WS(in6addr_any) SLUICE_WS_SYMBOL(in6addr_any);
SLUICE_WS_API extern const IN6_ADDR SLUICE_WS(in6addr_loopback)
    SLUICE_WS_SYMBOL(in6addr_loopback);

/* A or W by UNICODE, as winsock2.h does. */
#define WSASocket SLUICE_WS_AW(WSASocket)
#define WSADuplicateSocket SLUICE_WS_AW(WSADuplicateSocket)
#define WSAEnumProtocols SLUICE_WS_AW(WSAEnumProtocols)

SLUICE_WS_END_DECLS

/* ---- The ABI, checked in every translation unit ------------------------- */

#define SLUICE_WS_ASSERT_SIZE(type, size) \
    SLUICE_WS_STATIC_ASSERT(sizeof(type) == (size), \
        "sizeof(" #type ") must be " #size " as on 64-bit Windows")
#define SLUICE_WS_ASSERT_OFFSET(type, member, offset) \
    SLUICE_WS_STATIC_ASSERT(offsetof(type, member) == (offset), \
        #type "." #member " must be at offset " #offset " as on 64-bit Windows")

SLUICE_WS_STATIC_ASSERT(sizeof(void *) == 8 && sizeof(long) == 8, "LP64 target");
SLUICE_WS_ASSERT_SIZE(BYTE, 1);
SLUICE_WS_ASSERT_SIZE(WORD, 2);
SLUICE_WS_ASSERT_SIZE(SHORT, 2);
SLUICE_WS_ASSERT_SIZE(USHORT, 2);
SLUICE_WS_ASSERT_SIZE(WCHAR, 2);
SLUICE_WS_ASSERT_SIZE(INT, 4);
SLUICE_WS_ASSERT_SIZE(UINT, 4);
SLUICE_WS_ASSERT_SIZE(BOOL, 4);
SLUICE_WS_ASSERT_SIZE(LONG, 4);
SLUICE_WS_ASSERT_SIZE(ULONG, 4);
SLUICE_WS_ASSERT_SIZE(DWORD, 4);
SLUICE_WS_ASSERT_SIZE(UINT_PTR, 8);
SLUICE_WS_ASSERT_SIZE(ULONG_PTR, 8);
SLUICE_WS_ASSERT_SIZE(DWORD_PTR, 8);
SLUICE_WS_ASSERT_SIZE(SOCKET, 8);
SLUICE_WS_ASSERT_SIZE(GUID, 16);
SLUICE_WS_ASSERT_OFFSET(GUID, Data2, 4);
SLUICE_WS_ASSERT_OFFSET(GUID, Data3, 6);
SLUICE_WS_ASSERT_OFFSET(GUID, Data4, 8);
SLUICE_WS_ASSERT_SIZE(GROUP, 4);

SLUICE_WS_ASSERT_SIZE(WSAPROTOCOLCHAIN, 32);
SLUICE_WS_ASSERT_OFFSET(WSAPROTOCOLCHAIN, ChainEntries, 4);
/* WSAPROTOCOL_INFOA and WSAPROTOCOL_INFOW share every offset. */
#define SLUICE_WS_ASSERT_PROTOCOL_INFO(type, size)               \
    SLUICE_WS_ASSERT_SIZE(type, size);                           \
    SLUICE_WS_ASSERT_OFFSET(type, dwServiceFlags1, 0);           \
    SLUICE_WS_ASSERT_OFFSET(type, dwServiceFlags2, 4);           \
    SLUICE_WS_ASSERT_OFFSET(type, dwServiceFlags3, 8);           \
    SLUICE_WS_ASSERT_OFFSET(type, dwServiceFlags4, 12);          \
    SLUICE_WS_ASSERT_OFFSET(type, dwProviderFlags, 16);          \
    SLUICE_WS_ASSERT_OFFSET(type, ProviderId, 20);               \
    SLUICE_WS_ASSERT_OFFSET(type, dwCatalogEntryId, 36);         \
    SLUICE_WS_ASSERT_OFFSET(type, ProtocolChain, 40);            \
    SLUICE_WS_ASSERT_OFFSET(type, iVersion, 72);                 \
    SLUICE_WS_ASSERT_OFFSET(type, iAddressFamily, 76);           \
    SLUICE_WS_ASSERT_OFFSET(type, iMaxSockAddr, 80);             \
    SLUICE_WS_ASSERT_OFFSET(type, iMinSockAddr, 84);             \
    SLUICE_WS_ASSERT_OFFSET(type, iSocketType, 88);              \
    SLUICE_WS_ASSERT_OFFSET(type, iProtocol, 92);                \
    SLUICE_WS_ASSERT_OFFSET(type, iProtocolMaxOffset, 96);       \
    SLUICE_WS_ASSERT_OFFSET(type, iNetworkByteOrder, 100);       \
    SLUICE_WS_ASSERT_OFFSET(type, iSecurityScheme, 104);         \
    SLUICE_WS_ASSERT_OFFSET(type, dwMessageSize, 108);           \
    SLUICE_WS_ASSERT_OFFSET(type, dwProviderReserved, 112);      \
    SLUICE_WS_ASSERT_OFFSET(type, szProtocol, 116)
SLUICE_WS_ASSERT_PROTOCOL_INFO(WSAPROTOCOL_INFOA, 372);
SLUICE_WS_ASSERT_PROTOCOL_INFO(WSAPROTOCOL_INFOW, 628);

SLUICE_WS_ASSERT_SIZE(WSADATA, 408);
SLUICE_WS_ASSERT_OFFSET(WSADATA, wHighVersion, 2);
SLUICE_WS_ASSERT_OFFSET(WSADATA, iMaxSockets, 4);
SLUICE_WS_ASSERT_OFFSET(WSADATA, iMaxUdpDg, 6);
SLUICE_WS_ASSERT_OFFSET(WSADATA, lpVendorInfo, 8);
SLUICE_WS_ASSERT_OFFSET(WSADATA, szDescription, 16);
SLUICE_WS_ASSERT_OFFSET(WSADATA, szSystemStatus, 273);

SLUICE_WS_ASSERT_SIZE(IN_ADDR, 4);
SLUICE_WS_ASSERT_SIZE(IN6_ADDR, 16);
SLUICE_WS_ASSERT_SIZE(SOCKADDR, 16);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR, sa_data, 2);
SLUICE_WS_ASSERT_SIZE(SOCKADDR_IN, 16);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN, sin_port, 2);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN, sin_addr, 4);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN, sin_zero, 8);
SLUICE_WS_ASSERT_SIZE(SCOPE_ID, 4);
SLUICE_WS_ASSERT_SIZE(SOCKADDR_IN6, 28);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN6, sin6_port, 2);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN6, sin6_flowinfo, 4);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN6, sin6_addr, 8);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_IN6, sin6_scope_id, 24);
SLUICE_WS_ASSERT_SIZE(SOCKADDR_STORAGE, 128);
SLUICE_WS_ASSERT_OFFSET(SOCKADDR_STORAGE, __ss_align, 8);
SLUICE_WS_ASSERT_SIZE(SOCKET_ADDRESS, 16);
SLUICE_WS_ASSERT_SIZE(SOCKET_ADDRESS_LIST, 24);
SLUICE_WS_ASSERT_SIZE(CSADDR_INFO, 40);
SLUICE_WS_ASSERT_SIZE(IP_MREQ, 8);
SLUICE_WS_ASSERT_SIZE(IP_MREQ_SOURCE, 12);
SLUICE_WS_ASSERT_SIZE(IPV6_MREQ, 20);
SLUICE_WS_ASSERT_SIZE(IN_PKTINFO, 8);
SLUICE_WS_ASSERT_SIZE(IN6_PKTINFO, 20);
SLUICE_WS_ASSERT_SIZE(LINGER, 4);
SLUICE_WS_ASSERT_OFFSET(LINGER, l_linger, 2);
SLUICE_WS_ASSERT_SIZE(HOSTENT, 32);
SLUICE_WS_ASSERT_OFFSET(HOSTENT, h_addrtype, 16);
SLUICE_WS_ASSERT_OFFSET(HOSTENT, h_length, 18);
SLUICE_WS_ASSERT_OFFSET(HOSTENT, h_addr_list, 24);
SLUICE_WS_ASSERT_SIZE(SERVENT, 32);
SLUICE_WS_ASSERT_OFFSET(SERVENT, s_proto, 16);
SLUICE_WS_ASSERT_OFFSET(SERVENT, s_port, 24);
SLUICE_WS_ASSERT_SIZE(PROTOENT, 24);
SLUICE_WS_ASSERT_OFFSET(PROTOENT, p_proto, 16);
SLUICE_WS_ASSERT_SIZE(WSABUF, 16);
SLUICE_WS_ASSERT_OFFSET(WSABUF, buf, 8);
SLUICE_WS_ASSERT_SIZE(WSAMSG, 56);
SLUICE_WS_ASSERT_OFFSET(WSAMSG, lpBuffers, 16);
SLUICE_WS_ASSERT_OFFSET(WSAMSG, dwBufferCount, 24);
SLUICE_WS_ASSERT_OFFSET(WSAMSG, Control, 32);
SLUICE_WS_ASSERT_OFFSET(WSAMSG, dwFlags, 48);
SLUICE_WS_ASSERT_SIZE(WSACMSGHDR, 16);
SLUICE_WS_ASSERT_SIZE(FLOWSPEC, 32);
SLUICE_WS_ASSERT_SIZE(QOS, 80);
SLUICE_WS_ASSERT_OFFSET(QOS, ProviderSpecific, 64);
SLUICE_WS_ASSERT_SIZE(WSAOVERLAPPED, 32);
SLUICE_WS_ASSERT_OFFSET(WSAOVERLAPPED, InternalHigh, 8);
SLUICE_WS_ASSERT_OFFSET(WSAOVERLAPPED, Offset, 16);
SLUICE_WS_ASSERT_OFFSET(WSAOVERLAPPED, OffsetHigh, 20);
SLUICE_WS_ASSERT_OFFSET(WSAOVERLAPPED, Pointer, 16);
SLUICE_WS_ASSERT_OFFSET(WSAOVERLAPPED, hEvent, 24);
SLUICE_WS_ASSERT_SIZE(WSANETWORKEVENTS, 44);
SLUICE_WS_ASSERT_SIZE(WSAPOLLFD, 16);
SLUICE_WS_ASSERT_OFFSET(WSAPOLLFD, events, 8);
SLUICE_WS_ASSERT_OFFSET(WSAPOLLFD, revents, 10);
SLUICE_WS_ASSERT_OFFSET(FD_SET, fd_array, 8);
SLUICE_WS_ASSERT_SIZE(FD_SET, 8 + 8 * SLUICE_WS(FD_SETSIZE));
/* One select() ABI for both modes: glibc's timeval here is WS_timeval there. */
SLUICE_WS_ASSERT_SIZE(TIMEVAL, 16);
SLUICE_WS_ASSERT_OFFSET(TIMEVAL, tv_usec, 8);

#endif /* SLUICE_WINSOCK2_H */
