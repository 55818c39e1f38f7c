#include "delta/table_scan_stream.h"

#include <algorithm>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "columnar/vector_filter.h"
#include "columnar/vector_slice.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/log_replay.h"
#include "delta/schema/partition_value.h"
#include "format/parquet/slice_filter.h"

namespace lakeml::delta {

TableScanStream::~TableScanStream() = default;

Result<std::unique_ptr<ScanBatchStream>> TableScan::Execute() const {
  return std::unique_ptr<ScanBatchStream>(std::make_unique<TableScanStream>(this));
}

Result<std::unique_ptr<ScanBatchStream>> TableScan::ExecuteFile(size_t i, int first_row_group,
                                                                int end_row_group) const {
  return std::unique_ptr<ScanBatchStream>(
      std::make_unique<TableScanStream>(this, i, first_row_group, end_row_group));
}

Result<int> TableScan::CountRowGroups(size_t i) const {
  LAKEML_ASSIGN_OR_RETURN(std::string path,
                          TableScanStream::DataFilePath(snapshot_->table_root(), files_[i].path));
  parquet::ReaderOptions reader_options;
  reader_options.num_threads = 1;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                          parquet::FileReader::Open(snapshot_->fs(), path, reader_options));
  return reader->num_row_groups();
}

Result<std::string> TableScanStream::DataFilePath(const std::string& table_root,
                                                  const std::string& stored_path) {
  LAKEML_ASSIGN_OR_RETURN(std::string path, LogReplay::CanonicalPath(stored_path, table_root));
  if (!path.empty() && path[0] == '/') return path;
  if (path.find("://") != std::string::npos) {
    return Status::NotImplemented("Unsupported data file URI: ", stored_path,
                                  " (only local paths are supported)");
  }
  return io::JoinPath(table_root, path);
}

Status TableScanStream::OpenFile(const AddFile& add, const RoaringBitmapArray* keep_only) {
  const Snapshot& snap = *scan_->snapshot();
  LAKEML_ASSIGN_OR_RETURN(std::string path, DataFilePath(snap.table_root(), add.path));
  parquet::ReaderOptions reader_options;
  reader_options.num_threads = scan_->options().num_threads;
  reader_options.chunk_cache = scan_->options().chunk_cache;
  LAKEML_ASSIGN_OR_RETURN(reader_, parquet::FileReader::Open(snap.fs(), path, reader_options));
  const int end_group = end_row_group_ < 0 ? reader_->num_row_groups()
                                           : std::min(end_row_group_, reader_->num_row_groups());
  const int first_group = std::min(first_row_group_, end_group);
  // Row indexes (for deletion vectors) count from the file's first row.
  int64_t first_row = 0;
  for (int g = 0; g < first_group; ++g) first_row += reader_->metadata().row_groups[g].num_rows;
  const columnar::Schema& data_schema = *scan_->data_schema();
  if (data_schema.num_fields() > 0) {
    auto adapter =
        FileSchemaAdapter::Make(data_schema, scan_->mapping_mode(), *reader_->schema());
    if (!adapter.ok()) return adapter.status().WithContext("reading ", path);
    adapter_.emplace(std::move(adapter).value());
    std::vector<int> row_groups;
    for (int g = first_group; g < end_group; ++g) row_groups.push_back(g);
    batches_ = std::make_unique<parquet::BatchStream>(reader_.get(), std::move(row_groups),
                                                      adapter_->file_columns(), -1,
                                                      scan_->options().batch_rows);
  } else {
    adapter_.reset();
    batches_.reset();
  }
  partition_values_.assign(scan_->output_columns().size(), columnar::Scalar());
  for (size_t i = 0; i < scan_->output_columns().size(); ++i) {
    const TableScan::OutputColumn& col = scan_->output_columns()[i];
    if (!col.is_partition) continue;
    std::optional<std::string> raw;
    auto it = add.partition_values.find(col.physical_name);
    if (it == add.partition_values.end()) it = add.partition_values.find(col.field.name);
    if (it != add.partition_values.end()) raw = it->second;
    auto value = ParsePartitionValue(raw, col.field.type);
    if (!value.ok()) {
      return value.status().WithContext("partition column ", col.field.name, " of ", add.path);
    }
    partition_values_[i] = std::move(value).value();
  }
  if (batches_ != nullptr && scan_->options().slice_filter && !add.deletion_vector &&
      keep_only == nullptr) {
    std::vector<int> positions;
    for (const TableScan::OutputColumn& col : scan_->output_columns()) {
      positions.push_back(col.is_partition ? -1 : adapter_->UnconvertedFileColumn(col.data_index));
    }
    std::unique_ptr<parquet::SliceFilter> filter = scan_->options().slice_filter(positions);
    if (filter != nullptr) batches_->SetSliceFilter(std::move(filter));
  }
  deleted_.reset();
  keep_only_ = keep_only;
  if (add.deletion_vector && keep_only == nullptr) {
    auto dv = LoadDeletionVector(*snap.fs(), snap.table_root(), *add.deletion_vector);
    if (!dv.ok()) return dv.status().WithContext("deletion vector of ", add.path);
    deleted_.emplace(std::move(dv).value());
  }
  next_row_group_ = first_group;
  end_group_ = end_group;
  file_row_ = first_row;
  return Status::OK();
}

Result<columnar::BatchPtr> TableScanStream::Assemble(const columnar::Batch* data,
                                                     int64_t num_rows) {
  std::vector<columnar::VectorPtr> columns;
  columns.reserve(scan_->output_columns().size());
  for (size_t i = 0; i < scan_->output_columns().size(); ++i) {
    const TableScan::OutputColumn& col = scan_->output_columns()[i];
    if (col.is_partition) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v,
                              ConstantVector(partition_values_[i], num_rows));
      columns.push_back(std::move(v));
    } else {
      columns.push_back(data->column(col.data_index));
    }
  }
  auto batch =
      std::make_shared<columnar::Batch>(scan_->schema(), std::move(columns), num_rows);
  // Deletion vector: drop the rows it names (row indexes count from the file's first row).
  const int64_t first_row = file_row_;
  file_row_ += num_rows;
  if ((!deleted_ && keep_only_ == nullptr) || num_rows == 0) return batch;
  std::vector<uint8_t> bits(bit_util::BytesForBits(num_rows) + 8, 0);
  if (keep_only_ != nullptr) {
    keep_only_->MarkRange(static_cast<uint64_t>(first_row), num_rows, bits.data());
  } else {
    deleted_->MarkRange(static_cast<uint64_t>(first_row), num_rows, bits.data());
    // Deleted bits -> kept bits.
    for (auto& byte : bits) byte = static_cast<uint8_t>(~byte);
  }
  const int64_t kept = bit_util::CountSetBits(bits.data(), 0, num_rows);
  if (kept == num_rows) return batch;
  return columnar::FilterBatch(*batch, bits.data(), kept);
}

Result<columnar::BatchPtr> TableScanStream::Next() {
  const std::optional<int64_t>& limit = scan_->options().limit;
  while (true) {
    if (limit && rows_returned_ >= *limit) return columnar::BatchPtr();
    if (!reader_) {
      if (next_file_ >= std::min(end_file_, scan_->files().size())) return columnar::BatchPtr();
      const size_t i = next_file_++;
      LAKEML_RETURN_IF_ERROR(OpenFile(scan_->files()[i], scan_->keep_only(i)));
    }
    columnar::BatchPtr out;
    if (batches_) {
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr file_batch, batches_->Next());
      if (!file_batch) {
        reader_.reset();
        batches_.reset();
        continue;
      }
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr data, adapter_->Adapt(*file_batch));
      LAKEML_ASSIGN_OR_RETURN(out, Assemble(data.get(), file_batch->num_rows()));
    } else {
      if (next_row_group_ >= end_group_) {
        reader_.reset();
        continue;
      }
      const int64_t rows = reader_->metadata().row_groups[next_row_group_++].num_rows;
      LAKEML_ASSIGN_OR_RETURN(out, Assemble(nullptr, rows));
    }
    if (out->num_rows() == 0) continue;
    if (limit && rows_returned_ + out->num_rows() > *limit) {
      out = columnar::SliceBatch(*out, 0, *limit - rows_returned_);
    }
    rows_returned_ += out->num_rows();
    return out;
  }
}

}  // namespace lakeml::delta
