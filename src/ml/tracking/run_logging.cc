// TrackingStore: logging into a run (metrics, params, tags, batches, dataset inputs, models).
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/tracking_limits.h"
#include "ml/tracking/tracking_store.h"

namespace lakeml::ml {
namespace {

// DO NOT CHANGE: MLflow's tag holding a run's logged models (mlflow/utils/mlflow_tags.py).
constexpr std::string_view kLoggedModelsTag = "mlflow.log-model.history";

// A metric value as MLflow's SQL store keeps it: NaN as 0 with is_nan, +-Inf as +-DBL_MAX.
struct StoredValue {
  double value;
  bool is_nan;
};

StoredValue ToStored(double v) {
  if (std::isnan(v)) return {0.0, true};
  if (std::isinf(v)) {
    return {v > 0 ? std::numeric_limits<double>::max() : -std::numeric_limits<double>::max(),
            false};
  }
  return {v, false};
}

// Binds (run_key, key, step, timestamp, value, is_nan), the column order of both metric tables'
// statements below.
Status BindMetricPoint(metastore::SqliteStatement& stmt, int64_t run_key, const Metric& m) {
  const StoredValue v = ToStored(m.value);
  LAKEML_RETURN_IF_ERROR(stmt.Bind(1, run_key));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(2, m.key));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(3, m.step));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(4, m.timestamp));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(5, v.value));
  return stmt.Bind(6, int64_t{v.is_nan ? 1 : 0});
}

Status InsertMetricPoint(TrackingConnection& conn, int64_t run_key, const Metric& m) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, conn.Get("INSERT INTO mlflow_metrics (run_key, key, step, timestamp, value, "
                          "is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  LAKEML_RETURN_IF_ERROR(BindMetricPoint(*stmt, run_key, m));
  return stmt->Run();
}

// MLflow's latest-metric rule: a point replaces the latest when (step, timestamp, value) is
// greater.
Status UpdateLatestMetric(TrackingConnection& conn, int64_t run_key, const Metric& m) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      conn.Get("INSERT INTO mlflow_latest_metrics (run_key, key, step, timestamp, value, is_nan) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_key, key) DO UPDATE SET value = "
               "excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = "
               "excluded.is_nan WHERE (excluded.step, excluded.timestamp, excluded.value) > "
               "(mlflow_latest_metrics.step, mlflow_latest_metrics.timestamp, "
               "mlflow_latest_metrics.value)"));
  LAKEML_RETURN_IF_ERROR(BindMetricPoint(*stmt, run_key, m));
  return stmt->Run();
}

bool GreaterPoint(const Metric& a, const Metric& b) {
  const StoredValue va = ToStored(a.value);
  const StoredValue vb = ToStored(b.value);
  if (a.step != b.step) return a.step > b.step;
  if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
  return va.value > vb.value;
}

// Inserts `param` unless present; refuses a different value (MLflow never changes params).
Status InsertParam(TrackingConnection& conn, const RunRow& run, const Param& param) {
  LAKEML_ASSIGN_OR_RETURN(
      auto find, conn.Get("SELECT value FROM mlflow_params WHERE run_key = ? AND key = ?"));
  LAKEML_RETURN_IF_ERROR(find->Bind(1, run.run_key));
  LAKEML_RETURN_IF_ERROR(find->Bind(2, param.key));
  LAKEML_ASSIGN_OR_RETURN(bool exists, find->Step());
  if (exists) {
    if (find->ColumnTextView(0) == param.value) return Status::OK();
    return MlflowError::InvalidParameterValue(
        "Changing param values is not allowed. Param with key='", param.key,
        "' was already logged with value='", find->ColumnTextView(0), "' for run ID='",
        run.info.run_id, "'. Attempted logging new value '", param.value, "'.");
  }
  LAKEML_ASSIGN_OR_RETURN(
      auto insert, conn.Get("INSERT INTO mlflow_params (run_key, key, value) VALUES (?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(insert->Bind(1, run.run_key));
  LAKEML_RETURN_IF_ERROR(insert->Bind(2, param.key));
  LAKEML_RETURN_IF_ERROR(insert->Bind(3, param.value));
  return insert->Run();
}

// The dataset's uuid in the run's experiment, inserting it when new.
Result<std::string> FindOrInsertDataset(TrackingConnection& conn, const RunRow& run,
                                        const Dataset& d) {
  const int64_t experiment_id = static_cast<int64_t>(std::stoll(run.info.experiment_id));
  LAKEML_ASSIGN_OR_RETURN(auto find,
                          conn.Get("SELECT dataset_uuid FROM mlflow_datasets WHERE experiment_id "
                                   "= ? AND name = ? AND digest = ?"));
  LAKEML_RETURN_IF_ERROR(find->Bind(1, experiment_id));
  LAKEML_RETURN_IF_ERROR(find->Bind(2, d.name));
  LAKEML_RETURN_IF_ERROR(find->Bind(3, d.digest));
  LAKEML_ASSIGN_OR_RETURN(bool exists, find->Step());
  if (exists) return find->ColumnText(0);
  std::string uuid = NewUuid();
  LAKEML_ASSIGN_OR_RETURN(
      auto insert,
      conn.Get("INSERT INTO mlflow_datasets (dataset_uuid, experiment_id, name, digest, "
               "source_type, source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(insert->Bind(1, uuid));
  LAKEML_RETURN_IF_ERROR(insert->Bind(2, experiment_id));
  LAKEML_RETURN_IF_ERROR(insert->Bind(3, d.name));
  LAKEML_RETURN_IF_ERROR(insert->Bind(4, d.digest));
  LAKEML_RETURN_IF_ERROR(insert->Bind(5, d.source_type));
  LAKEML_RETURN_IF_ERROR(insert->Bind(6, d.source));
  LAKEML_RETURN_IF_ERROR(insert->Bind(7, d.schema));
  LAKEML_RETURN_IF_ERROR(insert->Bind(8, d.profile));
  LAKEML_RETURN_IF_ERROR(insert->Run());
  return uuid;
}

Status InsertInput(TrackingConnection& conn, const RunRow& run, const DatasetInput& input) {
  LAKEML_ASSIGN_OR_RETURN(std::string dataset_uuid, FindOrInsertDataset(conn, run, input.dataset));
  LAKEML_ASSIGN_OR_RETURN(
      auto find, conn.Get("SELECT 1 FROM mlflow_inputs WHERE run_key = ? AND dataset_uuid = ?"));
  LAKEML_RETURN_IF_ERROR(find->Bind(1, run.run_key));
  LAKEML_RETURN_IF_ERROR(find->Bind(2, dataset_uuid));
  LAKEML_ASSIGN_OR_RETURN(bool exists, find->Step());
  if (exists) return Status::OK();  // MLflow keeps the first logging of a dataset in a run.
  const std::string input_uuid = NewUuid();
  LAKEML_ASSIGN_OR_RETURN(
      auto insert,
      conn.Get("INSERT INTO mlflow_inputs (input_uuid, dataset_uuid, run_key) VALUES (?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(insert->Bind(1, input_uuid));
  LAKEML_RETURN_IF_ERROR(insert->Bind(2, dataset_uuid));
  LAKEML_RETURN_IF_ERROR(insert->Bind(3, run.run_key));
  LAKEML_RETURN_IF_ERROR(insert->Run());
  for (const Tag& tag : input.tags) {
    LAKEML_ASSIGN_OR_RETURN(
        auto tag_insert,
        conn.Get("INSERT INTO mlflow_input_tags (input_uuid, name, value) VALUES (?, ?, ?) ON "
                 "CONFLICT (input_uuid, name) DO UPDATE SET value = excluded.value"));
    LAKEML_RETURN_IF_ERROR(tag_insert->Bind(1, input_uuid));
    LAKEML_RETURN_IF_ERROR(tag_insert->Bind(2, tag.key));
    LAKEML_RETURN_IF_ERROR(tag_insert->Bind(3, tag.value));
    LAKEML_RETURN_IF_ERROR(tag_insert->Run());
  }
  return Status::OK();
}

}  // namespace

Status TrackingStore::LogMetric(std::string_view run_id, const Metric& metric) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateMetric(metric));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    LAKEML_RETURN_IF_ERROR(InsertMetricPoint(conn, run.run_key, metric));
    return UpdateLatestMetric(conn, run.run_key, metric);
  });
}

Status TrackingStore::LogParam(std::string_view run_id, const Param& param) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateParam(param));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    return InsertParam(conn, run, param);
  });
}

Status TrackingStore::SetTag(std::string_view run_id, const Tag& tag) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateTag(tag));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    return RunTagUpsert(conn, run.run_key, tag);
  });
}

Status TrackingStore::DeleteTag(std::string_view run_id, std::string_view key) {
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("DELETE FROM mlflow_tags WHERE run_key = ? AND key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, run.run_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, key));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    if (stmt->Changes() == 0) {
      return MlflowError::ResourceDoesNotExist("No tag with name: ", key, " in run with id ",
                                               run_id);
    }
    return Status::OK();
  });
}

Status TrackingStore::LogBatch(std::string_view run_id, const std::vector<Metric>& metrics,
                               const std::vector<Param>& params, const std::vector<Tag>& tags) {
  LAKEML_RETURN_IF_ERROR(
      TrackingLimits::ValidateBatchLimits(metrics.size(), params.size(), tags.size()));
  for (const Metric& m : metrics) LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateMetric(m));
  for (const Param& p : params) LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateParam(p));
  for (const Tag& t : tags) LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateTag(t));
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateParamKeysUnique(params));
  // One latest-metric update per key: the greatest point of the batch.
  std::map<std::string_view, const Metric*> latest;
  for (const Metric& m : metrics) {
    auto [it, inserted] = latest.emplace(m.key, &m);
    if (!inserted && GreaterPoint(m, *it->second)) it->second = &m;
  }
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    for (const Param& p : params) LAKEML_RETURN_IF_ERROR(InsertParam(conn, run, p));
    for (const Metric& m : metrics) LAKEML_RETURN_IF_ERROR(InsertMetricPoint(conn, run.run_key, m));
    for (const auto& entry : latest) {
      LAKEML_RETURN_IF_ERROR(UpdateLatestMetric(conn, run.run_key, *entry.second));
    }
    for (const Tag& t : tags) LAKEML_RETURN_IF_ERROR(RunTagUpsert(conn, run.run_key, t));
    return Status::OK();
  });
}

Status TrackingStore::LogInputs(std::string_view run_id, const std::vector<DatasetInput>& inputs) {
  if (inputs.size() > TrackingLimits::kMaxDatasetsPerBatch) {
    return MlflowError::InvalidParameterValue(
        "A batch logging request can contain at most ", TrackingLimits::kMaxDatasetsPerBatch,
        " datasets. Got ", inputs.size(),
        " datasets. Please split up datasets across multiple requests and try again.");
  }
  for (const DatasetInput& input : inputs) {
    LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateDatasetInput(input));
  }
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    for (const DatasetInput& input : inputs) LAKEML_RETURN_IF_ERROR(InsertInput(conn, run, input));
    return Status::OK();
  });
}

Status TrackingStore::LogModel(std::string_view run_id, std::string_view model_json) {
  nlohmann::json model = nlohmann::json::parse(model_json, nullptr, /*allow_exceptions=*/false);
  if (model.is_discarded() || !model.is_object()) {
    return MlflowError::InvalidParameterValue("Malformed model info. \n ", model_json,
                                              " \n is not a valid JSON.");
  }
  std::string missing;
  for (std::string_view field : {"artifact_path", "flavors", "run_id", "utc_time_created"}) {
    if (!model.contains(field)) missing += StrCat(missing.empty() ? "'" : ", '", field, "'");
  }
  if (!missing.empty()) {
    return MlflowError::InvalidParameterValue("Model json is missing mandatory fields: {", missing,
                                              "}");
  }
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::FindActive(conn, run_id));
    LAKEML_ASSIGN_OR_RETURN(
        auto find, conn.Get("SELECT value FROM mlflow_tags WHERE run_key = ? AND key = ?"));
    LAKEML_RETURN_IF_ERROR(find->Bind(1, run.run_key));
    LAKEML_RETURN_IF_ERROR(find->Bind(2, kLoggedModelsTag));
    LAKEML_ASSIGN_OR_RETURN(bool exists, find->Step());
    nlohmann::json history = nlohmann::json::array();
    if (exists) {
      history = nlohmann::json::parse(find->ColumnTextView(0), nullptr, false);
      if (history.is_discarded() || !history.is_array()) history = nlohmann::json::array();
    }
    history.push_back(model);
    return RunTagUpsert(conn, run.run_key, Tag{std::string(kLoggedModelsTag), history.dump()});
  });
}

}  // namespace lakeml::ml
