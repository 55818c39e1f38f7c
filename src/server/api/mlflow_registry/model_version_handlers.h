// ModelVersionHandlers: MLflow's model-versions/* REST operations (create, get, update, delete,
// search, set-tag, delete-tag, transition-stage, get-download-uri) over a ModelRegistryStore.
// Request fields and responses as mlflow/protos/model_registry.proto; validation beyond field
// presence and types is the store's.
// Thread-safety: the routes share the store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/registry/model_registry_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class ModelVersionHandlers {
 public:
  // Adds the model-version routes ("/model-versions/create", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::ModelRegistryStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
