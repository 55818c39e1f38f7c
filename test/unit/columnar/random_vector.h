// RandomVector: builds vectors of any type with random values and nulls at every level, for the
// selection kernel tests. Strings, binaries, lists and maps get offsets that start past 0 and
// children with unreferenced elements before and after, as slices of larger vectors have.
// Validity and boolean bitmaps carry set garbage bits past the length.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "base/bit_util.h"
#include "columnar/vector.h"

namespace lakeml::columnar::testing {

struct RandomVectorOptions {
  double null_probability = 0.2;  // At every level; map keys are never null.
  bool shifted_offsets = true;    // Offsets not starting at 0, children longer than needed.
  int max_list_length = 4;
  int max_string_length = 12;
};

inline BufferPtr RandomBits(int64_t length, double p_set, std::mt19937_64& rng) {
  const int64_t bytes = bit_util::BytesForBits(length);
  auto b = Buffer::AllocateZeroed(bytes);
  std::bernoulli_distribution coin(p_set);
  for (int64_t i = 0; i < length; ++i) {
    if (coin(rng)) bit_util::SetBit(b->mutable_data(), i);
  }
  for (int64_t i = length; i < bytes * 8; ++i) bit_util::SetBit(b->mutable_data(), i);
  return b;
}

inline VectorPtr RandomVector(const TypePtr& type, int64_t length, std::mt19937_64& rng,
                              const RandomVectorOptions& opt = {}) {
  if (type->id() == TypeId::kNull) return Vector::MakeNull(type, length);
  auto v = std::make_shared<Vector>(type, length);
  if (opt.null_probability > 0) {
    v->set_validity(RandomBits(length, 1 - opt.null_probability, rng));
    v->FinishValidity();
  }
  auto shift = [&](int64_t max) -> int64_t {
    return opt.shifted_offsets ? static_cast<int64_t>(rng() % (max + 1)) : 0;
  };
  switch (type->id()) {
    case TypeId::kBoolean:
      v->set_values(RandomBits(length, 0.5, rng));
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      auto offsets = Buffer::Allocate((length + 1) * 8);
      auto data = Buffer::Allocate(0);
      const int64_t prefix = shift(5);
      for (int64_t i = 0; i < prefix; ++i) {
        const uint8_t junk = '#';
        data->Append(&junk, 1);
      }
      int64_t* o = offsets->mutable_as<int64_t>();
      o[0] = prefix;
      for (int64_t i = 0; i < length; ++i) {
        const int64_t len = static_cast<int64_t>(rng() % (opt.max_string_length + 1));
        for (int64_t k = 0; k < len; ++k) {
          const uint8_t c = static_cast<uint8_t>('a' + rng() % 26);
          data->Append(&c, 1);
        }
        o[i + 1] = o[i] + len;
      }
      v->set_values(std::move(offsets));
      v->set_data(std::move(data));
      break;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      auto offsets = Buffer::Allocate((length + 1) * 8);
      int64_t* o = offsets->mutable_as<int64_t>();
      const int64_t before = shift(3);
      o[0] = before;
      for (int64_t i = 0; i < length; ++i) {
        o[i + 1] = o[i] + static_cast<int64_t>(rng() % (opt.max_list_length + 1));
      }
      const int64_t child_length = o[length] + shift(3);
      v->set_values(std::move(offsets));
      for (size_t c = 0; c < type->children().size(); ++c) {
        RandomVectorOptions child_opt = opt;
        if (type->id() == TypeId::kMap && c == 0) child_opt.null_probability = 0;
        v->mutable_children().push_back(
            RandomVector(type->children()[c].type, child_length, rng, child_opt));
      }
      break;
    }
    case TypeId::kStruct:
      for (const Field& f : type->children()) {
        v->mutable_children().push_back(RandomVector(f.type, length, rng, opt));
      }
      break;
    default: {
      const int64_t bytes = length * type->fixed_width();
      auto values = Buffer::Allocate(bytes);
      for (int64_t i = 0; i < bytes; ++i) values->mutable_data()[i] = static_cast<uint8_t>(rng());
      v->set_values(std::move(values));
      break;
    }
  }
  return v;
}

// One type of every layout the selection kernels distinguish, nested ones included.
inline std::vector<TypePtr> SelectionTestTypes() {
  auto P = [](TypeId id) { return DataType::Primitive(id); };
  auto map_si = DataType::Map({"key", DataType::String(), false}, {"value", P(TypeId::kInt32)});
  return {
      P(TypeId::kNull),
      P(TypeId::kBoolean),
      P(TypeId::kInt8),
      P(TypeId::kInt16),
      P(TypeId::kInt32),
      P(TypeId::kInt64),
      P(TypeId::kUInt8),
      P(TypeId::kUInt16),
      P(TypeId::kUInt32),
      P(TypeId::kUInt64),
      P(TypeId::kFloat16),
      P(TypeId::kFloat32),
      P(TypeId::kFloat64),
      DataType::Decimal(38, 10),
      P(TypeId::kDate32),
      DataType::Time(TimeUnit::kNano),
      DataType::Timestamp(TimeUnit::kMicro, true),
      P(TypeId::kInterval),
      DataType::FixedSizeBinary(16, "uuid"),
      DataType::FixedSizeBinary(3),
      DataType::FixedSizeBinary(8),
      DataType::FixedSizeBinary(0),
      DataType::String(),
      DataType::Binary(),
      DataType::List({"element", P(TypeId::kInt32)}),
      map_si,
      DataType::Struct({{"a", P(TypeId::kInt64)}, {"b", DataType::String()}}),
      DataType::Variant(),
      // list<struct<m: map<string, int>>>, nulls possible at every level but the keys.
      DataType::List({"element", DataType::Struct({{"m", map_si}, {"z", P(TypeId::kBoolean)}})}),
      DataType::Struct(
          {{"s", DataType::Struct({{"x", P(TypeId::kBoolean)}})},
           {"l", DataType::List({"element", DataType::List({"element", DataType::String()})})},
           {"n", P(TypeId::kNull)}}),
  };
}

}  // namespace lakeml::columnar::testing
