// JsonPath: the JSONPath subset of Spark's get_json_object: `$` followed by `.name`,
// `['name']`, `[index]` and `[*]` (every element; several matches come back as a JSON array).
// Evaluate writes the match as get_json_object returns it: a string unquoted, anything else
// as compact JSON; no match or a JSON null gives false (SQL NULL).
//
// Immutable after Parse; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::sql {

class JsonPath {
 public:
  // nullopt for a path outside the subset (get_json_object then returns NULL).
  static std::optional<JsonPath> Parse(std::string_view path);

  bool Evaluate(simdjson::dom::element root, std::string* out) const;

 private:
  struct Step {
    enum Kind { kName, kIndex, kWildcard } kind;
    std::string name;
    int64_t index = 0;
  };
  void Collect(simdjson::dom::element e, size_t step,
               std::vector<simdjson::dom::element>* matches) const;

  std::vector<Step> steps_;
  bool has_wildcard_ = false;
};

}  // namespace lakeml::sql
