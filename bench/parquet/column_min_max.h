// ColumnMinMax: count(col), min(col), max(col) of one flat column, fed vector by vector: the
// same work as the DuckDB query the scan benchmark compares against (see duckdb_bench.mjs), so
// both engines must look at every decoded value. Strings compare bytewise, as DuckDB's VARCHAR.
// Header-only (see bench_process.h). Not thread-safe: one per thread, then Merge().
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>

#include "base/bit_util.h"
#include "bench_process.h"  // Same directory: bench/ is not on the include path.
#include "columnar/vector.h"

namespace lakeml::bench {

class ColumnMinMax {
 public:
  void Update(const columnar::Vector& v) {
    using columnar::TypeId;
    const int64_t n = v.length();
    const uint8_t* valid = v.null_count() > 0 && v.validity() ? v.validity()->data() : nullptr;
    switch (v.type()->id()) {
      case TypeId::kInt8: return UpdateInt(v.values_as<int8_t>(), valid, n);
      case TypeId::kInt16: return UpdateInt(v.values_as<int16_t>(), valid, n);
      case TypeId::kInt32:
      case TypeId::kDate32: return UpdateInt(v.values_as<int32_t>(), valid, n);
      case TypeId::kInt64:
      case TypeId::kTime64:
      case TypeId::kTimestamp: return UpdateInt(v.values_as<int64_t>(), valid, n);
      case TypeId::kUInt8: return UpdateInt(v.values_as<uint8_t>(), valid, n);
      case TypeId::kUInt16: return UpdateInt(v.values_as<uint16_t>(), valid, n);
      case TypeId::kUInt32: return UpdateInt(v.values_as<uint32_t>(), valid, n);
      case TypeId::kFloat32: return UpdateFloat(v.values_as<float>(), valid, n);
      case TypeId::kFloat64: return UpdateFloat(v.values_as<double>(), valid, n);
      case TypeId::kString:
      case TypeId::kBinary: return UpdateString(v, valid, n);
      default: count_ += n - v.null_count(); return;  // Not in the benchmark's schema.
    }
  }

  void Merge(const ColumnMinMax& o) {
    count_ += o.count_;
    kind_ = o.kind_ == Kind::kNone ? kind_ : o.kind_;
    imin_ = std::min(imin_, o.imin_);
    imax_ = std::max(imax_, o.imax_);
    fmin_ = std::min(fmin_, o.fmin_);
    fmax_ = std::max(fmax_, o.fmax_);
    if (o.has_string_ && (!has_string_ || o.smin_ < smin_)) smin_ = o.smin_;
    if (o.has_string_ && (!has_string_ || o.smax_ > smax_)) smax_ = o.smax_;
    has_string_ = has_string_ || o.has_string_;
  }

  // JSON fragment: count, min, max (null min/max when the column has no values).
  std::string ToJson() const {
    std::string out = std::to_string(count_) + ",";
    if (count_ == 0) return out + "null,null";
    char buf[64];
    switch (kind_) {
      case Kind::kInt:
        return out + std::to_string(imin_) + "," + std::to_string(imax_);
      case Kind::kFloat:
        std::snprintf(buf, sizeof(buf), "%.17g,%.17g", fmin_, fmax_);
        return out + buf;
      case Kind::kString:
        return out + BenchProcess::JsonString(smin_) + "," + BenchProcess::JsonString(smax_);
      case Kind::kNone:
        break;
    }
    return out + "null,null";
  }

 private:
  enum class Kind { kNone, kInt, kFloat, kString };

  template <typename T>
  void UpdateInt(const T* values, const uint8_t* valid, int64_t n) {
    kind_ = Kind::kInt;
    int64_t lo = imin_, hi = imax_;
    if (valid == nullptr) {
      for (int64_t i = 0; i < n; ++i) {
        const int64_t x = values[i];
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
      count_ += n;
    } else {
      int64_t c = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (!bit_util::GetBit(valid, i)) continue;
        const int64_t x = values[i];
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ++c;
      }
      count_ += c;
    }
    imin_ = lo;
    imax_ = hi;
  }

  template <typename T>
  void UpdateFloat(const T* values, const uint8_t* valid, int64_t n) {
    kind_ = Kind::kFloat;
    double lo = fmin_, hi = fmax_;
    int64_t c = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (valid != nullptr && !bit_util::GetBit(valid, i)) continue;
      const double x = values[i];
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
      ++c;
    }
    count_ += c;
    fmin_ = lo;
    fmax_ = hi;
  }

  void UpdateString(const columnar::Vector& v, const uint8_t* valid, int64_t n) {
    kind_ = Kind::kString;
    const int64_t* offsets = v.offsets();
    const char* data = v.data() ? reinterpret_cast<const char*>(v.data()->data()) : "";
    // Candidates are views into the vector; copied into the owned strings once per vector.
    std::string_view lo, hi;
    bool any = false;
    int64_t c = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (valid != nullptr && !bit_util::GetBit(valid, i)) continue;
      const std::string_view s(data + offsets[i], offsets[i + 1] - offsets[i]);
      if (!any) {
        lo = hi = s;
        any = true;
      } else if (s < lo) {
        lo = s;
      } else if (s > hi) {
        hi = s;
      }
      ++c;
    }
    count_ += c;
    if (!any) return;
    if (!has_string_ || lo < smin_) smin_.assign(lo);
    if (!has_string_ || hi > smax_) smax_.assign(hi);
    has_string_ = true;
  }

  Kind kind_ = Kind::kNone;
  int64_t count_ = 0;
  int64_t imin_ = std::numeric_limits<int64_t>::max();
  int64_t imax_ = std::numeric_limits<int64_t>::min();
  double fmin_ = std::numeric_limits<double>::infinity();
  double fmax_ = -std::numeric_limits<double>::infinity();
  bool has_string_ = false;
  std::string smin_, smax_;
};

}  // namespace lakeml::bench
