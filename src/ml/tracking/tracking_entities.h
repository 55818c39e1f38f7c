// The MLflow tracking data model as plain value types: experiments, runs and their metrics,
// params, tags and dataset inputs, plus the request/response shapes of the store's operations.
//
// Field names and meanings follow mlflow/protos/service.proto; ids are strings on the wire
// (experiment ids are decimal integers, run ids 32 lowercase hex digits). Times are
// milliseconds since the Unix epoch; an unset optional time is std::nullopt and is omitted from
// responses. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::ml {

// DO NOT CHANGE: stored in lakeml.db and sent on the wire (MLflow's LifecycleStage).
inline constexpr std::string_view kLifecycleActive = "active";
inline constexpr std::string_view kLifecycleDeleted = "deleted";
// The tag MLflow mirrors the run name into.
inline constexpr std::string_view kRunNameTag = "mlflow.runName";
// DO NOT CHANGE: MLflow's default experiment.
inline constexpr std::string_view kDefaultExperimentId = "0";
inline constexpr std::string_view kDefaultExperimentName = "Default";

// MLflow's ViewType (service.proto): which lifecycle stages a search returns.
enum class ViewType { kActiveOnly = 1, kDeletedOnly = 2, kAll = 3 };

// MLflow's RunStatus (service.proto), by its wire name.
enum class RunStatus { kRunning = 1, kScheduled = 2, kFinished = 3, kFailed = 4, kKilled = 5 };

struct Tag {
  std::string key;
  std::string value;
};

struct Experiment {
  std::string experiment_id;
  std::string name;
  std::string artifact_location;
  std::string lifecycle_stage;
  std::optional<int64_t> creation_time;
  std::optional<int64_t> last_update_time;
  std::vector<Tag> tags;  // Sorted by key.
};

struct Metric {
  std::string key;
  double value = 0;  // NaN when stored as NaN; +-Inf come back as +-DBL_MAX, as in MLflow.
  int64_t timestamp = 0;
  int64_t step = 0;
};

// A metric point with its run, for get-history-bulk-interval.
struct RunMetric {
  std::string run_id;
  Metric metric;
};

struct Param {
  std::string key;
  std::string value;
};

struct RunInfo {
  std::string run_id;  // Also MLflow's deprecated run_uuid.
  std::string run_name;
  std::string experiment_id;
  std::string user_id;
  RunStatus status = RunStatus::kRunning;
  std::optional<int64_t> start_time;
  std::optional<int64_t> end_time;
  std::string artifact_uri;
  std::string lifecycle_stage;
};

struct Dataset {
  std::string name;
  std::string digest;
  std::string source_type;
  std::string source;
  std::string schema;   // Optional; "" when absent.
  std::string profile;  // Optional; "" when absent.
};

struct DatasetInput {
  std::vector<Tag> tags;  // Input tags (e.g. mlflow.data.context).
  Dataset dataset;
};

struct Run {
  RunInfo info;
  std::vector<Metric> metrics;  // Latest value per key, sorted by key.
  std::vector<Param> params;    // Sorted by key.
  std::vector<Tag> tags;        // Sorted by key.
  std::vector<DatasetInput> inputs;
};

// Arguments of create-run (service.proto CreateRun).
struct CreateRunRequest {
  std::string experiment_id;  // "" means the default experiment "0".
  std::string user_id;
  std::optional<int64_t> start_time;  // Now when unset.
  std::string run_name;               // Generated when empty and no mlflow.runName tag.
  std::vector<Tag> tags;
};

// Arguments of update-run (service.proto UpdateRun): unset fields stay as they are.
struct UpdateRunRequest {
  std::string run_id;
  std::optional<RunStatus> status;
  std::optional<int64_t> end_time;
  std::optional<std::string> run_name;
};

struct SearchRunsRequest {
  std::vector<std::string> experiment_ids;
  std::string filter;
  ViewType run_view_type = ViewType::kActiveOnly;
  int64_t max_results = 1000;
  std::vector<std::string> order_by;
  std::string page_token;
};

struct SearchRunsPage {
  std::vector<Run> runs;
  std::string next_page_token;  // "" on the last page.
};

struct SearchExperimentsRequest {
  ViewType view_type = ViewType::kActiveOnly;
  int64_t max_results = 1000;
  std::string filter;
  std::vector<std::string> order_by;
  std::string page_token;
};

struct SearchExperimentsPage {
  std::vector<Experiment> experiments;
  std::string next_page_token;
};

struct MetricHistoryPage {
  std::vector<Metric> metrics;
  std::string next_page_token;
};

}  // namespace lakeml::ml
