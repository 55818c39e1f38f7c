#include "server/api/mlflow/run_logging_handlers.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {
namespace {

using ml::TrackingStore;

Status LogMetric(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<double> value, req.OptionalDouble("value"));
  if (!value.has_value()) return MlflowRequest::MissingValue("value");
  LAKEML_ASSIGN_OR_RETURN(int64_t timestamp, req.RequiredInt64("timestamp"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> step, req.OptionalInt64("step"));
  ml::Metric metric;
  metric.key.assign(key);
  metric.value = *value;
  metric.timestamp = timestamp;
  metric.step = step.value_or(0);
  LAKEML_RETURN_IF_ERROR(store.LogMetric(run_id, metric));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status LogParam(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, req.OptionalString("value"));
  LAKEML_RETURN_IF_ERROR(
      store.LogParam(run_id, ml::Param{std::string(key), std::string(value.value_or(""))}));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status SetTag(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, req.OptionalString("value"));
  LAKEML_RETURN_IF_ERROR(
      store.SetTag(run_id, ml::Tag{std::string(key), std::string(value.value_or(""))}));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status DeleteTag(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_RETURN_IF_ERROR(store.DeleteTag(run_id, key));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status LogBatch(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Metric> metrics, req.Metrics("metrics"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Param> params, req.Params("params"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Tag> tags, req.Tags("tags", /*key_required=*/true));
  LAKEML_RETURN_IF_ERROR(store.LogBatch(run_id, metrics, params, tags));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status LogInputs(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::DatasetInput> inputs, req.DatasetInputs("datasets"));
  LAKEML_RETURN_IF_ERROR(store.LogInputs(run_id, inputs));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status LogModel(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view model_json, req.RequiredString("model_json"));
  LAKEML_RETURN_IF_ERROR(store.LogModel(run_id, model_json));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

}  // namespace

void RunLoggingHandlers::AddRoutes(const std::shared_ptr<ml::TrackingStore>& store,
                                   RouteTable& table) {
  const auto add = [&](std::string_view pattern, MlflowHandler::StoreOperation operation) {
    MlflowHandler::AddRoute(table, HttpMethod::kPost, pattern, store, operation);
  };
  add("/runs/log-metric", &LogMetric);
  add("/runs/log-parameter", &LogParam);
  add("/runs/set-tag", &SetTag);
  add("/runs/delete-tag", &DeleteTag);
  add("/runs/log-batch", &LogBatch);
  add("/runs/log-inputs", &LogInputs);
  add("/runs/log-model", &LogModel);
}

}  // namespace lakeml::server
