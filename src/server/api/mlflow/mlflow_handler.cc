#include "server/api/mlflow/mlflow_handler.h"

#include <exception>
#include <utility>

#include "ml/tracking/mlflow_error.h"

namespace lakeml::server {

void MlflowHandler::SetError(const Status& status, HttpResponse& response) {
  const ml::MlflowError::Parsed parsed = ml::MlflowError::Parse(status);
  response.SetError(ml::MlflowError::HttpStatus(parsed.code),
                    ml::MlflowError::CodeName(parsed.code), parsed.message);
}

HttpHandler MlflowHandler::Wrap(Operation operation) {
  return [operation = std::move(operation)](HttpRequest& http, HttpResponse& response) {
    try {
      Result<MlflowRequest> request = MlflowRequest::Parse(http);
      if (!request.ok()) return SetError(request.status(), response);
      response.set_content_type(kContentTypeJson);
      std::string* body = response.mutable_body();
      body->clear();
      JsonWriter out(body);
      if (Status status = operation(*request, out); !status.ok()) SetError(status, response);
    } catch (const std::exception& e) {
      response.SetError(500, kErrorInternal, StrCat("Internal error: ", e.what()));
    }
  };
}

void MlflowHandler::AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                             const std::shared_ptr<ml::TrackingStore>& store,
                             StoreOperation operation) {
  table.Add(method, pattern, Wrap([store, operation](const MlflowRequest& req, JsonWriter& out) {
              return operation(*store, req, out);
            }));
}

}  // namespace lakeml::server
