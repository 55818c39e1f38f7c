#include "sql/common/decimal_arithmetic.h"

#include <algorithm>
#include <array>
#include <limits>

#include "base/str_cat.h"
#include "format/value_text/decimal_text.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

constexpr std::array<__int128, 39> MakePow10Table() {
  std::array<__int128, 39> t{};
  t[0] = 1;
  for (int i = 1; i < 39; ++i) t[i] = t[i - 1] * 10;
  return t;
}
constexpr std::array<__int128, 39> kDecimalPow10 = MakePow10Table();

Status DecimalOutOfRange(__int128 v, const TypePtr& t) {
  std::string text;
  format::AppendDecimal(v, t->scale(), &text);
  return SqlError::NumericOutOfRange(text, t->precision(), t->scale());
}

// a / b scaled by 10^k, rounded HALF_UP; false on overflow. REQUIRES: b != 0, k >= 0.
bool DecimalDivideScaled(__int128 a, __int128 b, int k, __int128* out) {
  const bool negative = (a < 0) != (b < 0);
  unsigned __int128 ua = a < 0 ? -static_cast<unsigned __int128>(a) : a;
  unsigned __int128 ub = b < 0 ? -static_cast<unsigned __int128>(b) : b;
  unsigned __int128 q = ua / ub, r = ua % ub;
  constexpr unsigned __int128 kMax = static_cast<unsigned __int128>(~__int128(0) >> 1) / 10;
  for (int i = 0; i < k; ++i) {
    if (q > kMax || r > (~static_cast<unsigned __int128>(0)) / 10) return false;
    r *= 10;
    q = q * 10 + r / ub;
    r %= ub;
  }
  // HALF_UP: round away from zero when the remainder is at least half the divisor.
  if (r >= ub - r) ++q;
  if (q > static_cast<unsigned __int128>(~__int128(0) >> 1)) return false;
  *out = negative ? -static_cast<__int128>(q) : static_cast<__int128>(q);
  return true;
}

// The fast loop of + - * (decision 0021): every row computed without a branch, nulls included
// (their values are arbitrary but harmless), '*' only for operands that fit in int64 (whose
// product cannot overflow an int128). Returns false when some row overflowed, left its
// precision or (for '*') had an operand beyond int64: the caller then redoes the whole batch
// row by row, which raises exactly the error of that row or skips it when it is null.
// kConstA / kConstB: that operand is a constant, read once.
template <char kOp, bool kConstA, bool kConstB>
bool DecimalFastLoop(const __int128* a, const __int128* b, int64_t n, __int128 bound,
                     __int128* out) {
  const __int128 a0 = a[0], b0 = b[0];
  bool bad = false;
  for (int64_t i = 0; i < n; ++i) {
    const __int128 x = kConstA ? a0 : a[i];
    const __int128 y = kConstB ? b0 : b[i];
    __int128 r;
    if constexpr (kOp == '+') {
      bad |= __builtin_add_overflow(x, y, &r);
    } else if constexpr (kOp == '-') {
      bad |= __builtin_sub_overflow(x, y, &r);
    } else {
      const int64_t x64 = static_cast<int64_t>(x), y64 = static_cast<int64_t>(y);
      bad |= (x64 != x) | (y64 != y);
      r = static_cast<__int128>(x64) * y64;
    }
    bad |= (r >= bound) | (r <= -bound);
    out[i] = r;
  }
  return !bad;
}

template <char kOp>
bool DecimalFastPath(const KernelContext& ctx, const __int128* a, const __int128* b, int64_t n,
                     __int128 bound, __int128* out) {
  if (n == 0) return true;
  switch (ctx.constant_args & 3) {
    case 1:
      return DecimalFastLoop<kOp, true, false>(a, b, n, bound, out);
    case 2:
      return DecimalFastLoop<kOp, false, true>(a, b, n, bound, out);
    default:
      return DecimalFastLoop<kOp, false, false>(a, b, n, bound, out);
  }
}

template <char kOp>
Status DecimalKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                     VectorPtr* out) {
  const ScalarFunctionBinding& fn = *ctx.function;
  VectorPtr v = KernelOutput::MakePropagatingNulls(fn.return_type, args, n);
  const __int128* a = args[0]->values_as<__int128>();
  const __int128* b = args[1]->values_as<__int128>();
  const int s1 = fn.arg_types[0]->scale(), s2 = fn.arg_types[1]->scale();
  const int rs = kOp == 'q' ? 0 : fn.return_type->scale();
  const int rp = kOp == 'q' ? 38 : fn.return_type->precision();
  const __int128 bound = kDecimalPow10[rp];  // |result| < bound: see DecimalArithmetic::Fits.
  // Fast path of '*': no rescaling, and operands within int64 cannot overflow an int128.
  const bool exact_scale = kOp == '*' && rs == s1 + s2;
  if constexpr (kOp == '+' || kOp == '-' || kOp == '*') {
    if ((kOp != '*' || exact_scale) &&
        DecimalFastPath<kOp>(ctx, a, b, n, bound, v->mutable_values()->mutable_as<__int128>())) {
      *out = std::move(v);
      return Status::OK();
    }
  }
  bool set_nulls = false;
  for (int64_t i = 0; i < n; ++i) {
    __int128 r = 0;
    bool ok = true, div_zero = false;
    if constexpr (kOp == '+') {
      ok = !__builtin_add_overflow(a[i], b[i], &r);
    } else if constexpr (kOp == '-') {
      ok = !__builtin_sub_overflow(a[i], b[i], &r);
    } else if constexpr (kOp == '*') {
      const int64_t a64 = static_cast<int64_t>(a[i]), b64 = static_cast<int64_t>(b[i]);
      if (exact_scale && a64 == a[i] && b64 == b[i]) {
        r = static_cast<__int128>(a64) * b64;
      } else {
        __int128 p;
        ok = !__builtin_mul_overflow(a[i], b[i], &p) &&
             DecimalArithmetic::Rescale(p, s1 + s2, rs, &r);
      }
    } else if constexpr (kOp == '/') {
      div_zero = b[i] == 0;
      ok = !div_zero && DecimalDivideScaled(a[i], b[i], rs - s1 + s2, &r);
    } else if constexpr (kOp == '%') {
      div_zero = b[i] == 0;
      if (!div_zero) r = a[i] % b[i];
    } else {  // 'q': div, truncated integral quotient of equally scaled operands.
      div_zero = b[i] == 0;
      if (!div_zero) r = a[i] / b[i];
    }
    if constexpr (kOp == 'q') {
      ok = ok && r <= std::numeric_limits<int64_t>::max() &&
           r >= std::numeric_limits<int64_t>::min();
    }
    if (ok && !div_zero && r < bound && r > -bound) {
      if constexpr (kOp == 'q') {
        v->mutable_values()->mutable_as<int64_t>()[i] = static_cast<int64_t>(r);
      } else {
        v->mutable_values()->mutable_as<__int128>()[i] = r;
      }
      continue;
    }
    if (kOp == 'q') {
      v->mutable_values()->mutable_as<int64_t>()[i] = 0;
    } else {
      v->mutable_values()->mutable_as<__int128>()[i] = 0;
    }
    if (v->IsNull(i)) continue;
    if (!fn.null_on_error) {
      if (div_zero) return SqlError::DivideByZero();
      if (kOp == 'q') return SqlError::ArithmeticOverflow("long overflow");
      return DecimalOutOfRange(r, fn.return_type);
    }
    KernelOutput::SetNull(v.get(), i);
    set_nulls = true;
  }
  if (set_nulls) v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Status DecimalNegateKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const __int128* a = args[0]->values_as<__int128>();
  __int128* o = v->mutable_values()->mutable_as<__int128>();
  for (int64_t i = 0; i < n; ++i) o[i] = -a[i];  // |a| < 10^38 cannot overflow.
  *out = std::move(v);
  return Status::OK();
}

}  // namespace

__int128 DecimalArithmetic::Pow10(int k) { return kDecimalPow10[k]; }

bool DecimalArithmetic::Fits(__int128 v, int precision) {
  const __int128 bound = kDecimalPow10[precision];
  return v < bound && v > -bound;
}

bool DecimalArithmetic::Rescale(__int128 v, int from, int to, __int128* out) {
  if (to == from) {
    *out = v;
    return true;
  }
  if (to > from) {
    if (to - from > 38) return v == 0 ? (*out = 0, true) : false;
    return !__builtin_mul_overflow(v, kDecimalPow10[to - from], out);
  }
  const int d = from - to;
  if (d > 38) {
    *out = 0;
    return true;
  }
  const __int128 p = kDecimalPow10[d];
  __int128 q = v / p, r = v % p;
  if (r < 0) r = -r;
  if (r * 2 >= p) q += v < 0 ? -1 : 1;  // HALF_UP: away from zero.
  *out = q;
  return true;
}

TypePtr DecimalArithmetic::Bounded(int p, int s) {
  if (p <= SqlType::kMaxDecimalPrecision) return SqlType::Decimal(p, s);
  const int digits = p - s;
  const int min_scale = std::min(s, 6);
  const int scale = std::max(SqlType::kMaxDecimalPrecision - digits, min_scale);
  return SqlType::Decimal(SqlType::kMaxDecimalPrecision, scale);
}

TypePtr DecimalArithmetic::ResultType(const std::string& op, const TypePtr& a, const TypePtr& b) {
  const int p1 = a->precision(), s1 = a->scale(), p2 = b->precision(), s2 = b->scale();
  if (op == "+" || op == "-") {
    const int s = std::max(s1, s2);
    return Bounded(std::max(p1 - s1, p2 - s2) + s + 1, s);
  }
  if (op == "*") return Bounded(p1 + p2 + 1, s1 + s2);
  if (op == "/") {
    const int s = std::max(6, s1 + p2 + 1);
    return Bounded(p1 - s1 + s2 + s, s);
  }
  // %
  const int s = std::max(s1, s2);
  return Bounded(std::min(p1 - s1, p2 - s2) + s, s);
}

Result<std::shared_ptr<const ScalarFunctionBinding>> DecimalArithmetic::Resolve(
    const std::string& name, const std::string& op, TypePtr a, TypePtr b) {
  if (SqlType::IsIntegral(a)) a = SqlType::DecimalOf(a);
  if (SqlType::IsIntegral(b)) b = SqlType::DecimalOf(b);
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = name;
  fn->can_raise = true;
  fn->null_on_error = name.substr(0, 4) == "try_";
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") fn->infix = op;
  if (op == "div") {
    const int s = std::max(a->scale(), b->scale());
    fn->arg_types = {SqlType::Decimal(std::min(38, a->precision() - a->scale() + s), s),
                     SqlType::Decimal(std::min(38, b->precision() - b->scale() + s), s)};
    fn->return_type = SqlType::BigInt();
    fn->kernel = DecimalKernel<'q'>;
    fn->infix = "div";
    return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
  }
  TypePtr result = ResultType(op, a, b);
  fn->return_type = result;
  if (op == "+" || op == "-" || op == "%") {
    const int s = result->scale();
    fn->arg_types = {SqlType::Decimal(std::min(38, a->precision() - a->scale() + s), s),
                     SqlType::Decimal(std::min(38, b->precision() - b->scale() + s), s)};
    fn->kernel = op == "+"   ? DecimalKernel<'+'>
                 : op == "-" ? DecimalKernel<'-'>
                             : DecimalKernel<'%'>;
  } else {
    fn->arg_types = {a, b};
    fn->kernel = op == "*" ? DecimalKernel<'*'> : DecimalKernel<'/'>;
    if (op == "/" && result->scale() - a->scale() + b->scale() < 0) {
      return Status::NotImplemented(
          "decimal division whose result scale is below the "
          "dividend's scale minus the divisor's");
    }
  }
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

Result<std::shared_ptr<const ScalarFunctionBinding>> DecimalArithmetic::ResolveNegate(
    const std::string& name, TypePtr t) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = name;
  fn->arg_types = {t};
  fn->return_type = t;
  fn->kernel = DecimalNegateKernel;
  fn->infix = name == "negative" ? "-" : "";
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

}  // namespace lakeml::sql
