// HttpMethod: the request methods the router distinguishes. Value type.
#pragma once

#include <string_view>

namespace lakeml::server {

enum class HttpMethod { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// "GET" -> kGet; methods are case-sensitive (RFC 9110); anything else is kOther.
HttpMethod ParseHttpMethod(std::string_view text);
std::string_view HttpMethodName(HttpMethod method);

}  // namespace lakeml::server
