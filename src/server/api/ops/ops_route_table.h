// The operations API surface: /health, /version and /metrics, mounted at the root.
//
//   GET /health   200 "OK" (no authentication, for load balancers and probes)
//   GET /version  the lakeml version, as text (MLflow's server answers its own version there)
//   GET /metrics  every metric of `metrics` in the Prometheus text format
#pragma once

#include <memory>
#include <string>

#include "server/http/route_table.h"
#include "server/metrics/metrics_registry.h"

namespace lakeml::server {

// DO NOT CHANGE: scraped by Prometheus and probed by load balancers.
inline constexpr std::string_view kHealthPath = "/health";
inline constexpr std::string_view kMetricsPath = "/metrics";
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

std::shared_ptr<RouteTable> MakeOpsRouteTable(std::shared_ptr<MetricsRegistry> metrics,
                                              std::string version);

}  // namespace lakeml::server
