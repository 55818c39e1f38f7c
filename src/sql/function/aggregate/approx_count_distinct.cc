// approx_count_distinct(x [, relativeSD]): a HyperLogLog per group (relativeSD default 0.05;
// params: {relativeSD}). Values are hashed through their GroupKeyEncoder bytes, so equal
// values (under GROUP BY equality) hash alike. NULLs are skipped; the result is BIGINT, 0 for
// no rows.
#include <vector>

#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/execution/group_key_encoder.h"
#include "sql/function/aggregate/aggregate_params.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/hyper_log_log.h"
#include "sql/function/aggregate/object_state.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct DistinctSketchObject : ArenaObject {
  HyperLogLog sketch;
};
using DistinctSketchState = ObjectState<DistinctSketchObject>;

DistinctSketchObject* DistinctSketchOf(const AggregateFunctionBinding& fn, uint8_t* state,
                                       StringArena* arena) {
  const bool fresh = DistinctSketchState::Peek(state) == nullptr;
  DistinctSketchObject* o = DistinctSketchState::Get(state, arena);
  if (fresh) o->sketch = HyperLogLog(HyperLogLog::PrecisionFor(fn.params[0]));
  return o;
}

// A 64-bit finalizer (splitmix64) over the encoder's hash: HLL wants well-mixed high bits.
uint64_t MixDistinctHash(uint64_t h) {
  h += 0x9E3779B97F4A7C15ull;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

Status DistinctSketchUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                            uint8_t* const* states, StringArena* arena) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  GroupKeyEncoder encoder({fn.arg_types[0]});
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> offsets;
  encoder.Encode({arg}, n, &bytes, &offsets);
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    const uint64_t h = MixDistinctHash(
        GroupKeyEncoder::Hash(bytes.data() + offsets[i], offsets[i + 1] - offsets[i]));
    DistinctSketchOf(fn, states[i], arena)->sketch.AddHash(h);
  }
  return Status::OK();
}

Status DistinctSketchCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                             StringArena* arena) {
  const DistinctSketchObject* s = DistinctSketchState::Peek(src);
  if (s == nullptr) return Status::OK();
  DistinctSketchOf(fn, dst, arena)->sketch.Merge(s->sketch);
  return Status::OK();
}

Status DistinctSketchFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                              VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const DistinctSketchObject* s = DistinctSketchState::Peek(states[i]);
    values[i] = s == nullptr ? 0 : s->sketch.Estimate();
  }
  *out = std::move(v);
  return Status::OK();
}

Status ConfigureDistinctSketch(AggregateFunctionBinding* fn,
                               const std::vector<columnar::Scalar>& constants,
                               std::string* subclass) {
  double rsd = 0.05;
  if (!constants.empty()) {
    LAKEML_ASSIGN_OR_RETURN(
        rsd, AggregateParams::Number(constants[0], "relativeSD", 1e-9, 1e9, "(0, +inf)", subclass));
  }
  if (HyperLogLog::PrecisionFor(rsd) == 0) {
    *subclass = "VALUE_OUT_OF_RANGE";
    return Status::InvalidArgument(
        "HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.");
  }
  fn->params = {rsd};
  return Status::OK();
}

Result<AggPtr> ResolveDistinctSketch(std::string_view name,
                                     const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!GroupKeyEncoder::Supports(t)) {
    return Status::InvalidArgument("the argument of type ", SqlType::SqlName(t),
                                   " is not supported");
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {t};
  b->return_type = SqlType::BigInt();
  b->state_size = DistinctSketchState::kSize;
  b->init = DistinctSketchState::Init;
  b->update = DistinctSketchUpdate;
  b->combine = DistinctSketchCombine;
  b->finalize = DistinctSketchFinalize;
  b->configure = ConfigureDistinctSketch;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterApproxCountDistinct(AggregateRegistry* registry) {
  registry->Add({"approx_count_distinct", 1, 2, ResolveDistinctSketch});
}

}  // namespace lakeml::sql
