// RegistryLimits: MLflow's validation rules for model registry input (mlflow/utils/validation.py
// and model_version_stages.py), with its limits and message texts, returned as MlflowError
// INVALID_PARAMETER_VALUE. Thread-safety: stateless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace lakeml::ml {

class RegistryLimits {
 public:
  // DO NOT CHANGE: MLflow's limits (mlflow/utils/validation.py, mlflow/store/model_registry);
  // clients rely on them.
  static constexpr size_t kMaxTagKeyLength = 250;
  static constexpr size_t kMaxTagValueLength = 5000;
  static constexpr size_t kMaxAliasLength = 255;
  static constexpr int64_t kSearchRegisteredModelsDefault = 100;
  static constexpr int64_t kSearchRegisteredModelsMax = 1000;
  static constexpr int64_t kSearchModelVersionsDefault = 10000;
  static constexpr int64_t kSearchModelVersionsMax = 200000;

  // "Missing value for required parameter '<parameter>'." when empty.
  static Status ValidateModelName(std::string_view name, std::string_view parameter = "name");
  // The version as an integer; "Parameter 'version' must be an integer, got '<v>'." otherwise.
  static Result<int64_t> ParseVersion(std::string_view version);
  // Registered model and model version tags: tag key rules, key 250 and value 5000 characters.
  static Status ValidateTag(std::string_view key, std::string_view value);
  static Status ValidateTagKey(std::string_view key);
  // [\w-]+, at most 255 characters, not "latest" (any case), not v<digits>.
  static Status ValidateAlias(std::string_view alias);
  // The canonical stage for `stage` (case-insensitive): None, Staging, Production, Archived.
  static Result<std::string> CanonicalStage(std::string_view stage);
  // The stages in MLflow's order.
  static const std::vector<std::string_view>& AllStages();
  // Staging and Production (archive_existing_versions applies to these only).
  static bool IsActiveStage(std::string_view canonical_stage);
};

}  // namespace lakeml::ml
