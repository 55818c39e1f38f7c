// VectorBuilder: appends values row by row into a columnar Vector of any type (see
// columnar/vector.h for the layout), for the checkpoint writer, which turns actions into
// columns one action at a time.
//
// Nested types build through their children: a struct row is appended by appending exactly one
// value (or null) to every child and then calling AppendStruct(); a list or map row by appending
// its elements (map: keys to child(0), values to child(1)) and then calling AppendList().
// AppendNull() works for every type (a null struct gets a null in every child, as Arrow needs).
//
// One owner; not thread-safe. Finish() hands the vector over and leaves the builder empty.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "columnar/buffer.h"
#include "columnar/data_type.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"

namespace lakeml::delta {

class VectorBuilder {
 public:
  explicit VectorBuilder(columnar::TypePtr type);
  ~VectorBuilder();
  VectorBuilder(const VectorBuilder&) = delete;
  VectorBuilder& operator=(const VectorBuilder&) = delete;

  const columnar::TypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  size_t num_children() const { return children_.size(); }
  VectorBuilder& child(size_t i) { return *children_[i]; }

  void AppendNull();
  // REQUIRES: boolean type.
  void AppendBool(bool v);
  // REQUIRES: a fixed-width type whose values are stored as T (int32 for int/date, int64 for
  // bigint/timestamp, double, __int128 for decimals, ...).
  template <typename T>
  void AppendFixed(T v) {
    LAKEML_DCHECK(type_->fixed_width() == static_cast<int>(sizeof(T)));
    const int64_t at = length_ * static_cast<int64_t>(sizeof(T));
    values_->Resize(at + static_cast<int64_t>(sizeof(T)));
    std::memcpy(values_->mutable_data() + at, &v, sizeof(T));
    AppendValidity(true);
  }
  // REQUIRES: string or binary type.
  void AppendString(std::string_view v);
  // REQUIRES: struct type; every child holds length() + 1 values.
  void AppendStruct();
  // REQUIRES: list or map type; closes one row holding the children's values appended since
  // the previous row.
  void AppendList();
  // Appends a non-nested scalar of this builder's type (null scalars append a null).
  // REQUIRES: the scalar's storage matches the type (see columnar/scalar.h).
  void AppendScalar(const columnar::Scalar& s);

  // The built vector; the builder is left empty (length 0) and may be reused.
  columnar::VectorPtr Finish();

 private:
  void Reset();
  void AppendValidity(bool valid);
  int64_t ChildLength() const;

  columnar::TypePtr type_;
  int64_t length_ = 0;
  columnar::BufferPtr validity_;  // Allocated at the first null.
  columnar::BufferPtr values_;    // Fixed-width values, bits, or length + 1 int64 offsets.
  columnar::BufferPtr data_;      // String and binary bytes.
  std::vector<std::unique_ptr<VectorBuilder>> children_;
};

}  // namespace lakeml::delta
