// min, max, any_value, first, last over every orderable non-nested type. Floats order NaN
// above everything (Spark); strings compare as unsigned bytes and are copied into the table's
// StringArena. The result type is the argument's type.
#include <cmath>
#include <cstring>
#include <string_view>

#include "columnar/vector.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/aggregate/nested_pick.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;
using AggPtr = std::shared_ptr<const AggregateFunctionBinding>;

enum class PickKind { kMin, kMax, kFirst, kLast };

template <typename T>
struct PickState {
  T value;
  bool has;      // a row was seen (first/last: even a null one)
  bool is_null;  // first/last: the kept row was null
};

template <typename T>
T LoadValue(const Vector& v, int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return v.GetBool(i);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return v.GetView(i);
  } else {
    return v.values_as<T>()[i];
  }
}

// a < b in Spark's order (NaN largest).
template <typename T>
bool LessThan(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

template <typename T>
void Store(PickState<T>* s, T value, StringArena* arena) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    s->value = arena->Store(value);
  } else {
    s->value = value;
  }
}

template <typename T, PickKind kKind>
void PickInit(uint8_t* state) {
  auto* s = reinterpret_cast<PickState<T>*>(state);
  s->value = T();
  s->has = false;
  s->is_null = false;
}

template <typename T, PickKind kKind>
bool Replaces(const PickState<T>& s, const T& v) {
  if (!s.has) return true;
  if constexpr (kKind == PickKind::kMin) return LessThan(v, s.value);
  if constexpr (kKind == PickKind::kMax) return LessThan(s.value, v);
  if constexpr (kKind == PickKind::kLast) return true;
  return false;
}

// kIgnoreNulls: first(x, true) / last(x) IGNORE NULLS skip NULL rows as min and max do.
template <typename T, PickKind kKind, bool kIgnoreNulls = false>
Status PickUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                  uint8_t* const* states, StringArena* arena) {
  constexpr bool kKeepsNulls =
      !kIgnoreNulls && (kKind == PickKind::kFirst || kKind == PickKind::kLast);
  const bool all_valid = arg->null_count() == 0 && arg->type()->id() != TypeId::kNull;
  for (int64_t i = 0; i < n; ++i) {
    auto* s = reinterpret_cast<PickState<T>*>(states[i]);
    if (!all_valid && arg->IsNull(i)) {
      if (kKeepsNulls && (!s->has || kKind == PickKind::kLast)) {
        s->has = true;
        s->is_null = true;
      }
      continue;
    }
    T v = LoadValue<T>(*arg, i);
    if (Replaces<T, kKind>(*s, v)) {
      Store(s, v, arena);
      s->has = true;
      s->is_null = false;
    }
  }
  return Status::OK();
}

template <typename T, PickKind kKind>
Status PickCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                   StringArena* arena) {
  const auto* s = reinterpret_cast<const PickState<T>*>(src);
  auto* d = reinterpret_cast<PickState<T>*>(dst);
  if (!s->has) return Status::OK();
  bool take = !d->has;
  if (!take && kKind == PickKind::kLast) take = true;
  if (!take && !s->is_null && !d->is_null) take = Replaces<T, kKind>(*d, s->value);
  if (take) {
    if (!s->is_null) Store(d, s->value, arena);
    d->has = true;
    d->is_null = s->is_null;
  }
  return Status::OK();
}

template <typename T, PickKind kKind>
Status PickFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                    VectorPtr* out) {
  if (fn.return_type->id() == TypeId::kNull) {
    *out = Vector::MakeNull(fn.return_type, n);
    return Status::OK();
  }
  if constexpr (std::is_same_v<T, std::string_view>) {
    StringVectorBuilder b(fn.return_type, n);
    for (int64_t i = 0; i < n; ++i) {
      const auto* s = reinterpret_cast<const PickState<T>*>(states[i]);
      if (!s->has || s->is_null) {
        b.AppendNull();
      } else {
        b.Append(s->value);
      }
    }
    *out = b.Finish();
    return Status::OK();
  } else {
    VectorPtr v = Vector::Make(fn.return_type, n);
    uint8_t* raw = v->mutable_values()->mutable_data();
    if constexpr (std::is_same_v<T, bool>) std::memset(raw, 0, (n + 7) / 8);
    for (int64_t i = 0; i < n; ++i) {
      const auto* s = reinterpret_cast<const PickState<T>*>(states[i]);
      if (!s->has || s->is_null) {
        KernelOutput::SetNull(v.get(), i);
        if constexpr (!std::is_same_v<T, bool>) reinterpret_cast<T*>(raw)[i] = T();
        continue;
      }
      if constexpr (std::is_same_v<T, bool>) {
        if (s->value) raw[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      } else {
        reinterpret_cast<T*>(raw)[i] = s->value;
      }
    }
    v->FinishValidity();
    *out = std::move(v);
    return Status::OK();
  }
}

// The optional second argument of first / last / any_value: ignoreNulls, a BOOLEAN constant.
template <typename T, PickKind kKind>
Status PickConfigure(AggregateFunctionBinding* fn, const std::vector<columnar::Scalar>& constants,
                     std::string* subclass) {
  if (constants.empty()) return Status::OK();
  const columnar::Scalar& ignore_nulls = constants[0];
  if (ignore_nulls.type->id() != TypeId::kBoolean) {
    *subclass = "UNEXPECTED_INPUT_TYPE";
    return Status::InvalidArgument("The `ignoreNulls` of ", fn->name,
                                   " must be a BOOLEAN constant, but it is ",
                                   SqlType::SqlName(ignore_nulls.type), ".");
  }
  if (ignore_nulls.is_null) {
    *subclass = "UNEXPECTED_NULL";
    return Status::InvalidArgument("The `ignoreNulls` of ", fn->name, " must not be null.");
  }
  if (ignore_nulls.b) fn->update = PickUpdate<T, kKind, true>;
  return Status::OK();
}

template <typename T, PickKind kKind>
AggPtr MakePick(std::string_view name, const columnar::TypePtr& type) {
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {type};
  b->return_type = type;
  b->state_size = sizeof(PickState<T>);
  b->init = PickInit<T, kKind>;
  b->update = PickUpdate<T, kKind>;
  b->combine = PickCombine<T, kKind>;
  b->finalize = PickFinalize<T, kKind>;
  if constexpr (kKind == PickKind::kFirst || kKind == PickKind::kLast) {
    b->configure = PickConfigure<T, kKind>;
  }
  return b;
}

template <PickKind kKind>
Result<AggPtr> ResolvePickKind(std::string_view name, const columnar::TypePtr& t) {
  switch (t->id()) {
    case TypeId::kNull:
    case TypeId::kInt8:
      return MakePick<int8_t, kKind>(name, t);
    case TypeId::kBoolean:
      return MakePick<bool, kKind>(name, t);
    case TypeId::kInt16:
      return MakePick<int16_t, kKind>(name, t);
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return MakePick<int32_t, kKind>(name, t);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
    case TypeId::kTime64:
      return MakePick<int64_t, kKind>(name, t);
    case TypeId::kFloat32:
      return MakePick<float, kKind>(name, t);
    case TypeId::kFloat64:
      return MakePick<double, kKind>(name, t);
    case TypeId::kDecimal:
      return MakePick<__int128, kKind>(name, t);
    case TypeId::kString:
    case TypeId::kBinary:
      return MakePick<std::string_view, kKind>(name, t);
    case TypeId::kList:  // sql-lambda
    case TypeId::kMap:
    case TypeId::kStruct:
      return NestedPick::Make(name, t);
    default:
      return Status::InvalidArgument("the argument of type ", SqlType::SqlName(t),
                                     " is not supported");
  }
}

Result<AggPtr> ResolvePick(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (args.size() > 1 && (t->id() == TypeId::kList || t->id() == TypeId::kMap ||
                          t->id() == TypeId::kStruct)) {
    return Status::NotImplemented("ignoreNulls of ", name, " over ", SqlType::SqlName(t));
  }
  if (name == "min") return ResolvePickKind<PickKind::kMin>(name, t);
  if (name == "max") return ResolvePickKind<PickKind::kMax>(name, t);
  if (name == "last" || name == "last_value") return ResolvePickKind<PickKind::kLast>(name, t);
  return ResolvePickKind<PickKind::kFirst>(name, t);
}

}  // namespace

void RegisterMinMax(AggregateRegistry* registry) {
  registry->Add({"min", 1, 1, ResolvePick});
  registry->Add({"max", 1, 1, ResolvePick});
  // first(x, ignoreNulls) and the rest: the second argument is a constant (PickConfigure).
  for (const char* name : {"any_value", "first", "first_value", "last", "last_value"}) {
    registry->Add({name, 1, 2, ResolvePick});
  }
}

}  // namespace lakeml::sql
