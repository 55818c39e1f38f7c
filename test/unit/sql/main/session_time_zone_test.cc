// SessionTimeZone::Check: UTC aliases pass; other real zones are UNSUPPORTED_FEATURE; unknown
// names INVALID_CONF_VALUE.TIME_ZONE.
#include "sql/main/session_time_zone.h"

#include <gtest/gtest.h>

#include <string>

namespace lakeml::sql {
namespace {

std::string CheckZone(const std::string& value) {
  Status st = SessionTimeZone::Check(value, SourcePosition{});
  return st.ok() ? "ok" : st.message();
}

TEST(SessionTimeZoneTest, UtcAliasesAndZeroOffsets) {
  for (const char* zone :
       {"'UTC'", "'utc'", "'Etc/UTC'", "'GMT'", "'Z'", "'+00:00'", "'-00'", "UTC+0", "GMT-00:00",
        "INTERVAL '0' HOUR", "INTERVAL 0 HOURS", "\"UTC\""}) {
    EXPECT_EQ(CheckZone(zone), "ok") << zone;
  }
}

TEST(SessionTimeZoneTest, OtherZonesAreUnsupported) {
  for (const char* zone :
       {"'America/Los_Angeles'", "'+01:00'", "'UTC-8'", "INTERVAL '1' HOUR", "Europe/Berlin"}) {
    EXPECT_NE(CheckZone(zone).find("[UNSUPPORTED_FEATURE]"), std::string::npos) << zone;
  }
}

TEST(SessionTimeZoneTest, UnknownNamesAreInvalid) {
  for (const char* zone :
       {"'Mars/Olympus_Mons'", "'../../etc/passwd'", "''", "'+1x'", "'/etc/localtime'"}) {
    EXPECT_NE(CheckZone(zone).find("[INVALID_CONF_VALUE.TIME_ZONE]"), std::string::npos) << zone;
  }
}

}  // namespace
}  // namespace lakeml::sql
