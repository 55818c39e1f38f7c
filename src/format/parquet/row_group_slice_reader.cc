#include "format/parquet/row_group_slice_reader.h"

#include <algorithm>
#include <new>

#include "base/str_cat.h"
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
    Status s = reader_->ReadColumnChunk(row_group, c->leaf, &c->bytes);
    if (s.ok()) s = c->reader.Open(leaf, m, c->bytes.data(), c->bytes.size());
    if (s.ok() && m.num_values != rg.num_rows) {
      // A flat column has one level entry per row.
      s = Status::Corruption("has ", m.num_values, " rows; the row group has ", rg.num_rows);
    }
    if (!s.ok()) return s.WithContext(where_, ", column ", leaf.path);
  }
  rows_left_ = rg.num_rows;
  return Status::OK();
}

Result<columnar::BatchPtr> RowGroupSliceReader::Next(int64_t max_rows) {
  const int64_t n = std::min(max_rows, rows_left_);
  std::vector<columnar::VectorPtr> out;
  out.reserve(columns_.size());
  RecordAssembler assembler(reader_->descriptor().nodes(), leaves_);
  for (auto& c : columns_) {
    const std::string& path = reader_->descriptor().leaf(c->leaf).path;
    try {
      Result<LeafData> leaf = c->reader.ReadNext(n);
      if (!leaf.ok()) return leaf.status().WithContext(where_, ", column ", path);
      leaves_[c->leaf] = std::move(leaf).value();
      Result<columnar::VectorPtr> v = assembler.Assemble(c->node);
      leaves_[c->leaf] = LeafData();
      if (!v.ok()) return v.status().WithContext(where_, ", column ", path);
      out.push_back(std::move(v).value());
    } catch (const std::bad_alloc&) {
      return Status::ResourceExhausted("Out of memory decoding the column chunk")
          .WithContext(where_, ", column ", path);
    }
  }
  rows_left_ -= n;
  return std::make_shared<columnar::Batch>(schema_, std::move(out), n);
}

}  // namespace lakeml::parquet
