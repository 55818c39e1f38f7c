#include "server/api/mlflow_registry/registry_handler.h"

#include <utility>

#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {

void RegistryHandler::AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                               const std::shared_ptr<ml::ModelRegistryStore>& store,
                               StoreOperation operation) {
  table.Add(method, pattern,
            MlflowHandler::Wrap([store, operation](const MlflowRequest& req, JsonWriter& out) {
              return operation(*store, req, out);
            }));
}

}  // namespace lakeml::server
