#include "server/api/mlflow_registry/model_version_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "ml/tracking/mlflow_error.h"
#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow_registry/registry_entity_writer.h"
#include "server/api/mlflow_registry/registry_handler.h"

namespace lakeml::server {
namespace {

using ml::ModelRegistryStore;

// The (name, version) pair every single-version operation names.
struct VersionKey {
  std::string_view name;
  std::string_view version;
};

Result<VersionKey> ReadVersionKey(const MlflowRequest& req) {
  VersionKey key;
  LAKEML_ASSIGN_OR_RETURN(key.name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(key.version, req.RequiredString("version"));
  return key;
}

// Python's urllib.parse.unquote_plus: '+' is a space, %XX a byte (kept as is when malformed).
std::string UnquotePlus(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
               hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// MLflow's server rejects a source that, percent-decoded until stable, has a ".." path segment
// or a NUL byte (handlers.py _validate_non_local_source_contains_relative_paths): a source is
// later read as a location, and must not climb out of it.
Status CheckSource(std::string_view source) {
  // MLflow decodes until stable; a cap on the passes keeps a hostile body ("%2525...")
  // linear. No real source is encoded that often, so hitting it counts as relative.
  constexpr int kMaxDecodePasses = 16;
  std::string decoded(source);
  bool stable = false;
  for (int pass = 0; pass < kMaxDecodePasses && !stable; ++pass) {
    std::string next = UnquotePlus(decoded);
    stable = next == decoded;
    decoded = std::move(next);
  }
  bool relative = !stable || decoded.find('\0') != std::string::npos;
  for (size_t start = 0; !relative && start <= decoded.size();) {
    const size_t end = std::min(decoded.find('/', start), decoded.size());
    relative = std::string_view(decoded).substr(start, end - start) == "..";
    start = end + 1;
  }
  if (!relative) return Status::OK();
  return ml::MlflowError::InvalidParameterValue(
      "Invalid model version source: '", source,
      "'. If supplying a source as an http, https, local file path, ftp, objectstore, or "
      "mlflow-artifacts uri, an absolute path must be provided without relative path references "
      "present. Please provide an absolute path.");
}

Result<std::string> OptionalStringValue(const MlflowRequest& req, std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, req.OptionalString(name));
  return std::string(value.value_or(""));
}

Status Create(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::CreateModelVersionRequest create;
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  create.name.assign(name);
  LAKEML_ASSIGN_OR_RETURN(std::string_view source, req.RequiredString("source"));
  LAKEML_RETURN_IF_ERROR(CheckSource(source));
  create.source.assign(source);
  LAKEML_ASSIGN_OR_RETURN(create.run_id, OptionalStringValue(req, "run_id"));
  LAKEML_ASSIGN_OR_RETURN(create.tags, RegistryHandler::Tags<ml::ModelVersionTag>(req, "tags"));
  LAKEML_ASSIGN_OR_RETURN(create.run_link, OptionalStringValue(req, "run_link"));
  LAKEML_ASSIGN_OR_RETURN(create.description, OptionalStringValue(req, "description"));
  LAKEML_ASSIGN_OR_RETURN(ml::ModelVersion version, store.CreateModelVersion(create));
  RegistryEntityWriter::ModelVersionResponse(version, out);
  return Status::OK();
}

Status Get(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(ml::ModelVersion version, store.GetModelVersion(key.name, key.version));
  RegistryEntityWriter::ModelVersionResponse(version, out);
  return Status::OK();
}

Status Update(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(std::string description, OptionalStringValue(req, "description"));
  LAKEML_ASSIGN_OR_RETURN(ml::ModelVersion version,
                          store.UpdateModelVersion(key.name, key.version, description));
  RegistryEntityWriter::ModelVersionResponse(version, out);
  return Status::OK();
}

Status Delete(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_RETURN_IF_ERROR(store.DeleteModelVersion(key.name, key.version));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Search(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::SearchModelVersionsRequest search;
  LAKEML_RETURN_IF_ERROR(RegistryHandler::ReadSearch(req, search));
  LAKEML_ASSIGN_OR_RETURN(ml::SearchModelVersionsPage page, store.SearchModelVersions(search));
  out.BeginObject();
  RegistryEntityWriter::ModelVersions("model_versions", page.model_versions, out);
  MlflowEntityWriter::OptionalString("next_page_token", page.next_page_token, out);
  out.EndObject();
  return Status::OK();
}

Status SetTag(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(std::string_view tag_key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::string value, OptionalStringValue(req, "value"));
  LAKEML_RETURN_IF_ERROR(store.SetModelVersionTag(
      key.name, key.version, ml::ModelVersionTag{std::string(tag_key), std::move(value)}));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status DeleteTag(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(std::string_view tag_key, req.RequiredString("key"));
  LAKEML_RETURN_IF_ERROR(store.DeleteModelVersionTag(key.name, key.version, tag_key));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status TransitionStage(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(std::string_view stage, req.RequiredString("stage"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<bool> archive,
                          req.OptionalBool("archive_existing_versions"));
  LAKEML_ASSIGN_OR_RETURN(
      ml::ModelVersion version,
      store.TransitionModelVersionStage(key.name, key.version, stage, archive.value_or(false)));
  RegistryEntityWriter::ModelVersionResponse(version, out);
  return Status::OK();
}

Status GetDownloadUri(ModelRegistryStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(VersionKey key, ReadVersionKey(req));
  LAKEML_ASSIGN_OR_RETURN(std::string uri, store.GetModelVersionDownloadUri(key.name, key.version));
  out.BeginObject();
  MlflowEntityWriter::OptionalString("artifact_uri", uri, out);
  out.EndObject();
  return Status::OK();
}

}  // namespace

void ModelVersionHandlers::AddRoutes(const std::shared_ptr<ml::ModelRegistryStore>& store,
                                     RouteTable& table) {
  const auto add = [&](HttpMethod method, std::string_view pattern,
                       RegistryHandler::StoreOperation operation) {
    RegistryHandler::AddRoute(table, method, pattern, store, operation);
  };
  // Methods as model_registry.proto's rpc options (MLflow 2.x).
  add(HttpMethod::kPost, "/model-versions/create", &Create);
  add(HttpMethod::kGet, "/model-versions/get", &Get);
  add(HttpMethod::kPatch, "/model-versions/update", &Update);
  add(HttpMethod::kDelete, "/model-versions/delete", &Delete);
  add(HttpMethod::kGet, "/model-versions/search", &Search);
  add(HttpMethod::kPost, "/model-versions/set-tag", &SetTag);
  add(HttpMethod::kDelete, "/model-versions/delete-tag", &DeleteTag);
  RegistryHandler::AddRoute(table, HttpMethod::kPost, "/model-versions/transition-stage", store,
                            &TransitionStage);
  add(HttpMethod::kGet, "/model-versions/get-download-uri", &GetDownloadUri);
}

}  // namespace lakeml::server
