// RegistryRows: the queries the model registry's operations share: finding a registered model's
// internal key by name, checking that a version exists, and loading RegisteredModel and
// ModelVersion entities (with tags, aliases and latest versions) from the registry tables.
// Thread-safety: stateless functions over a connection the caller holds (inside its read or
// write transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "metastore/sqlite_statement.h"
#include "ml/registry/registry_entities.h"
#include "ml/tracking/tracking_connection.h"

namespace lakeml::ml {

class RegistryRows {
 public:
  // DO NOT CHANGE the order without ReadVersion(): the columns it expects; tables aliased v
  // (mlflow_model_versions) and m (mlflow_registered_models).
  static constexpr std::string_view kVersionColumns =
      "m.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, "
      "v.description, v.source, v.run_id, v.status, v.status_message, v.run_link, v.model_key";
  static constexpr std::string_view kModelColumns =
      "m.model_key, m.name, m.creation_time, m.last_updated_time, m.description";

  // The model's key, or nullopt when there is no model named `name`.
  static Result<std::optional<int64_t>> LookupModelKey(TrackingConnection& conn,
                                                       std::string_view name);
  // The model's key; RESOURCE_DOES_NOT_EXIST "Registered Model with name=<name> not found".
  static Result<int64_t> FindModelKey(TrackingConnection& conn, std::string_view name);
  // RESOURCE_DOES_NOT_EXIST "Model Version (name=<name>, version=<version>) not found" unless
  // the model has the (not deleted) version.
  static Status CheckVersion(TrackingConnection& conn, int64_t model_key, std::string_view name,
                             int64_t version, std::string_view version_text);
  // The key of the model that has the (not deleted) version; RESOURCE_DOES_NOT_EXIST
  // "Model Version (name=<name>, version=<version>) not found" otherwise (also when there is no
  // such model, as in MLflow).
  static Result<int64_t> FindVersion(TrackingConnection& conn, std::string_view name,
                                     int64_t version, std::string_view version_text);
  // Sets the model's last_updated_time.
  static Status TouchModel(TrackingConnection& conn, int64_t model_key, int64_t now);

  // Reads kVersionColumns starting at column 0 (no tags or aliases); sets *model_key.
  static ModelVersion ReadVersion(const metastore::SqliteStatement& stmt, int64_t* model_key);
  // Reads kModelColumns starting at column 0 (no tags, aliases or versions).
  static RegisteredModel ReadModel(const metastore::SqliteStatement& stmt, int64_t* model_key);
  // Adds the version's tags and aliases.
  static Status LoadVersionDetails(TrackingConnection& conn, int64_t model_key,
                                   ModelVersion* version);
  // Adds the model's tags, aliases and latest versions.
  static Status LoadModelDetails(TrackingConnection& conn, int64_t model_key,
                                 RegisteredModel* model);
  // The full entities, by key. REQUIRES: the model (and version) exist.
  static Result<RegisteredModel> LoadModel(TrackingConnection& conn, int64_t model_key);
  static Result<ModelVersion> LoadVersion(TrackingConnection& conn, int64_t model_key,
                                          int64_t version);
};

}  // namespace lakeml::ml
