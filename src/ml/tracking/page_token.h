// PageToken: MLflow's offset page tokens for searches and metric history: the base64 text of
// the JSON {"offset": N}, exactly as MLflow's SearchUtils writes them, so that tokens from
// either server read the same. Thread-safety: stateless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::ml {

class PageToken {
 public:
  // DO NOT CHANGE: MLflow's page token wire form (mlflow/utils/search_utils.py).
  static std::string Encode(int64_t offset);
  // The offset in `token`; 0 for "". Errors are INVALID_PARAMETER_VALUE with MLflow's texts.
  static Result<int64_t> Decode(std::string_view token);
};

}  // namespace lakeml::ml
