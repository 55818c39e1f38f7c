// FileReader: reads a Parquet file into columnar Batches, one row group at a time.
//
// Open() reads and validates the footer and resolves the schema. ReadRowGroup() decodes the
// projected columns of one row group on a thread pool (one task per leaf column); memory is
// proportional to one row group of the projected columns, never to the whole file. Scan()
// streams row groups in order, decoding the next one while the caller consumes the current one,
// and skips row groups whose statistics exclude a predicate.
//
// Thread-safety: after Open(), ReadRowGroup() and the metadata accessors may be called from
// several threads at once. A BatchStream from Scan() has one owner.
// Errors name the file, row group, column and page, e.g.
//   "data.parquet: row group 0, column price: page 3: Page CRC mismatch: ..."
#pragma once

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/thread_pool.h"
#include "columnar/batch.h"
#include "format/parquet/bloom_filter.h"
#include "format/parquet/metadata.h"
#include "format/parquet/row_group_filter.h"
#include "format/parquet/schema_descriptor.h"
#include "io/file_system.h"

namespace lakeml::parquet {

class ColumnChunkCache;

struct ReaderOptions {
  bool verify_checksums = true;
  // Threads decoding columns; 0 = one per core, 1 = decode on the calling thread.
  int num_threads = 0;
  // Decompressed column chunks are looked up here and added on a miss (slice reads of files
  // whose identity the file system knows); null = no cache. Must outlive the reader.
  ColumnChunkCache* chunk_cache = nullptr;
};

struct ScanOptions {
  std::vector<std::string> columns;         // Top-level field names; empty = every field.
  std::vector<ColumnPredicate> predicates;  // Conjunction; rows may still need filtering.
  // Read no further row groups once this many rows were returned (-1 = all). The last
  // batch may hold more rows than the limit: callers trim.
  int64_t limit = -1;
};

class BatchStream;
class RowGroupSliceReader;
class SliceFilter;

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(io::FileSystem* fs, const std::string& path,
                                                  ReaderOptions options = {});
  static Result<std::unique_ptr<FileReader>> Open(std::unique_ptr<io::RandomAccessFile> file,
                                                  ReaderOptions options = {});
  ~FileReader();

  const std::string& path() const { return file_->path(); }
  const ReaderOptions& options() const { return options_; }
  const FileMetaData& metadata() const { return metadata_; }
  const SchemaDescriptor& descriptor() const { return *descriptor_; }
  const columnar::SchemaPtr& schema() const { return descriptor_->schema(); }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  // Rows in all row groups (the footer's num_rows is not trusted: some writers leave it 0).
  int64_t num_rows() const;
  int64_t file_size() const { return file_size_; }
  // The file's RandomAccessFile::Identity() when options().chunk_cache is set and enabled, else
  // empty (chunks of this reader are then not cached).
  const std::string& identity() const { return identity_; }

  // Indexes into schema() of the named top-level fields; NotFound names a missing column and
  // the ones that exist.
  Result<std::vector<int>> ResolveColumns(const std::vector<std::string>& names) const;

  // Reads the stored bytes of column chunk `leaf` of row group `row_group` (from its first page)
  // into *out, reusing its memory; empty for a chunk without values.
  Status ReadColumnChunk(int row_group, int leaf, columnar::Buffer* out) const;

  // Decodes the given top-level fields (indexes into schema()) of row group `row_group`.
  Result<columnar::BatchPtr> ReadRowGroup(int row_group, const std::vector<int>& fields) const;

  // True if row group `row_group` may hold rows matching every predicate, judged from its
  // column statistics (and the ColumnOrder rules for when they can be trusted).
  Result<bool> RowGroupMayMatch(int row_group, const std::vector<ColumnPredicate>& preds) const;

  Result<std::unique_ptr<BatchStream>> Scan(ScanOptions options) const;

  // The page index of a leaf column, if the file has one (NotFound otherwise).
  Result<ColumnIndex> ReadColumnIndex(int row_group, int leaf) const;
  Result<OffsetIndex> ReadOffsetIndex(int row_group, int leaf) const;
  // The bloom filter of a leaf column chunk (NotFound if it has none).
  Result<BloomFilter> ReadBloomFilter(int row_group, int leaf) const;

  // OK if bytes [offset, offset + n) lie between the leading magic and the footer tail.
  Status CheckRange(int64_t offset, int64_t n, std::string_view what) const;
  // Reads raw bytes [offset, offset + n) after checking they lie within the file.
  Status ReadRange(int64_t offset, int64_t n, std::string* out, std::string_view what) const;

 private:
  FileReader() = default;
  Status Init();
  Status ReadLeaf(int row_group, int leaf, struct LeafData* out) const;

  std::unique_ptr<io::RandomAccessFile> file_;
  ReaderOptions options_;
  int64_t file_size_ = 0;
  std::string identity_;
  int64_t footer_size_ = 0;
  bool padded_chunks_ = false;  // See WrittenByOldParquetMr().
  FileMetaData metadata_;
  std::unique_ptr<SchemaDescriptor> descriptor_;
  std::unique_ptr<ThreadPool> pool_;
};

// BatchStream: the row groups of a Scan, in file order, one Batch per row group; or, with
// batch_rows > 0 and only flat columns, batches of at most batch_rows rows decoded slice by
// slice (see RowGroupSliceReader; no read-ahead thread then).
class BatchStream {
 public:
  BatchStream(const FileReader* reader, std::vector<int> row_groups, std::vector<int> fields,
              int64_t limit, int64_t batch_rows = 0);
  ~BatchStream();
  // The next batch, or nullptr at the end.
  Result<columnar::BatchPtr> Next();
  // Pushes a row filter into slice decoding (see RowGroupSliceReader::set_filter): later
  // batches hold only rows that may pass it. False (and no filter) when the stream does not
  // decode slices or the filter's inputs are not among its fields.
  bool SetSliceFilter(std::unique_ptr<SliceFilter> filter);
  // Row groups skipped by statistics.
  int skipped_row_groups() const { return skipped_; }
  void set_skipped_row_groups(int n) { skipped_ = n; }

 private:
  void Prefetch();

  const FileReader* reader_;
  std::vector<int> row_groups_;
  std::vector<int> fields_;
  int64_t remaining_;
  size_t next_ = 0;
  int skipped_ = 0;
  std::future<Result<columnar::BatchPtr>> pending_;
  int64_t batch_rows_ = 0;
  std::unique_ptr<RowGroupSliceReader> slicer_;  // Set in slice mode.
};

}  // namespace lakeml::parquet
