// WSAEnumProtocols logic: listing, filtering, the buffer-length rule and the
// szProtocol conversions.
//
// Spec: shared/spec/winsock-catalog.md §4b, §4d, §5.4; winsock-behaviour.md
// WS-ENUM-01..06. Invariants and rules: see enumeration.hpp.
#include <sluice/provider/enumeration.hpp>

#include <algorithm>
#include <cstddef>

namespace sluice::provider {
namespace {

bool listed_in_view(const ProtocolEntry& e, EnumView view) {
    return view == EnumView::installer || (!e.is_hidden() && !e.is_layered());
}

bool passes_filter(const ProtocolEntry& e, const ProtocolFilter& filter) {
    if (!filter) return true;
    if (e.protocol == 0) return false;  // 0 terminates the filter: never listed
    return std::any_of(filter->begin(), filter->end(),
                       [&](int p) { return e.covers_protocol(p); });
}

char narrow(char16_t unit) { return unit < 0x80 ? static_cast<char>(unit) : '?'; }

}  // namespace

ProtocolFilter zero_terminated_filter(const int* protocols) {
    if (protocols == nullptr) return std::nullopt;
    std::size_t count = 0;
    while (protocols[count] != 0) ++count;
    return std::span<const int>(protocols, count);
}

std::vector<const ProtocolEntry*> listed_entries(const Catalog& catalog,
                                                 const ProtocolFilter& filter, EnumView view) {
    std::vector<const ProtocolEntry*> out;
    for (const ProtocolEntry& e : catalog.entries()) {
        if (listed_in_view(e, view) && passes_filter(e, filter)) out.push_back(&e);
    }
    return out;
}

Enumeration enumerate_protocols(const Catalog& catalog, const ProtocolFilter& filter,
                                bool have_buffer, const std::uint32_t* buffer_length,
                                std::uint32_t entry_size, EnumView view) {
    Enumeration result;
    if (buffer_length == nullptr) {
        result.error = err::wsaefault;
        return result;
    }
    auto entries = listed_entries(catalog, filter, view);
    // A catalog never holds 2^32 / 372 entries; the product fits in 32 bits.
    result.required_length = static_cast<std::uint32_t>(entries.size()) * entry_size;
    if (!have_buffer || *buffer_length < result.required_length) {
        result.error = err::wsaenobufs;
        return result;
    }
    result.entries = std::move(entries);
    return result;
}

std::array<char16_t, wsaprotocol_len + 1> wide_protocol_name(std::u16string_view name) {
    std::array<char16_t, wsaprotocol_len + 1> out{};
    const auto n = std::min(name.size(), wsaprotocol_len);
    std::copy_n(name.begin(), n, out.begin());
    return out;
}

std::array<char, wsaprotocol_len + 1> ansi_protocol_name(std::u16string_view name) {
    std::array<char, wsaprotocol_len + 1> out{};
    const auto n = std::min(name.size(), wsaprotocol_len);
    std::transform(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(n), out.begin(),
                   narrow);
    return out;
}

}  // namespace sluice::provider
