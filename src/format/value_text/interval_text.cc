#include "format/value_text/interval_text.h"

#include <cstdio>

#include "base/str_cat.h"

namespace lakeml::format {
namespace {

constexpr uint64_t kMicrosPerSecond = 1000000;
constexpr uint64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr uint64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr uint64_t kMicrosPerDay = 24 * kMicrosPerHour;

void AppendTwoDigits(uint64_t v, std::string* out) {
  if (v < 10) out->push_back('0');
  *out += std::to_string(v);
}

// Seconds with up to six fraction digits, trailing zeros dropped, at least two integer digits.
void AppendSeconds(uint64_t micros, std::string* out) {
  AppendTwoDigits(micros / kMicrosPerSecond, out);
  uint64_t frac = micros % kMicrosPerSecond;
  if (frac == 0) return;
  char digits[8];
  std::snprintf(digits, sizeof(digits), "%06llu", static_cast<unsigned long long>(frac));
  int len = 6;
  while (len > 0 && digits[len - 1] == '0') --len;
  out->push_back('.');
  out->append(digits, len);
}

}  // namespace

const char* IntervalText::YearMonthField(int field) {
  static const char* const kNames[] = {"YEAR", "MONTH"};
  return field >= 0 && field < 2 ? kNames[field] : "?";
}

const char* IntervalText::DayTimeField(int field) {
  static const char* const kNames[] = {"DAY", "HOUR", "MINUTE", "SECOND"};
  return field >= 0 && field < 4 ? kNames[field] : "?";
}

void IntervalText::AppendYearMonth(int32_t months, int start, int end, std::string* out) {
  const bool negative = months < 0;
  const uint64_t abs = negative ? -static_cast<int64_t>(months) : months;
  *out += "INTERVAL '";
  if (negative) out->push_back('-');
  if (start == end && start == 1) {
    *out += std::to_string(abs);
  } else {
    *out += std::to_string(abs / 12);
    if (start != end) *out += StrCat("-", abs % 12);
  }
  *out += "' ";
  *out += YearMonthField(start);
  if (start != end) *out += StrCat(" TO ", YearMonthField(end));
}

void IntervalText::AppendDayTime(int64_t micros, int start, int end, std::string* out) {
  const bool negative = micros < 0;
  // Unsigned negation keeps INT64_MIN exact.
  uint64_t rest = negative ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  *out += "INTERVAL '";
  if (negative) out->push_back('-');
  static const uint64_t kUnit[] = {kMicrosPerDay, kMicrosPerHour, kMicrosPerMinute};
  for (int f = start; f <= end; ++f) {
    if (f > start) out->push_back(f == 1 ? ' ' : ':');
    if (f == 3) {
      AppendSeconds(rest, out);
      break;
    }
    const uint64_t v = rest / kUnit[f];
    rest %= kUnit[f];
    if (f == start && f == 0) {
      *out += std::to_string(v);
    } else {
      AppendTwoDigits(v, out);
    }
  }
  *out += "' ";
  *out += DayTimeField(start);
  if (start != end) *out += StrCat(" TO ", DayTimeField(end));
}

}  // namespace lakeml::format
