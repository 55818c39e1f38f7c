// HttpConnection (internal to the http folder; includes Beast): one accepted TCP connection of an
// HttpServer, reading requests one at a time, dispatching them through the Router and writing the
// responses, until the client or the server closes it.
//
// Also HttpServerContext: the state the server shares with its connections.
//
// Ownership: a connection owns itself through shared_ptrs held by its pending asynchronous
// operations (and by a worker task while its handler runs); it dies when the last one finishes.
// Thread-safety: every method runs on the connection's strand, except the handler, which runs on
// a worker thread while no I/O of the connection is pending.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "server/http/http_request.h"
#include "server/http/http_response.h"
#include "server/http/http_server_options.h"
#include "server/http/router.h"

namespace lakeml::server {

class HttpConnection;

// Metric series of one route template (or of the unmatched requests).
struct RouteMetricSeries {
  std::array<MetricCounter*, 5> requests_by_class{};  // 1xx..5xx
  MetricHistogram* latency_seconds = nullptr;
};

struct HttpServerContext {
  HttpServerOptions options;
  std::shared_ptr<const Router> router;
  boost::asio::thread_pool* worker_pool = nullptr;
  // Index = route id; the last entry is for requests that matched no route.
  std::vector<RouteMetricSeries> route_metrics;
  MetricGauge* open_connections = nullptr;
  MetricGauge* in_flight = nullptr;
  MetricCounter* rejected_connections = nullptr;
  std::atomic<bool> shutting_down{false};
  std::atomic<uint64_t> next_request_id{1};
  uint32_t request_id_prefix = 0;  // Random per server start.

  // The live connections, to tell them about shutdown.
  std::mutex mu;
  std::condition_variable connections_changed;
  std::unordered_map<HttpConnection*, std::weak_ptr<HttpConnection>> connections;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(boost::asio::ip::tcp::socket socket, HttpServerContext* ctx);
  ~HttpConnection();

  // Registers with the context and starts reading. REQUIRES: owned by a shared_ptr.
  void Start();
  // The server is shutting down: close now when idle; otherwise close after the response.
  // Posts itself to the strand.
  void NotifyShutdown();
  // Closes the socket now (the shutdown deadline passed). Posts itself to the strand.
  void ForceClose();

 private:
  enum class State { kIdle, kReadingHeader, kReadingBody, kHandling, kWriting };

  void ReadIdle();
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void BeginBody();
  void ReadBodyChunk();
  void OnBodyChunk(boost::beast::error_code ec);
  void RunHandler();
  void InvokeHandler();
  void WriteResponse();
  void OnWritten(boost::beast::error_code ec, bool keep_alive);
  // Answers with an error before (or instead of) reading the body; closes after it when the body
  // was not read.
  void RespondError(int status, std::string_view code, std::string_view message);
  void DrainBeforeClose(size_t budget);
  void CloseSocket();

  HttpServerContext* ctx_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::buffer_body>> parser_;
  std::unique_ptr<char[]> chunk_;
  HttpRequest request_;
  HttpResponse response_;
  boost::beast::http::response<boost::beast::http::string_body> string_response_;
  boost::beast::http::response<boost::beast::http::file_body> file_response_;

  State state_ = State::kIdle;
  const Route* route_ = nullptr;
  size_t metric_index_ = 0;
  bool request_open_ = false;  // Counted in in_flight; metrics not yet recorded.
  bool close_after_response_ = false;
  uint64_t body_limit_ = 0;
  uint64_t bytes_in_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace lakeml::server
