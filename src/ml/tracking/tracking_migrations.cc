#include "ml/tracking/tracking_migrations.h"

namespace lakeml::ml {
namespace {

// DO NOT CHANGE: stored in lakeml.db; add a migration instead.
// Portable SQL (SQLite and PostgreSQL) except WITHOUT ROWID, which a PostgreSQL schema drops.
constexpr std::string_view kTrackingStep1 = R"sql(
CREATE TABLE mlflow_experiments (
  experiment_id INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  artifact_location TEXT NOT NULL DEFAULT '',
  lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
  creation_time INTEGER,
  last_update_time INTEGER
);
CREATE INDEX mlflow_experiments_creation ON mlflow_experiments (creation_time, experiment_id);
CREATE TABLE mlflow_experiment_tags (
  experiment_id INTEGER NOT NULL REFERENCES mlflow_experiments (experiment_id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;
CREATE TABLE mlflow_runs (
  run_key INTEGER NOT NULL PRIMARY KEY,
  run_uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  experiment_id INTEGER NOT NULL REFERENCES mlflow_experiments (experiment_id),
  user_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'RUNNING'
    CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')),
  start_time INTEGER,
  end_time INTEGER,
  deleted_time INTEGER,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
  artifact_uri TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mlflow_runs_experiment_start
  ON mlflow_runs (experiment_id, start_time DESC, run_uuid);
CREATE TABLE mlflow_metrics (
  run_key INTEGER NOT NULL REFERENCES mlflow_runs (run_key) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step INTEGER NOT NULL DEFAULT 0,
  timestamp INTEGER NOT NULL,
  value REAL NOT NULL,
  is_nan INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_key, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;
CREATE TABLE mlflow_latest_metrics (
  run_key INTEGER NOT NULL REFERENCES mlflow_runs (run_key) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  timestamp INTEGER NOT NULL,
  step INTEGER NOT NULL,
  is_nan INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_key, key)
) WITHOUT ROWID;
CREATE INDEX mlflow_latest_metrics_key_value ON mlflow_latest_metrics (key, value, run_key);
CREATE TABLE mlflow_params (
  run_key INTEGER NOT NULL REFERENCES mlflow_runs (run_key) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_key, key)
) WITHOUT ROWID;
CREATE INDEX mlflow_params_key_value ON mlflow_params (key, value, run_key);
CREATE TABLE mlflow_tags (
  run_key INTEGER NOT NULL REFERENCES mlflow_runs (run_key) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_key, key)
) WITHOUT ROWID;
CREATE INDEX mlflow_tags_key_value ON mlflow_tags (key, value, run_key);
CREATE TABLE mlflow_datasets (
  dataset_uuid TEXT NOT NULL PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES mlflow_experiments (experiment_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  digest TEXT NOT NULL,
  source_type TEXT NOT NULL,
  source TEXT NOT NULL,
  schema TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL DEFAULT '',
  UNIQUE (experiment_id, name, digest)
);
CREATE TABLE mlflow_inputs (
  input_uuid TEXT NOT NULL PRIMARY KEY,
  dataset_uuid TEXT NOT NULL REFERENCES mlflow_datasets (dataset_uuid) ON DELETE CASCADE,
  run_key INTEGER NOT NULL REFERENCES mlflow_runs (run_key) ON DELETE CASCADE,
  UNIQUE (run_key, dataset_uuid)
);
CREATE TABLE mlflow_input_tags (
  input_uuid TEXT NOT NULL REFERENCES mlflow_inputs (input_uuid) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (input_uuid, name)
) WITHOUT ROWID;
)sql";

}  // namespace

const std::vector<std::string_view>& TrackingMigrations::Steps() {
  static const std::vector<std::string_view> steps = {kTrackingStep1};
  return steps;
}

}  // namespace lakeml::ml
