#include "server/api/mlflow_registry/registry_handler.h"

#include <simdjson.h>

#include <utility>

#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Its own parser: MlflowRequest's per-thread parser holds the request its views point into.
simdjson::dom::parser& BoolFieldParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

std::optional<bool> BoolText(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

}  // namespace

void RegistryHandler::AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                               const std::shared_ptr<ml::ModelRegistryStore>& store,
                               StoreOperation operation) {
  table.Add(method, pattern,
            MlflowHandler::Wrap([store, operation](const MlflowRequest& req, JsonWriter& out) {
              return operation(*store, req, out);
            }));
}

void RegistryHandler::AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                               const std::shared_ptr<ml::ModelRegistryStore>& store,
                               HttpStoreOperation operation) {
  // Wrap's operation sees only the MlflowRequest, so the HttpRequest is bound per request.
  table.Add(method, pattern, [store, operation](HttpRequest& http, HttpResponse& response) {
    MlflowHandler::Wrap([&](const MlflowRequest& req, JsonWriter& out) {
      return operation(*store, http, req, out);
    })(http, response);
  });
}

Result<std::optional<bool>> RegistryHandler::OptionalBool(const HttpRequest& http,
                                                          const MlflowRequest& request,
                                                          std::string_view name) {
  if (http.method() == HttpMethod::kGet || http.method() == HttpMethod::kHead) {
    std::optional<std::string_view> text = http.QueryParam(name);
    if (!text.has_value()) return std::optional<bool>();
    std::optional<bool> value = BoolText(*text);
    if (!value.has_value()) {
      std::string json;
      JsonWriter::AppendQuoted(*text, &json);
      return MlflowRequest::InvalidValue(name, json, "str");
    }
    return value;
  }
  // MlflowRequest::Parse accepted this body already (it runs first), so it is a JSON object,
  // or a JSON string holding one.
  std::string_view body = http.body();
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::optional<bool>();
  simdjson::dom::parser& parser = BoolFieldParser();
  element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return std::optional<bool>();
  }
  if (root.type() == element_type::STRING) {
    const std::string inner(std::string_view(root.get_string().value_unsafe()));
    if (parser.parse(inner).get(root) != simdjson::SUCCESS) return std::optional<bool>();
  }
  element value;
  if (root.type() != element_type::OBJECT || root.at_key(name).get(value) != simdjson::SUCCESS ||
      value.type() == element_type::NULL_VALUE) {
    return std::optional<bool>();
  }
  if (value.type() == element_type::BOOL) return std::optional<bool>(value.get_bool().value());
  // MLflow's _assert_bool: only a JSON bool; MlflowRequest's string reader words the type
  // error of anything else but a string.
  LAKEML_RETURN_IF_ERROR(request.OptionalString(name).status());
  return MlflowRequest::InvalidValue(name, simdjson::minify(value), "str");
}

}  // namespace lakeml::server
