/* sluice/detail/ws_config.h: internal to the sluice Winsock headers, never
 * included directly. It holds the macros the public headers are written with,
 * fixes the header mode of the translation unit, and (in the default,
 * Winsock-compatible mode) makes the Winsock select() family usable beside
 * glibc's <sys/select.h>. The rules are explained in <sluice/winsock2.h>. */
#ifndef SLUICE_DETAIL_WS_CONFIG_H
#define SLUICE_DETAIL_WS_CONFIG_H

#if !defined(__GNUC__)
#  error "the sluice Winsock headers need GCC or Clang (they use asm labels)"
#endif
#if !defined(__LP64__)
#  error "the sluice Winsock headers describe the 64-bit Windows ABI and need an LP64 target"
#endif

/* ---- Mode of this translation unit ------------------------------------- */

/* SLUICE_WS(name) spells a BSD-socket name as the mode wants it: name in the
 * Winsock-compatible mode, WS_name in the prefixed mode. The mode is fixed by
 * the first sluice Winsock header a translation unit includes; every public
 * header checks that SLUICE_WS_PREFIX has not changed since. */
#ifdef SLUICE_WS_PREFIX
#  define SLUICE_WS_PREFIXED 1
#  define SLUICE_WS(name) WS_##name
#else
#  define SLUICE_WS_PREFIXED 0
#  define SLUICE_WS(name) name
#endif

/* ---- Writing helpers ---------------------------------------------------- */

/* Every API function is declared with the name libsluice exports,
 * sluice_<Windows name>, so no symbol of libsluice is ever a libc symbol:
 * socket() in Winsock source links to sluice_socket, glibc's socket stays
 * glibc's. # does not expand its operand, so SLUICE_WS_SYMBOL(select) names
 * "sluice_select" even where select is a macro. */
#define SLUICE_WS_SYMBOL(name) __asm__("sluice_" #name)

/* Visibility of the declarations: libsluice may be built with
 * -fvisibility=hidden and still export exactly these. */
#define SLUICE_WS_API __attribute__((__visibility__("default")))

/* Casts inside macros that expand in user code: static_cast in C++ so that
 * -Wold-style-cast stays quiet. */
#ifdef __cplusplus
#  define SLUICE_WS_CAST(type, value) (static_cast<type>(value))
#else
#  define SLUICE_WS_CAST(type, value) ((type)(value))
#endif

/* Compile-time checks in C99, C11 and C++. */
#define SLUICE_WS_CAT_(a, b) a##b
#define SLUICE_WS_CAT(a, b) SLUICE_WS_CAT_(a, b)
#if defined(__cplusplus)
#  define SLUICE_WS_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#  define SLUICE_WS_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#else
#  define SLUICE_WS_STATIC_ASSERT(cond, msg) \
     typedef char SLUICE_WS_CAT(sluice_ws_static_assert_, __COUNTER__)[(cond) ? 1 : -1]
#endif

/* Unnamed structs and unions inside structures, as Windows declares them
 * (anonymous unions are C11, anonymous structs are an extension in C++). */
#define SLUICE_WS_EXTENSION __extension__

/* The A/W choice that Windows makes with UNICODE, taken when the first sluice
 * Winsock header is included (define UNICODE before it, as on Windows). */
#ifdef UNICODE
#  define SLUICE_WS_AW(name) name##W
#else
#  define SLUICE_WS_AW(name) name##A
#endif

#ifdef __cplusplus
#  define SLUICE_WS_BEGIN_DECLS extern "C" {
#  define SLUICE_WS_END_DECLS }
#else
#  define SLUICE_WS_BEGIN_DECLS
#  define SLUICE_WS_END_DECLS
#endif

#include <stddef.h>
#include <stdint.h>
#ifndef __cplusplus
#  include <uchar.h> /* char16_t */
#endif

#if !SLUICE_WS_PREFIXED
/* ---- Winsock-compatible mode: coexistence with glibc --------------------- */

/* The POSIX socket headers define the same names with other values
 * (AF_INET6 is 10 there, 23 here): refuse them loudly. */
#  if defined(_SYS_SOCKET_H) || defined(_NETINET_IN_H) || defined(_ARPA_INET_H) || \
      defined(_NETDB_H) || defined(_NETINET_TCP_H) || defined(_SYS_POLL_H) || \
      defined(_SYS_IOCTL_H) || defined(_ASM_GENERIC_IOCTL_H)
#    error "sluice Winsock headers (Winsock-compatible mode) cannot follow <sys/socket.h>, <netinet/in.h>, <arpa/inet.h>, <netdb.h>, <netinet/tcp.h>, <poll.h> or <sys/ioctl.h> in one translation unit: they define the same names with other values. Define SLUICE_WS_PREFIX before including the sluice Winsock headers to get the WS_-prefixed names that coexist with POSIX and DPDK headers."
#  endif

/* glibc's <sys/select.h> (pulled in by <stdlib.h> and by libstdc++) defines
 * fd_set, FD_SETSIZE (1024), FD_SET... and select(); <unistd.h> (also pulled
 * in by libstdc++) declares gethostname() and typedefs socklen_t. Include them
 * all first, whatever the user included before or will include after, then
 * lay the Winsock names over them:
 *   - struct timeval and the u_char/u_short/u_int/u_long typedefs are glibc's
 *     own (same members; u_long is 8 bytes here, see winsock2.h);
 *   - fd_set, select, gethostname and socklen_t become macros naming the
 *     Winsock versions (sluice_ws_fd_set, sluice_select, sluice_gethostname,
 *     sluice_ws_socklen_t); glibc's declarations keep their own names;
 *   - FD_SETSIZE, FD_SET, FD_CLR, FD_ISSET, FD_ZERO are redefined.
 * FD_SETSIZE given by the user before the first of these headers, or
 * redefined to another value than glibc's after them, is kept (Windows:
 * define FD_SETSIZE before including winsock2.h); otherwise it is 64. A value
 * defined before <stdlib.h> is lost to glibc before this header runs: a
 * FD_SETSIZE equal to glibc's __FD_SETSIZE after <sys/select.h> counts as
 * glibc's. */
#  if defined(FD_SETSIZE) && (!defined(_SYS_SELECT_H) || \
      (defined(__FD_SETSIZE) && (FD_SETSIZE) != (__FD_SETSIZE)))
#    define SLUICE_WS_USER_FD_SETSIZE 1
#    pragma push_macro("FD_SETSIZE")
#    undef FD_SETSIZE
#  endif
#  include <sys/types.h>
#  include <sys/select.h>
#  include <sys/time.h>
#  include <unistd.h>
#  undef FD_SETSIZE
#  undef FD_SET
#  undef FD_CLR
#  undef FD_ISSET
#  undef FD_ZERO
#  ifdef SLUICE_WS_USER_FD_SETSIZE
#    pragma pop_macro("FD_SETSIZE")
#    undef SLUICE_WS_USER_FD_SETSIZE
#  else
#    define FD_SETSIZE 64
#  endif
#  define fd_set sluice_ws_fd_set
#  define select sluice_select
#  define gethostname sluice_gethostname

/* In strict ISO modes (-std=c11) glibc does not define the BSD u_* types. */
#  ifndef __u_char_defined
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
#    define __u_char_defined
#  endif

#else
/* ---- Prefixed mode: nothing of glibc is touched -------------------------- */
#  ifndef WS_FD_SETSIZE
#    define WS_FD_SETSIZE 64
#  endif
/* Same types as the compatible mode's (glibc's u_* on LP64), so that both
 * modes call the same functions with the same ABI. */
typedef unsigned char WS_u_char;
typedef unsigned short WS_u_short;
typedef unsigned int WS_u_int;
typedef unsigned long WS_u_long;
#endif

#endif /* SLUICE_DETAIL_WS_CONFIG_H */
