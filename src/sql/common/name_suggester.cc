#include "sql/common/name_suggester.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <string>

namespace lakeml::sql {
namespace {

// The parts of a name written as `a`.`b` (the outer backticks optional).
std::vector<std::string_view> SuggesterNameParts(std::string_view name) {
  if (!name.empty() && name.front() == '`') name.remove_prefix(1);
  if (!name.empty() && name.back() == '`') name.remove_suffix(1);
  std::vector<std::string_view> parts;
  for (size_t at; (at = name.find("`.`")) != std::string_view::npos;) {
    parts.push_back(name.substr(0, at));
    name.remove_prefix(at + 3);
  }
  parts.push_back(name);
  return parts;
}

// As Spark: a candidate is compared by as many trailing parts as the name has.
std::string SuggesterComparedText(std::string_view candidate, size_t name_parts) {
  std::vector<std::string_view> parts = SuggesterNameParts(candidate);
  const size_t first = parts.size() > name_parts ? parts.size() - name_parts : 0;
  std::string out;
  for (size_t i = first; i < parts.size(); ++i) {
    if (i > first) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace

size_t NameSuggester::Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> NameSuggester::Suggest(std::string_view name,
                                                const std::vector<std::string>& candidates,
                                                size_t max) {
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  const std::vector<std::string_view> name_parts = SuggesterNameParts(name);
  std::string plain_name;
  for (size_t i = 0; i < name_parts.size(); ++i) {
    if (i > 0) plain_name += '.';
    plain_name += name_parts[i];
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::string compared = SuggesterComparedText(candidates[i], name_parts.size());
    scored.emplace_back(Distance(plain_name, compared), i);
  }
  std::stable_sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < max; ++i) {
    out.push_back(candidates[scored[i].second]);
  }
  return out;
}

}  // namespace lakeml::sql
