// ModelRegistryStore: registered model operations (create, get, rename, update, delete, tags,
// aliases, latest versions).
#include <algorithm>
#include <set>

#include "base/clock.h"
#include "ml/registry/model_registry_store.h"
#include "ml/registry/registry_limits.h"
#include "ml/registry/registry_rows.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

Status RegisteredModelNameTaken(std::string_view name) {
  return MlflowError::ResourceAlreadyExists("Registered Model (name=", name, ") already exists.");
}

Status UpsertRegisteredModelTag(TrackingConnection& conn, int64_t model_key,
                                const RegisteredModelTag& tag) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, conn.Get("INSERT INTO mlflow_registered_model_tags (model_key, key, value) "
                          "VALUES (?, ?, ?) ON CONFLICT (model_key, key) DO UPDATE SET value = "
                          "excluded.value"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, tag.key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, tag.value));
  return stmt->Run();
}

}  // namespace

Result<RegisteredModel> ModelRegistryStore::CreateRegisteredModel(
    std::string_view name, const std::vector<RegisteredModelTag>& tags,
    std::string_view description) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  for (const RegisteredModelTag& tag : tags) {
    LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTag(tag.key, tag.value));
  }
  RegisteredModel model;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> existing,
                            RegistryRows::LookupModelKey(conn, name));
    if (existing.has_value()) return RegisteredModelNameTaken(name);
    const int64_t now = NowMillis();
    LAKEML_ASSIGN_OR_RETURN(
        auto insert,
        conn.Get("INSERT INTO mlflow_registered_models (name, creation_time, last_updated_time, "
                 "description) VALUES (?, ?, ?, ?) RETURNING model_key"));
    LAKEML_RETURN_IF_ERROR(insert->Bind(1, name));
    LAKEML_RETURN_IF_ERROR(insert->Bind(2, now));
    LAKEML_RETURN_IF_ERROR(insert->Bind(3, now));
    LAKEML_RETURN_IF_ERROR(insert->Bind(4, description));
    LAKEML_ASSIGN_OR_RETURN(bool row, insert->Step());
    if (!row) return Status::Internal("INSERT ... RETURNING returned no row");
    const int64_t model_key = insert->ColumnInt64(0);
    LAKEML_ASSIGN_OR_RETURN(bool more, insert->Step());
    (void)more;
    // A later tag of a repeated key wins, as in MLflow's dict of tags.
    for (const RegisteredModelTag& tag : tags) {
      LAKEML_RETURN_IF_ERROR(UpsertRegisteredModelTag(conn, model_key, tag));
    }
    LAKEML_ASSIGN_OR_RETURN(model, RegistryRows::LoadModel(conn, model_key));
    return Status::OK();
  }));
  return model;
}

Result<RegisteredModel> ModelRegistryStore::GetRegisteredModel(std::string_view name) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  RegisteredModel model;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(*conn, name));
    LAKEML_ASSIGN_OR_RETURN(model, RegistryRows::LoadModel(*conn, model_key));
    return Status::OK();
  }));
  return model;
}

Result<RegisteredModel> ModelRegistryStore::RenameRegisteredModel(std::string_view name,
                                                                  std::string_view new_name) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(new_name, "new_name"));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  RegisteredModel model;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> existing,
                            RegistryRows::LookupModelKey(conn, new_name));
    if (existing.has_value() && *existing != model_key) return RegisteredModelNameTaken(new_name);
    const int64_t now = NowMillis();
    LAKEML_ASSIGN_OR_RETURN(auto rename, conn.Get("UPDATE mlflow_registered_models SET name = ?, "
                                                  "last_updated_time = ? WHERE model_key = ?"));
    LAKEML_RETURN_IF_ERROR(rename->Bind(1, new_name));
    LAKEML_RETURN_IF_ERROR(rename->Bind(2, now));
    LAKEML_RETURN_IF_ERROR(rename->Bind(3, model_key));
    LAKEML_RETURN_IF_ERROR(rename->Run());
    // MLflow touches every version of the renamed model (their name changed).
    LAKEML_ASSIGN_OR_RETURN(auto versions, conn.Get("UPDATE mlflow_model_versions SET "
                                                    "last_updated_time = ? WHERE model_key = ?"));
    LAKEML_RETURN_IF_ERROR(versions->Bind(1, now));
    LAKEML_RETURN_IF_ERROR(versions->Bind(2, model_key));
    LAKEML_RETURN_IF_ERROR(versions->Run());
    LAKEML_ASSIGN_OR_RETURN(model, RegistryRows::LoadModel(conn, model_key));
    return Status::OK();
  }));
  return model;
}

Result<RegisteredModel> ModelRegistryStore::UpdateRegisteredModel(std::string_view name,
                                                                  std::string_view description) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  RegisteredModel model;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_registered_models SET description "
                                                "= ?, last_updated_time = ? WHERE model_key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, description));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, NowMillis()));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    LAKEML_ASSIGN_OR_RETURN(model, RegistryRows::LoadModel(conn, model_key));
    return Status::OK();
  }));
  return model;
}

Status ModelRegistryStore::DeleteRegisteredModel(std::string_view name) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    // Versions, tags and aliases go with it (ON DELETE CASCADE).
    LAKEML_ASSIGN_OR_RETURN(auto stmt,
                            conn.Get("DELETE FROM mlflow_registered_models WHERE model_key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    return stmt->Run();
  });
}

Status ModelRegistryStore::SetRegisteredModelTag(std::string_view name,
                                                 const RegisteredModelTag& tag) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTag(tag.key, tag.value));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    return UpsertRegisteredModelTag(conn, model_key, tag);
  });
}

Status ModelRegistryStore::DeleteRegisteredModelTag(std::string_view name, std::string_view key) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateTagKey(key));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt,
        conn.Get("DELETE FROM mlflow_registered_model_tags WHERE model_key = ? AND key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, key));
    return stmt->Run();
  });
}

Status ModelRegistryStore::SetRegisteredModelAlias(std::string_view name, std::string_view alias,
                                                   std::string_view version) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateAlias(alias));
  LAKEML_ASSIGN_OR_RETURN(int64_t number, RegistryLimits::ParseVersion(version));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    LAKEML_RETURN_IF_ERROR(RegistryRows::CheckVersion(conn, model_key, name, number, version));
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt,
        conn.Get("INSERT INTO mlflow_registered_model_aliases (model_key, alias, version) VALUES "
                 "(?, ?, ?) ON CONFLICT (model_key, alias) DO UPDATE SET version = "
                 "excluded.version"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, alias));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, number));
    return stmt->Run();
  });
}

Status ModelRegistryStore::DeleteRegisteredModelAlias(std::string_view name,
                                                      std::string_view alias) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateAlias(alias));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(int64_t model_key, RegistryRows::FindModelKey(conn, name));
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt,
        conn.Get("DELETE FROM mlflow_registered_model_aliases WHERE model_key = ? AND alias = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, model_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, alias));
    return stmt->Run();
  });
}

Result<std::vector<ModelVersion>> ModelRegistryStore::GetLatestVersions(
    std::string_view name, const std::vector<std::string>& stages) {
  LAKEML_RETURN_IF_ERROR(RegistryLimits::ValidateModelName(name));
  std::set<std::string> wanted;
  for (const std::string& stage : stages) {
    LAKEML_ASSIGN_OR_RETURN(std::string canonical, RegistryLimits::CanonicalStage(stage));
    wanted.insert(std::move(canonical));
  }
  LAKEML_ASSIGN_OR_RETURN(RegisteredModel model, GetRegisteredModel(name));
  std::vector<ModelVersion> out;
  for (ModelVersion& v : model.latest_versions) {
    if (wanted.empty() || wanted.count(v.current_stage) > 0) out.push_back(std::move(v));
  }
  return out;
}

}  // namespace lakeml::ml
