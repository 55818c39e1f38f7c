#include "server/api/mlflow_registry/registered_model_handlers.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow_registry/registry_entity_writer.h"
#include "server/api/mlflow_registry/registry_handler.h"

namespace lakeml::server {
namespace {

using ml::ModelRegistryStore;

Status Create(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::RegisteredModelTag> tags,
                          RegistryHandler::Tags<ml::RegisteredModelTag>(req, "tags"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> description,
                          req.OptionalString("description"));
  LAKEML_ASSIGN_OR_RETURN(ml::RegisteredModel model,
                          store.CreateRegisteredModel(name, tags, description.value_or("")));
  RegistryEntityWriter::RegisteredModelResponse(model, out);
  return Status::OK();
}

Status Get(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(ml::RegisteredModel model, store.GetRegisteredModel(name));
  RegistryEntityWriter::RegisteredModelResponse(model, out);
  return Status::OK();
}

Status Rename(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view new_name, req.RequiredString("new_name"));
  LAKEML_ASSIGN_OR_RETURN(ml::RegisteredModel model, store.RenameRegisteredModel(name, new_name));
  RegistryEntityWriter::RegisteredModelResponse(model, out);
  return Status::OK();
}

Status Update(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> description,
                          req.OptionalString("description"));
  LAKEML_ASSIGN_OR_RETURN(ml::RegisteredModel model,
                          store.UpdateRegisteredModel(name, description.value_or("")));
  RegistryEntityWriter::RegisteredModelResponse(model, out);
  return Status::OK();
}

Status Delete(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_RETURN_IF_ERROR(store.DeleteRegisteredModel(name));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Search(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::SearchRegisteredModelsRequest search;
  LAKEML_RETURN_IF_ERROR(RegistryHandler::ReadSearch(req, search));
  LAKEML_ASSIGN_OR_RETURN(ml::SearchRegisteredModelsPage page,
                          store.SearchRegisteredModels(search));
  out.BeginObject();
  if (!page.registered_models.empty()) {
    out.Key("registered_models");
    out.BeginArray();
    for (const ml::RegisteredModel& model : page.registered_models) {
      RegistryEntityWriter::RegisteredModel(model, out);
    }
    out.EndArray();
  }
  MlflowEntityWriter::OptionalString("next_page_token", page.next_page_token, out);
  out.EndObject();
  return Status::OK();
}

Status SetTag(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, req.OptionalString("value"));
  LAKEML_RETURN_IF_ERROR(store.SetRegisteredModelTag(
      name, ml::RegisteredModelTag{std::string(key), std::string(value.value_or(""))}));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status DeleteTag(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_RETURN_IF_ERROR(store.DeleteRegisteredModelTag(name, key));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status SetAlias(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view alias, req.RequiredString("alias"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view version, req.RequiredString("version"));
  LAKEML_RETURN_IF_ERROR(store.SetRegisteredModelAlias(name, alias, version));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status DeleteAlias(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view alias, req.RequiredString("alias"));
  LAKEML_RETURN_IF_ERROR(store.DeleteRegisteredModelAlias(name, alias));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status GetByAlias(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view alias, req.RequiredString("alias"));
  LAKEML_ASSIGN_OR_RETURN(ml::ModelVersion version, store.GetModelVersionByAlias(name, alias));
  RegistryEntityWriter::ModelVersionResponse(version, out);
  return Status::OK();
}

Status GetLatestVersions(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> stages, req.StringList("stages"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::ModelVersion> versions,
                          store.GetLatestVersions(name, stages));
  out.BeginObject();
  RegistryEntityWriter::ModelVersions("model_versions", versions, out);
  out.EndObject();
  return Status::OK();
}

}  // namespace

void RegisteredModelHandlers::AddRoutes(const std::shared_ptr<ml::ModelRegistryStore>& store,
                                        RouteTable& table) {
  const auto add = [&](HttpMethod method, std::string_view pattern,
                       RegistryHandler::StoreOperation operation) {
    RegistryHandler::AddRoute(table, method, pattern, store, operation);
  };
  // Methods as model_registry.proto's rpc options (MLflow 2.x).
  add(HttpMethod::kPost, "/registered-models/create", &Create);
  add(HttpMethod::kGet, "/registered-models/get", &Get);
  add(HttpMethod::kPost, "/registered-models/rename", &Rename);
  add(HttpMethod::kPatch, "/registered-models/update", &Update);
  add(HttpMethod::kDelete, "/registered-models/delete", &Delete);
  add(HttpMethod::kGet, "/registered-models/search", &Search);
  add(HttpMethod::kPost, "/registered-models/set-tag", &SetTag);
  add(HttpMethod::kDelete, "/registered-models/delete-tag", &DeleteTag);
  add(HttpMethod::kPost, "/registered-models/alias", &SetAlias);
  add(HttpMethod::kDelete, "/registered-models/alias", &DeleteAlias);
  add(HttpMethod::kGet, "/registered-models/alias", &GetByAlias);
  add(HttpMethod::kPost, "/registered-models/get-latest-versions", &GetLatestVersions);
  add(HttpMethod::kGet, "/registered-models/get-latest-versions", &GetLatestVersions);
}

}  // namespace lakeml::server
