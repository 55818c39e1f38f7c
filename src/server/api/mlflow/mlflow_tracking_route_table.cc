#include "server/api/mlflow/mlflow_tracking_route_table.h"

#include <utility>

#include "server/api/mlflow/experiment_handlers.h"
#include "server/api/mlflow/metric_handlers.h"
#include "server/api/mlflow/run_handlers.h"
#include "server/api/mlflow/run_logging_handlers.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeMlflowTrackingRouteTable(std::shared_ptr<ml::TrackingStore> store) {
  auto table = std::make_shared<RouteTable>("mlflow-tracking");
  ExperimentHandlers::AddRoutes(store, *table);
  RunHandlers::AddRoutes(store, *table);
  RunLoggingHandlers::AddRoutes(store, *table);
  MetricHandlers::AddRoutes(store, *table);
  return table;
}

}  // namespace lakeml::server
