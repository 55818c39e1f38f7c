// ModelRegistryStore: MLflow's model registry (registered models, model versions, their tags
// and aliases, stages) in the warehouse metadata database (lakeml.db, migration component
// "registry", beside the tracking store's tables).
//
// Every public operation maps 1:1 onto an MLflow model registry REST operation
// (mlflow/protos/model_registry.proto) and follows MLflow's SQLAlchemy registry store:
// validation, defaults, page tokens, error codes and messages. Errors are MlflowError statuses
// (ml/tracking/mlflow_error.h).
//
// Model versions are numbered 1, 2, ... per registered model; a deleted version keeps its row
// (redacted, stage Deleted_Internal) so its number is never given out again, as in MLflow.
// Deleting a registered model deletes its versions, tags and aliases.
//
// Connections are the tracking store's kinds: writes go through a GroupCommitter (one writer
// connection; concurrent writes share one transaction; a write returns only after its
// transaction committed); reads use a ConnectionPool of WAL readers. A TrackingStore and a
// ModelRegistryStore may be open on one lakeml.db in one process or in several: SQLite
// serializes their writers (busy timeout).
//
// Thread-safety: thread-safe. Ownership: owns its connections.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "ml/registry/registry_entities.h"

namespace lakeml::ml {

class ConnectionPool;
class GroupCommitter;
struct TrackingConnection;

struct ModelRegistryStoreOptions {
  // The metadata database, normally <warehouse>/lakeml.db; its directory must exist.
  std::string db_path;
  // synchronous=FULL: an acknowledged write survives power loss (see docs/decisions/0026).
  bool power_loss_durable = false;
  // Most read connections open at once.
  size_t max_readers = 8;
};

class ModelRegistryStore {
 public:
  // Opens (creating and migrating the registry tables when needed) the store.
  static Result<std::unique_ptr<ModelRegistryStore>> Open(const ModelRegistryStoreOptions& options);
  ~ModelRegistryStore();
  ModelRegistryStore(const ModelRegistryStore&) = delete;
  ModelRegistryStore& operator=(const ModelRegistryStore&) = delete;

  // --- Registered models (registered_model_operations.cc) ---
  Result<RegisteredModel> CreateRegisteredModel(std::string_view name,
                                                const std::vector<RegisteredModelTag>& tags,
                                                std::string_view description);
  // With latest_versions (per stage), tags and aliases.
  Result<RegisteredModel> GetRegisteredModel(std::string_view name);
  // Renames the model; its versions, tags and aliases move with it.
  Result<RegisteredModel> RenameRegisteredModel(std::string_view name, std::string_view new_name);
  // Sets the description.
  Result<RegisteredModel> UpdateRegisteredModel(std::string_view name,
                                                std::string_view description);
  Status DeleteRegisteredModel(std::string_view name);
  Status SetRegisteredModelTag(std::string_view name, const RegisteredModelTag& tag);
  // Deleting a key the model does not have is not an error (as in MLflow).
  Status DeleteRegisteredModelTag(std::string_view name, std::string_view key);
  // Points `alias` at `version` (moving it when it pointed elsewhere).
  Status SetRegisteredModelAlias(std::string_view name, std::string_view alias,
                                 std::string_view version);
  Status DeleteRegisteredModelAlias(std::string_view name, std::string_view alias);
  // The latest version in each of `stages` (all stages when empty); stages are
  // case-insensitive.
  Result<std::vector<ModelVersion>> GetLatestVersions(std::string_view name,
                                                      const std::vector<std::string>& stages);

  // --- Model versions (model_version_operations.cc) ---
  // The next version number, stage None, status READY. A `models:/<name>/<version>` or
  // `models:/<name>@<alias>` source stores that version's download URI as its location.
  Result<ModelVersion> CreateModelVersion(const CreateModelVersionRequest& request);
  Result<ModelVersion> GetModelVersion(std::string_view name, std::string_view version);
  Result<ModelVersion> UpdateModelVersion(std::string_view name, std::string_view version,
                                          std::string_view description);
  Status DeleteModelVersion(std::string_view name, std::string_view version);
  Status SetModelVersionTag(std::string_view name, std::string_view version,
                            const ModelVersionTag& tag);
  Status DeleteModelVersionTag(std::string_view name, std::string_view version,
                               std::string_view key);
  // Moves the version to `stage`; with archive_existing_versions (Staging and Production only)
  // the model's other versions in that stage move to Archived.
  Result<ModelVersion> TransitionModelVersionStage(std::string_view name, std::string_view version,
                                                   std::string_view stage,
                                                   bool archive_existing_versions);
  // The version's storage location (its source unless the source was a models:/ URI).
  Result<std::string> GetModelVersionDownloadUri(std::string_view name, std::string_view version);
  Result<ModelVersion> GetModelVersionByAlias(std::string_view name, std::string_view alias);

  // --- Search (registry_search.cc) ---
  Result<SearchRegisteredModelsPage> SearchRegisteredModels(
      const SearchRegisteredModelsRequest& request);
  Result<SearchModelVersionsPage> SearchModelVersions(const SearchModelVersionsRequest& request);

  GroupCommitter& committer() { return *committer_; }

 private:
  ModelRegistryStore(std::unique_ptr<GroupCommitter> committer,
                     std::unique_ptr<ConnectionPool> readers);

  std::unique_ptr<GroupCommitter> committer_;
  std::unique_ptr<ConnectionPool> readers_;
};

}  // namespace lakeml::ml
