// Result<T>: either a value or a Winsock error code, returned by the
// provider's pure functions (C++20 has no std::expected).
//
// Invariants: a Result holds exactly one of {value, error}; error() is 0
// (err::no_error) exactly when a value is present and otherwise a non-zero
// WSAE* code; value() may only be read on success (asserted in debug builds).
#pragma once

#include <cassert>
#include <optional>
#include <utility>

namespace sluice::provider {

template <class T>
class [[nodiscard]] Result {
public:
    /// Success. Implicit so functions can `return value;`.
    Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

    /// Failure with a non-zero WSAE* code.
    static Result failure(int error) {
        assert(error != 0);
        return Result(error, FailureTag{});
    }

    bool ok() const { return error_ == 0; }
    int error() const { return error_; }

    const T& value() const {
        assert(ok());
        return *value_;
    }
    T& value() {
        assert(ok());
        return *value_;
    }

private:
    struct FailureTag {};
    Result(int error, FailureTag) : error_(error) {}

    std::optional<T> value_;
    int error_ = 0;
};

}  // namespace sluice::provider
