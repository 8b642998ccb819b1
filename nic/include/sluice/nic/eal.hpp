// EAL start-up: command-line splitting, the embedded default EAL
// configuration, and the RAII owner of the initialised EAL.
//
// Command line (DPDK convention): `app [EAL options] -- [app options]`.
// Without `--`, every argument after argv[0] is an application option and
// the EAL gets the embedded default.
//
// Embedded default (no EAL options given), chosen from facts about the host:
//   --no-pci
//   memory mode, one of:
//     hugepages usable (hugetlbfs mounted with the default hugepage size, and
//     HugePages_Free x Hugepagesize >= kEalMemoryBytes):
//       --in-memory --file-prefix=sluice-<pid>
//     otherwise:
//       --no-huge -m <kEalMemoryBytes in MiB> --no-shconf --file-prefix=sluice-<pid>
//     (--no-huge together with --in-memory is refused by EAL with EINVAL;
//      --no-shconf keeps --no-huge from leaving config files behind.)
//   -l <cpu>   the CPU this process runs on if the affinity mask allows it,
//              else the lowest allowed CPU (--lcores=0@<cpu> beyond RTE_MAX_LCORE)
//   --log-level=warning --log-level=lib.eal:error --no-telemetry
//     (EAL's start-up warnings, e.g. about absent 1 GiB pages, are noise once
//      the mode was chosen from what the host has; the telemetry socket
//      survives a crash: with it off, a clean exit leaves nothing and a kill -9
//      at most our own empty runtime directory.)
//
// Completion rule (EAL options given): they are used as given, and only two
// things are filled in when left unspecified:
//   - memory: if none of --in-memory / --no-huge / --file-prefix / --huge-dir
//     is given, the default memory mode above is appended (without its -m when
//     -m or --socket-mem is given). If a memory option is given but no
//     --file-prefix, --file-prefix=sluice-<pid> is appended (sluice never uses
//     the shared default prefix `rte`), plus --no-shconf when --no-huge is
//     given without --in-memory or --no-shconf.
//   - lcore: if none of -l / -c / --lcores is given, -l <cpu> as above.
// Nothing else is added: a user who gives EAL options decides about PCI
// scanning, logging and telemetry.
//
// Invariants:
//  - At most one Eal per process, ever: DPDK cannot re-initialise after
//    rte_eal_cleanup(), so a second Eal::start() throws.
//  - The prefix sluice-<pid> is "owned" when sluice generated it; on shutdown
//    (and after a failed start) Eal removes that runtime directory and any
//    hugepage files carrying that prefix. A prefix the user chose is left to
//    the user (a secondary process may still share it). A kill -9 leaves at
//    most an empty /var/run/dpdk/sluice-<pid> (and, with --huge-dir without
//    --in-memory, hugepage files); the next Eal::start() removes such
//    leftovers of sluice-<pid> prefixes whose process no longer exists.
//  - Hugepage reservation is the scripts' job; this code only detects.
//  - Long options are recognised in the forms `--opt=value` and
//    `--opt value`, short ones as `-l 0` and `-l0`; abbreviated long options
//    are not recognised.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::nic {

/// Memory sluice asks of EAL in its default modes (also the --no-huge -m).
inline constexpr std::uint64_t kEalMemoryBytes = 256ull << 20;

/// The command line cut at the first `--`.
struct SplitArgs {
    std::vector<std::string> eal;  ///< options before `--` (empty without `--`)
    std::vector<std::string> app;  ///< options after `--` (all options without `--`)
    bool had_separator = false;    ///< whether a `--` was present
};

/// Splits `app [EAL options] -- [app options]`; argv[0] belongs to neither.
SplitArgs split_command_line(int argc, const char* const* argv);

/// What the host offers for hugepage-backed memory.
struct HugepageStatus {
    std::uint64_t page_size_bytes = 0;  ///< default hugepage size (Hugepagesize)
    std::uint64_t free_pages = 0;       ///< HugePages_Free
    bool hugetlbfs_mounted = false;     ///< a hugetlbfs mount for that page size
};

/// Parses /proc/meminfo and /proc/mounts text (pure, for tests).
HugepageStatus parse_hugepage_status(std::string_view meminfo,
                                     std::string_view mounts);

/// Reads /proc/meminfo and /proc/mounts.
HugepageStatus probe_hugepages();

/// Mount points of the hugetlbfs file systems in /proc/mounts text (pure).
std::vector<std::string> hugetlbfs_mount_points(std::string_view mounts);

/// Reads /proc/mounts.
std::vector<std::string> probe_hugetlbfs_mount_points();

/// Whether hugepages can back `needed_bytes` of EAL memory.
bool hugepages_usable(const HugepageStatus& status,
                      std::uint64_t needed_bytes = kEalMemoryBytes);

/// Everything the default/completion decisions depend on.
struct HostFacts {
    HugepageStatus hugepages;
    unsigned main_cpu = 0;  ///< CPU for the main lcore
    int pid = 0;            ///< names the file prefix
};

/// Probes this process and host.
HostFacts probe_host();

/// Picks `current_cpu` if it is in `allowed`, else the lowest allowed CPU.
/// Throws std::invalid_argument if `allowed` is empty.
unsigned choose_main_cpu(const std::vector<unsigned>& allowed, int current_cpu);

/// The stem of the file prefixes sluice generates.
inline constexpr std::string_view kOwnedPrefixStem = "sluice-";

/// The file prefix sluice generates: "sluice-<pid>".
std::string owned_file_prefix(int pid);

/// The embedded default EAL options for `host` (see the header comment).
std::vector<std::string> embedded_default_eal_args(const HostFacts& host);

/// The embedded default EAL options for this process and host.
std::vector<std::string> embedded_default_eal_args();

/// `given` plus the memory mode and lcore it leaves unspecified.
std::vector<std::string> complete_eal_args(const std::vector<std::string>& given,
                                           const HostFacts& host);

/// Whether `option` ("--no-huge", "--file-prefix", "-l") occurs in `args`.
bool has_eal_option(const std::vector<std::string>& args, std::string_view option);

/// The value of the first occurrence of an option that takes a value.
std::optional<std::string> eal_option_value(const std::vector<std::string>& args,
                                            std::string_view option);

/// The initialised EAL. Owns rte_eal_cleanup() and the removal of the runtime
/// files of an owned prefix.
class Eal {
public:
    /// Initialises EAL with `eal_args` (empty: the embedded default; else
    /// completed as described above). `program_name` becomes argv[0].
    /// Throws std::runtime_error (with rte_strerror text) on failure.
    static std::unique_ptr<Eal> start(const std::vector<std::string>& eal_args,
                                      const std::string& program_name);

    ~Eal();
    Eal(const Eal&) = delete;
    Eal& operator=(const Eal&) = delete;

    /// The options rte_eal_init() received (without argv[0]).
    const std::vector<std::string>& effective_args() const { return args_; }

    /// The EAL file prefix in effect.
    const std::string& file_prefix() const { return prefix_; }

    /// EAL's runtime directory for this process.
    const std::string& runtime_dir() const { return runtime_dir_; }

    /// TSC ticks per second as calibrated by EAL.
    std::uint64_t tsc_hz() const { return tsc_hz_; }

private:
    Eal(std::vector<std::string> args, std::string prefix, bool owns_prefix);

    std::vector<std::string> args_;
    std::string prefix_;
    bool owns_prefix_;
    std::string runtime_dir_;
    std::uint64_t tsc_hz_ = 0;
};

}  // namespace sluice::nic
