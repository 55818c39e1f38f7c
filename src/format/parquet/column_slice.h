// ColumnSlice: the next rows of one flat column as ColumnChunkReader::ReadSlice decodes them,
// before they become a Vector: either dictionary indices (one per row) into the chunk's
// dictionary already converted to the column's type, or the decoded values. A scan evaluates
// its pushed filter on slices (per dictionary entry, not per row, in dictionary form) and then
// materializes only the rows that pass (decision 0027).
//
// Owns its scratch buffers (reused slice after slice); shares the dictionary with the reader.
// One owner; not thread-safe.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "columnar/buffer.h"
#include "columnar/vector.h"
#include "format/parquet/leaf_data.h"

namespace lakeml::parquet {

struct ColumnSlice {
  int64_t rows = 0;

  // Dictionary form (dictionary != nullptr): row i is (*dictionary)[indices[i]] unless null.
  columnar::VectorPtr dictionary;  // In the column's type; no nulls; at least one entry.
  uint64_t dictionary_id = 0;      // Unique per converted dictionary in this process.
  columnar::Buffer indices;        // uint32_t[rows]; 0 for null rows.
  columnar::Buffer validity;       // LSB-first bitmap of rows; meaningful when null_count > 0.
  int64_t null_count = 0;

  // Values form: the decoded leaf (ReadSlice), then its rows as a Vector (set by the caller,
  // which assembles the leaf).
  LeafData leaf;
  columnar::VectorPtr values;
  bool selected = false;  // `values` holds only the kept rows (ReadSlice selected them).

  bool dictionary_form() const { return dictionary != nullptr; }
  const uint32_t* row_indices() const { return indices.as<uint32_t>(); }
  // Null when no row is null.
  const uint8_t* row_validity() const { return null_count > 0 ? validity.data() : nullptr; }

  // The rows whose bit is set in keep_bits (all rows when keep_bits is null) as a Vector of the
  // column's type; `selection` lists the same rows, ascending (kept entries; null with
  // keep_bits). REQUIRES: kept is the number of set bits among the first `rows`; in values
  // form, `values` is set.
  Result<columnar::VectorPtr> Materialize(const uint8_t* keep_bits, const uint32_t* selection,
                                          int64_t kept) const;

  // Element width in bytes of types a dictionary-form slice can hold: fixed-width types; -1 for
  // strings and binaries; 0 for the others (booleans, nested types), which use values form.
  static int DictionaryValueWidth(const columnar::DataType& type);
};

}  // namespace lakeml::parquet
