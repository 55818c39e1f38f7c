// ModelRegistryStore: model version operations (create, get, update, delete, tags, stage
// transitions, download URI, get by alias).
#include "base/clock.h"
#include "ml/registry/model_registry_store.h"
#include "ml/registry/registry_limits.h"
#include "ml/registry/registry_rows.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

constexpr std::string_view kModelsScheme = "models:/";

// The stored location of a version: its storage_location, else its source.
Result<std::string> VersionLocation(TrackingConnection& conn, int64_t model_key, int64_t version) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          conn.Get("SELECT storage_location, source FROM mlflow_model_versions "
                                   "WHERE model_key = ? AND version = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, version));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return Status::Internal(StrCat("Model version row missing: ", model_key));
  std::string location = stmt->ColumnText(0);
  return location.empty() ? stmt->ColumnText(1) : location;
}

// The version `alias` of model `model_key` points at, or nullopt.
Result<std::optional<int64_t>> AliasVersion(TrackingConnection& conn, int64_t model_key,
                                            std::string_view alias) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("SELECT version FROM mlflow_registered_model_aliases "
                                              "WHERE model_key = ? AND alias = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, alias));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->ColumnInt64(0));
}

// For a models:/<name>/<version> or models:/<name>@<alias> source, the location of that
// version (MLflow stores it as the new version's storage location); "" for other sources.
Result<std::string> ResolveModelsUri(TrackingConnection& conn, std::string_view source) {
  if (source.substr(0, kModelsScheme.size()) != kModelsScheme) return std::string();
  const std::string_view path = source.substr(kModelsScheme.size());
  auto unable = [&]() {
    return MlflowError::InvalidParameterValue(
        "Unable to fetch model from model URI source artifact location '", source, "'.");
  };
  const size_t at = path.rfind('@');
  const size_t slash = path.rfind('/');
  if (at != std::string_view::npos && (slash == std::string_view::npos || at > slash)) {
    const std::string_view name = path.substr(0, at);
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> key, RegistryRows::LookupModelKey(conn, name));
    if (!key.has_value()) return unable();
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                            AliasVersion(conn, *key, path.substr(at + 1)));
    if (!version.has_value()) return unable();
    return VersionLocation(conn, *key, *version);
  }
  if (slash == std::string_view::npos) return unable();
  const std::string_view name = path.substr(0, slash);
  auto version = RegistryLimits::ParseVersion(path.substr(slash + 1));
  if (!version.ok()) return unable();
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> key, RegistryRows::LookupModelKey(conn, name));
  if (!key.has_value()) return unable();
  if (!RegistryRows::CheckVersion(conn, *key, name, *version, "").ok()) return unable();
  return VersionLocation(conn, *key, *version);
}

Status UpsertModelVersionTag(TrackingConnection& conn, int64_t model_key, int64_t version,
                             const ModelVersionTag& tag) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      conn.Get("INSERT INTO mlflow_model_version_tags (model_key, version, key, value) VALUES (?, "
               "?, ?, ?) ON CONFLICT (model_key, version, key) DO UPDATE SET value = "
               "excluded.value"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, version));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, tag.key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(4, tag.value));
  return stmt->Run();
}

// Deletes the rows of `sql` ("DELETE ... WHERE model_key = ? AND version = ?").
Status DeleteVersionRows(TrackingConnection& conn, std::string_view sql, int64_t model_key,
                         int64_t version) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, version));
  return stmt->Run();
}

}  // namespace

Result<ModelVersion> ModelRegistryStore::CreateModelVersion(
    const CreateModelVersionRequest& request) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(request.name));
  if (request.source.empty()) {
    return MlflowError::InvalidParameterValue("Missing value for required parameter 'source'.");
  }
  for (const ModelVersionTag& tag : request.tags) {
    LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTag(tag.key, tag.value));
  }
  ModelVersion created;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, request.name));
    LAKEML_ASSIGN_OR_RETURN(std::string storage_location, ResolveModelsUri(conn, request.source));
    // Deleted versions keep their rows, so a number is never given out twice.
    LAKEML_ASSIGN_OR_RETURN(auto next, conn.Get("SELECT coalesce(max(version), 0) + 1 FROM "
                                                "mlflow_model_versions WHERE model_key = ?"));
    LAKEML_RETURN_IF_ERROR(next->Bind(1, model_key));
    LAKEML_ASSIGN_OR_RETURN(bool row, next->Step());
    if (!row) return Status::Internal("max(version) returned no row");
    const int64_t version = next->ColumnInt64(0);
    const int64_t now = NowMillis();
    LAKEML_ASSIGN_OR_RETURN(
        auto insert,
        conn.Get("INSERT INTO mlflow_model_versions (model_key, version, creation_time, "
                 "last_updated_time, description, current_stage, source, run_id, run_link, "
                 "status, storage_location) VALUES (?, ?, ?, ?, ?, 'None', ?, ?, ?, 'READY', ?)"));
    LAKEML_RETURN_IF_ERROR(insert->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(insert->Bind(2, version));
    LAKEML_RETURN_IF_ERROR(insert->Bind(3, now));
    LAKEML_RETURN_IF_ERROR(insert->Bind(4, now));
    LAKEML_RETURN_IF_ERROR(insert->Bind(5, request.description));
    LAKEML_RETURN_IF_ERROR(insert->Bind(6, request.source));
    LAKEML_RETURN_IF_ERROR(insert->Bind(7, request.run_id));
    LAKEML_RETURN_IF_ERROR(insert->Bind(8, request.run_link));
    LAKEML_RETURN_IF_ERROR(insert->Bind(9, storage_location));
    LAKEML_RETURN_IF_ERROR(insert->Run());
    for (const ModelVersionTag& tag : request.tags) {
      LAKEML_RETURN_IF_ERROR(UpsertModelVersionTag(conn, model_key, version, tag));
    }
    LAKEML_RETURN_IF_ERROR(RegistryRows::TouchModel(conn, model_key, now));
    LAKEML_ASSIGN_OR_RETURN(created, RegistryRows::LoadVersion(conn, model_key, version));
    return Status::OK();
  }));
  return created;
}

Result<ModelVersion> ModelRegistryStore::GetModelVersion(std::string_view name,
                                                         std::string_view version) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  ModelVersion out;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(*conn, name, number, version));
    LAKEML_ASSIGN_OR_RETURN(out, RegistryRows::LoadVersion(*conn, model_key, number));
    return Status::OK();
  }));
  return out;
}

Result<ModelVersion> ModelRegistryStore::UpdateModelVersion(std::string_view name,
                                                            std::string_view version,
                                                            std::string_view description) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  ModelVersion out;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(conn, name, number, version));
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("UPDATE mlflow_model_versions SET description = ?, "
                                     "last_updated_time = ? WHERE model_key = ? AND version = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, description));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, NowMillis()));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(4, number));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    LAKEML_ASSIGN_OR_RETURN(out, RegistryRows::LoadVersion(conn, model_key, number));
    return Status::OK();
  }));
  return out;
}

Status ModelRegistryStore::DeleteModelVersion(std::string_view name, std::string_view version) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(conn, name, number, version));
    const int64_t now = NowMillis();
    LAKEML_RETURN_IF_ERROR(RegistryRows::TouchModel(conn, model_key, now));
    LAKEML_RETURN_IF_ERROR(DeleteVersionRows(
        conn, "DELETE FROM mlflow_registered_model_aliases WHERE model_key = ? AND version = ?",
        model_key, number));
    LAKEML_RETURN_IF_ERROR(DeleteVersionRows(
        conn, "DELETE FROM mlflow_model_version_tags WHERE model_key = ? AND version = ?",
        model_key, number));
    // The row stays, redacted as MLflow does, so that the number is never reused.
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt, conn.Get("UPDATE mlflow_model_versions SET current_stage = 'Deleted_Internal', "
                            "last_updated_time = ?, description = '', user_id = '', source = "
                            "'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID', run_link = "
                            "'REDACTED-RUN-LINK', status_message = '', storage_location = '' WHERE "
                            "model_key = ? AND version = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, now));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, number));
    return stmt->Run();
  });
}

Status ModelRegistryStore::SetModelVersionTag(std::string_view name, std::string_view version,
                                              const ModelVersionTag& tag) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTag(tag.key, tag.value));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(conn, name, number, version));
    return UpsertModelVersionTag(conn, model_key, number, tag);
  });
}

Status ModelRegistryStore::DeleteModelVersionTag(std::string_view name, std::string_view version,
                                                 std::string_view key) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTagKey(key));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(conn, name, number, version));
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("DELETE FROM mlflow_model_version_tags WHERE "
                                                "model_key = ? AND version = ? AND key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, number));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, key));
    return stmt->Run();
  });
}

Result<ModelVersion> ModelRegistryStore::TransitionModelVersionStage(
    std::string_view name, std::string_view version, std::string_view stage,
    bool archive_existing_versions) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  LAKEML_ASSIGN_OR_RETURN(std::string canonical, RegistryLimits::CanonicalStage(stage));
  if (archive_existing_versions && !RegistryLimits::IsActiveStage(canonical)) {
    // MLflow answers this with INTERNAL_ERROR; a client's mistake is 400 here (decision 0030).
    return MlflowError::InvalidParameterValue(
        "Model version transition cannot archive existing model versions because '", stage,
        "' is not an Active stage. Valid stages are ['Staging', 'Production']");
  }
  ModelVersion out;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(conn, name, number, version));
    const int64_t now = NowMillis();
    if (archive_existing_versions) {
      LAKEML_ASSIGN_OR_RETURN(
          auto archive, conn.Get("UPDATE mlflow_model_versions SET current_stage = 'Archived', "
                                 "last_updated_time = ? WHERE model_key = ? AND version != ? AND "
                                 "current_stage = ?"));
      LAKEML_RETURN_IF_ERROR(archive->Bind(1, now));
      LAKEML_RETURN_IF_ERROR(archive->Bind(2, model_key));
      LAKEML_RETURN_IF_ERROR(archive->Bind(3, number));
      LAKEML_RETURN_IF_ERROR(archive->Bind(4, canonical));
      LAKEML_RETURN_IF_ERROR(archive->Run());
    }
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("UPDATE mlflow_model_versions SET current_stage = ?, "
                                     "last_updated_time = ? WHERE model_key = ? AND version = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, canonical));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, now));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(4, number));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    LAKEML_RETURN_IF_ERROR(RegistryRows::TouchModel(conn, model_key, now));
    LAKEML_ASSIGN_OR_RETURN(out, RegistryRows::LoadVersion(conn, model_key, number));
    return Status::OK();
  }));
  return out;
}

Result<std::string> ModelRegistryStore::GetModelVersionDownloadUri(std::string_view name,
                                                                   std::string_view version) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  std::string uri;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key,
                            RegistryRows::FindVersion(*conn, name, number, version));
    LAKEML_ASSIGN_OR_RETURN(uri, VersionLocation(*conn, model_key, number));
    return Status::OK();
  }));
  return uri;
}

Result<ModelVersion> ModelRegistryStore::GetModelVersionByAlias(std::string_view name,
                                                                std::string_view alias) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateAlias(alias));
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  ModelVersion out;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> model_key,
                            RegistryRows::LookupModelKey(*conn, name));
    std::optional<int64_t> version;
    if (model_key.has_value()) {
      LAKEML_ASSIGN_OR_RETURN(version, AliasVersion(*conn, *model_key, alias));
    }
    if (!version.has_value()) {
      return MlflowError::InvalidParameterValue("Registered model alias ", alias, " not found.");
    }
    LAKEML_ASSIGN_OR_RETURN(out, RegistryRows::LoadVersion(*conn, *model_key, *version));
    return Status::OK();
  }));
  return out;
}

}  // namespace lakeml::ml
