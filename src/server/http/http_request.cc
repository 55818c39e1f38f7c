#include "server/http/http_request.h"

#include <strings.h>

#include "server/http/percent_decoding.h"

namespace lakeml::server {

void HttpRequest::Reset() {
  method_ = HttpMethod::kOther;
  method_text_.clear();
  target_.clear();
  path_.clear();
  raw_query_ = {};
  query_params_.clear();
  headers_.clear();
  path_params_.clear();
  body_.clear();
  body_sink_.reset();
  route_template_ = {};
  request_id_.clear();
}

Status HttpRequest::SetStart(std::string_view method, std::string_view target) {
  method_ = ParseHttpMethod(method);
  method_text_.assign(method);
  target_.assign(target);
  if (target_.empty() || target_[0] != '/') {
    return Status::InvalidArgument("Request target must be an absolute path, got: ",
                                   target_.substr(0, 200));
  }
  const size_t q = target_.find('?');
  const std::string_view encoded_path = std::string_view(target_).substr(0, q);
  if (q != std::string::npos) raw_query_ = std::string_view(target_).substr(q + 1);
  LAKEML_RETURN_IF_ERROR(PercentDecode(encoded_path, /*plus_is_space=*/false, &path_));
  return ParseQueryString(raw_query_, &query_params_);
}

std::optional<std::string_view> HttpRequest::QueryParam(std::string_view name) const {
  for (const NameValue& p : query_params_) {
    if (p.first == name) return std::string_view(p.second);
  }
  return std::nullopt;
}

std::vector<std::string_view> HttpRequest::QueryParams(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const NameValue& p : query_params_) {
    if (p.first == name) values.push_back(p.second);
  }
  return values;
}

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const NameValue& h : headers_) {
    if (h.first.size() == name.size() &&
        strncasecmp(h.first.data(), name.data(), name.size()) == 0) {
      return std::string_view(h.second);
    }
  }
  return std::nullopt;
}

std::string_view HttpRequest::PathParam(std::string_view name) const {
  for (const NameValue& p : path_params_) {
    if (p.first == name) return p.second;
  }
  return {};
}

}  // namespace lakeml::server
