// PhysicalValues: a batch of non-null Parquet physical values, densely packed, as the column
// chunk writer encodes them. A view: it points into a columnar vector or into a
// ValueGatherer's scratch buffers and is valid until the next gather.
#pragma once

#include <cstdint>

namespace lakeml::parquet {

struct PhysicalValues {
  int64_t count = 0;
  // INT32, INT64, FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY: count * width bytes, little-endian
  // numbers or raw fixed-length bytes.
  const uint8_t* fixed = nullptr;
  // BOOLEAN: bits [bit_offset, bit_offset + count) of an LSB-first bitmap.
  const uint8_t* bits = nullptr;
  int64_t bit_offset = 0;
  // BYTE_ARRAY: value i is data[offsets[i], offsets[i + 1]); offsets has count + 1 entries.
  const int64_t* offsets = nullptr;
  const uint8_t* data = nullptr;
};

}  // namespace lakeml::parquet
