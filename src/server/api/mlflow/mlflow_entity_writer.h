// MlflowEntityWriter: writes tracking entities (ml/tracking/tracking_entities.h) as MLflow's
// REST responses carry them (protobuf JSON with the proto field names), straight into a
// JsonWriter: no DOM, no intermediate strings.
//
// As MLflow: int64 fields are JSON numbers; run status is its name ("RUNNING"); RunInfo carries
// both run_id and the deprecated run_uuid; empty strings, unset times and empty lists are
// omitted (a Run always has its data and inputs objects); metric values NaN and +-Infinity are
// written as Python's json writes them (NaN, Infinity, -Infinity).
// Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

#include "ml/tracking/tracking_entities.h"
#include "server/http/json_writer.h"

namespace lakeml::server {

class MlflowEntityWriter {
 public:
  static void Experiment(const ml::Experiment& experiment, JsonWriter& w);
  static void RunInfo(const ml::RunInfo& info, JsonWriter& w);
  static void Run(const ml::Run& run, JsonWriter& w);
  static void Metric(const ml::Metric& metric, JsonWriter& w);
  // A metric point with its run (get-history-bulk-interval).
  static void RunMetric(const ml::RunMetric& metric, JsonWriter& w);
  static void DatasetInput(const ml::DatasetInput& input, JsonWriter& w);
  // `"key": [{"key": ..., "value": ...}, ...]`, omitted when `pairs` is empty.
  static void KeyValues(std::string_view key, const std::vector<ml::Tag>& pairs, JsonWriter& w);

  // {}: the response of operations that return nothing.
  static void EmptyObject(JsonWriter& w);
  // `"key": "value"`, omitted when `value` is empty.
  static void OptionalString(std::string_view key, std::string_view value, JsonWriter& w);
};

}  // namespace lakeml::server
