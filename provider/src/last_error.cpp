// The calling thread's Winsock last error: one thread_local int.
//
// Spec and invariants: see last_error.hpp.
#include <sluice/provider/last_error.hpp>

namespace sluice::provider {
namespace {
thread_local int thread_last_error = 0;
}  // namespace

void set_last_error(int error) noexcept { thread_last_error = error; }

int last_error() noexcept { return thread_last_error; }

}  // namespace sluice::provider
