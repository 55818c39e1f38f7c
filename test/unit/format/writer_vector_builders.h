// Builders of columnar vectors for the Parquet writer tests: small literal inputs, built the
// way the columnar layout documents (int64 offsets, LSB-first validity, int128 decimals).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::parquet::testing {

using columnar::Buffer;
using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

// Sets the validity of `v` from `valid` (empty = all valid).
inline void SetValidity(Vector* v, const std::vector<bool>& valid) {
  if (valid.empty()) return;
  Buffer* b = v->EnsureValidity();
  for (size_t i = 0; i < valid.size(); ++i) bit_util::SetBitTo(b->mutable_data(), i, valid[i]);
  v->FinishValidity();
}

// Fixed-width values of type `type`, stored as T.
template <typename T>
VectorPtr Fixed(TypePtr type, const std::vector<std::optional<T>>& values) {
  auto v = Vector::Make(type, values.size());
  std::vector<bool> valid;
  bool any_null = false;
  for (size_t i = 0; i < values.size(); ++i) {
    T x = values[i].value_or(T{});
    std::memcpy(v->mutable_values()->mutable_data() + i * sizeof(T), &x, sizeof(T));
    valid.push_back(values[i].has_value());
    any_null |= !values[i].has_value();
  }
  if (any_null) SetValidity(v.get(), valid);
  return v;
}

inline VectorPtr Int64s(const std::vector<std::optional<int64_t>>& values) {
  return Fixed<int64_t>(DataType::Primitive(TypeId::kInt64), values);
}
inline VectorPtr Int32s(const std::vector<std::optional<int32_t>>& values) {
  return Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), values);
}

inline VectorPtr Bools(const std::vector<std::optional<bool>>& values) {
  auto v = Vector::Make(DataType::Primitive(TypeId::kBoolean), values.size());
  std::vector<bool> valid;
  bool any_null = false;
  for (size_t i = 0; i < values.size(); ++i) {
    bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, values[i].value_or(false));
    valid.push_back(values[i].has_value());
    any_null |= !values[i].has_value();
  }
  if (any_null) SetValidity(v.get(), valid);
  return v;
}

// String or binary values.
inline VectorPtr Strings(const std::vector<std::optional<std::string>>& values,
                         TypePtr type = DataType::String()) {
  auto v = Vector::Make(type, values.size());
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  offsets[0] = 0;
  std::vector<bool> valid;
  bool any_null = false;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) v->mutable_data()->Append(values[i]->data(), values[i]->size());
    offsets[i + 1] = v->data()->size();
    valid.push_back(values[i].has_value());
    any_null |= !values[i].has_value();
  }
  if (any_null) SetValidity(v.get(), valid);
  return v;
}

// A list or map vector: offsets has length + 1 entries; children are {element} for lists and
// {key, value} for maps.
inline VectorPtr Nested(TypePtr type, const std::vector<int64_t>& offsets,
                        std::vector<VectorPtr> children, const std::vector<bool>& valid = {}) {
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  auto v = Vector::Make(type, n);
  std::memcpy(v->mutable_values()->mutable_data(), offsets.data(), offsets.size() * 8);
  v->mutable_children() = std::move(children);
  SetValidity(v.get(), valid);
  return v;
}

inline VectorPtr StructOf(TypePtr type, int64_t length, std::vector<VectorPtr> children,
                          const std::vector<bool>& valid = {}) {
  auto v = std::make_shared<Vector>(type, length);
  v->mutable_children() = std::move(children);
  SetValidity(v.get(), valid);
  return v;
}

}  // namespace lakeml::parquet::testing
