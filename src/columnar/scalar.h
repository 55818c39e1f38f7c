// Scalar: one typed value (or a typed null), for literals, partition values and statistics
// bounds. The payload member used depends on the type's storage:
//   kBoolean                                   b
//   signed ints, kDate32, kTime64, kTimestamp  i (the stored integer: days, ticks in `unit`)
//   unsigned ints                              u
//   kFloat16 (as float), kFloat32, kFloat64    d
//   kDecimal                                   dec (unscaled)
//   kString, kBinary, kFixedSizeBinary         bytes
// Nested types are not representable. Plain value; thread-safe to read.
#pragma once

#include <cstdint>
#include <string>

#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

struct Scalar {
  TypePtr type;
  bool is_null = true;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  __int128 dec = 0;
  std::string bytes;

  static Scalar Null(TypePtr type);
  static Scalar Bool(bool v);
  // Any signed integer, date, time or timestamp type: `v` is the stored value.
  static Scalar Int(TypePtr type, int64_t v);
  static Scalar UInt(TypePtr type, uint64_t v);
  static Scalar Double(TypePtr type, double v);
  static Scalar Decimal(TypePtr type, __int128 unscaled);
  static Scalar Bytes(TypePtr type, std::string v);
  // The value at `row` of a vector of a non-nested type. REQUIRES: row < v.length().
  static Scalar FromVector(const Vector& v, int64_t row);

  // Total order between two non-null scalars of the same type: -1, 0, 1. Floats order NaN
  // last; strings and binaries compare as unsigned bytes. REQUIRES: both non-null and of
  // types with the same storage.
  int Compare(const Scalar& other) const;
  // A display form for error messages and tests ("42", "2024-01-31", "abc", "NULL").
  std::string ToString() const;
};

}  // namespace lakeml::columnar
