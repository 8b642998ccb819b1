// WSAStartup/WSACleanup bookkeeping: version table, WSADATA values, pointer
// and version check order, reference counting, last-error values, legacy
// mode, and the first-startup / last-cleanup hooks.
//
// Spec: shared/spec/winsock-behaviour.md WS-START-01..05, 07..11 (WS-START-06
// is about test ordering in Wine's suite and has no logic to check);
// shared/spec/winsock-catalog.md §1.8.
#include <sluice/provider/startup.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sluice::provider {
namespace {

constexpr WsaVersion v(int major, int minor) {
    return make_version(static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor));
}

TEST(StartupVersion, MakewordPutsMajorInTheLowByte) {
    EXPECT_EQ(v(2, 2), 0x0202);
    EXPECT_EQ(v(1, 0), 0x0001);
    EXPECT_EQ(v(2, 1), 0x0102);
    EXPECT_EQ(version_major(0x0102), 2);
    EXPECT_EQ(version_minor(0x0102), 1);
}

struct VersionRow {
    int major, minor;
    int result;           // WSAStartup's return value
    int got_major, got_minor;  // wVersion
};

class StartupVersionTable : public ::testing::TestWithParam<VersionRow> {};

TEST_P(StartupVersionTable, WS_START_08_NegotiatesLikeWindows) {
    const VersionRow& row = GetParam();
    StartupState state;
    const auto out = state.startup(v(row.major, row.minor), true);
    EXPECT_EQ(out.result, row.result);
    ASSERT_TRUE(out.data.has_value());  // written even for 0.x (with 2.2)
    EXPECT_EQ(out.data->version, v(row.got_major, row.got_minor));
    EXPECT_EQ(out.data->high_version, v(2, 2));
    EXPECT_EQ(state.count(), row.result == 0 ? 1u : 0u);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(WsStart08, StartupVersionTable, ::testing::Values(
    VersionRow{0, 0,   err::wsavernotsupported, 2, 2},
    VersionRow{0, 9,   err::wsavernotsupported, 2, 2},
    VersionRow{1, 0,   0, 1, 0},
    VersionRow{1, 1,   0, 1, 1},
    VersionRow{1, 2,   0, 1, 1},
    VersionRow{1, 15,  0, 1, 1},
    VersionRow{1, 255, 0, 1, 1},
    VersionRow{2, 0,   0, 2, 0},
    VersionRow{2, 1,   0, 2, 1},
    VersionRow{2, 2,   0, 2, 2},
    VersionRow{2, 3,   0, 2, 2},
    VersionRow{2, 15,  0, 2, 2},
    VersionRow{2, 255, 0, 2, 2},
    VersionRow{3, 0,   0, 2, 2},
    VersionRow{3, 7,   0, 2, 2},
    VersionRow{15, 255, 0, 2, 2},
    VersionRow{255, 255, 0, 2, 2}),
    [](const ::testing::TestParamInfo<VersionRow>& param_info) {
        return "v" + std::to_string(param_info.param.major) + "_" + std::to_string(param_info.param.minor);
    });
// clang-format on

TEST(Startup, WS_START_01_NothingWorksBeforeStartup) {
    StartupState state;
    EXPECT_EQ(state.check_started(), err::wsanotinitialised);
    EXPECT_EQ(state.count(), 0u);
}

TEST(Startup, WS_START_02_Startup22ReturnsZero) {
    StartupState state;
    const auto out = state.startup(v(2, 2), true);
    EXPECT_EQ(out.result, 0);
    EXPECT_EQ(state.check_started(), 0);
}

TEST(Startup, WS_START_04_CleanupIsReferenceCounted) {
    StartupState state;
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    EXPECT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(state.check_started(), 0);  // still initialised
    EXPECT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(state.check_started(), err::wsanotinitialised);
    const auto extra = state.cleanup();
    EXPECT_EQ(extra.result, socket_error);
    EXPECT_EQ(extra.last_error, err::wsanotinitialised);
}

TEST(Startup, WS_START_05_BalancedCleanupReturnsZero) {
    StartupState state;
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    const auto out = state.cleanup();
    EXPECT_EQ(out.result, 0);
    EXPECT_EQ(out.last_error, 0);
}

TEST(Startup, WS_START_03_LastCleanupRunsTheTeardownHookOnce) {
    int starts = 0;
    int teardowns = 0;
    StartupState state(StartupHooks{[&] { ++starts; return 0; }, [&] { ++teardowns; }});
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    ASSERT_EQ(state.startup(v(1, 1), true).result, 0);
    EXPECT_EQ(starts, 1);
    ASSERT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(teardowns, 0);
    ASSERT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(teardowns, 1);
    ASSERT_EQ(state.cleanup().result, socket_error);
    EXPECT_EQ(teardowns, 1);
    // A fresh startup brings the stack up again.
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    EXPECT_EQ(starts, 2);
}

TEST(Startup, WS_START_07_VersionCheckBeforePointerCheck) {
    StartupState state;
    const auto bad_version = state.startup(0, false);
    EXPECT_EQ(bad_version.result, err::wsavernotsupported);
    EXPECT_EQ(bad_version.last_error, err::wsanotinitialised);
    EXPECT_FALSE(bad_version.data.has_value());  // nowhere to write it
    const auto null_data = state.startup(v(2, 2), false);
    EXPECT_EQ(null_data.result, err::wsaefault);
    EXPECT_EQ(null_data.last_error, err::wsanotinitialised);
    EXPECT_FALSE(null_data.data.has_value());
    EXPECT_EQ(state.check_started(), err::wsanotinitialised);
    EXPECT_EQ(state.count(), 0u);
}

TEST(Startup, WS_START_07_FailedStartupDoesNotRunTheHook) {
    int starts = 0;
    StartupState state(StartupHooks{[&] { ++starts; return 0; }, {}});
    (void)state.startup(v(0, 9), true);
    (void)state.startup(v(2, 2), false);
    EXPECT_EQ(starts, 0);
}

TEST(Startup, WS_START_09_WsadataFor2xSession) {
    StartupState state;
    const auto out = state.startup(v(2, 2), true);
    EXPECT_EQ(out.last_error, 0);
    ASSERT_TRUE(out.data.has_value());
    EXPECT_EQ(out.data->description, "WinSock 2.0");
    EXPECT_EQ(out.data->system_status, "Running");
    EXPECT_EQ(out.data->max_sockets, 0);
    EXPECT_EQ(out.data->max_udp_dg, 0);
    EXPECT_LE(out.data->description.size(), wsadescription_len);
    EXPECT_LE(out.data->system_status.size(), wsasys_status_len);
}

TEST(Startup, WS_START_09_WsadataFor1xSession) {
    StartupState state;
    const auto out = state.startup(v(1, 1), true);
    ASSERT_TRUE(out.data.has_value());
    EXPECT_EQ(out.data->max_sockets, 32767);
    EXPECT_EQ(out.data->max_udp_dg, 65467);
    EXPECT_EQ(out.data->description, "WinSock 2.0");
    EXPECT_EQ(wsadata_for(v(1, 0)).max_sockets, 32767);
    EXPECT_EQ(wsadata_for(v(2, 0)).max_sockets, 0);
}

TEST(Startup, WS_START_10_LegacyFunctionsOnlyIn1xSessions) {
    StartupState two;
    EXPECT_FALSE(two.legacy_supported());  // not started
    ASSERT_EQ(two.startup(v(2, 2), true).result, 0);
    EXPECT_FALSE(two.legacy_supported());
    StartupState one;
    ASSERT_EQ(one.startup(v(1, 1), true).result, 0);
    EXPECT_TRUE(one.legacy_supported());
}

TEST(Startup, WS_START_11_UpgradeKeepsLegacySupport) {
    StartupState state;
    ASSERT_EQ(state.startup(v(1, 1), true).result, 0);
    const auto upgraded = state.startup(v(2, 2), true);
    ASSERT_EQ(upgraded.result, 0);
    EXPECT_EQ(upgraded.data->version, v(2, 2));
    EXPECT_TRUE(state.legacy_supported());
}

TEST(Startup, WS_START_11_Downgrade11MakesLegacySupported) {
    StartupState state;
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    const auto downgraded = state.startup(v(1, 1), true);
    ASSERT_EQ(downgraded.result, 0);
    EXPECT_EQ(downgraded.data->version, v(1, 1));
    EXPECT_TRUE(state.legacy_supported());
}

TEST(Startup, WS_START_11_EachStartupNeedsItsCleanup) {
    StartupState state;
    ASSERT_EQ(state.startup(v(1, 1), true).result, 0);
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    ASSERT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(state.check_started(), 0);
    ASSERT_EQ(state.cleanup().result, 0);
    EXPECT_EQ(state.check_started(), err::wsanotinitialised);
    EXPECT_FALSE(state.legacy_supported());  // reset with the last cleanup
    ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
    EXPECT_FALSE(state.legacy_supported());
}

TEST(StartupHooks, FirstStartupMayRefuse) {
    int attempts = 0;
    StartupState state(StartupHooks{[&] { return ++attempts == 1 ? err::wsasysnotready : 0; }, {}});
    const auto refused = state.startup(v(2, 2), true);
    EXPECT_EQ(refused.result, err::wsasysnotready);
    EXPECT_EQ(refused.last_error, err::wsanotinitialised);
    EXPECT_FALSE(refused.data.has_value());
    EXPECT_EQ(state.count(), 0u);
    const auto retried = state.startup(v(2, 2), true);
    EXPECT_EQ(retried.result, 0);
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(state.count(), 1u);
}

TEST(StartupHooks, ConcurrentStartupsBringTheStackUpOnce) {
    std::atomic<int> starts{0};
    std::atomic<int> stops{0};
    StartupState state(StartupHooks{[&] { ++starts; return 0; }, [&] { ++stops; }});
    constexpr int threads = 8;
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&] {
            for (int n = 0; n < 200; ++n) {
                ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
                ASSERT_EQ(state.cleanup().result, 0);
            }
            ASSERT_EQ(state.startup(v(2, 2), true).result, 0);
        });
    }
    for (auto& t : pool) t.join();
    EXPECT_EQ(state.count(), static_cast<unsigned>(threads));
    EXPECT_EQ(starts.load() - stops.load(), 1);  // up exactly once at the end
}

}  // namespace
}  // namespace sluice::provider
