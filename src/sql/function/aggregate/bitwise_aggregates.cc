// bit_and, bit_or, bit_xor over integral types (the result has the argument's type; NULL for
// no rows) and count_if(boolean) (BIGINT, 0 for no rows). NULLs are skipped.
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

struct BitState {
  int64_t value;
  bool has;
};

void BitInit(uint8_t* state) { std::memset(state, 0, sizeof(BitState)); }

int64_t BitFold(const std::string& name, int64_t a, int64_t b) {
  if (name == "bit_and") return a & b;
  if (name == "bit_or") return a | b;
  return a ^ b;
}

int64_t LoadIntegral(const Vector& v, int64_t i) {
  switch (v.type()->id()) {
    case TypeId::kInt8:
      return v.values_as<int8_t>()[i];
    case TypeId::kInt16:
      return v.values_as<int16_t>()[i];
    case TypeId::kInt32:
      return v.values_as<int32_t>()[i];
    default:
      return v.values_as<int64_t>()[i];
  }
}

Status BitUpdate(const AggregateFunctionBinding& fn, const Vector* arg, int64_t n,
                 uint8_t* const* states, StringArena*) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsNull(i)) continue;
    auto* s = reinterpret_cast<BitState*>(states[i]);
    const int64_t v = LoadIntegral(*arg, i);
    s->value = s->has ? BitFold(fn.name, s->value, v) : v;
    s->has = true;
  }
  return Status::OK();
}

Status BitCombine(const AggregateFunctionBinding& fn, const uint8_t* src, uint8_t* dst,
                  StringArena*) {
  const auto* s = reinterpret_cast<const BitState*>(src);
  auto* d = reinterpret_cast<BitState*>(dst);
  if (!s->has) return Status::OK();
  d->value = d->has ? BitFold(fn.name, d->value, s->value) : s->value;
  d->has = true;
  return Status::OK();
}

template <typename T>
void StoreBits(Vector* v, int64_t i, int64_t value) {
  reinterpret_cast<T*>(v->mutable_values()->mutable_data())[i] = static_cast<T>(value);
}

Status BitFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                   VectorPtr* out) {
  if (fn.return_type->id() == TypeId::kNull) {
    *out = Vector::MakeNull(fn.return_type, n);
    return Status::OK();
  }
  VectorPtr v = Vector::Make(fn.return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    const auto* s = reinterpret_cast<const BitState*>(states[i]);
    const int64_t value = s->has ? s->value : 0;
    if (!s->has) KernelOutput::SetNull(v.get(), i);
    switch (fn.return_type->id()) {
      case TypeId::kInt8:
        StoreBits<int8_t>(v.get(), i, value);
        break;
      case TypeId::kInt16:
        StoreBits<int16_t>(v.get(), i, value);
        break;
      case TypeId::kInt32:
        StoreBits<int32_t>(v.get(), i, value);
        break;
      default:
        StoreBits<int64_t>(v.get(), i, value);
        break;
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Result<AggPtr> ResolveBitAggregate(std::string_view name,
                                   const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (!SqlType::IsIntegral(t) && t->id() != TypeId::kNull) {
    return Status::InvalidArgument("the argument must be an integral type, but it is ",
                                   SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {t};
  b->return_type = t;
  b->state_size = sizeof(BitState);
  b->init = BitInit;
  b->update = BitUpdate;
  b->combine = BitCombine;
  b->finalize = BitFinalize;
  return AggPtr(std::move(b));
}

// count_if: an int64 per group.
void CountIfInit(uint8_t* state) { std::memset(state, 0, sizeof(int64_t)); }

Status CountIfUpdate(const AggregateFunctionBinding&, const Vector* arg, int64_t n,
                     uint8_t* const* states, StringArena*) {
  if (arg->type()->id() == TypeId::kNull) return Status::OK();
  for (int64_t i = 0; i < n; ++i) {
    if (arg->IsValid(i) && arg->GetBool(i)) ++*reinterpret_cast<int64_t*>(states[i]);
  }
  return Status::OK();
}

Status CountIfCombine(const AggregateFunctionBinding&, const uint8_t* src, uint8_t* dst,
                      StringArena*) {
  *reinterpret_cast<int64_t*>(dst) += *reinterpret_cast<const int64_t*>(src);
  return Status::OK();
}

Status CountIfFinalize(const AggregateFunctionBinding& fn, uint8_t* const* states, int64_t n,
                       VectorPtr* out) {
  VectorPtr v = Vector::Make(fn.return_type, n);
  auto* values = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) values[i] = *reinterpret_cast<const int64_t*>(states[i]);
  *out = std::move(v);
  return Status::OK();
}

Result<AggPtr> ResolveCountIf(std::string_view name, const std::vector<columnar::TypePtr>& args) {
  const columnar::TypePtr& t = args[0];
  if (t->id() != TypeId::kBoolean && t->id() != TypeId::kNull) {
    return Status::InvalidArgument("the argument must be BOOLEAN, but it is ", SqlType::SqlName(t));
  }
  auto b = std::make_shared<AggregateFunctionBinding>();
  b->name = std::string(name);
  b->arg_types = {SqlType::Boolean()};
  b->return_type = SqlType::BigInt();
  b->state_size = sizeof(int64_t);
  b->init = CountIfInit;
  b->update = CountIfUpdate;
  b->combine = CountIfCombine;
  b->finalize = CountIfFinalize;
  return AggPtr(std::move(b));
}

}  // namespace

void RegisterBitwiseAggregates(AggregateRegistry* registry) {
  for (const char* name : {"bit_and", "bit_or", "bit_xor"}) {
    registry->Add({name, 1, 1, ResolveBitAggregate});
  }
  registry->Add({"count_if", 1, 1, ResolveCountIf});
}

}  // namespace lakeml::sql
