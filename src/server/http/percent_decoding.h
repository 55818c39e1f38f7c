// Percent-decoding of request targets (RFC 3986) and parsing of query strings
// (application/x-www-form-urlencoded: '+' is a space in queries, not in paths). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace lakeml::server {

// Decodes %XX escapes of `in` into `out` (cleared first); `plus_is_space` for query parts.
// kInvalidArgument for a truncated or non-hex escape and for an encoded NUL (%00), which no
// path or name may contain.
Status PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

// Splits "a=1&b=x%20y" into decoded (name, value) pairs appended to `out`, in order; a pair
// without '=' has an empty value; empty pairs ("a=1&&b=2") are skipped.
Status ParseQueryString(std::string_view query,
                        std::vector<std::pair<std::string, std::string>>* out);

}  // namespace lakeml::server
