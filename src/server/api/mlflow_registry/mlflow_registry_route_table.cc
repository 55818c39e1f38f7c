#include "server/api/mlflow_registry/mlflow_registry_route_table.h"

#include "server/api/mlflow_registry/model_version_handlers.h"
#include "server/api/mlflow_registry/registered_model_handlers.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeMlflowRegistryRouteTable(
    std::shared_ptr<ml::ModelRegistryStore> store) {
  auto table = std::make_shared<RouteTable>("mlflow-registry");
  RegisteredModelHandlers::AddRoutes(store, *table);
  ModelVersionHandlers::AddRoutes(store, *table);
  return table;
}

}  // namespace lakeml::server
