#include "sql/function/scalar/datetime_pattern.h"

#include <algorithm>
#include <cstring>

#include "base/str_cat.h"
#include "format/value_text/civil_date.h"
#include "sql/common/sql_error.h"
#include "sql/function/scalar/epoch_time.h"

namespace lakeml::sql {
namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};

void AppendPadded(int64_t v, int width, std::string* out) {
  std::string digits = StrCat(v < 0 ? -v : v);
  if (v < 0) out->push_back('-');
  for (int k = static_cast<int>(digits.size()); k < width; ++k) out->push_back('0');
  out->append(digits);
}

// Matches a name (full, or its first three letters) case-insensitively at text[*pos].
int MatchName(std::string_view text, size_t* pos, const char* const* names, int n, bool full) {
  for (int k = 0; k < n; ++k) {
    std::string_view name = names[k];
    if (!full) name = name.substr(0, 3);
    if (text.size() - *pos < name.size()) continue;
    bool eq = true;
    for (size_t j = 0; j < name.size() && eq; ++j) {
      eq = std::tolower(static_cast<unsigned char>(text[*pos + j])) ==
           std::tolower(static_cast<unsigned char>(name[j]));
    }
    if (eq) {
      *pos += name.size();
      return k;
    }
  }
  return -1;
}

}  // namespace

Result<DatetimePattern> DatetimePattern::Compile(std::string_view pattern) {
  DatetimePattern p;
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        p.fields_.push_back({0, 0, "'"});
        i += 2;
        continue;
      }
      // A quoted literal; inside it '' is one quote (Java's DateTimeFormatter).
      std::string literal;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= pattern.size()) {
          return SqlError::Make("INVALID_DATETIME_PATTERN", "22007",
                                StrCat("Unrecognized datetime pattern: ", pattern, "."));
        }
        if (pattern[j] != '\'') {
          literal += pattern[j];
        } else if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
          literal += '\'';
          ++j;
        } else {
          break;
        }
      }
      p.fields_.push_back({0, 0, std::move(literal)});
      i = j + 1;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (std::strchr("yMLdDHhmsSaE", c) == nullptr) {
        return SqlError::Make("INVALID_DATETIME_PATTERN", "22007",
                              StrCat("Unrecognized datetime pattern: ", pattern, "."));
      }
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      p.fields_.push_back({c == 'L' ? 'M' : c, static_cast<int>(j - i), {}});
      i = j;
      continue;
    }
    p.fields_.push_back({0, 0, std::string(1, c)});
    ++i;
  }
  return p;
}

void DatetimePattern::Format(int64_t micros, std::string* out) const {
  const int64_t days = EpochTime::DayOf(micros);
  const int64_t us = EpochTime::MicrosOfDay(micros);
  const format::CivilDate c = format::CivilFromDays(days);
  const int64_t hour = us / 3600000000LL;
  for (const Field& f : fields_) {
    switch (f.letter) {
      case 0:
        out->append(f.literal);
        break;
      case 'y':
        if (f.count == 2) {
          AppendPadded((c.year % 100 + 100) % 100, 2, out);
        } else {
          AppendPadded(c.year, f.count, out);
        }
        break;
      case 'M':
        if (f.count >= 3) {
          out->append(std::string_view(kMonthNames[c.month - 1]).substr(0, f.count == 3 ? 3 : 20));
        } else {
          AppendPadded(c.month, f.count, out);
        }
        break;
      case 'd':
        AppendPadded(c.day, f.count, out);
        break;
      case 'D':
        AppendPadded(days - format::DaysFromCivil(c.year, 1, 1) + 1, f.count, out);
        break;
      case 'H':
        AppendPadded(hour, f.count, out);
        break;
      case 'h':
        AppendPadded(hour % 12 == 0 ? 12 : hour % 12, f.count, out);
        break;
      case 'm':
        AppendPadded(us / 60000000 % 60, f.count, out);
        break;
      case 's':
        AppendPadded(us / 1000000 % 60, f.count, out);
        break;
      case 'S': {
        std::string frac;
        AppendPadded(us % 1000000, 6, &frac);
        frac.resize(static_cast<size_t>(f.count), '0');
        out->append(frac);
        break;
      }
      case 'a':
        out->append(hour < 12 ? "AM" : "PM");
        break;
      case 'E': {
        int64_t wd = (days + 3) % 7;
        if (wd < 0) wd += 7;
        out->append(std::string_view(kDayNames[wd]).substr(0, f.count >= 4 ? 20 : 3));
        break;
      }
    }
  }
}

bool DatetimePattern::Parse(std::string_view text, int64_t* micros) const {
  int64_t year = 1970, month = 1, day = 1, day_of_year = -1, hour = 0, minute = 0, second = 0;
  int64_t fraction = 0, hour12 = -1;
  int pm = -1;
  size_t pos = 0;
  auto number = [&](int min_digits, int max_digits, int64_t* v) {
    max_digits = std::min(max_digits, 9);  // Keeps every field far from int64 overflow.
    int n = 0;
    int64_t x = 0;
    while (pos < text.size() && n < max_digits && text[pos] >= '0' && text[pos] <= '9') {
      x = x * 10 + (text[pos++] - '0');
      ++n;
    }
    *v = x;
    return n >= min_digits;
  };
  for (const Field& f : fields_) {
    const int fixed = f.count >= 2 ? f.count : 1;
    const int max = f.count >= 2 ? f.count : 2;
    bool ok = true;
    switch (f.letter) {
      case 0:
        ok = text.substr(pos, f.literal.size()) == f.literal;
        pos += f.literal.size();
        break;
      case 'y':
        ok = f.count == 2 ? number(2, 2, &year) : number(f.count, std::max(f.count, 6), &year);
        if (f.count == 2) year += 2000;
        break;
      case 'M':
        if (f.count >= 3) {
          const int m = MatchName(text, &pos, kMonthNames, 12, f.count >= 4);
          ok = m >= 0;
          month = m + 1;
        } else {
          ok = number(fixed, max, &month);
        }
        break;
      case 'd':
        ok = number(fixed, max, &day);
        break;
      case 'D':
        ok = number(f.count, 3, &day_of_year);
        break;
      case 'H':
        ok = number(fixed, max, &hour);
        break;
      case 'h':
        ok = number(fixed, max, &hour12);
        break;
      case 'm':
        ok = number(fixed, max, &minute);
        break;
      case 's':
        ok = number(fixed, max, &second);
        break;
      case 'S': {
        const size_t start = pos;
        ok = number(f.count, f.count, &fraction);
        for (size_t k = pos - start; k < 6; ++k) fraction *= 10;
        for (size_t k = pos - start; k > 6; --k) fraction /= 10;  // Below microseconds.
        break;
      }
      case 'a':
        if (text.substr(pos, 2) == "AM" || text.substr(pos, 2) == "am") {
          pm = 0;
        } else if (text.substr(pos, 2) == "PM" || text.substr(pos, 2) == "pm") {
          pm = 1;
        } else {
          ok = false;
        }
        pos += 2;
        break;
      case 'E': {
        ok = MatchName(text, &pos, kDayNames, 7, f.count >= 4) >= 0;
        break;
      }
    }
    if (!ok || pos > text.size()) return false;
  }
  if (pos != text.size()) return false;
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12) return false;
    hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  }
  if (year < -290307 || year > 294247 || month < 1 || month > 12 || day < 1 ||
      day > format::DaysInMonth(year, static_cast<int>(month)) || hour > 23 || minute > 59 ||
      second > 59) {
    return false;
  }
  int64_t days = format::DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  if (day_of_year >= 0) {
    if (day_of_year < 1 || day_of_year > (format::IsLeapYear(year) ? 366 : 365)) return false;
    days = format::DaysFromCivil(year, 1, 1) + day_of_year - 1;
  }
  *micros =
      days * EpochTime::kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * 1000000 + fraction;
  return true;
}

}  // namespace lakeml::sql
