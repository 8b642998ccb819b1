// fd_setsize_late.cpp: <cstdlib> first (glibc defines FD_SETSIZE 1024), then
// FD_SETSIZE redefined to another value right before the Winsock header: the
// Winsock fd_set takes the program's value, not glibc's and not 64.
#include <cstdlib>
#undef FD_SETSIZE
#define FD_SETSIZE 300
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#define WS_CHECK_FD_SETSIZE 300
#include "ws_checks.h"

int main()
{
    static_assert(FD_SETSIZE == 300, "the program's FD_SETSIZE");
    static_assert(sizeof(fd_set) == 8 + 300 * 8, "Winsock fd_set of 300 sockets");
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
