// The /artifacts resource of MLflow's proxied artifact API (mlflow/protos/mlflow_artifacts.proto):
//
//   PUT    /artifacts/{path...}   upload, streamed to disk (FileBodySink), answers {}
//   GET    /artifacts/{path...}   download, streamed from disk, as an attachment
//   GET    /artifacts?path=       list one directory: {"files": [{path, is_dir, file_size}]}
//                                 with paths as base names, as MLflow's server answers
//   DELETE /artifacts/{path...}   delete a file or directory tree, answers {}
//
// Paths are relative to the artifact root and checked by ml::ArtifactRoot (unsafe: 400
// INVALID_PARAMETER_VALUE; a missing download: 404 RESOURCE_DOES_NOT_EXIST).
#pragma once

#include <memory>

#include "ml/artifacts/artifact_root.h"
#include "server/http/route_table.h"

namespace lakeml::server {

// Adds the routes above to `table`; they share `root`.
void AddArtifactRoutes(std::shared_ptr<const ml::ArtifactRoot> root, RouteTable* table);

}  // namespace lakeml::server
