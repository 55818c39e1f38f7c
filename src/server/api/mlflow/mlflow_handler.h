// MlflowHandler: adapts an MLflow operation, written as
//   Status(const MlflowRequest& request, JsonWriter& out)
// to an HttpHandler: it reads the request (MlflowRequest), gives the operation a JsonWriter on
// the response body, and turns an error Status into MLflow's error body and HTTP status
// (ml::MlflowError::Parse: INVALID_PARAMETER_VALUE and RESOURCE_ALREADY_EXISTS 400,
// RESOURCE_DOES_NOT_EXIST 404, INTERNAL_ERROR 500, ...). Exceptions from libraries are caught
// here and answered as INTERNAL_ERROR (a handler must not throw).
// Thread-safety: stateless; the wrapped operation must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "base/status.h"
#include "ml/tracking/tracking_store.h"
#include "server/api/mlflow/mlflow_request.h"
#include "server/http/http_response.h"
#include "server/http/json_writer.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class MlflowHandler {
 public:
  using Operation = std::function<Status(const MlflowRequest& request, JsonWriter& out)>;

  static HttpHandler Wrap(Operation operation);

  // An operation on the tracking store.
  using StoreOperation = Status (*)(ml::TrackingStore& store, const MlflowRequest& request,
                                    JsonWriter& out);
  // Adds a route running `operation` on `store` (shared by the route's handler).
  static void AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                       const std::shared_ptr<ml::TrackingStore>& store, StoreOperation operation);
  // MLflow's error body and status for `status`. REQUIRES: !status.ok().
  static void SetError(const Status& status, HttpResponse& response);
};

}  // namespace lakeml::server
