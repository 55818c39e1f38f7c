// ExperimentHandlers: MLflow's experiments/* REST operations (create, search, get, get-by-name,
// delete, restore, update, set-experiment-tag, delete-experiment-tag) over a TrackingStore.
// Request fields and responses as mlflow/protos/service.proto; validation beyond field presence
// and types is the store's.
// Thread-safety: the routes only read the shared store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class ExperimentHandlers {
 public:
  // Adds the experiment routes ("/experiments/create", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
