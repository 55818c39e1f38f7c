#include "sql/function/builtin_functions.h"

#include "sql/function/function_registry.h"

namespace lakeml::sql {

void BuiltinFunctions::Register(FunctionRegistry* registry) {
  RegisterArithmetic(registry);
  RegisterComparison(registry);
  RegisterConditional(registry);
  RegisterDatetime(registry);
  RegisterHash(registry);
  RegisterMath(registry);
  RegisterMisc(registry);
  RegisterNumberFormat(registry);
  RegisterRegex(registry);
  RegisterStringBasic(registry);
  RegisterStringExtra(registry);
  RegisterStringSearch(registry);
  RegisterJson(registry);  // sql-aggjson
  RegisterArrayFunctions(registry);  // sql-nested
  RegisterMapFunctions(registry);
  RegisterNestedAccess(registry);
  RegisterIntervalArithmetic(registry);  // interval-values
  RegisterNestedConstructors(registry);
  RegisterBitwise(registry);  // slt-functions
}

}  // namespace lakeml::sql
