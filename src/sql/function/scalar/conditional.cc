// Boolean and null predicates: NOT, isnull / IS NULL, isnotnull / IS NOT NULL. (AND, OR, CASE,
// IF, COALESCE and NVL are expression kinds evaluated lazily by the ExpressionExecutor.)
#include <cstring>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

Status NotKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                 VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const uint8_t* in = args[0]->values()->data();
  uint8_t* o = v->mutable_values()->mutable_data();
  for (int64_t i = 0; i < bit_util::BytesForBits(n); ++i) o[i] = static_cast<uint8_t>(~in[i]);
  *out = std::move(v);
  return Status::OK();
}

template <bool kWantNull>
Status NullTestKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                      VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  uint8_t* o = v->mutable_values()->mutable_data();
  const Vector& a = *args[0];
  if (a.null_count() == 0 || !a.validity()) {
    bit_util::SetBitsTo(o, 0, n, !kWantNull);
  } else {
    const uint8_t* valid = a.validity()->data();
    for (int64_t i = 0; i < bit_util::BytesForBits(n); ++i) {
      o[i] = kWantNull ? static_cast<uint8_t>(~valid[i]) : valid[i];
    }
  }
  *out = std::move(v);
  return Status::OK();
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveNot(std::string_view name,
                                                                const std::vector<TypePtr>& in) {
  if (in[0]->id() != TypeId::kBoolean && in[0]->id() != TypeId::kNull &&
      in[0]->id() != TypeId::kString) {
    return Status::InvalidArgument(
        StrCat("NOT requires a BOOLEAN operand, but got \"", SqlType::SqlName(in[0]), "\""));
  }
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = "not";
  fn->arg_types = {SqlType::Boolean()};
  fn->return_type = SqlType::Boolean();
  fn->kernel = NotKernel;
  fn->infix = "NOT";
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveNullTest(
    std::string_view name, const std::vector<TypePtr>& in) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = {in[0]};
  fn->return_type = SqlType::Boolean();
  fn->kernel = name == "isnull" ? NullTestKernel<true> : NullTestKernel<false>;
  fn->propagates_nulls = false;
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

}  // namespace

void BuiltinFunctions::RegisterConditional(FunctionRegistry* registry) {
  registry->AddScalar({"not", 1, 1, ResolveNot});
  registry->AddScalar({"isnull", 1, 1, ResolveNullTest});
  registry->AddScalar({"isnotnull", 1, 1, ResolveNullTest});
}

}  // namespace lakeml::sql
