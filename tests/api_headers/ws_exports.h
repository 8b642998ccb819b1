/* ws_exports.h: references every function and datum the sluice Winsock
 * headers declare, so that the object file's undefined symbols are exactly
 * the names the headers make programs link against. check_symbols.py reads
 * them from the (never linked) library built of exports_compat.c and
 * exports_prefixed.c: all must be sluice_<name>, the same in both modes, and
 * exactly the list in exported_symbols.txt. W(name) as in ws_checks.h. */
#ifndef SLUICE_TESTS_WS_EXPORTS_H
#define SLUICE_TESTS_WS_EXPORTS_H

#ifdef SLUICE_WS_PREFIX
#  define W(name) WS_##name
#else
#  define W(name) name
#endif

/* void (*)(void) converts to and from every function pointer type. */
typedef void (*ws_any_fn)(void);
#define F(fn) (ws_any_fn)(fn)

extern const ws_any_fn WS_EXPORTS_TABLE[];
const ws_any_fn WS_EXPORTS_TABLE[] = {
    F(WSAStartup), F(WSACleanup), F(WSAGetLastError), F(WSASetLastError),
    F(WSASocketA), F(WSASocketW), F(W(socket)), F(closesocket),
    F(WSADuplicateSocketA), F(WSADuplicateSocketW), F(WSAEnumProtocolsA), F(WSAEnumProtocolsW),
    F(W(bind)), F(W(connect)), F(WSAConnect), F(W(listen)), F(W(accept)), F(WSAAccept),
    F(WSAJoinLeaf), F(W(shutdown)), F(W(getsockname)), F(W(getpeername)),
    F(W(send)), F(W(sendto)), F(W(recv)), F(W(recvfrom)),
    F(WSASend), F(WSASendTo), F(WSARecv), F(WSARecvFrom),
    F(W(select)), F(__WSAFDIsSet), F(WSAPoll), F(WSAEventSelect), F(WSAEnumNetworkEvents),
    F(WSACreateEvent), F(WSACloseEvent), F(WSASetEvent), F(WSAResetEvent),
    F(WSAWaitForMultipleEvents), F(WSAGetOverlappedResult),
    F(ioctlsocket), F(WSAIoctl), F(W(getsockopt)), F(W(setsockopt)),
    F(W(htons)), F(W(htonl)), F(W(ntohs)), F(W(ntohl)),
    F(WSAHtons), F(WSAHtonl), F(WSANtohs), F(WSANtohl),
    F(W(inet_addr)), F(W(inet_ntoa)), F(W(gethostname)), F(W(gethostbyname)),
    F(W(gethostbyaddr)),
    F(W(getaddrinfo)), F(GetAddrInfoW), F(W(freeaddrinfo)), F(FreeAddrInfoW),
    F(W(getnameinfo)), F(GetNameInfoW), F(W(inet_pton)), F(InetPtonW),
    F(W(inet_ntop)), F(InetNtopW),
    /* the A/W aliases of ws2tcpip.h land on the same symbols */
    F(GetAddrInfoA), F(FreeAddrInfoA), F(GetNameInfoA), F(InetPtonA), F(InetNtopA),
    F(WSASocket), F(WSAEnumProtocols), F(WSADuplicateSocket),
};

extern const void *const WS_EXPORTS_DATA[];
const void *const WS_EXPORTS_DATA[] = { &W(in6addr_any), &W(in6addr_loopback) };

/* The FD_* macros: FD_ISSET is the exported __WSAFDIsSet, the others inline. */
extern int ws_exports_fd_isset(W(fd_set) *set);
int ws_exports_fd_isset(W(fd_set) *set)
{
    W(FD_SET)(1, set);
    W(FD_CLR)(2, set);
    return W(FD_ISSET)(1, set);
}

#endif /* SLUICE_TESTS_WS_EXPORTS_H */
