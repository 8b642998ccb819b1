/* <sluice/ws2tcpip.h>: sluice's ws2tcpip.h: name resolution (getaddrinfo,
 * getnameinfo and their UTF-16 forms), address text conversion (inet_pton,
 * inet_ntop, InetPtonW, InetNtopW) and Windows' socklen_t (an int). The
 * header modes, the naming rule of the prefixed mode and the exported symbol
 * names are those of <sluice/winsock2.h>, which this header includes; the
 * AI_, NI_ and EAI_ constants and the address structures live there too. */
#ifndef SLUICE_WS2TCPIP_H
#define SLUICE_WS2TCPIP_H

#include <sluice/winsock2.h>
#if defined(SLUICE_WS_PREFIX) != SLUICE_WS_PREFIXED
#  error "sluice Winsock headers: SLUICE_WS_PREFIX changed after the first sluice Winsock header of this translation unit; a translation unit uses one mode"
#endif

SLUICE_WS_BEGIN_DECLS

/* Windows' socklen_t is int. In the compatible mode glibc's <unistd.h> has
 * already typedef'd socklen_t as unsigned int, so the name becomes a macro for
 * sluice_ws_socklen_t (see <sluice/winsock2.h>). */
#if SLUICE_WS_PREFIXED
typedef int WS_socklen_t;
#else
typedef int sluice_ws_socklen_t;
#  define socklen_t sluice_ws_socklen_t
#endif

/* Windows' order: ai_addrlen is a size_t and ai_canonname precedes ai_addr
 * (glibc has them the other way round). */
typedef struct SLUICE_WS(addrinfo) {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    size_t ai_addrlen;
    char *ai_canonname;
    struct SLUICE_WS(sockaddr) *ai_addr;
    struct SLUICE_WS(addrinfo) *ai_next;
} ADDRINFOA, *PADDRINFOA;

typedef struct addrinfoW {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    size_t ai_addrlen;
    PWSTR ai_canonname;
    struct SLUICE_WS(sockaddr) *ai_addr;
    struct addrinfoW *ai_next;
} ADDRINFOW, *PADDRINFOW;

typedef ADDRINFOA ADDRINFO, FAR *LPADDRINFO;
#ifdef UNICODE
typedef ADDRINFOW ADDRINFOT, *PADDRINFOT;
#else
typedef ADDRINFOA ADDRINFOT, *PADDRINFOT;
#endif

SLUICE_WS_API INT WSAAPI SLUICE_WS(getaddrinfo)(PCSTR pNodeName, PCSTR pServiceName,
    const ADDRINFOA *pHints, PADDRINFOA *ppResult) SLUICE_WS_SYMBOL(getaddrinfo);
SLUICE_WS_API INT WSAAPI GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName,
    const ADDRINFOW *pHints, PADDRINFOW *ppResult) SLUICE_WS_SYMBOL(GetAddrInfoW);
SLUICE_WS_API VOID WSAAPI SLUICE_WS(freeaddrinfo)(PADDRINFOA pAddrInfo)
    SLUICE_WS_SYMBOL(freeaddrinfo);
SLUICE_WS_API VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo) SLUICE_WS_SYMBOL(FreeAddrInfoW);
SLUICE_WS_API INT WSAAPI SLUICE_WS(getnameinfo)(const SOCKADDR *pSockaddr,
    SLUICE_WS(socklen_t) SockaddrLength, PCHAR pNodeBuffer, DWORD NodeBufferSize,
    PCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags) SLUICE_WS_SYMBOL(getnameinfo);
SLUICE_WS_API INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr,
    SLUICE_WS(socklen_t) SockaddrLength, PWCHAR pNodeBuffer, DWORD NodeBufferSize,
    PWCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags) SLUICE_WS_SYMBOL(GetNameInfoW);

SLUICE_WS_API INT WSAAPI SLUICE_WS(inet_pton)(INT Family, PCSTR pszAddrString,
    PVOID pAddrBuf) SLUICE_WS_SYMBOL(inet_pton);
SLUICE_WS_API INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString, PVOID pAddrBuf)
    SLUICE_WS_SYMBOL(InetPtonW);
SLUICE_WS_API PCSTR WSAAPI SLUICE_WS(inet_ntop)(INT Family, const VOID *pAddr,
    PSTR pStringBuf, size_t StringBufSize) SLUICE_WS_SYMBOL(inet_ntop);
SLUICE_WS_API PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr, PWSTR pStringBuf,
    size_t StringBufSize) SLUICE_WS_SYMBOL(InetNtopW);

/* The A forms are the BSD functions; the neutral names follow UNICODE. */
#define GetAddrInfoA SLUICE_WS(getaddrinfo)
#define FreeAddrInfoA SLUICE_WS(freeaddrinfo)
#define GetNameInfoA SLUICE_WS(getnameinfo)
#define InetPtonA SLUICE_WS(inet_pton)
#define InetNtopA SLUICE_WS(inet_ntop)
#define GetAddrInfo SLUICE_WS_AW(GetAddrInfo)
#define FreeAddrInfo SLUICE_WS_AW(FreeAddrInfo)
#define GetNameInfo SLUICE_WS_AW(GetNameInfo)
#define InetPton SLUICE_WS_AW(InetPton)
#define InetNtop SLUICE_WS_AW(InetNtop)

SLUICE_WS_END_DECLS

SLUICE_WS_ASSERT_SIZE(ADDRINFOA, 48);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOA, ai_addrlen, 16);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOA, ai_canonname, 24);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOA, ai_addr, 32);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOA, ai_next, 40);
SLUICE_WS_ASSERT_SIZE(ADDRINFOW, 48);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOW, ai_canonname, 24);
SLUICE_WS_ASSERT_OFFSET(ADDRINFOW, ai_addr, 32);
SLUICE_WS_ASSERT_SIZE(SLUICE_WS(socklen_t), 4);

#endif /* SLUICE_WS2TCPIP_H */
