// MetricHandlers: MLflow's metric history REST operations (GET metrics/get-history and
// metrics/get-history-bulk-interval) over a TrackingStore.
// Thread-safety: the routes only read the shared store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class MetricHandlers {
 public:
  // Adds the metric routes ("/metrics/get-history", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
