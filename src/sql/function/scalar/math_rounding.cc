#include "sql/function/scalar/math_rounding.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
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

enum RoundMode { kHalfUp, kHalfEven, kCeiling, kFloor };

RoundMode ModeOf(std::string_view name) {
  if (name == "bround") return kHalfEven;
  if (name == "ceil" || name == "ceiling") return kCeiling;
  if (name == "floor") return kFloor;
  return kHalfUp;
}

// Whether the truncated quotient q (remainder r of divisor div, sign of the value) moves away
// from zero by one.
bool RoundsAway(RoundMode mode, __int128 q, __int128 r, __int128 div, bool negative) {
  if (r == 0) return false;
  const __int128 twice = (r < 0 ? -r : r) * 2;
  switch (mode) {
    case kHalfUp:
      return twice >= div;
    case kHalfEven:
      return twice > div || (twice == div && (q % 2 != 0));
    case kCeiling:
      return !negative;
    case kFloor:
      return negative;
  }
  return false;
}

// Rounds unscaled `v` at scale `from` to scale `to` (to < from), as an unscaled value at `to`.
__int128 RoundUnscaled(__int128 v, int from, int to, RoundMode mode) {
  if (from - to > 38) return 0;
  const __int128 div = DecimalArithmetic::Pow10(from - to);
  __int128 q = v / div;
  const __int128 r = v % div;
  if (RoundsAway(mode, q, r, div, v < 0)) q += v < 0 ? -1 : 1;
  return q;
}

// Rounds a double to `d` decimal places on its shortest decimal representation.
double RoundDouble(double x, int64_t d, RoundMode mode) {
  if (!std::isfinite(x) || x == 0) return x;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::scientific);
  std::string text(buf, res.ptr);
  const bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  const size_t e = text.find('e');
  const int exp10 = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (size_t k = 0; k < e; ++k) {
    if (text[k] != '.') digits.push_back(text[k]);
  }
  // value = 0.digits * 10^(exp10 + 1)
  const int64_t keep = exp10 + 1 + d;
  if (keep >= static_cast<int64_t>(digits.size())) return x;
  std::string kept = keep > 0 ? digits.substr(0, keep) : "";
  bool away;
  const bool rest_nonzero = keep >= 0 && digits.find_first_not_of('0', keep) != std::string::npos;
  if (keep < 0) {
    away = (mode == kCeiling && !negative) || (mode == kFloor && negative);
  } else {
    const char first = digits[keep];
    const bool tail = digits.find_first_not_of('0', keep + 1) != std::string::npos;
    const bool last_odd = keep > 0 && (kept.back() - '0') % 2 == 1;
    switch (mode) {
      case kHalfUp:
        away = first >= '5';
        break;
      case kHalfEven:
        away = first > '5' || (first == '5' && (tail || last_odd));
        break;
      case kCeiling:
        away = !negative && rest_nonzero;
        break;
      default:
        away = negative && rest_nonzero;
        break;
    }
  }
  int64_t exponent = exp10 + 1;
  if (keep <= 0) {
    if (!away) return negative ? -0.0 : 0.0;
    kept = "1";
    exponent = -d + 1;
  } else if (away) {
    int k = static_cast<int>(kept.size()) - 1;
    while (k >= 0 && kept[k] == '9') kept[k--] = '0';
    if (k < 0) {
      kept.insert(kept.begin(), '1');
      ++exponent;
    } else {
      ++kept[k];
    }
  }
  const double v = std::strtod(StrCat("0.", kept, "e", exponent).c_str(), nullptr);
  return negative ? -v : v;
}

int32_t ScaleArg(const RowArgs& a, int64_t i) {
  return a.size() > 1 ? a[1]->values_as<int32_t>()[i] : 0;
}

template <RoundMode kMode>
Status DoubleRoundRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool*) {
  *out = RoundDouble(a[0]->values_as<double>()[i], ScaleArg(a, i), kMode);
  return Status::OK();
}

template <RoundMode kMode, typename T>
Status IntRoundRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  const T x = a[0]->values_as<T>()[i];
  const int32_t d = std::max(ScaleArg(a, i), -39);  // Below -38 every integer rounds to 0.
  if (d >= 0) {
    *out = x;
    return Status::OK();
  }
  const __int128 r = RoundUnscaled(x, -d, 0, kMode) * (-d > 38 ? 0 : DecimalArithmetic::Pow10(-d));
  if (r > std::numeric_limits<T>::max() || r < std::numeric_limits<T>::min()) {
    return SqlError::ArithmeticOverflow(StrCat("rounding ", static_cast<int64_t>(x), " overflows"));
  }
  *out = static_cast<T>(r);
  return Status::OK();
}

// ceil / floor of DOUBLE: BIGINT, saturating as Java's (long) cast.
template <RoundMode kMode>
Status DoubleCeilRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out, bool*) {
  const double x = kMode == kCeiling ? std::ceil(a[0]->values_as<double>()[i])
                                     : std::floor(a[0]->values_as<double>()[i]);
  if (std::isnan(x)) {
    *out = 0;
  } else if (x >= 9.2233720368547758e18) {
    *out = INT64_MAX;
  } else if (x <= -9.2233720368547758e18) {
    *out = INT64_MIN;
  } else {
    *out = static_cast<int64_t>(x);
  }
  return Status::OK();
}

template <RoundMode kMode>
Status DecimalRoundRow(const KernelContext& ctx, const RowArgs& a, int64_t i, __int128* out,
                       bool*) {
  const int from = a[0]->type()->scale();
  const int d = ScaleArg(a, i);
  const TypePtr& rt = ctx.function->return_type;
  const __int128 v = a[0]->values_as<__int128>()[i];
  __int128 r;
  if (d >= from) {
    r = v;
  } else {
    r = RoundUnscaled(v, from, d, kMode);
    if (d < 0 && (-d > 38 || __builtin_mul_overflow(r, DecimalArithmetic::Pow10(-d), &r))) {
      r = -d > 38 ? 0 : DecimalArithmetic::Pow10(38);  // Fails the precision check below.
    }
  }
  if (!DecimalArithmetic::Fits(r, rt->precision())) {
    return SqlError::NumericOutOfRange(StrCat(static_cast<int64_t>(r)), rt->precision(),
                                       rt->scale());
  }
  *out = r;
  return Status::OK();
}

template <RoundMode kMode>
ScalarKernel NumericRoundKernel(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return RowKernels::Fixed<int8_t, IntRoundRow<kMode, int8_t>>;
    case TypeId::kInt16:
      return RowKernels::Fixed<int16_t, IntRoundRow<kMode, int16_t>>;
    case TypeId::kInt32:
      return RowKernels::Fixed<int32_t, IntRoundRow<kMode, int32_t>>;
    case TypeId::kInt64:
      return RowKernels::Fixed<int64_t, IntRoundRow<kMode, int64_t>>;
    default:
      return RowKernels::Fixed<double, DoubleRoundRow<kMode>>;
  }
}

Result<BindingFactory::Ptr> ResolveRounding(std::string_view name, const std::vector<TypePtr>& in) {
  TypePtr t = in[0]->id() == TypeId::kNull ? SqlType::Double() : in[0];
  if (SqlType::IsStringLike(t) || t->id() == TypeId::kFloat32) t = SqlType::Double();
  if (t->id() == TypeId::kDecimal) {
    // Reached only when the scale is not a constant.
    return Status::NotImplemented(StrCat(name, " of a DECIMAL with a non-constant scale"));
  }
  if (!SqlType::IsNumeric(t)) {
    return Status::InvalidArgument(
        StrCat(name, " requires a numeric argument, but got \"", SqlType::SqlName(in[0]), "\""));
  }
  const RoundMode mode = ModeOf(name);
  std::vector<TypePtr> args = {t};
  if (in.size() > 1) args.push_back(SqlType::Int());
  if (mode == kCeiling || mode == kFloor) {
    if (in.size() > 1)
      return Status::NotImplemented(StrCat(name, " with a scale of a non-DECIMAL"));
    if (SqlType::IsIntegral(t)) {
      return BindingFactory::Make(name, {SqlType::BigInt()}, SqlType::BigInt(),
                                  RowKernels::Fixed<int64_t, IntRoundRow<kHalfUp, int64_t>>);
    }
    return BindingFactory::Make(name, std::move(args), SqlType::BigInt(),
                                mode == kCeiling
                                    ? RowKernels::Fixed<int64_t, DoubleCeilRow<kCeiling>>
                                    : RowKernels::Fixed<int64_t, DoubleCeilRow<kFloor>>);
  }
  ScalarKernel k = mode == kHalfUp ? NumericRoundKernel<kHalfUp>(t->id())
                                   : NumericRoundKernel<kHalfEven>(t->id());
  return BindingFactory::Make(name, std::move(args), t, k, /*can_raise=*/SqlType::IsIntegral(t));
}

}  // namespace

bool MathRounding::IsRounding(std::string_view name) {
  return name == "round" || name == "bround" || name == "ceil" || name == "ceiling" ||
         name == "floor";
}

Result<std::shared_ptr<const ScalarFunctionBinding>> MathRounding::ResolveDecimal(
    std::string_view name, const TypePtr& value, int scale) {
  const int p = value->precision(), s = value->scale();
  const int integral = p - s + 1;
  TypePtr rt =
      scale < 0 ? SqlType::Decimal(std::min(std::max(integral, 1 - scale), 38), 0)
                : SqlType::Decimal(std::min(integral + std::min(s, scale), 38), std::min(s, scale));
  ScalarKernel k = nullptr;
  switch (ModeOf(name)) {
    case kHalfUp:
      k = RowKernels::Fixed<__int128, DecimalRoundRow<kHalfUp>>;
      break;
    case kHalfEven:
      k = RowKernels::Fixed<__int128, DecimalRoundRow<kHalfEven>>;
      break;
    case kCeiling:
      k = RowKernels::Fixed<__int128, DecimalRoundRow<kCeiling>>;
      break;
    case kFloor:
      k = RowKernels::Fixed<__int128, DecimalRoundRow<kFloor>>;
      break;
  }
  return BindingFactory::Make(name, {value, SqlType::Int()}, rt, k, /*can_raise=*/true);
}

void BuiltinFunctions::RegisterMathRounding(FunctionRegistry* registry) {
  for (const char* name : {"round", "bround"}) registry->AddScalar({name, 1, 2, ResolveRounding});
  for (const char* name : {"ceil", "ceiling", "floor"}) {
    registry->AddScalar({name, 1, 2, ResolveRounding});
  }
}

}  // namespace lakeml::sql
