// NameSuggester: "did you mean" candidates for an unresolved name, ordered by Levenshtein
// distance (case-insensitive), ties in the candidates' order, as Spark orders its suggestions.
//
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lakeml::sql {

class NameSuggester {
 public:
  // Up to `max` candidates, nearest first.
  static std::vector<std::string> Suggest(std::string_view name,
                                          const std::vector<std::string>& candidates, size_t max);
  static size_t Distance(std::string_view a, std::string_view b);
};

}  // namespace lakeml::sql
