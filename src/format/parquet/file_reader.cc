#include "format/parquet/file_reader.h"

#include <cstdio>
#include <new>
#include <tuple>

#include "format/parquet/column_chunk_cache.h"
#include "format/parquet/column_chunk_reader.h"
#include "format/parquet/leaf_data.h"
#include "format/parquet/record_assembler.h"
#include "format/parquet/row_group_slice_reader.h"

namespace lakeml::parquet {

using columnar::Batch;
using columnar::BatchPtr;
using columnar::Field;
using columnar::Schema;
using columnar::VectorPtr;

namespace {

// File name without directories, for error messages.
std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// True for "parquet-mr version X.Y.Z" with X.Y.Z < 1.2.9 (PARQUET-816).
bool WrittenByOldParquetMr(const std::string& created_by) {
  static constexpr std::string_view kPrefix = "parquet-mr version ";
  if (created_by == "parquet-mr") return true;  // So old that it did not record a version.
  if (created_by.rfind(kPrefix, 0) != 0) return false;
  int major = 0, minor = 0, patch = 0;
  if (std::sscanf(created_by.c_str() + kPrefix.size(), "%d.%d.%d", &major, &minor, &patch) < 2) {
    return false;
  }
  return std::make_tuple(major, minor, patch) < std::make_tuple(1, 2, 9);
}

}  // namespace

Result<std::unique_ptr<FileReader>> FileReader::Open(io::FileSystem* fs, const std::string& path,
                                                     ReaderOptions options) {
  LAKEML_ASSIGN_OR_RETURN(auto file, fs->OpenForRead(path));
  return Open(std::move(file), options);
}

Result<std::unique_ptr<FileReader>> FileReader::Open(std::unique_ptr<io::RandomAccessFile> file,
                                                     ReaderOptions options) {
  auto reader = std::unique_ptr<FileReader>(new FileReader());
  reader->file_ = std::move(file);
  reader->options_ = options;
  Status s = reader->Init();
  if (!s.ok()) return s.WithContext(reader->file_->path());
  return reader;
}

FileReader::~FileReader() = default;

Status FileReader::Init() {
  LAKEML_ASSIGN_OR_RETURN(file_size_, file_->Size());
  if (options_.chunk_cache != nullptr && options_.chunk_cache->enabled()) {
    identity_ = file_->Identity();
  }
  if (file_size_ < 12) {
    return Status::Corruption("Not a Parquet file: ", file_size_,
                              " bytes is too small to hold the magic and a footer");
  }
  uint8_t head[4];
  uint8_t tail[kFooterTailSize];
  LAKEML_RETURN_IF_ERROR(file_->ReadAt(0, 4, head));
  LAKEML_RETURN_IF_ERROR(file_->ReadAt(file_size_ - kFooterTailSize, kFooterTailSize, tail));
  if (std::memcmp(head, kParquetMagic, 4) != 0 &&
      std::memcmp(head, kEncryptedFooterMagic, 4) != 0) {
    return Status::Corruption("Not a Parquet file: it does not start with PAR1");
  }
  LAKEML_ASSIGN_OR_RETURN(uint32_t footer_len, ParseFooterTail(tail, file_size_));
  std::string footer(footer_len, '\0');
  LAKEML_RETURN_IF_ERROR(file_->ReadAt(file_size_ - kFooterTailSize - footer_len, footer_len,
                                       reinterpret_cast<uint8_t*>(footer.data())));
  LAKEML_ASSIGN_OR_RETURN(
      metadata_, ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size()));
  LAKEML_ASSIGN_OR_RETURN(descriptor_, SchemaDescriptor::Make(metadata_.schema));
  footer_size_ = footer_len;
  padded_chunks_ = WrittenByOldParquetMr(metadata_.created_by.value_or(""));
  const size_t leaves = descriptor_->num_leaves();
  for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
    const RowGroup& rg = metadata_.row_groups[g];
    if (rg.columns.size() != leaves) {
      return Status::Corruption("Row group ", g, " has ", rg.columns.size(),
                                " column chunks; the schema has ", leaves, " columns");
    }
    if (rg.num_rows < 0)
      return Status::Corruption("Row group ", g, " claims ", rg.num_rows, " rows");
    for (size_t c = 0; c < leaves; ++c) {
      const ColumnMetaData& m = rg.columns[c].meta_data;
      const SchemaNode& leaf = descriptor_->leaf(static_cast<int>(c));
      if (m.type != leaf.physical_type) {
        return Status::Corruption("Row group ", g, ", column ", leaf.path, ": chunk type ",
                                  TypeName(m.type), " differs from the schema's ",
                                  TypeName(leaf.physical_type));
      }
    }
  }
  if (!metadata_.column_orders.empty() && metadata_.column_orders.size() != leaves) {
    return Status::Corruption("Footer has ", metadata_.column_orders.size(), " column orders for ",
                              leaves, " columns");
  }
  int threads = options_.num_threads == 0 ? ThreadPool::DefaultThreads() : options_.num_threads;
  if (threads > 1) pool_ = std::make_unique<ThreadPool>(threads);
  return Status::OK();
}

int64_t FileReader::num_rows() const {
  int64_t n = 0;
  for (const RowGroup& rg : metadata_.row_groups) n += rg.num_rows;
  return n;
}

Result<std::vector<int>> FileReader::ResolveColumns(const std::vector<std::string>& names) const {
  std::vector<int> out;
  for (const std::string& name : names) {
    const int i = schema()->FieldIndex(name);
    if (i < 0) {
      std::string known;
      for (const Field& f : schema()->fields()) known += (known.empty() ? "" : ", ") + f.name;
      return Status::NotFound("Column not found: ", name, " (columns: ", known, ")");
    }
    out.push_back(i);
  }
  return out;
}

Status FileReader::CheckRange(int64_t offset, int64_t n, std::string_view what) const {
  const int64_t limit = file_size_ - static_cast<int64_t>(kFooterTailSize);
  if (offset < 4 || n < 0 || offset > limit || n > limit - offset) {
    return Status::Corruption(what, " lies outside the file: offset ", offset, ", length ", n,
                              ", file size ", file_size_);
  }
  return Status::OK();
}

Status FileReader::ReadRange(int64_t offset, int64_t n, std::string* out,
                             std::string_view what) const {
  LAKEML_RETURN_IF_ERROR(CheckRange(offset, n, what));
  out->resize(n);
  return file_->ReadAt(offset, n, reinterpret_cast<uint8_t*>(out->data()));
}

Status FileReader::ReadColumnChunk(int row_group, int leaf, columnar::Buffer* out) const {
  const ColumnChunk& chunk = metadata_.row_groups[row_group].columns[leaf];
  const ColumnMetaData& m = chunk.meta_data;
  if (chunk.file_path) {
    return Status::NotImplemented("Column chunks in other files are not supported: ",
                                  *chunk.file_path);
  }
  if (m.num_values == 0) {
    // An empty chunk: some writers leave its offsets unset.
    out->Resize(0);
    return Status::OK();
  }
  int64_t start = m.data_page_offset;
  // Some writers store 0 for "no dictionary page"; a real one always precedes the data pages.
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  int64_t length = m.total_compressed_size;
  if (padded_chunks_) {
    // PARQUET-816: parquet-mr before 1.2.9 under-counted chunks that have a dictionary page.
    // Like Arrow, read up to 100 bytes more, within the file's data area.
    const int64_t data_end = file_size_ - static_cast<int64_t>(kFooterTailSize) - footer_size_;
    length = std::max<int64_t>(length, std::min<int64_t>(length + 100, data_end - start));
  }
  LAKEML_RETURN_IF_ERROR(CheckRange(start, length, "Column chunk"));
  out->Resize(length);
  return file_->ReadAt(start, length, out->mutable_data());
}

Status FileReader::ReadLeaf(int row_group, int leaf, LeafData* out) const {
  const ColumnMetaData& m = metadata_.row_groups[row_group].columns[leaf].meta_data;
  if (m.num_values == 0 && !metadata_.row_groups[row_group].columns[leaf].file_path) {
    out->num_levels = 0;
    const SchemaNode& node = descriptor_->leaf(leaf);
    if (node.max_def > 0) out->def_levels = columnar::Buffer::Allocate(0);
    if (node.max_rep > 0) out->rep_levels = columnar::Buffer::Allocate(0);
    out->values = columnar::Vector::Make(node.type, 0);
    return Status::OK();
  }
  // A pooled buffer, not a std::string: no zero-fill, and the memory is reused across row groups.
  columnar::Buffer bytes;
  LAKEML_RETURN_IF_ERROR(ReadColumnChunk(row_group, leaf, &bytes));
  ColumnChunkReadOptions opts;
  opts.verify_checksums = options_.verify_checksums;
  ColumnChunkReader reader(opts);
  try {
    LAKEML_ASSIGN_OR_RETURN(*out,
                            reader.Read(descriptor_->leaf(leaf), m, bytes.data(), bytes.size()));
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("Out of memory decoding the column chunk");
  }
  return Status::OK();
}

Result<BatchPtr> FileReader::ReadRowGroup(int row_group, const std::vector<int>& fields) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return Status::OutOfRange("Row group ", row_group, " does not exist; the file has ",
                              num_row_groups());
  }
  const std::string where = StrCat(BaseName(path()), ": row group ", row_group);
  const int64_t rows = metadata_.row_groups[row_group].num_rows;
  std::vector<LeafData> leaves(descriptor_->num_leaves());
  {
    TaskGroup tasks(pool_.get());
    for (int f : fields) {
      for (int leaf : descriptor_->node(descriptor_->top_level()[f]).leaves) {
        tasks.Run([this, row_group, leaf, &leaves, &where]() -> Status {
          Status s = ReadLeaf(row_group, leaf, &leaves[leaf]);
          return s.WithContext(where, ", column ", descriptor_->leaf(leaf).path);
        });
      }
    }
    LAKEML_RETURN_IF_ERROR(tasks.Wait());
  }
  std::vector<VectorPtr> columns;
  std::vector<Field> schema_fields;
  RecordAssembler assembler(descriptor_->nodes(), leaves);
  for (int f : fields) {
    const int node = descriptor_->top_level()[f];
    Result<VectorPtr> v = assembler.Assemble(node);
    if (!v.ok()) return v.status().WithContext(where, ", column ", descriptor_->node(node).name);
    if ((*v)->length() != rows) {
      return Status::Corruption(where, ", column ", descriptor_->node(node).name, ": has ",
                                (*v)->length(), " rows; the row group has ", rows);
    }
    columns.push_back(std::move(*v));
    schema_fields.push_back(schema()->field(f));
  }
  auto schema = std::make_shared<Schema>(std::move(schema_fields));
  return std::make_shared<Batch>(std::move(schema), std::move(columns), rows);
}

Result<bool> FileReader::RowGroupMayMatch(int row_group,
                                          const std::vector<ColumnPredicate>& preds) const {
  const RowGroup& rg = metadata_.row_groups[row_group];
  for (const ColumnPredicate& p : preds) {
    LAKEML_ASSIGN_OR_RETURN(std::vector<int> idx, ResolveColumns({p.column}));
    const SchemaNode& node = descriptor_->node(descriptor_->top_level()[idx[0]]);
    if (node.kind != SchemaNode::Kind::kLeaf) {
      return Status::InvalidArgument("Predicates apply to primitive columns; ", p.column, " is ",
                                     node.type->ToString());
    }
    const ColumnMetaData& m = rg.columns[node.leaf_index].meta_data;
    if (!m.statistics) continue;
    const ColumnOrder order = metadata_.column_orders.empty()
                                  ? ColumnOrder::kTypeOrder
                                  : metadata_.column_orders[node.leaf_index];
    ChunkBounds bounds = StatisticsBounds::Decode(node, *m.statistics, order, m.num_values);
    StatValue literal;
    if (p.op != ColumnPredicate::Op::kIsNull && p.op != ColumnPredicate::Op::kIsNotNull) {
      LAKEML_ASSIGN_OR_RETURN(literal, StatisticsBounds::ParseLiteral(node, p.literal));
    }
    if (!StatisticsBounds::MayMatch(bounds, p.op, literal)) return false;
  }
  return true;
}

Result<std::unique_ptr<BatchStream>> FileReader::Scan(ScanOptions options) const {
  std::vector<int> fields;
  if (options.columns.empty()) {
    for (size_t i = 0; i < schema()->num_fields(); ++i) fields.push_back(static_cast<int>(i));
  } else {
    LAKEML_ASSIGN_OR_RETURN(fields, ResolveColumns(options.columns));
  }
  std::vector<int> groups;
  int skipped = 0;
  for (int g = 0; g < num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(bool may, RowGroupMayMatch(g, options.predicates));
    if (may) {
      groups.push_back(g);
    } else {
      ++skipped;
    }
  }
  auto stream =
      std::make_unique<BatchStream>(this, std::move(groups), std::move(fields), options.limit);
  stream->set_skipped_row_groups(skipped);
  return stream;
}

Result<ColumnIndex> FileReader::ReadColumnIndex(int row_group, int leaf) const {
  const ColumnChunk& c = metadata_.row_groups.at(row_group).columns.at(leaf);
  if (!c.column_index_offset || !c.column_index_length) {
    return Status::NotFound("Column ", descriptor_->leaf(leaf).path, " has no column index");
  }
  std::string bytes;
  LAKEML_RETURN_IF_ERROR(
      ReadRange(*c.column_index_offset, *c.column_index_length, &bytes, "Column index"));
  return ParseColumnIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Result<OffsetIndex> FileReader::ReadOffsetIndex(int row_group, int leaf) const {
  const ColumnChunk& c = metadata_.row_groups.at(row_group).columns.at(leaf);
  if (!c.offset_index_offset || !c.offset_index_length) {
    return Status::NotFound("Column ", descriptor_->leaf(leaf).path, " has no offset index");
  }
  std::string bytes;
  LAKEML_RETURN_IF_ERROR(
      ReadRange(*c.offset_index_offset, *c.offset_index_length, &bytes, "Offset index"));
  return ParseOffsetIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Result<BloomFilter> FileReader::ReadBloomFilter(int row_group, int leaf) const {
  const ColumnMetaData& m = metadata_.row_groups.at(row_group).columns.at(leaf).meta_data;
  if (!m.bloom_filter_offset) {
    return Status::NotFound("Column ", descriptor_->leaf(leaf).path, " has no bloom filter");
  }
  const int64_t data_end = file_size_ - static_cast<int64_t>(kFooterTailSize) - footer_size_;
  // Without a stored length, read the header's worst case and let the parser bound the bitset.
  int64_t length = m.bloom_filter_length
                       ? *m.bloom_filter_length
                       : std::min<int64_t>(data_end - *m.bloom_filter_offset, (128LL << 20) + 64);
  std::string bytes;
  LAKEML_RETURN_IF_ERROR(ReadRange(*m.bloom_filter_offset, length, &bytes, "Bloom filter"));
  Result<BloomFilter> f =
      BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!f.ok()) return f.status().WithContext("column ", descriptor_->leaf(leaf).path);
  return f;
}

BatchStream::BatchStream(const FileReader* reader, std::vector<int> row_groups,
                         std::vector<int> fields, int64_t limit, int64_t batch_rows)
    : reader_(reader),
      row_groups_(std::move(row_groups)),
      fields_(std::move(fields)),
      remaining_(limit < 0 ? INT64_MAX : limit),
      batch_rows_(batch_rows) {
  if (batch_rows_ > 0 && RowGroupSliceReader::CanSlice(*reader_, fields_)) {
    slicer_ = std::make_unique<RowGroupSliceReader>(reader_, fields_);
    return;
  }
  Prefetch();
}

bool BatchStream::SetSliceFilter(std::unique_ptr<SliceFilter> filter) {
  if (slicer_ == nullptr) return false;
  return slicer_->set_filter(std::move(filter));
}

BatchStream::~BatchStream() {
  if (pending_.valid()) pending_.wait();
}

void BatchStream::Prefetch() {
  if (next_ >= row_groups_.size() || remaining_ <= 0) return;
  const int g = row_groups_[next_++];
  pending_ =
      std::async(std::launch::async, [this, g]() { return reader_->ReadRowGroup(g, fields_); });
}

Result<BatchPtr> BatchStream::Next() {
  if (slicer_ != nullptr) {
    while (true) {
      while (slicer_->rows_left() == 0) {
        if (next_ >= row_groups_.size() || remaining_ <= 0) return BatchPtr();
        LAKEML_RETURN_IF_ERROR(slicer_->Open(row_groups_[next_++]));
      }
      // A filtered row group may end without a passing row: a batch of 0 rows.
      LAKEML_ASSIGN_OR_RETURN(BatchPtr b, slicer_->Next(batch_rows_));
      if (b->num_rows() == 0) continue;
      remaining_ -= b->num_rows();
      return b;
    }
  }
  while (pending_.valid()) {
    Result<BatchPtr> batch = pending_.get();
    if (!batch.ok()) return batch.status();
    BatchPtr b = std::move(*batch);
    remaining_ -= b->num_rows();
    Prefetch();
    if (b->num_rows() == 0) continue;
    return b;
  }
  return BatchPtr();
}

}  // namespace lakeml::parquet
