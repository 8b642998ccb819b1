// compat_ws_first.cpp: the Winsock-compatible mode in C++20 before the C++
// standard headers, which must not disturb the Winsock fd_set, select or
// socklen_t when included afterwards. Runs the shared checks.
#include <sluice/winsock2.h>
#include <sluice/ws2tcpip.h>
#include <sluice/mswsock.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#define WS_CHECK_FD_SETSIZE 64
#include "ws_checks.h"

int main()
{
    std::map<SOCKET, int> by_socket{{INVALID_SOCKET, 1}};
    WS_EXPECT(by_socket.count(~SOCKET{0}) == 1);
    auto answer = std::async(std::launch::deferred, [] { return FD_SETSIZE; });
    WS_EXPECT(answer.get() == 64);
    socklen_t len = -1;
    WS_EXPECT(len < 0);
    std::cout << "C++ standard library after the Winsock headers\n";
    return ws_run_checks() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
