#include "sql/common/interval_parser.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "format/value_text/interval_text.h"

namespace lakeml::sql {
namespace {

constexpr __int128 kParserMicrosPerDay = __int128{86400} * 1000000;

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits `INTERVAL '<value>' <qualifier>` into value and upper-cased qualifier words; false
// when `s` is not in that form.
bool SplitPrintedInterval(std::string_view s, std::string_view* value,
                          std::vector<std::string>* words) {
  if (s.size() < 9) return false;
  std::string head(s.substr(0, 8));
  for (char& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (head != "INTERVAL" || !std::isspace(static_cast<unsigned char>(s[8]))) return false;
  s = TrimSpaces(s.substr(8));
  if (s.empty() || s.front() != '\'') return false;
  const size_t close = s.find('\'', 1);
  if (close == std::string_view::npos) return false;
  *value = s.substr(1, close - 1);
  std::string rest(s.substr(close + 1));
  std::string word;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || std::isspace(static_cast<unsigned char>(rest[i]))) {
      if (!word.empty()) words->push_back(word);
      word.clear();
    } else {
      word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(rest[i]))));
    }
  }
  return true;
}

}  // namespace

__int128 IntervalParser::Value::TotalMicros() const { return days * kParserMicrosPerDay + micros; }

int IntervalParser::YearMonthField(const std::string& unit) {
  if (unit == "YEAR") return 0;
  if (unit == "MONTH") return 1;
  return -1;
}

int IntervalParser::DayTimeField(const std::string& unit) {
  static const char* const kNames[] = {"DAY", "HOUR", "MINUTE", "SECOND"};
  for (int i = 0; i < 4; ++i) {
    if (unit == kNames[i]) return i;
  }
  return -1;
}

bool IntervalParser::AddUnit(std::string_view text, const std::string& unit, int sign, Value* v) {
  text = TrimSpaces(text);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (text[0] == '-') sign = -sign;
    text.remove_prefix(1);
  }
  __int128 whole = 0;
  __int128 frac_micros = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > (__int128{1} << 62)) return false;
  }
  if (i == 0) return false;
  if (i < text.size()) {
    if (text[i] != '.' || unit != "SECOND") return false;
    int digits = 0;
    for (++i; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits >= 9) return false;
      if (digits < 6) frac_micros = frac_micros * 10 + (text[i] - '0');
    }
    for (int k = std::min(digits, 6); k < 6; ++k) frac_micros *= 10;
  }
  whole *= sign;
  frac_micros *= sign;
  if (unit == "YEAR") {
    v->months += whole * 12;
  } else if (unit == "MONTH") {
    v->months += whole;
  } else if (unit == "WEEK") {
    v->days += whole * 7;
  } else if (unit == "DAY") {
    v->days += whole;
  } else if (unit == "HOUR") {
    v->micros += whole * 3600 * 1000000;
  } else if (unit == "MINUTE") {
    v->micros += whole * 60 * 1000000;
  } else if (unit == "SECOND") {
    v->micros += whole * 1000000 + frac_micros;
  } else if (unit == "MILLISECOND") {
    v->micros += whole * 1000;
  } else if (unit == "MICROSECOND") {
    v->micros += whole;
  } else {
    return false;
  }
  return true;
}

bool IntervalParser::AddRange(std::string_view text, const std::string& from, const std::string& to,
                              Value* v) {
  static const std::vector<std::string> kYm = {"YEAR", "MONTH"};
  static const std::vector<std::string> kDt = {"DAY", "HOUR", "MINUTE", "SECOND"};
  const std::vector<std::string>& units = from == "YEAR" || from == "MONTH" ? kYm : kDt;
  auto first = std::find(units.begin(), units.end(), from);
  auto last = std::find(units.begin(), units.end(), to);
  if (first == units.end() || last == units.end() || last < first) return false;
  int sign = 1;
  text = TrimSpaces(text);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  for (auto u = first; u <= last; ++u) {
    size_t end = text.size();
    if (u != last) end = text.find_first_of(units == kYm ? "-" : (*u == "DAY" ? " " : ":"));
    if (end == std::string_view::npos) return false;
    std::string_view part = text.substr(0, end);
    // Only the leading field carries a sign.
    if (u != first && (part.empty() || part[0] == '-' || part[0] == '+')) return false;
    if (!AddUnit(part, *u, sign, v)) return false;
    text.remove_prefix(std::min(text.size(), end + (u != last ? 1 : 0)));
  }
  return true;
}

bool IntervalParser::ParseForType(std::string_view text, const columnar::DataType& type,
                                  int64_t* out) {
  const bool ym = type.id() == columnar::TypeId::kYearMonthInterval;
  auto field_name = [&](int f) {
    return std::string(ym ? format::IntervalText::YearMonthField(f)
                          : format::IntervalText::DayTimeField(f));
  };
  std::string from = field_name(type.interval_start());
  std::string to = field_name(type.interval_end());
  text = TrimSpaces(text);
  std::string_view value = text;
  std::vector<std::string> words;
  if (SplitPrintedInterval(text, &value, &words)) {
    // The printed form names its own fields; they must be of the target's family.
    if (words.size() == 1) {
      from = to = words[0];
    } else if (words.size() == 3 && words[1] == "TO") {
      from = words[0];
      to = words[2];
    } else {
      return false;
    }
    const int f = ym ? YearMonthField(from) : DayTimeField(from);
    const int t = ym ? YearMonthField(to) : DayTimeField(to);
    if (f < 0 || t < f) return false;
  }
  Value v;
  if (!AddRange(value, from, to, &v)) return false;
  const __int128 total = ym ? v.months : v.TotalMicros();
  const __int128 limit = ym ? __int128{INT32_MAX} : __int128{INT64_MAX};
  if (total > limit || total < -limit) return false;
  *out = static_cast<int64_t>(total);
  return true;
}

}  // namespace lakeml::sql
