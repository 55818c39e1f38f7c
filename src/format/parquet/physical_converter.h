// PhysicalConverter: turns decoded Parquet physical values (INT32, INT64, INT96, FLOAT, DOUBLE,
// BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, BOOLEAN) into the columnar type their logical annotation
// calls for: narrowing INT32 to int8/int16, sign-extending decimals to int128, INT96 to
// nanosecond timestamps, and so on. Layout-identical conversions share buffers (no copy).
//
// Stateless; thread-safe.
#pragma once

#include <string>

#include "base/result.h"
#include "columnar/vector.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

class PhysicalConverter {
 public:
  // The columnar type whose layout holds `type`'s raw values: INT32 -> int, INT64 -> bigint,
  // INT96 -> binary(12), FLOAT -> float, DOUBLE -> double, BYTE_ARRAY -> binary,
  // FIXED_LEN_BYTE_ARRAY -> binary(type_length), BOOLEAN -> boolean.
  static columnar::TypePtr StorageType(Type type, int type_length);

  // True when `target` has the same memory layout as `type`'s storage, so that decoders may
  // write straight into the target vector.
  static bool IsIdentity(Type type, const columnar::DataType& target);

  // Converts raw values (no nulls; of StorageType(type)) to `target`. `column` names the column
  // in errors, e.g. "Decimal value in column price does not fit in 38 digits".
  static Result<columnar::VectorPtr> Convert(const columnar::VectorPtr& raw, Type type,
                                             const columnar::TypePtr& target,
                                             const std::string& column);
};

}  // namespace lakeml::parquet
