#include "ml/registry/registry_migrations.h"

namespace lakeml::ml {
namespace {

// DO NOT CHANGE: stored in lakeml.db; add a migration instead.
// Portable SQL (SQLite and PostgreSQL) except WITHOUT ROWID, which a PostgreSQL schema drops.
constexpr std::string_view kRegistryStep1 = R"sql(
CREATE TABLE mlflow_registered_models (
  model_key INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mlflow_registered_models_updated
  ON mlflow_registered_models (last_updated_time, name);
CREATE TABLE mlflow_registered_model_tags (
  model_key INTEGER NOT NULL REFERENCES mlflow_registered_models (model_key) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (model_key, key)
) WITHOUT ROWID;
CREATE INDEX mlflow_registered_model_tags_key_value
  ON mlflow_registered_model_tags (key, value, model_key);
CREATE TABLE mlflow_model_versions (
  model_key INTEGER NOT NULL REFERENCES mlflow_registered_models (model_key) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL DEFAULT '',
  current_stage TEXT NOT NULL DEFAULT 'None'
    CHECK (current_stage IN ('None', 'Staging', 'Production', 'Archived', 'Deleted_Internal')),
  source TEXT NOT NULL DEFAULT '',
  run_id TEXT NOT NULL DEFAULT '',
  run_link TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'READY'
    CHECK (status IN ('PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY')),
  status_message TEXT NOT NULL DEFAULT '',
  storage_location TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (model_key, version)
) WITHOUT ROWID;
CREATE INDEX mlflow_model_versions_run ON mlflow_model_versions (run_id);
CREATE INDEX mlflow_model_versions_updated
  ON mlflow_model_versions (last_updated_time, model_key, version);
CREATE TABLE mlflow_model_version_tags (
  model_key INTEGER NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (model_key, version, key),
  FOREIGN KEY (model_key, version) REFERENCES mlflow_model_versions (model_key, version)
    ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX mlflow_model_version_tags_key_value
  ON mlflow_model_version_tags (key, value, model_key, version);
CREATE TABLE mlflow_registered_model_aliases (
  model_key INTEGER NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (model_key, alias),
  FOREIGN KEY (model_key, version) REFERENCES mlflow_model_versions (model_key, version)
    ON DELETE CASCADE
) WITHOUT ROWID;
)sql";

}  // namespace

const std::vector<std::string_view>& RegistryMigrations::Steps() {
  static const std::vector<std::string_view> steps = {kRegistryStep1};
  return steps;
}

}  // namespace lakeml::ml
