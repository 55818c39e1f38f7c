#include "app/server_command.h"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/warehouse_option.h"
#include "catalog/warehouse.h"
#include "metastore/sqlite_database.h"
#include "ml/artifacts/artifact_root.h"
#include "ml/registry/model_registry_store.h"
#include "ml/tracking/tracking_store.h"
#include "server/api/mlflow/mlflow_tracking_route_table.h"
#include "server/api/mlflow_artifacts/mlflow_artifacts_route_table.h"
#include "server/api/mlflow_registry/mlflow_registry_route_table.h"
#include "server/api/mlflow_run_artifacts/mlflow_run_artifacts_route_table.h"
#include "server/api/ops/ops_route_table.h"
#include "server/auth/bearer_token_authenticator.h"
#include "server/http/http_server.h"
#include "server/http/listen_address.h"

namespace lakeml::app {
namespace {

constexpr const char* kLakemlVersion = "0.1.0";

struct ServerArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string warehouse;
  std::string backend_store_uri;
  std::string artifacts_destination;
  int workers = 0;
  int handler_threads = 0;
  bool require_auth = false;
  std::string log_format = "text";
  std::string log_level = "warn";
  double shutdown_grace_seconds = 30;
  int64_t max_body_mb = 64;
  int max_connections = 4096;
};

// The SQLite file of --backend-store-uri, as MLflow spells it: sqlite:///relative/path or
// sqlite:////absolute/path (SQLAlchemy's form). Empty: the warehouse's lakeml.db.
Result<std::string> BackendStorePath(const std::string& uri, const catalog::Warehouse& warehouse) {
  if (uri.empty()) return warehouse.database_path();
  constexpr std::string_view kSqlite = "sqlite:///";
  if (uri.rfind(kSqlite, 0) == 0 && uri.size() > kSqlite.size()) {
    return uri.substr(kSqlite.size());
  }
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0 ||
      uri.rfind("postgresql+", 0) == 0) {
    return Status::NotImplemented(
        "PostgreSQL backend stores are not supported yet; use sqlite:///PATH or omit "
        "--backend-store-uri for the warehouse's store: ",
        uri);
  }
  return Status::InvalidArgument(
      "Unsupported --backend-store-uri (use sqlite:///PATH or postgresql://...): ", uri);
}

Status RunServer(const ServerArgs& args) {
  LAKEML_ASSIGN_OR_RETURN(catalog::Warehouse warehouse,
                          catalog::Warehouse::Open(ResolveWarehouseDir(args.warehouse)));
  LAKEML_ASSIGN_OR_RETURN(std::string store_path,
                          BackendStorePath(args.backend_store_uri, warehouse));
  // Opened now so that a bad store fails at start, not on the first request.
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<metastore::SqliteDatabase> backend_store,
                          metastore::SqliteDatabase::Open(store_path));
  const std::string artifacts = args.artifacts_destination.empty() ? warehouse.dir() + "/artifacts"
                                                                   : args.artifacts_destination;
  std::error_code fs_error;
  std::filesystem::create_directories(artifacts, fs_error);
  if (fs_error) {
    return Status::IOError("Cannot create --artifacts-destination: ", fs_error.message(), ": ",
                           artifacts);
  }
  if (args.workers < 0 || args.handler_threads < 0 || args.max_body_mb <= 0 ||
      args.max_connections <= 0 || args.shutdown_grace_seconds < 0) {
    return Status::InvalidArgument(
        "--workers, --handler-threads, --max-body-mb, --max-connections and "
        "--shutdown-grace must not be negative (nor zero for limits)");
  }

  server::HttpServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.io_threads = args.workers;
  options.worker_threads = args.handler_threads;
  options.max_body_bytes = static_cast<uint64_t>(args.max_body_mb) << 20;
  options.max_connections = args.max_connections;
  options.metrics = std::make_shared<server::MetricsRegistry>();
  LAKEML_ASSIGN_OR_RETURN(server::LogFormat format,
                          server::RequestLogger::ParseFormat(args.log_format));
  LAKEML_ASSIGN_OR_RETURN(options.logger, server::RequestLogger::ToStderr(format, args.log_level));

  // Tokens live in the warehouse's metadata database, whatever the backend store.
  LAKEML_ASSIGN_OR_RETURN(bool loopback, server::IsLoopbackHost(args.host));
  std::unique_ptr<metastore::SqliteDatabase> auth_db;
  if (!loopback || args.require_auth) {
    LAKEML_ASSIGN_OR_RETURN(auth_db, metastore::SqliteDatabase::Open(warehouse.database_path()));
    LAKEML_ASSIGN_OR_RETURN(server::TokenStore tokens, server::TokenStore::Open(auth_db.get()));
    auto authenticator =
        std::make_shared<server::BearerTokenAuthenticator>(tokens, std::chrono::milliseconds(1000));
    LAKEML_ASSIGN_OR_RETURN(size_t active, authenticator->ActiveTokenCount());
    if (active == 0) {
      return Status::InvalidArgument(
          "Refusing to serve ", args.host,
          " without authentication: no API tokens exist. Create one with `lakeml token create "
          "--warehouse ",
          warehouse.dir(), "` and send it as Authorization: Bearer <token>, or bind 127.0.0.1");
    }
    options.authenticator = std::move(authenticator);
  }

  auto router = std::make_shared<server::Router>();
  router->Mount("", server::MakeOpsRouteTable(options.metrics, kLakemlVersion));
  // The MLflow, SQL statement and serving route tables mount here as they land (issue 6, 5, 8).
  ml::TrackingStoreOptions tracking_options;
  tracking_options.db_path = store_path;
  tracking_options.default_artifact_root = "mlflow-artifacts:/";
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<ml::TrackingStore> tracking,
                          ml::TrackingStore::Open(tracking_options));
  auto tracking_table = server::MakeMlflowTrackingRouteTable(tracking);
  router->Mount(std::string(server::kMlflowApiPrefix), tracking_table);
  router->Mount(std::string(server::kMlflowAjaxApiPrefix), tracking_table);
  LAKEML_ASSIGN_OR_RETURN(ml::ArtifactRoot artifact_root, ml::ArtifactRoot::Open(artifacts));
  auto shared_artifact_root = std::make_shared<const ml::ArtifactRoot>(std::move(artifact_root));
  auto artifacts_table = server::MakeMlflowArtifactsRouteTable(shared_artifact_root);
  router->Mount(std::string(server::kMlflowArtifactsPrefix), artifacts_table);
  router->Mount(std::string(server::kMlflowArtifactsAjaxPrefix), artifacts_table);
  auto run_artifacts_table =
      server::MakeMlflowRunArtifactsRouteTable(tracking, shared_artifact_root);
  router->Mount(std::string(server::kMlflowApiPrefix), run_artifacts_table);
  router->Mount(std::string(server::kMlflowAjaxApiPrefix), run_artifacts_table);
  ml::ModelRegistryStoreOptions registry_options;
  registry_options.db_path = store_path;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<ml::ModelRegistryStore> registry,
                          ml::ModelRegistryStore::Open(registry_options));
  auto registry_table = server::MakeMlflowRegistryRouteTable(std::move(registry));
  router->Mount(std::string(server::kMlflowApiPrefix), registry_table);
  router->Mount(std::string(server::kMlflowAjaxApiPrefix), registry_table);

  // Block the stop signals in every thread (threads inherit the mask), then wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::shared_ptr<server::RequestLogger> logger = options.logger;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<server::HttpServer> http,
                          server::HttpServer::Start(std::move(options), router));
  std::printf("lakeml server listening on http://%s:%d\n", args.host.c_str(), http->port());
  std::fflush(stdout);
  logger->Event(StrCat("listening on ", args.host, ":", http->port(), ", warehouse ",
                       warehouse.dir(), ", store ", store_path, ", artifacts ", artifacts));

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  logger->Event(StrCat("signal ", signal_number, ": stopping (finishing in-flight requests)"),
                /*warning=*/true);
  http->Shutdown(
      std::chrono::milliseconds(static_cast<int64_t>(args.shutdown_grace_seconds * 1000)));
  logger->Event("stopped");
  logger->Flush();
  return Status::OK();
}

}  // namespace

void RegisterServerCommand(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ServerArgs>();
  CLI::App* cmd = app->add_subcommand(
      "server",
      "Run the HTTP server: the MLflow-compatible tracking API under /api/2.0/mlflow and "
      "/ajax-api/2.0/mlflow (MLFLOW_TRACKING_URI=http://HOST:PORT), /health, /version and "
      "/metrics. Stops gracefully on SIGTERM or SIGINT.");
  cmd->add_option("--host", args->host,
                  "Address to listen on; any non-loopback address (e.g. 0.0.0.0) requires API "
                  "tokens (see `lakeml token create`)")
      ->capture_default_str();
  cmd->add_option("--port", args->port, "Port to listen on (0: pick a free port and print it)")
      ->capture_default_str();
  cmd->add_option("--warehouse", args->warehouse, kWarehouseOptionHelp);
  cmd->add_option("--backend-store-uri", args->backend_store_uri,
                  "Tracking store: sqlite:///PATH (default: the warehouse's lakeml.db); "
                  "postgresql://... is not supported yet");
  cmd->add_option("--artifacts-destination", args->artifacts_destination,
                  "Directory for proxied artifacts (default: <warehouse>/artifacts)");
  cmd->add_option("--workers", args->workers, "Network I/O threads (default: the number of cores)");
  cmd->add_option(
      "--handler-threads", args->handler_threads,
      "Threads running storage-bound request handlers (default: 2 x cores, at least 4)");
  cmd->add_flag("--require-auth", args->require_auth,
                "Require API tokens even on a loopback address");
  cmd->add_option("--log-format", args->log_format, "Log lines as json or text")
      ->capture_default_str();
  cmd->add_option("--log-level", args->log_level,
                  "trace, debug, info (one line per request), warn, error or off")
      ->capture_default_str();
  cmd->add_option("--shutdown-grace", args->shutdown_grace_seconds,
                  "Seconds in-flight requests get to finish after SIGTERM")
      ->capture_default_str();
  cmd->add_option("--max-body-mb", args->max_body_mb,
                  "Largest JSON request body in MiB (artifact uploads stream and are not bound "
                  "by it)")
      ->capture_default_str();
  cmd->add_option("--max-connections", args->max_connections,
                  "Open connections; more are answered 503")
      ->capture_default_str();
  cmd->callback([args, exit_code]() {
    Status st = RunServer(*args);
    if (!st.ok()) {
      std::fprintf(stderr, "lakeml: %s\n", st.message().c_str());
      *exit_code = 1;
    }
  });
}

}  // namespace lakeml::app
