#include "format/csv/csv_value_parser.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "format/value_text/civil_date.h"

namespace lakeml::csv {
namespace {

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Reads exactly n digits at s[pos]; false if any is not a digit.
inline bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) return false;
  }
  return true;
}

int64_t TicksPerSecond(columnar::TimeUnit unit) {
  switch (unit) {
    case columnar::TimeUnit::kSecond:
      return 1;
    case columnar::TimeUnit::kMilli:
      return 1000;
    case columnar::TimeUnit::kMicro:
      return 1000000;
    case columnar::TimeUnit::kNano:
      return 1000000000;
  }
  return 1000000;
}

// HH:MM:SS[.fraction] at s[pos]; advances pos past it.
bool ParseClock(std::string_view s, size_t* pos, int32_t* seconds_of_day, int32_t* nanos) {
  int h, m, sec;
  size_t p = *pos;
  if (!Digits(s, p, 2, &h) || p + 2 >= s.size() || s[p + 2] != ':' || !Digits(s, p + 3, 2, &m) ||
      p + 5 >= s.size() || s[p + 5] != ':' || !Digits(s, p + 6, 2, &sec)) {
    return false;
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  p += 8;
  int32_t frac = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    int digits = 0;
    while (p < s.size() && IsDigit(s[p])) {
      if (digits < 9) {
        frac = frac * 10 + (s[p] - '0');
        ++digits;
      }
      ++p;
    }
    if (digits == 0) return false;
    for (; digits < 9; ++digits) frac *= 10;
  }
  *seconds_of_day = h * 3600 + m * 60 + sec;
  *nanos = frac;
  *pos = p;
  return true;
}

}  // namespace

bool ParseBool(std::string_view s, bool* out) {
  if (EqualsIgnoreCase(s, "true")) {
    *out = true;
    return true;
  }
  if (EqualsIgnoreCase(s, "false")) {
    *out = false;
    return true;
  }
  return false;
}

bool ParseUInt64(std::string_view s, uint64_t* out) {
  size_t i = 0;
  if (!s.empty() && s[0] == '+') i = 1;
  if (i == s.size()) return false;
  uint64_t acc = 0;
  for (; i < s.size(); ++i) {
    const unsigned d = static_cast<unsigned char>(s[i] - '0');
    if (d > 9) return false;
    if (__builtin_mul_overflow(acc, 10, &acc) || __builtin_add_overflow(acc, d, &acc)) return false;
  }
  *out = acc;
  return true;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  const size_t n = s.size();
  if (n == 0) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
    if (n == 1) return false;
  }
  uint64_t acc = 0;
  if (n - i <= 18) {  // Cannot overflow.
    for (; i < n; ++i) {
      const unsigned d = static_cast<unsigned char>(s[i] - '0');
      if (d > 9) return false;
      acc = acc * 10 + d;
    }
  } else {
    for (; i < n; ++i) {
      const unsigned d = static_cast<unsigned char>(s[i] - '0');
      if (d > 9) return false;
      if (__builtin_mul_overflow(acc, 10, &acc) || __builtin_add_overflow(acc, d, &acc)) {
        return false;
      }
    }
    if (acc > (neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return false;
  }
  *out = neg ? static_cast<int64_t>(0 - acc) : static_cast<int64_t>(acc);
  return true;
}

namespace {

// Clinger's fast path: for [-]digits[.digits] with a mantissa of at most 2^53 and at most 22
// fraction digits, mantissa / 10^k divides two exactly representable values, and IEEE
// division rounds correctly, so the result is the correctly rounded value of the text.
// Returns false when the text is not of that simple form (the caller falls back).
bool ParseSimpleDouble(std::string_view s, double* out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = s.data();
  const char* end = p + s.size();
  bool neg = false;
  if (p < end && *p == '-') {
    neg = true;
    ++p;
  }
  uint64_t mantissa = 0;
  int digits = 0;
  int frac = 0;
  bool dot = false;
  for (; p < end; ++p) {
    const unsigned d = static_cast<unsigned char>(*p - '0');
    if (d <= 9) {
      if (++digits > 19) return false;
      mantissa = mantissa * 10 + d;
      frac += dot ? 1 : 0;
    } else if (*p == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || mantissa > (uint64_t{1} << 53) || frac > 22) return false;
  const double v = static_cast<double>(mantissa) / kPow10[frac];
  *out = neg ? -v : v;
  return true;
}

}  // namespace

bool ParseDouble(std::string_view s, double* out) {
  if (ParseSimpleDouble(s, out)) return true;
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
  }
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseFloat(std::string_view s, float* out) {
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
  }
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool IsSpecialFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return EqualsIgnoreCase(s, "nan") || EqualsIgnoreCase(s, "inf") ||
         EqualsIgnoreCase(s, "infinity");
}

bool ParseDecimal(std::string_view s, int precision, int scale, __int128* out) {
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    i = 1;
  }
  unsigned __int128 acc = 0;
  int significant = 0;  // Digits after leading zeros.
  int frac_digits = 0;
  bool any_digit = false;
  bool in_frac = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !in_frac) {
      in_frac = true;
      continue;
    }
    if (!IsDigit(c)) return false;
    any_digit = true;
    if (in_frac) {
      if (++frac_digits > scale) return false;
    }
    if (acc != 0 || c != '0') ++significant;
    if (significant > 38) return false;
    acc = acc * 10 + static_cast<unsigned>(c - '0');
  }
  if (!any_digit) return false;
  // Digits of the scaled value must fit the precision (and so never overflow int128).
  if (acc != 0 && significant + (scale - frac_digits) > std::min(precision, 38)) return false;
  for (int k = frac_digits; k < scale; ++k) acc *= 10;
  *out = neg ? -static_cast<__int128>(acc) : static_cast<__int128>(acc);
  return true;
}

bool ParseDate(std::string_view s, int32_t* days_since_epoch) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) ||
      !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > format::DaysInMonth(y, m)) return false;
  *days_since_epoch = static_cast<int32_t>(format::DaysFromCivil(y, m, d));
  return true;
}

bool ParseTime(std::string_view s, columnar::TimeUnit unit, int64_t* out) {
  size_t pos = 0;
  int32_t sod, nanos;
  if (!ParseClock(s, &pos, &sod, &nanos) || pos != s.size()) return false;
  const int64_t tps = TicksPerSecond(unit);
  *out = sod * tps + nanos / (1000000000 / tps);
  return true;
}

bool ParseTimestampParts(std::string_view s, ParsedTimestamp* out) {
  if (s.size() < 10) return false;
  int32_t days;
  if (!ParseDate(s.substr(0, 10), &days)) return false;
  *out = ParsedTimestamp{};
  out->days = days;
  if (s.size() == 10) return true;  // A date alone is midnight.
  if (s[10] != ' ' && s[10] != 'T' && s[10] != 't') return false;
  size_t pos = 11;
  if (!ParseClock(s, &pos, &out->seconds_of_day, &out->nanos)) return false;
  if (pos == s.size()) return true;
  const char z = s[pos];
  if ((z == 'Z' || z == 'z') && pos + 1 == s.size()) {
    out->has_zone = true;
    return true;
  }
  if (z != '+' && z != '-') return false;
  int hh, mm = 0;
  if (!Digits(s, pos + 1, 2, &hh)) return false;
  size_t p = pos + 3;
  if (p < s.size()) {
    if (s[p] == ':') ++p;
    if (!Digits(s, p, 2, &mm)) return false;
    p += 2;
  }
  if (p != s.size() || hh > 23 || mm > 59) return false;
  out->has_zone = true;
  out->offset_seconds = (z == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  return true;
}

bool ParseTimestamp(std::string_view s, columnar::TimeUnit unit, int64_t* out, bool* has_zone) {
  ParsedTimestamp t;
  if (!ParseTimestampParts(s, &t)) return false;
  const int64_t tps = TicksPerSecond(unit);
  const int64_t seconds = t.days * 86400 + t.seconds_of_day - t.offset_seconds;
  int64_t ticks;
  if (__builtin_mul_overflow(seconds, tps, &ticks) ||
      __builtin_add_overflow(ticks, t.nanos / (1000000000 / tps), &ticks)) {
    return false;
  }
  *out = ticks;
  *has_zone = t.has_zone;
  return true;
}

}  // namespace lakeml::csv
