/* exports_prefixed.c: the symbols a prefixed-mode translation unit links
 * against, beside the POSIX declarations of the same names (see
 * ws_exports.h). Compiled, never linked. */
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>
#define WS_EXPORTS_TABLE ws_exports_prefixed
#define WS_EXPORTS_DATA ws_exports_prefixed_data
#define ws_exports_fd_isset ws_exports_prefixed_fd_isset
#include "ws_exports.h"
