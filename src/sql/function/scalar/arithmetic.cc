// Arithmetic operators (+, -, *, /, %, div, unary minus) and their try_ forms, with Spark's
// ANSI result types: integral operands keep the wider integral type and raise
// ARITHMETIC_OVERFLOW; `/` is DOUBLE unless both sides are exact (then DECIMAL); a decimal
// beside a float is DOUBLE; integer beside decimal widens to DECIMAL (sql_type.h).
#include <cmath>
#include <string>

#include "base/str_cat.h"
#include "sql/common/decimal_arithmetic.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

enum class ArithOutcome : uint8_t { kOk, kOverflow, kDivideByZero };

template <typename T>
struct ArithAdd {
  static ArithOutcome Apply(T a, T b, T* r) {
    if constexpr (std::is_floating_point_v<T>) {
      *r = a + b;
      return ArithOutcome::kOk;
    } else {
      return __builtin_add_overflow(a, b, r) ? ArithOutcome::kOverflow : ArithOutcome::kOk;
    }
  }
};
template <typename T>
struct ArithSub {
  static ArithOutcome Apply(T a, T b, T* r) {
    if constexpr (std::is_floating_point_v<T>) {
      *r = a - b;
      return ArithOutcome::kOk;
    } else {
      return __builtin_sub_overflow(a, b, r) ? ArithOutcome::kOverflow : ArithOutcome::kOk;
    }
  }
};
template <typename T>
struct ArithMul {
  static ArithOutcome Apply(T a, T b, T* r) {
    if constexpr (std::is_floating_point_v<T>) {
      *r = a * b;
      return ArithOutcome::kOk;
    } else {
      return __builtin_mul_overflow(a, b, r) ? ArithOutcome::kOverflow : ArithOutcome::kOk;
    }
  }
};
template <typename T>
struct ArithDiv {  // Floating point only ('/' on non-decimals is DOUBLE).
  static ArithOutcome Apply(T a, T b, T* r) {
    if (b == 0) return ArithOutcome::kDivideByZero;
    *r = a / b;
    return ArithOutcome::kOk;
  }
};
template <typename T>
struct ArithMod {
  static ArithOutcome Apply(T a, T b, T* r) {
    if (b == 0) return ArithOutcome::kDivideByZero;
    if constexpr (std::is_floating_point_v<T>) {
      *r = std::fmod(a, b);
    } else {
      *r = (b == -1) ? 0 : a % b;  // INT_MIN % -1 is UB in C++; the result is 0.
    }
    return ArithOutcome::kOk;
  }
};
template <typename T>
struct ArithIntDiv {  // `div`: integral, truncating toward zero.
  static ArithOutcome Apply(T a, T b, T* r) {
    if (b == 0) return ArithOutcome::kDivideByZero;
    if (b == -1)
      return __builtin_sub_overflow(T(0), a, r) ? ArithOutcome::kOverflow : ArithOutcome::kOk;
    *r = a / b;
    return ArithOutcome::kOk;
  }
};

Status ArithError(ArithOutcome outcome, const KernelContext& ctx) {
  if (outcome == ArithOutcome::kDivideByZero) return SqlError::DivideByZero();
  const TypeId id = ctx.function->return_type->id();
  const char* what = id == TypeId::kInt64   ? "long overflow"
                     : id == TypeId::kInt32 ? "integer overflow"
                     : id == TypeId::kInt16 ? "short overflow"
                                            : "byte overflow";
  return SqlError::ArithmeticOverflow(what);
}

template <typename T, template <typename> class Op>
Status ArithBinaryKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                         int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const T* a = args[0]->values_as<T>();
  const T* b = args[1]->values_as<T>();
  T* o = v->mutable_values()->mutable_as<T>();
  bool set_nulls = false;
  for (int64_t i = 0; i < n; ++i) {
    const ArithOutcome r = Op<T>::Apply(a[i], b[i], &o[i]);
    if (__builtin_expect(r != ArithOutcome::kOk, 0)) {
      o[i] = 0;
      if (v->IsNull(i)) continue;
      if (!ctx.null_on_error) return ArithError(r, ctx);
      KernelOutput::SetNull(v.get(), i);
      set_nulls = true;
    }
  }
  if (set_nulls) v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

template <typename T>
Status NegateKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                    VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const T* a = args[0]->values_as<T>();
  T* o = v->mutable_values()->mutable_as<T>();
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      o[i] = -a[i];
    } else if (__builtin_sub_overflow(T(0), a[i], &o[i])) {
      o[i] = 0;
      if (v->IsNull(i)) continue;
      if (!ctx.null_on_error) return ArithError(ArithOutcome::kOverflow, ctx);
      KernelOutput::SetNull(v.get(), i);
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// The kernel for an operator over the physical type of `t`.
template <template <typename> class Op>
ScalarKernel NumericKernel(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kInt8:
      return ArithBinaryKernel<int8_t, Op>;
    case TypeId::kInt16:
      return ArithBinaryKernel<int16_t, Op>;
    case TypeId::kInt32:
      return ArithBinaryKernel<int32_t, Op>;
    case TypeId::kInt64:
      return ArithBinaryKernel<int64_t, Op>;
    case TypeId::kFloat32:
      return ArithBinaryKernel<float, Op>;
    case TypeId::kFloat64:
      return ArithBinaryKernel<double, Op>;
    default:
      return nullptr;
  }
}

// Implicit operand type of a string in arithmetic: Spark's ANSI coercion reads it as the other
// side's type (BIGINT beside an integral, DOUBLE otherwise).
TypePtr StringOperandType(const TypePtr& other) {
  if (SqlType::IsIntegral(other)) return SqlType::BigInt();
  if (other->id() == TypeId::kDecimal) return SqlType::Decimal(38, 18);
  return SqlType::Double();
}

std::shared_ptr<ScalarFunctionBinding> MakeBinding(std::string_view name, TypePtr operand,
                                                   TypePtr result, ScalarKernel kernel) {
  auto b = std::make_shared<ScalarFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {operand, operand};
  b->return_type = std::move(result);
  b->kernel = kernel;
  b->can_raise = true;
  b->null_on_error = name.substr(0, 4) == "try_";
  if (name == "+" || name == "-" || name == "*" || name == "/" || name == "%" || name == "div") {
    b->infix = std::string(name);
  }
  return b;
}

// Strips "try_" and maps function names to operator symbols.
std::string_view OperatorOf(std::string_view name) {
  if (name.substr(0, 4) == "try_") name.remove_prefix(4);
  if (name == "add") return "+";
  if (name == "subtract") return "-";
  if (name == "multiply") return "*";
  if (name == "divide") return "/";
  if (name == "mod") return "%";
  return name;
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveArithmetic(
    std::string_view name, const std::vector<TypePtr>& in) {
  const std::string_view op = OperatorOf(name);
  TypePtr a = in[0], b = in[1];
  if (a->id() == TypeId::kNull) a = b->id() == TypeId::kNull ? SqlType::Int() : b;
  if (b->id() == TypeId::kNull) b = a;
  if (SqlType::IsStringLike(a) && SqlType::IsStringLike(b)) a = b = SqlType::Double();
  if (SqlType::IsStringLike(a)) a = StringOperandType(b);
  if (SqlType::IsStringLike(b)) b = StringOperandType(a);
  if (!SqlType::IsNumeric(a) || !SqlType::IsNumeric(b)) {
    return Status::InvalidArgument(
        StrCat("the binary operator requires numeric operands, but the operands are \"",
               SqlType::SqlName(in[0]), "\" and \"", SqlType::SqlName(in[1]), "\""));
  }
  const bool exact = !SqlType::IsFloating(a) && !SqlType::IsFloating(b);
  const bool any_decimal = a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal;
  if (exact && any_decimal) {
    if (op == "div") {
      // Decimal div: truncated quotient as BIGINT; computed on DECIMAL then cast.
      return DecimalArithmetic::Resolve(std::string(name), "div", a, b);
    }
    return DecimalArithmetic::Resolve(std::string(name), std::string(op), a, b);
  }
  if (op == "/") {
    auto bind = MakeBinding(name, SqlType::Double(), SqlType::Double(),
                            ArithBinaryKernel<double, ArithDiv>);
    return std::shared_ptr<const ScalarFunctionBinding>(std::move(bind));
  }
  TypePtr t = SqlType::CommonType(a, b);
  if (t == nullptr || any_decimal) t = SqlType::Double();
  if (op == "div") {
    if (!SqlType::IsIntegral(t)) {
      return Status::InvalidArgument(StrCat("div requires integral operands, but got \"",
                                            SqlType::SqlName(in[0]), "\" and \"",
                                            SqlType::SqlName(in[1]), "\""));
    }
    auto bind = MakeBinding(name, SqlType::BigInt(), SqlType::BigInt(),
                            ArithBinaryKernel<int64_t, ArithIntDiv>);
    return std::shared_ptr<const ScalarFunctionBinding>(std::move(bind));
  }
  ScalarKernel kernel = op == "+"   ? NumericKernel<ArithAdd>(t)
                        : op == "-" ? NumericKernel<ArithSub>(t)
                        : op == "*" ? NumericKernel<ArithMul>(t)
                                    : NumericKernel<ArithMod>(t);
  return std::shared_ptr<const ScalarFunctionBinding>(MakeBinding(name, t, t, kernel));
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveNegate(std::string_view name,
                                                                   const std::vector<TypePtr>& in) {
  TypePtr t = in[0]->id() == TypeId::kNull ? SqlType::Int() : in[0];
  if (SqlType::IsStringLike(t)) t = SqlType::Double();
  auto b = std::make_shared<ScalarFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {t};
  b->return_type = t;
  b->can_raise = true;
  b->infix = name == "negative" ? "-" : "";
  switch (t->id()) {
    case TypeId::kInt8:
      b->kernel = NegateKernel<int8_t>;
      break;
    case TypeId::kInt16:
      b->kernel = NegateKernel<int16_t>;
      break;
    case TypeId::kInt32:
      b->kernel = NegateKernel<int32_t>;
      break;
    case TypeId::kInt64:
      b->kernel = NegateKernel<int64_t>;
      break;
    case TypeId::kFloat32:
      b->kernel = NegateKernel<float>;
      break;
    case TypeId::kFloat64:
      b->kernel = NegateKernel<double>;
      break;
    case TypeId::kDecimal:
      return DecimalArithmetic::ResolveNegate(std::string(name), t);
    default:
      return Status::InvalidArgument(StrCat(
          "the unary minus requires a numeric operand, but got \"", SqlType::SqlName(t), "\""));
  }
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(b));
}

}  // namespace

void BuiltinFunctions::RegisterArithmetic(FunctionRegistry* registry) {
  for (const char* name : {"+", "-", "*", "/", "%", "div", "mod", "try_add", "try_subtract",
                           "try_multiply", "try_divide", "try_mod"}) {
    registry->AddScalar({name, 2, 2, ResolveArithmetic});
  }
  registry->AddScalar({"negative", 1, 1, ResolveNegate});
}

}  // namespace lakeml::sql
