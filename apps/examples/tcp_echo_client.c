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
 *     -v          print the stack's counters at the end
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
 * A connect attempt waits up to 3 s (the SYN may wait for ARP and be sent
 * again); attempts start at least 100 ms apart, each on a fresh socket.
 *
 * Prints "READY <ip> <mac>" once the stack is up, then one summary line:
 * "PASS <bytes> bytes <MB/s> MB/s (<s> s, <n> connect attempts)", MB/s
 * counting both directions (2 * bytes / time from connected to end of
 * stream, as tcp_echo_peer.py's client does), or "FAIL <reason>" (the first
 * mismatching offset for corrupt echo). Exit status 0 on PASS, 1 on FAIL, 2
 * for bad arguments. select() waits, so an inline engine is polled by the
 * waiting call itself. */
#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

enum { kMaxChunk = 1 << 20, kAttemptMs = 3000, kAttemptSpacingMs = 100, kCallsPerWakeup = 16 };

typedef struct {
    long long bytes;
    long seed, chunk, wait_s, total_s;
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
    char reason[200]; /* the first failure; empty while all is well */
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

/* Records the first failure reason. */
static void fail(Transfer *t, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void fail(Transfer *t, const char *format, ...)
{
    va_list args;
    if (t->reason[0] != '\0') return;
    va_start(args, format);
    vsnprintf(t->reason, sizeof t->reason, format, args);
    va_end(args);
}

static void usage(void)
{
    fputs("usage: tcp_echo_client [-c CONFIG_FILE] [-n BYTES] [-s SEED] [-b CHUNK] [-W WAIT_S]\n"
          "                       [-T TOTAL_S] [-v] IPV4 PORT\n", stderr);
}

static int parse_long_long(const char *text, long long low, long long high, long long *out)
{
    char *end = NULL;
    long long v;
    if (text == NULL || *text == '\0') return 0;
    v = strtoll(text, &end, 10);
    if (*end != '\0' || v < low || v > high) return 0;
    *out = v;
    return 1;
}

static int parse_long(const char *text, long low, long high, long *out)
{
    long long v = 0;
    if (!parse_long_long(text, low, high, &v)) return 0;
    *out = (long)v;
    return 1;
}

/* Dotted quad to host order (as udp_echo_client: public headers only). */
static int parse_ipv4(const char *text, u_long *out)
{
    unsigned long value = 0;
    int part;
    for (part = 0; part < 4; ++part) {
        char *end = NULL;
        unsigned long octet;
        if (*text < '0' || *text > '9') return 0;
        octet = strtoul(text, &end, 10);
        if (octet > 255 || end - text > 3) return 0;
        value = (value << 8) | octet;
        text = end;
        if (part < 3) {
            if (*text != '.') return 0;
            ++text;
        }
    }
    if (*text != '\0') return 0;
    *out = value;
    return 1;
}

static void default_options(Options *o)
{
    memset(o, 0, sizeof *o);
    o->bytes = 1 << 20;
    o->seed = 1;
    o->chunk = 65536;
    o->wait_s = 0;
    o->total_s = 60;
}

/* One "-x VALUE" option; 0 when it is unknown or its value is bad. */
static int parse_option(const char *flag, const char *value, Options *o)
{
    if (strcmp(flag, "-c") == 0) return (o->config_path = value) != NULL;
    if (strcmp(flag, "-n") == 0) return parse_long_long(value, 1, 1LL << 40, &o->bytes);
    if (strcmp(flag, "-s") == 0) return parse_long(value, 0, 2147483647L, &o->seed);
    if (strcmp(flag, "-b") == 0) return parse_long(value, 1, kMaxChunk, &o->chunk);
    if (strcmp(flag, "-W") == 0) return parse_long(value, 0, 3600, &o->wait_s);
    if (strcmp(flag, "-T") == 0) return parse_long(value, 1, 86400, &o->total_s);
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
    if (!parse_ipv4(argv[i], &o->server_ip)) {
        fprintf(stderr, "tcp_echo_client: bad IPv4 address '%s'\n", argv[i]);
        return 0;
    }
    if (!parse_long(argv[i + 1], 1, 65535, &port)) {
        fprintf(stderr, "tcp_echo_client: bad port '%s'\n", argv[i + 1]);
        return 0;
    }
    o->server_port = (u_short)port;
    return 1;
}

/* Reads the whole file; NULL (and a message) on failure. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t size = 0, used = 0, n;
    if (f == NULL) {
        fprintf(stderr, "tcp_echo_client: cannot open %s\n", path);
        return NULL;
    }
    for (;;) {
        if (size - used < 4097) {
            char *grown = realloc(text, size + 8192);
            if (grown == NULL) break;
            text = grown;
            size += 8192;
        }
        n = fread(text + used, 1, size - used - 1, f);
        used += n;
        if (n == 0) break;
    }
    if (ferror(f) || text == NULL) {
        fprintf(stderr, "tcp_echo_client: cannot read %s\n", path);
        free(text);
        text = NULL;
    } else {
        text[used] = '\0';
    }
    fclose(f);
    return text;
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* The pattern's n bytes from stream offset `offset`. */
static void fill(long seed, long long offset, unsigned char *p, long n)
{
    uint64_t word_index = (uint64_t)offset / 8, word = splitmix64((uint64_t)seed + word_index);
    unsigned shift = (unsigned)(offset % 8);
    long i;
    for (i = 0; i < n; ++i) {
        p[i] = (unsigned char)(word >> (8 * shift));
        if (++shift == 8) {
            shift = 0;
            word = splitmix64((uint64_t)seed + ++word_index);
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
    fail(t, "connect failed with error %d after %ld attempts", error, t->attempts);
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
        fill(o->seed, t->sent, buffer, n);
        done = send(s, (const char *)buffer, (int)n, 0);
        if (done == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) break;
            fail(t, "send failed with error %d after %lld of %lld bytes sent", error, t->sent, o->bytes);
            return 0;
        }
        t->sent += done;
    }
    if (t->sent == o->bytes && !t->shut_down) {
        if (shutdown(s, SD_SEND) == SOCKET_ERROR) {
            fail(t, "shutdown(SD_SEND) failed with error %d", WSAGetLastError());
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
        fail(t, "echo runs ahead of what was sent: %lld bytes echoed, %lld sent", t->echoed + n, t->sent);
        return 0;
    }
    fill(o->seed, t->echoed, expected, n);
    if (memcmp(data, expected, (size_t)n) == 0) return 1;
    for (i = 0; i < n && data[i] == expected[i]; ++i) {
    }
    fail(t, "echo differs at byte %lld: got 0x%02x, expected 0x%02x", t->echoed + i, data[i], expected[i]);
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
            fail(t, "recv failed with error %d after %lld of %lld bytes echoed", error, t->echoed, o->bytes);
            return 0;
        }
        if (n == 0) {
            t->end_of_stream = 1;
            if (t->echoed == o->bytes) return 1;
            fail(t, "end of stream after %lld of %lld bytes echoed (%lld sent)", t->echoed, o->bytes, t->sent);
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
    if (!ok) fail(t, "out of memory");
    while (ok && !t->end_of_stream) {
        const int64_t left = give_up_ms - now_ms();
        int readable = 0, writable = 0, ready;
        if (left <= 0) {
            fail(t, "gave up after %ld s: %lld sent, %lld of %lld echoed", o->total_s, t->sent, t->echoed, o->bytes);
            ok = 0;
            break;
        }
        ready = wait_ready(s, t->sent < o->bytes, left < 1000 ? left : 1000, &readable, &writable);
        if (ready == SOCKET_ERROR) {
            fail(t, "select failed with error %d", WSAGetLastError());
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

static void print_counter(const char *name, unsigned long long value, void *context)
{
    (void)context;
    printf("counter %s %llu\n", name, value);
}

/* Connect, stream, close; prints the summary line. 1 on PASS. */
static int run(const Options *o)
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
            fail(&t, "closesocket failed with error %d", WSAGetLastError());
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
    if (o->verbose) sluice_for_each_counter(print_counter, NULL);
    fflush(stdout);
    return ok;
}

/* Applies -c; 0 (and a message) when the file is unreadable or invalid. */
static int apply_config(const char *path)
{
    char *text;
    int rc;
    if (path == NULL) return 1;
    text = read_file(path);
    if (text == NULL) return 0;
    rc = sluice_set_config(text);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "tcp_echo_client: %s: %s\n", path, sluice_config_error());
        return 0;
    }
    return 1;
}

/* Prints "READY <ip> <mac>"; 0 when the interface cannot be read. */
static int print_ready(void)
{
    char interface_text[64], *slash, *space;
    const int rc = sluice_interface(interface_text, sizeof interface_text);
    slash = rc == 0 ? strchr(interface_text, '/') : NULL;
    space = rc == 0 ? strchr(interface_text, ' ') : NULL;
    if (slash == NULL || space == NULL || slash > space) {
        fprintf(stderr, "tcp_echo_client: sluice_interface failed (%d)\n", rc);
        return 0;
    }
    *slash = '\0';
    printf("READY %s %s\n", interface_text, space + 1);
    fflush(stdout);
    return 1;
}

int main(int argc, char **argv)
{
    Options o;
    WSADATA wsa;
    int rc, ok;

    if (!parse_options(argc, argv, &o)) {
        usage();
        return 2;
    }
    if (!apply_config(o.config_path)) return 1;
    rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (rc != 0) {
        fprintf(stderr, "tcp_echo_client: WSAStartup failed with error %d\n", rc);
        return 1;
    }
    ok = print_ready() && run(&o);
    if (WSACleanup() == SOCKET_ERROR) {
        fprintf(stderr, "tcp_echo_client: WSACleanup failed with error %d\n", WSAGetLastError());
        ok = 0;
    }
    return ok ? 0 : 1;
}
