// count, sum, avg (and try_sum, try_avg): Spark's result types, ANSI overflow errors, exact
// int128 decimal sums and HALF_UP decimal averages.
#include <cmath>
#include <cstring>

#include "base/str_cat.h"
#include "columnar/scalar.h"
#include "sql/common/decimal_arithmetic.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/interval_sum_avg.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

bool IsTry(const AggregateFunctionBinding& fn) { return fn.name.rfind("try_", 0) == 0; }

// count(*) and count(x): an int64 per group.
Status CountStarUpdate(const AggregateFunctionBinding&, const Vector*, int64_t n,
                       uint8_t* const* states, StringArena*) {
  for (int64_t i = 0; i < n; ++i) ++*reinterpret_cast<int64_t*>(states[i]);
  return Status::OK();
}

Status CountUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                   uint8_t* const* states, StringArena*) {
  if (arg->null_count() == 0 && arg->type()->id() != columnar::TypeId::kNull) {
    for (int64_t i = 0; i < n; ++i) ++*reinterpret_cast<int64_t*>(states[i]);
    return Status::OK();
  }
  if (arg->type()->id() == columnar::TypeId::kNull) return Status::OK();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsValid(i)) ++*reinterpret_cast<int64_t*>(states[i]);
  }
  return Status::OK();
}

Status CountCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                    StringArena*) {
  *reinterpret_cast<int64_t*>(dst) += *reinterpret_cast<const int64_t*>(src);
  return Status::OK();
}

Status CountFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                     VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) values[i] = *reinterpret_cast<const int64_t*>(states[i]);
  *out = std::move(v);
  return Status::OK();
}

void InitZero8(uint8_t* state) { std::memset(state, 0, 8); }
void InitZero16(uint8_t* state) { std::memset(state, 0, 16); }
void InitZero32(uint8_t* state) { std::memset(state, 0, 32); }

// sum of BIGINT: overflow raises (try_sum: the group becomes NULL).
struct SumIntState {
  int64_t sum;
  bool has;
  bool overflow;
};

Status SumIntUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                    uint8_t* const* states, StringArena*) {
  const int64_t* v = arg->values_as<int64_t>();
  const bool all_valid = arg->null_count() == 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!all_valid && arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<SumIntState*>(states[i]);
    s->has = true;
    if (__builtin_add_overflow(s->sum, v[i], &s->sum)) {
      if (!IsTry(fn)) return SqlError::ArithmeticOverflow("long overflow in sum");
      s->overflow = true;
    }
  }
  return Status::OK();
}

Status SumIntCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                     StringArena*) {
  auto* d = reinterpret_cast<SumIntState*>(dst);
  const auto* s = reinterpret_cast<const SumIntState*>(src);
  if (!s->has) return Status::OK();
  d->has = true;
  d->overflow |= s->overflow;
  if (__builtin_add_overflow(d->sum, s->sum, &d->sum)) {
    if (!IsTry(fn)) return SqlError::ArithmeticOverflow("long overflow in sum");
    d->overflow = true;
  }
  return Status::OK();
}

Status SumIntFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                      VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const SumIntState*>(states[i]);
    values[i] = s->sum;
    if (!s->has || s->overflow) KernelOutput::SetNull(v.get(), i);
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// sum and avg of DOUBLE.
struct SumDoubleState {
  double sum;
  int64_t count;
};

Status SumDoubleUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                       uint8_t* const* states, StringArena*) {
  const double* v = arg->values_as<double>();
  const bool all_valid = arg->null_count() == 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!all_valid && arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<SumDoubleState*>(states[i]);
    s->sum += v[i];
    ++s->count;
  }
  return Status::OK();
}

Status SumDoubleCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                        StringArena*) {
  auto* d = reinterpret_cast<SumDoubleState*>(dst);
  const auto* s = reinterpret_cast<const SumDoubleState*>(src);
  d->sum += s->sum;
  d->count += s->count;
  return Status::OK();
}

Status SumDoubleFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                         VectorPtr* out) {
  const bool avg = fn.name.find("avg") != std::string::npos || fn.name == "mean";
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<double*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const SumDoubleState*>(states[i]);
    values[i] = avg && s->count > 0 ? s->sum / static_cast<double>(s->count) : s->sum;
    if (s->count == 0) KernelOutput::SetNull(v.get(), i);
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// sum and avg of DECIMAL: an exact int128 sum.
struct SumDecimalState {
  __int128 sum;
  int64_t count;
  bool overflow;
};

// True when all n rows share one state (ungrouped aggregation, or a chunk of one group).
bool SumDecimalOneState(uint8_t* const* states, int64_t n) {
  if (n == 0 || states[0] != states[n - 1]) return false;
  bool differ = false;
  for (int64_t i = 1; i < n; ++i) differ |= states[i] != states[0];
  return !differ;
}

Status SumDecimalUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                        uint8_t* const* states, StringArena*) {
  const __int128* v = arg->values_as<__int128>();
  const bool all_valid = arg->null_count() == 0;
  if (all_valid && SumDecimalOneState(states, n)) {
    // One state: sum the chunk in a register, then add it once (decision 0021). An overflow of
    // the chunk's sum or of the total flags the state as a row's overflow would.
    auto* s = reinterpret_cast<SumDecimalState*>(states[0]);
    __int128 chunk = 0;
    bool overflow = false;
    for (int64_t i = 0; i < n; ++i) overflow |= __builtin_add_overflow(chunk, v[i], &chunk);
    overflow |= __builtin_add_overflow(s->sum, chunk, &s->sum);
    s->count += n;
    s->overflow |= overflow;
    return Status::OK();
  }
  if (all_valid && fn.arg_types[0]->precision() <= 18) {
    // |v| < 10^18: a state would need more than 10^20 rows, past its int64 count, to overflow
    // (the unsigned add only keeps a value beyond its precision from being undefined).
    for (int64_t i = 0; i < n; ++i) {
      auto* s = reinterpret_cast<SumDecimalState*>(states[i]);
      ++s->count;
      s->sum = static_cast<__int128>(static_cast<unsigned __int128>(s->sum) +
                                     static_cast<unsigned __int128>(v[i]));
    }
    return Status::OK();
  }
  if (all_valid) {
    for (int64_t i = 0; i < n; ++i) {
      auto* s = reinterpret_cast<SumDecimalState*>(states[i]);
      ++s->count;
      s->overflow |= __builtin_add_overflow(s->sum, v[i], &s->sum);
    }
    return Status::OK();
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!all_valid && arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<SumDecimalState*>(states[i]);
    ++s->count;
    if (__builtin_add_overflow(s->sum, v[i], &s->sum)) s->overflow = true;
  }
  return Status::OK();
}

Status SumDecimalCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                         StringArena*) {
  auto* d = reinterpret_cast<SumDecimalState*>(dst);
  const auto* s = reinterpret_cast<const SumDecimalState*>(src);
  d->count += s->count;
  d->overflow |= s->overflow;
  if (__builtin_add_overflow(d->sum, s->sum, &d->sum)) d->overflow = true;
  return Status::OK();
}

// sum / count at `up` more digits of scale, rounded HALF_UP; false when that overflows an
// int128 (an average beyond any decimal's precision).
bool DivideHalfUp(__int128 sum, int64_t count, int up, __int128* out) {
  const bool negative = sum < 0;
  unsigned __int128 a = negative ? -static_cast<unsigned __int128>(sum) : sum;
  const unsigned __int128 c = static_cast<unsigned __int128>(count);
  const unsigned __int128 scale = static_cast<unsigned __int128>(DecimalArithmetic::Pow10(up));
  unsigned __int128 q = a / c;
  unsigned __int128 r = a % c;
  unsigned __int128 x = r * scale;
  unsigned __int128 frac = x / c;
  if ((x % c) * 2 >= c) ++frac;
  unsigned __int128 result;
  if (__builtin_mul_overflow(q, scale, &result) || __builtin_add_overflow(result, frac, &result) ||
      result > static_cast<unsigned __int128>(~__int128(0) >> 1)) {
    return false;
  }
  *out = negative ? -static_cast<__int128>(result) : static_cast<__int128>(result);
  return true;
}

Status SumDecimalFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                          VectorPtr* out) {
  const bool avg = fn.name.find("avg") != std::string::npos || fn.name == "mean";
  const int p = fn.return_type->precision();
  const int up = fn.return_type->scale() - fn.arg_types[0]->scale();
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<__int128*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const SumDecimalState*>(states[i]);
    values[i] = 0;
    if (s->count == 0) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    __int128 r = s->sum;
    bool ok = !s->overflow;
    if (ok && avg) ok = DivideHalfUp(s->sum, s->count, up, &r);
    ok = ok && DecimalArithmetic::Fits(r, p);
    if (!ok) {
      if (IsTry(fn)) {
        KernelOutput::SetNull(v.get(), i);
        continue;
      }
      return SqlError::NumericOutOfRange(avg ? "avg" : "sum", p, fn.return_type->scale());
    }
    values[i] = r;
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

AggPtr MakeBinding(std::string_view name, std::vector<columnar::TypePtr> args,
                   columnar::TypePtr result, size_t state_size, AggregateInit init,
                   AggregateUpdate update, AggregateCombine combine, AggregateFinalize finalize) {
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = std::move(args);
  b->return_type = std::move(result);
  b->state_size = state_size;
  b->init = init;
  b->update = update;
  b->combine = combine;
  b->finalize = finalize;
  return b;
}

Result<AggPtr> ResolveCount(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  if (args.empty()) {
    return MakeBinding(name, {}, SqlType::BigInt(), 8, InitZero8, CountStarUpdate, CountCombine,
                       CountFinalize);
  }
  return MakeBinding(name, args, SqlType::BigInt(), 8, InitZero8, CountUpdate, CountCombine,
                     CountFinalize);
}

Result<AggPtr> ResolveSumAvg(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  const bool avg = name.find("avg") != std::string_view::npos || name == "mean";
  if (t->id() == columnar::TypeId::kDecimal) {
    const int p = t->precision();
    const int s = t->scale();
    columnar::TypePtr result = avg ? SqlType::Decimal(std::min(38, p + 4), std::min(38, s + 4))
                                   : SqlType::Decimal(std::min(38, p + 10), s);
    return MakeBinding(name, {t}, result, sizeof(SumDecimalState), InitZero32, SumDecimalUpdate,
                       SumDecimalCombine, SumDecimalFinalize);
  }
  if (SqlType::IsInterval(t)) return IntervalSumAvg::Resolve(name, t);  // interval-values
  if (SqlType::IsIntegral(t) && !avg) {
    return MakeBinding(name, {SqlType::BigInt()}, SqlType::BigInt(), sizeof(SumIntState),
                       InitZero16, SumIntUpdate, SumIntCombine, SumIntFinalize);
  }
  if (SqlType::IsNumeric(t) || t->id() == columnar::TypeId::kNull ||
      t->id() == columnar::TypeId::kString) {
    return MakeBinding(name, {SqlType::Double()}, SqlType::Double(), sizeof(SumDoubleState),
                       InitZero16, SumDoubleUpdate, SumDoubleCombine, SumDoubleFinalize);
  }
  return Status::InvalidArgument("the argument must be numeric, but it is ", SqlType::SqlName(t));
}

}  // namespace

void RegisterCountSumAvg(AggregateRegistry* registry) {
  registry->Add({"count", 0, 64, ResolveCount});  // count(a, b): rows with no NULL
  for (const char* name : {"sum", "avg", "mean", "try_sum", "try_avg"}) {
    registry->Add({name, 1, 1, ResolveSumAvg});
  }
}

}  // namespace lakeml::sql
