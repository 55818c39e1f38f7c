#include "sql/main/session_time_zone.h"

#include <strings.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {
namespace {

constexpr std::string_view kZoneInfoDir = "/usr/share/zoneinfo/";

std::string_view TrimZoneText(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// An offset id as java.time.ZoneId reads it: [UTC|GMT|UT]+h, +hh, +hh:mm, +hhmm, +hh:mm:ss.
// Sets *zero when every digit is 0.
bool IsOffsetZone(std::string_view s, bool* zero) {
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (StartsWithNoCase(s, prefix) && s.size() > prefix.size() &&
        (s[prefix.size()] == '+' || s[prefix.size()] == '-')) {
      s.remove_prefix(prefix.size());
      break;
    }
  }
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  s.remove_prefix(1);
  int digits = 0;
  *zero = true;
  for (char c : s) {
    if (c == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    if (c != '0') *zero = false;
    ++digits;
  }
  return digits >= 1 && digits <= 6;
}

// A region id that the system tz database holds (/usr/share/zoneinfo/<id>).
bool IsKnownRegion(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '/') return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' &&
        c != '+') {
      return false;
    }
  }
  if (s.find("..") != std::string_view::npos) return false;
  return access(StrCat(kZoneInfoDir, s).c_str(), R_OK) == 0;
}

// The machine's zone id: $TZ, else the target of /etc/localtime below zoneinfo, else "UTC".
std::string LocalZoneName() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
    return tz[0] == ':' ? tz + 1 : tz;
  }
  char target[256];
  const ssize_t n = readlink("/etc/localtime", target, sizeof(target) - 1);
  if (n <= 0) return "UTC";
  std::string_view link(target, static_cast<size_t>(n));
  const size_t at = link.find("zoneinfo/");
  return at == std::string_view::npos ? "UTC" : std::string(link.substr(at + 9));
}

Status NonUtcZone(std::string_view zone, SourcePosition at) {
  return SqlError::At(at, "UNSUPPORTED_FEATURE", "0A000",
                      StrCat("The feature is not supported: session time zone '", zone,
                             "': lakeml evaluates timestamps in UTC only."));
}

}  // namespace

bool SessionTimeZone::IsUtcName(std::string_view zone) {
  for (std::string_view utc : {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "GMT0",
                               "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Z", "Zulu", "Etc/Zulu",
                               "Universal", "Etc/Universal", "Greenwich", "Etc/Greenwich"}) {
    if (zone.size() == utc.size() && strncasecmp(zone.data(), utc.data(), utc.size()) == 0) {
      return true;
    }
  }
  return false;
}

Status SessionTimeZone::Check(std::string_view value, SourcePosition at) {
  const std::string_view text = TrimZoneText(value);
  if (text.size() == 5 && strncasecmp(text.data(), "LOCAL", 5) == 0) {
    const std::string local = LocalZoneName();
    return IsUtcName(local) ? Status::OK() : NonUtcZone(local, at);
  }
  if (StartsWithNoCase(text, "INTERVAL")) {
    // SET TIME ZONE INTERVAL '0' HOUR, INTERVAL 0 HOURS, INTERVAL '00:00' HOUR TO MINUTE.
    for (char c : text) {
      if (std::isdigit(static_cast<unsigned char>(c)) && c != '0') return NonUtcZone(text, at);
    }
    return Status::OK();
  }
  if (IsUtcName(text)) return Status::OK();
  bool zero = false;
  if (IsOffsetZone(text, &zero)) return zero ? Status::OK() : NonUtcZone(text, at);
  if (IsKnownRegion(text)) return NonUtcZone(text, at);
  return SqlError::At(at, "INVALID_CONF_VALUE.TIME_ZONE", "22022",
                      StrCat("The value '", text,
                             "' in the config \"spark.sql.session.timeZone\" is invalid. Cannot "
                             "resolve the given timezone."));
}

}  // namespace lakeml::sql
