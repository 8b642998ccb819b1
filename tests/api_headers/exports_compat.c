/* exports_compat.c: the symbols a Winsock-compatible translation unit links
 * against (see ws_exports.h). Compiled, never linked. */
#include <stdlib.h>
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>
#define WS_EXPORTS_TABLE ws_exports_compat
#define WS_EXPORTS_DATA ws_exports_compat_data
#define ws_exports_fd_isset ws_exports_compat_fd_isset
#include "ws_exports.h"
