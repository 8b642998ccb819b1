/* sluice/detail/ws_base_types.h: internal to the sluice Winsock headers, never
 * included directly. The Windows base types the Winsock API is written in,
 * with Windows' sizes: LONG, ULONG and DWORD are 32-bit (Windows' long is),
 * WCHAR is char16_t (UTF-16, never the 4-byte wchar_t), the *_PTR types are
 * 64-bit. Each group is skipped when the translation unit already has it from
 * Windows-compatible headers that use the Windows SDK's include guards
 * (minwindef.h, winnt.h, basetsd.h, guiddef.h, minwinbase.h), or from its own
 * definitions announced with SLUICE_WS_HAVE_WINDOWS_TYPES; <sluice/winsock2.h>
 * then checks their sizes with static assertions. */
#ifndef SLUICE_DETAIL_WS_BASE_TYPES_H
#define SLUICE_DETAIL_WS_BASE_TYPES_H

#include <sluice/detail/ws_config.h>

/* Calling conventions and pointer qualifiers mean nothing on x86-64 Linux. */
#ifndef WSAAPI
#  define WSAAPI
#endif
#ifndef WINAPI
#  define WINAPI
#endif
#ifndef PASCAL
#  define PASCAL
#endif
#ifndef CALLBACK
#  define CALLBACK
#endif
#ifndef FAR
#  define FAR
#endif
#ifndef NEAR
#  define NEAR
#endif

#ifndef SLUICE_WS_HAVE_WINDOWS_TYPES

#if !defined(_MINWINDEF_) && !defined(_WINDEF_)
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef uint32_t DWORD, *PDWORD, *LPDWORD;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
typedef uint32_t ULONG, *PULONG;
typedef unsigned short USHORT, *PUSHORT;
typedef unsigned char UCHAR, *PUCHAR;
typedef void *LPVOID;
typedef const void *LPCVOID;
#endif

#if !defined(_WINNT_)
#  ifndef VOID
#    define VOID void
#  endif
typedef char CHAR, *PCHAR, *PSTR, *LPSTR;
typedef const char *PCSTR, *LPCSTR;
typedef short SHORT, *PSHORT;
typedef int32_t LONG, *PLONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef char16_t WCHAR, *PWCHAR, *PWSTR, *LPWSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;
typedef void *PVOID;
typedef void *HANDLE, **PHANDLE, **LPHANDLE;
#endif

#if !defined(_BASETSD_H_) && !defined(__WINE_BASETSD_H)
typedef long long INT_PTR, *PINT_PTR;
typedef unsigned long long UINT_PTR, *PUINT_PTR;
typedef long long LONG_PTR, *PLONG_PTR;
typedef unsigned long long ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
#endif

#ifndef GUID_DEFINED
#  define GUID_DEFINED
typedef struct _GUID {
    DWORD Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID;
#endif
#ifndef __LPGUID_DEFINED__
#  define __LPGUID_DEFINED__
typedef GUID *LPGUID;
#endif

#if !defined(_MINWINBASE_) && !defined(_WINBASE_)
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    SLUICE_WS_EXTENSION union {
        SLUICE_WS_EXTENSION struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;
#endif

#endif /* SLUICE_WS_HAVE_WINDOWS_TYPES */

#ifndef TRUE
#  define TRUE 1
#endif
#ifndef FALSE
#  define FALSE 0
#endif

/* minwindef.h's word and byte helpers (MAKEWORD(2, 2) asks WSAStartup for
 * Winsock 2.2; LOBYTE/HIBYTE read wVersion back). */
#ifndef MAKEWORD
#  define MAKEWORD(low, high) \
     SLUICE_WS_CAST(WORD, (SLUICE_WS_CAST(DWORD_PTR, (low)) & 0xff) | \
                          ((SLUICE_WS_CAST(DWORD_PTR, (high)) & 0xff) << 8))
#endif
#ifndef MAKELONG
#  define MAKELONG(low, high) \
     SLUICE_WS_CAST(LONG, (SLUICE_WS_CAST(DWORD_PTR, (low)) & 0xffff) | \
                          ((SLUICE_WS_CAST(DWORD_PTR, (high)) & 0xffff) << 16))
#endif
#ifndef LOWORD
#  define LOWORD(l) SLUICE_WS_CAST(WORD, SLUICE_WS_CAST(DWORD_PTR, (l)) & 0xffff)
#endif
#ifndef HIWORD
#  define HIWORD(l) SLUICE_WS_CAST(WORD, (SLUICE_WS_CAST(DWORD_PTR, (l)) >> 16) & 0xffff)
#endif
#ifndef LOBYTE
#  define LOBYTE(w) SLUICE_WS_CAST(BYTE, SLUICE_WS_CAST(DWORD_PTR, (w)) & 0xff)
#endif
#ifndef HIBYTE
#  define HIBYTE(w) SLUICE_WS_CAST(BYTE, (SLUICE_WS_CAST(DWORD_PTR, (w)) >> 8) & 0xff)
#endif

#endif /* SLUICE_DETAIL_WS_BASE_TYPES_H */
