#include "server/api/mlflow_artifacts/mlflow_artifacts_route_table.h"

#include "server/api/mlflow_artifacts/artifact_handlers.h"
#include "server/api/mlflow_artifacts/multipart_upload_handlers.h"
#include "server/api/mlflow_artifacts/multipart_upload_store.h"

namespace lakeml::server {

std::shared_ptr<RouteTable> MakeMlflowArtifactsRouteTable(
    std::shared_ptr<const ml::ArtifactRoot> root) {
  auto table = std::make_shared<RouteTable>("mlflow-artifacts");
  AddArtifactRoutes(root, table.get());
  AddMultipartUploadRoutes(std::make_shared<const MultipartUploadStore>(root),
                           kMlflowArtifactsPrefix, table.get());
  return table;
}

}  // namespace lakeml::server
