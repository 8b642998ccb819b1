// The process-wide state behind the exported entry points: one StartupState
// (the WSAStartup reference count) and one protocol catalog.
//
// Invariants:
//  - Both live for the whole process (function-local statics, never
//    destroyed before a static destructor that might still call WSACleanup:
//    they are leaked on purpose).
//  - The catalog is read and written only under catalog_lock(); pointers into
//    it (listed entries) are used only while the lock is held.
//  - No hooks yet: first WSAStartup brings up no engine, last WSACleanup
//    destroys nothing (no socket can exist before WSASocket is exported).
//    Engine hosting wires StartupHooks here.
#pragma once

#include <sluice/provider/catalog.hpp>
#include <sluice/provider/startup.hpp>

#include <cstdint>
#include <mutex>
#include <optional>

namespace sluice::api {

provider::StartupState& startup_state();

/// The catalog, to be used only while holding catalog_lock().
const provider::Catalog& catalog();
std::unique_lock<std::mutex> catalog_lock();

/// The iNetworkByteOrder of the provider behind `socket`, nullopt when
/// `socket` is not a socket. No socket exists yet (WSASocket is not exported),
/// so this is always nullopt; the socket table answers once it exists.
std::optional<int> socket_byte_order(std::uintptr_t socket);

}  // namespace sluice::api
