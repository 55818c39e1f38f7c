// RunRow: a run's mlflow_runs row (its internal run_key plus RunInfo) and the queries the store's
// operations share to find runs and experiments and to check their lifecycle stage.
// Thread-safety: stateless functions over a connection the caller holds.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "metastore/sqlite_statement.h"
#include "ml/tracking/tracking_connection.h"
#include "ml/tracking/tracking_entities.h"

namespace lakeml::ml {

struct RunRow {
  int64_t run_key = 0;
  RunInfo info;

  // DO NOT CHANGE the order without Read(): the columns Read() expects, table alias r.
  static constexpr std::string_view kColumns =
      "r.run_key, r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, "
      "r.end_time, r.lifecycle_stage, r.artifact_uri";
  static constexpr int kColumnCount = 10;

  // Reads kColumns starting at column `first`.
  static RunRow Read(const metastore::SqliteStatement& stmt, int first);
  // RESOURCE_DOES_NOT_EXIST "Run with id=<id> not found" when absent.
  static Result<RunRow> Find(TrackingConnection& conn, std::string_view run_id);
  // Find, then INVALID_PARAMETER_VALUE unless the run is active (MLflow's _check_run_is_active).
  static Result<RunRow> FindActive(TrackingConnection& conn, std::string_view run_id);
  // The id as an integer; RESOURCE_DOES_NOT_EXIST "No Experiment with id=<id> exists" when it
  // cannot be one.
  static Result<int64_t> ParseExperimentId(std::string_view experiment_id);
  // The experiment's lifecycle stage; RESOURCE_DOES_NOT_EXIST when absent.
  static Result<std::string> ExperimentLifecycle(TrackingConnection& conn, int64_t experiment_id);
};

}  // namespace lakeml::ml
