// BindingFactory: builds the ScalarFunctionBinding of a resolved overload, and per-row helpers
// that kernels of value-at-a-time functions (strings, dates, math) share.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/vector.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class BindingFactory {
 public:
  using Ptr = std::shared_ptr<const ScalarFunctionBinding>;

  static Result<Ptr> Make(std::string_view name, std::vector<TypePtr> arg_types,
                          TypePtr return_type, ScalarKernel kernel, bool can_raise = false);

  // A copy of `p` whose kernel handles null arguments itself (propagates_nulls = false).
  static Ptr SeesNulls(const Ptr& p);

  // Type codes of signature tables: 'S' STRING, 'X' BINARY, 'B' BOOLEAN, 'I' INT, 'L' BIGINT,
  // 'D' DOUBLE, 'd' DATE, 'T' TIMESTAMP, 'Y' INTERVAL YEAR TO MONTH, 'Z' INTERVAL DAY TO SECOND.
  static TypePtr TypeOfCode(char code);

  // One overload of a family's signature table. `args` has one code per parameter; calls may
  // omit the parameters after the first `min_args`.
  struct Signature {
    const char* name;
    int min_args;
    const char* args;
    char result;
    ScalarKernel kernel;
    bool can_raise;
  };
  // Registers every name of a signature table with `resolve` (which calls FromTable).
  static void AddTable(FunctionRegistry* registry, const Signature* table, size_t size,
                       ScalarResolver resolve);

  // The binding of the table entry named `name`, its parameters cut to the call's arity.
  static Result<Ptr> FromTable(const Signature* table, size_t size, std::string_view name,
                               const std::vector<TypePtr>& in);

  // True when any argument is null at row i.
  static bool AnyNull(const std::vector<const columnar::Vector*>& args, int64_t i) {
    for (const columnar::Vector* a : args) {
      if (a->IsNull(i)) return true;
    }
    return false;
  }
};

}  // namespace lakeml::sql
