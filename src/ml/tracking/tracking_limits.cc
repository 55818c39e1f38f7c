#include "ml/tracking/tracking_limits.h"

#include <cctype>
#include <cmath>
#include <set>
#include <string>

#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

constexpr std::string_view kBadCharactersMessage =
    "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), "
    "and slashes (/).";

bool IsWordChar(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

// Python's posixpath.normpath.
std::string PosixNormPath(std::string_view path) {
  if (path.empty()) return ".";
  const bool absolute = path[0] == '/';
  // POSIX keeps exactly two leading slashes, and collapses three or more to one.
  const int leading =
      absolute
          ? ((path.size() > 1 && path[1] == '/' && (path.size() == 2 || path[2] != '/')) ? 2 : 1)
          : 0;
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!absolute && (parts.empty() || parts.back() == "..")) {
        parts.push_back(part);
      } else if (!parts.empty()) {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out(leading, '/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

bool PathNotUnique(std::string_view name) {
  const std::string norm = PosixNormPath(name);
  return norm != name || norm == "." || norm.rfind("..", 0) == 0 || norm.rfind('/', 0) == 0;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return StrCat(v);
}

}  // namespace

Status TrackingLimits::ValidateKeyName(std::string_view kind, std::string_view name) {
  for (unsigned char c : name) {
    if (!IsWordChar(c) && c != '/' && c != '.' && c != '-' && c != ' ') {
      return MlflowError::InvalidParameterValue("Invalid ", kind, " name: '", name, "'. ",
                                                kBadCharactersMessage);
    }
  }
  if (PathNotUnique(name)) {
    return MlflowError::InvalidParameterValue(
        "Invalid ", kind, " name: '", name,
        "'. Names may be treated as files in certain cases, and must not resolve to other names "
        "when treated as such. This name would resolve to '",
        PosixNormPath(name), "'");
  }
  return Status::OK();
}

Status TrackingLimits::ValidateLength(std::string_view entity, size_t limit,
                                      std::string_view value) {
  if (value.size() <= limit) return Status::OK();
  return MlflowError::InvalidParameterValue(entity, " '", value.substr(0, 250), "' had length ",
                                            value.size(), ", which exceeded length limit of ",
                                            limit);
}

Status TrackingLimits::ValidateMetric(const Metric& metric) {
  LAKEML_RETURN_IF_ERROR(ValidateKeyName("metric", metric.key));
  if (metric.timestamp < 0) {
    return MlflowError::InvalidParameterValue(
        "Got invalid timestamp ", metric.timestamp, " for metric '", metric.key,
        "' (value=", FormatDouble(metric.value),
        "). Timestamp must be a nonnegative long (64-bit integer) ");
  }
  return ValidateLength("Metric name", kMaxEntityKeyLength, metric.key);
}

Status TrackingLimits::ValidateParam(const Param& param) {
  LAKEML_RETURN_IF_ERROR(ValidateKeyName("parameter", param.key));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Param key", kMaxEntityKeyLength, param.key));
  return ValidateLength("Param value", kMaxParamValueLength, param.value);
}

Status TrackingLimits::ValidateTag(const Tag& tag) {
  LAKEML_RETURN_IF_ERROR(ValidateKeyName("tag", tag.key));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Tag key", kMaxEntityKeyLength, tag.key));
  return ValidateLength("Tag value", kMaxTagValueLength, tag.value);
}

Status TrackingLimits::ValidateExperimentTag(const Tag& tag) {
  LAKEML_RETURN_IF_ERROR(ValidateKeyName("tag", tag.key));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Tag key", kMaxExperimentTagKeyLength, tag.key));
  return ValidateLength("Tag value", kMaxExperimentTagValueLength, tag.value);
}

Status TrackingLimits::ValidateExperimentName(std::string_view name) {
  if (name.empty()) return MlflowError::InvalidParameterValue("Invalid experiment name: ''");
  if (name.size() > kMaxExperimentNameLength) {
    return MlflowError::InvalidParameterValue("Experiment name exceeds the maximum length of ",
                                              kMaxExperimentNameLength, " characters");
  }
  return Status::OK();
}

Status TrackingLimits::ValidateRunId(std::string_view run_id) {
  // MLflow: ^[a-zA-Z0-9][\w\-]{0,255}$
  bool ok = !run_id.empty() && run_id.size() <= 256 &&
            std::isalnum(static_cast<unsigned char>(run_id[0])) != 0;
  for (size_t i = 1; ok && i < run_id.size(); ++i) {
    const unsigned char c = run_id[i];
    ok = IsWordChar(c) || c == '-';
  }
  if (!ok) return MlflowError::InvalidParameterValue("Invalid run ID: '", run_id, "'");
  return Status::OK();
}

Status TrackingLimits::ValidateExperimentId(std::string_view experiment_id) {
  bool ok = !experiment_id.empty() && experiment_id.size() <= 18;
  for (char c : experiment_id) ok = ok && c >= '0' && c <= '9';
  if (!ok) {
    return MlflowError::InvalidParameterValue("Invalid experiment ID: '", experiment_id, "'");
  }
  return Status::OK();
}

Status TrackingLimits::ValidateBatchLimits(size_t metrics, size_t params, size_t tags) {
  auto check = [](std::string_view entity, size_t limit, size_t length) -> Status {
    if (length <= limit) return Status::OK();
    return MlflowError::InvalidParameterValue(
        "A batch logging request can contain at most ", limit, " ", entity, ". Got ", length, " ",
        entity, ". Please split up ", entity, " across multiple requests and try again.");
  };
  LAKEML_RETURN_IF_ERROR(check("metrics", kMaxMetricsPerBatch, metrics));
  LAKEML_RETURN_IF_ERROR(check("params", kMaxParamsTagsPerBatch, params));
  LAKEML_RETURN_IF_ERROR(check("tags", kMaxParamsTagsPerBatch, tags));
  return check("metrics, params, and tags", kMaxEntitiesPerBatch, metrics + params + tags);
}

Status TrackingLimits::ValidateParamKeysUnique(const std::vector<Param>& params) {
  std::set<std::string_view> seen;
  std::string dupes;
  for (const Param& p : params) {
    if (!seen.insert(p.key).second) dupes += StrCat(dupes.empty() ? "'" : ", '", p.key, "'");
  }
  if (dupes.empty()) return Status::OK();
  return MlflowError::InvalidParameterValue(
      "Duplicate parameter keys have been submitted: [", dupes,
      "]. Please ensure the request contains only one param value per param key.");
}

Status TrackingLimits::ValidateDatasetInput(const DatasetInput& input) {
  const Dataset& d = input.dataset;
  if (d.name.empty() || d.digest.empty() || d.source_type.empty() || d.source.empty()) {
    return MlflowError::InvalidParameterValue(
        "Dataset name, digest, source_type and source are required");
  }
  LAKEML_RETURN_IF_ERROR(ValidateLength("Dataset name", kMaxDatasetNameSize, d.name));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Dataset digest", kMaxDatasetDigestSize, d.digest));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Dataset schema", kMaxDatasetSchemaSize, d.schema));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Dataset source", kMaxDatasetSourceSize, d.source));
  LAKEML_RETURN_IF_ERROR(ValidateLength("Dataset profile", kMaxDatasetProfileSize, d.profile));
  for (const Tag& t : input.tags) {
    if (t.key.empty()) return MlflowError::InvalidParameterValue("Input tag key is required");
    LAKEML_RETURN_IF_ERROR(ValidateLength("Input tag key", kMaxInputTagKeySize, t.key));
    LAKEML_RETURN_IF_ERROR(ValidateLength("Input tag value", kMaxInputTagValueSize, t.value));
  }
  return Status::OK();
}

Status TrackingLimits::ValidateMaxResults(int64_t max_results, int64_t limit) {
  if (max_results <= 0 || max_results > limit) {
    return MlflowError::InvalidParameterValue(
        "Invalid value for request parameter max_results. It must be at most ", limit,
        ", but got value ", max_results);
  }
  return Status::OK();
}

}  // namespace lakeml::ml
