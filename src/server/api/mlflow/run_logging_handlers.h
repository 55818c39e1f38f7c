// RunLoggingHandlers: MLflow's run logging REST operations (runs/log-metric,
// runs/log-parameter, runs/set-tag, runs/delete-tag, runs/log-batch, runs/log-inputs,
// runs/log-model) over a TrackingStore. log-metric is the hot path of training loops: the
// request is read from simdjson's DOM without copies beyond the metric key.
// Thread-safety: the routes only read the shared store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class RunLoggingHandlers {
 public:
  // Adds the logging routes ("/runs/log-metric", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
