// RegisteredModelHandlers: MLflow's registered-models/* REST operations (create, get, rename,
// update, delete, search, set-tag, delete-tag, alias set/get/delete, get-latest-versions) over a
// ModelRegistryStore. Request fields and responses as mlflow/protos/model_registry.proto;
// validation beyond field presence and types is the store's.
// Thread-safety: the routes share the store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/registry/model_registry_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class RegisteredModelHandlers {
 public:
  // Adds the registered-model routes ("/registered-models/create", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::ModelRegistryStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
