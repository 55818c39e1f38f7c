// RowGroupSliceReader: decodes flat top-level columns of one row group a slice of rows at a
// time (e.g. 2048), straight into small per-slice vectors: no whole-row-group vectors, no slice
// copies. Memory per open row group: the column chunks' stored bytes plus one decompressed page
// and one dictionary per column; with a ColumnChunkCache (ReaderOptions::chunk_cache), the
// chunks' decompressed pages instead, shared with the cache (decision 0020).
//
// With a SliceFilter (set_filter), the filter's columns are decoded first, and the other columns
// only for slices where some row may pass; only passing rows are materialized (decision 0027).
//
// Only for flat columns (top-level primitives, not repeated): see CanSlice(); nested columns
// are read a whole row group at a time by FileReader::ReadRowGroup.
//
// Borrows the FileReader, which must outlive it. One owner; not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/buffer.h"
#include "format/parquet/column_chunk_reader.h"
#include "format/parquet/leaf_data.h"
#include "format/parquet/slice_filter.h"

namespace lakeml::parquet {

class FileReader;

class RowGroupSliceReader {
 public:
  // True if every top-level field in `fields` (indexes into the file schema) is a flat leaf.
  static bool CanSlice(const FileReader& reader, const std::vector<int>& fields);

  // REQUIRES: CanSlice(*reader, fields).
  RowGroupSliceReader(const FileReader* reader, std::vector<int> fields);
  ~RowGroupSliceReader();

  // Reads the stored bytes of row group `row_group`'s column chunks and starts decoding them.
  Status Open(int row_group);
  // Rows of the open row group not yet returned.
  int64_t rows_left() const { return rows_left_; }
  // The next min(max_rows, rows_left()) rows. REQUIRES: Open() succeeded; max_rows > 0.
  // With a filter: the rows of the next slices that may pass it, up to the first slice with
  // any (a batch of 0 rows when the row group ends without one).
  Result<columnar::BatchPtr> Next(int64_t max_rows);

  // Filters the rows of every later Next() (null: none). Ignored (false) if an input is not a
  // position among the reader's fields.
  bool set_filter(std::unique_ptr<SliceFilter> filter);

 private:
  struct Column {
    explicit Column(ColumnChunkReadOptions options) : reader(options) {}
    int node = -1;  // Index into the descriptor's nodes.
    int leaf = -1;
    columnar::Buffer bytes;  // The chunk's stored bytes, reused across row groups.
    ColumnChunkReader reader;
    ColumnSlice slice;  // The current slice.
    bool filter_input = false;
  };

  // Starts decoding column c of the row group: from ColumnChunkCache when the reader has one
  // (adding the chunk on a miss), else from its stored bytes.
  Status OpenColumn(int row_group, Column* c, const SchemaNode& leaf, const ColumnMetaData& m);
  // Decodes the next n rows of column c into c->slice, assembling values form: all rows
  // (keep_bits null), or the kept of them; none when kept == 0. Errors name the row group and
  // column.
  Status ReadColumn(Column* c, int64_t n, const uint8_t* keep_bits = nullptr, int64_t kept = -1);
  // Decodes one slice of n rows: the filter's columns, then (if any row passes) the others.
  // Sets *kept, and bits_ when some rows fail.
  Status ReadSlice(int64_t n, int64_t* kept);

  const FileReader* reader_;
  std::vector<int> fields_;
  std::vector<std::unique_ptr<Column>> columns_;  // One per field.
  columnar::SchemaPtr schema_;                    // Of the returned batches.
  std::vector<LeafData> leaves_;                  // Indexed by leaf; only fields_' are set.
  std::string where_;                             // "file: row group N", for errors.
  int64_t rows_left_ = 0;
  std::unique_ptr<SliceFilter> filter_;
  std::vector<const ColumnSlice*> slices_;  // Per field: its column's slice (for the filter).
  std::vector<uint8_t> keep_;               // Filter output, a byte per row.
  std::vector<uint8_t> bits_;               // keep_ as a bitmap.
  std::vector<uint32_t> selection_;         // keep_ as the positions of its ones.
};

}  // namespace lakeml::parquet
