// MlflowError: the Status values the tracking store returns, carrying MLflow's error code.
//
// An MLflow error is a Status whose message starts with "[<ERROR_CODE>] " (the same bracketed
// form as catalog::CatalogError), and whose StatusCode matches the class of error, so that code
// which only branches on StatusCode still works. The HTTP layer calls Parse() to get the wire
// fields {"error_code": ..., "message": ...} and HttpStatus() for the response status.
//
// A Status without the prefix (an SQLite or I/O failure below the store) parses as
// INTERNAL_ERROR (500), except kConflict/kResourceExhausted (the database was busy or full of
// waiters), which parse as TEMPORARILY_UNAVAILABLE (503): MLflow clients retry both.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace lakeml::ml {

// DO NOT CHANGE: names are MLflow's wire error codes (mlflow/protos/databricks.proto).
enum class MlflowErrorCode {
  kInternalError,
  kInvalidParameterValue,
  kResourceDoesNotExist,
  kResourceAlreadyExists,
  kInvalidState,
  kTemporarilyUnavailable,
  kBadRequest,
};

class MlflowError {
 public:
  struct Parsed {
    MlflowErrorCode code;
    std::string_view message;  // Points into the parsed Status.
  };

  // INVALID_PARAMETER_VALUE (HTTP 400).
  template <typename... Args>
  static Status InvalidParameterValue(Args&&... args) {
    return Make(MlflowErrorCode::kInvalidParameterValue, StrCat(std::forward<Args>(args)...));
  }
  // RESOURCE_DOES_NOT_EXIST (HTTP 404).
  template <typename... Args>
  static Status ResourceDoesNotExist(Args&&... args) {
    return Make(MlflowErrorCode::kResourceDoesNotExist, StrCat(std::forward<Args>(args)...));
  }
  // RESOURCE_ALREADY_EXISTS (HTTP 400).
  template <typename... Args>
  static Status ResourceAlreadyExists(Args&&... args) {
    return Make(MlflowErrorCode::kResourceAlreadyExists, StrCat(std::forward<Args>(args)...));
  }
  // INVALID_STATE: MLflow answers it with 500; lakeml with 400 (a client's mistake, such as
  // renaming a deleted experiment, must not be retried by clients).
  template <typename... Args>
  static Status InvalidState(Args&&... args) {
    return Make(MlflowErrorCode::kInvalidState, StrCat(std::forward<Args>(args)...));
  }

  static Status Make(MlflowErrorCode code, std::string_view message);

  // The MLflow code and message of `status`. REQUIRES: !status.ok().
  static Parsed Parse(const Status& status);

  // "INVALID_PARAMETER_VALUE", ...
  static std::string_view CodeName(MlflowErrorCode code);
  static int HttpStatus(MlflowErrorCode code);
  // Shorthand: CodeName(Parse(status).code).
  static std::string_view CodeNameOf(const Status& status) { return CodeName(Parse(status).code); }
};

}  // namespace lakeml::ml
