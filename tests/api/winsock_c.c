/* tests/api/winsock_c.c: a Winsock program in C, compiled in the
 * Winsock-compatible header mode (only <sluice/winsock2.h> plus the C
 * library) and linked against libsluice.so: startup and WSADATA, both
 * WSAEnumProtocols variants with too-small and right-sized buffers, the byte
 * order functions, the per-thread last error, and cleanup. Exit status 0 when
 * every check holds; each failed check is printed.
 *
 * Spec: shared/spec/winsock-behaviour.md WS-START-01/02/04/05/09,
 * WS-ENUM-01..05. The application view lists the four visible base entries
 * (TCP/IP, UDP/IP, TCP/IPv6, UDP/IPv6: ids 1001, 1002, 1004, 1005); the RAW
 * entries carry PFL_HIDDEN and are not enumerated (WS-ENUM-03). */
#include <sluice/winsock2.h>

#include <stdio.h>
#include <string.h>
#include <threads.h>

static int failures;

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                            \
        }                                                                          \
    } while (0)

enum { visible_entries = 4 };
static const DWORD expected_ids[visible_entries] = {1001, 1002, 1004, 1005};
static const int expected_families[visible_entries] = {AF_INET, AF_INET, AF_INET6, AF_INET6};
static const int expected_types[visible_entries] = {SOCK_STREAM, SOCK_DGRAM, SOCK_STREAM, SOCK_DGRAM};
static const char *const expected_names[visible_entries] = {
    "MSAFD Tcpip [TCP/IP]", "MSAFD Tcpip [UDP/IP]", "MSAFD Tcpip [TCP/IPv6]",
    "MSAFD Tcpip [UDP/IPv6]"};

static int wide_equals_ascii(const WCHAR *wide, const char *ascii) {
    size_t i = 0;
    for (; ascii[i] != '\0'; ++i) {
        if (wide[i] != (WCHAR)(unsigned char)ascii[i]) return 0;
    }
    return wide[i] == 0;
}

static void check_entry_common(DWORD id, int family, int type, int protocol, DWORD flags1,
                               DWORD provider_flags, int version, size_t i) {
    CHECK(id == expected_ids[i]);
    CHECK(family == expected_families[i]);
    CHECK(type == expected_types[i]);
    CHECK(protocol == (type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP));
    CHECK(flags1 == (type == SOCK_STREAM ? 0x20066u : 0x20609u));
    CHECK((provider_flags & PFL_HIDDEN) == 0);
    CHECK(version == 2);
}

static void test_before_startup(void) {
    DWORD len = 0;
    CHECK(WSAEnumProtocolsW(NULL, NULL, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSANOTINITIALISED);
    CHECK(WSACleanup() == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSANOTINITIALISED);
    u_short out = 0;
    CHECK(WSAHtons(INVALID_SOCKET, 1, &out) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSANOTINITIALISED);
}

static void test_startup(void) {
    WSADATA data;
    char vendor_marker = 'v';
    memset(&data, 0xAB, sizeof data);
    data.lpVendorInfo = &vendor_marker;
    WSASetLastError(12345);
    CHECK(WSAStartup(MAKEWORD(2, 2), &data) == 0);
    CHECK(WSAGetLastError() == 0);
    CHECK(data.wVersion == MAKEWORD(2, 2));
    CHECK(data.wHighVersion == MAKEWORD(2, 2));
    CHECK(data.iMaxSockets == 0);
    CHECK(data.iMaxUdpDg == 0);
    CHECK(data.lpVendorInfo == &vendor_marker);
    CHECK(strcmp(data.szDescription, "WinSock 2.0") == 0);
    CHECK((unsigned char)data.szDescription[sizeof "WinSock 2.0"] == 0xAB);
    CHECK(strcmp(data.szSystemStatus, "Running") == 0);
    CHECK((unsigned char)data.szSystemStatus[sizeof "Running"] == 0xAB);
}

static void test_enum_w(void) {
    WSAPROTOCOL_INFOW infos[visible_entries + 1];
    DWORD len = 0;
    CHECK(sizeof(WSAPROTOCOL_INFOW) == 628);
    CHECK(WSAEnumProtocolsW(NULL, NULL, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOBUFS);
    CHECK(len == visible_entries * 628);

    len = sizeof infos[0]; /* a real buffer, one entry: too small */
    CHECK(WSAEnumProtocolsW(NULL, infos, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOBUFS);
    CHECK(len == visible_entries * 628);

    memset(infos, 0xCD, sizeof infos);
    CHECK(WSAEnumProtocolsW(NULL, infos, &len) == visible_entries);
    CHECK(WSAGetLastError() == 0);
    for (size_t i = 0; i < visible_entries; ++i) {
        const WSAPROTOCOL_INFOW *p = &infos[i];
        check_entry_common(p->dwCatalogEntryId, p->iAddressFamily, p->iSocketType, p->iProtocol,
                           p->dwServiceFlags1, p->dwProviderFlags, p->iVersion, i);
        CHECK(wide_equals_ascii(p->szProtocol, expected_names[i]));
        CHECK(p->ProtocolChain.ChainLen == BASE_PROTOCOL);
    }
    /* Nothing is written past the entries. */
    CHECK(infos[visible_entries].dwServiceFlags1 == 0xCDCDCDCDu);

    CHECK(WSAEnumProtocolsW(NULL, infos, NULL) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAEFAULT);
}

static void test_enum_a(void) {
    WSAPROTOCOL_INFOA infos[visible_entries];
    DWORD len = 0;
    CHECK(sizeof(WSAPROTOCOL_INFOA) == 372);
    CHECK(WSAEnumProtocolsA(NULL, NULL, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOBUFS);
    CHECK(len == visible_entries * 372);
    CHECK(WSAEnumProtocolsA(NULL, infos, &len) == visible_entries);
    CHECK(WSAGetLastError() == 0);
    for (size_t i = 0; i < visible_entries; ++i) {
        const WSAPROTOCOL_INFOA *p = &infos[i];
        check_entry_common(p->dwCatalogEntryId, p->iAddressFamily, p->iSocketType, p->iProtocol,
                           p->dwServiceFlags1, p->dwProviderFlags, p->iVersion, i);
        CHECK(strcmp(p->szProtocol, expected_names[i]) == 0);
    }

    /* WS-ENUM-05: invalid protocol numbers in the filter are ignored. */
    int filter[] = {0xdead, IPPROTO_TCP, 0xcafe, IPPROTO_UDP, 0xbeef, 0};
    len = 0;
    CHECK(WSAEnumProtocolsA(filter, NULL, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOBUFS);
    CHECK(len == visible_entries * 372);
    const int n = WSAEnumProtocolsA(filter, infos, &len);
    CHECK(n == visible_entries);
    for (int i = 0; i < n; ++i) {
        CHECK(infos[i].iProtocol == IPPROTO_TCP || infos[i].iProtocol == IPPROTO_UDP);
    }
}

static void test_byte_order(void) {
    CHECK(htons(0x1234) == 0x3412);
    CHECK(ntohs(0x3412) == 0x1234);
    CHECK(htonl(0x12345678UL) == 0x78563412UL);
    CHECK(ntohl(0x78563412UL) == 0x12345678UL);
    /* 32-bit semantics: the low 32 bits, zero-extended. */
    CHECK(htonl(0xFFFFFFFF00000080UL) == 0x80000000UL);
    CHECK(ntohl(0x80UL) == 0x80000000UL);

    u_short s = 7;
    u_long l = 7;
    CHECK(WSAHtons(INVALID_SOCKET, 1, NULL) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAEFAULT);
    CHECK(WSAHtons(INVALID_SOCKET, 1, &s) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOTSOCK);
    CHECK(WSAHtonl(INVALID_SOCKET, 1, &l) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOTSOCK);
    CHECK(WSANtohs(INVALID_SOCKET, 1, &s) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOTSOCK);
    CHECK(WSANtohl(INVALID_SOCKET, 1, &l) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSAENOTSOCK);
    CHECK(s == 7 && l == 7);
}

static int thread_body(void *arg) {
    int *seen = arg;
    seen[0] = WSAGetLastError(); /* a new thread starts at 0 */
    WSASetLastError(WSAEWOULDBLOCK);
    seen[1] = WSAGetLastError();
    return 0;
}

static void test_last_error_per_thread(void) {
    int seen[2] = {-1, -1};
    thrd_t thread;
    WSASetLastError(WSAEINVAL);
    CHECK(thrd_create(&thread, thread_body, seen) == thrd_success);
    CHECK(thrd_join(thread, NULL) == thrd_success);
    CHECK(seen[0] == 0);
    CHECK(seen[1] == WSAEWOULDBLOCK);
    CHECK(WSAGetLastError() == WSAEINVAL);
}

static void test_cleanup(void) {
    CHECK(WSACleanup() == 0);
    CHECK(WSAGetLastError() == 0);
    CHECK(WSACleanup() == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSANOTINITIALISED);
    DWORD len = 0;
    CHECK(WSAEnumProtocolsA(NULL, NULL, &len) == SOCKET_ERROR);
    CHECK(WSAGetLastError() == WSANOTINITIALISED);
}

int main(void) {
    test_before_startup();
    test_startup();
    test_enum_w();
    test_enum_a();
    test_byte_order();
    test_last_error_per_thread();
    test_cleanup();
    printf("winsock_c: %d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
