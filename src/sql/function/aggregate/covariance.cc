// Two-variable statistics: corr, covar_pop, covar_samp and the regr_* family (Spark's
// Covariance/Corr state: count, means, co-moment and second moments, updated per row as in
// Welford and merged with Chan's formulas). Arguments are cast to DOUBLE; rows where either
// argument is NULL are skipped. Results are DOUBLE (regr_count BIGINT); too few rows give
// NULL, as Spark does with spark.sql.legacy.statisticalAggregate off.
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

struct CoMomentState {
  double n;
  double x_avg;
  double y_avg;
  double ck;    // sum of (x - x_avg) * (y - y_avg)
  double x_mk;  // sum of (x - x_avg)^2
  double y_mk;  // sum of (y - y_avg)^2
};

// regr_*(y, x) take the dependent variable first; the state keeps (x, y) = (arg1, arg0).
bool IsRegression(const AggregateFunctionBinding& fn) { return fn.name.rfind("regr_", 0) == 0; }

void CoMomentInit(uint8_t* state) { std::memset(state, 0, sizeof(CoMomentState)); }

Status CoMomentUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                      uint8_t* const* states, StringArena*) {
  const bool regression = IsRegression(fn);
  const Vector& first = *arg->child(0);
  const Vector& second = *arg->child(1);
  if (first.type()->id() == TypeId::kNull || second.type()->id() == TypeId::kNull) {
    return Status::OK();
  }
  const double* xs = (regression ? second : first).values_as<double>();
  const double* ys = (regression ? first : second).values_as<double>();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<CoMomentState*>(states[i]);
    const double x = xs[i], y = ys[i];
    s->n += 1;
    const double dx = x - s->x_avg;
    const double dy = y - s->y_avg;
    s->x_avg += dx / s->n;
    s->y_avg += dy / s->n;
    s->ck += dx * (y - s->y_avg);
    s->x_mk += dx * (x - s->x_avg);
    s->y_mk += dy * (y - s->y_avg);
  }
  return Status::OK();
}

Status CoMomentCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                       StringArena*) {
  const auto* s = reinterpret_cast<const CoMomentState*>(src);
  auto* d = reinterpret_cast<CoMomentState*>(dst);
  if (s->n == 0) return Status::OK();
  if (d->n == 0) {
    *d = *s;
    return Status::OK();
  }
  const double n = d->n + s->n;
  const double dx = s->x_avg - d->x_avg;
  const double dy = s->y_avg - d->y_avg;
  const double w = d->n * s->n / n;
  d->ck += s->ck + dx * dy * w;
  d->x_mk += s->x_mk + dx * dx * w;
  d->y_mk += s->y_mk + dy * dy * w;
  d->x_avg += dx * s->n / n;
  d->y_avg += dy * s->n / n;
  d->n = n;
  return Status::OK();
}

// The result of one state; false for NULL.
bool CoMomentResult(const std::string& name, const CoMomentState& s, double* out) {
  if (s.n == 0) return false;
  if (name == "covar_pop") {
    *out = s.ck / s.n;
  } else if (name == "covar_samp") {
    if (s.n == 1) return false;
    *out = s.ck / (s.n - 1);
  } else if (name == "corr") {
    if (s.n == 1) return false;
    *out = s.ck / std::sqrt(s.x_mk * s.y_mk);
  } else if (name == "regr_avgx") {
    *out = s.x_avg;
  } else if (name == "regr_avgy") {
    *out = s.y_avg;
  } else if (name == "regr_sxx") {
    *out = s.x_mk;
  } else if (name == "regr_syy") {
    *out = s.y_mk;
  } else if (name == "regr_sxy") {
    *out = s.ck;
  } else if (name == "regr_slope") {
    if (s.x_mk == 0) return false;
    *out = s.ck / s.x_mk;
  } else if (name == "regr_intercept") {
    if (s.x_mk == 0) return false;
    *out = s.y_avg - s.ck / s.x_mk * s.x_avg;
  } else {  // regr_r2
    if (s.x_mk == 0) return false;
    if (s.y_mk == 0) {
      *out = 1;
    } else {
      const double r = s.ck / std::sqrt(s.x_mk * s.y_mk);
      *out = r * r;
    }
  }
  return true;
}

Status CoMomentFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                        VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  if (fn.name == "regr_count") {
    auto* counts = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
    for (int64_t i = 0; i < n; ++i) {
      counts[i] = static_cast<int64_t>(reinterpret_cast<const CoMomentState*>(states[i])->n);
    }
    *out = std::move(v);
    return Status::OK();
  }
  auto* values = reinterpret_cast<double*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    values[i] = 0;
    if (!CoMomentResult(fn.name, *reinterpret_cast<const CoMomentState*>(states[i]), &values[i])) {
      KernelOutput::SetNull(v.get(), i);
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Result<AggPtr> ResolveCoMoment(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  for (const auto& t : args) {
    if (!SqlType::IsNumeric(t) && t->id() != TypeId::kNull) {
      return Status::InvalidArgument("the arguments must be numeric, but one is ",
                                     SqlType::SqlName(t));
    }
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Double(), SqlType::Double()};
  b->return_type = name == "regr_count" ? SqlType::BigInt() : SqlType::Double();
  b->state_size = sizeof(CoMomentState);
  b->init = CoMomentInit;
  b->update = CoMomentUpdate;
  b->combine = CoMomentCombine;
  b->finalize = CoMomentFinalize;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterCovariance(AggregateRegistry* registry) {
  for (const char* name :
       {"corr", "covar_pop", "covar_samp", "regr_count", "regr_avgx", "regr_avgy", "regr_sxx",
        "regr_syy", "regr_sxy", "regr_slope", "regr_intercept", "regr_r2"}) {
    registry->Add({name, 2, 2, ResolveCoMoment});
  }
}

}  // namespace lakeml::sql
