// The EAL owner: rte_eal_init() with the embedded default or completed EAL
// options, and rte_eal_cleanup() plus removal of an owned prefix's leftovers.
//
// Invariants:
//  - rte_eal_init() runs at most once successfully per process (g_state);
//    a concurrent or repeated start() throws instead of calling EAL again.
//  - Only files named by a prefix sluice generated (sluice-<pid>) are ever
//    removed: the runtime directory /var/run/dpdk/<prefix> (or the non-root
//    equivalent) and <hugetlbfs mount>/<prefix>map_*. Our own at shutdown;
//    at start-up also those of sluice processes that no longer exist (what a
//    kill -9 left: runtime directories only when empty).
#include "sluice/nic/eal.hpp"

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace sluice::nic {
namespace {

enum class EalState { idle, starting, started };
std::atomic<EalState> g_state{EalState::idle};

/// EAL's runtime directory for `prefix`, as eal_create_runtime_dir() builds it.
std::filesystem::path runtime_dir_for(const std::string& prefix) {
    if (geteuid() == 0) {
        return std::filesystem::path("/var/run/dpdk") / prefix;
    }
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    std::filesystem::path base = xdg != nullptr ? xdg : "/tmp";
    return base / "dpdk" / prefix;
}

/// Mount points of all hugetlbfs file systems, plus --huge-dir if given.
std::vector<std::filesystem::path> hugepage_dirs(const std::vector<std::string>& args) {
    std::vector<std::filesystem::path> dirs;
    for (const std::string& mount_point : probe_hugetlbfs_mount_points()) {
        dirs.emplace_back(mount_point);
    }
    if (auto dir = eal_option_value(args, "--huge-dir")) {
        dirs.emplace_back(*dir);
    }
    return dirs;
}

/// Removes the plain files directly in `dir`, then `dir` itself. Never throws.
void remove_runtime_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::error_code ignored;
        if (!entry.is_directory(ignored)) {
            std::filesystem::remove(entry.path(), ignored);
        }
    }
    std::filesystem::remove(dir, ec);
}

/// Removes <dir>/<prefix>map_* in every hugepage directory. Never throws.
void remove_hugepage_files(const std::vector<std::filesystem::path>& dirs,
                           const std::string& prefix) {
    const std::string stem = prefix + "map_";
    for (const auto& dir : dirs) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            if (entry.path().filename().string().rfind(stem, 0) == 0) {
                std::error_code ignored;
                std::filesystem::remove(entry.path(), ignored);
            }
        }
    }
}

/// The pid in "sluice-<pid><suffix>" (the whole name must match).
std::optional<int> owner_pid(std::string_view name, std::string_view suffix) {
    if (name.substr(0, kOwnedPrefixStem.size()) != kOwnedPrefixStem) {
        return std::nullopt;
    }
    const char* first = name.data() + kOwnedPrefixStem.size();
    const char* last = name.data() + name.size();
    int pid = 0;
    auto [end, ec] = std::from_chars(first, last, pid);
    if (ec != std::errc{} || end == first || pid <= 0) {
        return std::nullopt;
    }
    std::string_view rest(end, static_cast<std::size_t>(last - end));
    const bool matches = suffix.empty() ? rest.empty() : rest.substr(0, suffix.size()) == suffix;
    return matches ? std::optional<int>(pid) : std::nullopt;
}

bool process_gone(int pid) { return kill(pid, 0) != 0 && errno == ESRCH; }

/// Removes what killed sluice processes left: empty runtime directories and
/// hugepage files named sluice-<pid> whose process no longer exists.
void sweep_stale_leftovers(const std::filesystem::path& runtime_parent,
                           const std::vector<std::filesystem::path>& hugepage_dirs) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(runtime_parent, ec)) {
        auto pid = owner_pid(entry.path().filename().string(), "");
        if (pid && process_gone(*pid)) {
            std::error_code ignored;
            std::filesystem::remove(entry.path(), ignored);  // only if empty
        }
    }
    for (const auto& dir : hugepage_dirs) {
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            auto pid = owner_pid(entry.path().filename().string(), "map_");
            if (pid && process_gone(*pid)) {
                std::error_code ignored;
                std::filesystem::remove(entry.path(), ignored);
            }
        }
    }
}

void remove_owned_leftovers(const std::filesystem::path& runtime_dir,
                            const std::vector<std::string>& args, const std::string& prefix) {
    remove_runtime_dir(runtime_dir);
    remove_hugepage_files(hugepage_dirs(args), prefix);
}

/// Calls rte_eal_init() on a private copy of the arguments.
int init_eal(const std::vector<std::string>& args, const std::string& program_name) {
    std::vector<std::string> storage;
    storage.reserve(args.size() + 1);
    storage.push_back(program_name);
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    return rte_eal_init(static_cast<int>(storage.size()), argv.data());
}

std::string join(const std::vector<std::string>& args) {
    std::string text;
    for (const auto& arg : args) {
        text += (text.empty() ? "" : " ") + arg;
    }
    return text;
}

/// Claims the one-per-process start; throws if EAL is or was started.
void claim_start() {
    EalState expected = EalState::idle;
    if (!g_state.compare_exchange_strong(expected, EalState::starting)) {
        throw std::runtime_error(
            "EAL start: EAL is already initialised in this process (at most one Eal, ever)");
    }
}

}  // namespace

std::unique_ptr<Eal> Eal::start(const std::vector<std::string>& eal_args,
                                const std::string& program_name) {
    HostFacts host = probe_host();
    std::vector<std::string> args =
        eal_args.empty() ? embedded_default_eal_args(host) : complete_eal_args(eal_args, host);
    const bool owns_prefix = !has_eal_option(eal_args, "--file-prefix");
    const std::string prefix = eal_option_value(args, "--file-prefix").value_or("rte");

    claim_start();
    sweep_stale_leftovers(runtime_dir_for(prefix).parent_path(), hugepage_dirs(args));
    if (init_eal(args, program_name) < 0) {
        const int error = rte_errno;
        g_state = EalState::idle;  // EAL resets itself after argument errors
        if (owns_prefix) {
            remove_owned_leftovers(runtime_dir_for(prefix), args, prefix);
        }
        throw std::runtime_error("rte_eal_init(" + join(args) + ") failed: " +
                                 rte_strerror(error));
    }
    g_state = EalState::started;
    return std::unique_ptr<Eal>(new Eal(std::move(args), prefix, owns_prefix));
}

Eal::Eal(std::vector<std::string> args, std::string prefix, bool owns_prefix)
    : args_(std::move(args)),
      prefix_(std::move(prefix)),
      owns_prefix_(owns_prefix),
      runtime_dir_(rte_eal_get_runtime_dir()),
      tsc_hz_(rte_get_tsc_hz()) {}

Eal::~Eal() {
    rte_eal_cleanup();
    if (owns_prefix_) {
        remove_owned_leftovers(runtime_dir_, args_, prefix_);
    }
}

}  // namespace sluice::nic
