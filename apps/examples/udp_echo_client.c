/* apps/examples/udp_echo_client.c: an RFC 862 UDP echo client written
 * against libsluice's public API only: the Winsock calls of
 * <sluice/winsock2.h> plus <sluice/sluice.h> (sluice_set_config to bring the
 * stack up on a NIC, sluice_interface, sluice_for_each_counter). It is
 * ordinary Winsock code; only the include lines and sluice_* calls differ
 * from what it would be on Windows. tests/integration/linux_peer_udp.sh runs
 * it against the Linux kernel.
 *
 *   udp_echo_client [options] IPV4 PORT
 *     -c FILE     stack configuration (the SLUICE_CONFIG file format), given
 *                 to sluice_set_config; without it SLUICE_CONFIG or the
 *                 embedded loopback-only stack applies
 *     -n COUNT    datagrams to send (default 10000)
 *     -s MAX      sizes cycle 1..MAX bytes (default 1472, 1..65507)
 *     -w WINDOW   datagrams in flight (default 16, 1..1024)
 *     -t MS       least retransmission timeout (default 200); the timeout
 *                 follows the measured round-trip time (RFC 6298 estimator,
 *                 Karn's rule), doubles for each retransmission of a
 *                 datagram, and never exceeds 3000 ms
 *     -r RETRIES  retransmissions allowed per datagram (default 5)
 *     -W SECONDS  first probe the server (a short datagram every 100 ms) for
 *                 up to SECONDS until it answers: the link or the server may
 *                 still be coming up (default 0: no probing)
 *     -T SECONDS  give up after SECONDS in all (default 60)
 *     -v          print the stack's counters at the end
 *
 * Datagram i has 1 + i % MAX bytes: its sequence number (little endian,
 * truncated to the size) then a pseudo-random pattern seeded by i. Each echo
 * must come from IPV4:PORT and equal, byte for byte, a datagram sent; one
 * that equals none is corrupt. A datagram not echoed within the timeout is
 * sent again, at most RETRIES times. A slow echo is not a lost one: the
 * timeout adapts, and -T bounds the whole run.
 *
 * Prints "READY <ip> <mac>" once the stack is up, then one summary line.
 * Exit status 0 only if every datagram came back intact (retransmissions
 * allowed, each counted), no echo was corrupt or from elsewhere, and there
 * were no more duplicates than retransmissions; 1 otherwise, 2 for bad
 * arguments. Uses select() to wait, so an inline engine is polled by the
 * waiting call itself. */
#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include "example_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kMaxDatagram = 65507 };

static const char kProbe[] = "sluice-udp-echo-probe";

typedef struct {
    long count, max_size, window, timeout_ms, retries, wait_s, total_s;
    int verbose;
    const char *config_path;
    u_long server_ip; /* host order */
    u_short server_port;
} Options;

typedef struct {
    uint32_t seq;
    int64_t sent_us;     /* last (re)transmission */
    int64_t deadline_us;
    int64_t rto_us;      /* this datagram's timeout (doubles on retransmission) */
    long tries;
    int used;
} Slot;

enum { kMaxRtoUs = 3000000 };

/* RFC 6298 round-trip estimator (microseconds). */
typedef struct {
    int64_t srtt, rttvar, min_rto;
    int have_sample;
} Rtt;

static void rtt_sample(Rtt *r, int64_t sample)
{
    if (!r->have_sample) {
        r->srtt = sample;
        r->rttvar = sample / 2;
        r->have_sample = 1;
    } else {
        const int64_t delta = r->srtt > sample ? r->srtt - sample : sample - r->srtt;
        r->rttvar = (3 * r->rttvar + delta) / 4;
        r->srtt = (7 * r->srtt + sample) / 8;
    }
}

static int64_t rtt_rto(const Rtt *r)
{
    int64_t rto = r->have_sample ? r->srtt + 4 * r->rttvar : r->min_rto;
    if (rto < r->min_rto) rto = r->min_rto;
    if (rto > kMaxRtoUs) rto = kMaxRtoUs;
    return rto;
}

enum { kUnsent = 0, kOutstanding = 1, kEchoed = 2 };

typedef struct {
    long echoed, retransmissions, duplicates, probes, send_errors, resets;
} Tally;

static int64_t now_us(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t now_ms(void) { return now_us() / 1000; }

static void usage(void)
{
    fputs("usage: udp_echo_client [-c CONFIG_FILE] [-n COUNT] [-s MAX_SIZE] [-w WINDOW]\n"
          "                       [-t TIMEOUT_MS] [-r RETRIES] [-W WAIT_S] [-T TOTAL_S] [-v]\n"
          "                       IPV4 PORT\n", stderr);
}

static int parse_options(int argc, char **argv, Options *o)
{
    int i;
    long port = 0;
    o->count = 10000;
    o->max_size = 1472;
    o->window = 16;
    o->timeout_ms = 200;
    o->retries = 5;
    o->wait_s = 0;
    o->total_s = 60;
    o->verbose = 0;
    o->config_path = NULL;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1;
        if (strcmp(flag, "-v") == 0) {
            o->verbose = 1;
            continue;
        }
        if (strcmp(flag, "-c") == 0) ok = (o->config_path = value) != NULL;
        else if (strcmp(flag, "-n") == 0) ok = example_parse_long(value, 1, 100000000, &o->count);
        else if (strcmp(flag, "-s") == 0) ok = example_parse_long(value, 1, kMaxDatagram, &o->max_size);
        else if (strcmp(flag, "-w") == 0) ok = example_parse_long(value, 1, 1024, &o->window);
        else if (strcmp(flag, "-t") == 0) ok = example_parse_long(value, 1, 60000, &o->timeout_ms);
        else if (strcmp(flag, "-r") == 0) ok = example_parse_long(value, 0, 1000, &o->retries);
        else if (strcmp(flag, "-W") == 0) ok = example_parse_long(value, 0, 3600, &o->wait_s);
        else if (strcmp(flag, "-T") == 0) ok = example_parse_long(value, 1, 86400, &o->total_s);
        else ok = 0;
        if (!ok) {
            fprintf(stderr, "udp_echo_client: bad option %s %s\n", flag, value ? value : "");
            return 0;
        }
        ++i;
    }
    if (argc - i != 2) return 0;
    if (!example_parse_ipv4(argv[i], &o->server_ip)) {
        fprintf(stderr, "udp_echo_client: bad IPv4 address '%s'\n", argv[i]);
        return 0;
    }
    if (!example_parse_long(argv[i + 1], 1, 65535, &port)) {
        fprintf(stderr, "udp_echo_client: bad port '%s'\n", argv[i + 1]);
        return 0;
    }
    o->server_port = (u_short)port;
    return 1;
}

static long size_of(uint32_t seq, long max_size) { return 1 + (long)(seq % (uint32_t)max_size); }

/* Datagram `seq`'s first n bytes. */
static void fill(uint32_t seq, unsigned char *p, long n)
{
    uint32_t x = (seq * 2654435761u) ^ 0x5bd1e995u;
    long i;
    if (x == 0) x = 1;
    for (i = 0; i < n; ++i) {
        if (i < 4) {
            p[i] = (unsigned char)(seq >> (8 * i));
        } else {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            p[i] = (unsigned char)x;
        }
    }
}

static int send_datagram(SOCKET s, const SOCKADDR_IN *to, uint32_t seq, long max_size, unsigned char *buffer,
                         Tally *tally)
{
    const long n = size_of(seq, max_size);
    fill(seq, buffer, n);
    if (sendto(s, (const char *)buffer, (int)n, 0, (const SOCKADDR *)to, sizeof *to) == SOCKET_ERROR) {
        const int error = WSAGetLastError();
        if (error == WSAENOBUFS || error == WSAEWOULDBLOCK || error == WSAEHOSTUNREACH || error == WSAENETUNREACH) {
            ++tally->send_errors; /* lost: the retransmission timer sends it again */
            return 1;
        }
        fprintf(stderr, "udp_echo_client: sendto failed with error %d\n", error);
        return 0;
    }
    return 1;
}

typedef enum { kGot, kNothing, kFatal } ReceiveResult;

/* Waits up to wait_ms for one datagram from the server. */
static ReceiveResult receive(SOCKET s, const SOCKADDR_IN *server, long wait_ms, unsigned char *buffer, int *length,
                             Tally *tally)
{
    fd_set readable;
    struct timeval tv;
    SOCKADDR_IN from;
    int from_length = sizeof from, n, ready;
    FD_ZERO(&readable);
    FD_SET(s, &readable);
    tv.tv_sec = wait_ms / 1000;
    tv.tv_usec = (wait_ms % 1000) * 1000;
    ready = select(0, &readable, NULL, NULL, &tv);
    if (ready == SOCKET_ERROR) {
        fprintf(stderr, "udp_echo_client: select failed with error %d\n", WSAGetLastError());
        return kFatal;
    }
    if (ready == 0) return kNothing;
    memset(&from, 0, sizeof from);
    n = recvfrom(s, (char *)buffer, kMaxDatagram + 1, 0, (SOCKADDR *)&from, &from_length);
    if (n == SOCKET_ERROR) {
        const int error = WSAGetLastError();
        if (error == WSAECONNRESET) { /* ICMP port unreachable: server not (yet) there */
            ++tally->resets;
            return kNothing;
        }
        fprintf(stderr, "udp_echo_client: recvfrom failed with error %d\n", error);
        return kFatal;
    }
    if (from.sin_addr.s_addr != server->sin_addr.s_addr || from.sin_port != server->sin_port) {
        const u_long a = ntohl(from.sin_addr.s_addr);
        fprintf(stderr, "udp_echo_client: datagram of %d bytes from %lu.%lu.%lu.%lu:%u, not the server\n", n,
                (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255, ntohs(from.sin_port));
        return kFatal;
    }
    *length = n;
    return kGot;
}

/* Probes until the server answers or wait_s passes; 1 when it answered. */
static int probe(SOCKET s, const SOCKADDR_IN *server, long wait_s, unsigned char *buffer, Tally *tally)
{
    const int64_t give_up = now_ms() + wait_s * 1000;
    int length = 0;
    while (now_ms() < give_up) {
        const int64_t next = now_ms() + 100;
        ++tally->probes;
        if (sendto(s, kProbe, (int)sizeof kProbe - 1, 0, (const SOCKADDR *)server, sizeof *server) == SOCKET_ERROR) {
            const int error = WSAGetLastError();
            if (error != WSAENOBUFS && error != WSAEWOULDBLOCK && error != WSAEHOSTUNREACH &&
                error != WSAENETUNREACH) {
                fprintf(stderr, "udp_echo_client: sendto (probe) failed with error %d\n", error);
                return 0;
            }
        }
        for (;;) {
            const int64_t left = next - now_ms();
            ReceiveResult r;
            if (left <= 0) break;
            r = receive(s, server, (long)left, buffer, &length, tally);
            if (r == kFatal) return 0;
            if (r == kGot && length == (int)sizeof kProbe - 1 && memcmp(buffer, kProbe, sizeof kProbe - 1) == 0)
                return 1;
            if (r == kGot) {
                fprintf(stderr, "udp_echo_client: unexpected %d-byte datagram while probing\n", length);
                return 0;
            }
        }
    }
    fprintf(stderr, "udp_echo_client: no answer to %ld probes in %ld s\n", tally->probes, wait_s);
    return 0;
}

/* Classifies an echo; 0 when it is corrupt. An echo of a datagram sent only
 * once gives a round-trip sample (Karn's rule). */
static int account(const unsigned char *data, int n, const Options *o, unsigned char *state, uint32_t sent_up_to,
                   Slot *slots, unsigned char *expected, Rtt *rtt, Tally *tally)
{
    uint32_t seq;
    long w;
    int duplicate = 0;
    if (n == (int)sizeof kProbe - 1 && memcmp(data, kProbe, sizeof kProbe - 1) == 0) return 1; /* late probe echo */
    if (n < 1 || n > o->max_size) goto corrupt;
    /* Candidates: the datagrams of this size sent so far; an outstanding one first. */
    for (seq = (uint32_t)(n - 1); seq < sent_up_to; seq += (uint32_t)o->max_size) {
        fill(seq, expected, n);
        if (memcmp(expected, data, (size_t)n) != 0) continue;
        if (state[seq] == kOutstanding) {
            state[seq] = kEchoed;
            ++tally->echoed;
            for (w = 0; w < o->window; ++w) {
                if (slots[w].used && slots[w].seq == seq) {
                    if (slots[w].tries == 0) rtt_sample(rtt, now_us() - slots[w].sent_us);
                    slots[w].used = 0;
                    break;
                }
            }
            return 1;
        }
        if (state[seq] == kEchoed) duplicate = 1;
    }
    if (duplicate) {
        ++tally->duplicates;
        return 1;
    }
corrupt:
    fprintf(stderr, "udp_echo_client: corrupt echo of %d bytes (first bytes %02x %02x %02x %02x)\n", n,
            n > 0 ? data[0] : 0, n > 1 ? data[1] : 0, n > 2 ? data[2] : 0, n > 3 ? data[3] : 0);
    return 0;
}

static void print_counter(const char *name, unsigned long long value, void *context)
{
    (void)context;
    printf("counter %s %llu\n", name, value);
}

static int run(const Options *o, SOCKET s)
{
    SOCKADDR_IN server;
    unsigned char *out = malloc(kMaxDatagram + 1), *in = malloc(kMaxDatagram + 1), *expected = malloc(kMaxDatagram + 1);
    unsigned char *state = calloc((size_t)o->count, 1);
    Slot *slots = calloc((size_t)o->window, sizeof *slots);
    Tally tally;
    Rtt rtt;
    uint32_t next = 0;
    long w;
    int ok = 0, length = 0;
    int64_t start = now_us(), elapsed;
    const int64_t give_up = start + (int64_t)o->total_s * 1000000;
    memset(&tally, 0, sizeof tally);
    memset(&rtt, 0, sizeof rtt);
    rtt.min_rto = (int64_t)o->timeout_ms * 1000;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons(o->server_port);
    server.sin_addr.s_addr = htonl(o->server_ip);
    if (!out || !in || !expected || !state || !slots) {
        fputs("udp_echo_client: out of memory\n", stderr);
        goto done;
    }
    if (o->wait_s > 0 && !probe(s, &server, o->wait_s, in, &tally)) goto done;

    start = now_us();
    while (tally.echoed < o->count) {
        int64_t now = now_us(), earliest;
        if (now >= give_up) {
            fprintf(stderr, "udp_echo_client: gave up after %ld s with %ld of %ld echoed\n", o->total_s, tally.echoed,
                    o->count);
            goto done;
        }
        /* Fill the window. */
        for (w = 0; w < o->window && (long)next < o->count; ++w) {
            if (slots[w].used) continue;
            if (!send_datagram(s, &server, next, o->max_size, out, &tally)) goto done;
            slots[w].used = 1;
            slots[w].seq = next;
            slots[w].tries = 0;
            slots[w].sent_us = now;
            slots[w].rto_us = rtt_rto(&rtt);
            slots[w].deadline_us = now + slots[w].rto_us;
            state[next] = kOutstanding;
            ++next;
        }
        /* Retransmit what timed out, with exponential backoff. */
        earliest = now + 100000;
        for (w = 0; w < o->window; ++w) {
            if (!slots[w].used) continue;
            if (now >= slots[w].deadline_us) {
                if (slots[w].tries >= o->retries) {
                    fprintf(stderr,
                            "udp_echo_client: datagram %lu (%ld bytes) not echoed after %ld retransmissions "
                            "(last timeout %lld ms)\n",
                            (unsigned long)slots[w].seq, size_of(slots[w].seq, o->max_size), slots[w].tries,
                            (long long)(slots[w].rto_us / 1000));
                    goto done;
                }
                if (!send_datagram(s, &server, slots[w].seq, o->max_size, out, &tally)) goto done;
                ++slots[w].tries;
                ++tally.retransmissions;
                slots[w].sent_us = now;
                slots[w].rto_us = slots[w].rto_us * 2 > kMaxRtoUs ? kMaxRtoUs : slots[w].rto_us * 2;
                slots[w].deadline_us = now + slots[w].rto_us;
            }
            if (slots[w].deadline_us < earliest) earliest = slots[w].deadline_us;
        }
        switch (receive(s, &server, (long)(earliest > now ? (earliest - now + 999) / 1000 : 0), in, &length,
                        &tally)) {
        case kFatal:
            goto done;
        case kNothing:
            break;
        case kGot:
            if (!account(in, length, o, state, next, slots, expected, &rtt, &tally)) goto done;
            break;
        }
    }
    if (tally.duplicates > tally.retransmissions) {
        fprintf(stderr, "udp_echo_client: %ld duplicate echoes but only %ld retransmissions\n", tally.duplicates,
                tally.retransmissions);
        goto done;
    }
    ok = 1;
done:
    elapsed = now_us() - start;
    printf("%s: %ld of %ld datagrams (1..%ld bytes) echoed intact by %lu.%lu.%lu.%lu:%u, %ld retransmissions, "
           "%ld duplicates, %ld send errors, %ld resets, %ld probes, %lld ms (%.0f datagrams/s, srtt %lld us)\n",
           ok ? "PASS" : "FAIL", tally.echoed, o->count, o->max_size, (o->server_ip >> 24) & 255,
           (o->server_ip >> 16) & 255, (o->server_ip >> 8) & 255, o->server_ip & 255, (unsigned)o->server_port,
           tally.retransmissions, tally.duplicates, tally.send_errors, tally.resets, tally.probes,
           (long long)(elapsed / 1000), elapsed > 0 ? (double)tally.echoed * 1e6 / (double)elapsed : 0.0,
           (long long)rtt.srtt);
    if (o->verbose) sluice_for_each_counter(print_counter, NULL);
    fflush(stdout);
    free(out);
    free(in);
    free(expected);
    free(state);
    free(slots);
    return ok;
}

int main(int argc, char **argv)
{
    Options o;
    SOCKET s;
    SOCKADDR_IN local;
    int ok;

    if (!parse_options(argc, argv, &o)) {
        usage();
        return 2;
    }
    if (!example_startup("udp_echo_client", o.config_path)) return 1;
    if (!example_print_ready("udp_echo_client")) {
        WSACleanup();
        return 1;
    }

    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET) {
        fprintf(stderr, "udp_echo_client: socket failed with error %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }
    memset(&local, 0, sizeof local);
    local.sin_family = AF_INET;
    local.sin_port = htons(0);
    local.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, (const SOCKADDR *)&local, sizeof local) == SOCKET_ERROR) {
        fprintf(stderr, "udp_echo_client: bind failed with error %d\n", WSAGetLastError());
        closesocket(s);
        WSACleanup();
        return 1;
    }
    ok = run(&o, s);
    if (closesocket(s) == SOCKET_ERROR) {
        fprintf(stderr, "udp_echo_client: closesocket failed with error %d\n", WSAGetLastError());
        ok = 0;
    }
    if (!example_cleanup("udp_echo_client")) ok = 0;
    return ok ? 0 : 1;
}
