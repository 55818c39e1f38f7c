// Result<T>: either a value of type T or an error Status.
//
// Value type with the thread-safety of T. Accessing the value of an error Result is a bug
// and aborts (LAKEML_CHECK).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "base/check.h"
#include "base/status.h"

namespace lakeml {

template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) { LAKEML_CHECK(!status_.ok()); }  // NOLINT
  Result(T value) : value_(std::move(value)) {}                                        // NOLINT
  template <typename U>
  requires(std::is_convertible_v<U&&, T> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Status>) Result(U&& value)
      : value_(std::forward<U>(value)) {}  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  const T& value() const& {
    LAKEML_CHECK(ok());
    return *value_;
  }
  T& value() & {
    LAKEML_CHECK(ok());
    return *value_;
  }
  T&& value() && {
    LAKEML_CHECK(ok());
    return std::move(*value_);
  }
  T ValueOr(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace lakeml

// Evaluates `rexpr` (a Result<T>); on error returns its Status, otherwise moves the value
// into `lhs`, which may be a declaration: LAKEML_ASSIGN_OR_RETURN(auto x, F());
#define LAKEML_ASSIGN_OR_RETURN(lhs, rexpr) \
  LAKEML_ASSIGN_OR_RETURN_IMPL(LAKEML_STATUS_CONCAT(_lakeml_result_, __LINE__), lhs, rexpr)

#define LAKEML_ASSIGN_OR_RETURN_IMPL(result, lhs, rexpr)                    \
  auto result = (rexpr);                                                    \
  if (__builtin_expect(!result.ok(), 0)) return std::move(result).status(); \
  lhs = std::move(result).value()
