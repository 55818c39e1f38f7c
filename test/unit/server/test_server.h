// TestServer: an HttpServer on an ephemeral loopback port with the routes the server tests use.
//   POST /echo          echoes the body (worker pool), Content-Type from the request
//   GET  /hello         "hello" (io thread)
//   GET  /items/{id}    the id and query parameter q as JSON
//   POST /slow          sleeps ?ms= then answers "done" (worker pool)
//   PUT  /upload/{name} streams the body into <dir>/<name> (FileBodySink), answers its size
//   GET  /files/{name}  streams <dir>/<name>
//   plus /health, /version, /metrics.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "server/api/ops/ops_route_table.h"
#include "server/http/file_body_sink.h"
#include "server/http/http_server.h"
#include "server/http/json_writer.h"

namespace lakeml::server {

inline std::shared_ptr<RouteTable> MakeTestRouteTable(std::string dir) {
  auto t = std::make_shared<RouteTable>("test");
  t->Add(HttpMethod::kPost, "/echo", [](HttpRequest& req, HttpResponse& res) {
    res.SetJson(req.body());
    res.set_content_type(req.Header("Content-Type").value_or("application/octet-stream"));
  });
  t->Add(HttpMethod::kGet, "/hello", [](HttpRequest&, HttpResponse& res) {
     res.SetText("hello");
   }).thread = HandlerThread::kIo;
  t->Add(HttpMethod::kGet, "/items/{id}", [](HttpRequest& req, HttpResponse& res) {
    JsonWriter w(res.mutable_body());
    w.BeginObject();
    w.Key("id");
    w.String(req.PathParam("id"));
    w.Key("q");
    w.String(req.QueryParam("q").value_or(""));
    w.EndObject();
    res.set_content_type(kContentTypeJson);
  });
  t->Add(HttpMethod::kPost, "/slow", [](HttpRequest& req, HttpResponse& res) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::stoi(std::string(req.QueryParam("ms").value_or("100")))));
    res.SetText("done");
  });
  Route& upload =
      t->Add(HttpMethod::kPut, "/upload/{name}", [](HttpRequest& req, HttpResponse& res) {
        auto* sink = static_cast<FileBodySink*>(req.body_sink());
        if (Status st = sink->Commit(); !st.ok()) return res.SetStatusError(st);
        res.SetJson(StrCat("{\"bytes\":", sink->bytes_written(), "}"));
      });
  upload.sink_factory = [dir](const HttpRequest& req) -> Result<std::unique_ptr<RequestBodySink>> {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileBodySink> sink,
                            FileBodySink::Create(dir + "/" + std::string(req.PathParam("name"))));
    return std::unique_ptr<RequestBodySink>(std::move(sink));
  };
  t->Add(HttpMethod::kGet, "/files/{name}", [dir](HttpRequest& req, HttpResponse& res) {
    res.SetFile(dir + "/" + std::string(req.PathParam("name")), "application/octet-stream");
  });
  return t;
}

class TestServer {
 public:
  explicit TestServer(HttpServerOptions options = {}) {
    dir_ = std::filesystem::temp_directory_path() /
           ("lakeml_server_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.io_threads == 0) options.io_threads = 2;
    if (options.worker_threads == 0) options.worker_threads = 4;
    if (options.metrics == nullptr) options.metrics = std::make_shared<MetricsRegistry>();
    auto router = std::make_shared<Router>();
    router->Mount("", MakeOpsRouteTable(options.metrics, "0.1.0-test"));
    router->Mount("/t", MakeTestRouteTable(dir_.string()));
    Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(std::move(options), router);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (server.ok()) server_ = std::move(server).value();
  }
  ~TestServer() {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return server_->port(); }
  HttpServer* server() { return server_.get(); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace lakeml::server
