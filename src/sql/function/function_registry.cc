#include "sql/function/function_registry.h"

#include <algorithm>
#include <cctype>

#include "base/check.h"
#include "sql/function/builtin_functions.h"

namespace lakeml::sql {

const FunctionRegistry& FunctionRegistry::Builtin() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    BuiltinFunctions::Register(&r);
    return r;
  }();
  return registry;
}

void FunctionRegistry::AddScalar(ScalarFunctionEntry entry) {
  std::string key = entry.name;
  const bool inserted = scalars_.emplace(key, std::move(entry)).second;
  LAKEML_CHECK(inserted);
}

const ScalarFunctionEntry* FunctionRegistry::FindScalar(std::string_view name) const {
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = scalars_.find(key);
  return it == scalars_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  for (const auto& [k, v] : scalars_) names.push_back(k);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace lakeml::sql
