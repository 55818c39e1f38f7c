// The "mlflow-tracking" route table: MLflow's tracking REST API (mlflow/protos/service.proto,
// MLflow 2.x) over a TrackingStore. app/server_command.cc mounts it under /api/2.0/mlflow and
// /ajax-api/2.0/mlflow, so unchanged MLflow clients work against `lakeml server`.
// Routes run on the worker pool (they touch SQLite). The table shares ownership of the store.
#pragma once

#include <memory>
#include <string_view>

#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

// DO NOT CHANGE: MLflow's REST prefixes, which clients build their URLs from.
inline constexpr std::string_view kMlflowApiPrefix = "/api/2.0/mlflow";
inline constexpr std::string_view kMlflowAjaxApiPrefix = "/ajax-api/2.0/mlflow";

std::shared_ptr<RouteTable> MakeMlflowTrackingRouteTable(std::shared_ptr<ml::TrackingStore> store);

}  // namespace lakeml::server
