// The "mlflow-artifacts" API surface: MLflow's proxied artifact API (what `mlflow server
// --serve-artifacts` serves), over one local artifact root (--artifacts-destination). Runs
// whose artifact_uri is mlflow-artifacts:/<experiment_id>/<run_id>/artifacts are uploaded and
// downloaded through it by MLflow clients. Resources: artifact_handlers.h (/artifacts) and
// multipart_upload_handlers.h (/mpu).
//
// Mounted under kMlflowArtifactsPrefix and kMlflowArtifactsAjaxPrefix.
#pragma once

#include <memory>
#include <string_view>

#include "ml/artifacts/artifact_root.h"
#include "server/http/route_table.h"

namespace lakeml::server {

// DO NOT CHANGE: MLflow's paths, called by its clients and UI.
inline constexpr std::string_view kMlflowArtifactsPrefix = "/api/2.0/mlflow-artifacts";
inline constexpr std::string_view kMlflowArtifactsAjaxPrefix = "/ajax-api/2.0/mlflow-artifacts";

std::shared_ptr<RouteTable> MakeMlflowArtifactsRouteTable(
    std::shared_ptr<const ml::ArtifactRoot> root);

}  // namespace lakeml::server
