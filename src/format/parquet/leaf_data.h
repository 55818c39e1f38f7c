// LeafData: everything decoded from one leaf column chunk: its definition and repetition levels
// and its non-null values, densely packed, already in the leaf's columnar type.
//
// Produced by ColumnChunkReader, consumed by RecordAssembler. Plain value type; one owner.
#pragma once

#include <cstdint>

#include "columnar/buffer.h"
#include "columnar/vector.h"

namespace lakeml::parquet {

struct LeafData {
  int64_t num_levels = 0;          // Level entries (one per leaf slot, null or not).
  columnar::BufferPtr def_levels;  // int16_t[num_levels]; null when the leaf's max_def == 0.
  columnar::BufferPtr rep_levels;  // int16_t[num_levels]; null when the leaf's max_rep == 0.
  columnar::VectorPtr values;  // The non-null values, no validity, length = count(def == max_def).

  const int16_t* def() const { return def_levels ? def_levels->as<int16_t>() : nullptr; }
  const int16_t* rep() const { return rep_levels ? rep_levels->as<int16_t>() : nullptr; }
};

}  // namespace lakeml::parquet
