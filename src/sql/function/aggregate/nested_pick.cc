#include "sql/function/aggregate/nested_pick.h"

#include <string>
#include <vector>

#include "sql/common/sql_type.h"
#include "sql/execution/nested_key_codec.h"
#include "sql/function/scalar/nested_comparison.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

enum class NestedPickKind { kMin, kMax, kFirst, kLast };

struct NestedPickState {
  const char* data;  // the encoding, in the StringArena
  size_t size;
  bool has;      // a row was seen (first/last: even a null one)
  bool is_null;  // first/last: the kept row was null
};

void NestedPickInit(uint8_t* state) {
  auto* s = reinterpret_cast<NestedPickState*>(state);
  *s = NestedPickState{nullptr, 0, false, false};
}

// a < b for two encodings of `type`.
bool NestedPickLess(const columnar::TypePtr& type, std::string_view a, std::string_view b) {
  VectorPtr both = NestedKeyCodec::Decode(type, {a, b});
  return NestedComparison::Compare(*both, 0, *both, 1) < 0;
}

template <NestedPickKind kKind>
bool NestedPickReplaces(const AggregateFunctionBinding& fn, const NestedPickState& s,
                        std::string_view v) {
  if (!s.has) return true;
  if constexpr (kKind == NestedPickKind::kLast) return true;
  if constexpr (kKind == NestedPickKind::kFirst) return false;
  const std::string_view kept(s.data, s.size);
  if constexpr (kKind == NestedPickKind::kMin) return NestedPickLess(fn.return_type, v, kept);
  return NestedPickLess(fn.return_type, kept, v);
}

template <NestedPickKind kKind>
Status NestedPickUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                        uint8_t* const* states, StringArena* arena) {
  constexpr bool kKeepsNulls = kKind == NestedPickKind::kFirst || kKind == NestedPickKind::kLast;
  std::string encoded;
  for (int64_t i = 0; i < n; ++i) {
    auto* s = reinterpret_cast<NestedPickState*>(states[i]);
    if (arg->IsNull(i)) {
      if (kKeepsNulls && (!s->has || kKind == NestedPickKind::kLast)) {
        s->has = true;
        s->is_null = true;
      }
      continue;
    }
    encoded.clear();
    NestedKeyCodec::Append(*arg, i, &encoded);
    if (!NestedPickReplaces<kKind>(fn, *s, encoded)) continue;
    const std::string_view stored = arena->Store(encoded);
    s->data = stored.data();
    s->size = stored.size();
    s->has = true;
    s->is_null = false;
  }
  return Status::OK();
}

template <NestedPickKind kKind>
Status NestedPickCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                         StringArena* arena) {
  const auto* s = reinterpret_cast<const NestedPickState*>(src);
  auto* d = reinterpret_cast<NestedPickState*>(dst);
  if (!s->has) return Status::OK();
  bool take = !d->has || kKind == NestedPickKind::kLast;
  if (!take && !s->is_null && !d->is_null && kKind != NestedPickKind::kFirst) {
    take = NestedPickReplaces<kKind>(fn, *d, std::string_view(s->data, s->size));
  }
  if (!take) return Status::OK();
  if (!s->is_null) {
    const std::string_view stored = arena->Store(std::string_view(s->data, s->size));
    d->data = stored.data();
    d->size = stored.size();
  }
  d->has = true;
  d->is_null = s->is_null;
  return Status::OK();
}

Status NestedPickFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                          VectorPtr* out) {
  static const char kNullEncoding[1] = {0};
  std::vector<std::string_view> views;
  views.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const NestedPickState*>(states[i]);
    views.push_back(!s->has || s->is_null ? std::string_view(kNullEncoding, 1)
                                          : std::string_view(s->data, s->size));
  }
  *out = NestedKeyCodec::Decode(fn.return_type, views);
  return Status::OK();
}

template <NestedPickKind kKind>
std::shared_ptr<const AggregateFunctionBinding> MakeNestedPick(std::string_view name,
                                                               const columnar::TypePtr& type) {
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {type};
  b->return_type = type;
  b->state_size = sizeof(NestedPickState);
  b->init = NestedPickInit;
  b->update = NestedPickUpdate<kKind>;
  b->combine = NestedPickCombine<kKind>;
  b->finalize = NestedPickFinalize;
  return b;
}

}  // namespace

Result<std::shared_ptr<const AggregateFunctionBinding>> NestedPick::Make(
    std::string_view name, const columnar::TypePtr& type) {
  const bool ordering = name == "min" || name == "max";
  if (ordering && NestedComparison::ContainsMap(type)) {
    return Status::InvalidArgument("the argument of type ", SqlType::SqlName(type),
                                   " is not orderable");
  }
  if (name == "min") return MakeNestedPick<NestedPickKind::kMin>(name, type);
  if (name == "max") return MakeNestedPick<NestedPickKind::kMax>(name, type);
  if (name == "last" || name == "last_value") {
    return MakeNestedPick<NestedPickKind::kLast>(name, type);
  }
  return MakeNestedPick<NestedPickKind::kFirst>(name, type);
}

}  // namespace lakeml::sql
