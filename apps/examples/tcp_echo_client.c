/* apps/examples/tcp_echo_client.c: a TCP echo (RFC 862) client written
 * against libsluice's public API only: the Winsock calls of
 * <sluice/winsock2.h> plus <sluice/sluice.h> (sluice_set_config to bring the
 * stack up on a NIC, sluice_interface, sluice_for_each_counter). It is
 * ordinary Winsock code; only the include lines and sluice_* calls differ
 * from what it would be on Windows. tests/integration/linux_peer_tcp.sh runs
 * it against the Linux kernel (tcp_echo_peer.py server).
 *
 *   tcp_echo_client [options] IPV4 PORT
 *     -c FILE     stack configuration (the SLUICE_CONFIG file format), given
 *                 to sluice_set_config; without it SLUICE_CONFIG or the
 *                 embedded loopback-only stack applies
 *     -n BYTES    bytes to stream (default 1048576, 1..2^40)
 *     -s SEED     seed of the pattern (default 1)
 *     -b CHUNK    bytes per send and per recv call (default 65536, 1..1048576)
 *     -W SECONDS  retry a connect that is refused, times out or finds no
 *                 route for up to SECONDS: the link or the server may still
 *                 be coming up (default 0: one attempt)
 *     -T SECONDS  give up after SECONDS in all (default 60)
 *     -k COUNT    short connections instead of one bulk transfer: COUNT
 *                 connections (1..10^7), each a 64-byte request and its echo
 *     -p N        short connections in flight at once (default 1, 1..64)
 *     -S SECONDS  keep the stack running SECONDS after the run before
 *                 printing the counters, so that TIME-WAIT ends and every
 *                 buffer can come back (default 0)
 *     -v          print the stack's counters at the end ("counter NAME N")
 *
 * The stream is a seeded pattern addressable by offset: the 8-byte word k
 * (little endian) is splitmix64(seed + k), so data echoed out of place or
 * from another run is caught, and the echo is checked as it arrives without
 * keeping what was sent. The socket is non-blocking after the connect and
 * one select() waits for both directions, so sending never stalls while the
 * echo piles up (the server echoes only as fast as it is read). After the
 * last byte is sent the client half-closes (shutdown SD_SEND); the server
 * then half-closes too, and recv must return 0 exactly after the last
 * echoed byte. Then closesocket.
 *
 * Short connections (-k) test connection setup and teardown rather than
 * throughput: connection i sends 64 bytes of the pattern under a seed made
 * of -s and i, reads the 64-byte echo and checks it, half-closes
 * (shutdown SD_SEND), reads until recv returns 0 (a byte more is a failure),
 * then closesocket. The client closes first, so each of its connections
 * ends in TIME-WAIT (2 MSL, the configuration's tcp_msl), holding its
 * ephemeral port. -p N keeps N connections in flight on non-blocking sockets
 * and one select(); a finished connection's slot starts the next index.
 *
 * A connect attempt waits up to 3 s (the SYN may wait for ARP and be sent
 * again); attempts start at least 100 ms apart, each on a fresh socket. In
 * short mode only connects before the first established connection are
 * retried; later a failed connect fails the run.
 *
 * Prints "READY <ip> <mac>" once the stack is up, then one summary line:
 * "PASS <bytes> bytes <MB/s> MB/s (<s> s, <n> connect attempts)", MB/s
 * counting both directions (2 * bytes / time from connected to end of
 * stream, as tcp_echo_peer.py's client does), or "FAIL <reason>" (the first
 * mismatching offset for corrupt echo). Short connections: "PASS <count>
 * connections <rate> conn/s (<s> s from the first established, <n> connect
 * attempts, <N> at a time)" or "FAIL connection <index>: <reason>" (the
 * first failure; when -T runs out, the oldest connection still open and what
 * it waited for). Exit status 0 on PASS, 1 on FAIL, 2 for bad arguments.
 * select() waits, so an inline engine is polled by the waiting call itself. */
#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include "example_util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

enum { kMaxChunk = 1 << 20, kAttemptMs = 3000, kAttemptSpacingMs = 100, kCallsPerWakeup = 16, kReasonBytes = 200 };
enum { kRequestBytes = 64, kMaxParallel = 64 }; /* short connections; FD_SETSIZE is 64 */

typedef struct {
    long long bytes;
    long seed, chunk, wait_s, total_s;
    long connections, parallel, settle_s; /* -k (0: one bulk transfer), -p, -S */
    int verbose;
    const char *config_path;
    u_long server_ip; /* host order */
    u_short server_port;
} Options;

/* One transfer's progress. */
typedef struct {
    long long sent, echoed;
    int shut_down, end_of_stream;
    long attempts;
    char reason[kReasonBytes]; /* the first failure; empty while all is well */
} Transfer;

static int64_t now_ms(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    thrd_sleep(&ts, NULL);
}

/* Records the first failure reason in reason[kReasonBytes]. */
static void fail(char *reason, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void fail(char *reason, const char *format, ...)
{
    va_list args;
    if (reason[0] != '\0') return;
    va_start(args, format);
    vsnprintf(reason, kReasonBytes, format, args);
    va_end(args);
}

static void usage(void)
{
    fputs("usage: tcp_echo_client [-c CONFIG_FILE] [-n BYTES] [-s SEED] [-b CHUNK] [-W WAIT_S]\n"
          "                       [-T TOTAL_S] [-k COUNT [-p PARALLEL]] [-S SETTLE_S] [-v] IPV4 PORT\n", stderr);
}

static void default_options(Options *o)
{
    memset(o, 0, sizeof *o);
    o->bytes = 1 << 20;
    o->seed = 1;
    o->chunk = 65536;
    o->wait_s = 0;
    o->total_s = 60;
    o->parallel = 1;
}

/* One "-x VALUE" option; 0 when it is unknown or its value is bad. */
static int parse_option(const char *flag, const char *value, Options *o)
{
    if (strcmp(flag, "-c") == 0) return (o->config_path = value) != NULL;
    if (strcmp(flag, "-n") == 0) return example_parse_long_long(value, 1, 1LL << 40, &o->bytes);
    if (strcmp(flag, "-s") == 0) return example_parse_long(value, 0, 2147483647L, &o->seed);
    if (strcmp(flag, "-b") == 0) return example_parse_long(value, 1, kMaxChunk, &o->chunk);
    if (strcmp(flag, "-W") == 0) return example_parse_long(value, 0, 3600, &o->wait_s);
    if (strcmp(flag, "-T") == 0) return example_parse_long(value, 1, 86400, &o->total_s);
    if (strcmp(flag, "-k") == 0) return example_parse_long(value, 1, 10000000, &o->connections);
    if (strcmp(flag, "-p") == 0) return example_parse_long(value, 1, kMaxParallel, &o->parallel);
    if (strcmp(flag, "-S") == 0) return example_parse_long(value, 0, 3600, &o->settle_s);
    return 0;
}

static int parse_options(int argc, char **argv, Options *o)
{
    int i;
    long port = 0;
    default_options(o);
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "-v") == 0) {
            o->verbose = 1;
            continue;
        }
        if (!parse_option(argv[i], value, o)) {
            fprintf(stderr, "tcp_echo_client: bad option %s %s\n", argv[i], value ? value : "");
            return 0;
        }
        ++i;
    }
    if (argc - i != 2) return 0;
    if (!example_parse_ipv4(argv[i], &o->server_ip)) {
        fprintf(stderr, "tcp_echo_client: bad IPv4 address '%s'\n", argv[i]);
        return 0;
    }
    if (!example_parse_long(argv[i + 1], 1, 65535, &port)) {
        fprintf(stderr, "tcp_echo_client: bad port '%s'\n", argv[i + 1]);
        return 0;
    }
    o->server_port = (u_short)port;
    return 1;
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* The pattern's n bytes from stream offset `offset`. */
static void fill(uint64_t seed, long long offset, unsigned char *p, long n)
{
    uint64_t word_index = (uint64_t)offset / 8, word = splitmix64(seed + word_index);
    unsigned shift = (unsigned)(offset % 8);
    long i;
    for (i = 0; i < n; ++i) {
        p[i] = (unsigned char)(word >> (8 * shift));
        if (++shift == 8) {
            shift = 0;
            word = splitmix64(seed + ++word_index);
        }
    }
}

static SOCKADDR_IN server_address(const Options *o)
{
    SOCKADDR_IN a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(o->server_port);
    a.sin_addr.s_addr = htonl(o->server_ip);
    return a;
}

/* Errors after which another connect attempt may succeed. */
static int retryable(int error)
{
    return error == WSAECONNREFUSED || error == WSAETIMEDOUT || error == WSAEHOSTUNREACH ||
           error == WSAENETUNREACH || error == WSAECONNRESET || error == WSAENOBUFS;
}

static int set_non_blocking(SOCKET s)
{
    u_long on = 1;
    if (ioctlsocket(s, (long)FIONBIO, &on) == SOCKET_ERROR) {
        fprintf(stderr, "tcp_echo_client: ioctlsocket(FIONBIO) failed with error %d\n", WSAGetLastError());
        return 0;
    }
    return 1;
}

/* Waits up to wait_ms for a non-blocking connect to end: 0 connected, else
 * the error (WSAETIMEDOUT when it did not end in time). */
static int await_connect(SOCKET s, int64_t wait_ms)
{
    fd_set writable, failed;
    struct timeval tv;
    int ready, error = 0, length = sizeof error;
    FD_ZERO(&writable);
    FD_ZERO(&failed);
    FD_SET(s, &writable);
    FD_SET(s, &failed);
    tv.tv_sec = (long)(wait_ms / 1000);
    tv.tv_usec = (long)(wait_ms % 1000) * 1000;
    ready = select(0, NULL, &writable, &failed, &tv);
    if (ready == SOCKET_ERROR) return WSAGetLastError();
    if (ready == 0) return WSAETIMEDOUT;
    if (FD_ISSET(s, &writable)) return 0;
    if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&error, &length) == SOCKET_ERROR) return WSAGetLastError();
    return error != 0 ? error : WSAECONNREFUSED;
}

/* One attempt on a fresh non-blocking socket; INVALID_SOCKET with *error set
 * when it failed. */
static SOCKET connect_once(const SOCKADDR_IN *server, int64_t wait_ms, int *error)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        *error = WSAGetLastError();
        return INVALID_SOCKET;
    }
    *error = 0;
    if (!set_non_blocking(s)) *error = WSAEINVAL;
    else if (connect(s, (const SOCKADDR *)server, sizeof *server) == SOCKET_ERROR) {
        *error = WSAGetLastError();
        if (*error == WSAEWOULDBLOCK) *error = await_connect(s, wait_ms);
    }
    if (*error == 0) return s;
    closesocket(s);
    return INVALID_SOCKET;
}

/* Connects, retrying for up to wait_s; INVALID_SOCKET (reason recorded) when
 * no attempt succeeded. */
static SOCKET connect_with_retries(const Options *o, int64_t give_up_ms, Transfer *t)
{
    const SOCKADDR_IN server = server_address(o);
    const int64_t retry_until = now_ms() + (int64_t)o->wait_s * 1000;
    int error = 0;
    for (;;) {
        const int64_t start = now_ms();
        int64_t wait = give_up_ms - start;
        SOCKET s;
        if (start < retry_until && wait > kAttemptMs) wait = kAttemptMs;
        if (wait <= 0) break;
        ++t->attempts;
        s = connect_once(&server, wait, &error);
        if (s != INVALID_SOCKET) return s;
        if (!retryable(error) || now_ms() >= retry_until) break;
        if (now_ms() - start < kAttemptSpacingMs) sleep_ms((long)(kAttemptSpacingMs - (now_ms() - start)));
    }
    fail(t->reason, "connect failed with error %d after %ld attempts", error, t->attempts);
    return INVALID_SOCKET;
}

/* Sends what the socket takes, up to kCallsPerWakeup calls; half-closes
 * after the last byte. 0 on a hard error. */
static int pump_send(SOCKET s, const Options *o, unsigned char *buffer, Transfer *t)
{
    int calls;
    for (calls = 0; calls < kCallsPerWakeup && t->sent < o->bytes; ++calls) {
        const long long left = o->bytes - t->sent;
        const long n = left < o->chunk ? (long)left : o->chunk;
        int done;
        fill((uint64_t)o->seed, t->sent, buffer, n);
        done = send(s, (const char *)buffer, (int)n, 0);
        if (done == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) break;
            fail(t->reason, "send failed with error %d after %lld of %lld bytes sent", error, t->sent, o->bytes);
            return 0;
        }
        t->sent += done;
    }
    if (t->sent == o->bytes && !t->shut_down) {
        if (shutdown(s, SD_SEND) == SOCKET_ERROR) {
            fail(t->reason, "shutdown(SD_SEND) failed with error %d", WSAGetLastError());
            return 0;
        }
        t->shut_down = 1;
    }
    return 1;
}

/* Checks n echoed bytes against the pattern; 0 (first bad offset recorded)
 * on a mismatch. */
static int check_echo(const Options *o, const unsigned char *data, long n, unsigned char *expected, Transfer *t)
{
    long i;
    if (t->echoed + n > t->sent) {
        fail(t->reason, "echo runs ahead of what was sent: %lld bytes echoed, %lld sent", t->echoed + n, t->sent);
        return 0;
    }
    fill((uint64_t)o->seed, t->echoed, expected, n);
    if (memcmp(data, expected, (size_t)n) == 0) return 1;
    for (i = 0; i < n && data[i] == expected[i]; ++i) {
    }
    fail(t->reason, "echo differs at byte %lld: got 0x%02x, expected 0x%02x", t->echoed + i, data[i], expected[i]);
    return 0;
}

/* Reads what has arrived, up to kCallsPerWakeup calls. 0 on a hard error,
 * corrupt echo or an early or late end of stream. */
static int pump_receive(SOCKET s, const Options *o, unsigned char *buffer, unsigned char *expected, Transfer *t)
{
    int calls;
    for (calls = 0; calls < kCallsPerWakeup && !t->end_of_stream; ++calls) {
        const int n = recv(s, (char *)buffer, (int)o->chunk, 0);
        if (n == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) break;
            fail(t->reason, "recv failed with error %d after %lld of %lld bytes echoed", error, t->echoed, o->bytes);
            return 0;
        }
        if (n == 0) {
            t->end_of_stream = 1;
            if (t->echoed == o->bytes) return 1;
            fail(t->reason, "end of stream after %lld of %lld bytes echoed (%lld sent)", t->echoed, o->bytes, t->sent);
            return 0;
        }
        if (!check_echo(o, buffer, n, expected, t)) return 0;
        t->echoed += n;
    }
    return 1;
}

/* Waits up to wait_ms for the socket to be readable or (while there is
 * more to send) writable. SOCKET_ERROR on failure. */
static int wait_ready(SOCKET s, int want_write, int64_t wait_ms, int *readable, int *writable)
{
    fd_set r, w;
    struct timeval tv;
    int ready;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(s, &r);
    if (want_write) FD_SET(s, &w);
    tv.tv_sec = (long)(wait_ms / 1000);
    tv.tv_usec = (long)(wait_ms % 1000) * 1000;
    ready = select(0, &r, want_write ? &w : NULL, NULL, &tv);
    if (ready == SOCKET_ERROR) return SOCKET_ERROR;
    *readable = FD_ISSET(s, &r) != 0;
    *writable = want_write && FD_ISSET(s, &w) != 0;
    return ready;
}

/* Streams the pattern and checks the echo until the end of stream; 1 when
 * every byte came back intact followed by the end of stream. */
static int stream(SOCKET s, const Options *o, int64_t give_up_ms, Transfer *t)
{
    unsigned char *out = malloc((size_t)o->chunk), *in = malloc((size_t)o->chunk), *expected = malloc((size_t)o->chunk);
    int ok = out != NULL && in != NULL && expected != NULL;
    if (!ok) fail(t->reason, "out of memory");
    while (ok && !t->end_of_stream) {
        const int64_t left = give_up_ms - now_ms();
        int readable = 0, writable = 0, ready;
        if (left <= 0) {
            fail(t->reason, "gave up after %ld s: %lld sent, %lld of %lld echoed", o->total_s, t->sent, t->echoed,
                 o->bytes);
            ok = 0;
            break;
        }
        ready = wait_ready(s, t->sent < o->bytes, left < 1000 ? left : 1000, &readable, &writable);
        if (ready == SOCKET_ERROR) {
            fail(t->reason, "select failed with error %d", WSAGetLastError());
            ok = 0;
        }
        if (ok && writable) ok = pump_send(s, o, out, t);
        if (ok && readable) ok = pump_receive(s, o, in, expected, t);
    }
    free(out);
    free(in);
    free(expected);
    return ok;
}

/* ---- short connections (-k) ---- */

/* Where one short connection is. */
typedef enum { kFree, kBackoff, kConnecting, kSending, kEchoing, kDraining } Phase;

static const char *phase_name(Phase p)
{
    static const char *const names[] = {"free", "waiting to retry connect", "connecting", "sending the request",
                                        "reading the echo", "waiting for the end of stream"};
    return names[p];
}

/* One short connection in flight. */
typedef struct {
    SOCKET s;
    Phase phase;
    long index;
    int sent, echoed;
    int64_t deadline_ms; /* connecting: the attempt's end; backoff: the next attempt */
    unsigned char request[kRequestBytes];
} Slot;

/* The whole run of short connections. */
typedef struct {
    const Options *o;
    SOCKADDR_IN server;
    long started, completed, attempts;
    int64_t retry_until_ms, first_connected_ms;
    char reason[kReasonBytes];
} Batch;

/* Records "connection <index>: <why>" as the run's failure; returns 0. */
static int slot_fail(Batch *b, const Slot *slot, const char *format, ...) __attribute__((format(printf, 3, 4)));
static int slot_fail(Batch *b, const Slot *slot, const char *format, ...)
{
    char why[kReasonBytes];
    va_list args;
    va_start(args, format);
    vsnprintf(why, sizeof why, format, args);
    va_end(args);
    fail(b->reason, "connection %ld: %s", slot->index, why);
    return 0;
}

/* Connection `index`'s request: the pattern under a seed of its own. */
static void make_request(const Options *o, long index, unsigned char *request)
{
    fill(splitmix64(((uint64_t)o->seed << 32) | (uint64_t)index), 0, request, kRequestBytes);
}

/* A connect that failed: another attempt while no connection has been
 * established yet and -W allows it, else the run fails. */
static int slot_connect_failed(Batch *b, Slot *slot, int error)
{
    closesocket(slot->s);
    slot->s = INVALID_SOCKET;
    if (!retryable(error) || b->first_connected_ms != 0 || now_ms() >= b->retry_until_ms)
        return slot_fail(b, slot, "connect failed with error %d (%ld attempts in all)", error, b->attempts);
    slot->phase = kBackoff;
    slot->deadline_ms = now_ms() + kAttemptSpacingMs;
    return 1;
}

/* A fresh socket and a non-blocking connect for the slot's connection. */
static int slot_connect(Batch *b, Slot *slot)
{
    int error;
    slot->s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (slot->s == INVALID_SOCKET) return slot_fail(b, slot, "socket failed with error %d", WSAGetLastError());
    slot->phase = kConnecting;
    slot->deadline_ms = now_ms() + kAttemptMs;
    if (!set_non_blocking(slot->s)) return slot_fail(b, slot, "ioctlsocket(FIONBIO) failed");
    ++b->attempts;
    if (connect(slot->s, (const SOCKADDR *)&b->server, sizeof b->server) != SOCKET_ERROR) return 1;
    error = WSAGetLastError();
    return error == WSAEWOULDBLOCK ? 1 : slot_connect_failed(b, slot, error);
}

/* Starts the next connection in a free slot. */
static int slot_start(Batch *b, Slot *slot)
{
    slot->index = b->started++;
    slot->sent = slot->echoed = 0;
    make_request(b->o, slot->index, slot->request);
    return slot_connect(b, slot);
}

/* recv into buffer; the count, 0 at the end of stream, -1 when it would
 * block, -2 on an error (recorded). */
static int slot_recv(Batch *b, const Slot *slot, unsigned char *buffer, int length)
{
    const int n = recv(slot->s, (char *)buffer, length, 0);
    int error;
    if (n != SOCKET_ERROR) return n;
    error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK) return -1;
    slot_fail(b, slot, "recv failed with error %d while %s (%d of %d bytes echoed)", error, phase_name(slot->phase),
              slot->echoed, kRequestBytes);
    return -2;
}

static int slot_send(Batch *b, Slot *slot)
{
    const int n = send(slot->s, (const char *)slot->request + slot->sent, kRequestBytes - slot->sent, 0);
    int error;
    if (n == SOCKET_ERROR) {
        error = WSAGetLastError();
        if (error == WSAEWOULDBLOCK) return -1;
        return slot_fail(b, slot, "send failed with error %d after %d bytes", error, slot->sent);
    }
    slot->sent += n;
    if (slot->sent == kRequestBytes) slot->phase = kEchoing;
    return 1;
}

/* Reads and checks the echo; half-closes once it is complete. */
static int slot_echo(Batch *b, Slot *slot)
{
    unsigned char got[kRequestBytes];
    const int n = slot_recv(b, slot, got, kRequestBytes - slot->echoed);
    int i;
    if (n < 0) return n == -1 ? -1 : 0;
    if (n == 0) return slot_fail(b, slot, "end of stream after %d of %d bytes echoed", slot->echoed, kRequestBytes);
    for (i = 0; i < n; ++i)
        if (got[i] != slot->request[slot->echoed + i])
            return slot_fail(b, slot, "echo differs at byte %d: got 0x%02x, expected 0x%02x", slot->echoed + i, got[i],
                             slot->request[slot->echoed + i]);
    slot->echoed += n;
    if (slot->echoed < kRequestBytes) return 1;
    if (shutdown(slot->s, SD_SEND) == SOCKET_ERROR)
        return slot_fail(b, slot, "shutdown(SD_SEND) failed with error %d", WSAGetLastError());
    slot->phase = kDraining;
    return 1;
}

/* Waits for the end of stream after the echo; then closesocket. */
static int slot_drain(Batch *b, Slot *slot)
{
    unsigned char extra[kRequestBytes];
    const int n = slot_recv(b, slot, extra, (int)sizeof extra);
    if (n < 0) return n == -1 ? -1 : 0;
    if (n > 0) return slot_fail(b, slot, "%d bytes arrived after the echo", n);
    if (closesocket(slot->s) == SOCKET_ERROR)
        return slot_fail(b, slot, "closesocket failed with error %d", WSAGetLastError());
    slot->s = INVALID_SOCKET;
    slot->phase = kFree;
    ++b->completed;
    return 1;
}

/* Moves a connected slot on until a call would block or it is done: 0 on
 * failure. Calls that would block are harmless, so readiness is only a hint. */
static int slot_pump(Batch *b, Slot *slot)
{
    int step = 1;
    while (step == 1 && slot->phase >= kSending) {
        if (slot->phase == kSending) step = slot_send(b, slot);
        else if (slot->phase == kEchoing) step = slot_echo(b, slot);
        else step = slot_drain(b, slot);
    }
    return step != 0;
}

/* A connecting slot after select: connected, failed or still waiting. */
static int slot_connecting(Batch *b, Slot *slot, fd_set *writable, fd_set *failed)
{
    int error = 0, length = sizeof error;
    if (FD_ISSET(slot->s, writable)) {
        if (b->first_connected_ms == 0) b->first_connected_ms = now_ms();
        slot->phase = kSending;
        return slot_pump(b, slot);
    }
    if (FD_ISSET(slot->s, failed)) {
        if (getsockopt(slot->s, SOL_SOCKET, SO_ERROR, (char *)&error, &length) == SOCKET_ERROR)
            error = WSAGetLastError();
        return slot_connect_failed(b, slot, error != 0 ? error : WSAECONNREFUSED);
    }
    return now_ms() < slot->deadline_ms ? 1 : slot_connect_failed(b, slot, WSAETIMEDOUT);
}

/* One slot's turn after select. */
static int slot_step(Batch *b, Slot *slot, fd_set *writable, fd_set *failed)
{
    if (slot->phase == kFree && b->started < b->o->connections) return slot_start(b, slot);
    if (slot->phase == kBackoff && now_ms() >= slot->deadline_ms) return slot_connect(b, slot);
    if (slot->phase == kConnecting) return slot_connecting(b, slot, writable, failed);
    return slot->phase >= kSending ? slot_pump(b, slot) : 1;
}

/* Waits up to wait_ms for any slot's socket to be ready. */
static int wait_slots(const Slot *slots, long n, int64_t wait_ms, fd_set *r, fd_set *w, fd_set *e)
{
    struct timeval tv;
    long i;
    FD_ZERO(r);
    FD_ZERO(w);
    FD_ZERO(e);
    for (i = 0; i < n; ++i) {
        if (slots[i].phase == kConnecting) {
            FD_SET(slots[i].s, w);
            FD_SET(slots[i].s, e);
        } else if (slots[i].phase == kSending) {
            FD_SET(slots[i].s, w);
        } else if (slots[i].phase > kSending) {
            FD_SET(slots[i].s, r);
        }
    }
    if (r->fd_count + w->fd_count == 0) {
        sleep_ms((long)wait_ms);
        return 0;
    }
    tv.tv_sec = (long)(wait_ms / 1000);
    tv.tv_usec = (long)(wait_ms % 1000) * 1000;
    return select(0, r, w, e, &tv);
}

/* The slot that has waited longest, for the give-up message. */
static const Slot *oldest_busy(const Slot *slots, long n)
{
    const Slot *oldest = NULL;
    long i;
    for (i = 0; i < n; ++i)
        if (slots[i].phase != kFree && (oldest == NULL || slots[i].index < oldest->index)) oldest = &slots[i];
    return oldest;
}

/* Runs the connections, o->parallel at a time; 1 when all completed. */
static int run_slots(Batch *b, Slot *slots, int64_t give_up_ms)
{
    fd_set r, w, e;
    long i, n = b->o->parallel;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    while (b->completed < b->o->connections && b->reason[0] == '\0') {
        const int64_t left = give_up_ms - now_ms();
        const Slot *stuck = oldest_busy(slots, n);
        if (left <= 0 && stuck != NULL) {
            slot_fail(b, stuck, "gave up after %ld s while %s (%ld of %ld connections completed)", b->o->total_s,
                      phase_name(stuck->phase), b->completed, b->o->connections);
            break;
        }
        if (stuck != NULL && wait_slots(slots, n, left < 10 ? left : 10, &r, &w, &e) == SOCKET_ERROR) {
            fail(b->reason, "select failed with error %d", WSAGetLastError());
            break;
        }
        for (i = 0; i < n && b->reason[0] == '\0'; ++i) slot_step(b, &slots[i], &w, &e);
    }
    for (i = 0; i < n; ++i)
        if (slots[i].phase >= kConnecting && slots[i].s != INVALID_SOCKET) closesocket(slots[i].s);
    return b->reason[0] == '\0';
}

/* -k: COUNT short connections; prints the summary line. 1 on PASS. */
static int run_short(const Options *o)
{
    Slot slots[kMaxParallel];
    Batch b;
    const int64_t start_ms = now_ms();
    int64_t elapsed_ms;
    int ok;
    memset(slots, 0, sizeof slots);
    memset(&b, 0, sizeof b);
    b.o = o;
    b.server = server_address(o);
    b.retry_until_ms = start_ms + (int64_t)o->wait_s * 1000;
    ok = run_slots(&b, slots, start_ms + (int64_t)o->total_s * 1000);
    elapsed_ms = now_ms() - (b.first_connected_ms != 0 ? b.first_connected_ms : start_ms);
    if (ok) {
        printf("PASS %ld connections %.0f conn/s (%.2f s from the first established, %ld connect attempts, "
               "%ld at a time)\n",
               b.completed, elapsed_ms > 0 ? 1000.0 * (double)b.completed / (double)elapsed_ms : 0.0,
               (double)elapsed_ms / 1000.0, b.attempts, o->parallel);
    } else {
        printf("FAIL %s\n", b.reason);
    }
    return ok;
}

/* ---- running ---- */

static void print_counter(const char *name, unsigned long long value, void *context)
{
    (void)context;
    printf("counter %s %llu\n", name, value);
}

/* -S: keeps the stack running for settle_s seconds (timers such as
 * TIME-WAIT's fire; an inline engine is polled by the waiting select on an
 * idle UDP socket). */
static void settle(long settle_s)
{
    const int64_t until = now_ms() + (int64_t)settle_s * 1000;
    SOCKET s;
    if (settle_s == 0) return;
    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    while (now_ms() < until) {
        const int64_t left = until - now_ms();
        fd_set r;
        struct timeval tv;
        FD_ZERO(&r);
        if (s != INVALID_SOCKET) FD_SET(s, &r);
        tv.tv_sec = 0;
        tv.tv_usec = (long)(left < 100 ? left : 100) * 1000;
        if (s == INVALID_SOCKET || select(0, &r, NULL, NULL, &tv) == SOCKET_ERROR) sleep_ms(100);
    }
    if (s != INVALID_SOCKET) closesocket(s);
}

/* One bulk transfer: connect, stream, close; prints the summary line. 1 on
 * PASS. */
static int run_bulk(const Options *o)
{
    Transfer t;
    const int64_t give_up_ms = now_ms() + (int64_t)o->total_s * 1000;
    int64_t start_ms, elapsed_ms;
    int ok = 0;
    SOCKET s;
    memset(&t, 0, sizeof t);
    s = connect_with_retries(o, give_up_ms, &t);
    start_ms = now_ms();
    if (s != INVALID_SOCKET) {
        ok = stream(s, o, give_up_ms, &t);
        if (closesocket(s) == SOCKET_ERROR) {
            fail(t.reason, "closesocket failed with error %d", WSAGetLastError());
            ok = 0;
        }
    }
    elapsed_ms = now_ms() - start_ms;
    if (ok) {
        printf("PASS %lld bytes %.1f MB/s (%.2f s, %ld connect attempts)\n", o->bytes,
               elapsed_ms > 0 ? 2.0 * (double)o->bytes / (double)elapsed_ms / 1000.0 : 0.0,
               (double)elapsed_ms / 1000.0, t.attempts);
    } else {
        printf("FAIL %s\n", t.reason[0] != '\0' ? t.reason : "unknown");
    }
    return ok;
}

/* The run -k chose; then -S and -v. 1 on PASS. */
static int run(const Options *o)
{
    const int ok = o->connections > 0 ? run_short(o) : run_bulk(o);
    fflush(stdout);
    settle(o->settle_s);
    if (o->verbose) sluice_for_each_counter(print_counter, NULL);
    fflush(stdout);
    return ok;
}

int main(int argc, char **argv)
{
    Options o;
    int ok;

    if (!parse_options(argc, argv, &o)) {
        usage();
        return 2;
    }
    if (!example_startup("tcp_echo_client", o.config_path)) return 1;
    ok = example_print_ready("tcp_echo_client") && run(&o);
    if (!example_cleanup("tcp_echo_client")) ok = 0;
    return ok ? 0 : 1;
}
