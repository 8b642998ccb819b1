/* <sluice/mswsock.h>: sluice's mswsock.h: the Microsoft-specific socket
 * options (SO_UPDATE_ACCEPT_CONTEXT, SO_CONNECT_TIME, ...), the GUIDs that
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) takes, and the function pointer
 * types of the extensions it returns (AcceptEx, ConnectEx, DisconnectEx,
 * GetAcceptExSockaddrs, WSARecvMsg, WSASendMsg). The header modes and the
 * naming rule of the prefixed mode are those of <sluice/winsock2.h>, which
 * this header includes: the SO_ options below are WS_SO_... when prefixed. */
#ifndef SLUICE_MSWSOCK_H
#define SLUICE_MSWSOCK_H

#include <sluice/winsock2.h>
#if defined(SLUICE_WS_PREFIX) != SLUICE_WS_PREFIXED
#  error "sluice Winsock headers: SLUICE_WS_PREFIX changed after the first sluice Winsock header of this translation unit; a translation unit uses one mode"
#endif

SLUICE_WS_BEGIN_DECLS

/* mswsock.h socket options (level SOL_SOCKET) and TCP_BSDURGENT */
#ifndef SLUICE_WS_PREFIX
#define SO_CONNDATA                 0x7000
#define SO_CONNOPT                  0x7001
#define SO_DISCDATA                 0x7002
#define SO_DISCOPT                  0x7003
#define SO_CONNDATALEN              0x7004
#define SO_CONNOPTLEN               0x7005
#define SO_DISCDATALEN              0x7006
#define SO_DISCOPTLEN               0x7007
#define SO_OPENTYPE                 0x7008
#define SO_SYNCHRONOUS_ALERT        0x10
#define SO_SYNCHRONOUS_NONALERT     0x20
#define SO_MAXDG                    0x7009
#define SO_MAXPATHDG                0x700A
#define SO_UPDATE_ACCEPT_CONTEXT    0x700B
#define SO_CONNECT_TIME             0x700C
#define SO_UPDATE_CONNECT_CONTEXT   0x7010
#define TCP_BSDURGENT               0x7000
#else
#define WS_SO_CONNDATA                 0x7000
#define WS_SO_CONNOPT                  0x7001
#define WS_SO_DISCDATA                 0x7002
#define WS_SO_DISCOPT                  0x7003
#define WS_SO_CONNDATALEN              0x7004
#define WS_SO_CONNOPTLEN               0x7005
#define WS_SO_DISCDATALEN              0x7006
#define WS_SO_DISCOPTLEN               0x7007
#define WS_SO_OPENTYPE                 0x7008
#define WS_SO_SYNCHRONOUS_ALERT        0x10
#define WS_SO_SYNCHRONOUS_NONALERT     0x20
#define WS_SO_MAXDG                    0x7009
#define WS_SO_MAXPATHDG                0x700A
#define WS_SO_UPDATE_ACCEPT_CONTEXT    0x700B
#define WS_SO_CONNECT_TIME             0x700C
#define WS_SO_UPDATE_CONNECT_CONTEXT   0x7010
#define WS_TCP_BSDURGENT               0x7000
#endif

/* TransmitFile / DisconnectEx flags */
#define TF_DISCONNECT 0x01
#define TF_REUSE_SOCKET 0x02
#define TF_WRITE_BEHIND 0x04
#define TF_USE_DEFAULT_WORKER 0x00
#define TF_USE_SYSTEM_THREAD 0x10
#define TF_USE_KERNEL_APC 0x20

/* Extension function GUIDs: GUID id = WSAID_ACCEPTEX; */
#define WSAID_TRANSMITFILE \
    { 0xb5367df0, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_ACCEPTEX \
    { 0xb5367df1, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_GETACCEPTEXSOCKADDRS \
    { 0xb5367df2, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_CONNECTEX \
    { 0x25a207b9, 0xddf3, 0x4660, { 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e } }
#define WSAID_DISCONNECTEX \
    { 0x7fda2e11, 0x8630, 0x436f, { 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57 } }
#define WSAID_WSARECVMSG \
    { 0xf689d7c8, 0x6f1f, 0x436b, { 0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22 } }
#define WSAID_WSASENDMSG \
    { 0xa441e712, 0x754f, 0x43ca, { 0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d } }

typedef BOOL (PASCAL FAR *LPFN_ACCEPTEX)(SOCKET sListenSocket, SOCKET sAcceptSocket,
    PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
    DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived, LPOVERLAPPED lpOverlapped);
typedef VOID (PASCAL FAR *LPFN_GETACCEPTEXSOCKADDRS)(PVOID lpOutputBuffer,
    DWORD dwReceiveDataLength, DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
    struct SLUICE_WS(sockaddr) **LocalSockaddr, LPINT LocalSockaddrLength,
    struct SLUICE_WS(sockaddr) **RemoteSockaddr, LPINT RemoteSockaddrLength);
typedef BOOL (PASCAL FAR *LPFN_CONNECTEX)(SOCKET s, const struct SLUICE_WS(sockaddr) FAR *name,
    int namelen, PVOID lpSendBuffer, DWORD dwSendDataLength, LPDWORD lpdwBytesSent,
    LPOVERLAPPED lpOverlapped);
typedef BOOL (PASCAL FAR *LPFN_DISCONNECTEX)(SOCKET s, LPOVERLAPPED lpOverlapped,
    DWORD dwFlags, DWORD dwReserved);
typedef INT (PASCAL FAR *LPFN_WSARECVMSG)(SOCKET s, LPWSAMSG lpMsg,
    LPDWORD lpdwNumberOfBytesRecvd, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
typedef INT (PASCAL FAR *LPFN_WSASENDMSG)(SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags,
    LPDWORD lpNumberOfBytesSent, LPWSAOVERLAPPED lpOverlapped,
    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

SLUICE_WS_END_DECLS

#endif /* SLUICE_MSWSOCK_H */
