// The API boundary under bad arguments. First deterministic cases for every
// exported socket function: before WSAStartup (WSANOTINITIALISED), invalid,
// closed and stale handles (WSAENOTSOCK), NULL pointers and short lengths
// (WSAEFAULT), bad counts/levels/options (WSAEINVAL, WSAENOPROTOOPT), after
// WSACleanup (WSANOTINITIALISED). Then a seeded random run over the same
// functions with arguments from small pools (SLUICE_FUZZ_SEED, SLUICE_FUZZ_CALLS
// override the seed and the call count), checking after every call that a
// success leaves WSAGetLastError() == 0 and a failure sets a WSAE* code, that
// nothing blocks, and that the mbuf pool's "pool.in_use" is unchanged at the end.
#include <sluice/sluice.h>
#include <sluice/winsock2.h>

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kFirstWsaError = 10000;
constexpr int kLastWsaError = 11031;

sockaddr_in loopback(unsigned short port_host_order) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port_host_order);
    sa.sin_addr.s_addr = htonl(0x7f000001);
    return sa;
}

unsigned long long ull(SOCKET s) { return static_cast<unsigned long long>(s); }
const void* vp(const void* p) { return p; }

unsigned long long pool_in_use() {
    unsigned long long value = ~0ULL;
    sluice_for_each_counter(
        [](const char* name, unsigned long long v, void* ctx) {
            if (std::strcmp(name, "pool.in_use") == 0) *static_cast<unsigned long long*>(ctx) = v;
        },
        &value);
    return value;
}

// Calls every exported socket function once with a handle s and otherwise
// valid arguments; each must fail with `expected`. `what` names the case.
void expect_every_function_fails(SOCKET s, int expected, const std::string& what) {
    char buf[64] = {};
    sockaddr_in sa = loopback(9);
    int salen = sizeof(sa);
    WSABUF wb{sizeof(buf), buf};
    DWORD n = 0, flags = 0;
    int optval = 0, optlen = sizeof(optval);
    u_long arg = 1;
    const int one = 1;
#define EXPECT_FAILS(call, failure)                                                      \
    do {                                                                                 \
        WSASetLastError(0);                                                              \
        EXPECT_EQ((call), (failure)) << what << ": " #call;                              \
        EXPECT_EQ(WSAGetLastError(), expected) << what << ": " #call;                    \
    } while (0)
    EXPECT_FAILS(closesocket(s), SOCKET_ERROR);
    EXPECT_FAILS(bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), SOCKET_ERROR);
    EXPECT_FAILS(connect(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), SOCKET_ERROR);
    EXPECT_FAILS(WSAConnect(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa), nullptr, nullptr, nullptr, nullptr),
                 SOCKET_ERROR);
    EXPECT_FAILS(listen(s, 5), SOCKET_ERROR);
    EXPECT_FAILS(shutdown(s, SD_BOTH), SOCKET_ERROR);
    EXPECT_FAILS(send(s, buf, 1, 0), SOCKET_ERROR);
    EXPECT_FAILS(sendto(s, buf, 1, 0, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), SOCKET_ERROR);
    EXPECT_FAILS(recv(s, buf, sizeof(buf), 0), SOCKET_ERROR);
    salen = sizeof(sa);
    EXPECT_FAILS(recvfrom(s, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&sa), &salen), SOCKET_ERROR);
    EXPECT_FAILS(WSASend(s, &wb, 1, &n, 0, nullptr, nullptr), SOCKET_ERROR);
    EXPECT_FAILS(WSASendTo(s, &wb, 1, &n, 0, reinterpret_cast<sockaddr*>(&sa), sizeof(sa), nullptr, nullptr),
                 SOCKET_ERROR);
    flags = 0;
    EXPECT_FAILS(WSARecv(s, &wb, 1, &n, &flags, nullptr, nullptr), SOCKET_ERROR);
    flags = 0;
    salen = sizeof(sa);
    EXPECT_FAILS(WSARecvFrom(s, &wb, 1, &n, &flags, reinterpret_cast<sockaddr*>(&sa), &salen, nullptr, nullptr),
                 SOCKET_ERROR);
    optlen = sizeof(optval);
    EXPECT_FAILS(getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&optval), &optlen), SOCKET_ERROR);
    EXPECT_FAILS(setsockopt(s, SOL_SOCKET, SO_BROADCAST, reinterpret_cast<const char*>(&one), sizeof(one)),
                 SOCKET_ERROR);
    EXPECT_FAILS(ioctlsocket(s, FIONBIO, &arg), SOCKET_ERROR);
    salen = sizeof(sa);
    EXPECT_FAILS(getsockname(s, reinterpret_cast<sockaddr*>(&sa), &salen), SOCKET_ERROR);
    salen = sizeof(sa);
    EXPECT_FAILS(getpeername(s, reinterpret_cast<sockaddr*>(&sa), &salen), SOCKET_ERROR);
    {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(s, &rd);
        timeval tv{0, 0};
        EXPECT_FAILS(select(0, &rd, nullptr, nullptr, &tv), SOCKET_ERROR);
    }
    u_short ns = 0;
    u_long nl = 0;
    EXPECT_FAILS(WSAHtons(s, 1, &ns), SOCKET_ERROR);
    EXPECT_FAILS(WSAHtonl(s, 1, &nl), SOCKET_ERROR);
    EXPECT_FAILS(WSANtohs(s, 1, &ns), SOCKET_ERROR);
    EXPECT_FAILS(WSANtohl(s, 1, &nl), SOCKET_ERROR);
#undef EXPECT_FAILS
}

class ApiFuzz : public ::testing::Test {
protected:
    void start() {
        ASSERT_EQ(sluice_set_config(nullptr), 0) << sluice_config_error();
        WSADATA data;
        ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
        started_ = true;
    }
    void stop() {
        ASSERT_TRUE(started_);
        EXPECT_EQ(WSACleanup(), 0);
        started_ = false;
    }
    void TearDown() override {
        if (started_) {
            EXPECT_EQ(WSACleanup(), 0);
        }
    }
    static SOCKET udp() {
        const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        EXPECT_NE(s, INVALID_SOCKET) << WSAGetLastError();
        return s;
    }
    bool started_ = false;
};

// Every function that takes no socket, and every one that does, before
// WSAStartup (and again after WSACleanup).
void expect_not_initialised(const std::string& what) {
    WSASetLastError(0);
    EXPECT_EQ(socket(AF_INET, SOCK_DGRAM, 0), INVALID_SOCKET) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": socket";
    WSASetLastError(0);
    EXPECT_EQ(WSASocketA(AF_INET, SOCK_DGRAM, 0, nullptr, 0, 0), INVALID_SOCKET) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": WSASocketA";
    WSASetLastError(0);
    EXPECT_EQ(WSASocketW(AF_INET, SOCK_DGRAM, 0, nullptr, 0, 0), INVALID_SOCKET) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": WSASocketW";
    WSAPOLLFD pfd{};
    pfd.fd = 1;
    pfd.events = POLLRDNORM;
    WSASetLastError(0);
    EXPECT_EQ(WSAPoll(&pfd, 1, 0), SOCKET_ERROR) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": WSAPoll";
    DWORD len = 0;
    WSASetLastError(0);
    EXPECT_EQ(WSAEnumProtocolsA(nullptr, nullptr, &len), SOCKET_ERROR) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": WSAEnumProtocolsA";
    len = 0;
    WSASetLastError(0);
    EXPECT_EQ(WSAEnumProtocolsW(nullptr, nullptr, &len), SOCKET_ERROR) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": WSAEnumProtocolsW";
    char name[256];
    WSASetLastError(0);
    EXPECT_EQ(gethostname(name, sizeof(name)), SOCKET_ERROR) << what;
    EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED) << what << ": gethostname";
    expect_every_function_fails(1, WSANOTINITIALISED, what);
}

TEST_F(ApiFuzz, NotInitialisedBeforeStartupAndAfterCleanup) {
    expect_not_initialised("before WSAStartup");
    start();
    stop();
    expect_not_initialised("after WSACleanup");
}

TEST_F(ApiFuzz, InvalidHandlesAreNotSockets) {
    start();
    for (SOCKET bad : {SOCKET{0}, INVALID_SOCKET, SOCKET{1}, SOCKET{3}, SOCKET{0xdeadbeef}}) {
        expect_every_function_fails(bad, WSAENOTSOCK, "handle " + std::to_string(bad));
    }
    const SOCKET closed = udp();
    ASSERT_EQ(closesocket(closed), 0);
    expect_every_function_fails(closed, WSAENOTSOCK, "closed handle");
}

TEST_F(ApiFuzz, StaleHandleNeverNamesANewSocket) {
    start();
    const SOCKET old = udp();
    ASSERT_EQ(closesocket(old), 0);
    std::vector<SOCKET> fresh;
    for (int i = 0; i < 64; ++i) {
        const SOCKET s = udp();
        ASSERT_NE(s, INVALID_SOCKET);
        fresh.push_back(s);
        EXPECT_NE(s, old) << "a new socket got the stale handle's value (no generation)";
        expect_every_function_fails(old, WSAENOTSOCK, "stale handle after " + std::to_string(i + 1) + " new sockets");
        // the new sockets still work
        int type = 0, len = sizeof(type);
        ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&type), &len), 0);
        EXPECT_EQ(type, SOCK_DGRAM);
    }
    for (SOCKET s : fresh) EXPECT_EQ(closesocket(s), 0);
}

TEST_F(ApiFuzz, FaultsAndInvalidArgumentsOnAValidSocket) {
    start();
    const SOCKET s = udp();
    sockaddr_in sa = loopback(0);
    char buf[64] = {};
    DWORD n = 0, flags = 0;
    WSABUF wb{sizeof(buf), buf};
#define EXPECT_ERR(call, code)                                        \
    do {                                                              \
        WSASetLastError(0);                                           \
        EXPECT_EQ((call), SOCKET_ERROR) << #call;                     \
        EXPECT_EQ(WSAGetLastError(), (code)) << #call;                \
    } while (0)
#define EXPECT_OK(call)                                               \
    do {                                                              \
        WSASetLastError(12345);                                       \
        EXPECT_EQ((call), 0) << #call << " error " << WSAGetLastError(); \
        EXPECT_EQ(WSAGetLastError(), 0) << #call;                     \
    } while (0)
    EXPECT_ERR(bind(s, nullptr, 16), WSAEFAULT);
    EXPECT_ERR(bind(s, reinterpret_cast<sockaddr*>(&sa), 15), WSAEFAULT);
    EXPECT_ERR(bind(s, reinterpret_cast<sockaddr*>(&sa), -1), WSAEFAULT);
    EXPECT_ERR(connect(s, nullptr, 16), WSAEFAULT);
    EXPECT_ERR(connect(s, reinterpret_cast<sockaddr*>(&sa), 15), WSAEFAULT);
    {  // NULL `to` on an unconnected socket: the spec names no code; a fault or "not connected" (as send)
        WSASetLastError(0);
        EXPECT_EQ(sendto(s, buf, 1, 0, nullptr, 16), SOCKET_ERROR);
        const int e = WSAGetLastError();
        EXPECT_TRUE(e == WSAEFAULT || e == WSAENOTCONN) << "sendto(s, buf, 1, 0, NULL, 16): " << e;
    }
    EXPECT_ERR(sendto(s, buf, 1, 0, reinterpret_cast<sockaddr*>(&sa), 15), WSAEFAULT);
    EXPECT_OK(bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)));
    u_long nb = 1;
    EXPECT_OK(ioctlsocket(s, FIONBIO, &nb));
    int len = 15;
    EXPECT_ERR(getsockname(s, reinterpret_cast<sockaddr*>(&sa), &len), WSAEFAULT);
    EXPECT_ERR(getsockname(s, nullptr, &len), WSAEFAULT);
    EXPECT_ERR(getsockname(s, reinterpret_cast<sockaddr*>(&sa), nullptr), WSAEFAULT);
    len = sizeof(sa);
    EXPECT_OK(getsockname(s, reinterpret_cast<sockaddr*>(&sa), &len));
    EXPECT_ERR(recv(s, buf, -1, 0), WSAEFAULT);
    EXPECT_ERR(recv(s, nullptr, 16, 0), WSAEFAULT);
    EXPECT_ERR(send(s, buf, -1, 0), WSAEFAULT);
    len = 15;
    EXPECT_ERR(recvfrom(s, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&sa), &len), WSAEFAULT);
    EXPECT_ERR(WSASendTo(s, &wb, 1, nullptr, 0, reinterpret_cast<sockaddr*>(&sa), sizeof(sa), nullptr, nullptr),
               WSAEFAULT);
    EXPECT_ERR(WSARecv(s, &wb, 1, &n, nullptr, nullptr, nullptr), WSAEFAULT);
    EXPECT_ERR(WSARecvFrom(s, &wb, 1, &n, nullptr, nullptr, nullptr, nullptr, nullptr), WSAEFAULT);
    flags = 0;
    EXPECT_ERR(WSARecv(s, nullptr, 1, &n, &flags, nullptr, nullptr), WSAEINVAL);
    flags = 0;
    EXPECT_ERR(WSARecv(s, &wb, 0, &n, &flags, nullptr, nullptr), WSAEINVAL);
    EXPECT_ERR(WSASend(s, nullptr, 1, &n, 0, nullptr, nullptr), WSAEINVAL);
    EXPECT_ERR(WSASend(s, &wb, 0, &n, 0, nullptr, nullptr), WSAEINVAL);
    int optval = 0;
    EXPECT_ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&optval), nullptr), WSAEFAULT);
    len = sizeof(optval);
    EXPECT_ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, nullptr, &len), WSAEFAULT);
    EXPECT_ERR(setsockopt(s, SOL_SOCKET, SO_BROADCAST, nullptr, sizeof(int)), WSAEFAULT);
    EXPECT_ERR(ioctlsocket(s, FIONBIO, nullptr), WSAEFAULT);
    // pointers below 4096 are outside the address space, as on Windows
    EXPECT_ERR(ioctlsocket(s, FIONBIO, reinterpret_cast<u_long*>(16)), WSAEFAULT);
    EXPECT_ERR(ioctlsocket(s, FIONREAD, reinterpret_cast<u_long*>(4095)), WSAEFAULT);
    len = sizeof(optval);
    EXPECT_ERR(getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(1), &len), WSAEFAULT);
    EXPECT_ERR(setsockopt(s, SOL_SOCKET, SO_BROADCAST, reinterpret_cast<const char*>(8), sizeof(int)), WSAEFAULT);
    len = sizeof(optval);
    EXPECT_ERR(getsockopt(s, 0x1234, SO_TYPE, reinterpret_cast<char*>(&optval), &len), WSAEINVAL);
    EXPECT_ERR(setsockopt(s, 0x1234, SO_TYPE, reinterpret_cast<const char*>(&optval), sizeof(optval)), WSAEINVAL);
    len = sizeof(optval);
    EXPECT_ERR(getsockopt(s, SOL_SOCKET, 0x7777, reinterpret_cast<char*>(&optval), &len), WSAENOPROTOOPT);
    EXPECT_ERR(setsockopt(s, SOL_SOCKET, 0x7777, reinterpret_cast<const char*>(&optval), sizeof(optval)),
               WSAENOPROTOOPT);
    EXPECT_ERR(shutdown(s, 7), WSAEINVAL);
    timeval tv{0, 0};
    EXPECT_ERR(select(0, nullptr, nullptr, nullptr, &tv), WSAEINVAL);
    WSASetLastError(0);
    EXPECT_EQ(WSAPoll(nullptr, 0, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL) << "WSAPoll(NULL, 0, 0)";
    WSASetLastError(0);
    EXPECT_EQ(WSAPoll(nullptr, 1, 0), SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEFAULT) << "WSAPoll(NULL, 1, 0)";
    EXPECT_ERR(WSAHtons(s, 1, nullptr), WSAEFAULT);
    EXPECT_ERR(WSAHtonl(s, 1, nullptr), WSAEFAULT);
    EXPECT_ERR(WSANtohs(s, 1, nullptr), WSAEFAULT);
    EXPECT_ERR(WSANtohl(s, 1, nullptr), WSAEFAULT);
    EXPECT_ERR(gethostname(nullptr, 256), WSAEFAULT);
    char shortname[1];
    EXPECT_ERR(gethostname(shortname, sizeof(shortname)), WSAEFAULT);
    DWORD plen = 0;
    EXPECT_ERR(WSAEnumProtocolsA(nullptr, nullptr, nullptr), WSAEFAULT);
    EXPECT_ERR(WSAEnumProtocolsA(nullptr, nullptr, &plen), WSAENOBUFS);
    EXPECT_GT(plen, 0u);
    // successes clear the last error
    u_short ns = 0;
    u_long nl = 0;
    EXPECT_OK(WSAHtons(s, 0x1234, &ns));
    EXPECT_EQ(ns, htons(0x1234));
    EXPECT_OK(WSAHtonl(s, 0x12345678, &nl));
    EXPECT_EQ(nl, htonl(0x12345678));
    EXPECT_OK(WSANtohs(s, ns, &ns));
    EXPECT_OK(WSANtohl(s, nl, &nl));
    char host[256];
    EXPECT_OK(gethostname(host, sizeof(host)));
    len = sizeof(optval);
    EXPECT_OK(getsockopt(s, SOL_SOCKET, SO_TYPE, reinterpret_cast<char*>(&optval), &len));
    EXPECT_OK(shutdown(s, SD_SEND));
    EXPECT_OK(closesocket(s));
#undef EXPECT_ERR
#undef EXPECT_OK
}

// ---- the seeded random run -------------------------------------------------

unsigned long long env_or(const char* name, unsigned long long fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    return std::strtoull(v, nullptr, 0);
}

struct Fuzzer {
    std::mt19937_64 rng;
    std::vector<SOCKET> sockets;         // open, non-blocking, bound UDP
    std::vector<unsigned short> ports;   // their ports, host order
    std::vector<SOCKET> closed;          // closed handles
    alignas(8) char big[2048];
    alignas(8) char one[1];
    std::string last;                    // description of the last call

    explicit Fuzzer(unsigned long long seed) : rng(seed) {}

    unsigned pick(unsigned n) { return static_cast<unsigned>(rng() % n); }
    bool coin(unsigned one_in) { return pick(one_in) == 0; }

    SOCKET open_one() {
        const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        if (s == INVALID_SOCKET) return s;
        u_long nb = 1;
        EXPECT_EQ(ioctlsocket(s, FIONBIO, &nb), 0) << WSAGetLastError();
        sockaddr_in sa = loopback(0);
        EXPECT_EQ(bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0) << WSAGetLastError();
        int len = sizeof(sa);
        EXPECT_EQ(getsockname(s, reinterpret_cast<sockaddr*>(&sa), &len), 0) << WSAGetLastError();
        sockets.push_back(s);
        ports.push_back(ntohs(sa.sin_port));
        return s;
    }

    SOCKET handle() {
        switch (pick(8)) {
        case 0:
            if (!closed.empty()) return closed[pick(static_cast<unsigned>(closed.size()))];
            return INVALID_SOCKET;
        case 1: {
            static const SOCKET garbage[] = {0, INVALID_SOCKET, 1, 3, 0xdeadbeef, 0x7fffffff, 4096};
            return garbage[pick(sizeof(garbage) / sizeof(garbage[0]))];
        }
        default:
            if (!sockets.empty()) return sockets[pick(static_cast<unsigned>(sockets.size()))];
            return INVALID_SOCKET;
        }
    }

    // A buffer and a length never larger than it (NULL gets any length).
    void buffer(char*& p, int& len) {
        static const int lens[] = {-1, 0, 1, 15, 16, 17, 2048, INT_MAX};
        switch (pick(3)) {
        case 0: p = nullptr; break;
        case 1: p = big; break;
        default: p = one; break;
        }
        const size_t cap = p == big ? sizeof(big) : p == one ? sizeof(one) : SIZE_MAX;
        do {
            len = lens[pick(sizeof(lens) / sizeof(lens[0]))];
        } while (len > 0 && static_cast<size_t>(len) > cap);
    }

    // A sockaddr storage and a length never larger than it.
    sockaddr_storage ss{};
    sockaddr* address(int& len) {
        std::memset(&ss, 0, sizeof(ss));
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        switch (pick(5)) {
        case 0:
            len = 16;
            return nullptr;
        case 1:
            sin->sin_family = AF_UNSPEC;
            len = sizeof(sockaddr_in);
            break;
        case 2:
            sin->sin_family = 0xdead;
            len = sizeof(sockaddr_in);
            break;
        case 3:
            *sin = loopback(ports.empty() ? 9 : ports[pick(static_cast<unsigned>(ports.size()))]);
            len = static_cast<int>(pick(16));  // short
            break;
        default:
            *sin = loopback(ports.empty() ? 9 : ports[pick(static_cast<unsigned>(ports.size()))]);
            len = sizeof(sockaddr_in);
            break;
        }
        if (coin(8)) len = -1;
        return reinterpret_cast<sockaddr*>(&ss);
    }

    int flags() {
        static const int f[] = {0, MSG_PEEK, MSG_OOB, 0xffff};
        return f[pick(4)];
    }

    void option(int& level, int& name) {
        struct LN { int level, name; };
        static const LN opts[] = {
            {SOL_SOCKET, SO_TYPE},       {SOL_SOCKET, SO_BROADCAST}, {SOL_SOCKET, SO_RCVBUF},
            {SOL_SOCKET, SO_SNDBUF},     {SOL_SOCKET, SO_REUSEADDR}, {SOL_SOCKET, SO_LINGER},
            {SOL_SOCKET, SO_ERROR},      {SOL_SOCKET, SO_KEEPALIVE}, {SOL_SOCKET, SO_RCVTIMEO},
            {SOL_SOCKET, SO_SNDTIMEO},   {SOL_SOCKET, SO_ACCEPTCONN}, {SOL_SOCKET, SO_DONTLINGER},
            {SOL_SOCKET, SO_EXCLUSIVEADDRUSE},
            {IPPROTO_IP, IP_TTL},        {IPPROTO_IP, IP_TOS},       {IPPROTO_IP, IP_HDRINCL},
            {IPPROTO_TCP, TCP_NODELAY},
            {SOL_SOCKET, 0x7777},        {IPPROTO_IP, 0x7777},       {IPPROTO_TCP, 0x7777},
            {0x1234, SO_TYPE},           {-1, -1},
        };
        const LN& o = opts[pick(sizeof(opts) / sizeof(opts[0]))];
        level = o.level;
        name = o.name;
    }

    // optval: NULL, a low bogus pointer (< 4096, defined as WSAEFAULT), or a real buffer.
    char* optval(int& len) {
        switch (pick(4)) {
        case 0:
            len = static_cast<int>(pick(3)) * 4;
            return nullptr;
        case 1:
            len = 4;
            return reinterpret_cast<char*>(static_cast<uintptr_t>(1 + pick(4095)));
        default: {
            static const int lens[] = {-1, 0, 1, 2, 4, 8, 16, 2048};
            len = lens[pick(8)];
            std::memset(big, static_cast<int>(pick(3)), 16);
            return big;
        }
        }
    }

    // Makes one random call; returns false when the result broke the contract.
    void step(unsigned long long i) {
        char msg[256];
        SOCKET s = handle();
        long long rc = 0;
        bool failed = false;
        WSASetLastError(static_cast<int>(pick(3) == 0 ? 0 : 10022));
        const unsigned fn = pick(30);
        switch (fn) {
        case 0: {
            if (sockets.size() < 16) {
                open_one();
                snprintf(msg, sizeof(msg), "open");
                last = msg;
                return;
            }
            [[fallthrough]];
        }
        case 1: {
            if (!coin(4)) s = INVALID_SOCKET - 1 - pick(3);  // mostly garbage; a socket one call in four
            else if (!sockets.empty()) s = sockets[pick(static_cast<unsigned>(sockets.size()))];
            for (size_t k = 0; k < sockets.size(); ++k) {
                if (sockets[k] != s) continue;
                sockets.erase(sockets.begin() + static_cast<long>(k));
                ports.erase(ports.begin() + static_cast<long>(k));
                closed.push_back(s);
                if (closed.size() > 32) closed.erase(closed.begin());
                break;
            }
            rc = closesocket(s);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "closesocket(%#llx)", ull(s));
            break;
        }
        case 2: {
            int len = 0;
            sockaddr* a = address(len);
            rc = bind(s, a, len);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "bind(%#llx, %p fam %d, %d)", ull(s), vp(a),
                     a ? a->sa_family : -1, len);
            break;
        }
        case 3: {
            int len = 0;
            sockaddr* a = address(len);
            rc = pick(2) ? connect(s, a, len) : WSAConnect(s, a, len, nullptr, nullptr, nullptr, nullptr);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "connect/WSAConnect(%#llx, %p fam %d, %d)", ull(s), vp(a),
                     a ? a->sa_family : -1, len);
            break;
        }
        case 4: {
            const int backlog = static_cast<int>(pick(3)) - 1;
            rc = listen(s, backlog);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "listen(%#llx, %d)", ull(s), backlog);
            break;
        }
        case 5: {
            const int how = static_cast<int>(pick(5)) - 1;
            rc = shutdown(s, how);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "shutdown(%#llx, %d)", ull(s), how);
            break;
        }
        case 6:
        case 7: {
            char* p;
            int len;
            buffer(p, len);
            const int f = flags();
            rc = send(s, p, len, f);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "send(%#llx, %p, %d, %#x)", ull(s), vp(p), len, f);
            break;
        }
        case 8:
        case 9: {
            char* p;
            int len;
            buffer(p, len);
            const int f = flags();
            int alen = 0;
            sockaddr* a = address(alen);
            rc = sendto(s, p, len, f, a, alen);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "sendto(%#llx, %p, %d, %#x, %p fam %d, %d)", ull(s), vp(p),
                     len, f, vp(a), a ? a->sa_family : -1, alen);
            break;
        }
        case 10: {
            char* p;
            int len;
            buffer(p, len);
            const int f = flags();
            rc = recv(s, p, len, f);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "recv(%#llx, %p, %d, %#x)", ull(s), vp(p), len, f);
            break;
        }
        case 11:
        case 12: {
            char* p;
            int len;
            buffer(p, len);
            const int f = flags();
            int alen = 0;
            sockaddr* a = address(alen);
            int* lp = coin(4) ? nullptr : &alen;
            const int alen_in = alen;
            rc = recvfrom(s, p, len, f, a, lp);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "recvfrom(%#llx, %p, %d, %#x, %p, %s%d)", ull(s), vp(p), len,
                     f, vp(a), lp ? "&" : "NULL ", alen_in);
            break;
        }
        case 13:
        case 14:
        case 15:
        case 16: {
            WSABUF bufs[2];
            char* p;
            int len;
            buffer(p, len);
            bufs[0].buf = p;
            bufs[0].len = static_cast<ULONG>(len < 0 ? 0 : len);
            bufs[1].buf = one;
            bufs[1].len = 1;
            WSABUF* lpb = coin(6) ? nullptr : bufs;
            const DWORD count = static_cast<DWORD>(pick(3));
            DWORD n = 0;
            DWORD* lpn = coin(5) ? nullptr : &n;
            DWORD fl = static_cast<DWORD>(flags());
            DWORD* lpfl = coin(5) ? nullptr : &fl;
            int alen = 0;
            sockaddr* a = address(alen);
            int* lpal = coin(4) ? nullptr : &alen;
            const int alen_in = alen;
            const char* name = "";
            switch (fn) {
            case 13:
                name = "WSASend";
                rc = WSASend(s, lpb, count, lpn, fl, nullptr, nullptr);
                break;
            case 14:
                name = "WSASendTo";
                rc = WSASendTo(s, lpb, count, lpn, fl, a, alen, nullptr, nullptr);
                break;
            case 15:
                name = "WSARecv";
                rc = WSARecv(s, lpb, count, lpn, lpfl, nullptr, nullptr);
                break;
            default:
                name = "WSARecvFrom";
                rc = WSARecvFrom(s, lpb, count, lpn, lpfl, a, lpal, nullptr, nullptr);
                break;
            }
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "%s(%#llx, bufs %s [%p,%u], count %u, nbytes %s, flags %s, addr %p, alen %s%d)",
                     name, ull(s), lpb ? "ok" : "NULL", vp(p), bufs[0].len, count,
                     lpn ? "ok" : "NULL", lpfl ? "ok" : "NULL", vp(a), lpal ? "&" : "NULL ", alen_in);
            break;
        }
        case 17:
        case 18: {
            int level, name, len;
            option(level, name);
            char* v = optval(len);
            int* lp = coin(6) ? nullptr : &len;
            const int len_in = len;
            rc = getsockopt(s, level, name, v, lp);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "getsockopt(%#llx, %#x, %#x, %p, %s%d)", ull(s), level, name,
                     vp(v), lp ? "&" : "NULL ", len_in);
            break;
        }
        case 19:
        case 20: {
            int level, name, len;
            option(level, name);
            char* v = optval(len);
            // never let a socket become blocking through a timeout option: all are non-blocking
            rc = setsockopt(s, level, name, v, len);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "setsockopt(%#llx, %#x, %#x, %p, %d)", ull(s), level, name,
                     vp(v), len);
            break;
        }
        case 21: {
            static const long cmds[] = {static_cast<long>(FIONBIO), static_cast<long>(FIONREAD), static_cast<long>(SIOCATMARK), 0x1234, -1};
            const long cmd = cmds[pick(5)];
            u_long arg = 1;  // FIONBIO always to non-blocking
            u_long* ap;
            switch (pick(4)) {
            case 0: ap = nullptr; break;
            case 1: ap = reinterpret_cast<u_long*>(static_cast<uintptr_t>(1 + pick(4095))); break;
            default: ap = &arg; break;
            }
            rc = ioctlsocket(s, cmd, ap);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "ioctlsocket(%#llx, %#lx, %p)", ull(s), cmd, vp(ap));
            break;
        }
        case 22:
        case 23: {
            int alen = 0;
            sockaddr* a = address(alen);
            int* lp = coin(5) ? nullptr : &alen;
            const int alen_in = alen;
            rc = fn == 22 ? getsockname(s, a, lp) : getpeername(s, a, lp);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "%s(%#llx, %p, %s%d)", fn == 22 ? "getsockname" : "getpeername",
                     ull(s), vp(a), lp ? "&" : "NULL ", alen_in);
            break;
        }
        case 24: {
            fd_set sets[3];
            fd_set* ps[3];
            for (int k = 0; k < 3; ++k) {
                FD_ZERO(&sets[k]);
                const unsigned n = pick(4);
                for (unsigned j = 0; j < n; ++j) {
                    const SOCKET h = handle();
                    FD_SET(h, &sets[k]);
                }
                ps[k] = coin(3) ? nullptr : &sets[k];
            }
            timeval tv{0, 0};
            rc = select(0, ps[0], ps[1], ps[2], &tv);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "select(0, %s, %s, %s, 0)", ps[0] ? "set" : "NULL", ps[1] ? "set" : "NULL",
                     ps[2] ? "set" : "NULL");
            break;
        }
        case 25: {
            WSAPOLLFD fds[4];
            const unsigned n = pick(5);
            static const short evs[] = {POLLRDNORM, POLLWRNORM, POLLRDNORM | POLLWRNORM, 0, POLLIN, 0x7fff};
            for (unsigned j = 0; j < n; ++j) {
                fds[j].fd = handle();
                fds[j].events = evs[pick(6)];
                fds[j].revents = 0;
            }
            WSAPOLLFD* p = (n > 0 && coin(6)) || coin(10) ? nullptr : fds;
            rc = WSAPoll(p, n, 0);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "WSAPoll(%p, %u, 0)", vp(p), n);
            break;
        }
        case 26: {
            static const int af[] = {AF_INET, AF_UNSPEC, AF_INET6, 0xdead};
            static const int ty[] = {SOCK_DGRAM, SOCK_STREAM, SOCK_RAW, 0, 99};
            static const int pr[] = {0, IPPROTO_UDP, IPPROTO_TCP, 0x1234};
            const int a = af[pick(4)], t = ty[pick(5)], p = pr[pick(4)];
            const unsigned which = pick(3);
            SOCKET ns = which == 0   ? socket(a, t, p)
                        : which == 1 ? WSASocketA(a, t, p, nullptr, 0, 0)
                                     : WSASocketW(a, t, p, nullptr, 0, 0);
            failed = ns == INVALID_SOCKET;
            snprintf(msg, sizeof(msg), "%s(%d, %d, %d)", which == 0 ? "socket" : which == 1 ? "WSASocketA" : "WSASocketW",
                     a, t, p);
            if (!failed) {
                check(i, failed, msg);
                closesocket(ns);
                last = msg;
                return;
            }
            break;
        }
        case 27: {
            const bool wide = pick(2);
            INT protos[] = {IPPROTO_UDP, IPPROTO_TCP, 0x1234, 0};
            INT* lpp = coin(2) ? nullptr : protos;
            DWORD len = static_cast<DWORD>(coin(2) ? 0 : sizeof(big));
            DWORD* lpl = coin(6) ? nullptr : &len;
            void* buf = coin(3) ? nullptr : static_cast<void*>(big);
            if (buf == nullptr && lpl) len = 0;
            rc = wide ? WSAEnumProtocolsW(lpp, static_cast<LPWSAPROTOCOL_INFOW>(buf), lpl)
                      : WSAEnumProtocolsA(lpp, static_cast<LPWSAPROTOCOL_INFOA>(buf), lpl);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "WSAEnumProtocols%c(%s, %p, %s%u)", wide ? 'W' : 'A', lpp ? "list" : "NULL",
                     buf, lpl ? "&" : "NULL ", static_cast<unsigned>(len));
            break;
        }
        case 28: {
            const unsigned which = pick(4);
            u_short ns = 0;
            u_long nl = 0;
            const bool null = coin(4);
            switch (which) {
            case 0: rc = WSAHtons(s, 0x1234, null ? nullptr : &ns); break;
            case 1: rc = WSAHtonl(s, 0x12345678, null ? nullptr : &nl); break;
            case 2: rc = WSANtohs(s, 0x1234, null ? nullptr : &ns); break;
            default: rc = WSANtohl(s, 0x12345678, null ? nullptr : &nl); break;
            }
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "WSA%s(%#llx, %s)",
                     which == 0 ? "Htons" : which == 1 ? "Htonl" : which == 2 ? "Ntohs" : "Ntohl",
                     ull(s), null ? "NULL" : "&out");
            break;
        }
        default: {
            char* p;
            int len;
            buffer(p, len);
            rc = gethostname(p, len);
            failed = rc == SOCKET_ERROR;
            snprintf(msg, sizeof(msg), "gethostname(%p, %d)", vp(p), len);
            break;
        }
        }
        check(i, failed, msg);
        last = msg;
    }

    unsigned long long successes = 0, failures = 0;
    void check(unsigned long long i, bool failed, const char* msg) {
        const int e = WSAGetLastError();
        ++(failed ? failures : successes);
        if (failed) {
            EXPECT_TRUE(e >= kFirstWsaError && e <= kLastWsaError && e != WSANOTINITIALISED)
                << "call " << i << ": " << msg << " failed with last error " << e;
        } else {
            EXPECT_EQ(e, 0) << "call " << i << ": " << msg << " succeeded but left last error " << e;
        }
    }
};

TEST_F(ApiFuzz, SeededRandomCalls) {
    const unsigned long long seed = env_or("SLUICE_FUZZ_SEED", 0x5a17ce);
    const unsigned long long calls = env_or("SLUICE_FUZZ_CALLS", 100000);
    std::printf("api_fuzz: SLUICE_FUZZ_SEED=%#llx SLUICE_FUZZ_CALLS=%llu\n", seed, calls);
    RecordProperty("seed", std::to_string(seed));
    start();
    const unsigned long long in_use_before = pool_in_use();
    ASSERT_NE(in_use_before, ~0ULL) << "no pool.in_use counter";
    Fuzzer f(seed);
    for (int k = 0; k < 8; ++k) ASSERT_NE(f.open_one(), INVALID_SOCKET);
    for (unsigned long long i = 0; i < calls; ++i) {
        f.step(i);
        if (HasFailure()) {
            ADD_FAILURE() << "stopping at call " << i << " (seed " << seed << "); last call: " << f.last;
            break;
        }
    }
    std::printf("api_fuzz: %llu calls succeeded, %llu failed\n", f.successes, f.failures);
    for (SOCKET s : f.sockets) EXPECT_EQ(closesocket(s), 0) << WSAGetLastError();
    f.sockets.clear();
    EXPECT_EQ(pool_in_use(), in_use_before) << "mbufs leaked by the random run (seed " << seed << ")";
    stop();
}

}  // namespace
