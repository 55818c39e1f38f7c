#include "format/parquet/writer/file_writer.h"

#include <algorithm>
#include <cstring>

#include "format/compression/codec.h"

namespace lakeml::parquet {

using columnar::Batch;
using columnar::TypeId;
using columnar::Vector;

namespace {

// Rows shredded at a time: bounds the level buffers and keeps them in cache.
constexpr int64_t kShredRows = 64 * 1024;

// Approximate uncompressed bytes of a whole vector, for row-group sizing.
double EstimateBytes(const Vector& v) {
  const int64_t n = v.length();
  const columnar::DataType& t = *v.type();
  switch (t.id()) {
    case TypeId::kBoolean: return n / 8.0;
    case TypeId::kString:
    case TypeId::kBinary: {
      if (n == 0 || !v.values()) return 0;
      const int64_t* o = v.offsets();
      return static_cast<double>(o[n] - o[0]) + 4.0 * n;
    }
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct: {
      double bytes = t.id() == TypeId::kStruct ? 0 : 4.0 * n;
      for (const auto& c : v.children()) bytes += EstimateBytes(*c);
      return bytes;
    }
    default: return static_cast<double>(n) * t.fixed_width();
  }
}

}  // namespace

Result<std::unique_ptr<FileWriter>> FileWriter::Open(io::FileSystem* fs, const std::string& path,
                                                     columnar::SchemaPtr schema,
                                                     WriterOptions options) {
  if (options.data_page_version != 1 && options.data_page_version != 2) {
    return Status::InvalidArgument("Parquet data page version must be 1 or 2: got ",
                                   options.data_page_version);
  }
  if (options.row_group_rows <= 0 || options.row_group_bytes <= 0 || options.page_bytes <= 0 ||
      options.dictionary_page_bytes <= 0 || options.num_threads < 0) {
    return Status::InvalidArgument("Parquet writer sizes must be positive: row_group_rows ",
                                   options.row_group_rows, ", row_group_bytes ",
                                   options.row_group_bytes, ", page_bytes ", options.page_bytes,
                                   ", dictionary_page_bytes ", options.dictionary_page_bytes,
                                   ", num_threads ", options.num_threads);
  }
  if (options.compression != CompressionCodec::kUncompressed) {
    // Reject an unusable codec or level now rather than at the first row group.
    std::string probe;
    const uint8_t byte = 0;
    LAKEML_RETURN_IF_ERROR(
        compression::Compress(options.compression, &byte, 1, &probe, options.compression_level)
            .WithContext("Parquet writer for ", path));
  }
  LAKEML_ASSIGN_OR_RETURN(WriterSchema ws, WriterSchema::Make(*schema));
  LAKEML_ASSIGN_OR_RETURN(auto file, fs->OpenForWrite(path));
  std::unique_ptr<FileWriter> w(
      new FileWriter(std::move(schema), std::move(options), std::move(ws), std::move(file)));
  for (const WriterLeaf& leaf : w->writer_schema_.leaves()) {
    LAKEML_ASSIGN_OR_RETURN(LevelShredder shredder,
                            LevelShredder::Make(w->schema_->field(leaf.column), leaf.child_path));
    LAKEML_ASSIGN_OR_RETURN(auto writer, ColumnChunkWriter::Make(&leaf, &w->options_));
    w->leaves_.push_back(Leaf{std::move(shredder), std::move(writer)});
  }
  int threads =
      w->options_.num_threads == 0 ? ThreadPool::DefaultThreads() : w->options_.num_threads;
  threads = std::min<int>(threads, static_cast<int>(w->leaves_.size()));
  if (threads > 1) w->pool_ = std::make_unique<ThreadPool>(threads);
  LAKEML_RETURN_IF_ERROR(w->Append(std::string_view(kParquetMagic, 4)));
  return w;
}

FileWriter::FileWriter(columnar::SchemaPtr schema, WriterOptions options,
                       WriterSchema writer_schema, std::unique_ptr<io::WritableFile> file)
    : schema_(std::move(schema)),
      options_(std::move(options)),
      writer_schema_(std::move(writer_schema)),
      file_(std::move(file)) {
  metadata_.schema = writer_schema_.elements();
  metadata_.version = options_.data_page_version == 2 ? 2 : 1;
  metadata_.created_by = options_.created_by;
  for (const auto& [k, v] : options_.key_value_metadata) {
    metadata_.key_value_metadata.push_back(KeyValue{k, v});
  }
  metadata_.column_orders.assign(writer_schema_.leaves().size(), ColumnOrder::kTypeOrder);
}

FileWriter::~FileWriter() = default;

Status FileWriter::Append(std::string_view bytes) {
  if (bytes.empty()) return Status::OK();
  LAKEML_RETURN_IF_ERROR(file_->Append(bytes));
  offset_ += static_cast<int64_t>(bytes.size());
  return Status::OK();
}

Status FileWriter::CheckBatch(const Batch& batch) const {
  if (batch.num_columns() != schema_->num_fields()) {
    return Status::InvalidArgument("Batch does not match the Parquet writer's schema: columns ",
                                   batch.num_columns(), ", expected ", schema_->num_fields());
  }
  for (size_t i = 0; i < batch.num_columns(); ++i) {
    const Vector* c = batch.column(i).get();
    const columnar::Field& f = schema_->field(i);
    if (c == nullptr || (c->type() != f.type && !c->type()->Equals(*f.type))) {
      return Status::InvalidArgument("Batch column type does not match the Parquet writer's ",
                                     "schema: column ", f.name, ", expected ", f.type->ToString(),
                                     ", got ", c ? c->type()->ToString() : std::string("none"));
    }
    if (c->length() < batch.num_rows()) {
      return Status::InvalidArgument("Batch column is shorter than the batch: column ", f.name,
                                     ", length ", c->length(), ", rows ", batch.num_rows());
    }
  }
  return Status::OK();
}

Status FileWriter::Write(const Batch& batch) {
  if (!error_.ok()) return error_;
  if (closed_) return Status::InvalidArgument("Parquet writer is closed: ", file_->path());
  Status s = WriteImpl(batch);
  if (!s.ok()) error_ = s;
  return s;
}

Status FileWriter::WriteImpl(const Batch& batch) {
  LAKEML_RETURN_IF_ERROR(CheckBatch(batch));
  const int64_t n = batch.num_rows();
  if (n == 0) return Status::OK();
  double batch_bytes = 0;
  for (const auto& c : batch.columns()) {
    batch_bytes += EstimateBytes(*c) * static_cast<double>(n) /
                   static_cast<double>(std::max<int64_t>(c->length(), 1));
  }
  const double bytes_per_row = std::max(batch_bytes / static_cast<double>(n), 1e-3);
  int64_t row = 0;
  while (row < n) {
    int64_t take = std::min(n - row, options_.row_group_rows - pending_rows_);
    const double room = static_cast<double>(options_.row_group_bytes) - pending_bytes_;
    take = std::clamp<int64_t>(static_cast<int64_t>(room / bytes_per_row) + 1, 1, take);
    pending_.push_back(PendingSlice{batch, row, row + take});
    pending_rows_ += take;
    pending_bytes_ += static_cast<double>(take) * bytes_per_row;
    row += take;
    if (pending_rows_ >= options_.row_group_rows ||
        pending_bytes_ >= static_cast<double>(options_.row_group_bytes)) {
      LAKEML_RETURN_IF_ERROR(FlushRowGroup());
    }
  }
  return Status::OK();
}

Status FileWriter::EncodeLeaf(size_t i) {
  Leaf& leaf = leaves_[i];
  const int column = writer_schema_.leaves()[i].column;
  ShreddedLeaf shredded;
  for (const PendingSlice& slice : pending_) {
    const Vector& v = *slice.batch.column(column);
    for (int64_t r = slice.begin; r < slice.end; r += kShredRows) {
      const int64_t end = std::min(slice.end, r + kShredRows);
      LAKEML_RETURN_IF_ERROR(leaf.shredder.Shred(v, r, end, &shredded));
      LAKEML_RETURN_IF_ERROR(leaf.writer->Write(shredded));
    }
  }
  return leaf.writer->Finish();
}

Status FileWriter::FlushRowGroup() {
  if (pending_rows_ == 0) return Status::OK();
  {
    TaskGroup group(pool_.get());
    for (size_t i = 0; i < leaves_.size(); ++i) {
      group.Run([this, i] { return EncodeLeaf(i); });
    }
    LAKEML_RETURN_IF_ERROR(group.Wait());
  }
  RowGroup rg;
  rg.num_rows = pending_rows_;
  rg.file_offset = offset_;
  rg.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
  int64_t compressed = 0;
  std::vector<ChunkIndexes> indexes;
  for (Leaf& leaf : leaves_) {
    const EncodedColumnChunk& chunk = leaf.writer->chunk();
    const int64_t base = offset_;
    LAKEML_RETURN_IF_ERROR(Append(chunk.dictionary_page));
    LAKEML_RETURN_IF_ERROR(Append(chunk.data_pages));
    ColumnChunk cc;
    cc.file_offset = base;
    cc.meta_data = chunk.meta_data;
    cc.meta_data.data_page_offset += base;
    if (cc.meta_data.dictionary_page_offset) *cc.meta_data.dictionary_page_offset += base;
    rg.total_byte_size += cc.meta_data.total_uncompressed_size;
    compressed += cc.meta_data.total_compressed_size;
    if (options_.page_index) {
      ChunkIndexes ci{chunk.column_index, chunk.offset_index};
      for (PageLocation& loc : ci.offset_index.page_locations) loc.offset += base;
      indexes.push_back(std::move(ci));
    }
    rg.columns.push_back(std::move(cc));
    leaf.writer->Reset();
  }
  rg.total_compressed_size = compressed;
  metadata_.num_rows += rg.num_rows;
  metadata_.row_groups.push_back(std::move(rg));
  if (options_.page_index) page_indexes_.push_back(std::move(indexes));
  pending_.clear();
  pending_rows_ = 0;
  pending_bytes_ = 0;
  return Status::OK();
}

Status FileWriter::WritePageIndex() {
  std::string buf;
  for (size_t g = 0; g < page_indexes_.size(); ++g) {
    for (size_t c = 0; c < page_indexes_[g].size(); ++c) {
      const auto& ci = page_indexes_[g][c].column_index;
      if (!ci) continue;
      buf.clear();
      SerializeColumnIndex(*ci, &buf);
      ColumnChunk& cc = metadata_.row_groups[g].columns[c];
      cc.column_index_offset = offset_;
      cc.column_index_length = static_cast<int32_t>(buf.size());
      LAKEML_RETURN_IF_ERROR(Append(buf));
    }
  }
  for (size_t g = 0; g < page_indexes_.size(); ++g) {
    for (size_t c = 0; c < page_indexes_[g].size(); ++c) {
      buf.clear();
      SerializeOffsetIndex(page_indexes_[g][c].offset_index, &buf);
      ColumnChunk& cc = metadata_.row_groups[g].columns[c];
      cc.offset_index_offset = offset_;
      cc.offset_index_length = static_cast<int32_t>(buf.size());
      LAKEML_RETURN_IF_ERROR(Append(buf));
    }
  }
  page_indexes_.clear();
  return Status::OK();
}

Status FileWriter::Close() {
  if (!error_.ok()) return error_;
  if (closed_) return Status::OK();
  Status s = CloseImpl();
  if (!s.ok()) error_ = s;
  return s;
}

Status FileWriter::CloseImpl() {
  LAKEML_RETURN_IF_ERROR(FlushRowGroup());
  if (options_.page_index) LAKEML_RETURN_IF_ERROR(WritePageIndex());
  std::string footer;
  SerializeFileMetaData(metadata_, &footer);
  const uint32_t len = static_cast<uint32_t>(footer.size());
  char tail[8];
  std::memcpy(tail, &len, 4);  // DO NOT CHANGE: Parquet format (little-endian length + magic).
  std::memcpy(tail + 4, kParquetMagic, 4);
  footer.append(tail, 8);
  LAKEML_RETURN_IF_ERROR(Append(footer));
  LAKEML_RETURN_IF_ERROR(file_->Close());
  closed_ = true;
  return Status::OK();
}

}  // namespace lakeml::parquet
