// bench_http_echo_server: an HttpServer with the operational routes and POST /echo (a JSON echo on
// the worker pool, the path every storage-backed handler takes), for measuring the HTTP layer
// alone. Prints the port; stops on SIGTERM/SIGINT.
//   bench_http_echo_server [--port 0] [--workers N] [--handler-threads N]
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "server/api/ops/ops_route_table.h"
#include "server/http/http_server.h"

int main(int argc, char** argv) {
  using namespace lakeml::server;
  HttpServerOptions options;
  options.port = 0;
  CLI::App app{"HTTP layer bench server: /health, /metrics and POST /echo"};
  app.add_option("--port", options.port, "Port (0: pick one)")->capture_default_str();
  app.add_option("--workers", options.io_threads, "I/O threads (0: cores)");
  app.add_option("--handler-threads", options.worker_threads, "Worker threads (0: default)");
  CLI11_PARSE(app, argc, argv);
  options.metrics = std::make_shared<MetricsRegistry>();
  auto echo = std::make_shared<RouteTable>("echo");
  echo->Add(HttpMethod::kPost, "/echo",
            [](HttpRequest& req, HttpResponse& res) { res.SetJson(req.body()); });
  auto router = std::make_shared<Router>();
  router->Mount("", MakeOpsRouteTable(options.metrics, "bench"));
  router->Mount("", echo);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto server = HttpServer::Start(std::move(options), router);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().message().c_str());
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", (*server)->port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  (*server)->Shutdown(std::chrono::seconds(5));
  return 0;
}
