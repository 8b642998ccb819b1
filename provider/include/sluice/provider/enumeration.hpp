// WSAEnumProtocolsA/W (and WSCEnumProtocols) logic: which catalog entries are
// listed, in what order, the lpiProtocols filter, the buffer-length rule, and
// the conversion of an entry's UTF-16 name to the A and W szProtocol arrays.
// The API layer knows its structures; it passes their size in and copies.
//
// Spec: shared/spec/winsock-catalog.md §1.1 (sizes 372/628, WSAPROTOCOL_LEN),
// §4b (WSAEnumProtocols/WSCEnumProtocols semantics), §4d (layered entries are
// not listed for applications), §5.4; shared/spec/winsock-behaviour.md
// WS-ENUM-01..06.
//
// Rules:
//  - Entries come in catalog order. The application view (WSAEnumProtocols)
//    skips PFL_HIDDEN and layered (ChainLen 0) entries; the installer view
//    (WSCEnumProtocols) lists every entry.
//  - Filter: lpiProtocols is a zero-terminated array; NULL means "all". An
//    entry is kept when some listed value lies in [iProtocol, iProtocol +
//    iProtocolMaxOffset]; values matching nothing are ignored (WS-ENUM-05).
//    Entries with iProtocol == 0 (the RAW entries' 0..255 range) never match
//    a filter: 0 is the terminator, so it cannot be listed. Wine (exact
//    iProtocol match) and ReactOS (range match, skipping iProtocol 0) agree on
//    this; for ranged entries with iProtocol != 0 we follow ReactOS' range
//    rule (Windows unobserved).
//  - Buffer: needed = count * entry_size. NULL length pointer -> WSAEFAULT
//    (MS docs, §4b). NULL buffer or *length < needed -> WSAENOBUFS with the
//    needed length to write back (WS-ENUM-01/02). Otherwise the entries to
//    copy; the return value is their count (WS-ENUM-03).
//  - Names: W = the UTF-16 units, NUL-padded to 256. A = one byte per unit:
//    units below 0x80 are copied (our names are ASCII, so this is lossless),
//    any other unit becomes '?' (what WideCharToMultiByte substitutes for a
//    character the ANSI code page lacks), NUL-padded to 256; never longer
//    than the W name.
#pragma once

#include <sluice/provider/catalog.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sluice::provider {

/// lpiProtocols without its terminator; nullopt stands for a NULL pointer.
using ProtocolFilter = std::optional<std::span<const int>>;

/// Views a zero-terminated C array (lpiProtocols) as a filter; null -> nullopt.
ProtocolFilter zero_terminated_filter(const int* protocols);

enum class EnumView {
    application,  ///< WSAEnumProtocols: no hidden, no layered entries
    installer,    ///< WSCEnumProtocols: every entry
};

/// The entries WSAEnumProtocols (or WSCEnumProtocols) lists, in catalog order.
std::vector<const ProtocolEntry*> listed_entries(const Catalog& catalog,
                                                 const ProtocolFilter& filter,
                                                 EnumView view = EnumView::application);

struct Enumeration {
    int error = 0;                     ///< 0, WSAENOBUFS or WSAEFAULT
    std::uint32_t required_length = 0; ///< bytes needed; write back on WSAENOBUFS
    std::vector<const ProtocolEntry*> entries;  ///< to copy, on success only
};

/// The whole call: `have_buffer` is lpProtocolBuffer != NULL, `buffer_length`
/// is lpdwBufferLength (may be null), `entry_size` is protocol_info_a_size or
/// protocol_info_w_size.
Enumeration enumerate_protocols(const Catalog& catalog, const ProtocolFilter& filter,
                                bool have_buffer, const std::uint32_t* buffer_length,
                                std::uint32_t entry_size, EnumView view = EnumView::application);

/// szProtocol of WSAPROTOCOL_INFOW: the name, NUL-padded.
std::array<char16_t, wsaprotocol_len + 1> wide_protocol_name(std::u16string_view name);
/// szProtocol of WSAPROTOCOL_INFOA: the name narrowed as above, NUL-padded.
std::array<char, wsaprotocol_len + 1> ansi_protocol_name(std::u16string_view name);

}  // namespace sluice::provider
