#include "server/api/mlflow_run_artifacts/mlflow_run_artifacts_route_table.h"

#include <string>

#include "ml/artifacts/run_artifact_location.h"
#include "ml/tracking/mlflow_error.h"
#include "server/api/mlflow_artifacts/file_info_json.h"
#include "server/http/json_writer.h"

namespace lakeml::server {
namespace {

// Answers a tracking-store error with the MLflow code it carries.
void SetMlflowError(const Status& status, HttpResponse& response) {
  const ml::MlflowError::Parsed parsed = ml::MlflowError::Parse(status);
  response.SetError(ml::MlflowError::HttpStatus(parsed.code),
                    ml::MlflowError::CodeName(parsed.code), parsed.message);
}

void ListRunArtifacts(ml::TrackingStore& store, const ml::ArtifactRoot& root, HttpRequest& request,
                      HttpResponse& response) {
  std::string_view run_id = request.QueryParam("run_id").value_or("");
  if (run_id.empty()) run_id = request.QueryParam("run_uuid").value_or("");
  if (run_id.empty()) {
    return response.SetError(400, kErrorInvalidParameterValue,
                             "Missing value for required parameter 'run_id'");
  }
  std::string_view path = request.QueryParam("path").value_or("");
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (Status st = ml::ArtifactRoot::ValidateRelativePath(path); !st.ok()) {
    return response.SetStatusError(st);
  }
  Result<ml::Run> run = store.GetRun(run_id);
  if (!run.ok()) return SetMlflowError(run.status(), response);
  const std::string& root_uri = run->info.artifact_uri;
  Result<ml::RunArtifactLocation> location = ml::ResolveRunArtifactUri(root_uri, root);
  if (!location.ok()) return response.SetStatusError(location.status());
  std::vector<ml::ArtifactFileInfo> files;
  if (location->exists) {
    Result<std::vector<ml::ArtifactFileInfo>> listed = location->root.List(location->Join(path));
    if (!listed.ok()) return response.SetStatusError(listed.status());
    files = std::move(listed).value();
  }
  response.set_content_type(kContentTypeJson);
  JsonWriter w(response.mutable_body());
  w.BeginObject();
  w.Key("root_uri");
  w.String(root_uri);
  WriteFileInfos(files, path, &w);
  w.EndObject();
}

}  // namespace

std::shared_ptr<RouteTable> MakeMlflowRunArtifactsRouteTable(
    std::shared_ptr<ml::TrackingStore> store, std::shared_ptr<const ml::ArtifactRoot> root) {
  auto table = std::make_shared<RouteTable>("mlflow-run-artifacts");
  table->Add(HttpMethod::kGet, "/artifacts/list",
             [store, root](HttpRequest& request, HttpResponse& response) {
               ListRunArtifacts(*store, *root, request, response);
             });
  return table;
}

}  // namespace lakeml::server
