// seed_usage.cpp: the two seed example programs (shared/seeds/WSASocketA.ko.txt
// and WSAAccept.ko.txt) reduced to their Winsock part, with UNICODE defined as
// the WSASocket example does: every declaration they use must exist with a
// type that accepts their code. Compiled, never linked (the entry points come
// later); check_symbols.py checks that their calls resolve to sluice_ symbols
// (WSASocket to sluice_WSASocketW). What a later step still has to bridge for
// the verbatim programs (windows.h, wmain, _wtoi, RtlZeroMemory, %ws) is not
// part of the Winsock headers.
#ifndef UNICODE
#define UNICODE 1
#endif

#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

static_assert(std::is_same_v<WSAPROTOCOL_INFO, WSAPROTOCOL_INFOW>, "UNICODE picks W");
static_assert(std::is_same_v<LPWSAPROTOCOL_INFO, LPWSAPROTOCOL_INFOW>, "UNICODE picks W");
static_assert(SO_PROTOCOL_INFO == SO_PROTOCOL_INFOW, "UNICODE picks W");
static_assert(std::is_same_v<ADDRINFOT, ADDRINFOW>, "UNICODE picks W");

// WSAAccept.ko.txt
int CALLBACK ConditionAcceptFunc(LPWSABUF /*lpCallerId*/, LPWSABUF /*lpCallerData*/, LPQOS pQos,
                                 LPQOS /*lpGQOS*/, LPWSABUF /*lpCalleeId*/,
                                 LPWSABUF /*lpCalleeData*/, GROUP FAR * /*g*/,
                                 DWORD_PTR /*dwCallbackData*/)
{
    if (pQos != NULL) {
        std::memset(pQos, 0, sizeof(QOS));
        return CF_ACCEPT;
    } else
        return CF_REJECT;
}

int seed_wsaaccept_main()
{
    WSADATA wsaData;
    SOCKET ListenSocket, AcceptSocket;
    struct sockaddr_in saClient;
    int iClientSize = sizeof(saClient);
    u_short port = 27015;
    char *ip;
    sockaddr_in service;
    int error;

    error = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (error) {
        std::printf("WSAStartup() failed with error: %d\n", error);
        return 1;
    }
    ListenSocket = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (ListenSocket == INVALID_SOCKET) {
        std::printf("socket() failed with error: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }
    service.sin_family = AF_INET;
    service.sin_port = htons(port);
    hostent *thisHost;
    thisHost = gethostbyname("");
    ip = inet_ntoa(*reinterpret_cast<struct in_addr *>(*thisHost->h_addr_list));
    service.sin_addr.s_addr = static_cast<ULONG>(inet_addr(ip));
    error = bind(ListenSocket, reinterpret_cast<SOCKADDR *>(&service), sizeof(SOCKADDR));
    if (error == SOCKET_ERROR) {
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    error = listen(ListenSocket, 1);
    if (error == SOCKET_ERROR) {
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    AcceptSocket = WSAAccept(ListenSocket, reinterpret_cast<SOCKADDR *>(&saClient), &iClientSize,
                             &ConditionAcceptFunc, 0);
    closesocket(AcceptSocket);
    closesocket(ListenSocket);
    WSACleanup();
    return 0;
}

// WSASocketA.ko.txt (its main, with narrow argv and printf)
int seed_wsasocket_main(int argc, char **argv)
{
    WSADATA wsaData = {}; // the seed's {0} trips -Wmissing-field-initializers in C++
    int iResult = 0;
    SOCKET sock = INVALID_SOCKET;
    int iFamily = AF_UNSPEC;
    int iType = 0;
    int iProtocol = 0;
    DWORD dwFlags = 0;

    if (argc != 5)
        return 1;
    iFamily = std::atoi(argv[1]);
    iType = std::atoi(argv[2]);
    iProtocol = std::atoi(argv[3]);
    dwFlags = static_cast<DWORD>(std::atoi(argv[4]));
    iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0)
        return 1;
    switch (iFamily) {
    case AF_UNSPEC: case AF_INET: case AF_INET6: case AF_NETBIOS: case AF_BTH: break;
    default: break;
    }
    switch (iType) {
    case 0: case SOCK_STREAM: case SOCK_DGRAM: case SOCK_RAW: case SOCK_RDM: case SOCK_SEQPACKET:
        break;
    default: break;
    }
    switch (iProtocol) {
    case 0: case IPPROTO_ICMP: case IPPROTO_IGMP: case IPPROTO_TCP: case IPPROTO_UDP:
    case IPPROTO_ICMPV6:
        break;
    default: break;
    }
    if (dwFlags & (WSA_FLAG_OVERLAPPED | WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_C_LEAF |
                   WSA_FLAG_MULTIPOINT_D_ROOT | WSA_FLAG_MULTIPOINT_D_LEAF |
                   WSA_FLAG_ACCESS_SYSTEM_SECURITY))
        std::printf("flags 0x%x\n", dwFlags);
#ifdef WSA_FLAG_NO_HANDLE_INHERIT
    if (dwFlags & WSA_FLAG_NO_HANDLE_INHERIT)
        std::printf("WSA_FLAG_NO_HANDLE_INHERIT\n");
#endif
    sock = WSASocket(iFamily, iType, iProtocol, NULL, 0, dwFlags);
    if (sock == INVALID_SOCKET)
        std::printf("WSASocket function failed with error = %d\n", WSAGetLastError());
    else {
        iResult = closesocket(sock);
        if (iResult == SOCKET_ERROR) {
            WSACleanup();
            return 1;
        }
    }
    WSACleanup();
    return 0;
}

// Idioms of everyday Winsock code beyond the seeds.
int winsock_idioms(SOCKET s)
{
    u_long nonblocking = 1;
    if (ioctlsocket(s, FIONBIO, &nonblocking) == SOCKET_ERROR)
        return h_errno;
    BOOL reuse = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&reuse), sizeof reuse);
    LINGER lg = {1, 5};
    setsockopt(s, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&lg), sizeof lg);
    int type = 0, len = sizeof type;
    getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char *>(&type), &len);
    fd_set readfds;
    FD_ZERO(&readfds);
    FD_SET(s, &readfds);
    timeval tv = {5, 0};
    if (select(0, &readfds, NULL, NULL, &tv) > 0 && FD_ISSET(s, &readfds)) {
        char buf[64];
        return recv(s, buf, sizeof buf, 0);
    }
    char host[256];
    if (gethostname(host, sizeof host) == SOCKET_ERROR)
        return WSAGetLastError();
    sockaddr_in6 a6 = {};
    a6.sin6_family = AF_INET6;
    a6.sin6_addr = in6addr_loopback;
    ADDRINFOA hints = {}, *result = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(NULL, "27015", &hints, &result) == 0)
        freeaddrinfo(result);
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &a6.sin6_addr, text, sizeof text);
    return shutdown(s, SD_BOTH);
}
