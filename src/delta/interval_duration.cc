#include "delta/interval_duration.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "base/str_cat.h"

namespace lakeml::delta {
namespace {

struct Unit {
  std::string_view name;  // Singular.
  int64_t micros;
};

constexpr int64_t kMicrosPerMs = 1000;
constexpr std::array<Unit, 7> kUnits = {{
    {"week", int64_t{7} * 24 * 3600 * 1000 * 1000},
    {"day", int64_t{24} * 3600 * 1000 * 1000},
    {"hour", int64_t{3600} * 1000 * 1000},
    {"minute", int64_t{60} * 1000 * 1000},
    {"second", int64_t{1000} * 1000},
    {"millisecond", 1000},
    {"microsecond", 1},
}};

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

const Unit* FindUnit(std::string_view word) {
  for (const Unit& u : kUnits) {
    if (word == u.name) return &u;
    if (word.size() == u.name.size() + 1 && word.substr(0, u.name.size()) == u.name &&
        word.back() == 's') {
      return &u;
    }
  }
  return nullptr;
}

}  // namespace

Result<int64_t> IntervalDuration::ParseMs(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument("Invalid interval: ", why, " in \"", text, "\"");
  };
  std::vector<std::string> words = Words(text);
  size_t i = 0;
  if (i < words.size() && words[i] == "interval") ++i;
  if (i == words.size()) return invalid("no amount");
  int64_t total_micros = 0;
  for (; i < words.size(); i += 2) {
    const std::string& amount_text = words[i];
    int64_t amount = 0;
    const char* begin = amount_text.data();
    const char* end = begin + amount_text.size();
    if (begin != end && *begin == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, end, amount);
    if (ec != std::errc() || ptr != end) {
      return invalid(StrCat("expected a whole number, got '", amount_text, "'"));
    }
    if (i + 1 == words.size()) return invalid(StrCat("no unit after ", amount_text));
    const std::string& unit_text = words[i + 1];
    if (unit_text.rfind("month", 0) == 0 || unit_text.rfind("year", 0) == 0) {
      return invalid(StrCat("months and years have no fixed length ('", unit_text, "')"));
    }
    const Unit* unit = FindUnit(unit_text);
    if (unit == nullptr) return invalid(StrCat("unknown unit '", unit_text, "'"));
    int64_t micros = 0;
    if (__builtin_mul_overflow(amount, unit->micros, &micros) ||
        __builtin_add_overflow(total_micros, micros, &total_micros)) {
      return invalid("duration out of range");
    }
  }
  if (total_micros < 0) return invalid("negative duration");
  return total_micros / kMicrosPerMs;
}

Result<int64_t> IntervalDuration::PropertyMs(const std::string* value, std::string_view key,
                                             std::string_view default_text) {
  if (value == nullptr) return ParseMs(default_text);
  Result<int64_t> ms = ParseMs(*value);
  if (!ms.ok()) return ms.status().WithContext("Table property ", key);
  return ms;
}

}  // namespace lakeml::delta
