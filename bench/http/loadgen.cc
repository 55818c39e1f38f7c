// bench_http_loadgen: drives an HTTP server with HttpLoadGenerator and prints one result line.
//   bench_http_loadgen --port P [--host 127.0.0.1] [--connections 1] [--requests N | --seconds S]
//                      [--rate R] [--method GET] [--path /health] [--body TEXT]
//                      [--header 'Name: value']...
#include <CLI/CLI.hpp>
#include <cstdio>

#include "loadgen/http_load_generator.h"

int main(int argc, char** argv) {
  lakeml::bench::LoadOptions options;
  std::string method = "GET", path = "/health", body;
  std::vector<std::string> headers;
  CLI::App app{"Keep-alive HTTP load generator (latency to the last byte of each response)"};
  app.add_option("--host", options.host, "Server IPv4 address")->capture_default_str();
  app.add_option("--port", options.port, "Server port")->required();
  app.add_option("--connections", options.connections, "Keep-alive connections (one thread each)")
      ->capture_default_str();
  app.add_option("--requests", options.requests, "Total requests (default: run for --seconds)");
  app.add_option("--seconds", options.seconds, "Duration when --requests is not given")
      ->capture_default_str();
  app.add_option("--rate", options.target_rate, "Target requests/s across connections (0: max)");
  app.add_option("--method", method, "Request method")->capture_default_str();
  app.add_option("--path", path, "Request target")->capture_default_str();
  app.add_option("--body", body, "Request body");
  app.add_option("--header", headers, "Extra header 'Name: value' (repeatable)");
  CLI11_PARSE(app, argc, argv);
  options.request = method + " " + path + " HTTP/1.1\r\nHost: " + options.host + "\r\n";
  for (const std::string& h : headers) options.request += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    options.request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  options.request += "\r\n" + body;
  auto result = lakeml::bench::HttpLoadGenerator::Run(options);
  if (!result.ok()) {
    std::fprintf(stderr, "bench_http_loadgen: %s\n", result.status().message().c_str());
    return 1;
  }
  std::printf("%s %s connections=%d %s\n", method.c_str(), path.c_str(), options.connections,
              result->ToString().c_str());
  return result->errors > 0 ? 1 : 0;
}
