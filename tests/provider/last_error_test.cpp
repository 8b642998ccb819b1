// The per-thread last error: per-thread storage, 0 in a fresh thread.
//
// Spec: shared/spec/winsock-behaviour.md checklist item 1 (successful calls
// set it to 0), WS-START-07 (a failed WSAStartup leaves WSANOTINITIALISED).
#include <sluice/provider/last_error.hpp>
#include <sluice/provider/wsa_constants.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace sluice::provider {
namespace {

TEST(LastError, SetAndGetInOneThread) {
    set_last_error(err::wsaeinval);
    EXPECT_EQ(last_error(), err::wsaeinval);
    set_last_error(0);
    EXPECT_EQ(last_error(), 0);
}

TEST(LastError, FreshThreadStartsAtZero) {
    set_last_error(err::wsanotinitialised);
    int seen = -1;
    std::thread([&] { seen = last_error(); }).join();
    EXPECT_EQ(seen, 0);
}

TEST(LastError, ThreadsDoNotSeeEachOther) {
    set_last_error(err::wsaeafnosupport);
    int other_after_set = -1;
    std::thread([&] {
        set_last_error(err::wsaenobufs);
        other_after_set = last_error();
    }).join();
    EXPECT_EQ(other_after_set, err::wsaenobufs);
    EXPECT_EQ(last_error(), err::wsaeafnosupport);
}

}  // namespace
}  // namespace sluice::provider
