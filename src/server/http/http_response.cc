#include "server/http/http_response.h"

#include "server/http/json_writer.h"

namespace lakeml::server {

void HttpResponse::Reset() {
  status_ = 200;
  headers_.clear();
  content_type_.clear();
  body_.clear();
  file_path_.clear();
  close_connection_ = false;
}

void HttpResponse::SetJson(std::string_view json) {
  content_type_.assign(kContentTypeJson);
  body_.assign(json);
}

void HttpResponse::SetText(std::string_view text) {
  content_type_.assign(kContentTypeText);
  body_.assign(text);
}

void HttpResponse::SetError(int http_status, std::string_view error_code,
                            std::string_view message) {
  status_ = http_status;
  content_type_.assign(kContentTypeJson);
  file_path_.clear();
  body_.clear();
  body_.append("{\"error_code\":");
  JsonWriter::AppendQuoted(error_code, &body_);
  body_.append(",\"message\":");
  JsonWriter::AppendQuoted(message, &body_);
  body_.push_back('}');
}

std::pair<int, std::string_view> HttpResponse::MlflowErrorFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return {400, kErrorInvalidParameterValue};
    case StatusCode::kNotFound:
      return {404, kErrorResourceDoesNotExist};
    case StatusCode::kAlreadyExists:
      return {400, kErrorResourceAlreadyExists};
    case StatusCode::kResourceExhausted:
      return {429, kErrorRequestLimitExceeded};
    case StatusCode::kNotImplemented:
      return {501, kErrorNotImplemented};
    case StatusCode::kCancelled:
    case StatusCode::kConflict:
      return {503, kErrorTemporarilyUnavailable};
    default:
      return {500, kErrorInternal};
  }
}

void HttpResponse::SetStatusError(const Status& status) {
  const auto [http_status, code] = MlflowErrorFor(status.code());
  SetError(http_status, code, status.message());
}

void HttpResponse::SetFile(std::string path, std::string_view content_type) {
  body_.clear();
  file_path_ = std::move(path);
  content_type_.assign(content_type);
}

}  // namespace lakeml::server
