// Process-wide state of libsluice. Invariants: see runtime.hpp.
#include "runtime.hpp"

namespace sluice::api {

provider::StartupState& startup_state() {
    // Leaked: WSACleanup from another static destructor must still find it.
    static auto* const state = new provider::StartupState();
    return *state;
}

namespace {
std::mutex& catalog_mutex() {
    static auto* const mutex = new std::mutex();
    return *mutex;
}
}  // namespace

const provider::Catalog& catalog() {
    static const auto* const base = new provider::Catalog(provider::Catalog::with_base_entries());
    return *base;
}

std::unique_lock<std::mutex> catalog_lock() { return std::unique_lock(catalog_mutex()); }

std::optional<int> socket_byte_order(std::uintptr_t /*socket*/) { return std::nullopt; }

}  // namespace sluice::api
