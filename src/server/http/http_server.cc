#include "server/http/http_server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <random>
#include <thread>

#include "base/thread_pool.h"
#include "server/http/http_connection.h"

namespace lakeml::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, std::shared_ptr<const Router> router, int io_threads,
       int worker_threads)
      : ioc_(io_threads),
        work_(asio::make_work_guard(ioc_)),
        worker_pool_(worker_threads),
        acceptor_(asio::make_strand(ioc_)) {
    ctx_.options = std::move(options);
    ctx_.router = std::move(router);
    ctx_.worker_pool = &worker_pool_;
    ctx_.request_id_prefix = std::random_device()();
    io_threads_ = io_threads;
  }

  Status Listen() {
    MetricsRegistry* m = ctx_.options.metrics.get();
    const std::vector<std::string>& templates = ctx_.router->route_templates();
    std::vector<std::string> names = templates;
    names.push_back("unmatched");
    for (const std::string& route : names) {
      RouteMetricSeries series;
      static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
      for (int c = 0; c < 5; ++c) {
        series.requests_by_class[c] = m->AddCounter(
            "lakeml_http_requests_total", "HTTP requests answered, by route and status class",
            {{"route", route}, {"code", kClasses[c]}});
      }
      series.latency_seconds =
          m->AddHistogram("lakeml_http_request_duration_seconds",
                          "Time from the request's headers to the response's last byte, by route",
                          {{"route", route}}, MetricHistogram::LatencySecondsBuckets());
      ctx_.route_metrics.push_back(series);
    }
    ctx_.open_connections =
        m->AddGauge("lakeml_http_open_connections", "HTTP connections currently open");
    ctx_.in_flight = m->AddGauge("lakeml_http_requests_in_flight",
                                 "HTTP requests received and not yet answered");
    ctx_.rejected_connections =
        m->AddCounter("lakeml_http_rejected_connections_total",
                      "Connections refused with 503 because the open connection limit was reached");

    std::string host = ctx_.options.host == "localhost" ? "127.0.0.1" : ctx_.options.host;
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(host, ec);
    if (ec) {
      return Status::InvalidArgument(
          "Not an IP address for --host (use e.g. 127.0.0.1 or "
          "0.0.0.0): ",
          ctx_.options.host);
    }
    if (ctx_.options.port < 0 || ctx_.options.port > 65535) {
      return Status::InvalidArgument("Port out of range 0-65535: ", ctx_.options.port);
    }
    const tcp::endpoint endpoint(address, static_cast<uint16_t>(ctx_.options.port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::IOError("Cannot listen on ", ctx_.options.host, ":", ctx_.options.port, ": ",
                             ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < io_threads_; ++i) threads_.emplace_back([this] { ioc_.run(); });
    return Status::OK();
  }

  void Shutdown(std::chrono::milliseconds grace) {
    std::lock_guard<std::mutex> shutdown_lock(shutdown_mu_);
    if (stopped_) return;
    stopped_ = true;
    ctx_.shutting_down.store(true);
    asio::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    });
    NotifyConnections([](HttpConnection* c) { c->NotifyShutdown(); });
    const auto deadline = std::chrono::steady_clock::now() + grace;
    std::unique_lock<std::mutex> lock(ctx_.mu);
    ctx_.connections_changed.wait_until(lock, deadline,
                                        [this] { return ctx_.connections.empty(); });
    lock.unlock();
    NotifyConnections([](HttpConnection* c) { c->ForceClose(); });
    lock.lock();
    // Handlers still running on the worker pool hold their connection until they return.
    ctx_.connections_changed.wait_for(lock, std::chrono::seconds(1),
                                      [this] { return ctx_.connections.empty(); });
    lock.unlock();
    worker_pool_.stop();
    worker_pool_.join();
    work_.reset();
    ioc_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  int port() const { return port_; }
  const std::string& host() const { return ctx_.options.host; }
  MetricsRegistry* metrics() const { return ctx_.options.metrics.get(); }
  int64_t open_connections() const { return ctx_.open_connections->Value(); }

 private:
  template <typename F>
  void NotifyConnections(F f) {
    std::vector<std::shared_ptr<HttpConnection>> live;
    {
      std::lock_guard<std::mutex> lock(ctx_.mu);
      for (auto& entry : ctx_.connections) {
        if (auto c = entry.second.lock()) live.push_back(std::move(c));
      }
    }
    for (auto& c : live) f(c.get());
  }

  void Accept() {
    acceptor_.async_accept(
        asio::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
          if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            if (ctx_.open_connections->Value() >= ctx_.options.max_connections) {
              // The socket's send buffer is empty, so this small write does not block.
              static constexpr std::string_view kBusy =
                  "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                  "Content-Length: 78\r\nConnection: close\r\n\r\n"
                  "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"Too many open "
                  "connections\"}";
              boost::system::error_code ignored;
              asio::write(socket, asio::buffer(kBusy), ignored);
              socket.close(ignored);
              ctx_.rejected_connections->Increment();
            } else {
              std::make_shared<HttpConnection>(std::move(socket), &ctx_)->Start();
            }
          }
          Accept();
        });
  }

  // Declaration order is destruction order in reverse: the io_context goes before the context
  // its leftover connections still point at.
  HttpServerContext ctx_;
  asio::io_context ioc_;
  // Keeps the io threads running while no socket operation is pending (after the acceptor
  // closes, a handler on the worker pool still has a response to write).
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::thread_pool worker_pool_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  int io_threads_ = 1;
  int port_ = 0;
  std::mutex shutdown_mu_;
  bool stopped_ = false;
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                      std::shared_ptr<const Router> router) {
  const int cores = ThreadPool::DefaultThreads();
  const int io_threads = options.io_threads > 0 ? options.io_threads : cores;
  const int worker_threads =
      options.worker_threads > 0 ? options.worker_threads : std::max(4, 2 * cores);
  if (options.metrics == nullptr) options.metrics = std::make_shared<MetricsRegistry>();
  auto impl =
      std::make_unique<Impl>(std::move(options), std::move(router), io_threads, worker_threads);
  LAKEML_RETURN_IF_ERROR(impl->Listen());
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { impl_->Shutdown(std::chrono::milliseconds(0)); }
int HttpServer::port() const { return impl_->port(); }
const std::string& HttpServer::host() const { return impl_->host(); }
MetricsRegistry* HttpServer::metrics() const { return impl_->metrics(); }
void HttpServer::Shutdown(std::chrono::milliseconds grace) { impl_->Shutdown(grace); }
int64_t HttpServer::open_connections() const { return impl_->open_connections(); }

}  // namespace lakeml::server
