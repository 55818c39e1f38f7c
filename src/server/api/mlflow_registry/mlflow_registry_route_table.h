// The "mlflow-registry" route table: MLflow's model registry REST API
// (mlflow/protos/model_registry.proto, MLflow 2.x) over a ModelRegistryStore. app/
// server_command.cc mounts it beside the "mlflow-tracking" table under kMlflowApiPrefix and
// kMlflowAjaxApiPrefix (server/api/mlflow/mlflow_tracking_route_table.h).
// Routes run on the worker pool (they touch SQLite). The table shares ownership of the store.
#pragma once

#include <memory>

#include "ml/registry/model_registry_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeMlflowRegistryRouteTable(
    std::shared_ptr<ml::ModelRegistryStore> store);

}  // namespace lakeml::server
