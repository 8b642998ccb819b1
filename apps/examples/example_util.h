/* apps/examples/example_util.h: small helpers the example clients and the
 * memif benchmark peer share (udp_echo_client.c, tcp_echo_client.c,
 * bench/tcp_memif_peer.c): number and address parsing of the command line,
 * the stack configuration file, the READY line, and Winsock start and end.
 * Plain C; each function reports errors on stderr under `program`. */
#ifndef SLUICE_EXAMPLE_UTIL_H
#define SLUICE_EXAMPLE_UTIL_H

#include <sluice/winsock2.h>
#include <sluice/sluice.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal in [low, high] filling the whole of `text`. */
static inline int example_parse_long_long(const char *text, long long low, long long high, long long *out)
{
    char *end = NULL;
    long long v;
    if (text == NULL || *text == '\0') return 0;
    v = strtoll(text, &end, 10);
    if (*end != '\0' || v < low || v > high) return 0;
    *out = v;
    return 1;
}

static inline int example_parse_long(const char *text, long low, long high, long *out)
{
    long long v = 0;
    if (!example_parse_long_long(text, low, high, &v)) return 0;
    *out = (long)v;
    return 1;
}

/* A dotted quad (1 to 3 digits per octet), host order. */
static inline int example_parse_ipv4(const char *text, u_long *out)
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

/* The whole file as a NUL-terminated string (free it); NULL and a message
 * on failure. */
static inline char *example_read_file(const char *program, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t size = 0, used = 0, n;
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open %s\n", program, path);
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
        fprintf(stderr, "%s: cannot read %s\n", program, path);
        free(text);
        text = NULL;
    } else {
        text[used] = '\0';
    }
    fclose(f);
    return text;
}

/* Hands the configuration file at `path` to sluice before WSAStartup (no
 * file: 1, sluice reads SLUICE_CONFIG or its embedded default); 0 and a
 * message when it cannot be read or is refused. */
static inline int example_apply_config(const char *program, const char *path)
{
    char *text;
    int rc;
    if (path == NULL) return 1;
    text = example_read_file(program, path);
    if (text == NULL) return 0;
    rc = sluice_set_config(text);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "%s: %s: %s\n", program, path, sluice_config_error());
        return 0;
    }
    return 1;
}

/* Prints "READY <ip> <mac>" (from sluice_interface's "<ip>/<len> <mac>")
 * for the scripts that start the program; 0 when it cannot be read. */
static inline int example_print_ready(const char *program)
{
    char text[64], *slash, *space;
    const int rc = sluice_interface(text, sizeof text);
    slash = rc == 0 ? strchr(text, '/') : NULL;
    space = rc == 0 ? strchr(text, ' ') : NULL;
    if (slash == NULL || space == NULL || slash > space) {
        fprintf(stderr, "%s: sluice_interface failed (%d)\n", program, rc);
        return 0;
    }
    *slash = '\0';
    printf("READY %s %s\n", text, space + 1);
    fflush(stdout);
    return 1;
}

/* example_apply_config, then WSAStartup(2.2); 0 and a message on failure
 * (nothing to clean up then). */
static inline int example_startup(const char *program, const char *config_path)
{
    WSADATA wsa;
    int rc;
    if (!example_apply_config(program, config_path)) return 0;
    rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (rc != 0) {
        fprintf(stderr, "%s: WSAStartup failed with error %d\n", program, rc);
        return 0;
    }
    return 1;
}

/* WSACleanup (the last one also lets graceful closes finish); 0 and a
 * message when it fails. */
static inline int example_cleanup(const char *program)
{
    if (WSACleanup() == SOCKET_ERROR) {
        fprintf(stderr, "%s: WSACleanup failed with error %d\n", program, WSAGetLastError());
        return 0;
    }
    return 1;
}

#endif
