/* prefixed_ws_first.c: the prefixed mode (SLUICE_WS_PREFIX) in C, before the
 * POSIX socket headers and DPDK's headers: including them afterwards must not
 * clash with anything the sluice headers defined. Runs the shared checks in
 * their prefixed spelling and compares both sides. */
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main(void)
{
    struct in_addr posix;
    struct WS_in_addr winsock;
    struct addrinfo posix_hints;
    WS_EXPECT(AF_INET6 == 10 && WS_AF_INET6 == 23);
    WS_EXPECT(SOL_SOCKET == 1 && WS_SOL_SOCKET == 0xffff);
    WS_EXPECT(MSG_WAITALL == 0x100 && WS_MSG_WAITALL == 0x8);
    WS_EXPECT(IPPROTO_TCP == 6 && WS_IPPROTO_TCP == 6);
    WS_EXPECT(IP_TTL == 2 && WS_IP_TTL == 4);
    WS_EXPECT(sizeof(socklen_t) == 4 && (socklen_t)-1 > 0 && (WS_socklen_t)-1 < 0);
    WS_EXPECT(FD_SETSIZE == 1024 && WS_FD_SETSIZE == 64);
    WS_EXPECT(inet_pton(AF_INET, "198.51.100.7", &posix) == 1);
    winsock.WS_s_addr = posix.s_addr;
    WS_EXPECT(winsock.WS_s_net == 198 && winsock.WS_s_impno == 7);
    memset(&posix_hints, 0, sizeof posix_hints);
    posix_hints.ai_flags = AI_PASSIVE;
    WS_EXPECT(posix_hints.ai_flags == WS_AI_PASSIVE); /* the one value both share */
    WS_EXPECT(RTE_ETHER_ADDR_LEN == 6);
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
