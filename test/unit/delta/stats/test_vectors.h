// Builders of small columnar vectors for the stats tests: values given as optionals (nullopt =
// null), laid out as data_type.h describes.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/bit_util.h"
#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::delta::stats_testing {

inline void SetNulls(columnar::Vector* v, const std::vector<bool>& is_null) {
  bool any = false;
  for (bool b : is_null) any |= b;
  if (!any) return;
  uint8_t* bits = v->EnsureValidity()->mutable_data();
  for (size_t i = 0; i < is_null.size(); ++i) {
    if (is_null[i]) bit_util::ClearBit(bits, static_cast<int64_t>(i));
  }
  v->FinishValidity();
}

// Fixed-width values of C type T (int32 for dates, int64 for timestamps, __int128 for
// decimals, float/double).
template <typename T>
columnar::VectorPtr Fixed(columnar::TypePtr type, const std::vector<std::optional<T>>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v = columnar::Vector::Make(std::move(type), n);
  std::vector<bool> nulls(values.size());
  T* out = v->mutable_values()->template mutable_as<T>();
  for (int64_t i = 0; i < n; ++i) {
    out[i] = values[i] ? *values[i] : T{};
    nulls[i] = !values[i];
  }
  SetNulls(v.get(), nulls);
  return v;
}

inline columnar::VectorPtr Strings(const std::vector<std::optional<std::string>>& values,
                                   columnar::TypePtr type = columnar::DataType::String()) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v = columnar::Vector::Make(std::move(type), n);
  std::string data;
  std::vector<bool> nulls(values.size());
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    offsets[i] = static_cast<int64_t>(data.size());
    if (values[i]) data += *values[i];
    nulls[i] = !values[i];
  }
  offsets[n] = static_cast<int64_t>(data.size());
  v->set_data(columnar::Buffer::CopyOf(data.data(), static_cast<int64_t>(data.size())));
  SetNulls(v.get(), nulls);
  return v;
}

inline columnar::VectorPtr Bools(const std::vector<std::optional<bool>>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v =
      columnar::Vector::Make(columnar::DataType::Primitive(columnar::TypeId::kBoolean), n);
  std::vector<bool> nulls(values.size());
  for (int64_t i = 0; i < n; ++i) {
    if (values[i] && *values[i]) bit_util::SetBit(v->mutable_values()->mutable_data(), i);
    nulls[i] = !values[i];
  }
  SetNulls(v.get(), nulls);
  return v;
}

// A struct of `children` (each of length is_null.size()).
inline columnar::VectorPtr Struct(columnar::TypePtr type, std::vector<columnar::VectorPtr> children,
                                  const std::vector<bool>& is_null) {
  auto v = std::make_shared<columnar::Vector>(std::move(type),
                                              static_cast<int64_t>(is_null.size()));
  v->mutable_children() = std::move(children);
  SetNulls(v.get(), is_null);
  return v;
}

inline columnar::BatchPtr MakeBatch(const columnar::SchemaPtr& schema,
                                    std::vector<columnar::VectorPtr> columns) {
  const int64_t n = columns.empty() ? 0 : columns[0]->length();
  return std::make_shared<columnar::Batch>(schema, std::move(columns), n);
}

}  // namespace lakeml::delta::stats_testing
