// FileWriter: writes columnar batches to one Parquet file.
//
// Rows are buffered (the batches are referenced, not copied) until a row group fills
// (WriterOptions::row_group_rows or row_group_bytes), then every leaf column of the row group
// is shredded, encoded and compressed, in parallel on a thread pool unless num_threads == 1,
// and the chunks are appended to the file in schema order. Close() writes the page index
// (when asked) and the footer; the file is a valid Parquet file only after Close() returns OK.
//
// Usage:
//   LAKEML_ASSIGN_OR_RETURN(auto w, FileWriter::Open(fs, "x.parquet", schema, options));
//   LAKEML_RETURN_IF_ERROR(w->Write(batch));  // any number of times
//   LAKEML_RETURN_IF_ERROR(w->Close());
//   const FileMetaData& m = w->metadata();     // row groups and statistics as written
//
// After an error the writer is failed: every later call returns that error. A writer
// destroyed without Close() leaves an incomplete file behind. Not thread-safe: one owner
// calls Write and Close (the parallelism is internal).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "base/thread_pool.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "format/parquet/metadata.h"
#include "format/parquet/writer/column_chunk_writer.h"
#include "format/parquet/writer/level_shredder.h"
#include "format/parquet/writer/writer_options.h"
#include "format/parquet/writer/writer_schema.h"
#include "io/file_system.h"

namespace lakeml::parquet {

class FileWriter {
 public:
  // Creates (or truncates) `path` on `fs` and writes the leading magic. InvalidArgument for
  // bad options or a schema Parquet cannot hold (see WriterSchema).
  // REQUIRES: `fs` outlives the writer.
  static Result<std::unique_ptr<FileWriter>> Open(io::FileSystem* fs, const std::string& path,
                                                  columnar::SchemaPtr schema,
                                                  WriterOptions options);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Appends the batch's rows. An empty batch is a no-op.
  // REQUIRES: the batch's columns have the writer's schema (checked: InvalidArgument).
  Status Write(const columnar::Batch& batch);
  // Flushes buffered rows and writes the page index and the footer.
  Status Close();

  // The footer: after Close() what the file holds; before it, the row groups written so far.
  const FileMetaData& metadata() const { return metadata_; }
  // Bytes appended to the file so far.
  int64_t bytes_written() const { return offset_; }
  const WriterSchema& schema() const { return writer_schema_; }

 private:
  struct PendingSlice {
    columnar::Batch batch;
    int64_t begin;
    int64_t end;
  };
  struct Leaf {
    LevelShredder shredder;
    std::unique_ptr<ColumnChunkWriter> writer;
  };
  struct ChunkIndexes {
    std::optional<ColumnIndex> column_index;
    OffsetIndex offset_index;
  };

  FileWriter(columnar::SchemaPtr schema, WriterOptions options, WriterSchema writer_schema,
             std::unique_ptr<io::WritableFile> file);

  Status CheckBatch(const columnar::Batch& batch) const;
  Status WriteImpl(const columnar::Batch& batch);
  Status CloseImpl();
  Status FlushRowGroup();
  Status EncodeLeaf(size_t leaf);
  Status WritePageIndex();
  Status Append(std::string_view bytes);

  columnar::SchemaPtr schema_;
  WriterOptions options_;
  WriterSchema writer_schema_;
  std::unique_ptr<io::WritableFile> file_;
  std::unique_ptr<ThreadPool> pool_;
  std::vector<Leaf> leaves_;

  std::vector<PendingSlice> pending_;
  int64_t pending_rows_ = 0;
  double pending_bytes_ = 0;

  int64_t offset_ = 0;
  FileMetaData metadata_;
  std::vector<std::vector<ChunkIndexes>> page_indexes_;  // [row group][leaf]
  Status error_;
  bool closed_ = false;
};

}  // namespace lakeml::parquet
