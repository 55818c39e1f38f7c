// HttpServerOptions: how an HttpServer listens, how many threads it runs, and the limits that keep
// a bad or slow client from exhausting it. Value type.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/http/request_authenticator.h"
#include "server/http/request_logger.h"
#include "server/metrics/metrics_registry.h"

namespace lakeml::server {

struct HttpServerOptions {
  // An IP address (or "localhost"); port 0 picks a free port (HttpServer::port() tells which).
  std::string host = "127.0.0.1";
  int port = 8080;
  // Threads that run the network I/O and kIo handlers; 0 = the number of cores.
  int io_threads = 0;
  // Threads that run kWorker handlers (storage calls); 0 = 2 x the number of cores, at least 4.
  int worker_threads = 0;

  // Request line plus headers; larger gets 431.
  uint32_t max_header_bytes = 64 * 1024;
  // Bodies buffered in memory (JSON requests); larger gets 413.
  uint64_t max_body_bytes = 64ull << 20;
  // Bodies streamed into a RequestBodySink (artifact uploads); larger gets 413.
  uint64_t max_streamed_body_bytes = 64ull << 30;
  // Time for a whole request line and headers to arrive (slow clients are disconnected).
  std::chrono::milliseconds header_timeout{10'000};
  // Time a keep-alive connection may sit idle between requests.
  std::chrono::milliseconds idle_timeout{60'000};
  // Time without progress while reading a body or writing a response.
  std::chrono::milliseconds io_timeout{60'000};
  // Open connections; more are answered 503 and closed.
  int max_connections = 4096;

  // Null: no authentication (loopback). Shared with whoever created it.
  std::shared_ptr<RequestAuthenticator> authenticator;
  // Null: no request logs.
  std::shared_ptr<RequestLogger> logger;
  // Where request metrics go; null: the server makes its own (HttpServer::metrics()).
  std::shared_ptr<MetricsRegistry> metrics;
  // The Server header.
  std::string server_name = "lakeml/0.1.0";
};

}  // namespace lakeml::server
