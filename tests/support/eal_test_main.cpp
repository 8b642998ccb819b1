// gtest main for test binaries that need EAL (mbufs, ports, ring pairs):
// starts sluice::nic::Eal once, runs all tests, shuts EAL down.
// See eal_test_env.hpp for the command line.
//
// Invariants: EAL is up before the first test and cleaned up (with its
// runtime files) after the last; a failed EAL start fails the binary.
#include "eal_test_env.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

namespace sluice::test {
namespace {

std::unique_ptr<nic::Eal> g_eal;

bool has_any(const std::vector<std::string>& args, std::initializer_list<const char*> options) {
    for (const char* option : options) {
        if (nic::has_eal_option(args, option)) {
            return true;
        }
    }
    return false;
}

}  // namespace

const nic::Eal& test_eal() { return *g_eal; }

std::vector<std::string> test_eal_args(const std::vector<std::string>& given) {
    if (given.empty()) {
        return {};  // Eal::start() uses the embedded default
    }
    std::vector<std::string> args = given;
    if (!has_any(given, {"--no-pci", "-a", "--allow", "-b", "--block"})) {
        args.emplace_back("--no-pci");
    }
    if (!has_any(given, {"--log-level"})) {
        args.emplace_back("--log-level=warning");
    }
    if (!has_any(given, {"--telemetry", "--no-telemetry"})) {
        args.emplace_back("--no-telemetry");
    }
    return args;
}

}  // namespace sluice::test

int main(int argc, char** argv) {
    // Before `--`: gtest's options; after: EAL's.
    int gtest_argc = argc;
    std::vector<std::string> eal_given;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--") {
            gtest_argc = i;
            eal_given.assign(argv + i + 1, argv + argc);
            break;
        }
    }
    testing::InitGoogleTest(&gtest_argc, argv);
    try {
        sluice::test::g_eal =
            sluice::nic::Eal::start(sluice::test::test_eal_args(eal_given), argv[0]);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "EAL start failed: %s\n", error.what());
        return 1;
    }
    std::string effective;
    for (const std::string& arg : sluice::test::g_eal->effective_args()) {
        effective += " " + arg;
    }
    std::fprintf(stderr, "test EAL options:%s\n", effective.c_str());
    const int result = RUN_ALL_TESTS();
    sluice::test::g_eal.reset();
    return result;
}
