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
};

}  // namespace lakeml::sql
