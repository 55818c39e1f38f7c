// Math functions on DOUBLE (sqrt, cbrt, exp, ln, log, trig, pow, ...), abs, sign, pmod,
// greatest / least (nulls skipped, as Spark), pi, e, rand/random, isnan, nanvl. Logarithms of
// values at or below their asymptote are null, as in Spark.
#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "base/str_cat.h"
#include "sql/common/decimal_arithmetic.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

double D(const RowArgs& a, size_t k, int64_t i) { return a[k]->values_as<double>()[i]; }

template <double (*kFn)(double)>
Status UnaryDoubleRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool*) {
  *out = kFn(D(a, 0, i));
  return Status::OK();
}

// ln, log10, log2, log1p: null at or below the asymptote.
template <double (*kFn)(double), int kAsymptote>
Status LogRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool* null) {
  const double x = D(a, 0, i);
  if (x <= kAsymptote) {
    *null = true;
  } else {
    *out = kFn(x);
  }
  return Status::OK();
}

// log(base, x): null when either is not positive.
Status LogBaseRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool* null) {
  if (a.size() == 1) return LogRow<std::log, 0>(KernelContext(), a, i, out, null);
  const double base = D(a, 0, i), x = D(a, 1, i);
  if (base <= 0 || x <= 0) {
    *null = true;
  } else {
    *out = std::log(x) / std::log(base);
  }
  return Status::OK();
}

template <double (*kFn)(double, double)>
Status BinaryDoubleRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool*) {
  *out = kFn(D(a, 0, i), D(a, 1, i));
  return Status::OK();
}

double Degrees(double x) { return x * 180.0 / M_PI; }
double Radians(double x) { return x / 180.0 * M_PI; }
double Cot(double x) { return 1.0 / std::tan(x); }
double Sec(double x) { return 1.0 / std::cos(x); }
double Csc(double x) { return 1.0 / std::sin(x); }
double Signum(double x) { return std::isnan(x) ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0)); }
double Sqrt(double x) { return std::sqrt(x); }
// glibc's cbrt is not correctly rounded (cbrt(27) = 3.0000000000000004); exact cubes are.
double Cbrt(double x) {
  const double r = std::cbrt(x);
  const double whole = std::round(r);
  return whole * whole * whole == x ? whole : r;
}
double Exp(double x) { return std::exp(x); }
double Expm1(double x) { return std::expm1(x); }
double Pow(double x, double y) { return std::pow(x, y); }
double Atan2(double y, double x) { return std::atan2(y, x); }
double Hypot(double x, double y) { return std::hypot(x, y); }

Status PiRow(const KernelContext&, const RowArgs&, int64_t, double* out, bool*) {
  *out = M_PI;
  return Status::OK();
}

Status ERow(const KernelContext&, const RowArgs&, int64_t, double* out, bool*) {
  *out = M_E;
  return Status::OK();
}

// rand(): uniform in [0, 1), independent per thread.
Status RandKernel(const KernelContext& ctx, const RowArgs&, int64_t n, VectorPtr* out) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  double* o = v->mutable_values()->mutable_as<double>();
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  for (int64_t i = 0; i < n; ++i) o[i] = dist(engine);
  *out = std::move(v);
  return Status::OK();
}

template <typename T>
Status AbsRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  const T x = a[0]->values_as<T>()[i];
  if constexpr (std::is_integral_v<T> || std::is_same_v<T, __int128>) {
    if (x == std::numeric_limits<T>::min()) {
      return SqlError::ArithmeticOverflow(StrCat("abs(", static_cast<int64_t>(x), ") overflows"));
    }
    *out = x < 0 ? -x : x;
  } else {
    *out = std::fabs(x);
  }
  return Status::OK();
}

Status DecimalAbsRow(const KernelContext&, const RowArgs& a, int64_t i, __int128* out, bool*) {
  const __int128 x = a[0]->values_as<__int128>()[i];
  *out = x < 0 ? -x : x;
  return Status::OK();
}

// pmod as Spark: r = a % n; r < 0 ? (r + n) % n : r.
template <typename T>
Status PmodRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  const T x = a[0]->values_as<T>()[i], y = a[1]->values_as<T>()[i];
  if (y == 0) return SqlError::DivideByZero();
  if constexpr (std::is_integral_v<T>) {
    const __int128 r = static_cast<__int128>(x) % y;
    *out = static_cast<T>(r < 0 ? (r + y) % y : r);
  } else {
    const T r = std::fmod(x, y);
    *out = r < 0 ? std::fmod(r + y, y) : r;
  }
  return Status::OK();
}

Status IsNanKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  uint8_t* bits = v->mutable_values()->mutable_data();
  for (int64_t i = 0; i < n; ++i)
    bit_util::SetBitTo(bits, i, !a[0]->IsNull(i) && std::isnan(D(a, 0, i)));
  *out = std::move(v);
  return Status::OK();
}

// nanvl(a, b): b where a is NaN, else a (null where a is null).
Status NanvlKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  double* o = v->mutable_values()->mutable_as<double>();
  for (int64_t i = 0; i < n; ++i) {
    const bool nan = !a[0]->IsNull(i) && std::isnan(D(a, 0, i));
    const Vector* src = nan ? a[1] : a[0];
    if (src->IsNull(i)) {
      KernelOutput::SetNull(v.get(), i);
      o[i] = 0;
    } else {
      o[i] = D(a, nan ? 1 : 0, i);
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// greatest / least over one storage type T, skipping nulls (null only when all are null).
template <typename T, bool kGreatest>
Status ExtremeKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  const bool strings = ctx.function->return_type->id() == TypeId::kString;
  StringVectorBuilder sb(ctx.function->return_type, strings ? n : 0);
  VectorPtr v = strings ? nullptr : Vector::Make(ctx.function->return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    int best = -1;
    for (size_t k = 0; k < a.size(); ++k) {
      if (a[k]->IsNull(i)) continue;
      if (best < 0) {
        best = static_cast<int>(k);
        continue;
      }
      bool better;
      if constexpr (std::is_same_v<T, std::string_view>) {
        better = kGreatest ? a[k]->GetView(i) > a[best]->GetView(i)
                           : a[k]->GetView(i) < a[best]->GetView(i);
      } else if constexpr (std::is_same_v<T, bool>) {
        better = kGreatest ? a[k]->GetBool(i) > a[best]->GetBool(i)
                           : a[k]->GetBool(i) < a[best]->GetBool(i);
      } else {
        const T x = a[k]->values_as<T>()[i], y = a[best]->values_as<T>()[i];
        if constexpr (std::is_floating_point_v<T>) {
          // NaN is greater than any other value (Spark's ordering).
          better = kGreatest ? (std::isnan(x) && !std::isnan(y)) || x > y
                             : (!std::isnan(x) && std::isnan(y)) || x < y;
        } else {
          better = kGreatest ? x > y : x < y;
        }
      }
      if (better) best = static_cast<int>(k);
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
      if (best < 0) {
        sb.AppendNull();
      } else {
        sb.Append(a[best]->GetView(i));
      }
    } else if constexpr (std::is_same_v<T, bool>) {
      bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, best >= 0 && a[best]->GetBool(i));
      if (best < 0) KernelOutput::SetNull(v.get(), i);
    } else {
      v->mutable_values()->template mutable_as<T>()[i] =
          best < 0 ? T() : a[best]->values_as<T>()[i];
      if (best < 0) KernelOutput::SetNull(v.get(), i);
    }
  }
  if (strings) {
    *out = sb.Finish();
  } else {
    v->FinishValidity();
    *out = std::move(v);
  }
  return Status::OK();
}

template <bool kGreatest>
ScalarKernel ExtremeKernelFor(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return ExtremeKernel<bool, kGreatest>;
    case TypeId::kInt8:
      return ExtremeKernel<int8_t, kGreatest>;
    case TypeId::kInt16:
      return ExtremeKernel<int16_t, kGreatest>;
    case TypeId::kInt32:
    case TypeId::kDate32:
      return ExtremeKernel<int32_t, kGreatest>;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return ExtremeKernel<int64_t, kGreatest>;
    case TypeId::kFloat32:
      return ExtremeKernel<float, kGreatest>;
    case TypeId::kFloat64:
      return ExtremeKernel<double, kGreatest>;
    case TypeId::kDecimal:
      return ExtremeKernel<__int128, kGreatest>;
    case TypeId::kString:
      return ExtremeKernel<std::string_view, kGreatest>;
    default:
      return nullptr;
  }
}

Result<BindingFactory::Ptr> ResolveExtreme(std::string_view name, const std::vector<TypePtr>& in) {
  TypePtr t = SqlType::Null();
  for (const TypePtr& x : in) {
    TypePtr next = SqlType::CommonType(t, x);
    if (next == nullptr) {
      return Status::InvalidArgument(StrCat("the arguments of ", name, " have no common type (\"",
                                            SqlType::SqlName(t), "\" and \"", SqlType::SqlName(x),
                                            "\")"));
    }
    t = next;
  }
  if (t->id() == TypeId::kNull) t = SqlType::Int();
  ScalarKernel k =
      name == "greatest" ? ExtremeKernelFor<true>(t->id()) : ExtremeKernelFor<false>(t->id());
  if (k == nullptr) {
    return Status::InvalidArgument(StrCat(name, " does not support \"", SqlType::SqlName(t), "\""));
  }
  LAKEML_ASSIGN_OR_RETURN(BindingFactory::Ptr p,
                          BindingFactory::Make(name, std::vector<TypePtr>(in.size(), t), t, k));
  return BindingFactory::SeesNulls(p);
}

Result<BindingFactory::Ptr> ResolveTyped(std::string_view name, const std::vector<TypePtr>& in) {
  TypePtr t = in[0];
  if (t->id() == TypeId::kNull) t = SqlType::Int();
  if (SqlType::IsStringLike(t)) t = SqlType::Double();
  if (name == "pmod") {
    TypePtr c = SqlType::CommonType(t, in[1]->id() == TypeId::kNull ? t : in[1]);
    t = c == nullptr || c->id() == TypeId::kDecimal || SqlType::IsStringLike(c) ? SqlType::Double()
                                                                                : c;
  }
  ScalarKernel k = nullptr;
  const bool abs = name == "abs";
  switch (t->id()) {
    case TypeId::kInt8:
      k = abs ? RowKernels::Fixed<int8_t, AbsRow<int8_t>>
              : RowKernels::Fixed<int8_t, PmodRow<int8_t>>;
      break;
    case TypeId::kInt16:
      k = abs ? RowKernels::Fixed<int16_t, AbsRow<int16_t>>
              : RowKernels::Fixed<int16_t, PmodRow<int16_t>>;
      break;
    case TypeId::kInt32:
      k = abs ? RowKernels::Fixed<int32_t, AbsRow<int32_t>>
              : RowKernels::Fixed<int32_t, PmodRow<int32_t>>;
      break;
    case TypeId::kInt64:
      k = abs ? RowKernels::Fixed<int64_t, AbsRow<int64_t>>
              : RowKernels::Fixed<int64_t, PmodRow<int64_t>>;
      break;
    case TypeId::kFloat32:
      k = abs ? RowKernels::Fixed<float, AbsRow<float>> : RowKernels::Fixed<float, PmodRow<float>>;
      break;
    case TypeId::kFloat64:
      k = abs ? RowKernels::Fixed<double, AbsRow<double>>
              : RowKernels::Fixed<double, PmodRow<double>>;
      break;
    case TypeId::kDecimal:
      if (abs) k = RowKernels::Fixed<__int128, DecimalAbsRow>;
      break;
    default:
      break;
  }
  if (k == nullptr) {
    return Status::InvalidArgument(
        StrCat(name, " requires a numeric argument, but got \"", SqlType::SqlName(in[0]), "\""));
  }
  return BindingFactory::Make(name, std::vector<TypePtr>(in.size(), t), t, k, /*can_raise=*/true);
}

constexpr BindingFactory::Signature kMath[] = {
    {"sqrt", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Sqrt>>, false},
    {"cbrt", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Cbrt>>, false},
    {"exp", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Exp>>, false},
    {"expm1", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Expm1>>, false},
    {"ln", 1, "D", 'D', RowKernels::Fixed<double, LogRow<std::log, 0>>, false},
    {"log10", 1, "D", 'D', RowKernels::Fixed<double, LogRow<std::log10, 0>>, false},
    {"log2", 1, "D", 'D', RowKernels::Fixed<double, LogRow<std::log2, 0>>, false},
    {"log1p", 1, "D", 'D', RowKernels::Fixed<double, LogRow<std::log1p, -1>>, false},
    {"log", 1, "DD", 'D', RowKernels::Fixed<double, LogBaseRow>, false},
    {"pow", 2, "DD", 'D', RowKernels::Fixed<double, BinaryDoubleRow<Pow>>, false},
    {"power", 2, "DD", 'D', RowKernels::Fixed<double, BinaryDoubleRow<Pow>>, false},
    {"atan2", 2, "DD", 'D', RowKernels::Fixed<double, BinaryDoubleRow<Atan2>>, false},
    {"hypot", 2, "DD", 'D', RowKernels::Fixed<double, BinaryDoubleRow<Hypot>>, false},
    {"sin", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::sin>>, false},
    {"cos", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::cos>>, false},
    {"tan", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::tan>>, false},
    {"asin", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::asin>>, false},
    {"acos", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::acos>>, false},
    {"atan", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::atan>>, false},
    {"sinh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::sinh>>, false},
    {"cosh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::cosh>>, false},
    {"tanh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::tanh>>, false},
    {"asinh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::asinh>>, false},
    {"acosh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::acosh>>, false},
    {"atanh", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<std::atanh>>, false},
    {"cot", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Cot>>, false},
    {"sec", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Sec>>, false},
    {"csc", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Csc>>, false},
    {"degrees", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Degrees>>, false},
    {"radians", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Radians>>, false},
    {"sign", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Signum>>, false},
    {"signum", 1, "D", 'D', RowKernels::Fixed<double, UnaryDoubleRow<Signum>>, false},
    {"pi", 0, "", 'D', RowKernels::Fixed<double, PiRow>, false},
    {"e", 0, "", 'D', RowKernels::Fixed<double, ERow>, false},
    // Not constant: marked as raising so that the binder never folds it.
    {"rand", 0, "", 'D', RandKernel, true},
    {"random", 0, "", 'D', RandKernel, true},
    {"isnan", 1, "D", 'B', IsNanKernel, false},
    {"nanvl", 2, "DD", 'D', NanvlKernel, false},
};

Result<BindingFactory::Ptr> ResolveMath(std::string_view name, const std::vector<TypePtr>& in) {
  LAKEML_ASSIGN_OR_RETURN(BindingFactory::Ptr p,
                          BindingFactory::FromTable(kMath, std::size(kMath), name, in));
  if (name != "isnan" && name != "nanvl") return p;
  return BindingFactory::SeesNulls(p);
}

}  // namespace

void BuiltinFunctions::RegisterMath(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kMath, std::size(kMath), ResolveMath);
  registry->AddScalar({"abs", 1, 1, ResolveTyped});
  registry->AddScalar({"pmod", 2, 2, ResolveTyped});
  registry->AddScalar({"greatest", 2, -1, ResolveExtreme});
  registry->AddScalar({"least", 2, -1, ResolveExtreme});
  RegisterMathRounding(registry);
}

}  // namespace lakeml::sql
