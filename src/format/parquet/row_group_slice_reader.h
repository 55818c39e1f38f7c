// RowGroupSliceReader: decodes flat top-level columns of one row group a slice of rows at a
// time (e.g. 2048), straight into small per-slice vectors: no whole-row-group vectors, no slice
// copies. Memory per open row group: the column chunks' stored bytes plus one decompressed page
// and one dictionary per column.
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
  Result<columnar::BatchPtr> Next(int64_t max_rows);

 private:
  struct Column {
    explicit Column(ColumnChunkReadOptions options) : reader(options) {}
    int node = -1;  // Index into the descriptor's nodes.
    int leaf = -1;
    columnar::Buffer bytes;  // The chunk's stored bytes, reused across row groups.
    ColumnChunkReader reader;
  };

  const FileReader* reader_;
  std::vector<int> fields_;
  std::vector<std::unique_ptr<Column>> columns_;  // One per field.
  columnar::SchemaPtr schema_;                    // Of the returned batches.
  std::vector<LeafData> leaves_;                  // Indexed by leaf; only fields_' are set.
  std::string where_;                             // "file: row group N", for errors.
  int64_t rows_left_ = 0;
};

}  // namespace lakeml::parquet
