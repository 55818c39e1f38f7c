// TrackingLimits: MLflow's validation rules for tracking input (mlflow/utils/validation.py),
// with its limits and its message texts, returned as MlflowError INVALID_PARAMETER_VALUE.
// Thread-safety: stateless.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ml/tracking/tracking_entities.h"

namespace lakeml::ml {

class TrackingLimits {
 public:
  // DO NOT CHANGE: MLflow's limits (mlflow/utils/validation.py); clients rely on them.
  static constexpr size_t kMaxParamsTagsPerBatch = 100;
  static constexpr size_t kMaxMetricsPerBatch = 1000;
  static constexpr size_t kMaxEntitiesPerBatch = 1000;
  static constexpr size_t kMaxDatasetsPerBatch = 1000;
  static constexpr size_t kMaxParamValueLength = 6000;
  static constexpr size_t kMaxTagValueLength = 8000;
  static constexpr size_t kMaxEntityKeyLength = 250;
  static constexpr size_t kMaxExperimentNameLength = 500;
  static constexpr size_t kMaxExperimentTagKeyLength = 250;
  static constexpr size_t kMaxExperimentTagValueLength = 5000;
  static constexpr size_t kMaxDatasetNameSize = 500;
  static constexpr size_t kMaxDatasetDigestSize = 36;
  static constexpr size_t kMaxDatasetSchemaSize = 1048575;
  static constexpr size_t kMaxDatasetSourceSize = 65535;
  static constexpr size_t kMaxDatasetProfileSize = 16777215;
  static constexpr size_t kMaxInputTagKeySize = 255;
  static constexpr size_t kMaxInputTagValueSize = 500;
  static constexpr int64_t kDefaultSearchMaxResults = 1000;
  static constexpr int64_t kMaxSearchResults = 50000;
  static constexpr int64_t kMaxMetricHistoryResults = 25000;
  // get-history-bulk-interval: at most this many runs, and points per run by default / at most.
  static constexpr size_t kMaxRunsPerBulkInterval = 100;
  static constexpr int64_t kDefaultBulkIntervalResults = 1000;
  static constexpr int64_t kMaxBulkIntervalResults = 1000;

  static Status ValidateMetric(const Metric& metric);
  static Status ValidateParam(const Param& param);
  static Status ValidateTag(const Tag& tag);
  static Status ValidateExperimentTag(const Tag& tag);
  static Status ValidateExperimentName(std::string_view name);
  static Status ValidateRunId(std::string_view run_id);
  static Status ValidateExperimentId(std::string_view experiment_id);
  static Status ValidateBatchLimits(size_t metrics, size_t params, size_t tags);
  // Duplicate keys among the params of one log-batch request.
  static Status ValidateParamKeysUnique(const std::vector<Param>& params);
  static Status ValidateDatasetInput(const DatasetInput& input);
  // max_results of a search: positive and at most `limit`.
  static Status ValidateMaxResults(int64_t max_results, int64_t limit);

  // "'<name>' had length N, which exceeded length limit of L" when value is too long.
  static Status ValidateLength(std::string_view entity, size_t limit, std::string_view value);
  // Metric, param and tag names: [/\w.\- ]* and must not resolve to another path.
  static Status ValidateKeyName(std::string_view kind, std::string_view name);
};

}  // namespace lakeml::ml
