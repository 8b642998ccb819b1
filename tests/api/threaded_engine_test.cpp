// tests/api/threaded_engine_test.cpp: four application threads driving one
// engine through libsluice's Winsock API, in threaded mode
// ("mode = threaded", "idle = adaptive") and in inline mode ("mode = inline",
// the four threads sharing the inline engine under its lock). See
// provider/include/sluice/provider/engine_host.hpp for the two modes.
//
// Each thread owns a pair of bound UDP sockets A and B on 127.0.0.1 and runs
// `rounds` round trips A -> B -> A (default 100,000 per thread):
//   - every datagram carries (thread, sequence, direction, length) and a body
//     derived from them; the receiver checks the length, the header, every
//     byte of the body and the source address: nothing may be lost,
//     duplicated, reordered or corrupted on loopback;
//   - the rounds mix the calls: sendto/recvfrom, WSASendTo/WSARecvFrom with
//     two buffers each (gather and scatter), connected send/recv, and every
//     64 rounds a burst of 8 datagrams sent before any is received (order
//     checked);
//   - receives are blocking with SO_RCVTIMEO = 5 s, so a lost datagram fails
//     the test (WSAETIMEDOUT, naming thread and sequence) instead of hanging.
// Accounting at the end: the engine's udp_sent and udp_delivered counters
// grew by exactly 2 x threads x rounds, no drop.* counter moved, and
// "pool.in_use" is back at the value it had before the sockets were created
// (also after a closesocket with datagrams still queued, and in the next
// session after WSACleanup + WSAStartup).
//
// The configuration is read when the stack comes up (sluice.h), so each test
// sets it before its WSAStartup and drains Winsock at the end; meson runs each
// mode as its own process (--gtest_filter). The round count comes from
// --rounds=N or the environment variable SLUICE_STRESS_ROUNDS; the elapsed
// time and the rate are printed.
#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

int g_rounds = 100000;
int g_threads = 4;  // SLUICE_STRESS_THREADS overrides (diagnosis only)
constexpr int kBurst = 8;          // datagrams in flight in a burst round
constexpr int kBurstEvery = 64;    // a burst starts at every multiple of this
constexpr int kReceiveTimeoutMs = 5000;
constexpr int kMaxPayload = 1400;  // below the loopback MTU: no fragmentation
constexpr std::uint32_t kMagic = 0x51C3E0A7u;

using Counters = std::map<std::string, unsigned long long>;

Counters read_counters() {
    Counters c;
    const int r = sluice_for_each_counter(
        [](const char* name, unsigned long long value, void* context) {
            (*static_cast<Counters*>(context))[name] = value;
        },
        &c);
    EXPECT_EQ(r, 0) << "sluice_for_each_counter";
    return c;
}

unsigned long long counter(const Counters& c, const std::string& name) {
    const auto it = c.find(name);
    EXPECT_NE(it, c.end()) << "no counter " << name;
    return it == c.end() ? 0 : it->second;
}

unsigned long long total_drops(const Counters& c) {
    unsigned long long sum = 0;
    for (const auto& [name, value] : c) {
        if (name.rfind("drop.", 0) == 0) sum += value;
    }
    return sum;
}

std::string drop_summary(const Counters& before, const Counters& after) {
    std::string s;
    for (const auto& [name, value] : after) {
        if (name.rfind("drop.", 0) != 0) continue;
        const auto it = before.find(name);
        const unsigned long long old = it == before.end() ? 0 : it->second;
        if (value != old) s += " " + name + "+" + std::to_string(value - old);
    }
    return s;
}

// ---- Datagram format -----------------------------------------------------------

struct Header {
    std::uint32_t magic;
    std::uint32_t thread;
    std::uint64_t sequence;
    std::uint32_t direction;  // 0: A -> B, 1: B -> A
    std::uint32_t length;     // whole datagram
};
static_assert(sizeof(Header) == 24);

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

int length_of(std::uint32_t thread, std::uint64_t sequence) {
    return static_cast<int>(sizeof(Header) + mix(thread * 0x100000000ull + sequence) % (kMaxPayload - sizeof(Header) + 1));
}

void fill(char* out, std::uint32_t thread, std::uint64_t sequence, std::uint32_t direction) {
    const int len = length_of(thread, sequence);
    const Header h{kMagic, thread, sequence, direction, static_cast<std::uint32_t>(len)};
    std::memcpy(out, &h, sizeof h);
    std::uint64_t state = mix(sequence ^ (static_cast<std::uint64_t>(thread) << 56) ^ direction);
    for (int i = static_cast<int>(sizeof h); i < len; ++i) {
        if ((i & 7) == 0) state = mix(state);
        out[i] = static_cast<char>(state >> ((i & 7) * 8));
    }
}

// Empty string when `got` (n bytes) is the expected datagram, else what differs.
std::string check(const char* got, int n, std::uint32_t thread, std::uint64_t sequence, std::uint32_t direction) {
    const int len = length_of(thread, sequence);
    char want[kMaxPayload];
    fill(want, thread, sequence, direction);
    Header h{};
    if (n >= static_cast<int>(sizeof h)) std::memcpy(&h, got, sizeof h);
    if (n != len || std::memcmp(got, want, static_cast<std::size_t>(len)) != 0) {
        return "expected thread " + std::to_string(thread) + " seq " + std::to_string(sequence) + " dir " +
               std::to_string(direction) + " len " + std::to_string(len) + ", got " + std::to_string(n) +
               " bytes (header: magic " + std::to_string(h.magic == kMagic) + " thread " +
               std::to_string(h.thread) + " seq " + std::to_string(h.sequence) + " dir " +
               std::to_string(h.direction) + " len " + std::to_string(h.length) + ")";
    }
    return {};
}

// ---- One thread's work ---------------------------------------------------------------

struct Pair {
    SOCKET a = INVALID_SOCKET;
    SOCKET b = INVALID_SOCKET;
    sockaddr_in a_addr{};
    sockaddr_in b_addr{};
};

std::string wsa(const char* what, int r) {
    return std::string(what) + " returned " + std::to_string(r) + ", WSAGetLastError " +
           std::to_string(WSAGetLastError());
}

// Opens, binds and configures one UDP socket; empty string on success.
std::string open_socket(SOCKET* s, sockaddr_in* bound) {
    *s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (*s == INVALID_SOCKET) return wsa("socket", -1);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = static_cast<ULONG>(htonl(INADDR_LOOPBACK));
    int r = bind(*s, reinterpret_cast<const sockaddr*>(&any), sizeof any);
    if (r != 0) return wsa("bind", r);
    int len = sizeof *bound;
    r = getsockname(*s, reinterpret_cast<sockaddr*>(bound), &len);
    if (r != 0 || len != static_cast<int>(sizeof *bound) || bound->sin_port == 0) return wsa("getsockname", r);
    DWORD timeout = kReceiveTimeoutMs;
    r = setsockopt(*s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout), sizeof timeout);
    if (r != 0) return wsa("setsockopt(SO_RCVTIMEO)", r);
    int rcvbuf = 1 << 20;
    r = setsockopt(*s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&rcvbuf), sizeof rcvbuf);
    if (r != 0) return wsa("setsockopt(SO_RCVBUF)", r);
    return {};
}

bool same_endpoint(const sockaddr_in& x, const sockaddr_in& y) {
    return x.sin_family == y.sin_family && x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
}

enum class Way { sendto, wsa, connected };

Way way_of(std::uint64_t sequence) { return static_cast<Way>(sequence % 3); }

// Sends datagram (thread, sequence, direction) from `from` to `to`.
std::string send_one(SOCKET from, const sockaddr_in& to, std::uint32_t thread, std::uint64_t sequence,
                     std::uint32_t direction) {
    char buf[kMaxPayload];
    fill(buf, thread, sequence, direction);
    const int len = length_of(thread, sequence);
    switch (way_of(sequence)) {
    case Way::sendto: {
        const int r = sendto(from, buf, len, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
        if (r != len) return wsa("sendto", r);
        return {};
    }
    case Way::wsa: {
        const int split = len / 3;
        WSABUF bufs[2] = {{static_cast<ULONG>(split), buf}, {static_cast<ULONG>(len - split), buf + split}};
        DWORD sent = 0;
        const int r = WSASendTo(from, bufs, 2, &sent, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to, nullptr,
                                nullptr);
        if (r != 0 || sent != static_cast<DWORD>(len)) return wsa("WSASendTo", r) + " sent " + std::to_string(sent);
        return {};
    }
    case Way::connected: {
        const int r = send(from, buf, len, 0);
        if (r != len) return wsa("send", r);
        return {};
    }
    }
    return "unreachable";
}

// Receives on `on` and checks it is datagram (thread, sequence, direction)
// sent from `peer`.
std::string receive_one(SOCKET on, const sockaddr_in& peer, std::uint32_t thread, std::uint64_t sequence,
                        std::uint32_t direction) {
    char buf[2048];
    sockaddr_in from{};
    int n = 0;
    switch (way_of(sequence)) {
    case Way::sendto: {
        int fromlen = sizeof from;
        n = recvfrom(on, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fromlen);
        if (n < 0) return wsa("recvfrom", n) + " waiting for thread " + std::to_string(thread) + " seq " +
                          std::to_string(sequence) + " dir " + std::to_string(direction);
        if (fromlen != static_cast<int>(sizeof from)) return "recvfrom fromlen " + std::to_string(fromlen);
        break;
    }
    case Way::wsa: {
        // Scatter over two buffers split at an odd place.
        WSABUF bufs[2] = {{37, buf}, {static_cast<ULONG>(sizeof buf - 37), buf + 37}};
        DWORD received = 0;
        DWORD flags = 0;
        int fromlen = sizeof from;
        const int r = WSARecvFrom(on, bufs, 2, &received, &flags, reinterpret_cast<sockaddr*>(&from), &fromlen,
                                  nullptr, nullptr);
        if (r != 0) return wsa("WSARecvFrom", r) + " waiting for thread " + std::to_string(thread) + " seq " +
                           std::to_string(sequence) + " dir " + std::to_string(direction);
        if (flags != 0) return "WSARecvFrom flags " + std::to_string(flags);
        n = static_cast<int>(received);
        break;
    }
    case Way::connected: {
        n = recv(on, buf, sizeof buf, 0);
        if (n < 0) return wsa("recv", n) + " waiting for thread " + std::to_string(thread) + " seq " +
                          std::to_string(sequence) + " dir " + std::to_string(direction);
        from = peer;  // recv has no source; the connected socket only accepts its peer
        break;
    }
    }
    if (!same_endpoint(from, peer)) return "datagram from an unexpected address";
    return check(buf, n, thread, sequence, direction);
}

// The thread body: `rounds` round trips on its own pair. Returns "" or the
// first failure.
std::string run_thread(std::uint32_t thread, const Pair& p, int rounds) {
    std::uint64_t seq = 0;
    const auto total = static_cast<std::uint64_t>(rounds);
    while (seq < total) {
        const bool burst = seq % kBurstEvery == 0 && seq + kBurst <= total;
        const std::uint64_t count = burst ? kBurst : 1;
        for (std::uint64_t k = 0; k < count; ++k) {
            if (auto e = send_one(p.a, p.b_addr, thread, seq + k, 0); !e.empty()) return e;
        }
        for (std::uint64_t k = 0; k < count; ++k) {
            if (auto e = receive_one(p.b, p.a_addr, thread, seq + k, 0); !e.empty()) return "B: " + e;
        }
        for (std::uint64_t k = 0; k < count; ++k) {
            if (auto e = send_one(p.b, p.a_addr, thread, seq + k, 1); !e.empty()) return e;
        }
        for (std::uint64_t k = 0; k < count; ++k) {
            if (auto e = receive_one(p.a, p.b_addr, thread, seq + k, 1); !e.empty()) return "A: " + e;
        }
        seq += count;
    }
    return {};
}

// ---- The test ----------------------------------------------------------------------

void drain() {
    while (WSACleanup() == 0) {
    }
}

void run_stress(const char* name, const char* config) {
    drain();
    if (const char* override_config = std::getenv("SLUICE_STRESS_CONFIG"); override_config != nullptr) {
        config = override_config;  // diagnosis only: e.g. "mode = threaded\nidle = busy\n"
    }
    std::printf("[ stress   ] config: %s\n", config);
    ASSERT_EQ(sluice_set_config(config), 0) << sluice_config_error();
    WSADATA data{};
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);

    const Counters before = read_counters();
    const unsigned long long in_use_before = counter(before, "pool.in_use");

    std::vector<Pair> pairs(g_threads);
    for (Pair& p : pairs) {
        std::string e = open_socket(&p.a, &p.a_addr);
        ASSERT_TRUE(e.empty()) << e;
        e = open_socket(&p.b, &p.b_addr);
        ASSERT_TRUE(e.empty()) << e;
        // Both ends connected to each other: the Way::connected rounds use
        // send/recv, and sendto/WSASendTo still name the peer explicitly.
        ASSERT_EQ(connect(p.a, reinterpret_cast<const sockaddr*>(&p.b_addr), sizeof p.b_addr), 0)
            << WSAGetLastError();
        ASSERT_EQ(connect(p.b, reinterpret_cast<const sockaddr*>(&p.a_addr), sizeof p.a_addr), 0)
            << WSAGetLastError();
    }

    std::vector<std::string> errors(g_threads);
    std::vector<std::thread> threads;
    std::barrier start(g_threads + 1);
    const int rounds = g_rounds;
    for (int t = 0; t < g_threads; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            errors[t] = run_thread(static_cast<std::uint32_t>(t), pairs[t], rounds);
        });
    }
    const auto t0 = std::chrono::steady_clock::now();
    start.arrive_and_wait();
    for (std::thread& th : threads) th.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ stress   ] %s: %d threads x %d round trips in %.2f s (%.0f round trips/s)\n",
                name, g_threads, rounds, seconds,
                g_threads * static_cast<double>(rounds) / seconds);
    for (int t = 0; t < g_threads; ++t) EXPECT_TRUE(errors[t].empty()) << "thread " << t << ": " << errors[t];

    const Counters after = read_counters();
    const auto expected = 2ull * g_threads * static_cast<unsigned long long>(rounds);
    bool all_ok = true;
    for (const auto& e : errors) all_ok = all_ok && e.empty();
    if (all_ok) {
        EXPECT_EQ(counter(after, "udp_sent") - counter(before, "udp_sent"), expected);
        EXPECT_EQ(counter(after, "udp_delivered") - counter(before, "udp_delivered"), expected);
    }
    EXPECT_EQ(total_drops(after), total_drops(before)) << "drops:" << drop_summary(before, after);

    // Every datagram was received: nothing is queued, FIONREAD says 0.
    for (const Pair& p : pairs) {
        for (SOCKET s : {p.a, p.b}) {
            u_long pending = 12345;
            EXPECT_EQ(ioctlsocket(s, FIONREAD, &pending), 0) << WSAGetLastError();
            if (all_ok) {
                EXPECT_EQ(pending, 0u);
            }
        }
    }
    for (const Pair& p : pairs) {
        EXPECT_EQ(closesocket(p.a), 0) << WSAGetLastError();
        EXPECT_EQ(closesocket(p.b), 0) << WSAGetLastError();
    }
    EXPECT_EQ(counter(read_counters(), "pool.in_use"), in_use_before) << "mbufs leaked by the round trips";

    // Closing a socket with datagrams still queued gives their mbufs back.
    {
        Pair p;
        std::string e = open_socket(&p.a, &p.a_addr);
        ASSERT_TRUE(e.empty()) << e;
        e = open_socket(&p.b, &p.b_addr);
        ASSERT_TRUE(e.empty()) << e;
        constexpr int queued = 32;
        for (int k = 0; k < queued; ++k) {
            char buf[kMaxPayload];
            fill(buf, 99, static_cast<std::uint64_t>(k), 0);
            const int len = length_of(99, static_cast<std::uint64_t>(k));
            ASSERT_EQ(sendto(p.a, buf, len, 0, reinterpret_cast<const sockaddr*>(&p.b_addr), sizeof p.b_addr), len)
                << WSAGetLastError();
        }
        // Wait until all of them are queued at B (threaded: the engine thread
        // delivers them), then close B without reading.
        u_long pending = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReceiveTimeoutMs);
        unsigned long long want_bytes = 0;
        for (int k = 0; k < queued; ++k) want_bytes += static_cast<unsigned long long>(length_of(99, static_cast<std::uint64_t>(k)));
        while (std::chrono::steady_clock::now() < deadline) {
            ASSERT_EQ(ioctlsocket(p.b, FIONREAD, &pending), 0) << WSAGetLastError();
            if (pending == want_bytes) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        EXPECT_EQ(pending, want_bytes) << "not every datagram reached B";
        EXPECT_GT(counter(read_counters(), "pool.in_use"), in_use_before) << "queued datagrams hold no mbufs?";
        EXPECT_EQ(closesocket(p.b), 0) << WSAGetLastError();
        EXPECT_EQ(closesocket(p.a), 0) << WSAGetLastError();
        EXPECT_EQ(counter(read_counters(), "pool.in_use"), in_use_before)
            << "mbufs of datagrams queued at closesocket were not freed";
    }

    // A new session (fresh engine and pool, same configuration) starts from
    // the same in-use count.
    ASSERT_EQ(WSACleanup(), 0) << WSAGetLastError();
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    EXPECT_EQ(counter(read_counters(), "pool.in_use"), in_use_before) << "in-use count of a fresh session";
    drain();
    EXPECT_EQ(sluice_set_config(nullptr), 0);
}

TEST(ThreadedEngine, FourThreadsThreadedMode) { run_stress("threaded", "mode = threaded\nidle = adaptive\n"); }

TEST(ThreadedEngine, FourThreadsInlineMode) { run_stress("inline", "mode = inline\n"); }

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (const char* env = std::getenv("SLUICE_STRESS_ROUNDS"); env != nullptr && *env != '\0') {
        g_rounds = std::atoi(env);
    }
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--rounds=", 9) == 0) g_rounds = std::atoi(argv[i] + 9);
    }
    if (const char* env = std::getenv("SLUICE_STRESS_THREADS"); env != nullptr && *env != '\0') {
        g_threads = std::atoi(env);
    }
    if (g_rounds <= 0 || g_threads <= 0) {
        std::fprintf(stderr, "rounds and threads must be positive\n");
        return 2;
    }
    std::printf("[ stress   ] %d round trips per thread (--rounds=N or SLUICE_STRESS_ROUNDS to change)\n", g_rounds);
    return RUN_ALL_TESTS();
}
