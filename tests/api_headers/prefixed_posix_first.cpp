// prefixed_posix_first.cpp: the prefixed mode (SLUICE_WS_PREFIX) in C++20
// after the POSIX socket headers and DPDK's ethdev/mbuf headers, in one
// translation unit: POSIX names keep Linux's values and layouts, WS_ names
// have Windows', and both are usable side by side. Runs the shared checks
// in their prefixed spelling.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#include <cstdlib>
#include <cstring>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main()
{
    // Linux's names are Linux's...
    WS_EXPECT(AF_INET6 == 10 && SOL_SOCKET == 1 && SO_REUSEADDR == 2);
    WS_EXPECT(FIONBIO == 0x5421 && POLLIN == 0x1 && INET6_ADDRSTRLEN == 46);
    WS_EXPECT(sizeof(fd_set) == 128 && FD_SETSIZE == 1024);
    WS_EXPECT(offsetof(struct addrinfo, ai_canonname) == 32);
    // ...the WS_ names are Windows'.
    WS_EXPECT(WS_AF_INET6 == 23 && WS_SOL_SOCKET == 0xffff && WS_SO_REUSEADDR == 4);
    WS_EXPECT(WS_FIONBIO == 0x8004667E && WS_POLLIN == 0x300 && WS_INET6_ADDRSTRLEN == 65);
    WS_EXPECT(sizeof(WS_fd_set) == 520 && WS_FD_SETSIZE == 64);
    WS_EXPECT(offsetof(struct WS_addrinfo, ai_canonname) == 24);

    // Both sockaddr_in: the same 16 bytes, family numbers that differ.
    struct sockaddr_in posix {};
    WS_sockaddr_in winsock{};
    posix.sin_family = AF_INET;
    posix.sin_port = htons(8080);
    WS_EXPECT(inet_pton(AF_INET, "192.0.2.1", &posix.sin_addr) == 1);
    winsock.sin_family = WS_AF_INET;
    winsock.sin_port = posix.sin_port;
    winsock.sin_addr.WS_s_addr = posix.sin_addr.s_addr;
    WS_EXPECT(sizeof posix == sizeof winsock);
    WS_EXPECT(std::memcmp(&posix.sin_addr, &winsock.sin_addr, 4) == 0);
    WS_EXPECT(winsock.sin_addr.S_un.S_un_b.s_b1 == 192 && winsock.sin_addr.S_un.S_un_b.s_b4 == 1);

    // Both sockaddr_in6 are 28 bytes; the in6_addr member names differ.
    struct sockaddr_in6 posix6 {};
    WS_sockaddr_in6 winsock6{};
    posix6.sin6_addr = in6addr_loopback; // glibc's data, not sluice's
    std::memcpy(&winsock6.sin6_addr, &posix6.sin6_addr, 16);
    WS_EXPECT(sizeof posix6 == 28 && sizeof winsock6 == 28);
    WS_EXPECT(winsock6.sin6_addr.WS_s6_addr[15] == 1 && posix6.sin6_addr.s6_addr[15] == 1);

    // Both select() families in one function.
    fd_set posix_set;
    FD_ZERO(&posix_set);
    FD_SET(3, &posix_set);
    WS_fd_set winsock_set;
    WS_FD_ZERO(&winsock_set);
    WS_FD_SET(3, &winsock_set);
    WS_EXPECT(FD_ISSET(3, &posix_set) && winsock_set.fd_count == 1);

    // DPDK's types are there too.
    struct rte_ether_addr mac {};
    WS_EXPECT(sizeof mac == RTE_ETHER_ADDR_LEN);
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
