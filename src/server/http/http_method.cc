#include "server/http/http_method.h"

namespace lakeml::server {

HttpMethod ParseHttpMethod(std::string_view text) {
  if (text == "GET") return HttpMethod::kGet;
  if (text == "POST") return HttpMethod::kPost;
  if (text == "HEAD") return HttpMethod::kHead;
  if (text == "PUT") return HttpMethod::kPut;
  if (text == "PATCH") return HttpMethod::kPatch;
  if (text == "DELETE") return HttpMethod::kDelete;
  if (text == "OPTIONS") return HttpMethod::kOptions;
  return HttpMethod::kOther;
}

std::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kHead:
      return "HEAD";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kDelete:
      return "DELETE";
    case HttpMethod::kOptions:
      return "OPTIONS";
    case HttpMethod::kOther:
      return "OTHER";
  }
  return "OTHER";
}

}  // namespace lakeml::server
