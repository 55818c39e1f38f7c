// Miscellaneous functions: typeof (the argument's type as Spark's catalogString: "int",
// "decimal(5,2)", "void" for NULL).
#include <string>

#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

Status TypeofKernel(const KernelContext& ctx, const RowArgs& a, int64_t n,
                    columnar::VectorPtr* out) {
  std::string name = ctx.function->arg_types[0]->id() == TypeId::kNull
                         ? "void"
                         : SqlType::SqlName(ctx.function->arg_types[0]);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  StringVectorBuilder b(ctx.function->return_type, n);
  for (int64_t i = 0; i < n; ++i) b.Append(name);
  *out = b.Finish();
  return Status::OK();
}

Result<BindingFactory::Ptr> ResolveTypeof(std::string_view name, const std::vector<TypePtr>& in) {
  LAKEML_ASSIGN_OR_RETURN(BindingFactory::Ptr p,
                          BindingFactory::Make(name, {in[0]}, SqlType::String(), TypeofKernel));
  return BindingFactory::SeesNulls(p);
}

}  // namespace

void BuiltinFunctions::RegisterMisc(FunctionRegistry* registry) {
  registry->AddScalar({"typeof", 1, 1, ResolveTypeof});
}

}  // namespace lakeml::sql
