// HttpResponse: what a handler answers: a status, headers and a body that is either a buffer the
// handler writes into (JSON straight into mutable_body(), see JsonWriter) or a file streamed from
// disk in chunks (SetFile), never read whole into memory.
//
// Errors use MLflow's shape, {"error_code": "...", "message": "..."}; SetStatusError maps a lakeml
// Status to MLflow's code and HTTP status (RESOURCE_DOES_NOT_EXIST 404, INVALID_PARAMETER_VALUE and
// RESOURCE_ALREADY_EXISTS 400, INTERNAL_ERROR 500).
//
// The server owns it and reuses one per connection (Reset keeps the body's capacity).
// Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace lakeml::server {

// DO NOT CHANGE: MLflow REST API error codes (mlflow/protos/databricks.proto), read by clients.
inline constexpr std::string_view kErrorEndpointNotFound = "ENDPOINT_NOT_FOUND";
inline constexpr std::string_view kErrorInvalidParameterValue = "INVALID_PARAMETER_VALUE";
inline constexpr std::string_view kErrorResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
inline constexpr std::string_view kErrorResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
inline constexpr std::string_view kErrorInternal = "INTERNAL_ERROR";
inline constexpr std::string_view kErrorUnauthenticated = "UNAUTHENTICATED";
inline constexpr std::string_view kErrorBadRequest = "BAD_REQUEST";
inline constexpr std::string_view kErrorRequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
inline constexpr std::string_view kErrorTemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
inline constexpr std::string_view kErrorNotImplemented = "NOT_IMPLEMENTED";

inline constexpr std::string_view kContentTypeJson = "application/json";
inline constexpr std::string_view kContentTypeText = "text/plain; charset=utf-8";

class HttpResponse {
 public:
  using NameValue = std::pair<std::string, std::string>;

  // Back to 200, no headers, empty body; keeps the body's capacity.
  void Reset();

  void set_status(int status) { status_ = status; }
  int status() const { return status_; }

  // Adds a header (Content-Type and Content-Length are set by the methods below / the server).
  void AddHeader(std::string_view name, std::string_view value) {
    headers_.emplace_back(std::string(name), std::string(value));
  }
  const std::vector<NameValue>& headers() const { return headers_; }

  void set_content_type(std::string_view type) { content_type_.assign(type); }
  const std::string& content_type() const { return content_type_; }

  // The body buffer, for writing JSON or text straight into it.
  std::string* mutable_body() { return &body_; }
  const std::string& body() const { return body_; }

  // Sets a JSON (or text) body from a string.
  void SetJson(std::string_view json);
  void SetText(std::string_view text);

  // MLflow's error body with `http_status`.
  void SetError(int http_status, std::string_view error_code, std::string_view message);
  // SetError with the status and error code MLflow uses for `status` (REQUIRES: !status.ok()).
  void SetStatusError(const Status& status);

  // Streams the file at `path` as the body (the server opens it; a file that cannot be opened
  // becomes a 404 RESOURCE_DOES_NOT_EXIST).
  void SetFile(std::string path, std::string_view content_type);
  const std::string& file_path() const { return file_path_; }
  bool has_file() const { return !file_path_.empty(); }

  // Asks the server to close the connection after this response.
  void set_close_connection(bool close) { close_connection_ = close; }
  bool close_connection() const { return close_connection_; }

  // The MLflow error code and HTTP status for a lakeml Status code.
  static std::pair<int, std::string_view> MlflowErrorFor(StatusCode code);

 private:
  int status_ = 200;
  std::vector<NameValue> headers_;
  std::string content_type_;
  std::string body_;
  std::string file_path_;
  bool close_connection_ = false;
};

}  // namespace lakeml::server
