// ColumnBuilder: appends the values of one generated column (int32, int64, date, decimal or
// string; never null) and hands them over as a columnar::Vector. One owner; not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "columnar/buffer.h"
#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::tpch {

class ColumnBuilder {
 public:
  // `expected_rows` only sizes the first allocation.
  ColumnBuilder(columnar::TypePtr type, int64_t expected_rows);

  void AppendInt32(int32_t v) { AppendFixed(&v, sizeof(v)); }
  void AppendInt64(int64_t v) { AppendFixed(&v, sizeof(v)); }
  void AppendDate(int32_t days_since_epoch) { AppendFixed(&days_since_epoch, 4); }
  // decimal(p, 2): the value in hundredths.
  void AppendDecimal(int64_t unscaled) {
    const __int128 v = unscaled;
    AppendFixed(&v, sizeof(v));
  }
  void AppendString(std::string_view s) {
    data_->Append(s.data(), static_cast<int64_t>(s.size()));
    const int64_t end = data_->size();
    values_->Append(&end, sizeof(end));
    ++length_;
  }
  int64_t length() const { return length_; }

  // The vector of everything appended; the builder must not be used afterwards.
  columnar::VectorPtr Finish();

 private:
  void AppendFixed(const void* p, int n) {
    values_->Append(p, n);
    ++length_;
  }

  columnar::TypePtr type_;
  int64_t length_ = 0;
  columnar::BufferPtr values_;  // Values, or offsets for strings (with the leading 0).
  columnar::BufferPtr data_;    // String bytes.
};

}  // namespace lakeml::tpch
