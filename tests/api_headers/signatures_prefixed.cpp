// signatures_prefixed.cpp: compile-time check that the prefixed mode declares
// every function with Windows' prototype in WS_ spelling, next to the POSIX
// declarations of the same names (see ws_signatures.h).
#include <cstdint>
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>
#include "ws_signatures.h"
// glibc's functions are still glibc's.
static_assert(std::is_same_v<decltype(socket), int(int, int, int) noexcept>);
static_assert(std::is_same_v<decltype(htons), uint16_t(uint16_t) noexcept>);
