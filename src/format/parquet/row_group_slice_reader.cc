#include "format/parquet/row_group_slice_reader.h"

#include <algorithm>
#include <new>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "format/parquet/column_chunk_cache.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/record_assembler.h"

namespace lakeml::parquet {

bool RowGroupSliceReader::CanSlice(const FileReader& reader, const std::vector<int>& fields) {
  const SchemaDescriptor& d = reader.descriptor();
  for (int f : fields) {
    if (f < 0 || f >= static_cast<int>(d.top_level().size())) return false;
    const SchemaNode& node = d.node(d.top_level()[f]);
    if (node.kind != SchemaNode::Kind::kLeaf || node.max_rep != 0 || node.slot_def != 0) {
      return false;
    }
  }
  return true;
}

RowGroupSliceReader::RowGroupSliceReader(const FileReader* reader, std::vector<int> fields)
    : reader_(reader), fields_(std::move(fields)) {
  const SchemaDescriptor& d = reader_->descriptor();
  std::vector<columnar::Field> schema_fields;
  ColumnChunkReadOptions opts;
  opts.verify_checksums = reader_->options().verify_checksums;
  for (int f : fields_) {
    auto c = std::make_unique<Column>(opts);
    c->node = d.top_level()[f];
    c->leaf = d.node(c->node).leaf_index;
    columns_.push_back(std::move(c));
    schema_fields.push_back(reader_->schema()->field(f));
  }
  schema_ = std::make_shared<columnar::Schema>(std::move(schema_fields));
  leaves_.resize(d.num_leaves());
}

RowGroupSliceReader::~RowGroupSliceReader() = default;

Status RowGroupSliceReader::Open(int row_group) {
  if (row_group < 0 || row_group >= reader_->num_row_groups()) {
    return Status::OutOfRange("Row group ", row_group, " does not exist; the file has ",
                              reader_->num_row_groups());
  }
  const std::string& path = reader_->path();
  const size_t slash = path.find_last_of('/');
  where_ =
      StrCat(slash == std::string::npos ? path : path.substr(slash + 1), ": row group ", row_group);
  const RowGroup& rg = reader_->metadata().row_groups[row_group];
  rows_left_ = 0;
  for (auto& c : columns_) {
    const SchemaNode& leaf = reader_->descriptor().leaf(c->leaf);
    const ColumnMetaData& m = rg.columns[c->leaf].meta_data;
    Status s = OpenColumn(row_group, c.get(), leaf, m);
    if (s.ok() && m.num_values != rg.num_rows) {
      // A flat column has one level entry per row.
      s = Status::Corruption("has ", m.num_values, " rows; the row group has ", rg.num_rows);
    }
    if (!s.ok()) return s.WithContext(where_, ", column ", leaf.path);
  }
  rows_left_ = rg.num_rows;
  return Status::OK();
}

Status RowGroupSliceReader::OpenColumn(int row_group, Column* c, const SchemaNode& leaf,
                                       const ColumnMetaData& m) {
  ColumnChunkCache* cache = reader_->options().chunk_cache;
  const std::string& file = reader_->identity();
  const bool cacheable = cache != nullptr && !file.empty() && m.num_values > 0;
  std::shared_ptr<const ColumnChunkPages> pages;
  if (cacheable) pages = cache->Lookup(file, row_group, c->leaf);
  if (pages == nullptr) {
    LAKEML_RETURN_IF_ERROR(reader_->ReadColumnChunk(row_group, c->leaf, &c->bytes));
    const int64_t budget = cacheable ? cache->capacity() : 0;
    if (budget > 0) {
      // A chunk that cannot be framed or decompressed is not cached: decoding its stored bytes
      // below reports the error where it is found.
      Result<std::shared_ptr<const ColumnChunkPages>> built =
          ColumnChunkPages::Build(m, c->bytes.data(), c->bytes.size(),
                                  reader_->options().verify_checksums,
                                  ColumnChunkReadOptions().max_page_bytes, budget);
      if (built.ok() && *built != nullptr) {
        pages = std::move(built).value();
        cache->Insert(file, row_group, c->leaf, pages);
      }
    }
  }
  if (pages != nullptr) return c->reader.Open(leaf, m, std::move(pages));
  return c->reader.Open(leaf, m, c->bytes.data(), c->bytes.size());
}

bool RowGroupSliceReader::set_filter(std::unique_ptr<SliceFilter> filter) {
  for (auto& c : columns_) c->filter_input = false;
  filter_.reset();
  if (filter == nullptr) return true;
  for (int p : filter->inputs()) {
    if (p < 0 || p >= static_cast<int>(columns_.size())) return false;
  }
  for (int p : filter->inputs()) columns_[p]->filter_input = true;
  slices_.clear();
  for (auto& c : columns_) slices_.push_back(&c->slice);
  filter_ = std::move(filter);
  return true;
}

Status RowGroupSliceReader::ReadColumn(Column* c, int64_t n, const uint8_t* keep_bits,
                                       int64_t kept) {
  const std::string& path = reader_->descriptor().leaf(c->leaf).path;
  try {
    Status s = c->reader.ReadSlice(n, &c->slice, keep_bits, kept);
    if (!s.ok()) return s.WithContext(where_, ", column ", path);
    if (kept == 0 || c->slice.dictionary_form()) return Status::OK();
    RecordAssembler assembler(reader_->descriptor().nodes(), leaves_);
    leaves_[c->leaf] = std::move(c->slice.leaf);
    Result<columnar::VectorPtr> v = assembler.Assemble(c->node);
    leaves_[c->leaf] = LeafData();
    if (!v.ok()) return v.status().WithContext(where_, ", column ", path);
    c->slice.values = std::move(v).value();
    return Status::OK();
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("Out of memory decoding the column chunk")
        .WithContext(where_, ", column ", path);
  }
}

Status RowGroupSliceReader::ReadSlice(int64_t n, int64_t* kept) {
  *kept = n;
  if (filter_ != nullptr) {
    for (auto& c : columns_) {
      if (c->filter_input) LAKEML_RETURN_IF_ERROR(ReadColumn(c.get(), n));
    }
    keep_.resize(n);
    *kept = filter_->Evaluate(slices_, n, keep_.data());
    if (*kept < n) {
      bits_.assign(bit_util::BytesForBits(n), 0);
      selection_.resize(n + 1);
      uint32_t* sel = selection_.data();
      int64_t j = 0;
      for (int64_t i = 0; i < n; ++i) {
        bits_[i >> 3] |= static_cast<uint8_t>(keep_[i] << (i & 7));
        sel[j] = static_cast<uint32_t>(i);
        j += keep_[i];
      }
    }
  }
  for (auto& c : columns_) {
    if (c->filter_input) continue;
    // Values of the rows that fail are dropped before conversion.
    LAKEML_RETURN_IF_ERROR(ReadColumn(c.get(), n, *kept < n ? bits_.data() : nullptr, *kept));
  }
  return Status::OK();
}

Result<columnar::BatchPtr> RowGroupSliceReader::Next(int64_t max_rows) {
  int64_t n = 0;
  int64_t kept = 0;
  while (kept == 0 && rows_left_ > 0) {
    n = std::min(max_rows, rows_left_);
    LAKEML_RETURN_IF_ERROR(ReadSlice(n, &kept));
    rows_left_ -= n;
  }
  std::vector<columnar::VectorPtr> out;
  out.reserve(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (kept == 0) {
      out.push_back(columnar::Vector::Make(schema_->field(i).type, 0));
      continue;
    }
    const std::string& path = reader_->descriptor().leaf(columns_[i]->leaf).path;
    try {
      Result<columnar::VectorPtr> v =
          kept < n ? columns_[i]->slice.Materialize(bits_.data(), selection_.data(), kept)
                   : columns_[i]->slice.Materialize(nullptr, nullptr, kept);
      if (!v.ok()) return v.status().WithContext(where_, ", column ", path);
      out.push_back(std::move(v).value());
    } catch (const std::bad_alloc&) {
      return Status::ResourceExhausted("Out of memory decoding the column chunk")
          .WithContext(where_, ", column ", path);
    }
  }
  return std::make_shared<columnar::Batch>(schema_, std::move(out), kept);
}

}  // namespace lakeml::parquet
