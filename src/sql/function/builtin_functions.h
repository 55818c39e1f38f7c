// BuiltinFunctions: registers every built-in function family into a registry. One
// Register<Family> per family file under function/scalar/; the list in
// builtin_functions.cc is kept alphabetical and append-only.
// Stateless.
#pragma once

namespace lakeml::sql {

class FunctionRegistry;

class BuiltinFunctions {
 public:
  static void Register(FunctionRegistry* registry);

  // Family registrations (one per function/scalar/<family>.cc).
  static void RegisterArithmetic(FunctionRegistry* registry);
  static void RegisterComparison(FunctionRegistry* registry);
  static void RegisterConditional(FunctionRegistry* registry);
  // Scalar function families (sql-func).
  static void RegisterDatetime(FunctionRegistry* registry);
  static void RegisterDatetimeArithmetic(FunctionRegistry* registry);  // via RegisterDatetime
  static void RegisterDatetimeFormat(FunctionRegistry* registry);      // via RegisterDatetime
  static void RegisterHash(FunctionRegistry* registry);
  static void RegisterMath(FunctionRegistry* registry);
  static void RegisterMathRounding(FunctionRegistry* registry);  // via RegisterMath
  static void RegisterMisc(FunctionRegistry* registry);
  static void RegisterNumberFormat(FunctionRegistry* registry);
  static void RegisterRegex(FunctionRegistry* registry);
  static void RegisterStringBasic(FunctionRegistry* registry);
  static void RegisterStringExtra(FunctionRegistry* registry);
  static void RegisterStringSearch(FunctionRegistry* registry);
  // JSON functions (sql-aggjson).
  static void RegisterJson(FunctionRegistry* registry);
  // Nested types (sql-nested).
  static void RegisterArrayFunctions(FunctionRegistry* registry);
  static void RegisterArraySetFunctions(FunctionRegistry* registry);  // via RegisterArrayFunctions
  static void RegisterMapFunctions(FunctionRegistry* registry);
  static void RegisterNestedAccess(FunctionRegistry* registry);
  static void RegisterNestedConstructors(FunctionRegistry* registry);
  // slt-functions
  static void RegisterBitwise(FunctionRegistry* registry);
  static void RegisterIntervalArithmetic(FunctionRegistry* registry);  // interval-values
  static void RegisterIntervalParts(FunctionRegistry* registry);       // via RegisterIntervalArithmetic
};

}  // namespace lakeml::sql
