// RunHandlers: MLflow's run REST operations (runs/create, runs/update, runs/delete,
// runs/restore, runs/get, runs/search) over a TrackingStore. Request fields and responses as
// mlflow/protos/service.proto; run_id may be sent as the deprecated run_uuid.
// Thread-safety: the routes only read the shared store, which is thread-safe.
#pragma once

#include <memory>

#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class RunHandlers {
 public:
  // Adds the run routes ("/runs/create", ...) to `table`.
  static void AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table);
};

}  // namespace lakeml::server
