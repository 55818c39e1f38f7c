// MlflowTestServer: an HttpServer on an ephemeral loopback port serving the "mlflow-tracking"
// route table under /api/2.0/mlflow and /ajax-api/2.0/mlflow, over a TrackingStore in a fresh
// temporary directory (removed at destruction); plus a keep-alive client (RawHttpClient) with
// JSON helpers for the MLflow tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ml/tracking/tracking_store.h"
#include "server/api/mlflow/mlflow_tracking_route_table.h"
#include "server/http/http_server.h"
#include "server/http/router.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {

class MlflowTestServer {
 public:
  MlflowTestServer() {
    dir_ = std::filesystem::temp_directory_path() /
           ("lakeml_mlflow_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ml::TrackingStoreOptions store_options;
    store_options.db_path = (dir_ / "lakeml.db").string();
    auto store = ml::TrackingStore::Open(store_options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return;
    store_ = std::move(store).value();
    auto table = MakeMlflowTrackingRouteTable(store_);
    auto router = std::make_shared<Router>();
    router->Mount(std::string(kMlflowApiPrefix), table);
    router->Mount(std::string(kMlflowAjaxApiPrefix), table);
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 1;
    options.worker_threads = 4;
    auto server = HttpServer::Start(std::move(options), router);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (!server.ok()) return;
    server_ = std::move(server).value();
    client_ = std::make_unique<RawHttpClient>(server_->port());
  }
  ~MlflowTestServer() {
    client_.reset();
    server_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  bool ok() const { return server_ != nullptr && client_->connected(); }
  int port() const { return server_->port(); }
  ml::TrackingStore& store() { return *store_; }

  // POST `body` to <prefix>/<path> (path like "runs/create").
  RawHttpResponse Post(std::string_view path, std::string_view body,
                       std::string_view prefix = kMlflowApiPrefix) {
    return Send("POST", std::string(prefix) + "/" + std::string(path), body);
  }
  // GET <prefix>/<path_and_query>.
  RawHttpResponse Get(std::string_view path_and_query, std::string_view prefix = kMlflowApiPrefix) {
    return Send("GET", std::string(prefix) + "/" + std::string(path_and_query), "");
  }
  RawHttpResponse Send(std::string_view method, const std::string& target, std::string_view body) {
    auto r = client_->Request(method, target, body, "Content-Type: application/json\r\n");
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(RawHttpResponse{});
  }

  // The body as JSON (a test failure and null when it does not parse).
  static nlohmann::json Json(const RawHttpResponse& r) {
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  // POSTs and expects 200; returns the JSON body.
  nlohmann::json PostOk(std::string_view path, const nlohmann::json& body) {
    RawHttpResponse r = Post(path, body.dump());
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return Json(r);
  }
  nlohmann::json GetOk(std::string_view path_and_query) {
    RawHttpResponse r = Get(path_and_query);
    EXPECT_EQ(r.status, 200) << path_and_query << ": " << r.body;
    return Json(r);
  }
  // Creates an experiment and a run in it; returns the run id.
  std::string NewRun(const std::string& experiment_name = "exp") {
    nlohmann::json e = PostOk("experiments/create", {{"name", experiment_name}});
    nlohmann::json r = PostOk(
        "runs/create", {{"experiment_id", e.value("experiment_id", "")}, {"start_time", 1000}});
    return r["run"]["info"].value("run_id", "");
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::shared_ptr<ml::TrackingStore> store_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<RawHttpClient> client_;
};

// Expects MLflow's error body with `code` and HTTP `status`.
inline void ExpectMlflowError(const RawHttpResponse& r, int status, std::string_view code) {
  EXPECT_EQ(r.status, status) << r.body;
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j.value("error_code", ""), code) << r.body;
  EXPECT_FALSE(j.value("message", "").empty()) << r.body;
}

}  // namespace lakeml::server
