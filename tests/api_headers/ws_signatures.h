// ws_signatures.h: every function of the sluice Winsock headers has exactly
// the Windows prototype (parameter and return types as the Windows SDK spells
// them). Compile-time only: decltype does not reference the functions, so
// nothing needs linking. Included by signatures_compat.cpp and
// signatures_prefixed.cpp; W(name) as in ws_checks.h.
#ifndef SLUICE_TESTS_WS_SIGNATURES_H
#define SLUICE_TESTS_WS_SIGNATURES_H

#include <type_traits>

#ifdef SLUICE_WS_PREFIX
#  define W(name) WS_##name
#else
#  define W(name) name
#endif

#define SIG(fn, ...) static_assert(std::is_same_v<decltype(fn), __VA_ARGS__>, #fn " has Windows' prototype")

using ws_sockaddr = struct W(sockaddr);
using ws_timeval = struct W(timeval);
using ws_in_addr = struct W(in_addr);
using ws_hostent = struct W(hostent);

SIG(WSAStartup, int(WORD, LPWSADATA));
SIG(WSACleanup, int());
SIG(WSAGetLastError, int());
SIG(WSASetLastError, void(int));
SIG(WSASocketA, SOCKET(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD));
SIG(WSASocketW, SOCKET(int, int, int, LPWSAPROTOCOL_INFOW, GROUP, DWORD));
SIG(W(socket), SOCKET(int, int, int));
SIG(closesocket, int(SOCKET));
SIG(WSADuplicateSocketA, int(SOCKET, DWORD, LPWSAPROTOCOL_INFOA));
SIG(WSADuplicateSocketW, int(SOCKET, DWORD, LPWSAPROTOCOL_INFOW));
SIG(WSAEnumProtocolsA, int(LPINT, LPWSAPROTOCOL_INFOA, LPDWORD));
SIG(WSAEnumProtocolsW, int(LPINT, LPWSAPROTOCOL_INFOW, LPDWORD));
SIG(W(bind), int(SOCKET, const ws_sockaddr *, int));
SIG(W(connect), int(SOCKET, const ws_sockaddr *, int));
SIG(WSAConnect, int(SOCKET, const ws_sockaddr *, int, LPWSABUF, LPWSABUF, LPQOS, LPQOS));
SIG(W(listen), int(SOCKET, int));
SIG(W(accept), SOCKET(SOCKET, ws_sockaddr *, int *));
SIG(WSAAccept, SOCKET(SOCKET, ws_sockaddr *, LPINT, LPCONDITIONPROC, DWORD_PTR));
SIG(WSAJoinLeaf, SOCKET(SOCKET, const ws_sockaddr *, int, LPWSABUF, LPWSABUF, LPQOS, LPQOS, DWORD));
SIG(W(shutdown), int(SOCKET, int));
SIG(W(getsockname), int(SOCKET, ws_sockaddr *, int *));
SIG(W(getpeername), int(SOCKET, ws_sockaddr *, int *));
SIG(W(send), int(SOCKET, const char *, int, int));
SIG(W(sendto), int(SOCKET, const char *, int, int, const ws_sockaddr *, int));
SIG(W(recv), int(SOCKET, char *, int, int));
SIG(W(recvfrom), int(SOCKET, char *, int, int, ws_sockaddr *, int *));
SIG(WSASend, int(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, LPWSAOVERLAPPED,
                 LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIG(WSASendTo, int(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, const ws_sockaddr *, int,
                   LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIG(WSARecv, int(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, LPWSAOVERLAPPED,
                 LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIG(WSARecvFrom, int(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, ws_sockaddr *, LPINT,
                     LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIG(W(select), int(int, W(fd_set) *, W(fd_set) *, W(fd_set) *, const ws_timeval *));
SIG(__WSAFDIsSet, int(SOCKET, W(fd_set) *));
SIG(WSAPoll, int(LPWSAPOLLFD, ULONG, INT));
SIG(WSAEventSelect, int(SOCKET, WSAEVENT, long));
SIG(WSAEnumNetworkEvents, int(SOCKET, WSAEVENT, LPWSANETWORKEVENTS));
SIG(WSACreateEvent, WSAEVENT());
SIG(WSACloseEvent, BOOL(WSAEVENT));
SIG(WSASetEvent, BOOL(WSAEVENT));
SIG(WSAResetEvent, BOOL(WSAEVENT));
SIG(WSAWaitForMultipleEvents, DWORD(DWORD, const WSAEVENT *, BOOL, DWORD, BOOL));
SIG(WSAGetOverlappedResult, BOOL(SOCKET, LPWSAOVERLAPPED, LPDWORD, BOOL, LPDWORD));
SIG(ioctlsocket, int(SOCKET, long, W(u_long) *));
SIG(WSAIoctl, int(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED,
                  LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIG(W(getsockopt), int(SOCKET, int, int, char *, int *));
SIG(W(setsockopt), int(SOCKET, int, int, const char *, int));
SIG(W(htons), W(u_short)(W(u_short)));
SIG(W(ntohs), W(u_short)(W(u_short)));
SIG(W(htonl), W(u_long)(W(u_long)));
SIG(W(ntohl), W(u_long)(W(u_long)));
SIG(WSAHtons, int(SOCKET, W(u_short), W(u_short) *));
SIG(WSANtohs, int(SOCKET, W(u_short), W(u_short) *));
SIG(WSAHtonl, int(SOCKET, W(u_long), W(u_long) *));
SIG(WSANtohl, int(SOCKET, W(u_long), W(u_long) *));
SIG(W(inet_addr), unsigned long(const char *));
SIG(W(inet_ntoa), char *(ws_in_addr));
SIG(W(gethostname), int(char *, int));
SIG(W(gethostbyname), ws_hostent *(const char *));
SIG(W(gethostbyaddr), ws_hostent *(const char *, int, int));
SIG(W(in6addr_any), const IN6_ADDR);
SIG(W(in6addr_loopback), const IN6_ADDR);
// ws2tcpip.h
SIG(W(getaddrinfo), INT(PCSTR, PCSTR, const ADDRINFOA *, PADDRINFOA *));
SIG(GetAddrInfoW, INT(PCWSTR, PCWSTR, const ADDRINFOW *, PADDRINFOW *));
SIG(W(freeaddrinfo), void(PADDRINFOA));
SIG(FreeAddrInfoW, void(PADDRINFOW));
SIG(W(getnameinfo), INT(const SOCKADDR *, W(socklen_t), PCHAR, DWORD, PCHAR, DWORD, INT));
SIG(GetNameInfoW, INT(const SOCKADDR *, W(socklen_t), PWCHAR, DWORD, PWCHAR, DWORD, INT));
SIG(W(inet_pton), INT(INT, PCSTR, PVOID));
SIG(InetPtonW, INT(INT, PCWSTR, PVOID));
SIG(W(inet_ntop), PCSTR(INT, const VOID *, PSTR, size_t));
SIG(InetNtopW, PCWSTR(INT, const VOID *, PWSTR, size_t));
// Callback and extension pointer types.
static_assert(std::is_same_v<LPCONDITIONPROC, int (*)(LPWSABUF, LPWSABUF, LPQOS, LPQOS, LPWSABUF,
                                                      LPWSABUF, GROUP *, DWORD_PTR)>);
static_assert(std::is_same_v<LPWSAOVERLAPPED_COMPLETION_ROUTINE,
                             void (*)(DWORD, DWORD, LPWSAOVERLAPPED, DWORD)>);
static_assert(std::is_same_v<LPFN_ACCEPTEX, BOOL (*)(SOCKET, SOCKET, PVOID, DWORD, DWORD, DWORD,
                                                     LPDWORD, LPOVERLAPPED)>);
static_assert(std::is_same_v<LPFN_WSARECVMSG, INT (*)(SOCKET, LPWSAMSG, LPDWORD, LPWSAOVERLAPPED,
                                                      LPWSAOVERLAPPED_COMPLETION_ROUTINE)>);
// Windows' base types: the 32-bit ones are 32-bit, text is UTF-16.
static_assert(std::is_same_v<DWORD, std::uint32_t> && std::is_same_v<ULONG, std::uint32_t> &&
              std::is_same_v<LONG, std::int32_t>);
static_assert(std::is_same_v<WCHAR, char16_t> && std::is_same_v<SOCKET, UINT_PTR>);
static_assert(std::is_same_v<decltype(WSAPROTOCOL_INFOW::szProtocol), WCHAR[256]>);
static_assert(std::is_same_v<decltype(WSAPROTOCOL_INFOA::szProtocol), CHAR[256]>);
static_assert(std::is_same_v<decltype(WSABUF::len), ULONG>);
static_assert(std::is_same_v<W(socklen_t), int>);
static_assert(std::is_same_v<decltype(INVALID_SOCKET), SOCKET>);

#endif // SLUICE_TESTS_WS_SIGNATURES_H
