// WSAStartup/WSACleanup bookkeeping: version table, WSADATA values,
// reference count, legacy-mode flag and the first/last hooks.
//
// Spec: shared/spec/winsock-behaviour.md WS-START-01..11; shared/spec/
// winsock-catalog.md §1.8. Rules and invariants: see startup.hpp.
#include <sluice/provider/startup.hpp>

#include <utility>

namespace sluice::provider {
namespace {

constexpr std::uint16_t legacy_max_sockets = 32767;
constexpr std::uint16_t legacy_max_udp_dg = 65467;

StartupOutcome failed(int result, std::optional<WsaData> data = std::nullopt) {
    return StartupOutcome{result, err::wsanotinitialised, data};
}

}  // namespace

std::optional<WsaVersion> negotiate_version(WsaVersion requested) {
    const auto major = version_major(requested);
    const auto minor = version_minor(requested);
    if (major == 0) return std::nullopt;
    if (major == 1) return make_version(1, minor == 0 ? 0 : 1);
    if (major == 2 && minor <= 2) return requested;
    return highest_version;
}

WsaData wsadata_for(WsaVersion version) {
    WsaData d;
    d.version = version;
    d.high_version = highest_version;
    const bool legacy = version_major(version) == 1;
    d.max_sockets = legacy ? legacy_max_sockets : 0;
    d.max_udp_dg = legacy ? legacy_max_udp_dg : 0;
    d.description = "WinSock 2.0";
    d.system_status = "Running";
    return d;
}

StartupState::StartupState(StartupHooks hooks) : hooks_(std::move(hooks)) {}

int StartupState::start_if_first() {
    if (count_ > 0 || !hooks_.first_startup) return err::no_error;
    return hooks_.first_startup();
}

StartupOutcome StartupState::startup(WsaVersion requested, bool data_pointer_valid) {
    const auto version = negotiate_version(requested);
    if (!version) {
        if (!data_pointer_valid) return failed(err::wsavernotsupported);
        return failed(err::wsavernotsupported, wsadata_for(highest_version));
    }
    if (!data_pointer_valid) return failed(err::wsaefault);
    const std::lock_guard lock(mutex_);
    if (const int error = start_if_first()) return failed(error);
    ++count_;
    if (version_major(*version) == 1) legacy_ = true;
    return StartupOutcome{err::no_error, err::no_error, wsadata_for(*version)};
}

CleanupOutcome StartupState::cleanup() {
    const std::lock_guard lock(mutex_);
    if (count_ == 0) return CleanupOutcome{socket_error, err::wsanotinitialised};
    if (--count_ == 0) {
        legacy_ = false;
        if (hooks_.last_cleanup) hooks_.last_cleanup();
    }
    return CleanupOutcome{err::no_error, err::no_error};
}

int StartupState::check_started() const {
    const std::lock_guard lock(mutex_);
    return count_ > 0 ? err::no_error : err::wsanotinitialised;
}

unsigned StartupState::count() const {
    const std::lock_guard lock(mutex_);
    return count_;
}

bool StartupState::legacy_supported() const {
    const std::lock_guard lock(mutex_);
    return legacy_;
}

}  // namespace sluice::provider
