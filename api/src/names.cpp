// inet_addr, inet_ntoa and gethostname.
//
//  - inet_addr: the BSD/Windows numbers-and-dots forms a, a.b, a.b.c and
//    a.b.c.d, each part decimal, octal (leading 0) or hexadecimal (0x); the
//    last part fills the remaining bytes. Anything else, or an out-of-range
//    part, is INADDR_NONE; NULL too. The result is in network order, a 32-bit
//    value zero-extended into the 8-byte unsigned long (winsock2.h rule 1).
//    No startup needed (a plain function on Windows too).
//  - inet_ntoa: "a.b.c.d" in a per-thread buffer, valid until the thread's
//    next call (Windows: per thread as well).
//  - gethostname: the configuration's hostname (default "sluice").
//    WSANOTINITIALISED before startup; NULL name or a namelen too small for
//    the name and its NUL -> WSAEFAULT.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "call.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>

namespace {

/// One part of an inet_addr string; advances `p` past it.
std::optional<std::uint64_t> parse_part(const char*& p) {
    int base = 10;
    if (*p == '0') {
        base = 8;
        ++p;
        if (*p == 'x' || *p == 'X') {
            base = 16;
            ++p;
            if (!std::isxdigit(static_cast<unsigned char>(*p))) return std::nullopt;
        } else if (!std::isdigit(static_cast<unsigned char>(*p))) {
            return 0;  // a lone "0"
        }
    } else if (!std::isdigit(static_cast<unsigned char>(*p))) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (;; ++p) {
        const int c = static_cast<unsigned char>(*p);
        int digit;
        if (std::isdigit(c)) {
            digit = c - '0';
        } else if (base == 16 && std::isxdigit(c)) {
            digit = std::tolower(c) - 'a' + 10;
        } else {
            break;
        }
        if (digit >= base) return std::nullopt;
        value = value * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
        if (value > 0xFFFFFFFFu) return std::nullopt;
    }
    return value;
}

std::optional<std::uint32_t> parse_dotted(const char* text) {
    std::uint64_t parts[4];
    int n = 0;
    const char* p = text;
    for (;;) {
        const auto part = parse_part(p);
        if (!part || n == 4) return std::nullopt;
        parts[n++] = *part;
        if (*p != '.') break;
        ++p;
    }
    if (*p != '\0') return std::nullopt;
    std::uint64_t address = parts[n - 1];
    const std::uint64_t last_limit = n == 1 ? 0xFFFFFFFFu : n == 2 ? 0xFFFFFFu : n == 3 ? 0xFFFFu : 0xFFu;
    if (address > last_limit) return std::nullopt;
    for (int i = 0; i < n - 1; ++i) {
        if (parts[i] > 0xFF) return std::nullopt;
        address |= parts[i] << (24 - 8 * i);
    }
    return static_cast<std::uint32_t>(address);
}

}  // namespace

extern "C" {

unsigned long WSAAPI WS_inet_addr(const char* cp) {
    if (cp == nullptr) return WS_INADDR_NONE;
    const auto host = parse_dotted(cp);
    if (!host) return WS_INADDR_NONE;
    return __builtin_bswap32(*host);
}

char* WSAAPI WS_inet_ntoa(WS_in_addr in) {
    thread_local char buffer[16];
    std::uint8_t b[4];
    std::memcpy(b, &in, 4);
    std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buffer;
}

int WSAAPI WS_gethostname(char* name, int namelen) {
    const auto session = sluice::api::session();
    if (!session) return sluice::api::fail(WSANOTINITIALISED);
    const std::string& host = session->hostname();
    if (name == nullptr || namelen < 0 || static_cast<std::size_t>(namelen) < host.size() + 1) {
        return sluice::api::fail(WSAEFAULT);
    }
    std::memcpy(name, host.c_str(), host.size() + 1);
    return sluice::api::finish(0);
}

}  // extern "C"
