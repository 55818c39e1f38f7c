// HttpServer: the one HTTP/1.1 server every lakeml API surface is served from (MLflow tracking and
// artifacts, SQL statements, model serving, operations), on Boost.Beast/Asio (decision 0025).
//
// - Keep-alive with sequential handling per connection (pipelined requests are answered in
//   order), Connection: close, HEAD, chunked request bodies, Expect: 100-continue.
// - Limits: header bytes (431), body bytes (413), header/idle/io timeouts, open connections (503).
//   Errors use MLflow's JSON shape; malformed requests get 400 and the connection is closed.
// - Handlers run on an io thread or on a worker pool (Route::thread); bodies are buffered or
//   streamed into a RequestBodySink; responses come from a buffer or stream from a file.
// - Request metrics (count by route template and status class, latency histogram, in-flight
//   requests, open connections) go to a MetricsRegistry; request logs to a RequestLogger.
// - Shutdown() is graceful: stop accepting, close idle connections, let in-flight requests finish
//   (and close their connections after the response) until a deadline, then force-close.
//
// Thread-safe. Owns its threads, sockets and worker pool; shares the Router. The Beast machinery
// stays in http_server.cc and http_connection.cc (compile time).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "server/http/http_server_options.h"
#include "server/http/router.h"

namespace lakeml::server {

class HttpServer {
 public:
  // Binds, listens and starts the threads. kInvalidArgument for a bad host; kIOError when the
  // address cannot be bound (in use, no permission), naming host and port.
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options,
                                                   std::shared_ptr<const Router> router);
  // Shuts down with no grace period if Shutdown() was not called.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port listened on (the chosen one when options.port was 0).
  int port() const;
  const std::string& host() const;
  MetricsRegistry* metrics() const;

  // Graceful shutdown, returning once every connection is closed and every thread joined (at most
  // about `grace` plus one second). Idempotent.
  void Shutdown(std::chrono::milliseconds grace);

  // Connections currently open (tests).
  int64_t open_connections() const;

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakeml::server
