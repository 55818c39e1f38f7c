// FunctionRegistry: built-in scalar functions by name. Each entry resolves an overload from
// the argument types (after implicit coercion rules of its family) to a ScalarFunctionBinding.
//
// Builtin() is built once (BuiltinFunctions::Register, an explicit list, since a static
// library would drop self-registering objects) and then only read: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

// Resolves an overload; an error Status carries a plain explanation ("the operands are INT and
// STRING"), which the binder wraps into DATATYPE_MISMATCH with the call's text and position.
using ScalarResolver = Result<std::shared_ptr<const ScalarFunctionBinding>> (*)(
    std::string_view name, const std::vector<TypePtr>& args);

struct ScalarFunctionEntry {
  std::string name;  // lower case
  int min_args = 0;
  int max_args = 0;  // -1: any number
  ScalarResolver resolve = nullptr;
};

class FunctionRegistry {
 public:
  static const FunctionRegistry& Builtin();

  // REQUIRES: name is lower case and not yet registered.
  void AddScalar(ScalarFunctionEntry entry);
  // Case-insensitive; nullptr when unknown.
  const ScalarFunctionEntry* FindScalar(std::string_view name) const;
  std::vector<std::string> ScalarNames() const;

 private:
  std::unordered_map<std::string, ScalarFunctionEntry> scalars_;
};

}  // namespace lakeml::sql
