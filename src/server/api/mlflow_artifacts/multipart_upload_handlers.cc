#include "server/api/mlflow_artifacts/multipart_upload_handlers.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/http/json_writer.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

constexpr std::string_view kEmptyResponse = "{}";

// The request body as a JSON object; kInvalidArgument when it is not one.
Result<json> ParseBody(const HttpRequest& request) {
  json body = json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return Status::InvalidArgument("Request body must be a JSON object");
  }
  return body;
}

Result<std::string> RequiredString(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    return Status::InvalidArgument("Missing value for required parameter '", field, "'");
  }
  if (!it->is_string()) {
    return Status::InvalidArgument("Invalid value for parameter '", field, "': must be a string");
  }
  return it->get<std::string>();
}

// An integer field, also as a string of digits (MLflow accepts "int-like" values).
Result<int64_t> IntField(const json& value, std::string_view field) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    int64_t parsed = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), parsed);
    if (error == std::errc() && end == s.data() + s.size()) return parsed;
  }
  return Status::InvalidArgument("Invalid value for parameter '", field, "': must be an integer");
}

// The artifact an mpu request is about: the URL's directory plus the base name of the client's
// local file ("path" in the body; a Windows client sends backslashes).
Result<std::string> TargetPath(const HttpRequest& request, const json& body) {
  LAKEML_ASSIGN_OR_RETURN(std::string local_file, RequiredString(body, "path"));
  const size_t sep = local_file.find_last_of("/\\");
  const std::string name = sep == std::string::npos ? local_file : local_file.substr(sep + 1);
  if (name.empty()) return Status::InvalidArgument("Invalid path (no file name): ", local_file);
  std::string_view dir = request.PathParam("path");
  while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
  return dir.empty() ? name : StrCat(dir, "/", name);
}

// http(s)://host of this request, for URLs that must lead a client back here.
std::string BaseUrl(const HttpRequest& request) {
  const std::string_view proto = request.Header("X-Forwarded-Proto").value_or("http");
  const std::string_view host =
      request.Header("X-Forwarded-Host").value_or(request.Header("Host").value_or("localhost"));
  return StrCat(proto == "https" ? "https" : "http", "://", host);
}

Status Create(const MultipartUploadStore& store, std::string_view url_prefix,
              const HttpRequest& request, HttpResponse& response) {
  LAKEML_ASSIGN_OR_RETURN(json body, ParseBody(request));
  LAKEML_ASSIGN_OR_RETURN(std::string target, TargetPath(request, body));
  int64_t num_parts = 1;
  if (auto it = body.find("num_parts"); it != body.end() && !it->is_null()) {
    LAKEML_ASSIGN_OR_RETURN(num_parts, IntField(*it, "num_parts"));
  }
  LAKEML_ASSIGN_OR_RETURN(std::string upload_id, store.Create(target, num_parts));
  const std::string part_url = StrCat(BaseUrl(request), url_prefix, "/mpu/upload/", upload_id, "/");
  response.set_content_type(kContentTypeJson);
  JsonWriter w(response.mutable_body());
  w.BeginObject();
  w.Key("upload_id");
  w.String(upload_id);
  w.Key("credentials");
  w.BeginArray();
  for (int64_t part = 1; part <= num_parts; ++part) {
    w.BeginObject();
    w.Key("url");
    w.String(StrCat(part_url, part));
    w.Key("part_number");
    w.Int(part);
    w.Key("headers");
    w.BeginObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Status::OK();
}

Status Complete(const MultipartUploadStore& store, const HttpRequest& request,
                HttpResponse& response) {
  LAKEML_ASSIGN_OR_RETURN(json body, ParseBody(request));
  LAKEML_ASSIGN_OR_RETURN(std::string target, TargetPath(request, body));
  LAKEML_ASSIGN_OR_RETURN(std::string upload_id, RequiredString(body, "upload_id"));
  auto parts = body.find("parts");
  if (parts == body.end() || !parts->is_array()) {
    return Status::InvalidArgument("Missing value for required parameter 'parts'");
  }
  std::vector<int64_t> part_numbers;
  for (const json& part : *parts) {
    auto number = part.is_object() ? part.find("part_number") : part.end();
    if (!part.is_object() || number == part.end()) {
      return Status::InvalidArgument("Each of 'parts' needs a part_number");
    }
    LAKEML_ASSIGN_OR_RETURN(int64_t value, IntField(*number, "part_number"));
    part_numbers.push_back(value);
  }
  LAKEML_RETURN_IF_ERROR(store.Complete(upload_id, target, std::move(part_numbers)));
  response.SetJson(kEmptyResponse);
  return Status::OK();
}

Status Abort(const MultipartUploadStore& store, const HttpRequest& request,
             HttpResponse& response) {
  LAKEML_ASSIGN_OR_RETURN(json body, ParseBody(request));
  LAKEML_ASSIGN_OR_RETURN(std::string target, TargetPath(request, body));
  LAKEML_ASSIGN_OR_RETURN(std::string upload_id, RequiredString(body, "upload_id"));
  LAKEML_RETURN_IF_ERROR(store.Abort(upload_id, target));
  response.SetJson(kEmptyResponse);
  return Status::OK();
}

Result<int64_t> PartNumber(const HttpRequest& request) {
  const std::string_view text = request.PathParam("part_number");
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("Invalid part number: ", text);
  }
  return number;
}

void UploadPart(HttpRequest& request, HttpResponse& response) {
  auto* sink = static_cast<FileBodySink*>(request.body_sink());
  if (sink == nullptr) return response.SetStatusError(Status::Internal("Part without a sink"));
  if (Status st = sink->Commit(); !st.ok()) return response.SetStatusError(st);
  // Parts are checked by number at completion; the ETag only has to be non-empty and stable.
  response.AddHeader(
      "ETag", StrCat("\"", request.PathParam("part_number"), "-", sink->bytes_written(), "\""));
  response.SetJson(kEmptyResponse);
}

// Adds one POST route under both /mpu/<verb> and /mpu/<verb>/{path...} (MLflow's client leaves
// the path out for artifacts at the root).
template <typename Handler>
void AddBoth(RouteTable* table, std::string_view verb, Handler handler) {
  HttpHandler wrapped = [handler](HttpRequest& request, HttpResponse& response) {
    if (Status st = handler(request, response); !st.ok()) response.SetStatusError(st);
  };
  table->Add(HttpMethod::kPost, StrCat("/mpu/", verb), wrapped);
  table->Add(HttpMethod::kPost, StrCat("/mpu/", verb, "/{path...}"), wrapped);
}

}  // namespace

void AddMultipartUploadRoutes(std::shared_ptr<const MultipartUploadStore> store,
                              std::string_view url_prefix, RouteTable* table) {
  AddBoth(table, "create",
          [store, prefix = std::string(url_prefix)](HttpRequest& req, HttpResponse& res) {
            return Create(*store, prefix, req, res);
          });
  AddBoth(table, "complete",
          [store](HttpRequest& req, HttpResponse& res) { return Complete(*store, req, res); });
  AddBoth(table, "abort",
          [store](HttpRequest& req, HttpResponse& res) { return Abort(*store, req, res); });
  Route& part = table->Add(HttpMethod::kPut, "/mpu/upload/{upload_id}/{part_number}", UploadPart);
  part.requires_auth = false;  // The upload id is the credential (see the header).
  part.sink_factory =
      [store](const HttpRequest& request) -> Result<std::unique_ptr<RequestBodySink>> {
    LAKEML_ASSIGN_OR_RETURN(int64_t number, PartNumber(request));
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileBodySink> sink,
                            store->OpenPart(request.PathParam("upload_id"), number));
    return std::unique_ptr<RequestBodySink>(std::move(sink));
  };
}

}  // namespace lakeml::server
