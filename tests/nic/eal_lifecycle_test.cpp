// EAL lifecycle: start-up sweeps what killed sluice processes left; a failed
// start leaves nothing behind and can be retried;
// a started EAL has its owned prefix and working memory; at most one Eal per
// process; shutdown removes the prefix's runtime directory and hugepage files.
//
// Command line: `test_nic_eal_lifecycle [gtest options] [-- EAL options]`;
// without EAL options the embedded default is exercised. EAL can start only
// once per process, so this binary has its own main and one ordered test.
#include <sluice/nic/eal.hpp>

#include <rte_eal.h>
#include <rte_mbuf.h>

#include <gtest/gtest.h>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sluice::nic {
namespace {

std::vector<std::string> g_given;  // EAL options after `--`

/// Files anywhere that carry `prefix`: runtime directory, hugepage files.
std::vector<std::string> leftovers(const std::string& prefix, const std::string& runtime_dir) {
    std::vector<std::string> found;
    std::error_code ec;
    if (std::filesystem::exists(runtime_dir, ec)) {
        found.push_back(runtime_dir);
    }
    for (const std::string& mount : probe_hugetlbfs_mount_points()) {
        for (const auto& entry : std::filesystem::directory_iterator(mount, ec)) {
            if (entry.path().filename().string().rfind(prefix, 0) == 0) {
                found.push_back(entry.path().string());
            }
        }
    }
    return found;
}

std::string expected_runtime_dir(const std::string& prefix) {
    return "/var/run/dpdk/" + prefix;
}

/// A pid that belonged to a process that has exited (a reaped child).
int dead_pid() {
    const pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return static_cast<int>(child);
}

/// What a kill -9 of sluice processes leaves, to be swept by the next start;
/// plus look-alikes that must survive the sweep.
struct Leftovers {
    std::filesystem::path stale_dir;      // dead owner, empty: removed
    std::filesystem::path busy_dir;       // dead owner, not empty: kept
    std::filesystem::path live_dir;       // live owner (a child of ours, unique to this test): kept
    std::filesystem::path stale_hugefile; // dead owner's hugepage file: removed

    Leftovers() {
        const std::string dead = std::to_string(dead_pid());
        stale_dir = "/var/run/dpdk/sluice-" + dead;
        busy_dir = "/var/run/dpdk/sluice-" + std::to_string(dead_pid());
        // A live owner nobody else uses: a child that waits until we end it.
        // (Our parent, the test runner, is shared by tests running in
        // parallel, which would race on the same directory.)
        live_child_ = fork();
        if (live_child_ == 0) {
            pause();
            _exit(0);
        }
        live_dir = "/var/run/dpdk/sluice-" + std::to_string(live_child_);
        std::filesystem::create_directories(stale_dir);
        std::filesystem::create_directories(busy_dir);
        std::ofstream(busy_dir / "config") << "x";
        if (!std::filesystem::exists(live_dir)) {
            std::filesystem::create_directories(live_dir);
            created_live_dir_ = true;
        }
        std::vector<std::string> mounts = probe_hugetlbfs_mount_points();
        if (!mounts.empty()) {
            stale_hugefile = std::filesystem::path(mounts.front()) / ("sluice-" + dead + "map_0");
            std::ofstream{stale_hugefile};
        }
    }
    ~Leftovers() {
        std::error_code ec;
        std::filesystem::remove_all(stale_dir, ec);
        std::filesystem::remove_all(busy_dir, ec);
        if (created_live_dir_) std::filesystem::remove_all(live_dir, ec);
        if (live_child_ > 0) {
            kill(live_child_, SIGKILL);
            waitpid(live_child_, nullptr, 0);
        }
        if (!stale_hugefile.empty()) std::filesystem::remove(stale_hugefile, ec);
    }

    bool created_live_dir_ = false;
    pid_t live_child_ = -1;
};

TEST(EalLifecycle, StartUseShutDown) {
    if (has_eal_option(g_given, "--in-memory") && !hugepages_usable(probe_hugepages())) {
        GTEST_SKIP() << "--in-memory needs hugepages, none usable here";
    }
    if (geteuid() != 0) {
        GTEST_SKIP() << "runtime directory checks assume root (/var/run/dpdk)";
    }
    const std::string prefix = owned_file_prefix(static_cast<int>(getpid()));
    const std::string runtime_dir = expected_runtime_dir(prefix);

    // Leftovers of killed sluice processes are swept, look-alikes are not.
    Leftovers old;
    ASSERT_TRUE(std::filesystem::is_directory(old.stale_dir));

    // A bad option fails cleanly, leaves nothing, and EAL can still start.
    EXPECT_THROW(Eal::start({"--sluice-not-an-eal-option"}, "lifecycle"), std::runtime_error);
    EXPECT_TRUE(leftovers(prefix, runtime_dir).empty());

    EXPECT_FALSE(std::filesystem::exists(old.stale_dir));
    EXPECT_TRUE(std::filesystem::exists(old.busy_dir / "config"));
    EXPECT_TRUE(std::filesystem::is_directory(old.live_dir));
    if (!old.stale_hugefile.empty()) {
        EXPECT_FALSE(std::filesystem::exists(old.stale_hugefile));
    }

    std::unique_ptr<Eal> eal = Eal::start(g_given, "lifecycle");
    const std::vector<std::string>& args = eal->effective_args();
    EXPECT_EQ(eal->file_prefix(), prefix);
    EXPECT_EQ(eal_option_value(args, "--file-prefix"), prefix);
    EXPECT_TRUE(has_eal_option(args, "-l") || has_eal_option(args, "--lcores"));
    EXPECT_FALSE(has_eal_option(args, "--no-huge") && has_eal_option(args, "--in-memory"));
    if (g_given.empty()) {
        EXPECT_TRUE(has_eal_option(args, "--no-pci"));
        EXPECT_EQ(has_eal_option(args, "--in-memory"), hugepages_usable(probe_hugepages()));
    }
    EXPECT_EQ(rte_eal_has_hugepages() == 0, has_eal_option(args, "--no-huge"));
    EXPECT_EQ(eal->runtime_dir(), runtime_dir);
    EXPECT_TRUE(std::filesystem::is_directory(runtime_dir));
    EXPECT_GT(eal->tsc_hz(), 0u);

    // Memory works: ~20 MiB of mbufs (fits even no-huge's 64 MiB default).
    rte_mempool* pool = rte_pktmbuf_pool_create("lifecycle", 8191, 256, 0,
                                                RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    ASSERT_NE(pool, nullptr);
    rte_mbuf* frame = rte_pktmbuf_alloc(pool);
    ASSERT_NE(frame, nullptr);
    rte_pktmbuf_free(frame);
    rte_mempool_free(pool);

    EXPECT_THROW(Eal::start({}, "second"), std::runtime_error);

    eal.reset();
    EXPECT_EQ(leftovers(prefix, runtime_dir), std::vector<std::string>{});
    EXPECT_THROW(Eal::start({}, "after-cleanup"), std::runtime_error);
}

}  // namespace
}  // namespace sluice::nic

int main(int argc, char** argv) {
    int gtest_argc = argc;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--") {
            gtest_argc = i;
            sluice::nic::g_given.assign(argv + i + 1, argv + argc);
            break;
        }
    }
    testing::InitGoogleTest(&gtest_argc, argv);
    return RUN_ALL_TESTS();
}
