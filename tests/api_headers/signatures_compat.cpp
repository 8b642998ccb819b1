// signatures_compat.cpp: compile-time check that the Winsock-compatible mode
// declares every function with Windows' prototype (see ws_signatures.h).
#include <cstdint>
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>
#include "ws_signatures.h"
