#include "delta/row_remover.h"

#include <chrono>

#include "base/clock.h"
#include "base/str_cat.h"
#include "delta/data_file_writer.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/dv/deletion_vector_writer.h"
#include "delta/schema/column_mapping.h"
#include "delta/table_features.h"
#include "delta/table_scan.h"
#include "format/parquet/file_reader.h"
#include "delta/table_scan_stream.h"

namespace lakeml::delta {
namespace {



// Rows in the file: numRecords from stats, else the Parquet footer.
Result<int64_t> NumRecords(const Snapshot& snap, const AddFile& add) {
  if (add.stats) {
    const size_t pos = add.stats->find("\"numRecords\":");
    if (pos != std::string::npos) {
      const long long n = std::atoll(add.stats->c_str() + pos + 13);
      if (n >= 0) return n;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(std::string path,
                          TableScanStream::DataFilePath(snap.table_root(), add.path));
  LAKEML_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(snap.fs(), path));
  return reader->num_rows();
}

// Writes the rows of `file` selected by `keep_only` (plus an optional constant extra column)
// with `writer`.
Status CopyRows(const std::shared_ptr<const Snapshot>& snap, const AddFile& file,
                std::shared_ptr<const RoaringBitmapArray> keep_only, DataFileWriter* writer,
                const char* change_type) {
  AddFile plain = file;
  plain.deletion_vector.reset();
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan,
                          TableScan::MakeForFiles(snap, ScanOptions{}, {plain},
                                                  {std::move(keep_only)}, false));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<ScanBatchStream> stream, scan->Execute());
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (!batch) break;
    if (change_type == nullptr) {
      LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
      continue;
    }
    std::vector<columnar::VectorPtr> columns = batch->columns();
    std::vector<columnar::Field> fields = batch->schema()->fields();
    const int64_t n = batch->num_rows();
    auto v = columnar::Vector::Make(columnar::DataType::String(), n);
    const int64_t len = static_cast<int64_t>(std::strlen(change_type));
    v->mutable_data()->Resize(len * n);
    int64_t* offsets = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
    uint8_t* data = v->mutable_data()->mutable_data();
    for (int64_t i = 0; i <= n; ++i) offsets[i] = i * len;
    for (int64_t i = 0; i < n; ++i) std::memcpy(data + i * len, change_type, len);
    columns.push_back(std::move(v));
    fields.push_back(columnar::Field{"_change_type", columnar::DataType::String(), true});
    columnar::Batch with_type(std::make_shared<columnar::Schema>(std::move(fields)),
                              std::move(columns), n);
    LAKEML_RETURN_IF_ERROR(writer->Write(with_type));
  }
  return Status::OK();
}

}  // namespace

struct RowRemover::PendingDv {
  AddFile file;
  RoaringBitmapArray merged;
};

RowRemover::RowRemover(Transaction* txn) : txn_(txn) {
  const Snapshot& snap = *txn->read_snapshot();
  use_dvs_ = TableFeatures::IsEnabled(snap.protocol(), kFeatureDeletionVectors) &&
             snap.Property("delta.enableDeletionVectors") == "true";
  cdf_ = snap.Property("delta.enableChangeDataFeed") == "true";
}

RowRemover::~RowRemover() = default;

Status RowRemover::WriteChangeData(const AddFile& file,
                                   std::shared_ptr<const RoaringBitmapArray> rows) {
  const std::shared_ptr<const Snapshot>& snap = txn_->read_snapshot();
  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                          ColumnMappingModeOf(snap->metadata().configuration));
  DataFileWriterOptions options;
  options.directory = "_change_data";
  options.data_change = false;
  options.collect_stats = false;
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<DataFileWriter> writer,
      DataFileWriter::Make(snap->fs(), snap->table_root(), snap->schema(),
                           snap->partition_columns(), mode, snap->metadata().configuration,
                           options));
  LAKEML_RETURN_IF_ERROR(CopyRows(snap, file, std::move(rows), writer.get(), "delete"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<AddFile> files, writer->Finish());
  for (AddFile& f : files) {
    AddCdcFile cdc;
    cdc.path = std::move(f.path);
    cdc.partition_values = std::move(f.partition_values);
    cdc.size = f.size;
    cdc.data_change = false;
    txn_->AddCdcFile(std::move(cdc));
    ++metrics_.cdc_files_added;
  }
  return Status::OK();
}

Status RowRemover::RemoveRows(const AddFile& file, const RoaringBitmapArray& rows) {
  const std::shared_ptr<const Snapshot>& snap = txn_->read_snapshot();
  RoaringBitmapArray merged;
  if (file.deletion_vector) {
    LAKEML_ASSIGN_OR_RETURN(merged,
                            LoadDeletionVector(*snap->fs(), snap->table_root(),
                                               *file.deletion_vector));
  }
  auto newly = std::make_shared<RoaringBitmapArray>();
  rows.ForEach([&](uint64_t r) {
    if (!merged.Contains(r)) newly->Add(r);
  });
  if (newly->IsEmpty()) return Status::OK();
  LAKEML_ASSIGN_OR_RETURN(const int64_t num_records, NumRecords(*snap, file));
  if (auto max = newly->Maximum(); max && static_cast<int64_t>(*max) >= num_records) {
    return Status::InvalidArgument("Row index out of range: ", *max, " in ", file.path, " with ",
                                   num_records, " rows");
  }
  merged.Merge(*newly);
  metrics_.rows_removed += static_cast<int64_t>(newly->Cardinality());
  txn_->ReadFiles({file});
  if (cdf_) LAKEML_RETURN_IF_ERROR(WriteChangeData(file, newly));

  const int64_t now = NowMillis();
  if (static_cast<int64_t>(merged.Cardinality()) >= num_records) {
    txn_->RemoveFile(RemoveOf(file, now, true));
    ++metrics_.files_removed;
    return Status::OK();
  }
  if (use_dvs_) {
    pending_.push_back(PendingDv{file, std::move(merged)});
    return Status::OK();
  }
  // Copy-on-write: rewrite the file with the surviving rows.
  auto keep = std::make_shared<RoaringBitmapArray>();
  for (int64_t r = 0; r < num_records; ++r) {
    if (!merged.Contains(static_cast<uint64_t>(r))) keep->Add(static_cast<uint64_t>(r));
  }
  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                          ColumnMappingModeOf(snap->metadata().configuration));
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<DataFileWriter> writer,
      DataFileWriter::Make(snap->fs(), snap->table_root(), snap->schema(),
                           snap->partition_columns(), mode, snap->metadata().configuration, {}));
  LAKEML_RETURN_IF_ERROR(CopyRows(snap, file, std::move(keep), writer.get(), nullptr));
  LAKEML_ASSIGN_OR_RETURN(std::vector<AddFile> adds, writer->Finish());
  txn_->RemoveFile(RemoveOf(file, now, true));
  ++metrics_.files_removed;
  for (AddFile& a : adds) {
    txn_->AddFile(std::move(a));
    ++metrics_.files_added;
  }
  return Status::OK();
}

Result<RowRemovalMetrics> RowRemover::Finish() {
  if (!pending_.empty()) {
    const std::shared_ptr<const Snapshot>& snap = txn_->read_snapshot();
    dv_writer_ = std::make_unique<DeletionVectorWriter>(snap->fs(), snap->table_root());
    std::vector<DeletionVectorDescriptor> descriptors;
    for (PendingDv& p : pending_) {
      LAKEML_ASSIGN_OR_RETURN(DeletionVectorDescriptor d, dv_writer_->Add(p.merged));
      descriptors.push_back(std::move(d));
    }
    LAKEML_RETURN_IF_ERROR(dv_writer_->Finish());
    const int64_t now = NowMillis();
    for (size_t i = 0; i < pending_.size(); ++i) {
      txn_->RemoveFile(RemoveOf(pending_[i].file, now, true));
      AddFile add = pending_[i].file;
      add.deletion_vector = descriptors[i];
      add.data_change = true;
      add.modification_time = now;
      txn_->AddFile(std::move(add));
      ++metrics_.deletion_vectors_added;
    }
    pending_.clear();
  }
  return metrics_;
}

}  // namespace lakeml::delta
