// Vector: one column of values in Arrow's memory layout (see data_type.h for the layout of
// each type). Owns its buffers through shared pointers, so vectors can share them.
//
// A Vector is built by one owner through the mutable accessors, then published (usually inside
// a Batch) and from then on only read; reads are thread-safe.
//
// Buffers:
//   validity  bitmap, 1 = valid; null when every value is valid (null_count == 0).
//   values    fixed-width values, bit-packed booleans, or int64 offsets (length + 1 entries)
//             for string, binary, list and map.
//   data      bytes of string and binary values.
//   children  list: {element}; map: {key, value}; struct: one per field.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/bit_util.h"
#include "columnar/buffer.h"
#include "columnar/data_type.h"

namespace lakeml::columnar {

class Vector;
using VectorPtr = std::shared_ptr<Vector>;

class Vector {
 public:
  Vector(TypePtr type, int64_t length) : type_(std::move(type)), length_(length) {}

  // Allocates the buffers a vector of `type` and `length` needs (no validity, children empty
  // with length 0; string data empty). Offsets and values are uninitialized.
  static VectorPtr Make(TypePtr type, int64_t length);
  // A vector of `length` nulls, of any type (children are built recursively).
  static VectorPtr MakeNull(TypePtr type, int64_t length);

  const TypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  bool IsValid(int64_t i) const { return !validity_ || bit_util::GetBit(validity_->data(), i); }
  bool IsNull(int64_t i) const { return !IsValid(i); }

  const BufferPtr& validity() const { return validity_; }
  const BufferPtr& values() const { return values_; }
  const BufferPtr& data() const { return data_; }
  const std::vector<VectorPtr>& children() const { return children_; }
  const VectorPtr& child(size_t i) const { return children_[i]; }

  template <typename T>
  const T* values_as() const {
    return values_->as<T>();
  }
  const int64_t* offsets() const { return values_->as<int64_t>(); }
  // REQUIRES: type is string or binary, i < length()
  std::string_view GetView(int64_t i) const {
    const int64_t* o = offsets();
    return std::string_view(reinterpret_cast<const char*>(data_->data()) + o[i], o[i + 1] - o[i]);
  }
  // REQUIRES: type is fixed-size binary, i < length()
  std::string_view GetFixedView(int64_t i) const {
    const int w = type_->byte_width();
    return std::string_view(reinterpret_cast<const char*>(values_->data()) + i * w, w);
  }
  // REQUIRES: type is boolean, i < length()
  bool GetBool(int64_t i) const { return bit_util::GetBit(values_->data(), i); }

  // Building.
  void set_length(int64_t length) { length_ = length; }
  void set_null_count(int64_t n) { null_count_ = n; }
  void set_validity(BufferPtr b) { validity_ = std::move(b); }
  void set_values(BufferPtr b) { values_ = std::move(b); }
  void set_data(BufferPtr b) { data_ = std::move(b); }
  std::vector<VectorPtr>& mutable_children() { return children_; }
  Buffer* mutable_values() { return values_.get(); }
  Buffer* mutable_data() { return data_.get(); }
  // Allocates an all-valid validity bitmap if there is none, and returns it.
  Buffer* EnsureValidity();
  // Recomputes null_count from the validity bitmap and drops the bitmap when no value is null.
  void FinishValidity();

 private:
  TypePtr type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  BufferPtr validity_;
  BufferPtr values_;
  BufferPtr data_;
  std::vector<VectorPtr> children_;
};

}  // namespace lakeml::columnar
