// MlflowRegistryTestServer: an HttpServer on an ephemeral loopback port serving the
// "mlflow-tracking" and "mlflow-registry" route tables side by side under /api/2.0/mlflow and
// /ajax-api/2.0/mlflow (as `lakeml server` mounts them), over stores on one lakeml.db in a fresh
// temporary directory (removed at destruction); plus a keep-alive client with JSON helpers.
// MlflowTestServer (mlflow_test_server.h) serves only the tracking table.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ml/registry/model_registry_store.h"
#include "ml/tracking/tracking_store.h"
#include "server/api/mlflow/mlflow_tracking_route_table.h"
#include "server/api/mlflow_registry/mlflow_registry_route_table.h"
#include "server/http/http_server.h"
#include "server/http/router.h"
#include "unit/server/mlflow_test_server.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {

class MlflowRegistryTestServer {
 public:
  MlflowRegistryTestServer() {
    dir_ = std::filesystem::temp_directory_path() /
           ("lakeml_registry_http_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const std::string db_path = (dir_ / "lakeml.db").string();
    ml::TrackingStoreOptions tracking_options;
    tracking_options.db_path = db_path;
    auto tracking = ml::TrackingStore::Open(tracking_options);
    ml::ModelRegistryStoreOptions registry_options;
    registry_options.db_path = db_path;
    auto registry = ml::ModelRegistryStore::Open(registry_options);
    EXPECT_TRUE(tracking.ok()) << tracking.status().ToString();
    EXPECT_TRUE(registry.ok()) << registry.status().ToString();
    if (!tracking.ok() || !registry.ok()) return;
    auto router = std::make_shared<Router>();
    for (const auto& table : {MakeMlflowTrackingRouteTable(std::move(tracking).value()),
                              MakeMlflowRegistryRouteTable(std::move(registry).value())}) {
      router->Mount(std::string(kMlflowApiPrefix), table);
      router->Mount(std::string(kMlflowAjaxApiPrefix), table);
    }
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
  ~MlflowRegistryTestServer() {
    client_.reset();
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  bool ok() const { return server_ != nullptr && client_->connected(); }

  // `method` <prefix>/<path> with a JSON body (GET: put the fields in `path`'s query string).
  RawHttpResponse Send(std::string_view method, std::string_view path, std::string_view body = "",
                       std::string_view prefix = kMlflowApiPrefix) {
    const std::string target = std::string(prefix) + "/" + std::string(path);
    auto r = client_->Request(method, target, body, "Content-Type: application/json\r\n");
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(RawHttpResponse{});
  }
  // Sends and expects 200; returns the JSON body.
  nlohmann::json Ok(std::string_view method, std::string_view path,
                    const nlohmann::json& body = nlohmann::json::object(),
                    std::string_view prefix = kMlflowApiPrefix) {
    RawHttpResponse r = Send(method, path, method == "GET" ? "" : body.dump(), prefix);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return MlflowTestServer::Json(r);
  }

  // Creates registered model `name` and `versions` versions of it (sources s3://b/<name>/<n>).
  void NewModel(const std::string& name, int versions = 0) {
    Ok("POST", "registered-models/create", {{"name", name}});
    for (int i = 1; i <= versions; ++i) {
      Ok("POST", "model-versions/create",
         {{"name", name}, {"source", "s3://b/" + name + "/" + std::to_string(i)}});
    }
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<RawHttpClient> client_;
};

}  // namespace lakeml::server
