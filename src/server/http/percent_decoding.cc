#include "server/http/percent_decoding.h"

namespace lakeml::server {
namespace {

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Status PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const int hi = i + 2 < in.size() ? HexDigitValue(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexDigitValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Status::InvalidArgument("Malformed percent-escape in request target at offset ", i);
      }
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') {
        return Status::InvalidArgument("Encoded NUL (%00) in request target at offset ", i);
      }
      out->push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return Status::OK();
}

Status ParseQueryString(std::string_view query,
                        std::vector<std::pair<std::string, std::string>>* out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    out->emplace_back();
    LAKEML_RETURN_IF_ERROR(PercentDecode(pair.substr(0, eq), true, &out->back().first));
    if (eq != std::string_view::npos) {
      LAKEML_RETURN_IF_ERROR(PercentDecode(pair.substr(eq + 1), true, &out->back().second));
    }
  }
  return Status::OK();
}

}  // namespace lakeml::server
