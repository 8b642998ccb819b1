// compat_std_first.cpp: the Winsock-compatible mode in C++20 after the C++
// standard headers (libstdc++ brings <sys/select.h> and <unistd.h>, hence
// glibc's fd_set, select, gethostname and socklen_t). Runs the shared checks.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main()
{
    // The standard library keeps working next to the Winsock names.
    std::vector<fd_set> sets(2);
    FD_SET(3, &sets[1]);
    WS_EXPECT(sets[0].fd_count == 0 && sets[1].fd_count == 1);
    const auto start = std::chrono::steady_clock::now();
    WS_EXPECT(std::chrono::steady_clock::now() >= start);
    std::string text = "select";
    WS_EXPECT(text.size() == 6);
    socklen_t len = -1; // Windows' socklen_t is a signed int
    WS_EXPECT(len < 0);
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
