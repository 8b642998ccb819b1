/* apps/examples/wsasocket_example.c: Microsoft's WSASocket sample program
 * (the "Example code" of the WSASocketA/WSASocketW reference page, seed
 * shared/seeds/WSASocketA.ko.txt), built against libsluice. It opens one
 * socket with the family, type, protocol and flags given on the command line,
 * prints what it asked for and whether WSASocket succeeded (or its error),
 * closes the socket and exits 0; 1 for a wrong argument count or a failed
 * WSAStartup. tests/apps/wsasocket_example.sh runs it.
 *
 * The sample is copied verbatim except for two places, each marked "sluice:":
 *   - the include block: <winsock2.h>/<ws2tcpip.h> become <sluice/winsock2.h>
 *     and <sluice/ws2tcpip.h>; <locale.h> (for main() below) and
 *     "win_crt_compat.h" (_wtoi, and <wchar.h> for wprintf, which Microsoft's
 *     <stdio.h> declares) are added; __cdecl is defined empty when the sluice
 *     headers do not define it;
 *   - the entry point: Linux has no wmain, so the sample's wmain is the static
 *     sample_wmain and a main() at the end converts argv to wchar_t strings
 *     (mbstowcs in the user's locale) and calls it.
 * Kept as written although it differs on Linux: "#pragma comment(lib, ...)"
 * (GCC ignores it; meson.build passes -Wno-unknown-pragmas, the program links
 * libsluice instead of Ws2_32.lib), and the usage text for a wrong argument
 * count: it prints argv[0] with %s and %ws, which Microsoft's wprintf reads
 * as wide strings; glibc's reads %s as a multibyte string (only the first
 * character of argv[0] appears) and prints an unknown "%ws" literally
 * (glibc 2.36). The four-argument path, the one tested, has neither. */
#ifndef UNICODE
#define UNICODE 1
#endif

// link with Ws2_32.lib
#pragma comment(lib,"Ws2_32.lib")

#include <sluice/winsock2.h>      /* sluice: was <winsock2.h> */
#include <sluice/ws2tcpip.h>      /* sluice: was <ws2tcpip.h> */
#include <stdio.h>
#include <stdlib.h>   // Needed for _wtoi
#include <locale.h>               /* sluice: setlocale, for main() */
#include "win_crt_compat.h"       /* sluice: _wtoi; <wchar.h> for wprintf */

/* sluice: Windows' headers define __cdecl (a calling convention; x86-64 has
 * one), <sluice/winsock2.h> does not yet. */
#ifndef __cdecl
#define __cdecl
#endif


/* sluice: was "int __cdecl wmain(int argc, wchar_t **argv)"; main() below calls it. */
static int __cdecl sample_wmain(int argc, wchar_t **argv)
{

    //-----------------------------------------
    // Declare and initialize variables
    WSADATA wsaData = {0};
    int iResult = 0;

//    int i = 1;

    SOCKET sock = INVALID_SOCKET;
    int iFamily = AF_UNSPEC;
    int iType = 0;
    int iProtocol = 0;
    DWORD dwFlags = 0;

    // Validate the parameters
    if (argc != 5) {
        wprintf(L"usage: %s <addressfamily> <type> <protocol> <flags>\n", argv[0]);
        wprintf(L"       opens a socket for the specified family, type, protocol, and flags\n");
        wprintf(L"       flags value must be in decimal, not hex\n");
        wprintf(L"%ws example usage\n", argv[0]);
        wprintf(L"   %ws 0 2 17 1\n", argv[0]);
        wprintf(L"   where AF_UNSPEC=0 SOCK_DGRAM=2 IPPROTO_UDP=17 OVERLAPPED\n", argv[0]);
        return 1;
    }

    iFamily = _wtoi(argv[1]);
    iType = _wtoi(argv[2]);
    iProtocol = _wtoi(argv[3]);
    dwFlags = _wtoi(argv[4]);
    
    // Initialize Winsock
    iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0) {
        wprintf(L"WSAStartup failed: %d\n", iResult);
        return 1;
    }

    wprintf(L"Calling socket with following parameters:\n");
    wprintf(L"  Address Family = ");
    switch (iFamily) {
    case AF_UNSPEC:
        wprintf(L"Unspecified");
        break;
    case AF_INET:
        wprintf(L"AF_INET (IPv4)");
        break;
    case AF_INET6:
        wprintf(L"AF_INET6 (IPv6)");
        break;
    case AF_NETBIOS:
        wprintf(L"AF_NETBIOS (NetBIOS)");
        break;
    case AF_BTH:
        wprintf(L"AF_BTH (Bluetooth)");
        break;
    default:
        wprintf(L"Other");
        break;
    }
    wprintf(L" (%d)\n", iFamily);
    
    wprintf(L"  Socket type = ");
    switch (iType) {
    case 0:
        wprintf(L"Unspecified");
        break;
    case SOCK_STREAM:
        wprintf(L"SOCK_STREAM (stream)");
        break;
    case SOCK_DGRAM:
        wprintf(L"SOCK_DGRAM (datagram)");
        break;
    case SOCK_RAW:
        wprintf(L"SOCK_RAW (raw)");
        break;
    case SOCK_RDM:
        wprintf(L"SOCK_RDM (reliable message datagram)");
        break;
    case SOCK_SEQPACKET:
        wprintf(L"SOCK_SEQPACKET (pseudo-stream packet)");
        break;
    default:
        wprintf(L"Other");
        break;
    }
    wprintf(L" (%d)\n", iType);

    wprintf(L"  Protocol = %d = ", iProtocol);
    switch (iProtocol) {
    case 0:
        wprintf(L"Unspecified");
        break;
    case IPPROTO_ICMP:
        wprintf(L"IPPROTO_ICMP (ICMP)");
        break;
    case IPPROTO_IGMP:
        wprintf(L"IPPROTO_IGMP (IGMP)");
        break;
    case IPPROTO_TCP:
        wprintf(L"IPPROTO_TCP (TCP)");
        break;
    case IPPROTO_UDP:
        wprintf(L"IPPROTO_UDP (UDP)");
        break;
    case IPPROTO_ICMPV6:
        wprintf(L"IPPROTO_ICMPV6 (ICMP Version 6)");
        break;
    default:
        wprintf(L"Other");
        break;
    }
    wprintf(L" (%d)\n", iProtocol);

    wprintf(L"  Flags = ");
    if (dwFlags & WSA_FLAG_OVERLAPPED)
        wprintf(L"  WSA_FLAG_OVERLAPPED");
    if (dwFlags & WSA_FLAG_MULTIPOINT_C_ROOT)
        wprintf(L"  WSA_FLAG_MULTIPOINT_C_ROOT");
    if (dwFlags & WSA_FLAG_MULTIPOINT_C_LEAF)
        wprintf(L"  WSA_FLAG_MULTIPOINT_C_LEAF");
    if (dwFlags & WSA_FLAG_MULTIPOINT_D_ROOT)
        wprintf(L"  WSA_FLAG_MULTIPOINT_D_ROOT");
    if (dwFlags & WSA_FLAG_MULTIPOINT_D_LEAF)
        wprintf(L"  WSA_FLAG_MULTIPOINT_D_LEAF");
    if (dwFlags & WSA_FLAG_ACCESS_SYSTEM_SECURITY)
        wprintf(L"  WSA_FLAG_ACCESS_SYSTEM_SECURITY");
#ifdef WSA_FLAG_NO_HANDLE_INHERIT 
    if (dwFlags & WSA_FLAG_NO_HANDLE_INHERIT)
        wprintf(L"  WSA_FLAG_NO_HANDLE_INHERIT");
#endif
    wprintf(L" (0x%x)\n" , dwFlags);

    sock = WSASocket(iFamily, iType, iProtocol, NULL, 0, dwFlags);
    if (sock == INVALID_SOCKET) 
        wprintf(L"WSASocket function failed with error = %d\n", WSAGetLastError() );
    else {
        wprintf(L"WSASocket function succeeded\n");

        // Close the socket to release the resources associated
        // Normally an application calls shutdown() before closesocket 
        //   to  disables sends or receives on a socket first
        // This isn't needed in this simple sample
        iResult = closesocket(sock);
        if (iResult == SOCKET_ERROR) {
            wprintf(L"closesocket function zfailed with error = %d\n", WSAGetLastError() );
            WSACleanup();
            return 1;
        }    
    }
    WSACleanup();

    return 0;
}

/* sluice: Linux starts main() with the arguments in the locale's multibyte
 * encoding; Windows starts wmain() with wide ones. Convert them (argv[argc]
 * stays NULL, as on Windows) and run the sample. */
int main(int argc, char **argv)
{
    wchar_t **wargv;
    int result = 1;

    setlocale(LC_CTYPE, "");
    wargv = calloc((size_t)argc + 1, sizeof *wargv);
    if (wargv == NULL) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    for (int i = 0; i < argc; ++i) {
        const size_t length = mbstowcs(NULL, argv[i], 0);
        if (length == (size_t)-1) {
            fprintf(stderr, "argument %d is not valid text in this locale\n", i);
            goto done;
        }
        wargv[i] = malloc((length + 1) * sizeof **wargv);
        if (wargv[i] == NULL) {
            fputs("out of memory\n", stderr);
            goto done;
        }
        mbstowcs(wargv[i], argv[i], length + 1);
    }
    result = sample_wmain(argc, wargv);
done:
    for (int i = 0; i < argc; ++i)
        free(wargv[i]);
    free(wargv);
    return result;
}
