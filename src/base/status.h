// Status: the outcome of an operation that can fail, with a code and a message.
//
// An OK status holds no allocation; an error owns its message. Status is a value type:
// copyable, movable, and safe to share between threads once constructed (it is immutable).
//
// Error text puts the static part first and the values last:
//   Status::NotFound("Column not found: ", table, ".", column)
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "base/str_cat.h"

namespace lakeml {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // The caller passed something malformed.
  kNotFound = 2,
  kAlreadyExists = 3,
  kIOError = 4,         // The operating system or storage failed.
  kCorruption = 5,      // Stored data violates its format.
  kNotImplemented = 6,  // Valid input that lakeml does not support (yet).
  kOutOfRange = 7,
  kInternal = 8,
  kCancelled = 9,
  kResourceExhausted = 10,
  kConflict = 11,  // A concurrent writer won (Delta commits).
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }

  template <typename... Args>
  static Status InvalidArgument(Args&&... args) {
    return Status(StatusCode::kInvalidArgument, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotFound(Args&&... args) {
    return Status(StatusCode::kNotFound, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status AlreadyExists(Args&&... args) {
    return Status(StatusCode::kAlreadyExists, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status IOError(Args&&... args) {
    return Status(StatusCode::kIOError, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Corruption(Args&&... args) {
    return Status(StatusCode::kCorruption, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotImplemented(Args&&... args) {
    return Status(StatusCode::kNotImplemented, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status OutOfRange(Args&&... args) {
    return Status(StatusCode::kOutOfRange, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Internal(Args&&... args) {
    return Status(StatusCode::kInternal, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Cancelled(Args&&... args) {
    return Status(StatusCode::kCancelled, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status ResourceExhausted(Args&&... args) {
    return Status(StatusCode::kResourceExhausted, StrCat(std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Conflict(Args&&... args) {
    return Status(StatusCode::kConflict, StrCat(std::forward<Args>(args)...));
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // Empty for OK.
  const std::string& message() const;

  // "Corruption: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>". OK stays OK.
  // Used to add where an error happened (file, column, row group) as it propagates.
  template <typename... Args>
  Status WithContext(Args&&... args) const {
    if (ok()) return *this;
    return Status(code(), StrCat(std::forward<Args>(args)..., ": ", message()));
  }

  // Explicitly ignores an error where that is the right thing (best-effort cleanup).
  void IgnoreError() const {}

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

inline bool operator==(const Status& a, const Status& b) {
  return a.code() == b.code() && a.message() == b.message();
}

}  // namespace lakeml

#define LAKEML_STATUS_CONCAT_INNER(a, b) a##b
#define LAKEML_STATUS_CONCAT(a, b) LAKEML_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define LAKEML_RETURN_IF_ERROR(expr)                                      \
  do {                                                                    \
    ::lakeml::Status _lakeml_status = (expr);                             \
    if (__builtin_expect(!_lakeml_status.ok(), 0)) return _lakeml_status; \
  } while (0)
