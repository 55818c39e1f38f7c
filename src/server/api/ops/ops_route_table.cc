#include "server/api/ops/ops_route_table.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeOpsRouteTable(std::shared_ptr<MetricsRegistry> metrics,
                                              std::string version) {
  auto table = std::make_shared<RouteTable>("ops");
  Route& health = table->Add(HttpMethod::kGet, kHealthPath,
                             [](HttpRequest&, HttpResponse& res) { res.SetText("OK"); });
  health.thread = HandlerThread::kIo;
  health.requires_auth = false;
  table
      ->Add(HttpMethod::kGet, "/version",
            [version](HttpRequest&, HttpResponse& res) { res.SetText(version); })
      .thread = HandlerThread::kIo;
  table
      ->Add(HttpMethod::kGet, kMetricsPath,
            [metrics](HttpRequest&, HttpResponse& res) {
              res.set_content_type(kPrometheusContentType);
              metrics->RenderPrometheus(res.mutable_body());
            })
      .thread = HandlerThread::kIo;
  return table;
}

}  // namespace lakeml::server
