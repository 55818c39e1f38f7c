#include "delta/stats/stats_value_text.h"

#include "format/value_text/civil_date.h"

namespace lakeml::delta {
namespace {

using columnar::TimeUnit;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits digits at text[*pos].
bool ReadDigits(std::string_view text, size_t* pos, int min_digits, int max_digits,
                int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*pos < text.size() && IsDigit(text[*pos]) && n < max_digits) {
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
    ++n;
  }
  *out = v;
  return n >= min_digits;
}

bool ParseDateAt(std::string_view text, size_t* pos, int64_t* days) {
  bool negative = false;
  bool signed_year = false;
  if (*pos < text.size() && (text[*pos] == '+' || text[*pos] == '-')) {
    negative = text[*pos] == '-';
    signed_year = true;
    ++*pos;
  }
  int64_t year, month, day;
  // Years past 9999 need a sign (ISO-8601 expanded form); up to 9 digits keeps the
  // arithmetic far from overflow.
  if (!ReadDigits(text, pos, 4, signed_year ? 9 : 4, &year)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ReadDigits(text, pos, 1, 2, &month)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ReadDigits(text, pos, 1, 2, &day)) return false;
  if (negative) year = -year;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > format::DaysInMonth(year, static_cast<int>(month))) return false;
  *days = format::DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  return true;
}

}  // namespace

int64_t TicksPerSecond(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMilli:
      return 1000;
    case TimeUnit::kMicro:
      return 1000000;
    case TimeUnit::kNano:
      return 1000000000;
  }
  return 1000000;
}

bool ParseDateText(std::string_view text, int64_t* days_since_epoch) {
  size_t pos = 0;
  return ParseDateAt(text, &pos, days_since_epoch) && pos == text.size();
}

bool ParseTimestampText(std::string_view text, TimeUnit unit, Rounding rounding, int64_t* out) {
  size_t pos = 0;
  int64_t days;
  if (!ParseDateAt(text, &pos, &days)) return false;
  int64_t hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;        // Fraction digits kept (up to 9).
  bool dropped_nonzero = false;  // Fraction digits past nanoseconds that were not zero.
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(text, &pos, 2, 2, &hour) || pos >= text.size() || text[pos] != ':') {
      return false;
    }
    ++pos;
    if (!ReadDigits(text, &pos, 2, 2, &minute)) return false;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadDigits(text, &pos, 2, 2, &second)) return false;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int n = 0;
        while (pos < text.size() && IsDigit(text[pos])) {
          if (n < 9) {
            nanos = nanos * 10 + (text[pos] - '0');
          } else if (text[pos] != '0') {
            dropped_nonzero = true;
          }
          ++n;
          ++pos;
        }
        if (n == 0) return false;
        for (int i = n; i < 9; ++i) nanos *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return false;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size()) {
    const char c = text[pos];
    if ((c == 'Z' || c == 'z') && pos + 1 == text.size()) {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int64_t oh = 0, om = 0;
      if (!ReadDigits(text, &pos, 2, 2, &oh)) return false;
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (pos < text.size() && !ReadDigits(text, &pos, 2, 2, &om)) return false;
      if (oh > 18 || om > 59) return false;
      offset_seconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
    }
  }
  if (pos != text.size()) return false;

  const int64_t tps = TicksPerSecond(unit);
  const int64_t nanos_per_tick = 1000000000 / tps;
  __int128 seconds = static_cast<__int128>(days) * 86400 + hour * 3600 + minute * 60 + second -
                     offset_seconds;
  __int128 ticks = seconds * tps + nanos / nanos_per_tick;
  const bool inexact = nanos % nanos_per_tick != 0 || dropped_nonzero;
  if (inexact) {
    if (rounding == Rounding::kExact) return false;
    if (rounding == Rounding::kCeil) ticks += 1;  // The fraction is positive: floor + 1.
  }
  if (ticks > INT64_MAX || ticks < INT64_MIN) return false;
  *out = static_cast<int64_t>(ticks);
  return true;
}

bool ParseDecimalText(std::string_view text, int precision, int scale, Rounding rounding,
                      __int128* unscaled) {
  if (precision < 1 || precision > 38) return false;
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  // Significant digits of the mantissa (at most 38), and the power of ten they are scaled by.
  __int128 mantissa = 0;
  int significant = 0;
  int64_t exponent = 0;
  bool any_digit = false;
  bool dropped_nonzero = false;
  auto take_digit = [&](char c, bool fraction) {
    any_digit = true;
    if (significant == 0 && c == '0') {
      if (fraction) --exponent;
      return;
    }
    if (significant < 38) {
      mantissa = mantissa * 10 + (c - '0');
      ++significant;
      if (fraction) --exponent;
    } else {
      // Past 38 significant digits: remember the digit only as "something was dropped".
      if (c != '0') dropped_nonzero = true;
      if (!fraction) ++exponent;
    }
  };
  while (pos < text.size() && IsDigit(text[pos])) take_digit(text[pos++], false);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && IsDigit(text[pos])) take_digit(text[pos++], true);
  }
  if (!any_digit) return false;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
      exp_negative = text[pos] == '-';
      ++pos;
    }
    int64_t e = 0;
    if (!ReadDigits(text, &pos, 1, 6, &e)) return false;
    exponent += exp_negative ? -e : e;
  }
  if (pos != text.size()) return false;

  __int128 limit = 1;
  for (int i = 0; i < precision; ++i) limit *= 10;
  // value = mantissa * 10^exponent; we want value * 10^scale.
  int64_t shift = exponent + scale;
  __int128 v = mantissa;
  bool remainder = dropped_nonzero;
  if (mantissa == 0) {
    v = 0;
  } else if (shift >= 0) {
    for (int64_t i = 0; i < shift; ++i) {
      if (v >= limit) return false;
      v *= 10;
    }
  } else {
    for (int64_t i = 0; i < -shift && v != 0; ++i) {
      if (v % 10 != 0) remainder = true;
      v /= 10;
    }
    if (v == 0 && mantissa != 0) remainder = true;
  }
  if (remainder) {
    if (rounding == Rounding::kExact) return false;
    // v is the magnitude truncated toward zero; move it toward the requested bound.
    const bool away_from_zero = (rounding == Rounding::kCeil) != negative;
    if (away_from_zero) v += 1;
  }
  if (v >= limit) return false;
  *unscaled = negative ? -v : v;
  return true;
}

bool ParseInt64Text(std::string_view text, int64_t* out) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  if (pos == text.size()) return false;
  unsigned __int128 v = 0;
  for (; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return false;
    v = v * 10 + static_cast<unsigned>(text[pos] - '0');
    if (v > static_cast<unsigned __int128>(INT64_MAX) + 1) return false;
  }
  if (!negative && v > static_cast<unsigned __int128>(INT64_MAX)) return false;
  *out = negative ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return true;
}

}  // namespace lakeml::delta
