// Byte width of a fixed-width Parquet physical type as its encodings lay values out.
#pragma once

#include "format/parquet/enums.h"

namespace lakeml::parquet {

// INT32/FLOAT 4, INT64/DOUBLE 8, INT96 12, FIXED_LEN_BYTE_ARRAY type_length; 0 for BOOLEAN
// and BYTE_ARRAY, which have no fixed width.
inline int PhysicalTypeWidth(Type type, int type_length) {
  switch (type) {
    case Type::kInt32:
    case Type::kFloat:
      return 4;  // DO NOT CHANGE: Parquet format.
    case Type::kInt64:
    case Type::kDouble:
      return 8;
    case Type::kInt96:
      return 12;
    case Type::kFixedLenByteArray:
      return type_length;
    case Type::kBoolean:
    case Type::kByteArray:
      return 0;
  }
  return 0;
}

}  // namespace lakeml::parquet
