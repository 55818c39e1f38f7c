// TrackingStore: MLflow's tracking store (experiments, runs, metrics, params, tags, dataset
// inputs) in the warehouse metadata database (lakeml.db, migration component "tracking").
//
// Every public operation maps 1:1 onto an MLflow REST operation (mlflow/protos/service.proto)
// and follows MLflow's SQLAlchemy store: validation, limits, defaults, page tokens and error
// codes. Errors are MlflowError statuses (see mlflow_error.h): the HTTP layer turns them into
// {"error_code", "message"} bodies with MlflowError::Parse / HttpStatus.
//
// Writes go through a GroupCommitter (one writer connection; concurrent writes share one
// transaction; a write returns only after its transaction committed). Reads use a pool of WAL
// reader connections and never wait for the writer. Several processes may open one lakeml.db:
// SQLite serializes their writers (busy timeout), so two stores on one warehouse are safe.
//
// Artifact locations: an experiment created without one gets <default_artifact_root>/<id>, and a
// run <experiment artifact location>/<run_id>/artifacts, as MLflow forms them; with
// `mlflow-artifacts:/` as the root (MLflow's --serve-artifacts default) URIs are proxied ones.
//
// Thread-safety: thread-safe. Ownership: owns its connections.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "ml/tracking/tracking_entities.h"

namespace lakeml::ml {

class ConnectionPool;
class GroupCommitter;
struct TrackingConnection;
struct RunRow;

struct TrackingStoreOptions {
  // The metadata database, normally <warehouse>/lakeml.db; its directory must exist.
  std::string db_path;
  // Where new experiments' artifacts go: "mlflow-artifacts:/" (proxied, MLflow's
  // --serve-artifacts default) or a directory path such as <warehouse>/artifacts (decision 0031).
  std::string default_artifact_root = "mlflow-artifacts:/";
  // synchronous=FULL: an acknowledged write survives power loss. Default NORMAL: it survives a
  // process crash (kill -9); a power loss may lose the last commits (docs/decisions/0026).
  bool power_loss_durable = false;
  // Most read connections open at once.
  size_t max_readers = 8;
};

class TrackingStore {
 public:
  // Opens (creating and migrating when needed) the store; creates the "Default" experiment (id
  // 0) when missing.
  static Result<std::unique_ptr<TrackingStore>> Open(const TrackingStoreOptions& options);
  ~TrackingStore();
  TrackingStore(const TrackingStore&) = delete;
  TrackingStore& operator=(const TrackingStore&) = delete;

  // --- Experiments (experiment_operations.cc) ---
  // Returns the new experiment id.
  Result<std::string> CreateExperiment(std::string_view name, std::string_view artifact_location,
                                       const std::vector<Tag>& tags);
  Result<Experiment> GetExperiment(std::string_view experiment_id);
  Result<Experiment> GetExperimentByName(std::string_view name);
  // MLflow's update-experiment: renames.
  Status RenameExperiment(std::string_view experiment_id, std::string_view new_name);
  Status DeleteExperiment(std::string_view experiment_id);
  Status RestoreExperiment(std::string_view experiment_id);
  Status SetExperimentTag(std::string_view experiment_id, const Tag& tag);
  Status DeleteExperimentTag(std::string_view experiment_id, std::string_view key);
  Result<SearchExperimentsPage> SearchExperiments(const SearchExperimentsRequest& request);

  // --- Runs (run_operations.cc) ---
  Result<Run> CreateRun(const CreateRunRequest& request);
  Result<Run> GetRun(std::string_view run_id);
  // Returns the updated run info.
  Result<RunInfo> UpdateRun(const UpdateRunRequest& request);
  Status DeleteRun(std::string_view run_id);
  Status RestoreRun(std::string_view run_id);

  // --- Logging (run_logging.cc) ---
  Status LogMetric(std::string_view run_id, const Metric& metric);
  Status LogParam(std::string_view run_id, const Param& param);
  Status SetTag(std::string_view run_id, const Tag& tag);
  Status DeleteTag(std::string_view run_id, std::string_view key);
  Status LogBatch(std::string_view run_id, const std::vector<Metric>& metrics,
                  const std::vector<Param>& params, const std::vector<Tag>& tags);
  Status LogInputs(std::string_view run_id, const std::vector<DatasetInput>& inputs);
  // MLflow's log-model: appends `model_json` (an MLflow Model as JSON, with artifact_path,
  // flavors, utc_time_created and run_id) to the run's mlflow.log-model.history tag.
  Status LogModel(std::string_view run_id, std::string_view model_json);

  // --- Metric history (metric_history.cc) ---
  // Points of one metric of one run ordered by step, timestamp, value; max_results default
  // (0) is 25000.
  Result<MetricHistoryPage> GetMetricHistory(std::string_view run_id, std::string_view key,
                                             int64_t max_results, std::string_view page_token);
  // MLflow's get-history-bulk-interval: for up to 100 runs, the points at sampled steps (at most
  // max_results per run, always with each run's first and last step) within
  // [start_step, end_step] (both or neither). max_results 0 means 1000.
  Result<std::vector<RunMetric>> GetMetricHistoryBulkInterval(
      const std::vector<std::string>& run_ids, std::string_view key,
      std::optional<int64_t> start_step, std::optional<int64_t> end_step, int64_t max_results);

  // --- Search (run_search.cc) ---
  Result<SearchRunsPage> SearchRuns(const SearchRunsRequest& request);

  const TrackingStoreOptions& options() const { return options_; }
  GroupCommitter& committer() { return *committer_; }

 private:
  TrackingStore(TrackingStoreOptions options, std::unique_ptr<GroupCommitter> committer,
                std::unique_ptr<ConnectionPool> readers);

  Status EnsureDefaultExperiment();
  std::string ExperimentArtifactLocation(int64_t experiment_id) const;
  // Loads metrics, params, tags and inputs for `rows` (run_key order free) into `runs`.
  // Sets a run tag; mlflow.runName also renames the run (as MLflow's set_tag does).
  static Status RunTagUpsert(TrackingConnection& conn, int64_t run_key, const Tag& tag);
  static Status LoadRunData(TrackingConnection& conn, const std::vector<RunRow>& rows,
                            std::vector<Run>* runs);

  TrackingStoreOptions options_;
  std::unique_ptr<GroupCommitter> committer_;
  std::unique_ptr<ConnectionPool> readers_;
};

}  // namespace lakeml::ml
