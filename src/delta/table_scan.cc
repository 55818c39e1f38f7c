#include "delta/table_scan.h"

#include <algorithm>

#include "base/str_cat.h"
#include "delta/stats/data_skipping.h"

namespace lakeml::delta {

namespace {
constexpr char kChangeTypeColumn[] = "_change_type";  // DO NOT CHANGE: CDC file column.
}  // namespace

Result<std::unique_ptr<TableScan>> TableScan::MakeForFiles(
    std::shared_ptr<const Snapshot> snapshot, const ScanOptions& options,
    std::vector<AddFile> files, std::vector<std::shared_ptr<const RoaringBitmapArray>> keep_only,
    bool read_change_type) {
  ScanOptions plain = options;
  plain.predicate.reset();
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan, Make(std::move(snapshot), plain));
  scan->files_ = std::move(files);
  scan->keep_only_ = std::move(keep_only);
  scan->metrics_ = ScanMetrics{};
  scan->metrics_.files_total = scan->metrics_.files_read = static_cast<int64_t>(scan->files_.size());
  if (read_change_type) {
    columnar::Field f{kChangeTypeColumn, columnar::DataType::String(), true};
    // Stored under its own name in every mapping mode.
    f.metadata.emplace_back("delta.columnMapping.physicalName", "\"_change_type\"");
    std::vector<columnar::Field> data = scan->data_schema_->fields();
    std::vector<columnar::Field> out = scan->output_schema_->fields();
    OutputColumn col;
    col.field = f;
    col.physical_name = kChangeTypeColumn;
    col.data_index = static_cast<int>(data.size());
    data.push_back(f);
    out.push_back(f);
    scan->output_columns_.push_back(std::move(col));
    scan->data_schema_ = std::make_shared<columnar::Schema>(std::move(data));
    scan->output_schema_ = std::make_shared<columnar::Schema>(std::move(out));
  }
  return scan;
}

Result<std::unique_ptr<TableScan>> TableScan::Make(std::shared_ptr<const Snapshot> snapshot,
                                                   const ScanOptions& options) {
  auto scan = std::unique_ptr<TableScan>(new TableScan());
  scan->snapshot_ = snapshot;
  scan->options_ = options;
  LAKEML_ASSIGN_OR_RETURN(scan->mode_, ColumnMappingModeOf(snapshot->metadata().configuration));
  const columnar::Schema& table_schema = *snapshot->schema();
  const std::vector<std::string>& partition_columns = snapshot->partition_columns();

  std::vector<int> selected;
  if (options.columns.empty()) {
    for (size_t i = 0; i < table_schema.num_fields(); ++i) selected.push_back(static_cast<int>(i));
  } else {
    for (const std::string& name : options.columns) {
      const int idx = table_schema.FieldIndex(name);
      if (idx < 0) {
        std::string known;
        for (const auto& f : table_schema.fields()) known += (known.empty() ? "" : ", ") + f.name;
        return Status::NotFound("Column not found: ", name, " (table columns: ", known, ")");
      }
      selected.push_back(idx);
    }
  }
  std::vector<columnar::Field> out_fields, data_fields;
  for (int idx : selected) {
    const columnar::Field& f = table_schema.field(idx);
    OutputColumn col;
    col.field = f;
    col.physical_name = PhysicalName(f, scan->mode_);
    col.is_partition = std::find(partition_columns.begin(), partition_columns.end(), f.name) !=
                       partition_columns.end();
    if (!col.is_partition) {
      col.data_index = static_cast<int>(data_fields.size());
      data_fields.push_back(f);
    }
    out_fields.push_back(f);
    scan->output_columns_.push_back(std::move(col));
  }
  scan->output_schema_ = std::make_shared<columnar::Schema>(std::move(out_fields));
  scan->data_schema_ = std::make_shared<columnar::Schema>(std::move(data_fields));

  // Planning: partition pruning and data skipping.
  scan->metrics_.files_total = static_cast<int64_t>(snapshot->files().size());
  if (options.predicate) {
    LAKEML_ASSIGN_OR_RETURN(
        DataSkipping skipping,
        DataSkipping::Make(*options.predicate, table_schema, partition_columns, scan->mode_));
    for (const AddFile& add : snapshot->files()) {
      if (skipping.FileMayMatch(add)) scan->files_.push_back(add);
    }
    scan->metrics_.files_pruned_by_partition = skipping.counters().files_pruned_by_partition;
    scan->metrics_.files_skipped_by_stats = skipping.counters().files_skipped_by_stats;
  } else {
    scan->files_ = snapshot->files();
  }
  // A stable order makes reads reproducible.
  std::sort(scan->files_.begin(), scan->files_.end(),
            [](const AddFile& a, const AddFile& b) { return a.path < b.path; });
  scan->metrics_.files_read = static_cast<int64_t>(scan->files_.size());
  return scan;
}

Result<std::unique_ptr<Scan>> Snapshot::NewScan(const ScanOptions& options) const {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan,
                          TableScan::Make(shared_from_this(), options));
  return std::unique_ptr<Scan>(std::move(scan));
}

}  // namespace lakeml::delta
