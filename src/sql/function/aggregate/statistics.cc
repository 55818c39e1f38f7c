// Variance family (Welford's update, Chan's merge; DOUBLE results, NULL for too few rows) and
// the boolean aggregates bool_and/every and bool_or/some/any.
#include <cmath>
#include <cstring>

#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct MomentsState {
  double n;
  double mean;
  double m2;
};

void MomentsInit(uint8_t* state) { std::memset(state, 0, sizeof(MomentsState)); }

Status MomentsUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                     uint8_t* const* states, StringArena*) {
  const double* v = arg->values_as<double>();
  const bool all_valid = arg->null_count() == 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!all_valid && arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<MomentsState*>(states[i]);
    s->n += 1;
    const double delta = v[i] - s->mean;
    s->mean += delta / s->n;
    s->m2 += delta * (v[i] - s->mean);
  }
  return Status::OK();
}

Status MomentsCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                      StringArena*) {
  const auto* s = reinterpret_cast<const MomentsState*>(src);
  auto* d = reinterpret_cast<MomentsState*>(dst);
  if (s->n == 0) return Status::OK();
  if (d->n == 0) {
    *d = *s;
    return Status::OK();
  }
  const double n = d->n + s->n;
  const double delta = s->mean - d->mean;
  d->mean += delta * s->n / n;
  d->m2 += s->m2 + delta * delta * d->n * s->n / n;
  d->n = n;
  return Status::OK();
}

Status MomentsFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                       VectorPtr* out) {
  const bool population = fn.name.find("pop") != std::string::npos;
  const bool stddev = fn.name.find("std") != std::string::npos;
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<double*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const MomentsState*>(states[i]);
    values[i] = 0;
    const double divisor = population ? s->n : s->n - 1;
    if (s->n == 0 || divisor <= 0) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    const double var = s->m2 / divisor;
    values[i] = stddev ? std::sqrt(var) : var;
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Result<AggPtr> ResolveMoments(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!SqlType::IsNumeric(t) && t->id() != TypeId::kNull && t->id() != TypeId::kString) {
    return Status::InvalidArgument("the argument must be numeric, but it is ", SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Double()};
  b->return_type = SqlType::Double();
  b->state_size = sizeof(MomentsState);
  b->init = MomentsInit;
  b->update = MomentsUpdate;
  b->combine = MomentsCombine;
  b->finalize = MomentsFinalize;
  return AggPtr(std::move(b));
}

// bool_and / bool_or: has, value.
struct BoolState {
  bool has;
  bool value;
};

bool IsAnd(const AggregateFunctionBinding& fn) {
  return fn.name == "bool_and" || fn.name == "every";
}

void BoolInit(uint8_t* state) { std::memset(state, 0, sizeof(BoolState)); }

Status BoolUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                  uint8_t* const* states, StringArena*) {
  const bool is_and = IsAnd(fn);
  const bool all_valid = arg->null_count() == 0 && arg->type()->id() != TypeId::kNull;
  for (int64_t i = 0; i < n; ++i) {
    if (!all_valid && arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<BoolState*>(states[i]);
    const bool v = arg->GetBool(i);
    s->value = s->has ? (is_and ? s->value && v : s->value || v) : v;
    s->has = true;
  }
  return Status::OK();
}

Status BoolCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                   StringArena*) {
  const auto* s = reinterpret_cast<const BoolState*>(src);
  auto* d = reinterpret_cast<BoolState*>(dst);
  if (!s->has) return Status::OK();
  d->value = d->has ? (IsAnd(fn) ? d->value && s->value : d->value || s->value) : s->value;
  d->has = true;
  return Status::OK();
}

Status BoolFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                    VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  uint8_t* raw = v->mutable_values()->mutable_data();
  std::memset(raw, 0, (n + 7) / 8);
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const BoolState*>(states[i]);
    if (!s->has) {
      KernelOutput::SetNull(v.get(), i);
    } else if (s->value) {
      raw[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Result<AggPtr> ResolveBool(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (t->id() != TypeId::kBoolean && t->id() != TypeId::kNull) {
    return Status::InvalidArgument("the argument must be BOOLEAN, but it is ", SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Boolean()};
  b->return_type = SqlType::Boolean();
  b->state_size = sizeof(BoolState);
  b->init = BoolInit;
  b->update = BoolUpdate;
  b->combine = BoolCombine;
  b->finalize = BoolFinalize;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterStatistics(AggregateRegistry* registry) {
  for (const char* name :
       {"stddev", "stddev_samp", "stddev_pop", "std", "variance", "var_samp", "var_pop"}) {
    registry->Add({name, 1, 1, ResolveMoments});
  }
  for (const char* name : {"bool_and", "every", "bool_or", "some", "any"}) {
    registry->Add({name, 1, 1, ResolveBool});
  }
}

}  // namespace lakeml::sql
