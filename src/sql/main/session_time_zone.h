// SessionTimeZone: checks the value of SET TIME ZONE / SET spark.sql.session.timeZone.
//
// lakeml evaluates every TIMESTAMP in UTC (decision 0019), so the only session time zones it
// accepts are the ones that are UTC at every instant: 'UTC', 'Etc/UTC', 'GMT', 'Z', '+00:00',
// 'UTC+0', INTERVAL '0' HOUR, and LOCAL when the machine's zone is one of them. A zone that
// exists but differs from UTC ('America/Los_Angeles', '+01:00') is UNSUPPORTED_FEATURE rather
// than being accepted and ignored; a value that names no zone is Spark's
// INVALID_CONF_VALUE.TIME_ZONE.
//
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "sql/parser/ast_node.h"

namespace lakeml::sql {

class SessionTimeZone {
 public:
  // `value` is the text after SET TIME ZONE (quoted string, LOCAL or INTERVAL ...) or the
  // value of the config key (quotes optional). `at` positions the errors.
  static Status Check(std::string_view value, SourcePosition at);

  // True for zone ids that are UTC at every instant (case-insensitive).
  static bool IsUtcName(std::string_view zone);
};

}  // namespace lakeml::sql
