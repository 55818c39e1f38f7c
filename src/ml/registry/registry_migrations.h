// RegistryMigrations: the "registry" component's schema steps in lakeml.db (see
// metastore::Migrations), beside the tracking component's tables. Steps are only appended; a
// released step never changes.
//
// Tables (prefix mlflow_): registered_models, registered_model_tags, model_versions,
// model_version_tags, registered_model_aliases. Registered models have an internal integer key
// (model_key) that the other tables reference, so a rename updates one row. A deleted model
// version keeps its row in stage Deleted_Internal (as MLflow's), so version numbers are never
// reused; deleting a registered model deletes its rows (ON DELETE CASCADE).
// Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

namespace lakeml::ml {

class RegistryMigrations {
 public:
  static constexpr std::string_view kComponent = "registry";
  static const std::vector<std::string_view>& Steps();
};

}  // namespace lakeml::ml
