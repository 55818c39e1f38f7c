// max_by(x, y) / min_by(x, y): the x of the row with the largest (smallest) y. Rows with a NULL
// y are skipped; x may be NULL. Ties keep the first row seen. The state is an ObjectState
// holding the best y as a Scalar and x encoded by a GroupKeyEncoder (any non-nested type),
// decoded once per Finalize.
#include <string>
#include <vector>

#include "columnar/scalar.h"
#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/execution/aggregate_arguments.h"
#include "sql/execution/group_key_encoder.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/object_state.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct ArgMaxObject : ArenaObject {
  columnar::Scalar key;
  std::string value;  // GroupKeyEncoder bytes of x
};
using ArgMaxState = ObjectState<ArgMaxObject>;

bool ArgMaxWants(const AggregateFunctionBinding& fn, const columnar::Scalar& current,
                 const columnar::Scalar& candidate) {
  const int c = candidate.Compare(current);
  return fn.name == "max_by" ? c > 0 : c < 0;
}

Status ArgMaxUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                    uint8_t* const* states, StringArena* arena) {
  const Vector& x = *arg->child(0);
  const Vector& y = *arg->child(1);
  if (y.type()->id() == TypeId::kNull) return Status::OK();
  GroupKeyEncoder encoder({fn.arg_types[0]});
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> offsets;
  encoder.Encode({&x}, n, &bytes, &offsets);
  for (int64_t i = 0; i < n; ++i) {
    if (y.IsNull(i)) continue;
    columnar::Scalar key = columnar::Scalar::FromVector(y, i);
    ArgMaxObject* o = ArgMaxState::Get(states[i], arena);
    if (o->key.is_null || ArgMaxWants(fn, o->key, key)) {
      o->key = std::move(key);
      o->value.assign(reinterpret_cast<const char*>(bytes.data()) + offsets[i],
                      offsets[i + 1] - offsets[i]);
    }
  }
  return Status::OK();
}

Status ArgMaxCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                     StringArena* arena) {
  const ArgMaxObject* s = ArgMaxState::Peek(src);
  if (s == nullptr || s->key.is_null) return Status::OK();
  ArgMaxObject* d = ArgMaxState::Get(dst, arena);
  if (d->key.is_null || ArgMaxWants(fn, d->key, s->key)) {
    d->key = s->key;
    d->value = s->value;
  }
  return Status::OK();
}

Status ArgMaxFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                      VectorPtr* out) {
  GroupKeyEncoder encoder({fn.arg_types[0]});
  std::vector<uint8_t> null_bytes;
  std::vector<uint32_t> null_offsets;
  VectorPtr null_value = Vector::MakeNull(fn.arg_types[0], 1);
  encoder.Encode({null_value.get()}, 1, &null_bytes, &null_offsets);
  const std::string_view null_key(reinterpret_cast<const char*>(null_bytes.data()),
                                  null_offsets[1]);
  std::vector<std::string_view> keys;
  for (int64_t i = 0; i < n; ++i) {
    const ArgMaxObject* o = ArgMaxState::Peek(states[i]);
    keys.push_back(o == nullptr || o->key.is_null ? null_key : std::string_view(o->value));
  }
  *out = encoder.Decode(keys)[0];
  return Status::OK();
}

Result<AggPtr> ResolveArgMax(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  if (!GroupKeyEncoder::Supports(args[0])) {
    return Status::InvalidArgument("the first argument of type ", SqlType::SqlName(args[0]),
                                   " is not supported");
  }
  if (!GroupKeyEncoder::Supports(args[1])) {
    return Status::InvalidArgument("the ordering argument must be of an orderable type, but it is ",
                                   SqlType::SqlName(args[1]));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {args[0], args[1]};
  b->return_type = args[0];
  b->state_size = ArgMaxState::kSize;
  b->init = ArgMaxState::Init;
  b->update = ArgMaxUpdate;
  b->combine = ArgMaxCombine;
  b->finalize = ArgMaxFinalize;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterMaxMinBy(AggregateRegistry* registry) {
  registry->Add({"max_by", 2, 2, ResolveArgMax});
  registry->Add({"min_by", 2, 2, ResolveArgMax});
}

}  // namespace lakeml::sql
