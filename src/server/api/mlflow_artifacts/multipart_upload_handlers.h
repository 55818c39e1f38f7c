// The /mpu resource of MLflow's proxied artifact API: multipart uploads of large artifacts.
//
//   POST /mpu/create[/{path...}]    {"path": local file, "num_parts": n} ->
//        {"upload_id", "credentials": [{"url", "part_number", "headers": {}}]}
//        The artifact is {path...}/<base name of "path">, as MLflow's server forms it.
//   PUT  /mpu/upload/{upload_id}/{part_number}   one part, streamed to disk; answers {} with an
//        ETag. The credential URLs point here, on this server (prefix kMultipartPartUrlPrefix),
//        and need no token: MLflow's client sends none to them; the upload id is the secret.
//   POST /mpu/complete[/{path...}]  {"path", "upload_id", "parts": [{"part_number", "etag"}]} -> {}
//   POST /mpu/abort[/{path...}]     {"path", "upload_id"} -> {}
#pragma once

#include <memory>
#include <string_view>

#include "server/api/mlflow_artifacts/multipart_upload_store.h"
#include "server/http/route_table.h"

namespace lakeml::server {

// Adds the routes above to `table`; credential URLs are http(s)://<Host><url_prefix>/mpu/upload/...
void AddMultipartUploadRoutes(std::shared_ptr<const MultipartUploadStore> store,
                              std::string_view url_prefix, RouteTable* table);

}  // namespace lakeml::server
