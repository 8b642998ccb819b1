// The pure part of EAL start-up: splitting the command line, recognising EAL
// options, probing hugepages, and building the embedded default / completed
// EAL argument lists. See eal.hpp for the rules.
//
// Invariants: every decision function takes its inputs as parameters (the
// probe_* functions are the only ones that read the host), so the rules are
// unit-testable without EAL.
#include "sluice/nic/eal.hpp"

#include <rte_config.h>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace sluice::nic {
namespace {

constexpr std::string_view kHugePageSizeKey = "Hugepagesize:";
constexpr std::string_view kHugePagesFreeKey = "HugePages_Free:";

bool is_short_option(std::string_view option) {
    return option.size() == 2 && option[0] == '-' && option[1] != '-';
}

/// Whether `arg` is `option` itself (separate value, or a flag).
bool is_exact(std::string_view arg, std::string_view option) { return arg == option; }

/// The value glued to `option` in `arg` ("--opt=v" or "-lv"), if any.
std::optional<std::string> glued_value(std::string_view arg, std::string_view option) {
    if (arg.size() <= option.size() || arg.substr(0, option.size()) != option) {
        return std::nullopt;
    }
    std::string_view rest = arg.substr(option.size());
    if (is_short_option(option)) {
        return std::string(rest);
    }
    if (rest.front() == '=') {
        return std::string(rest.substr(1));
    }
    return std::nullopt;
}

/// The whole of a (small, /proc) text file; empty if unreadable.
std::string read_file(const char* path) {
    std::string text;
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return text;
    }
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

/// The whitespace-separated fields of one line.
std::vector<std::string_view> fields_of(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t at = 0;
    while ((at = line.find_first_not_of(" \t", at)) != std::string_view::npos) {
        const std::size_t end = std::min(line.find_first_of(" \t", at), line.size());
        fields.push_back(line.substr(at, end - at));
        at = end;
    }
    return fields;
}

/// Calls `visit` with the fields of each line of `text`.
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        visit(fields_of(text.substr(0, end)));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
}

/// The first number after `key` in meminfo-style text, times 1024 if "kB".
std::optional<std::uint64_t> meminfo_value(std::string_view text, std::string_view key) {
    std::size_t at = text.find(key);
    while (at != std::string_view::npos && at != 0 && text[at - 1] != '\n') {
        at = text.find(key, at + 1);
    }
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(at + key.size());
    std::string_view line = rest.substr(0, rest.find('\n'));
    std::size_t digits = line.find_first_of("0123456789");
    if (digits == std::string_view::npos) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(line.data() + digits, line.data() + line.size(), value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    std::string_view unit(end, static_cast<std::size_t>(line.data() + line.size() - end));
    return unit.find("kB") != std::string_view::npos ? value * 1024 : value;
}

/// Parses a hugetlbfs "pagesize=2M" option into bytes (0 if absent/unknown).
std::uint64_t mount_page_size(std::string_view options) {
    constexpr std::string_view key = "pagesize=";
    std::size_t at = options.find(key);
    if (at == std::string_view::npos) {
        return 0;
    }
    std::string_view value = options.substr(at + key.size());
    value = value.substr(0, value.find(','));
    std::uint64_t number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc{} || end == value.data() + value.size()) {
        return number;
    }
    switch (*end) {
    case 'K': case 'k': return number << 10;
    case 'M': case 'm': return number << 20;
    case 'G': case 'g': return number << 30;
    default: return number;
    }
}

/// Whether /proc/mounts text has a hugetlbfs mount serving `page_size`
/// (a mount without pagesize= serves the default size).
bool has_hugetlbfs_mount(std::string_view mounts, std::uint64_t page_size) {
    bool found = false;
    for_each_line(mounts, [&](const std::vector<std::string_view>& fields) {
        if (fields.size() >= 4 && fields[2] == "hugetlbfs") {
            const std::uint64_t size = mount_page_size(fields[3]);
            found = found || size == 0 || size == page_size;
        }
    });
    return found;
}

std::vector<unsigned> allowed_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<unsigned> cpus;
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return cpus;
    }
    for (unsigned cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set)) {
            cpus.push_back(cpu);
        }
    }
    return cpus;
}

std::vector<std::string> lcore_args(unsigned cpu) {
    if (cpu < RTE_MAX_LCORE) {
        return {"-l", std::to_string(cpu)};
    }
    return {"--lcores=0@" + std::to_string(cpu)};
}

std::string memory_mib() { return std::to_string(kEalMemoryBytes >> 20); }

std::vector<std::string> default_memory_args(const HostFacts& host, bool with_size) {
    std::string prefix = "--file-prefix=" + owned_file_prefix(host.pid);
    if (hugepages_usable(host.hugepages)) {
        return {"--in-memory", prefix};
    }
    std::vector<std::string> args{"--no-huge"};
    if (with_size) {
        args.insert(args.end(), {"-m", memory_mib()});
    }
    args.insert(args.end(), {"--no-shconf", prefix});
    return args;
}

bool any_option(const std::vector<std::string>& args,
                std::initializer_list<std::string_view> options) {
    return std::any_of(options.begin(), options.end(),
                       [&](std::string_view option) { return has_eal_option(args, option); });
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
    to.insert(to.end(), more.begin(), more.end());
}

/// The memory-related options to add to user-given `given`.
std::vector<std::string> memory_completion(const std::vector<std::string>& given,
                                           const HostFacts& host) {
    if (!any_option(given, {"--in-memory", "--no-huge", "--file-prefix", "--huge-dir"})) {
        return default_memory_args(host, !any_option(given, {"-m", "--socket-mem"}));
    }
    std::vector<std::string> added;
    if (has_eal_option(given, "--file-prefix")) {
        return added;
    }
    if (has_eal_option(given, "--no-huge") && !has_eal_option(given, "--in-memory") &&
        !has_eal_option(given, "--no-shconf")) {
        added.emplace_back("--no-shconf");
    }
    added.push_back("--file-prefix=" + owned_file_prefix(host.pid));
    return added;
}

}  // namespace

SplitArgs split_command_line(int argc, const char* const* argv) {
    SplitArgs split;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (!split.had_separator && arg == "--") {
            split.had_separator = true;
            split.eal = std::move(split.app);
            split.app.clear();
            continue;
        }
        split.app.push_back(std::move(arg));
    }
    return split;
}

HugepageStatus parse_hugepage_status(std::string_view meminfo, std::string_view mounts) {
    HugepageStatus status;
    status.page_size_bytes = meminfo_value(meminfo, kHugePageSizeKey).value_or(0);
    status.free_pages = meminfo_value(meminfo, kHugePagesFreeKey).value_or(0);
    status.hugetlbfs_mounted =
        status.page_size_bytes != 0 && has_hugetlbfs_mount(mounts, status.page_size_bytes);
    return status;
}

HugepageStatus probe_hugepages() {
    return parse_hugepage_status(read_file("/proc/meminfo"), read_file("/proc/mounts"));
}

std::vector<std::string> hugetlbfs_mount_points(std::string_view mounts) {
    std::vector<std::string> points;
    for_each_line(mounts, [&](const std::vector<std::string_view>& fields) {
        if (fields.size() >= 3 && fields[2] == "hugetlbfs") {
            points.emplace_back(fields[1]);
        }
    });
    return points;
}

std::vector<std::string> probe_hugetlbfs_mount_points() {
    return hugetlbfs_mount_points(read_file("/proc/mounts"));
}

bool hugepages_usable(const HugepageStatus& status, std::uint64_t needed_bytes) {
    return status.hugetlbfs_mounted && status.page_size_bytes != 0 &&
           status.free_pages * status.page_size_bytes >= needed_bytes;
}

unsigned choose_main_cpu(const std::vector<unsigned>& allowed, int current_cpu) {
    if (allowed.empty()) {
        throw std::invalid_argument("choose_main_cpu: no CPU allowed");
    }
    if (current_cpu >= 0 && std::find(allowed.begin(), allowed.end(),
                                      static_cast<unsigned>(current_cpu)) != allowed.end()) {
        return static_cast<unsigned>(current_cpu);
    }
    return *std::min_element(allowed.begin(), allowed.end());
}

HostFacts probe_host() {
    HostFacts host;
    host.hugepages = probe_hugepages();
    std::vector<unsigned> cpus = allowed_cpus();
    host.main_cpu = cpus.empty() ? 0 : choose_main_cpu(cpus, sched_getcpu());
    host.pid = static_cast<int>(getpid());
    return host;
}

std::string owned_file_prefix(int pid) {
    return std::string(kOwnedPrefixStem) + std::to_string(pid);
}

std::vector<std::string> embedded_default_eal_args(const HostFacts& host) {
    std::vector<std::string> args{"--no-pci"};
    append(args, default_memory_args(host, true));
    append(args, lcore_args(host.main_cpu));
    append(args, {"--log-level=warning", "--log-level=lib.eal:error", "--no-telemetry"});
    return args;
}

std::vector<std::string> embedded_default_eal_args() {
    return embedded_default_eal_args(probe_host());
}

std::vector<std::string> complete_eal_args(const std::vector<std::string>& given,
                                           const HostFacts& host) {
    std::vector<std::string> args = given;
    append(args, memory_completion(given, host));
    if (!any_option(given, {"-l", "-c", "--lcores"})) {
        append(args, lcore_args(host.main_cpu));
    }
    return args;
}

bool has_eal_option(const std::vector<std::string>& args, std::string_view option) {
    return std::any_of(args.begin(), args.end(), [&](const std::string& arg) {
        return is_exact(arg, option) || glued_value(arg, option).has_value();
    });
}

std::optional<std::string> eal_option_value(const std::vector<std::string>& args,
                                            std::string_view option) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (is_exact(args[i], option)) {
            return i + 1 < args.size() ? std::optional<std::string>(args[i + 1]) : std::nullopt;
        }
        if (auto value = glued_value(args[i], option)) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace sluice::nic
