// MlflowArtifactsTestServer: an HttpServer on an ephemeral loopback port serving the
// "mlflow-artifacts" and "mlflow-run-artifacts" tables (mounted as `lakeml server` mounts them)
// over a fresh temporary directory holding the artifact root and a tracking store.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "ml/artifacts/artifact_root.h"
#include "ml/tracking/tracking_store.h"
#include "server/api/mlflow_artifacts/mlflow_artifacts_route_table.h"
#include "server/api/mlflow_run_artifacts/mlflow_run_artifacts_route_table.h"
#include "server/http/http_server.h"

namespace lakeml::server {

class MlflowArtifactsTestServer {
 public:
  explicit MlflowArtifactsTestServer(HttpServerOptions options = {}) {
    static int counter = 0;
    dir_ =
        std::filesystem::temp_directory_path() /
        ("lakeml_artifacts_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Result<ml::ArtifactRoot> root = ml::ArtifactRoot::Open((dir_ / "artifacts").string());
    EXPECT_TRUE(root.ok()) << root.status().ToString();
    root_ = std::make_shared<const ml::ArtifactRoot>(std::move(root).value());
    ml::TrackingStoreOptions store_options;
    store_options.db_path = (dir_ / "lakeml.db").string();
    Result<std::unique_ptr<ml::TrackingStore>> store = ml::TrackingStore::Open(store_options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();

    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 4;
    auto router = std::make_shared<Router>();
    auto artifacts = MakeMlflowArtifactsRouteTable(root_);
    router->Mount(std::string(kMlflowArtifactsPrefix), artifacts);
    router->Mount(std::string(kMlflowArtifactsAjaxPrefix), artifacts);
    auto run_artifacts = MakeMlflowRunArtifactsRouteTable(store_, root_);
    router->Mount("/api/2.0/mlflow", run_artifacts);
    router->Mount("/ajax-api/2.0/mlflow", run_artifacts);
    Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(std::move(options), router);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (server.ok()) server_ = std::move(server).value();
  }
  ~MlflowArtifactsTestServer() {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return server_->port(); }
  // The temporary directory; the artifact root is artifact_dir().
  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& artifact_dir() const { return root_->dir(); }
  ml::TrackingStore& store() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::shared_ptr<const ml::ArtifactRoot> root_;
  std::shared_ptr<ml::TrackingStore> store_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace lakeml::server
