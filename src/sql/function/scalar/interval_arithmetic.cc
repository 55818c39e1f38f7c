// Interval arithmetic on Spark's ANSI intervals (decision 0024): interval_add/subtract/negate
// (one family; the binder casts both sides to their common type), interval_multiply/divide by
// a number (HALF_UP rounding, as Spark's MultiplyYMInterval/DivideDTInterval), the differences
// date - date (INTERVAL DAY) and timestamp - timestamp (INTERVAL DAY TO SECOND), and the
// constructors make_ym_interval and make_dt_interval. Overflow raises ARITHMETIC_OVERFLOW.
#include <cmath>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

template <typename T>
T IntervalArg(const RowArgs& a, size_t k, int64_t i) {
  return a[k]->values_as<T>()[i];
}

template <typename T>
Status IntervalOverflow() {
  return SqlError::ArithmeticOverflow(sizeof(T) == 4 ? "integer overflow" : "long overflow");
}

template <typename T>
Status IntervalAddRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  if (__builtin_add_overflow(IntervalArg<T>(a, 0, i), IntervalArg<T>(a, 1, i), out)) {
    return IntervalOverflow<T>();
  }
  return Status::OK();
}

template <typename T>
Status IntervalSubtractRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  if (__builtin_sub_overflow(IntervalArg<T>(a, 0, i), IntervalArg<T>(a, 1, i), out)) {
    return IntervalOverflow<T>();
  }
  return Status::OK();
}

template <typename T>
Status IntervalNegateRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  if (__builtin_sub_overflow(T{0}, IntervalArg<T>(a, 0, i), out)) return IntervalOverflow<T>();
  return Status::OK();
}

// Rounds half away from zero (Java's RoundingMode.HALF_UP) and checks T's range.
template <typename T>
Status RoundIntervalDouble(double v, T* out) {
  if (std::isnan(v)) return IntervalOverflow<T>();
  const double r = std::round(v);
  // 2^63 and 2^31 are exact doubles; anything at or beyond them overflows.
  const double limit = sizeof(T) == 4 ? 2147483648.0 : 9223372036854775808.0;
  if (!(r < limit && r >= -limit)) return IntervalOverflow<T>();
  *out = static_cast<T>(r);
  return Status::OK();
}

// interval * bigint: exact.
template <typename T>
Status IntervalMultiplyIntRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  __int128 v = __int128{IntervalArg<T>(a, 0, i)} * IntervalArg<int64_t>(a, 1, i);
  if (v > std::numeric_limits<T>::max() || v < std::numeric_limits<T>::min()) {
    return IntervalOverflow<T>();
  }
  *out = static_cast<T>(v);
  return Status::OK();
}

template <typename T>
Status IntervalMultiplyDoubleRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  return RoundIntervalDouble<T>(
      static_cast<double>(IntervalArg<T>(a, 0, i)) * IntervalArg<double>(a, 1, i), out);
}

Status IntervalDividedByZero() {
  return SqlError::Make("INTERVAL_DIVIDED_BY_ZERO", "22012",
                        "Division by zero. Use `try_divide` to tolerate divisor being 0 and "
                        "return NULL instead");
}

// interval / bigint, rounded HALF_UP (Guava's LongMath.divide).
template <typename T>
Status IntervalDivideIntRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  const __int128 num = IntervalArg<T>(a, 0, i);
  const __int128 den = IntervalArg<int64_t>(a, 1, i);
  if (den == 0) return IntervalDividedByZero();
  __int128 q = num / den;
  const __int128 r = num % den;
  const __int128 abs_r = r < 0 ? -r : r;
  const __int128 abs_den = den < 0 ? -den : den;
  if (2 * abs_r >= abs_den) q += (num < 0) != (den < 0) ? -1 : 1;
  if (q > std::numeric_limits<T>::max() || q < std::numeric_limits<T>::min()) {
    return IntervalOverflow<T>();
  }
  *out = static_cast<T>(q);
  return Status::OK();
}

template <typename T>
Status IntervalDivideDoubleRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  const double den = IntervalArg<double>(a, 1, i);
  if (den == 0) return IntervalDividedByZero();
  return RoundIntervalDouble<T>(static_cast<double>(IntervalArg<T>(a, 0, i)) / den, out);
}

Status DateDiffIntervalRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out, bool*) {
  const int64_t days = int64_t{IntervalArg<int32_t>(a, 0, i)} - IntervalArg<int32_t>(a, 1, i);
  *out = days * EpochTime::kMicrosPerDay;  // |days| < 2^32: no overflow
  return Status::OK();
}

// make_ym_interval([years[, months]]).
Status MakeYmIntervalRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int64_t years = a.size() > 0 ? IntervalArg<int32_t>(a, 0, i) : 0;
  const int64_t months = a.size() > 1 ? IntervalArg<int32_t>(a, 1, i) : 0;
  const int64_t v = years * 12 + months;
  if (v > INT32_MAX || v < INT32_MIN) return IntervalOverflow<int32_t>();
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

// make_dt_interval([days[, hours[, mins[, secs DECIMAL(18,6)]]]]).
Status MakeDtIntervalRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out, bool*) {
  __int128 v = 0;
  if (a.size() > 0) v += __int128{IntervalArg<int32_t>(a, 0, i)} * EpochTime::kMicrosPerDay;
  if (a.size() > 1) v += __int128{IntervalArg<int32_t>(a, 1, i)} * 3600 * 1000000;
  if (a.size() > 2) v += __int128{IntervalArg<int32_t>(a, 2, i)} * 60 * 1000000;
  if (a.size() > 3) v += IntervalArg<__int128>(a, 3, i);  // scale 6: micros
  if (v > INT64_MAX || v < INT64_MIN) return IntervalOverflow<int64_t>();
  *out = static_cast<int64_t>(v);
  return Status::OK();
}

Result<BindingFactory::Ptr> IntervalBinding(std::string_view name, std::vector<TypePtr> args,
                                            TypePtr result, ScalarKernel ym, ScalarKernel dt) {
  const bool is_ym = result->id() == TypeId::kYearMonthInterval;
  return BindingFactory::Make(name, std::move(args), std::move(result), is_ym ? ym : dt,
                              /*can_raise=*/true);
}

Result<BindingFactory::Ptr> ResolveIntervalArithmetic(std::string_view name,
                                                      const std::vector<TypePtr>& in) {
  auto not_interval = [&]() {
    return Status::InvalidArgument(StrCat(name, " needs an interval argument"));
  };
  if (name == "make_ym_interval") {
    return BindingFactory::Make(name, std::vector<TypePtr>(in.size(), SqlType::Int()),
                                SqlType::YearMonthInterval(),
                                RowKernels::Fixed<int32_t, MakeYmIntervalRow>, true);
  }
  if (name == "make_dt_interval") {
    std::vector<TypePtr> args(std::min<size_t>(in.size(), 3), SqlType::Int());
    if (in.size() > 3) args.push_back(SqlType::Decimal(18, 6));
    return BindingFactory::Make(name, std::move(args), SqlType::DayTimeInterval(),
                                RowKernels::Fixed<int64_t, MakeDtIntervalRow>, true);
  }
  if (name == "date_diff_interval") {
    return BindingFactory::Make(name, {SqlType::Date(), SqlType::Date()},
                                SqlType::DayTimeInterval(SqlType::kDay, SqlType::kDay),
                                RowKernels::Fixed<int64_t, DateDiffIntervalRow>, false);
  }
  if (name == "timestamp_diff_interval") {
    return BindingFactory::Make(name, {SqlType::Timestamp(), SqlType::Timestamp()},
                                SqlType::DayTimeInterval(),
                                RowKernels::Fixed<int64_t, IntervalSubtractRow<int64_t>>, true);
  }
  if (in.empty() || !SqlType::IsInterval(in[0])) return not_interval();
  const TypePtr& t = in[0];
  if (name == "interval_negate") {
    return IntervalBinding(name, {t}, t, RowKernels::Fixed<int32_t, IntervalNegateRow<int32_t>>,
                           RowKernels::Fixed<int64_t, IntervalNegateRow<int64_t>>);
  }
  if (name == "interval_add" || name == "interval_subtract") {
    if (in.size() != 2 || !in[1]->Equals(*t)) return not_interval();
    if (name == "interval_add") {
      return IntervalBinding(name, {t, t}, t, RowKernels::Fixed<int32_t, IntervalAddRow<int32_t>>,
                             RowKernels::Fixed<int64_t, IntervalAddRow<int64_t>>);
    }
    return IntervalBinding(name, {t, t}, t,
                           RowKernels::Fixed<int32_t, IntervalSubtractRow<int32_t>>,
                           RowKernels::Fixed<int64_t, IntervalSubtractRow<int64_t>>);
  }
  // interval_multiply / interval_divide (interval, number): integral numbers stay exact.
  if (in.size() != 2 || !SqlType::IsNumeric(in[1])) {
    return Status::InvalidArgument(StrCat(name, " needs an interval and a number"));
  }
  const bool integral = SqlType::IsIntegral(in[1]);
  const TypePtr num = integral ? SqlType::BigInt() : SqlType::Double();
  // Spark types products and quotients with the whole family (YEAR TO MONTH, DAY TO SECOND).
  const TypePtr wide = t->id() == TypeId::kYearMonthInterval ? SqlType::YearMonthInterval()
                                                             : SqlType::DayTimeInterval();
  if (name == "interval_multiply") {
    if (integral) {
      return IntervalBinding(name, {t, num}, wide,
                             RowKernels::Fixed<int32_t, IntervalMultiplyIntRow<int32_t>>,
                             RowKernels::Fixed<int64_t, IntervalMultiplyIntRow<int64_t>>);
    }
    return IntervalBinding(name, {t, num}, wide,
                           RowKernels::Fixed<int32_t, IntervalMultiplyDoubleRow<int32_t>>,
                           RowKernels::Fixed<int64_t, IntervalMultiplyDoubleRow<int64_t>>);
  }
  if (integral) {
    return IntervalBinding(name, {t, num}, wide,
                           RowKernels::Fixed<int32_t, IntervalDivideIntRow<int32_t>>,
                           RowKernels::Fixed<int64_t, IntervalDivideIntRow<int64_t>>);
  }
  return IntervalBinding(name, {t, num}, wide,
                         RowKernels::Fixed<int32_t, IntervalDivideDoubleRow<int32_t>>,
                         RowKernels::Fixed<int64_t, IntervalDivideDoubleRow<int64_t>>);
}

}  // namespace

void BuiltinFunctions::RegisterIntervalArithmetic(FunctionRegistry* registry) {
  registry->AddScalar({"interval_add", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"interval_subtract", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"interval_negate", 1, 1, ResolveIntervalArithmetic});
  registry->AddScalar({"interval_multiply", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"interval_divide", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"date_diff_interval", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"timestamp_diff_interval", 2, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"make_ym_interval", 0, 2, ResolveIntervalArithmetic});
  registry->AddScalar({"make_dt_interval", 0, 4, ResolveIntervalArithmetic});
  RegisterIntervalParts(registry);
}

}  // namespace lakeml::sql
