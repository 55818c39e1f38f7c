// percentile_approx / approx_percentile(x, p [, accuracy]): a QuantileSummary per group with
// relative error 1 / accuracy (default 10000), as Spark's ApproximatePercentile. x is numeric;
// the result has x's type (the sketch holds DOUBLEs; every answer is one of the inputs). NULLs
// are skipped; no rows give NULL. params: {accuracy, p}.
#include <cmath>

#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_params.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/object_state.h"
#include "sql/function/aggregate/quantile_summary.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct ApproxPercentileObject : ArenaObject {
  QuantileSummary summary;
};
using ApproxPercentileState = ObjectState<ApproxPercentileObject>;

ApproxPercentileObject* ApproxPercentileObjectOf(const AggregateFunctionBinding& fn, uint8_t* state,
                                                 StringArena* arena) {
  const bool fresh = ApproxPercentileState::Peek(state) == nullptr;
  ApproxPercentileObject* o = ApproxPercentileState::Get(state, arena);
  if (fresh) o->summary = QuantileSummary(1.0 / fn.params[0]);
  return o;
}

Status ApproxPercentileUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                              uint8_t* const* states, StringArena* arena) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  const double* v = arg->values_as<double>();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i) || std::isnan(v[i])) continue;
    ApproxPercentileObjectOf(fn, states[i], arena)->summary.Insert(v[i]);
  }
  return Status::OK();
}

Status ApproxPercentileCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                               StringArena* arena) {
  const ApproxPercentileObject* s = ApproxPercentileState::Peek(src);
  if (s == nullptr || s->summary.count() == 0) return Status::OK();
  ApproxPercentileObjectOf(fn, dst, arena)->summary.Merge(s->summary);
  return Status::OK();
}

template <typename T>
void StoreQuantile(Vector* v, int64_t i, double value) {
  reinterpret_cast<T*>(v->mutable_values()->mutable_data())[i] = static_cast<T>(value);
}

Status ApproxPercentileFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states,
                                int64_t n, VectorPtr* out) {
  const columnar::TypePtr& t = fn.return_type;
  if (t->id() == TypeId::kNull) {
    *out = Vector::MakeNull(t, n);
    return Status::OK();
  }
  VectorPtr v = Vector::Make(t, n);
  for (int64_t i = 0; i < n; ++i) {
    const ApproxPercentileObject* s = ApproxPercentileState::Peek(states[i]);
    double q = 0;
    if (s == nullptr || s->summary.count() == 0) {
      KernelOutput::SetNull(v.get(), i);
    } else {
      q = s->summary.Query(fn.params[1]);
    }
    switch (t->id()) {
      case TypeId::kInt8:
        StoreQuantile<int8_t>(v.get(), i, q);
        break;
      case TypeId::kInt16:
        StoreQuantile<int16_t>(v.get(), i, q);
        break;
      case TypeId::kInt32:
        StoreQuantile<int32_t>(v.get(), i, q);
        break;
      case TypeId::kInt64:
        StoreQuantile<int64_t>(v.get(), i, q);
        break;
      case TypeId::kFloat32:
        StoreQuantile<float>(v.get(), i, q);
        break;
      case TypeId::kDecimal: {
        double scaled = q;
        for (int k = 0; k < t->scale(); ++k) scaled *= 10;
        reinterpret_cast<__int128*>(v->mutable_values()->mutable_data())[i] =
            static_cast<__int128>(std::llround(scaled));
        break;
      }
      default:
        StoreQuantile<double>(v.get(), i, q);
        break;
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Status ConfigureApproxPercentile(AggregateFunctionBinding* fn,
                                 const std::vector<columnar::Scalar>& constants,
                                 std::string* subclass) {
  LAKEML_ASSIGN_OR_RETURN(double p, AggregateParams::Number(constants[0], "percentage", 0.0, 1.0,
                                                            "[0.0, 1.0]", subclass));
  double accuracy = 10000;
  if (constants.size() > 1) {
    LAKEML_ASSIGN_OR_RETURN(accuracy,
                            AggregateParams::Number(constants[1], "accuracy", 1, 2147483647,
                                                    "[1, 2147483647]", subclass));
    accuracy = std::floor(accuracy);
  }
  fn->params = {accuracy, p};
  return Status::OK();
}

Result<AggPtr> ResolveApproxPercentile(std::string_view name,
                                       const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!SqlType::IsNumeric(t) && t->id() != TypeId::kNull) {
    return Status::InvalidArgument("the argument must be numeric, but it is ", SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Double()};
  b->return_type = t->id() == TypeId::kNull ? SqlType::Double() : t;
  b->state_size = ApproxPercentileState::kSize;
  b->init = ApproxPercentileState::Init;
  b->update = ApproxPercentileUpdate;
  b->combine = ApproxPercentileCombine;
  b->finalize = ApproxPercentileFinalize;
  b->configure = ConfigureApproxPercentile;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterApproxPercentile(AggregateRegistry* registry) {
  for (const char* name : {"percentile_approx", "approx_percentile"}) {
    registry->Add({name, 2, 3, ResolveApproxPercentile});
  }
}

}  // namespace lakeml::sql
