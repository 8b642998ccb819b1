/* apps/examples/example_util.h: small helpers the example clients share
 * (udp_echo_client.c, tcp_echo_client.c): number and address parsing of the
 * command line, and reading the stack configuration file. Plain C, no
 * sluice call; each function reports errors on stderr under `program`. */
#ifndef SLUICE_EXAMPLE_UTIL_H
#define SLUICE_EXAMPLE_UTIL_H

#include <sluice/winsock2.h>

#include <stdio.h>
#include <stdlib.h>

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

#endif
