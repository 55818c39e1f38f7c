// collect_list / array_agg and collect_set: the non-NULL values of a group as an ARRAY (Spark
// skips NULLs; collect_set keeps each value once, in first-seen order). Values are kept
// encoded by a GroupKeyEncoder (any non-nested element type) in an ObjectState and decoded
// once per Finalize into the list's element vector.
#include <string>
#include <unordered_set>
#include <vector>

#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/execution/group_key_encoder.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/object_state.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

struct CollectObject : ArenaObject {
  std::vector<std::string> values;
  std::unordered_set<std::string> seen;  // collect_set only
};
using CollectState = ObjectState<CollectObject>;

bool IsCollectSet(const AggregateFunctionBinding& fn) { return fn.name == "collect_set"; }

void CollectAdd(bool set, CollectObject* o, std::string value) {
  if (set) {
    if (!o->seen.insert(value).second) return;
  }
  o->values.push_back(std::move(value));
}

Status CollectUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                     uint8_t* const* states, StringArena* arena) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  GroupKeyEncoder encoder({fn.arg_types[0]});
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> offsets;
  encoder.Encode({arg}, n, &bytes, &offsets);
  const bool set = IsCollectSet(fn);
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    CollectAdd(set, CollectState::Get(states[i], arena),
               std::string(reinterpret_cast<const char*>(bytes.data()) + offsets[i],
                           offsets[i + 1] - offsets[i]));
  }
  return Status::OK();
}

Status CollectCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                      StringArena* arena) {
  const CollectObject* s = CollectState::Peek(src);
  if (s == nullptr || s->values.empty()) return Status::OK();
  CollectObject* d = CollectState::Get(dst, arena);
  const bool set = IsCollectSet(fn);
  for (const std::string& v : s->values) CollectAdd(set, d, v);
  return Status::OK();
}

Status CollectFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                       VectorPtr* out) {
  GroupKeyEncoder encoder({fn.arg_types[0]});
  std::vector<std::string_view> keys;
  auto list = std::make_shared<Vector>(fn.return_type, n);
  auto offsets = columnar::Buffer::Allocate((n + 1) * sizeof(int64_t));
  auto* o = reinterpret_cast<int64_t*>(offsets->mutable_data());
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const CollectObject* s = CollectState::Peek(states[i]);
    if (s != nullptr) {
      for (const std::string& v : s->values) keys.push_back(v);
    }
    o[i + 1] = static_cast<int64_t>(keys.size());
  }
  list->set_values(std::move(offsets));
  list->mutable_children().push_back(keys.empty() ? Vector::MakeNull(fn.arg_types[0], 0)
                                                  : encoder.Decode(keys)[0]);
  *out = std::move(list);
  return Status::OK();
}

Result<AggPtr> ResolveCollect(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!GroupKeyEncoder::Supports(t)) {
    return Status::InvalidArgument("the argument of type ", SqlType::SqlName(t),
                                   " is not supported");
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {t};
  columnar::Field element;
  element.name = "element";
  element.type = t;
  element.nullable = false;
  b->return_type = columnar::DataType::List(std::move(element));
  b->state_size = CollectState::kSize;
  b->init = CollectState::Init;
  b->update = CollectUpdate;
  b->combine = CollectCombine;
  b->finalize = CollectFinalize;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterCollect(AggregateRegistry* registry) {
  for (const char* name : {"collect_list", "array_agg", "collect_set"}) {
    registry->Add({name, 1, 1, ResolveCollect});
  }
}

}  // namespace lakeml::sql
