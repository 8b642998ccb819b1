/* bench/tcp_memif_peer.c: one end of scripts/bench's sluice <-> sluice TCP
 * measurements over net_memif. Written against libsluice's PUBLIC API only,
 * exactly as apps/examples/tcp_echo_client.c is (Winsock calls plus
 * <sluice/sluice.h>); the stack comes from a configuration file given to
 * sluice_set_config (the SLUICE_CONFIG format: eal, port, ipv4, mode,
 * idle, tcp_delayed_ack, ...). scripts/bench writes that file with
 * `mode = inline` and `idle = busy`: the blocking Winsock calls poll the NIC
 * themselves, on the EAL main lcore the `eal` line pins (-l N).
 *
 *   tcp_memif_peer -c CONFIG --server PORT [-T SECONDS]
 *   tcp_memif_peer -c CONFIG --client IPV4 PORT [-T SECONDS] [-W SECONDS]
 *       ( --bulk BYTES [--warmup-ms MS] [--seconds S]
 *       | --pingpong N [--warmup N] [--samples FILE] )
 *
 * Protocol (one connection per server run). The client opens with a 16-byte
 * hello: "SLBP", a 32-bit mode (1 bulk, 2 ping-pong) and a 64-bit count, in
 * this machine's byte order (both ends run on it).
 *   bulk: count = the warm-up in milliseconds. The client then sends
 *     64 KiB sends until BYTES in all or until --seconds have passed since
 *     the connect (whichever comes first), and half-closes. The server
 *     reads until the end of stream; the receiver measures: its span starts
 *     at the first recv at least the warm-up after the first data byte and
 *     ends at the recv that returned the last data byte. It replies with
 *     three 64-bit values (bytes received in all, bytes received after the
 *     span's start, nanoseconds of the span) and closes. Throughput =
 *     measured bytes * 8 / span; a stream that ended within the warm-up
 *     fails the run.
 *   ping-pong: count = round trips (warm-up included). Each is 64 bytes from
 *     the client (the round trip's index in the first 8 bytes) echoed by the
 *     server; the client checks the echo. TCP_NODELAY is set on both
 *     sockets. The client times every round trip after the warm-up with
 *     clock_gettime(CLOCK_MONOTONIC) (send start to the last reply byte
 *     read) and keeps every sample: the percentiles it prints are nearest-
 *     rank over the whole sorted vector, and --samples FILE writes every
 *     sample (nanoseconds, one per line) for scripts/bench to pool across
 *     repetitions. If -T runs out, the client stops early and reports the
 *     samples it has (the server takes an early end of stream as the end).
 *
 * Ending: closesocket then WSACleanup, nothing else. An inline stack sends
 * only while a call runs; the last WSACleanup keeps it running until every
 * graceful close has delivered its data and FIN (bounded at 1 s), so the
 * server's report reaches the client. (Before it did, the report was lost
 * in one run of four.)
 *
 * Invariants: every wait is bounded (connect -W, SO_RCVTIMEO/SO_SNDTIMEO of
 * 5 s on every recv and send of the connection, the accept and the
 * client's transfer by -T); the server serves exactly one connection and
 * exits; the transfer is bounded in bytes (--bulk) and time (--seconds,
 * -T). Prints "READY <ip> <mac>" once the
 * stack is up, then one JSON line of results on stdout; errors on stderr,
 * exit status 1 (2 for bad arguments). Each JSON line carries the process's
 * involuntary context switches during the transfer (getrusage): this
 * busy-polling process was preempted that often, the first thing to look at
 * when a figure is off (another process on its CPU). */
#define _POSIX_C_SOURCE 200809L
#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include "example_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { kMessage = 64, kChunk = 65536, kServerBuffer = 262144, kIoTimeoutMs = 5000, kHelloBytes = 16 };
enum { kModeBulk = 1, kModePingPong = 2 };
static const char kMagic[4] = {'S', 'L', 'B', 'P'};

typedef struct {
    const char *config_path;
    int server, client;
    u_long ip; /* host order */
    u_short port;
    long long bulk_bytes;
    long warmup_ms;
    long pingpong, warmup, seconds, total_s, wait_s;
    const char *samples_path;
} Options;

/* ---- time ---- */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Involuntary context switches of this process so far. */
static long involuntary_switches(void)
{
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_nivcsw : 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* ---- command line ---- */

static void usage(void)
{
    fputs("usage: tcp_memif_peer -c CONFIG --server PORT [-T S]\n"
          "       tcp_memif_peer -c CONFIG --client IPV4 PORT [-T S] [-W S]\n"
          "           (--bulk BYTES [--warmup-ms MS] [--seconds S] | --pingpong N [--warmup N] [--samples FILE])\n",
          stderr);
}

static int parse_port(const char *text, u_short *out)
{
    long v = 0;
    if (!example_parse_long(text, 1, 65535, &v)) return 0;
    *out = (u_short)v;
    return 1;
}

/* One option with its value(s) at argv[*i]; 0 when unknown or bad. */
static int parse_one(int argc, char **argv, int *i, Options *o)
{
    const char *flag = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL, *v2 = *i + 2 < argc ? argv[*i + 2] : NULL;
    int ok = 0, used = 1;
    if (strcmp(flag, "-c") == 0) ok = (o->config_path = v) != NULL;
    else if (strcmp(flag, "--server") == 0) ok = (o->server = 1) && parse_port(v, &o->port);
    else if (strcmp(flag, "--client") == 0) {
        ok = (o->client = 1) && v != NULL && example_parse_ipv4(v, &o->ip) && parse_port(v2, &o->port);
        used = 2;
    } else if (strcmp(flag, "--bulk") == 0) ok = example_parse_long_long(v, 1, 1LL << 40, &o->bulk_bytes);
    else if (strcmp(flag, "--warmup-ms") == 0) ok = example_parse_long(v, 0, 60000, &o->warmup_ms);
    else if (strcmp(flag, "--seconds") == 0) ok = example_parse_long(v, 1, 600, &o->seconds);
    else if (strcmp(flag, "--pingpong") == 0) ok = example_parse_long(v, 1, 100000000L, &o->pingpong);
    else if (strcmp(flag, "--warmup") == 0) ok = example_parse_long(v, 0, 100000000L, &o->warmup);
    else if (strcmp(flag, "--samples") == 0) ok = (o->samples_path = v) != NULL;
    else if (strcmp(flag, "-T") == 0) ok = example_parse_long(v, 1, 3600, &o->total_s);
    else if (strcmp(flag, "-W") == 0) ok = example_parse_long(v, 0, 3600, &o->wait_s);
    *i += used;
    return ok;
}

static int parse_options(int argc, char **argv, Options *o)
{
    int i;
    memset(o, 0, sizeof *o);
    o->warmup_ms = 500;
    o->seconds = 10;
    o->total_s = 60;
    o->wait_s = 10;
    for (i = 1; i < argc; ++i) {
        const char *flag = argv[i];
        if (!parse_one(argc, argv, &i, o)) {
            fprintf(stderr, "tcp_memif_peer: bad option %s or its value\n", flag);
            return 0;
        }
    }
    if (o->config_path == NULL || o->server == o->client) return 0;
    if (o->client && (o->bulk_bytes == 0) == (o->pingpong == 0)) return 0;
    return 1;
}

/* ---- socket helpers ---- */

static int fail_call(const char *call)
{
    fprintf(stderr, "tcp_memif_peer: %s failed with error %d\n", call, WSAGetLastError());
    return 0;
}

static int set_blocking(SOCKET s, int blocking)
{
    u_long non_blocking = blocking ? 0 : 1;
    return ioctlsocket(s, (long)FIONBIO, &non_blocking) == SOCKET_ERROR ? fail_call("ioctlsocket(FIONBIO)") : 1;
}

/* Bounds every blocking send and recv; TCP_NODELAY when asked. */
static int prepare_connection(SOCKET s, int nodelay)
{
    DWORD timeout = kIoTimeoutMs;
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof timeout) == SOCKET_ERROR ||
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&timeout, sizeof timeout) == SOCKET_ERROR)
        return fail_call("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)");
    if (nodelay && setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on) == SOCKET_ERROR)
        return fail_call("setsockopt(TCP_NODELAY)");
    return 1;
}

static int send_all(SOCKET s, const unsigned char *p, long n)
{
    while (n > 0) {
        const int done = send(s, (const char *)p, (int)n, 0);
        if (done == SOCKET_ERROR) return fail_call("send");
        p += done;
        n -= done;
    }
    return 1;
}

/* Reads exactly n bytes: 1, 0 on an error, -1 on an end of stream first. */
static int recv_exact(SOCKET s, unsigned char *p, long n)
{
    while (n > 0) {
        const int got = recv(s, (char *)p, (int)n, 0);
        if (got == SOCKET_ERROR) return fail_call("recv");
        if (got == 0) return -1;
        p += got;
        n -= got;
    }
    return 1;
}

/* Waits for the end of stream (after the peer's last byte). */
static int await_end(SOCKET s)
{
    unsigned char extra[16];
    const int got = recv(s, (char *)extra, (int)sizeof extra, 0);
    if (got == SOCKET_ERROR) return fail_call("recv (end of stream)");
    if (got != 0) {
        fprintf(stderr, "tcp_memif_peer: %d unexpected bytes before the end of stream\n", got);
        return 0;
    }
    return 1;
}

/* ---- counters in the JSON line ---- */

typedef struct {
    char text[512];
    size_t used;
} Counters;

static void collect_counter(const char *name, unsigned long long value, void *context)
{
    static const char *const wanted[] = {"tcp.segments_sent", "tcp.segments_received", "tcp.retransmitted_segments",
                                         "tcp.fast_retransmits", "tcp.timeouts", "tcp.out_of_order_segments",
                                         "port.rx_missed", "port.tx_errors"};
    Counters *c = context;
    size_t i;
    for (i = 0; i < sizeof wanted / sizeof wanted[0]; ++i) {
        if (strcmp(name, wanted[i]) == 0 && c->used < sizeof c->text) {
            const int n = snprintf(c->text + c->used, sizeof c->text - c->used, "%s\"%s\": %llu",
                                   c->used == 0 ? "" : ", ", name, value);
            if (n > 0) c->used += (size_t)n;
        }
    }
}

/* `"counters": {...}` of the stack (a chosen few). */
static const char *counters_json(Counters *c)
{
    static char out[600];
    memset(c, 0, sizeof *c);
    sluice_for_each_counter(collect_counter, c);
    snprintf(out, sizeof out, "\"counters\": {%s}", c->text);
    return out;
}

/* ---- server ---- */

static int serve_bulk(SOCKET s, unsigned long long warmup_ms)
{
    unsigned char *buffer = malloc(kServerBuffer);
    unsigned long long total = 0, measured_from = 0, reply[3];
    const long switches = involuntary_switches();
    int64_t first = 0, start = 0, last = 0;
    int started = 0, ok = buffer != NULL;
    Counters c;
    while (ok) {
        const int got = recv(s, (char *)buffer, kServerBuffer, 0);
        if (got == SOCKET_ERROR) ok = fail_call("recv");
        if (got <= 0) break;
        last = now_ns();
        if (total == 0) first = last;
        total += (unsigned long long)got;
        if (!started && last - first >= (int64_t)warmup_ms * 1000000) {
            started = 1;
            start = last;
            measured_from = total;
        }
    }
    free(buffer);
    if (!ok) return 0;
    reply[0] = total;
    reply[1] = started ? total - measured_from : 0;
    reply[2] = started ? (unsigned long long)(last - start) : 0;
    if (!send_all(s, (const unsigned char *)reply, sizeof reply)) return 0;
    printf("{\"role\": \"server\", \"workload\": \"tcp_bulk\", \"bytes\": %llu, \"measured_bytes\": %llu, "
           "\"measured_ns\": %llu, \"involuntary_switches\": %ld, %s}\n",
           reply[0], reply[1], reply[2], involuntary_switches() - switches, counters_json(&c));
    return 1;
}

static int serve_pingpong(SOCKET s, unsigned long long count)
{
    unsigned char message[kMessage];
    unsigned long long done = 0;
    const long switches = involuntary_switches();
    Counters c;
    if (!prepare_connection(s, 1)) return 0;
    for (; done < count; ++done) {
        const int r = recv_exact(s, message, kMessage);
        if (r == 0) return 0;
        if (r < 0) break; /* the client stopped early (its -T) */
        if (!send_all(s, message, kMessage)) return 0;
    }
    printf("{\"role\": \"server\", \"workload\": \"tcp_rtt_64\", \"round_trips\": %llu, "
           "\"involuntary_switches\": %ld, %s}\n",
           done, involuntary_switches() - switches, counters_json(&c));
    return 1;
}

/* Accepts one connection within the deadline (select on the listener). */
static SOCKET accept_one(SOCKET listener, int64_t deadline)
{
    while (now_ns() < deadline) {
        fd_set r;
        struct timeval tv = {0, 100000};
        int ready;
        FD_ZERO(&r);
        FD_SET(listener, &r);
        ready = select(0, &r, NULL, NULL, &tv);
        if (ready == SOCKET_ERROR) {
            fail_call("select");
            return INVALID_SOCKET;
        }
        if (ready > 0) {
            const SOCKET s = accept(listener, NULL, NULL);
            if (s == INVALID_SOCKET) fail_call("accept");
            return s;
        }
    }
    fprintf(stderr, "tcp_memif_peer: no connection within -T\n");
    return INVALID_SOCKET;
}

static int run_server(const Options *o)
{
    const int64_t deadline = now_ns() + (int64_t)o->total_s * 1000000000;
    SOCKADDR_IN addr;
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), s;
    unsigned char hello[kHelloBytes];
    uint32_t mode = 0;
    unsigned long long count = 0;
    int ok = 0;
    if (listener == INVALID_SOCKET) return fail_call("socket");
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(o->port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(listener, (const SOCKADDR *)&addr, sizeof addr) == SOCKET_ERROR) return fail_call("bind");
    if (listen(listener, 1) == SOCKET_ERROR) return fail_call("listen");
    if (!example_print_ready("tcp_memif_peer")) return 0;
    s = accept_one(listener, deadline);
    closesocket(listener);
    if (s == INVALID_SOCKET) return 0;
    if (prepare_connection(s, 0) && recv_exact(s, hello, kHelloBytes) == 1) {
        memcpy(&mode, hello + 4, sizeof mode);
        memcpy(&count, hello + 8, sizeof count);
        if (memcmp(hello, kMagic, sizeof kMagic) != 0) fprintf(stderr, "tcp_memif_peer: bad hello\n");
        else if (mode == kModeBulk) ok = serve_bulk(s, count);
        else if (mode == kModePingPong) ok = serve_pingpong(s, count);
        else fprintf(stderr, "tcp_memif_peer: unknown mode %u\n", (unsigned)mode);
    }
    if (ok && shutdown(s, SD_SEND) == SOCKET_ERROR) ok = fail_call("shutdown");
    if (ok) ok = await_end(s);
    closesocket(s);
    return ok;
}

/* ---- client ---- */

/* Connects within -W (the server's stack or the memif link may still be
 * coming up: refused or timed-out attempts are retried, each bounded). */
static SOCKET connect_server(const Options *o)
{
    const int64_t until = now_ns() + (int64_t)o->wait_s * 1000000000;
    SOCKADDR_IN addr;
    int error = 0;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(o->port);
    addr.sin_addr.s_addr = htonl(o->ip);
    do {
        const int64_t attempt_start = now_ns();
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (s == INVALID_SOCKET) {
            fail_call("socket");
            return INVALID_SOCKET;
        }
        error = 0;
        if (!set_blocking(s, 0)) error = WSAEINVAL;
        else if (connect(s, (const SOCKADDR *)&addr, sizeof addr) == SOCKET_ERROR) {
            error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) {
                fd_set w, e;
                struct timeval tv = {2, 0};
                int ready, length = sizeof error;
                FD_ZERO(&w);
                FD_ZERO(&e);
                FD_SET(s, &w);
                FD_SET(s, &e);
                ready = select(0, NULL, &w, &e, &tv);
                if (ready == SOCKET_ERROR) error = WSAGetLastError();
                else if (ready == 0) error = WSAETIMEDOUT;
                else if (FD_ISSET(s, &w)) error = 0;
                else if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&error, &length) == SOCKET_ERROR || error == 0)
                    error = WSAECONNREFUSED;
            }
        }
        if (error == 0 && set_blocking(s, 1)) return s;
        closesocket(s);
        if (now_ns() - attempt_start < 100000000) sleep_ms(100);
    } while (now_ns() < until);
    fprintf(stderr, "tcp_memif_peer: connect failed with error %d\n", error);
    return INVALID_SOCKET;
}

static int send_hello(SOCKET s, uint32_t mode, unsigned long long count)
{
    unsigned char hello[kHelloBytes];
    memcpy(hello, kMagic, sizeof kMagic);
    memcpy(hello + 4, &mode, sizeof mode);
    memcpy(hello + 8, &count, sizeof count);
    return send_all(s, hello, kHelloBytes);
}

static int run_bulk(SOCKET s, const Options *o)
{
    const int64_t start = now_ns(), stop_at = start + (int64_t)o->seconds * 1000000000,
                  give_up = start + (int64_t)o->total_s * 1000000000;
    const unsigned long long limit = (unsigned long long)o->bulk_bytes;
    const long switches = involuntary_switches();
    unsigned long long sent = 0, reply[3];
    unsigned char *chunk = malloc(kChunk);
    int ok = chunk != NULL && prepare_connection(s, 0) && send_hello(s, kModeBulk, (unsigned long long)o->warmup_ms);
    Counters c;
    if (chunk != NULL) memset(chunk, 0x5a, kChunk);
    while (ok && sent < limit) {
        const int64_t t = now_ns();
        const long n = limit - sent < kChunk ? (long)(limit - sent) : kChunk;
        if (t >= stop_at || t >= give_up) break; /* the time bound */
        ok = send_all(s, chunk, n);
        sent += (unsigned long long)n;
    }
    free(chunk);
    if (ok && shutdown(s, SD_SEND) == SOCKET_ERROR) ok = fail_call("shutdown");
    if (ok && recv_exact(s, (unsigned char *)reply, sizeof reply) != 1) {
        fprintf(stderr, "tcp_memif_peer: no bulk report from the server\n");
        ok = 0;
    }
    if (ok) ok = await_end(s);
    if (ok && reply[0] != sent) {
        fprintf(stderr, "tcp_memif_peer: sent %llu bytes, the server received %llu\n", sent, reply[0]);
        ok = 0;
    }
    if (ok && (reply[1] == 0 || reply[2] == 0)) {
        fprintf(stderr, "tcp_memif_peer: the stream (%llu bytes) ended within the %ld ms warm-up\n", sent,
                o->warmup_ms);
        ok = 0;
    }
    if (!ok) return 0;
    printf("{\"role\": \"client\", \"workload\": \"tcp_bulk\", \"bytes\": %llu, \"warmup_ms\": %ld, "
           "\"measured_bytes\": %llu, \"measured_s\": %.6f, \"gbit_per_s\": %.4f, \"involuntary_switches\": %ld, "
           "%s}\n",
           sent, o->warmup_ms, reply[1], (double)reply[2] / 1e9, (double)reply[1] * 8.0 / (double)reply[2],
           involuntary_switches() - switches, counters_json(&c));
    return 1;
}

static int compare_ns(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least p of all at or below it. */
static double percentile_us(const int64_t *sorted, long n, double p)
{
    long rank = (long)(p * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

static int write_samples(const char *path, const int64_t *samples, long n)
{
    FILE *f = fopen(path, "w");
    long i;
    int ok = f != NULL;
    for (i = 0; ok && i < n; ++i) ok = fprintf(f, "%lld\n", (long long)samples[i]) > 0;
    if (f != NULL && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "tcp_memif_peer: cannot write %s\n", path);
    return ok;
}

static int run_pingpong(SOCKET s, const Options *o)
{
    const long total = o->warmup + o->pingpong;
    const int64_t give_up = now_ns() + (int64_t)o->total_s * 1000000000;
    int64_t *samples = malloc((size_t)o->pingpong * sizeof *samples);
    unsigned char out[kMessage], in[kMessage];
    long i, n = 0, switches = 0;
    int ok = samples != NULL && prepare_connection(s, 1) && send_hello(s, kModePingPong, (unsigned long long)total);
    Counters c;
    memset(out, 0xa5, sizeof out);
    for (i = 0; ok && i < total; ++i) {
        int64_t t0, t1;
        uint64_t index = (uint64_t)i, echoed;
        if (i == o->warmup) switches = involuntary_switches();
        memcpy(out, &index, sizeof index);
        t0 = now_ns();
        ok = send_all(s, out, kMessage) && recv_exact(s, in, kMessage) == 1;
        t1 = now_ns();
        if (!ok) break;
        memcpy(&echoed, in, sizeof echoed);
        if (echoed != index || memcmp(in + 8, out + 8, kMessage - 8) != 0) {
            fprintf(stderr, "tcp_memif_peer: round trip %ld: wrong echo\n", i);
            ok = 0;
        }
        if (i >= o->warmup) samples[n++] = t1 - t0;
        if (t1 >= give_up) break; /* the time bound: report what was measured */
    }
    switches = involuntary_switches() - switches;
    if (ok && shutdown(s, SD_SEND) == SOCKET_ERROR) ok = fail_call("shutdown");
    if (ok) ok = await_end(s);
    if (ok && n == 0) {
        fprintf(stderr, "tcp_memif_peer: no round trip measured within -T\n");
        ok = 0;
    }
    if (ok && o->samples_path != NULL) ok = write_samples(o->samples_path, samples, n);
    if (ok) {
        qsort(samples, (size_t)n, sizeof *samples, compare_ns);
        printf("{\"role\": \"client\", \"workload\": \"tcp_rtt_64\", \"samples\": %ld, \"warmup\": %ld, "
               "\"p50_us\": %.3f, \"p90_us\": %.3f, \"p99_us\": %.3f, \"p99.9_us\": %.3f, \"max_us\": %.3f, "
               "\"min_us\": %.3f, \"involuntary_switches\": %ld, %s}\n",
               n, o->warmup, percentile_us(samples, n, 0.50), percentile_us(samples, n, 0.90),
               percentile_us(samples, n, 0.99), percentile_us(samples, n, 0.999), (double)samples[n - 1] / 1000.0,
               (double)samples[0] / 1000.0, switches, counters_json(&c));
    }
    free(samples);
    return ok;
}

static int run_client(const Options *o)
{
    SOCKET s;
    int ok;
    if (!example_print_ready("tcp_memif_peer")) return 0;
    s = connect_server(o);
    if (s == INVALID_SOCKET) return 0;
    ok = o->bulk_bytes > 0 ? run_bulk(s, o) : run_pingpong(s, o);
    closesocket(s);
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
    if (!example_startup("tcp_memif_peer", o.config_path)) return 1;
    ok = o.server ? run_server(&o) : run_client(&o);
    fflush(stdout);
    if (!example_cleanup("tcp_memif_peer")) ok = 0;
    return ok ? 0 : 1;
}
