#include "server/api/mlflow/mlflow_entity_writer.h"

#include <optional>

#include "ml/tracking/tracking_enums.h"

namespace lakeml::server {
namespace {

void OptionalTime(std::string_view key, const std::optional<int64_t>& value, JsonWriter& w) {
  if (!value.has_value()) return;
  w.Key(key);
  w.Int(*value);
}

// The fields of a Metric message (step and timestamp always: MLflow sets them).
void MetricFields(const ml::Metric& metric, JsonWriter& w) {
  MlflowEntityWriter::OptionalString("key", metric.key, w);
  w.Key("value");
  w.Double(metric.value);
  w.Key("timestamp");
  w.Int(metric.timestamp);
  w.Key("step");
  w.Int(metric.step);
}

}  // namespace

void MlflowEntityWriter::EmptyObject(JsonWriter& w) {
  w.BeginObject();
  w.EndObject();
}

void MlflowEntityWriter::OptionalString(std::string_view key, std::string_view value,
                                        JsonWriter& w) {
  if (value.empty()) return;
  w.Key(key);
  w.String(value);
}

void MlflowEntityWriter::KeyValues(std::string_view key, const std::vector<ml::Tag>& pairs,
                                   JsonWriter& w) {
  if (pairs.empty()) return;
  w.Key(key);
  w.BeginArray();
  for (const ml::Tag& pair : pairs) {
    w.BeginObject();
    OptionalString("key", pair.key, w);
    OptionalString("value", pair.value, w);
    w.EndObject();
  }
  w.EndArray();
}

void MlflowEntityWriter::Experiment(const ml::Experiment& experiment, JsonWriter& w) {
  w.BeginObject();
  OptionalString("experiment_id", experiment.experiment_id, w);
  OptionalString("name", experiment.name, w);
  OptionalString("artifact_location", experiment.artifact_location, w);
  OptionalString("lifecycle_stage", experiment.lifecycle_stage, w);
  OptionalTime("last_update_time", experiment.last_update_time, w);
  OptionalTime("creation_time", experiment.creation_time, w);
  KeyValues("tags", experiment.tags, w);
  w.EndObject();
}

void MlflowEntityWriter::RunInfo(const ml::RunInfo& info, JsonWriter& w) {
  w.BeginObject();
  OptionalString("run_id", info.run_id, w);
  OptionalString("run_uuid", info.run_id, w);
  OptionalString("run_name", info.run_name, w);
  OptionalString("experiment_id", info.experiment_id, w);
  OptionalString("user_id", info.user_id, w);
  w.Key("status");
  w.String(ml::TrackingEnums::RunStatusName(info.status));
  OptionalTime("start_time", info.start_time, w);
  OptionalTime("end_time", info.end_time, w);
  OptionalString("artifact_uri", info.artifact_uri, w);
  OptionalString("lifecycle_stage", info.lifecycle_stage, w);
  w.EndObject();
}

void MlflowEntityWriter::Metric(const ml::Metric& metric, JsonWriter& w) {
  w.BeginObject();
  MetricFields(metric, w);
  w.EndObject();
}

void MlflowEntityWriter::RunMetric(const ml::RunMetric& metric, JsonWriter& w) {
  w.BeginObject();
  MetricFields(metric.metric, w);
  OptionalString("run_id", metric.run_id, w);
  w.EndObject();
}

void MlflowEntityWriter::DatasetInput(const ml::DatasetInput& input, JsonWriter& w) {
  w.BeginObject();
  KeyValues("tags", input.tags, w);
  w.Key("dataset");
  w.BeginObject();
  OptionalString("name", input.dataset.name, w);
  OptionalString("digest", input.dataset.digest, w);
  OptionalString("source_type", input.dataset.source_type, w);
  OptionalString("source", input.dataset.source, w);
  OptionalString("schema", input.dataset.schema, w);
  OptionalString("profile", input.dataset.profile, w);
  w.EndObject();
  w.EndObject();
}

void MlflowEntityWriter::Run(const ml::Run& run, JsonWriter& w) {
  w.BeginObject();
  w.Key("info");
  RunInfo(run.info, w);
  w.Key("data");
  w.BeginObject();
  if (!run.metrics.empty()) {
    w.Key("metrics");
    w.BeginArray();
    for (const ml::Metric& metric : run.metrics) Metric(metric, w);
    w.EndArray();
  }
  if (!run.params.empty()) {
    w.Key("params");
    w.BeginArray();
    for (const ml::Param& param : run.params) {
      w.BeginObject();
      OptionalString("key", param.key, w);
      OptionalString("value", param.value, w);
      w.EndObject();
    }
    w.EndArray();
  }
  KeyValues("tags", run.tags, w);
  w.EndObject();
  w.Key("inputs");
  w.BeginObject();
  if (!run.inputs.empty()) {
    w.Key("dataset_inputs");
    w.BeginArray();
    for (const ml::DatasetInput& input : run.inputs) DatasetInput(input, w);
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace lakeml::server
