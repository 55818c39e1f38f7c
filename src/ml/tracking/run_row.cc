#include "ml/tracking/run_row.h"

#include <charconv>

#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/tracking_enums.h"

namespace lakeml::ml {
namespace {

std::optional<int64_t> OptionalInt(const metastore::SqliteStatement& stmt, int i) {
  if (stmt.ColumnIsNull(i)) return std::nullopt;
  return stmt.ColumnInt64(i);
}

}  // namespace

RunRow RunRow::Read(const metastore::SqliteStatement& stmt, int first) {
  RunRow row;
  row.run_key = stmt.ColumnInt64(first);
  row.info.run_id = stmt.ColumnText(first + 1);
  row.info.run_name = stmt.ColumnText(first + 2);
  row.info.experiment_id = StrCat(stmt.ColumnInt64(first + 3));
  row.info.user_id = stmt.ColumnText(first + 4);
  row.info.status =
      TrackingEnums::ParseRunStatus(stmt.ColumnTextView(first + 5)).value_or(RunStatus::kRunning);
  row.info.start_time = OptionalInt(stmt, first + 6);
  row.info.end_time = OptionalInt(stmt, first + 7);
  row.info.lifecycle_stage = stmt.ColumnText(first + 8);
  row.info.artifact_uri = stmt.ColumnText(first + 9);
  return row;
}

Result<RunRow> RunRow::Find(TrackingConnection& conn, std::string_view run_id) {
  static const std::string sql =
      StrCat("SELECT ", kColumns, " FROM mlflow_runs r WHERE r.run_uuid = ?");
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, run_id));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return MlflowError::ResourceDoesNotExist("Run with id=", run_id, " not found");
  return Read(*stmt, 0);
}

Result<RunRow> RunRow::FindActive(TrackingConnection& conn, std::string_view run_id) {
  LAKEML_ASSIGN_OR_RETURN(RunRow row, Find(conn, run_id));
  if (row.info.lifecycle_stage != kLifecycleActive) {
    return MlflowError::InvalidParameterValue("The run ", run_id,
                                              " must be in the 'active' state. Current state is ",
                                              row.info.lifecycle_stage, ".");
  }
  return row;
}

Result<int64_t> RunRow::ParseExperimentId(std::string_view experiment_id) {
  int64_t id = -1;
  auto [end, ec] =
      std::from_chars(experiment_id.data(), experiment_id.data() + experiment_id.size(), id);
  if (experiment_id.empty() || ec != std::errc() ||
      end != experiment_id.data() + experiment_id.size() || id < 0) {
    return MlflowError::ResourceDoesNotExist("No Experiment with id=", experiment_id, " exists");
  }
  return id;
}

Result<std::string> RunRow::ExperimentLifecycle(TrackingConnection& conn, int64_t experiment_id) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      conn.Get("SELECT lifecycle_stage FROM mlflow_experiments WHERE experiment_id = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, experiment_id));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) {
    return MlflowError::ResourceDoesNotExist("No Experiment with id=", experiment_id, " exists");
  }
  return stmt->ColumnText(0);
}

}  // namespace lakeml::ml
