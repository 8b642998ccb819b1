/* compat_ws_first.c: the Winsock-compatible mode before the C standard
 * headers: <stdlib.h> and friends included afterwards must not disturb the
 * Winsock fd_set, FD_SETSIZE or select. Built as C11 and GNU C11. */
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main(void)
{
    char *copy = (char *)malloc(8);
    time_t now = time(NULL);
    if (copy == NULL || now == (time_t)-1) {
        return 2;
    }
    strcpy(copy, "winsock");
    WS_EXPECT(strlen(copy) == 7);
    free(copy);
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
