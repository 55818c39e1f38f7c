// Comparison operators: = == <> != < <= > >= and the null-safe <=>. Operands are cast to
// their least common type (SqlType::CommonType, with Spark's string promotion). Doubles
// compare as Spark does: NaN equals NaN and is greater than every other value.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/nested_comparison.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

// -1, 0, 1 with Spark's float order.
template <typename T>
inline int CompareValues(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    const bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (a > b ? 1 : 0);
}

template <CmpOp kOp>
inline bool CmpResult(int c) {
  switch (kOp) {
    case CmpOp::kEq:
    case CmpOp::kNullSafeEq:
      return c == 0;
    case CmpOp::kNe:
      return c != 0;
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLe:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    case CmpOp::kGe:
      return c >= 0;
  }
  return false;
}

// Packs CmpResult(compare(i)) for i in [0, n) into a bitmap.
template <CmpOp kOp, typename Compare>
void CompareIntoBits(int64_t n, uint8_t* out, const Compare& compare) {
  for (int64_t base = 0; base < n; base += 8) {
    uint8_t byte = 0;
    const int64_t end = std::min<int64_t>(8, n - base);
    for (int64_t j = 0; j < end; ++j) {
      byte |= static_cast<uint8_t>(CmpResult<kOp>(compare(base + j))) << j;
    }
    out[base >> 3] = byte;
  }
}

// <=>: never null; null equals null.
void ApplyNullSafe(const Vector& a, const Vector& b, int64_t n, Vector* v) {
  uint8_t* bits = v->mutable_values()->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const bool na = a.IsNull(i), nb = b.IsNull(i);
    if (na || nb) bit_util::SetBitTo(bits, i, na && nb);
  }
  v->set_validity(nullptr);
  v->FinishValidity();
}

template <typename T, CmpOp kOp>
Status CompareFixedKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                          int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const T* a = args[0]->values_as<T>();
  const T* b = args[1]->values_as<T>();
  CompareIntoBits<kOp>(n, v->mutable_values()->mutable_data(),
                       [a, b](int64_t i) { return CompareValues<T>(a[i], b[i]); });
  if (kOp == CmpOp::kNullSafeEq) ApplyNullSafe(*args[0], *args[1], n, v.get());
  *out = std::move(v);
  return Status::OK();
}

template <CmpOp kOp>
Status CompareBoolKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                         int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const Vector* a = args[0];
  const Vector* b = args[1];
  CompareIntoBits<kOp>(n, v->mutable_values()->mutable_data(), [a, b](int64_t i) {
    return CompareValues<int>(a->GetBool(i), b->GetBool(i));
  });
  if (kOp == CmpOp::kNullSafeEq) ApplyNullSafe(*a, *b, n, v.get());
  *out = std::move(v);
  return Status::OK();
}

template <CmpOp kOp>
Status CompareStringKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const Vector* a = args[0];
  const Vector* b = args[1];
  CompareIntoBits<kOp>(n, v->mutable_values()->mutable_data(), [a, b](int64_t i) {
    const int c = a->GetView(i).compare(b->GetView(i));  // Bytewise: UTF-8 code point order.
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  });
  if (kOp == CmpOp::kNullSafeEq) ApplyNullSafe(*a, *b, n, v.get());
  *out = std::move(v);
  return Status::OK();
}

template <CmpOp kOp>
ScalarKernel CompareKernelFor(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kBoolean:
      return CompareBoolKernel<kOp>;
    case TypeId::kInt8:
      return CompareFixedKernel<int8_t, kOp>;
    case TypeId::kInt16:
      return CompareFixedKernel<int16_t, kOp>;
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return CompareFixedKernel<int32_t, kOp>;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return CompareFixedKernel<int64_t, kOp>;
    case TypeId::kFloat32:
      return CompareFixedKernel<float, kOp>;
    case TypeId::kFloat64:
      return CompareFixedKernel<double, kOp>;
    case TypeId::kDecimal:
      return CompareFixedKernel<__int128, kOp>;
    case TypeId::kString:
    case TypeId::kBinary:
      return CompareStringKernel<kOp>;
    default:
      return nullptr;
  }
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveComparison(
    std::string_view name, const std::vector<TypePtr>& in) {
  TypePtr t = SqlType::CommonType(in[0], in[1]);
  if (t != nullptr && t->id() == TypeId::kNull) t = SqlType::Boolean();
  ScalarKernel kernel = nullptr;
  if (t != nullptr) {
    if (name == "=" || name == "==") kernel = CompareKernelFor<CmpOp::kEq>(t);
    if (name == "<>" || name == "!=") kernel = CompareKernelFor<CmpOp::kNe>(t);
    if (name == "<") kernel = CompareKernelFor<CmpOp::kLt>(t);
    if (name == "<=") kernel = CompareKernelFor<CmpOp::kLe>(t);
    if (name == ">") kernel = CompareKernelFor<CmpOp::kGt>(t);
    if (name == ">=") kernel = CompareKernelFor<CmpOp::kGe>(t);
    if (name == "<=>") kernel = CompareKernelFor<CmpOp::kNullSafeEq>(t);
    if (t->id() == TypeId::kList || t->id() == TypeId::kStruct) {  // sql-nested
      kernel = NestedComparison::KernelFor(name);
    }
  }
  if (kernel == nullptr) {
    return Status::InvalidArgument(
        StrCat("the left and right operands of the binary operator "
               "have incompatible types (\"",
               SqlType::SqlName(in[0]), "\" and \"", SqlType::SqlName(in[1]), "\")"));
  }
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = {t, t};
  fn->return_type = SqlType::Boolean();
  fn->kernel = kernel;
  fn->infix = std::string(name);
  fn->propagates_nulls = name != "<=>";
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

}  // namespace

void BuiltinFunctions::RegisterComparison(FunctionRegistry* registry) {
  for (const char* name : {"=", "==", "<>", "!=", "<", "<=", ">", ">=", "<=>"}) {
    registry->AddScalar({name, 2, 2, ResolveComparison});
  }
}

}  // namespace lakeml::sql
