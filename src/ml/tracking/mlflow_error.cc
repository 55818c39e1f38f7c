#include "ml/tracking/mlflow_error.h"

#include <array>

namespace lakeml::ml {
namespace {

struct CodeInfo {
  MlflowErrorCode code;
  std::string_view name;
  StatusCode status_code;
  int http_status;
};

// DO NOT CHANGE: MLflow's wire names and HTTP statuses (mlflow/exceptions.py).
constexpr std::array<CodeInfo, 7> kMlflowCodes = {{
    {MlflowErrorCode::kInternalError, "INTERNAL_ERROR", StatusCode::kInternal, 500},
    {MlflowErrorCode::kInvalidParameterValue, "INVALID_PARAMETER_VALUE",
     StatusCode::kInvalidArgument, 400},
    {MlflowErrorCode::kResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST", StatusCode::kNotFound, 404},
    {MlflowErrorCode::kResourceAlreadyExists, "RESOURCE_ALREADY_EXISTS", StatusCode::kAlreadyExists,
     400},
    {MlflowErrorCode::kInvalidState, "INVALID_STATE", StatusCode::kInvalidArgument, 400},
    {MlflowErrorCode::kTemporarilyUnavailable, "TEMPORARILY_UNAVAILABLE", StatusCode::kConflict,
     503},
    {MlflowErrorCode::kBadRequest, "BAD_REQUEST", StatusCode::kInvalidArgument, 400},
}};

const CodeInfo& InfoOf(MlflowErrorCode code) {
  for (const CodeInfo& info : kMlflowCodes) {
    if (info.code == code) return info;
  }
  return kMlflowCodes[0];
}

}  // namespace

Status MlflowError::Make(MlflowErrorCode code, std::string_view message) {
  const CodeInfo& info = InfoOf(code);
  return Status(info.status_code, StrCat("[", info.name, "] ", message));
}

MlflowError::Parsed MlflowError::Parse(const Status& status) {
  std::string_view message = status.message();
  if (message.size() > 2 && message[0] == '[') {
    const size_t close = message.find("] ");
    if (close != std::string_view::npos) {
      const std::string_view name = message.substr(1, close - 1);
      for (const CodeInfo& info : kMlflowCodes) {
        if (info.name == name) return {info.code, message.substr(close + 2)};
      }
    }
  }
  const bool busy =
      status.code() == StatusCode::kConflict || status.code() == StatusCode::kResourceExhausted;
  return {busy ? MlflowErrorCode::kTemporarilyUnavailable : MlflowErrorCode::kInternalError,
          message};
}

std::string_view MlflowError::CodeName(MlflowErrorCode code) { return InfoOf(code).name; }

int MlflowError::HttpStatus(MlflowErrorCode code) { return InfoOf(code).http_status; }

}  // namespace lakeml::ml
