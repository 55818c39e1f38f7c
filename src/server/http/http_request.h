// HttpRequest: one parsed HTTP request as a handler sees it: method, target, the percent-decoded
// path, decoded query parameters, headers, the path parameters of the matched route, and the
// body (buffered in memory, or streamed into a RequestBodySink for routes that ask for that).
//
// The server owns it and reuses one per connection (Reset keeps buffer capacity), so the views it
// returns are valid only while the handler runs. Thread-compatible.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "server/http/http_method.h"
#include "server/http/request_body_sink.h"

namespace lakeml::server {

class HttpRequest {
 public:
  using NameValue = std::pair<std::string, std::string>;

  // Clears everything, keeping allocated capacity for the next request.
  void Reset();

  // Sets the method and the request target ("/a%20b/c?x=1"): decodes the path and the query.
  // kInvalidArgument (a 400 for the client) for a target that is not an absolute path or has a
  // malformed escape.
  Status SetStart(std::string_view method, std::string_view target);
  void AddHeader(std::string_view name, std::string_view value) {
    headers_.emplace_back(std::string(name), std::string(value));
  }
  void AddPathParam(std::string_view name, std::string_view value) {
    path_params_.emplace_back(std::string(name), std::string(value));
  }
  void ClearPathParams() { path_params_.clear(); }
  std::string* mutable_body() { return &body_; }
  void set_body_sink(std::unique_ptr<RequestBodySink> sink) { body_sink_ = std::move(sink); }
  void set_route_template(std::string_view route) { route_template_ = route; }
  void set_request_id(std::string id) { request_id_ = std::move(id); }

  HttpMethod method() const { return method_; }
  std::string_view method_text() const { return method_text_; }
  std::string_view target() const { return target_; }
  std::string_view path() const { return path_; }
  std::string_view raw_query() const { return raw_query_; }
  const std::vector<NameValue>& query_params() const { return query_params_; }
  // The first value of query parameter `name`.
  std::optional<std::string_view> QueryParam(std::string_view name) const;
  // Every value of a repeated query parameter (?run_id=a&run_id=b), in order.
  std::vector<std::string_view> QueryParams(std::string_view name) const;
  const std::vector<NameValue>& headers() const { return headers_; }
  // The first header named `name` (case-insensitive).
  std::optional<std::string_view> Header(std::string_view name) const;
  // The value of path parameter `name` ({name} or {name...} in the route); "" when absent.
  std::string_view PathParam(std::string_view name) const;
  std::string_view body() const { return body_; }
  // The streamed body's sink (routes with a sink factory); null otherwise.
  RequestBodySink* body_sink() const { return body_sink_.get(); }
  std::string_view route_template() const { return route_template_; }
  std::string_view request_id() const { return request_id_; }

 private:
  HttpMethod method_ = HttpMethod::kOther;
  std::string method_text_;
  std::string target_;
  std::string path_;
  std::string_view raw_query_;  // Into target_.
  std::vector<NameValue> query_params_;
  std::vector<NameValue> headers_;
  std::vector<NameValue> path_params_;
  std::string body_;
  std::unique_ptr<RequestBodySink> body_sink_;
  std::string_view route_template_;  // Owned by the Router.
  std::string request_id_;
};

}  // namespace lakeml::server
