#include "sql/function/binding_factory.h"

#include <cstring>

#include "base/str_cat.h"
#include "sql/common/sql_type.h"

namespace lakeml::sql {

Result<BindingFactory::Ptr> BindingFactory::Make(std::string_view name,
                                                 std::vector<TypePtr> arg_types,
                                                 TypePtr return_type, ScalarKernel kernel,
                                                 bool can_raise) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = std::move(arg_types);
  fn->return_type = std::move(return_type);
  fn->kernel = kernel;
  fn->can_raise = can_raise;
  return Ptr(std::move(fn));
}

BindingFactory::Ptr BindingFactory::SeesNulls(const Ptr& p) {
  auto fn = std::make_shared<ScalarFunctionBinding>(*p);
  fn->propagates_nulls = false;
  return fn;
}

TypePtr BindingFactory::TypeOfCode(char code) {
  switch (code) {
    case 'S':
      return SqlType::String();
    case 'X':
      return SqlType::Binary();
    case 'B':
      return SqlType::Boolean();
    case 'I':
      return SqlType::Int();
    case 'L':
      return SqlType::BigInt();
    case 'D':
      return SqlType::Double();
    case 'd':
      return SqlType::Date();
    case 'T':
      return SqlType::Timestamp();
    case 'Y':
      return SqlType::YearMonthInterval();
    case 'Z':
      return SqlType::DayTimeInterval();
    default:
      return SqlType::Null();
  }
}

void BindingFactory::AddTable(FunctionRegistry* registry, const Signature* table, size_t size,
                              ScalarResolver resolve) {
  for (size_t k = 0; k < size; ++k) {
    registry->AddScalar(
        {table[k].name, table[k].min_args, static_cast<int>(std::strlen(table[k].args)), resolve});
  }
}

Result<BindingFactory::Ptr> BindingFactory::FromTable(const Signature* table, size_t size,
                                                      std::string_view name,
                                                      const std::vector<TypePtr>& in) {
  for (size_t k = 0; k < size; ++k) {
    const Signature& sig = table[k];
    if (name != sig.name) continue;
    const size_t max = std::strlen(sig.args);
    if (in.size() < static_cast<size_t>(sig.min_args) || in.size() > max) continue;
    std::vector<TypePtr> args;
    for (size_t i = 0; i < in.size(); ++i) args.push_back(TypeOfCode(sig.args[i]));
    return Make(name, std::move(args), TypeOfCode(sig.result), sig.kernel, sig.can_raise);
  }
  return Status::InvalidArgument(
      StrCat("no overload of ", name, " takes ", in.size(), " arguments"));
}

}  // namespace lakeml::sql
