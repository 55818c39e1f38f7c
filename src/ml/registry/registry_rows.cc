#include "ml/registry/registry_rows.h"

#include <algorithm>

#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {

Result<std::optional<int64_t>> RegistryRows::LookupModelKey(TrackingConnection& conn,
                                                            std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, conn.Get("SELECT model_key FROM mlflow_registered_models WHERE name = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, name));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->ColumnInt64(0));
}

Result<int64_t> RegistryRows::FindModelKey(TrackingConnection& conn, std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> key, LookupModelKey(conn, name));
  if (!key.has_value()) {
    return MlflowError::ResourceDoesNotExist("Registered Model with name=", name, " not found");
  }
  return *key;
}

Status RegistryRows::CheckVersion(TrackingConnection& conn, int64_t model_key,
                                  std::string_view name, int64_t version,
                                  std::string_view version_text) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          conn.Get("SELECT 1 FROM mlflow_model_versions WHERE model_key = ? AND "
                                   "version = ? AND current_stage != 'Deleted_Internal'"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, version));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (row) return Status::OK();
  return MlflowError::ResourceDoesNotExist("Model Version (name=", name, ", version=", version_text,
                                           ") not found");
}

Result<int64_t> RegistryRows::FindVersion(TrackingConnection& conn, std::string_view name,
                                          int64_t version, std::string_view version_text) {
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> key, LookupModelKey(conn, name));
  if (!key.has_value()) {
    return MlflowError::ResourceDoesNotExist("Model Version (name=", name,
                                             ", version=", version_text, ") not found");
  }
  LAKEML_RETURN_IF_ERROR(CheckVersion(conn, *key, name, version, version_text));
  return *key;
}

Status RegistryRows::TouchModel(TrackingConnection& conn, int64_t model_key, int64_t now) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_registered_models SET "
                                              "last_updated_time = ? WHERE model_key = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, now));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, model_key));
  return stmt->Run();
}

ModelVersion RegistryRows::ReadVersion(const metastore::SqliteStatement& stmt, int64_t* model_key) {
  ModelVersion v;
  v.name = stmt.ColumnText(0);
  v.version = StrCat(stmt.ColumnInt64(1));
  v.creation_timestamp = stmt.ColumnInt64(2);
  v.last_updated_timestamp = stmt.ColumnInt64(3);
  v.user_id = stmt.ColumnText(4);
  v.current_stage = stmt.ColumnText(5);
  v.description = stmt.ColumnText(6);
  v.source = stmt.ColumnText(7);
  v.run_id = stmt.ColumnText(8);
  v.status = stmt.ColumnText(9);
  v.status_message = stmt.ColumnText(10);
  v.run_link = stmt.ColumnText(11);
  *model_key = stmt.ColumnInt64(12);
  return v;
}

RegisteredModel RegistryRows::ReadModel(const metastore::SqliteStatement& stmt,
                                        int64_t* model_key) {
  RegisteredModel m;
  *model_key = stmt.ColumnInt64(0);
  m.name = stmt.ColumnText(1);
  m.creation_timestamp = stmt.ColumnInt64(2);
  m.last_updated_timestamp = stmt.ColumnInt64(3);
  m.description = stmt.ColumnText(4);
  return m;
}

Status RegistryRows::LoadVersionDetails(TrackingConnection& conn, int64_t model_key,
                                        ModelVersion* version) {
  const int64_t number = std::stoll(version->version);
  {
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("SELECT key, value FROM mlflow_model_version_tags WHERE "
                                     "model_key = ? AND version = ? ORDER BY key"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, number));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      version->tags.push_back(ModelVersionTag{stmt->ColumnText(0), stmt->ColumnText(1)});
    }
  }
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          conn.Get("SELECT alias FROM mlflow_registered_model_aliases WHERE "
                                   "model_key = ? AND version = ? ORDER BY alias"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, number));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return Status::OK();
    version->aliases.push_back(stmt->ColumnText(0));
  }
}

Status RegistryRows::LoadModelDetails(TrackingConnection& conn, int64_t model_key,
                                      RegisteredModel* model) {
  {
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("SELECT key, value FROM mlflow_registered_model_tags WHERE "
                                     "model_key = ? ORDER BY key"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      model->tags.push_back(RegisteredModelTag{stmt->ColumnText(0), stmt->ColumnText(1)});
    }
  }
  {
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("SELECT alias, version FROM mlflow_registered_model_aliases "
                                     "WHERE model_key = ? ORDER BY alias"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      model->aliases.push_back(
          RegisteredModelAlias{stmt->ColumnText(0), StrCat(stmt->ColumnInt64(1))});
    }
  }
  // The highest version per stage (MLflow's latest_versions), by version.
  std::vector<int64_t> latest;
  {
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt, conn.Get("SELECT max(version) FROM mlflow_model_versions WHERE model_key = ? "
                            "AND current_stage != 'Deleted_Internal' GROUP BY current_stage"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      latest.push_back(stmt->ColumnInt64(0));
    }
  }
  std::sort(latest.begin(), latest.end());
  for (int64_t version : latest) {
    LAKEML_ASSIGN_OR_RETURN(ModelVersion v, LoadVersion(conn, model_key, version));
    model->latest_versions.push_back(std::move(v));
  }
  return Status::OK();
}

Result<RegisteredModel> RegistryRows::LoadModel(TrackingConnection& conn, int64_t model_key) {
  static const std::string sql =
      StrCat("SELECT ", kModelColumns, " FROM mlflow_registered_models m WHERE m.model_key = ?");
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return Status::Internal(StrCat("Registered model row missing: ", model_key));
  int64_t key = 0;
  RegisteredModel model = ReadModel(*stmt, &key);
  LAKEML_RETURN_IF_ERROR(LoadModelDetails(conn, model_key, &model));
  return model;
}

Result<ModelVersion> RegistryRows::LoadVersion(TrackingConnection& conn, int64_t model_key,
                                               int64_t version) {
  static const std::string sql =
      StrCat("SELECT ", kVersionColumns,
             " FROM mlflow_model_versions v JOIN mlflow_registered_models m ON m.model_key = "
             "v.model_key WHERE v.model_key = ? AND v.version = ?");
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, version));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return Status::Internal(StrCat("Model version row missing: ", model_key, "/", version));
  int64_t key = 0;
  ModelVersion v = ReadVersion(*stmt, &key);
  LAKEML_RETURN_IF_ERROR(LoadVersionDetails(conn, model_key, &v));
  return v;
}

}  // namespace lakeml::ml
