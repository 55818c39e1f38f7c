#include "delta/checkpoint/spark_value_text.h"

#include <charconv>
#include <cmath>

#include "format/value_text/civil_date.h"
#include "format/value_text/java_floating_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::delta {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  for (int n = static_cast<int>(end - buf); n < width; ++n) out->push_back('0');
  out->append(buf, end);
}

bool ParseDigits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

void AppendJavaDouble(double v, std::string* out) {
  format::JavaFloatingText::AppendDouble(v, out);
}
void AppendJavaFloat(float v, std::string* out) { format::JavaFloatingText::AppendFloat(v, out); }

void AppendIsoDate(int64_t days, std::string* out) { format::AppendDate(days, out); }

std::optional<int64_t> TimestampToMicros(int64_t value, columnar::TimeUnit unit) {
  int64_t r = 0;
  switch (unit) {
    case columnar::TimeUnit::kSecond:
      if (__builtin_mul_overflow(value, int64_t{1000000}, &r)) return std::nullopt;
      return r;
    case columnar::TimeUnit::kMilli:
      if (__builtin_mul_overflow(value, int64_t{1000}, &r)) return std::nullopt;
      return r;
    case columnar::TimeUnit::kMicro:
      return value;
    case columnar::TimeUnit::kNano:
      return FloorDiv(value, 1000);
  }
  return std::nullopt;
}

void AppendStatsTimestamp(int64_t value, columnar::TimeUnit unit, bool utc, std::string* out) {
  int64_t ms = 0;
  switch (unit) {
    case columnar::TimeUnit::kSecond:
      // Beyond +-292 million years a millisecond count overflows; clamp (never seen in stats).
      ms = __builtin_mul_overflow(value, int64_t{1000}, &ms) ? (value < 0 ? INT64_MIN : INT64_MAX)
                                                             : ms;
      break;
    case columnar::TimeUnit::kMilli:
      ms = value;
      break;
    case columnar::TimeUnit::kMicro:
      ms = FloorDiv(value, 1000);
      break;
    case columnar::TimeUnit::kNano:
      ms = FloorDiv(value, 1000000);
      break;
  }
  constexpr int64_t kMsPerDay = 86400000;
  const int64_t days = FloorDiv(ms, kMsPerDay);
  int64_t rem = ms - days * kMsPerDay;
  format::AppendDate(days, out);
  out->push_back('T');
  AppendPadded(rem / 3600000, 2, out);
  rem %= 3600000;
  out->push_back(':');
  AppendPadded(rem / 60000, 2, out);
  rem %= 60000;
  out->push_back(':');
  AppendPadded(rem / 1000, 2, out);
  out->push_back('.');
  AppendPadded(rem % 1000, 3, out);
  if (utc) out->push_back('Z');
}

std::optional<int64_t> ParseIsoDate(std::string_view s) {
  int64_t year = 0, month = 0, day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!ParseDigits(s, 0, 4, &year) || !ParseDigits(s, 5, 2, &month) ||
      !ParseDigits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      day > format::DaysInMonth(year, static_cast<int>(month))) {
    return std::nullopt;
  }
  return format::DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
}

std::optional<__int128> ParseDecimalNumber(std::string_view s, int precision, int scale) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int64_t exponent = 0;
  const size_t e = s.find_first_of("eE");
  if (e != std::string_view::npos) {
    std::string_view exp = s.substr(e + 1);
    if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
    auto [end, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
    if (ec != std::errc() || end != exp.data() + exp.size() || exp.empty()) return std::nullopt;
    if (exponent > 100 || exponent < -100) return std::nullopt;
    s = s.substr(0, e);
  }
  const size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (int_part.empty() && frac.empty()) return std::nullopt;
  // value = digits * 10^(exponent - frac.size()); unscaled = value * 10^scale.
  const int64_t shift = exponent - static_cast<int64_t>(frac.size()) + scale;
  __int128 v = 0;
  int significant = 0;
  auto push = [&](char c) {
    if (v != 0 || c != '0') ++significant;
    if (significant > 38) return false;
    v = v * 10 + (c - '0');
    return true;
  };
  std::string_view parts[2] = {int_part, frac};
  const int64_t total = static_cast<int64_t>(int_part.size() + frac.size());
  // With a negative shift, the last -shift digits are dropped and must be zeros.
  const int64_t keep = shift >= 0 ? total : total + shift;
  int64_t index = 0;
  for (std::string_view part : parts) {
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      if (index < keep) {
        if (!push(c)) return std::nullopt;
      } else if (c != '0') {
        return std::nullopt;
      }
      ++index;
    }
  }
  for (int64_t i = 0; i < shift; ++i) {
    if (!push('0')) return std::nullopt;
  }
  if (significant > precision) return std::nullopt;
  return negative ? -v : v;
}

std::optional<int64_t> ParseTimestampMicros(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  std::optional<int64_t> days = ParseIsoDate(s.substr(0, 10));
  if (!days) return std::nullopt;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
  size_t pos = 10;
  if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) {
    if (!ParseDigits(s, pos + 1, 2, &hour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseDigits(s, pos + 4, 2, &minute)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!ParseDigits(s, pos + 1, 2, &second)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) micros = micros * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (int d = digits; d < 6; ++d) micros *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int64_t oh = 0, om = 0;
      if (!ParseDigits(s, pos + 1, 2, &oh)) return std::nullopt;
      size_t p = pos + 3;
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size() && !ParseDigits(s, p, 2, &om)) return std::nullopt;
      if (p < s.size()) p += 2;
      if (p != s.size() || oh > 18 || om > 59) return std::nullopt;
      offset_seconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
      pos = p;
    } else {
      return std::nullopt;
    }
  }
  const int64_t seconds = *days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  int64_t r = 0;
  if (__builtin_mul_overflow(seconds, int64_t{1000000}, &r) ||
      __builtin_add_overflow(r, micros, &r)) {
    return std::nullopt;
  }
  return r;
}

}  // namespace lakeml::delta
