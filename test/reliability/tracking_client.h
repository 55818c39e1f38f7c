// TrackingClient: one keep-alive HTTP/1.1 connection to a `lakeml server` on loopback, for the
// MLflow tracking routes (under /api/2.0/mlflow) the server reliability tests use. A request
// that fails in transport (connect, send, or no complete response within the timeout: e.g. the
// server was killed) returns status 0 and drops the connection; the next request reconnects.
// One owner; not thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::reliability {

struct HttpOutcome {
  int status = 0;  // 0: no response (transport failure).
  std::string body;
};

class TrackingClient {
 public:
  explicit TrackingClient(int port, int timeout_ms = 30000)
      : port_(port), timeout_ms_(timeout_ms) {}

  // POST /api/2.0/mlflow<route> with a JSON body.
  HttpOutcome Post(std::string_view route, const nlohmann::json& body);
  // GET /api/2.0/mlflow<route_and_query>; REQUIRES: the query values are URL-encoded.
  HttpOutcome Get(std::string_view route_and_query);
  // GET of a path outside the MLflow prefix (e.g. /health).
  HttpOutcome GetPath(std::string_view path);

  // runs/create in experiment 0; the new run's id.
  Result<std::string> CreateRun();
  // The parsed JSON of a 200 GET, or an error naming the route, status and body.
  Result<nlohmann::json> GetJson(std::string_view route_and_query);

  // `text` percent-encoded for a query value.
  static std::string UrlEncode(std::string_view text);

 private:
  HttpOutcome Send(std::string_view method, std::string_view target, std::string_view body);

  int port_;
  int timeout_ms_;
  std::unique_ptr<server::RawHttpClient> connection_;
};

}  // namespace lakeml::reliability
