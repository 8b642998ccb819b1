/* compat_std_first.c: the Winsock-compatible mode after the C standard
 * headers (which, in glibc's default mode, bring <sys/types.h> and
 * <sys/select.h> with their own fd_set, FD_SETSIZE and select). Built as C99,
 * C11 and GNU C11; runs the shared value and layout checks. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main(void)
{
    /* The standard headers still work around the Winsock names. */
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
