// percentile(x, p) (exact, linear interpolation between the closest ranks as Spark's
// Percentile) and median(x) = percentile(x, 0.5). x is cast to DOUBLE; NULLs are skipped; the
// result is DOUBLE, NULL for no rows. The percentage is a constant in [0, 1] (params[0]).
// Keeps every value of a group (ObjectState), as Spark does.
#include <algorithm>
#include <cmath>
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_params.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/object_state.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct ExactPercentileObject : ArenaObject {
  std::vector<double> values;
};
using ExactPercentileState = ObjectState<ExactPercentileObject>;

Status ExactPercentileUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                             uint8_t* const* states, StringArena* arena) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  const double* v = arg->values_as<double>();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    ExactPercentileState::Get(states[i], arena)->values.push_back(v[i]);
  }
  return Status::OK();
}

Status ExactPercentileCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                              StringArena* arena) {
  const ExactPercentileObject* s = ExactPercentileState::Peek(src);
  if (s == nullptr || s->values.empty()) return Status::OK();
  auto& d = ExactPercentileState::Get(dst, arena)->values;
  d.insert(d.end(), s->values.begin(), s->values.end());
  return Status::OK();
}

// Spark's Percentile.getPercentile over sorted values.
double InterpolatedPercentile(std::vector<double>* values, double p) {
  const double position = static_cast<double>(values->size() - 1) * p;
  const auto lower = static_cast<size_t>(std::floor(position));
  const auto higher = static_cast<size_t>(std::ceil(position));
  std::nth_element(values->begin(), values->begin() + lower, values->end());
  const double lower_value = (*values)[lower];
  if (higher == lower) return lower_value;
  const double higher_value = *std::min_element(values->begin() + lower + 1, values->end());
  return (static_cast<double>(higher) - position) * lower_value +
         (position - static_cast<double>(lower)) * higher_value;
}

Status ExactPercentileFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states,
                               int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<double*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    values[i] = 0;
    const ExactPercentileObject* s = ExactPercentileState::Peek(states[i]);
    if (s == nullptr || s->values.empty()) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    std::vector<double> copy = s->values;  // states may be shared (window frames): read only
    values[i] = InterpolatedPercentile(&copy, fn.params[0]);
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Status ConfigureExactPercentile(AggregateFunctionBinding* fn,
                                const std::vector<columnar::Scalar>& constants,
                                std::string* subclass) {
  if (fn->name == "median") {
    fn->params = {0.5};
    return Status::OK();
  }
  if (constants.size() != 1) {
    return Status::InvalidArgument("percentile takes a column and one percentage");
  }
  LAKEML_ASSIGN_OR_RETURN(double value, AggregateParams::Number(constants[0], "percentage", 0.0,
                                                                1.0, "[0.0, 1.0]", subclass));
  fn->params = {value};
  return Status::OK();
}

Result<AggPtr> ResolveExactPercentile(std::string_view name,
                                      const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!SqlType::IsNumeric(t) && t->id() != TypeId::kNull) {
    return Status::InvalidArgument("the argument must be numeric, but it is ", SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Double()};
  b->return_type = SqlType::Double();
  b->state_size = ExactPercentileState::kSize;
  b->init = ExactPercentileState::Init;
  b->update = ExactPercentileUpdate;
  b->combine = ExactPercentileCombine;
  b->finalize = ExactPercentileFinalize;
  b->configure = ConfigureExactPercentile;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterPercentile(AggregateRegistry* registry) {
  registry->Add({"percentile", 2, 2, ResolveExactPercentile});
  registry->Add({"median", 1, 1, ResolveExactPercentile});
}

}  // namespace lakeml::sql
