/* fd_setsize_early.c: FD_SETSIZE defined before any #include, as Windows
 * programs do, survives glibc's <sys/select.h> (which the Winsock header
 * includes, and <stdlib.h> after it would too) and sizes the Winsock fd_set. */
#define FD_SETSIZE 1024
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>
#include <stdlib.h>

#define WS_CHECK_FD_SETSIZE 1024
#include "ws_checks.h"

int main(void)
{
    WS_EXPECT(FD_SETSIZE == 1024);
    WS_EXPECT(sizeof(fd_set) == 8 + 1024 * 8);
    WS_EXPECT(sizeof(((fd_set *)0)->fd_array) / sizeof(SOCKET) == 1024);
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
