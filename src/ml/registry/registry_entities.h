// Model registry entities: plain value types mirroring MLflow's model_registry.proto
// (RegisteredModel, ModelVersion, their tags and aliases), plus the request and page types of
// the registry's searches. Field names are the proto's; times are ms since the epoch; versions
// are decimal strings as on the wire.
// Thread-safety: thread-compatible value types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::ml {

// DO NOT CHANGE: MLflow's model version stages (mlflow/entities/model_registry/
// model_version_stages.py), stored in lakeml.db and sent on the wire.
inline constexpr std::string_view kStageNone = "None";
inline constexpr std::string_view kStageStaging = "Staging";
inline constexpr std::string_view kStageProduction = "Production";
inline constexpr std::string_view kStageArchived = "Archived";
// A deleted version keeps its row (so its number is never reused) in this stage; it is never
// returned. DO NOT CHANGE: stored in lakeml.db (MLflow's STAGE_DELETED_INTERNAL).
inline constexpr std::string_view kStageDeletedInternal = "Deleted_Internal";

// DO NOT CHANGE: MLflow's ModelVersionStatus wire names.
inline constexpr std::string_view kModelVersionReady = "READY";

struct RegisteredModelTag {
  std::string key;
  std::string value;
};

struct ModelVersionTag {
  std::string key;
  std::string value;
};

struct RegisteredModelAlias {
  std::string alias;
  std::string version;
};

struct ModelVersion {
  std::string name;
  std::string version;
  int64_t creation_timestamp = 0;
  int64_t last_updated_timestamp = 0;
  std::string user_id;
  std::string current_stage{kStageNone};
  std::string description;
  std::string source;
  std::string run_id;
  std::string status{kModelVersionReady};
  std::string status_message;
  std::vector<ModelVersionTag> tags;  // Sorted by key.
  std::string run_link;
  std::vector<std::string> aliases;  // Sorted.
};

struct RegisteredModel {
  std::string name;
  int64_t creation_timestamp = 0;
  int64_t last_updated_timestamp = 0;
  std::string user_id;
  std::string description;
  // The highest version in each stage that has one, ordered by version.
  std::vector<ModelVersion> latest_versions;
  std::vector<RegisteredModelTag> tags;       // Sorted by key.
  std::vector<RegisteredModelAlias> aliases;  // Sorted by alias.
};

// Arguments of create-model-version (model_registry.proto CreateModelVersion).
struct CreateModelVersionRequest {
  std::string name;
  std::string source;
  std::string run_id;
  std::vector<ModelVersionTag> tags;
  std::string run_link;
  std::string description;
};

struct SearchRegisteredModelsRequest {
  std::string filter;
  int64_t max_results = 100;  // MLflow's default.
  std::vector<std::string> order_by;
  std::string page_token;
};

struct SearchRegisteredModelsPage {
  std::vector<RegisteredModel> registered_models;
  std::string next_page_token;  // "" on the last page.
};

struct SearchModelVersionsRequest {
  std::string filter;
  int64_t max_results = 10000;  // MLflow's default.
  std::vector<std::string> order_by;
  std::string page_token;
};

struct SearchModelVersionsPage {
  std::vector<ModelVersion> model_versions;
  std::string next_page_token;  // "" on the last page.
};

}  // namespace lakeml::ml
