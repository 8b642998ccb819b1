// inet_addr, inet_ntoa and gethostname through libsluice (api/src/names.cpp):
// the numbers-and-dots forms, their limits, the per-thread inet_ntoa buffer,
// and gethostname's startup and length rules with the configured name; and
// that the first WSAStartup (which starts EAL) leaves the caller's CPU set.
#include <sluice/sluice.h>
#include <sluice/winsock2.h>

#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <string>

namespace {

// First in this file, so that its WSAStartup is the one that starts EAL:
// rte_eal_init pins the calling thread to one lcore, and WSAStartup must put
// the caller's CPU set back (a library does not pin its caller; a threaded
// engine would inherit the pin).
TEST(Startup, KeepsTheCallersCpuSet) {
    cpu_set_t before;
    ASSERT_EQ(pthread_getaffinity_np(pthread_self(), sizeof before, &before), 0);
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    cpu_set_t after;
    ASSERT_EQ(pthread_getaffinity_np(pthread_self(), sizeof after, &after), 0);
    EXPECT_TRUE(CPU_EQUAL(&before, &after)) << "CPUs before: " << CPU_COUNT(&before) << ", after: " << CPU_COUNT(&after);
    EXPECT_EQ(WSACleanup(), 0);
}

unsigned long host(const char* text) { return ntohl(inet_addr(text)); }

TEST(InetAddr, AcceptsTheFourNumbersAndDotsForms) {
    EXPECT_EQ(host("127.0.0.1"), 0x7f000001u);
    EXPECT_EQ(host("10.1.2.3"), 0x0a010203u);
    EXPECT_EQ(host("1.2.3"), 0x01020003u);      // a.b.c: c fills 16 bits
    EXPECT_EQ(host("1.65535"), 0x0100ffffu);    // a.b: b fills 24 bits
    EXPECT_EQ(host("16909060"), 0x01020304u);   // a: 32 bits
    EXPECT_EQ(host("0x7f.0.0.01"), 0x7f000001u);  // hex and octal parts
    EXPECT_EQ(host("0.0.0.0"), 0u);
    EXPECT_EQ(inet_addr("255.255.255.255"), INADDR_NONE);  // the broadcast address is INADDR_NONE's value
}

TEST(InetAddr, RefusesEverythingElse) {
    for (const char* bad : {"", "256.0.0.1", "1.2.3.4.5", "1..2.3", "1.2.3.", "a.b.c.d", "08.1.1.1", "0x", "1.2.3.256",
                            "1.2.65536", "4294967296", "1.2.3.4x"}) {
        EXPECT_EQ(inet_addr(bad), INADDR_NONE) << bad;
    }
    EXPECT_EQ(inet_addr(nullptr), INADDR_NONE);
}

TEST(InetNtoa, FormatsNetworkOrder) {
    in_addr a;
    a.s_addr = htonl(0xc0a80a01u);
    EXPECT_STREQ(inet_ntoa(a), "192.168.10.1");
    a.s_addr = htonl(0xffffffffu);
    EXPECT_STREQ(inet_ntoa(a), "255.255.255.255");
}

TEST(GetHostName, NeedsStartupRoomAndReportsTheConfiguredName) {
    char name[64];
    EXPECT_EQ(gethostname(name, sizeof name), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    ASSERT_EQ(sluice_set_config("hostname = trader-7\n"), 0);
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_EQ(gethostname(name, sizeof name), 0);
    EXPECT_STREQ(name, "trader-7");
    EXPECT_EQ(WSAGetLastError(), 0);
    EXPECT_EQ(gethostname(name, 8), SOCKET_ERROR);  // 8 letters + NUL do not fit in 8
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(gethostname(nullptr, 64), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
    EXPECT_EQ(gethostname(name, 9), 0);
    EXPECT_EQ(WSACleanup(), 0);
    sluice_set_config(nullptr);
}

}  // namespace
