// RegistryEntityWriter: writes model registry entities (ml/registry/registry_entities.h) as
// MLflow's registry REST responses carry them (protobuf JSON with model_registry.proto's field
// names), straight into a JsonWriter.
//
// As MLflow: versions are strings; int64 timestamps are JSON numbers; the version status is its
// name ("READY"); empty strings, zero timestamps and empty lists are omitted (the store returns
// "" for unset strings). A model version's aliases are a list of names, a registered model's a
// list of {alias, version}.
// Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

#include "ml/registry/registry_entities.h"
#include "server/http/json_writer.h"

namespace lakeml::server {

class RegistryEntityWriter {
 public:
  static void RegisteredModel(const ml::RegisteredModel& model, JsonWriter& w);
  static void ModelVersion(const ml::ModelVersion& version, JsonWriter& w);
  // `"key": [version, ...]`, omitted when `versions` is empty.
  static void ModelVersions(std::string_view key, const std::vector<ml::ModelVersion>& versions,
                            JsonWriter& w);
  // {"registered_model": {...}} and {"model_version": {...}}: the single-entity responses.
  static void RegisteredModelResponse(const ml::RegisteredModel& model, JsonWriter& w);
  static void ModelVersionResponse(const ml::ModelVersion& version, JsonWriter& w);
};

}  // namespace lakeml::server
