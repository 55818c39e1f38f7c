#include "server/api/mlflow_registry/registry_entity_writer.h"

#include <cstdint>

#include "server/api/mlflow/mlflow_entity_writer.h"

namespace lakeml::server {
namespace {

void OptionalTime(std::string_view key, int64_t value, JsonWriter& w) {
  if (value == 0) return;
  w.Key(key);
  w.Int(value);
}

// `"key": [{"key": ..., "value": ...}, ...]`, omitted when empty. Tag is RegisteredModelTag or
// ModelVersionTag (same fields, distinct types).
template <typename Tag>
void Tags(const std::vector<Tag>& tags, JsonWriter& w) {
  if (tags.empty()) return;
  w.Key("tags");
  w.BeginArray();
  for (const Tag& tag : tags) {
    w.BeginObject();
    MlflowEntityWriter::OptionalString("key", tag.key, w);
    MlflowEntityWriter::OptionalString("value", tag.value, w);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void RegistryEntityWriter::ModelVersion(const ml::ModelVersion& version, JsonWriter& w) {
  w.BeginObject();
  MlflowEntityWriter::OptionalString("name", version.name, w);
  MlflowEntityWriter::OptionalString("version", version.version, w);
  OptionalTime("creation_timestamp", version.creation_timestamp, w);
  OptionalTime("last_updated_timestamp", version.last_updated_timestamp, w);
  MlflowEntityWriter::OptionalString("user_id", version.user_id, w);
  MlflowEntityWriter::OptionalString("current_stage", version.current_stage, w);
  MlflowEntityWriter::OptionalString("description", version.description, w);
  MlflowEntityWriter::OptionalString("source", version.source, w);
  MlflowEntityWriter::OptionalString("run_id", version.run_id, w);
  MlflowEntityWriter::OptionalString("status", version.status, w);
  MlflowEntityWriter::OptionalString("status_message", version.status_message, w);
  Tags(version.tags, w);
  MlflowEntityWriter::OptionalString("run_link", version.run_link, w);
  if (!version.aliases.empty()) {
    w.Key("aliases");
    w.BeginArray();
    for (const std::string& alias : version.aliases) w.String(alias);
    w.EndArray();
  }
  w.EndObject();
}

void RegistryEntityWriter::ModelVersions(std::string_view key,
                                         const std::vector<ml::ModelVersion>& versions,
                                         JsonWriter& w) {
  if (versions.empty()) return;
  w.Key(key);
  w.BeginArray();
  for (const ml::ModelVersion& version : versions) ModelVersion(version, w);
  w.EndArray();
}

void RegistryEntityWriter::RegisteredModel(const ml::RegisteredModel& model, JsonWriter& w) {
  w.BeginObject();
  MlflowEntityWriter::OptionalString("name", model.name, w);
  OptionalTime("creation_timestamp", model.creation_timestamp, w);
  OptionalTime("last_updated_timestamp", model.last_updated_timestamp, w);
  MlflowEntityWriter::OptionalString("user_id", model.user_id, w);
  MlflowEntityWriter::OptionalString("description", model.description, w);
  ModelVersions("latest_versions", model.latest_versions, w);
  Tags(model.tags, w);
  if (!model.aliases.empty()) {
    w.Key("aliases");
    w.BeginArray();
    for (const ml::RegisteredModelAlias& alias : model.aliases) {
      w.BeginObject();
      MlflowEntityWriter::OptionalString("alias", alias.alias, w);
      MlflowEntityWriter::OptionalString("version", alias.version, w);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void RegistryEntityWriter::RegisteredModelResponse(const ml::RegisteredModel& model,
                                                   JsonWriter& w) {
  w.BeginObject();
  w.Key("registered_model");
  RegisteredModel(model, w);
  w.EndObject();
}

void RegistryEntityWriter::ModelVersionResponse(const ml::ModelVersion& version, JsonWriter& w) {
  w.BeginObject();
  w.Key("model_version");
  ModelVersion(version, w);
  w.EndObject();
}

}  // namespace lakeml::server
