// The "mlflow-run-artifacts" API surface: the tracking API's artifact listing,
//
//   GET /artifacts/list?run_id=&path=&page_token=
//       {"root_uri": <the run's artifact_uri>, "files": [{path, is_dir, file_size}]}
//
// with paths relative to the run's artifact root ("dir/file" when listing "dir"), as MLflow's
// server answers. The run's artifact_uri is resolved by ml::ResolveRunArtifactUri: proxied
// (mlflow-artifacts:/) runs list the server's artifact root, file:// and absolute-path runs
// their directory; `path` is checked as ml::ArtifactRoot does. MLflow's local listings never
// page: page_token is accepted and no next_page_token is returned.
//
// Mounted under /api/2.0/mlflow and /ajax-api/2.0/mlflow, beside the tracking table.
#pragma once

#include <memory>

#include "ml/artifacts/artifact_root.h"
#include "ml/tracking/tracking_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeMlflowRunArtifactsRouteTable(
    std::shared_ptr<ml::TrackingStore> store, std::shared_ptr<const ml::ArtifactRoot> root);

}  // namespace lakeml::server
