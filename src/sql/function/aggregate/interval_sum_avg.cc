#include "sql/function/aggregate/interval_sum_avg.h"

#include <cstring>
#include <limits>

#include "sql/common/sql_error.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;

struct IntervalSumState {
  __int128 sum;
  int64_t count;
  bool overflow;
};

bool IntervalSumIsTry(const AggregateFunctionBinding& fn) { return fn.name.rfind("try_", 0) == 0; }
bool IntervalSumIsAvg(const AggregateFunctionBinding& fn) {
  return fn.name.find("avg") != std::string::npos || fn.name == "mean";
}

void IntervalSumInit(uint8_t* state) { std::memset(state, 0, sizeof(IntervalSumState)); }

// Adds `v` to the state; the running sum must stay in the interval's range.
Status IntervalSumAdd(const AggregateFunctionBinding& fn, __int128 v, int64_t count,
                      IntervalSumState* s) {
  const bool ym = fn.return_type->id() == TypeId::kYearMonthInterval;
  const __int128 max =
      ym ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
  const __int128 min =
      ym ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
  s->sum += v;
  s->count += count;
  if (!s->overflow && (s->sum > max || s->sum < min)) {
    if (!IntervalSumIsTry(fn)) {
      return SqlError::ArithmeticOverflow(ym ? "integer overflow" : "long overflow");
    }
    s->overflow = true;
  }
  return Status::OK();
}

Status IntervalSumUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                         uint8_t* const* states, StringArena*) {
  const bool ym = arg->type()->id() == TypeId::kYearMonthInterval;
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    const __int128 v = ym ? arg->values_as<int32_t>()[i] : arg->values_as<int64_t>()[i];
    LAKEML_RETURN_IF_ERROR(
        IntervalSumAdd(fn, v, 1, reinterpret_cast<IntervalSumState*>(states[i])));
  }
  return Status::OK();
}

Status IntervalSumCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                          StringArena*) {
  const auto* s = reinterpret_cast<const IntervalSumState*>(src);
  auto* d = reinterpret_cast<IntervalSumState*>(dst);
  d->overflow |= s->overflow;
  return IntervalSumAdd(fn, s->sum, s->count, d);
}

Status IntervalSumFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                           VectorPtr* out) {
  const bool ym = fn.return_type->id() == TypeId::kYearMonthInterval;
  const bool avg = IntervalSumIsAvg(fn);
  VectorPtr v = Vector::Make(fn.return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const IntervalSumState*>(states[i]);
    __int128 r = s->sum;
    if (avg && s->count > 0) {
      // HALF_UP: round half away from zero.
      const __int128 q = r / s->count, rem = r % s->count;
      r = q + ((rem < 0 ? -rem : rem) * 2 >= s->count ? (r < 0 ? -1 : 1) : 0);
    }
    if (ym) {
      v->mutable_values()->mutable_as<int32_t>()[i] = static_cast<int32_t>(r);
    } else {
      v->mutable_values()->mutable_as<int64_t>()[i] = static_cast<int64_t>(r);
    }
    if (s->count == 0 || s->overflow) KernelOutput::SetNull(v.get(), i);
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

}  // namespace

std::shared_ptr<const AggregateFunctionBinding> IntervalSumAvg::Resolve(
    std::string_view name, const columnar::TypePtr& type) {
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {type};
  // Spark: sum keeps the argument's type; avg gives the whole family.
  const bool avg = name.find("avg") != std::string_view::npos || name == "mean";
  b->return_type = !avg ? type
                   : type->id() == TypeId::kYearMonthInterval
                       ? columnar::DataType::YearMonthInterval(0, 1)
                       : columnar::DataType::DayTimeInterval(0, 3);
  b->state_size = sizeof(IntervalSumState);
  b->init = IntervalSumInit;
  b->update = IntervalSumUpdate;
  b->combine = IntervalSumCombine;
  b->finalize = IntervalSumFinalize;
  return b;
}

}  // namespace lakeml::sql
