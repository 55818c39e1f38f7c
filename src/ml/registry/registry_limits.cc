#include "ml/registry/registry_limits.h"

#include <cctype>

#include "ml/registry/registry_entities.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/tracking_limits.h"

namespace lakeml::ml {
namespace {

bool IsAliasChar(unsigned char c) {
  return std::isalnum(c) != 0 || c == '_' || c == '-' || c >= 0x80;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status RegistryLimits::ValidateModelName(std::string_view name, std::string_view parameter) {
  if (name.empty()) {
    return MlflowError::InvalidParameterValue("Missing value for required parameter '", parameter,
                                              "'.");
  }
  return Status::OK();
}

Result<int64_t> RegistryLimits::ParseVersion(std::string_view version) {
  // Python's int(): surrounding spaces and one sign allowed.
  std::string_view v = version;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  bool negative = false;
  if (!v.empty() && (v.front() == '+' || v.front() == '-')) {
    negative = v.front() == '-';
    v.remove_prefix(1);
  }
  bool ok = !v.empty() && v.size() <= 18;
  int64_t value = 0;
  for (char c : v) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) value = value * 10 + (c - '0');
  }
  if (!ok) {
    return MlflowError::InvalidParameterValue("Parameter 'version' must be an integer, got '",
                                              version, "'.");
  }
  return negative ? -value : value;
}

Status RegistryLimits::ValidateTagKey(std::string_view key) {
  if (key.empty()) {
    return MlflowError::InvalidParameterValue("Missing value for required parameter 'key'.");
  }
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateKeyName("tag", key));
  return TrackingLimits::ValidateLength("Tag key", kMaxTagKeyLength, key);
}

Status RegistryLimits::ValidateTag(std::string_view key, std::string_view value) {
  LAKEML_RETURN_IF_ERROR(ValidateTagKey(key));
  return TrackingLimits::ValidateLength("Tag value", kMaxTagValueLength, value);
}

Status RegistryLimits::ValidateAlias(std::string_view alias) {
  if (alias.empty()) {
    return MlflowError::InvalidParameterValue("Registered model alias name cannot be empty.");
  }
  for (unsigned char c : alias) {
    if (!IsAliasChar(c)) {
      return MlflowError::InvalidParameterValue(
          "Invalid alias name: '", alias,
          "'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
    }
  }
  LAKEML_RETURN_IF_ERROR(
      TrackingLimits::ValidateLength("Registered model alias name", kMaxAliasLength, alias));
  if (EqualsIgnoreCase(alias, "latest")) {
    return MlflowError::InvalidParameterValue(
        "'latest' alias name (case insensitive) is reserved.");
  }
  bool version_like = alias.size() >= 2 && (alias[0] == 'v' || alias[0] == 'V');
  for (size_t i = 1; version_like && i < alias.size(); ++i) {
    version_like = alias[i] >= '0' && alias[i] <= '9';
  }
  if (version_like) {
    return MlflowError::InvalidParameterValue("Version alias name '", alias, "' is reserved.");
  }
  return Status::OK();
}

const std::vector<std::string_view>& RegistryLimits::AllStages() {
  static const std::vector<std::string_view> stages = {kStageNone, kStageStaging, kStageProduction,
                                                       kStageArchived};
  return stages;
}

Result<std::string> RegistryLimits::CanonicalStage(std::string_view stage) {
  for (std::string_view s : AllStages()) {
    if (EqualsIgnoreCase(stage, s)) return std::string(s);
  }
  return MlflowError::InvalidParameterValue("Invalid Model Version stage: ", stage,
                                            ". Value must be one of None, Staging, Production, "
                                            "Archived.");
}

bool RegistryLimits::IsActiveStage(std::string_view canonical_stage) {
  return canonical_stage == kStageStaging || canonical_stage == kStageProduction;
}

}  // namespace lakeml::ml
