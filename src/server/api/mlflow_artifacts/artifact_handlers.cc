#include "server/api/mlflow_artifacts/artifact_handlers.h"

#include <string>

#include "server/api/mlflow_artifacts/artifact_content_type.h"
#include "server/api/mlflow_artifacts/file_info_json.h"
#include "server/http/file_body_sink.h"
#include "server/http/json_writer.h"

namespace lakeml::server {
namespace {

// DO NOT CHANGE: MLflow's empty response message for upload and delete.
constexpr std::string_view kEmptyResponse = "{}";

// Content-Disposition value for `name`: quoted, with the characters that could end the quoted
// string or the header replaced (file names may hold any byte but '/' and NUL).
std::string AttachmentDisposition(std::string_view name) {
  std::string value = "attachment; filename=\"";
  for (char c : name) {
    const bool unsafe = c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    value.push_back(unsafe ? '_' : c);
  }
  value.push_back('"');
  return value;
}

void Upload(HttpRequest& request, HttpResponse& response) {
  auto* sink = static_cast<FileBodySink*>(request.body_sink());
  if (sink == nullptr) return response.SetStatusError(Status::Internal("Upload without a sink"));
  if (Status st = sink->Commit(); !st.ok()) return response.SetStatusError(st);
  response.SetJson(kEmptyResponse);
}

Result<std::unique_ptr<RequestBodySink>> OpenUploadSink(const ml::ArtifactRoot& root,
                                                        const HttpRequest& request) {
  LAKEML_ASSIGN_OR_RETURN(std::filesystem::path target,
                          root.ResolveForWrite(request.PathParam("path")));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileBodySink> sink,
                          FileBodySink::Create(target.string()));
  return std::unique_ptr<RequestBodySink>(std::move(sink));
}

void Download(const ml::ArtifactRoot& root, HttpRequest& request, HttpResponse& response) {
  const std::string_view path = request.PathParam("path");
  Result<std::filesystem::path> file = root.ResolveFile(path);
  if (!file.ok()) return response.SetStatusError(file.status());
  const std::string name = file->filename().string();
  response.SetFile(file->string(), GuessArtifactContentType(name));
  response.AddHeader("Content-Disposition", AttachmentDisposition(name));
  response.AddHeader("X-Content-Type-Options", "nosniff");
}

void List(const ml::ArtifactRoot& root, HttpRequest& request, HttpResponse& response) {
  Result<std::vector<ml::ArtifactFileInfo>> files =
      root.List(request.QueryParam("path").value_or(""));
  if (!files.ok()) return response.SetStatusError(files.status());
  response.set_content_type(kContentTypeJson);
  JsonWriter w(response.mutable_body());
  w.BeginObject();
  WriteFileInfos(*files, "", &w);
  w.EndObject();
}

void Delete(const ml::ArtifactRoot& root, HttpRequest& request, HttpResponse& response) {
  if (Status st = root.Delete(request.PathParam("path")); !st.ok()) {
    return response.SetStatusError(st);
  }
  response.SetJson(kEmptyResponse);
}

}  // namespace

void AddArtifactRoutes(std::shared_ptr<const ml::ArtifactRoot> root, RouteTable* table) {
  Route& upload = table->Add(HttpMethod::kPut, "/artifacts/{path...}", Upload);
  upload.sink_factory = [root](const HttpRequest& request) {
    return OpenUploadSink(*root, request);
  };
  table->Add(
      HttpMethod::kGet, "/artifacts/{path...}",
      [root](HttpRequest& request, HttpResponse& response) { Download(*root, request, response); });
  table->Add(HttpMethod::kGet, "/artifacts", [root](HttpRequest& request, HttpResponse& response) {
    List(*root, request, response);
  });
  table->Add(
      HttpMethod::kDelete, "/artifacts/{path...}",
      [root](HttpRequest& request, HttpResponse& response) { Delete(*root, request, response); });
}

}  // namespace lakeml::server
