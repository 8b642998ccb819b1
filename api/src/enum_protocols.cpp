// WSAEnumProtocolsA and WSAEnumProtocolsW.
//
// Spec: shared/spec/winsock-behaviour.md WS-ENUM-01..06; shared/spec/
// winsock-catalog.md §1.1 and §4b. The rules (application view, filter,
// buffer length, names) are the provider's enumerate_protocols; here: the
// startup check, the marshalling of ProtocolEntry to the byte-exact 372/628
// byte structures, and the last error.
//  - Not started -> SOCKET_ERROR / WSANOTINITIALISED (WS-START-01).
//  - NULL lpdwBufferLength -> SOCKET_ERROR / WSAEFAULT.
//  - NULL buffer or *lpdwBufferLength too small -> SOCKET_ERROR / WSAENOBUFS
//    and *lpdwBufferLength = the required length (WS-ENUM-01/02).
//  - Otherwise the entries are written back to back, the return value is
//    their count and the last error 0 (WS-ENUM-03).
// Entries are built in a local structure and copied bytewise, so a caller's
// buffer need not be aligned.
#define SLUICE_WS_PREFIX
#include <sluice/winsock2.h>

#include "protocol_info.hpp"
#include "runtime.hpp"

#include <sluice/provider/enumeration.hpp>
#include <sluice/provider/last_error.hpp>

#include <cstring>
#include <type_traits>

namespace {

namespace p = sluice::provider;

template <typename Info>
void fill_common(Info& out, const p::ProtocolEntry& e) {
    out.dwServiceFlags1 = e.service_flags1;
    out.dwServiceFlags2 = e.service_flags2;
    out.dwServiceFlags3 = e.service_flags3;
    out.dwServiceFlags4 = e.service_flags4;
    out.dwProviderFlags = e.provider_flags;
    out.ProviderId.Data1 = e.provider_id.data1;
    out.ProviderId.Data2 = e.provider_id.data2;
    out.ProviderId.Data3 = e.provider_id.data3;
    std::memcpy(out.ProviderId.Data4, e.provider_id.data4.data(), sizeof out.ProviderId.Data4);
    out.dwCatalogEntryId = e.catalog_entry_id;
    out.ProtocolChain.ChainLen = e.protocol_chain.length;
    static_assert(sizeof out.ProtocolChain.ChainEntries == sizeof e.protocol_chain.entries);
    std::memcpy(out.ProtocolChain.ChainEntries, e.protocol_chain.entries.data(),
                sizeof out.ProtocolChain.ChainEntries);
    out.iVersion = e.version;
    out.iAddressFamily = e.address_family;
    out.iMaxSockAddr = e.max_sockaddr;
    out.iMinSockAddr = e.min_sockaddr;
    out.iSocketType = e.socket_type;
    out.iProtocol = e.protocol;
    out.iProtocolMaxOffset = e.protocol_max_offset;
    out.iNetworkByteOrder = e.network_byte_order;
    out.iSecurityScheme = e.security_scheme;
    out.dwMessageSize = e.message_size;
    out.dwProviderReserved = e.provider_reserved;
}

}  // namespace

namespace sluice::api {

void to_info(WSAPROTOCOL_INFOW& out, const p::ProtocolEntry& e) {
    fill_common(out, e);
    const auto name = p::wide_protocol_name(e.name);
    static_assert(sizeof out.szProtocol == sizeof name);
    std::memcpy(out.szProtocol, name.data(), sizeof out.szProtocol);
}

void to_info(WSAPROTOCOL_INFOA& out, const p::ProtocolEntry& e) {
    fill_common(out, e);
    const auto name = p::ansi_protocol_name(e.name);
    static_assert(sizeof out.szProtocol == sizeof name);
    std::memcpy(out.szProtocol, name.data(), sizeof out.szProtocol);
}

}  // namespace sluice::api

namespace {

using sluice::api::to_info;

int fail(int error) {
    p::set_last_error(error);
    return SOCKET_ERROR;
}

template <typename Info>
int enumerate(const INT* protocols, Info* buffer, DWORD* length) {
    static_assert(std::is_trivially_copyable_v<Info>);
    if (const int error = sluice::api::startup_state().check_started()) return fail(error);
    const auto lock = sluice::api::catalog_lock();
    const auto result = p::enumerate_protocols(sluice::api::catalog(),
                                               p::zero_terminated_filter(protocols),
                                               buffer != nullptr, length, sizeof(Info));
    if (result.error == WSAENOBUFS) *length = result.required_length;
    if (result.error != 0) return fail(result.error);
    auto* out = reinterpret_cast<unsigned char*>(buffer);
    for (const p::ProtocolEntry* entry : result.entries) {
        Info info{};
        to_info(info, *entry);
        std::memcpy(out, &info, sizeof info);
        out += sizeof info;
    }
    p::set_last_error(0);
    return static_cast<int>(result.entries.size());
}

}  // namespace

extern "C" {

int WSAAPI WSAEnumProtocolsA(LPINT lpiProtocols, LPWSAPROTOCOL_INFOA lpProtocolBuffer,
                             LPDWORD lpdwBufferLength) {
    return enumerate(lpiProtocols, lpProtocolBuffer, lpdwBufferLength);
}

int WSAAPI WSAEnumProtocolsW(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                             LPDWORD lpdwBufferLength) {
    return enumerate(lpiProtocols, lpProtocolBuffer, lpdwBufferLength);
}

}  // extern "C"
