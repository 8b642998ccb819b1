// Access to the EAL that tests/support's gtest main started for the whole
// test binary (test_eal_main_dep).
//
// Command line of such a binary: `test_x [gtest options] [-- EAL options]`.
// Without EAL options the embedded default is used; with them, --no-pci,
// --log-level=warning and --no-telemetry are added unless the options say
// otherwise, and Eal::start() completes the memory mode and lcore.
//
// Invariant: test_eal() is valid for the whole of RUN_ALL_TESTS().
#pragma once

#include <sluice/nic/eal.hpp>

#include <string>
#include <vector>

namespace sluice::test {

/// The running EAL.
const nic::Eal& test_eal();

/// The EAL options the test main passes to Eal::start() for `given`.
std::vector<std::string> test_eal_args(const std::vector<std::string>& given);

}  // namespace sluice::test
