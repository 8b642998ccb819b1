// Unit tests (no EAL) for the EAL start-up rules: command-line splitting,
// option recognition, hugepage detection, the embedded default and the
// completion of user-given EAL options.
#include <sluice/nic/eal.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace sluice::nic {
namespace {

using Args = std::vector<std::string>;

SplitArgs split(std::initializer_list<const char*> words) {
    std::vector<const char*> argv(words);
    return split_command_line(static_cast<int>(argv.size()), argv.data());
}

constexpr std::string_view kMeminfo2M =
    "MemTotal:       24568148 kB\n"
    "HugePages_Total:     512\n"
    "HugePages_Free:      300\n"
    "HugePages_Rsvd:        0\n"
    "Hugepagesize:       2048 kB\n";

constexpr std::string_view kMountsWithHugetlbfs =
    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
    "nodev /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n";

constexpr std::string_view kMountsWithout = "proc /proc proc rw,relatime 0 0\n";

HostFacts host_with(bool hugepages, unsigned cpu = 1, int pid = 42) {
    HostFacts host;
    host.hugepages.page_size_bytes = 2u << 20;
    host.hugepages.free_pages = hugepages ? 512 : 0;
    host.hugepages.hugetlbfs_mounted = true;
    host.main_cpu = cpu;
    host.pid = pid;
    return host;
}

TEST(SplitCommandLine, WithoutSeparatorEverythingIsApp) {
    SplitArgs args = split({"prog", "--ip", "10.0.0.1/24", "-v"});
    EXPECT_FALSE(args.had_separator);
    EXPECT_TRUE(args.eal.empty());
    EXPECT_EQ(args.app, (Args{"--ip", "10.0.0.1/24", "-v"}));
}

TEST(SplitCommandLine, SeparatorSplitsEalFromApp) {
    SplitArgs args = split({"prog", "-l", "1", "--vdev=net_null0", "--", "--ip", "x"});
    EXPECT_TRUE(args.had_separator);
    EXPECT_EQ(args.eal, (Args{"-l", "1", "--vdev=net_null0"}));
    EXPECT_EQ(args.app, (Args{"--ip", "x"}));
}

TEST(SplitCommandLine, OnlyTheFirstSeparatorCounts) {
    SplitArgs args = split({"prog", "--no-huge", "--", "a", "--", "b"});
    EXPECT_EQ(args.eal, (Args{"--no-huge"}));
    EXPECT_EQ(args.app, (Args{"a", "--", "b"}));
}

TEST(SplitCommandLine, EdgeCases) {
    SplitArgs only_program = split({"prog"});
    EXPECT_FALSE(only_program.had_separator);
    EXPECT_TRUE(only_program.eal.empty() && only_program.app.empty());

    SplitArgs trailing = split({"prog", "-l", "0", "--"});
    EXPECT_TRUE(trailing.had_separator);
    EXPECT_EQ(trailing.eal, (Args{"-l", "0"}));
    EXPECT_TRUE(trailing.app.empty());

    SplitArgs leading = split({"prog", "--", "x"});
    EXPECT_TRUE(leading.had_separator);
    EXPECT_TRUE(leading.eal.empty());
    EXPECT_EQ(leading.app, (Args{"x"}));
}

TEST(EalOptions, RecognisesAllSpellings) {
    Args args{"--file-prefix=abc", "--huge-dir", "/mnt/h", "-l3", "-c", "0x2", "--no-huge"};
    EXPECT_TRUE(has_eal_option(args, "--file-prefix"));
    EXPECT_TRUE(has_eal_option(args, "--huge-dir"));
    EXPECT_TRUE(has_eal_option(args, "-l"));
    EXPECT_TRUE(has_eal_option(args, "-c"));
    EXPECT_TRUE(has_eal_option(args, "--no-huge"));
    EXPECT_FALSE(has_eal_option(args, "--in-memory"));
    EXPECT_FALSE(has_eal_option(args, "--lcores"));
    EXPECT_FALSE(has_eal_option(args, "-m"));
    EXPECT_EQ(eal_option_value(args, "--file-prefix"), "abc");
    EXPECT_EQ(eal_option_value(args, "--huge-dir"), "/mnt/h");
    EXPECT_EQ(eal_option_value(args, "-l"), "3");
    EXPECT_EQ(eal_option_value(args, "-c"), "0x2");
    EXPECT_EQ(eal_option_value(args, "--lcores"), std::nullopt);
}

TEST(EalOptions, DoesNotConfuseSimilarOptions) {
    Args args{"--log-level=warning", "--lcores=0@1", "--no-hugepages-is-not-real"};
    EXPECT_FALSE(has_eal_option(args, "-l"));  // "--log-level" is not "-l"
    EXPECT_TRUE(has_eal_option(args, "--lcores"));
    EXPECT_FALSE(has_eal_option(args, "--no-huge"));  // needs '=' to glue a value
    EXPECT_EQ(eal_option_value(Args{"--file-prefix"}, "--file-prefix"), std::nullopt);
}

TEST(Hugepages, ParsesMeminfoAndMounts) {
    HugepageStatus status = parse_hugepage_status(kMeminfo2M, kMountsWithHugetlbfs);
    EXPECT_EQ(status.page_size_bytes, 2u << 20);
    EXPECT_EQ(status.free_pages, 300u);
    EXPECT_TRUE(status.hugetlbfs_mounted);
    EXPECT_TRUE(hugepages_usable(status));
}

TEST(Hugepages, NoMountMeansUnusable) {
    HugepageStatus status = parse_hugepage_status(kMeminfo2M, kMountsWithout);
    EXPECT_EQ(status.free_pages, 300u);
    EXPECT_FALSE(status.hugetlbfs_mounted);
    EXPECT_FALSE(hugepages_usable(status));
}

TEST(Hugepages, MountForAnotherPageSizeDoesNotCount) {
    HugepageStatus status = parse_hugepage_status(
        kMeminfo2M, "none /mnt/huge1g hugetlbfs rw,relatime,pagesize=1024M 0 0\n");
    EXPECT_FALSE(status.hugetlbfs_mounted);
    HugepageStatus default_size = parse_hugepage_status(
        kMeminfo2M, "none /mnt/huge hugetlbfs rw,relatime 0 0\n");
    EXPECT_TRUE(default_size.hugetlbfs_mounted);  // no pagesize=: the default size
}

TEST(Hugepages, TooFewFreePagesIsUnusable) {
    HugepageStatus status{2u << 20, kEalMemoryBytes / (2u << 20), true};
    EXPECT_TRUE(hugepages_usable(status));
    status.free_pages -= 1;
    EXPECT_FALSE(hugepages_usable(status));
    EXPECT_TRUE(hugepages_usable(status, 2u << 20));
}

TEST(Hugepages, NoHugepageSupportAtAll) {
    HugepageStatus status = parse_hugepage_status("MemTotal: 1000 kB\n", kMountsWithHugetlbfs);
    EXPECT_EQ(status.page_size_bytes, 0u);
    EXPECT_FALSE(status.hugetlbfs_mounted);
    EXPECT_FALSE(hugepages_usable(status));
}

TEST(MainCpu, PrefersTheCurrentCpuWhenAllowed) {
    EXPECT_EQ(choose_main_cpu({0, 1, 2}, 1), 1u);
    EXPECT_EQ(choose_main_cpu({2, 5}, 1), 2u);
    EXPECT_EQ(choose_main_cpu({7, 5}, -1), 5u);
    EXPECT_THROW(choose_main_cpu({}, 0), std::invalid_argument);
}

TEST(EmbeddedDefault, HugepagesAvailable) {
    EXPECT_EQ(embedded_default_eal_args(host_with(true)),
              (Args{"--no-pci", "--in-memory", "--file-prefix=sluice-42", "-l", "1",
                    "--log-level=warning", "--log-level=lib.eal:error", "--no-telemetry"}));
}

TEST(EmbeddedDefault, NoHugepages) {
    EXPECT_EQ(embedded_default_eal_args(host_with(false)),
              (Args{"--no-pci", "--no-huge", "-m", "256", "--no-shconf",
                    "--file-prefix=sluice-42", "-l", "1", "--log-level=warning",
                    "--log-level=lib.eal:error", "--no-telemetry"}));
}

TEST(EmbeddedDefault, NeverCombinesNoHugeWithInMemory) {
    for (bool hugepages : {true, false}) {
        Args args = embedded_default_eal_args(host_with(hugepages));
        EXPECT_FALSE(has_eal_option(args, "--no-huge") && has_eal_option(args, "--in-memory"));
        EXPECT_NE(eal_option_value(args, "--file-prefix"), "rte");
    }
}

TEST(EmbeddedDefault, CpuBeyondMaxLcoreUsesLcoresMapping) {
    Args args = embedded_default_eal_args(host_with(true, 300));
    EXPECT_FALSE(has_eal_option(args, "-l"));
    EXPECT_EQ(eal_option_value(args, "--lcores"), "0@300");
}

TEST(EmbeddedDefault, ForThisHostIsOneOfTheTwoModes) {
    Args args = embedded_default_eal_args();
    EXPECT_NE(has_eal_option(args, "--in-memory"), has_eal_option(args, "--no-huge"));
    EXPECT_TRUE(has_eal_option(args, "-l") || has_eal_option(args, "--lcores"));
    EXPECT_EQ(args.front(), "--no-pci");
}

TEST(Completion, AddsMemoryModeAndLcoreWhenMissing) {
    EXPECT_EQ(complete_eal_args({"--vdev=net_null0"}, host_with(true)),
              (Args{"--vdev=net_null0", "--in-memory", "--file-prefix=sluice-42", "-l", "1"}));
    EXPECT_EQ(complete_eal_args({"--vdev=net_null0"}, host_with(false)),
              (Args{"--vdev=net_null0", "--no-huge", "-m", "256", "--no-shconf",
                    "--file-prefix=sluice-42", "-l", "1"}));
}

TEST(Completion, KeepsTheUsersMemorySize) {
    EXPECT_EQ(complete_eal_args({"-m", "512", "-l", "0"}, host_with(false)),
              (Args{"-m", "512", "-l", "0", "--no-huge", "--no-shconf",
                    "--file-prefix=sluice-42"}));
    EXPECT_EQ(complete_eal_args({"--socket-mem=128", "-l", "0"}, host_with(true)),
              (Args{"--socket-mem=128", "-l", "0", "--in-memory", "--file-prefix=sluice-42"}));
}

TEST(Completion, GivenMemoryModeGetsOnlyAnOwnedPrefix) {
    EXPECT_EQ(complete_eal_args({"--in-memory", "-l", "0"}, host_with(true)),
              (Args{"--in-memory", "-l", "0", "--file-prefix=sluice-42"}));
    EXPECT_EQ(complete_eal_args({"--no-huge", "-m", "64", "-c", "0x1"}, host_with(true)),
              (Args{"--no-huge", "-m", "64", "-c", "0x1", "--no-shconf",
                    "--file-prefix=sluice-42"}));
    EXPECT_EQ(complete_eal_args({"--no-huge", "--no-shconf", "--lcores=0@1"}, host_with(true)),
              (Args{"--no-huge", "--no-shconf", "--lcores=0@1", "--file-prefix=sluice-42"}));
    EXPECT_EQ(complete_eal_args({"--huge-dir=/mnt/h"}, host_with(true)),
              (Args{"--huge-dir=/mnt/h", "--file-prefix=sluice-42", "-l", "1"}));
}

TEST(Completion, UserPrefixIsLeftAlone) {
    Args given{"--file-prefix", "mine", "--huge-unlink", "-l", "1"};
    EXPECT_EQ(complete_eal_args(given, host_with(true)), given);
    Args no_lcore{"--file-prefix=mine"};
    EXPECT_EQ(complete_eal_args(no_lcore, host_with(false, 0)),
              (Args{"--file-prefix=mine", "-l", "0"}));
}

TEST(Completion, PrefixIsPerProcess) {
    EXPECT_EQ(owned_file_prefix(1234), "sluice-1234");
    EXPECT_NE(embedded_default_eal_args(host_with(true, 0, 1)),
              embedded_default_eal_args(host_with(true, 0, 2)));
}

}  // namespace
}  // namespace sluice::nic
