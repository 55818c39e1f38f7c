#include "sql/storage/delta_table_source.h"

#include <algorithm>

#include "base/str_cat.h"
#include "delta/schema/column_mapping.h"
#include "delta/stats/file_stats_parser.h"
#include "delta/table_scan.h"
#include "format/parquet/column_chunk_cache.h"
#include "sql/storage/scan_slice_filter.h"

namespace lakeml::sql {
namespace {

// Drops every column of the batches (a scan that only counts rows still reads one column).
class RowCountReader final : public MorselReader {
 public:
  explicit RowCountReader(std::unique_ptr<delta::ScanBatchStream> stream)
      : stream_(std::move(stream)) {}
  Result<columnar::BatchPtr> Next() override {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr b, stream_->Next());
    if (b == nullptr) return b;
    static const auto kEmpty = std::make_shared<columnar::Schema>();
    return std::make_shared<columnar::Batch>(kEmpty, std::vector<columnar::VectorPtr>{},
                                             b->num_rows());
  }

 private:
  std::unique_ptr<delta::ScanBatchStream> stream_;
};

class DeltaMorselReader final : public MorselReader {
 public:
  DeltaMorselReader(std::shared_ptr<const delta::TableScan> scan,
                    std::unique_ptr<delta::ScanBatchStream> stream)
      : scan_(std::move(scan)), stream_(std::move(stream)) {}
  Result<columnar::BatchPtr> Next() override { return stream_->Next(); }

 private:
  std::shared_ptr<const delta::TableScan> scan_;  // Must outlive the stream.
  std::unique_ptr<delta::ScanBatchStream> stream_;
};

class RowCountMorselReader final : public MorselReader {
 public:
  RowCountMorselReader(std::shared_ptr<const delta::TableScan> scan,
                       std::unique_ptr<delta::ScanBatchStream> stream)
      : scan_(std::move(scan)), inner_(std::move(stream)) {}
  Result<columnar::BatchPtr> Next() override { return inner_.Next(); }

 private:
  std::shared_ptr<const delta::TableScan> scan_;
  RowCountReader inner_;
};

// A unit of parallel work: row groups [first_row_group, end_row_group) of one file (end -1 =
// to the file's last).
struct DeltaMorsel {
  size_t file = 0;
  int first_row_group = 0;
  int end_row_group = -1;
};

// Files with at most this many row groups per morsel; more are split so that the threads of a
// query share the work of a table made of a few large files.
constexpr int kRowGroupsPerMorsel = 1;
// Splitting reads every file's footer while planning: only done for this many files or fewer
// (many files already give enough parallelism).
constexpr size_t kMaxFilesToSplit = 64;
// Rows per batch read from a file: the engine's chunk size (Chunk::kMaxRows).
constexpr int64_t kScanBatchRows = 2048;

class DeltaScanPlan final : public TableScanPlan {
 public:
  DeltaScanPlan(std::shared_ptr<const delta::TableScan> scan, std::vector<DeltaMorsel> morsels,
                bool count_only, delta::ScanMetrics metrics)
      : scan_(std::move(scan)),
        morsels_(std::move(morsels)),
        count_only_(count_only),
        metrics_(metrics) {}

  int64_t num_morsels() const override { return static_cast<int64_t>(morsels_.size()); }

  Result<std::unique_ptr<MorselReader>> OpenMorsel(int64_t i) const override {
    const DeltaMorsel& m = morsels_[i];
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::ScanBatchStream> stream,
                            scan_->ExecuteFile(m.file, m.first_row_group, m.end_row_group));
    if (count_only_) {
      return std::unique_ptr<MorselReader>(
          std::make_unique<RowCountMorselReader>(scan_, std::move(stream)));
    }
    return std::unique_ptr<MorselReader>(
        std::make_unique<DeltaMorselReader>(scan_, std::move(stream)));
  }

  std::string Describe() const override {
    return StrCat("files: ", scan_->files().size(), " of ", metrics_.files_total, " (",
                  metrics_.files_pruned_by_partition, " pruned by partition, ",
                  metrics_.files_skipped_by_stats, " skipped by stats)");
  }

 private:
  std::shared_ptr<const delta::TableScan> scan_;  // Of exactly the files to read.
  std::vector<DeltaMorsel> morsels_;
  bool count_only_;
  delta::ScanMetrics metrics_;
};

}  // namespace

DeltaTableSource::DeltaTableSource(std::shared_ptr<const delta::Snapshot> snapshot,
                                   std::string display_name)
    : snapshot_(std::move(snapshot)),
      display_name_(std::move(display_name)),
      schema_(snapshot_->schema()) {}

Result<std::shared_ptr<DeltaTableSource>> DeltaTableSource::Open(io::FileSystem* fs,
                                                                 const std::string& path,
                                                                 std::string display_name,
                                                                 std::optional<int64_t> version) {
  delta::SnapshotOptions options;
  options.version = version;
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<const delta::Snapshot> snapshot,
                          delta::Snapshot::Load(fs, path, options));
  return std::make_shared<DeltaTableSource>(std::move(snapshot), std::move(display_name));
}

Result<std::unique_ptr<TableScanPlan>> DeltaTableSource::PlanScan(
    const std::vector<int>& columns, const std::optional<delta::Predicate>& filter) const {
  delta::ScanOptions options;
  options.num_threads = 1;  // The engine parallelizes over files.
  // Chunk-sized batches decoded slice by slice: no row-group-sized vectors, no slice copies.
  options.batch_rows = kScanBatchRows;
  // Data files are immutable: their decompressed chunks are cached across queries (0020).
  options.chunk_cache = parquet::ColumnChunkCache::Global();
  options.predicate = filter;
  const bool count_only = columns.empty();
  if (count_only) {
    if (schema_->num_fields() == 0) {
      return Status::NotImplemented("Scan of a table without columns: ", display_name_);
    }
    options.columns.push_back(schema_->field(0).name);
  }
  for (int c : columns) options.columns.push_back(schema_->field(c).name);
  if (filter && !count_only) {
    // Late materialization (0027): rows the filter rules out are dropped while decoding.
    std::vector<std::string> names;
    std::vector<columnar::TypePtr> types;
    for (int c : columns) {
      names.push_back(schema_->field(c).name);
      types.push_back(schema_->field(c).type);
    }
    std::shared_ptr<const ScanRowFilter> row_filter = ScanRowFilter::Make(*filter, names, types);
    if (row_filter != nullptr) {
      options.slice_filter = [row_filter](const std::vector<int>& positions) {
        return std::unique_ptr<parquet::SliceFilter>(ScanSliceFilter::Make(row_filter, positions));
      };
    }
  }
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::TableScan> pruned,
                          delta::TableScan::Make(snapshot_, options));
  const delta::ScanMetrics metrics = pruned->metrics();
  options.predicate.reset();  // Already applied to the file list.
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::TableScan> scan,
                          delta::TableScan::MakeForFiles(snapshot_, options, pruned->files(), {},
                                                         /*read_change_type=*/false));
  std::vector<DeltaMorsel> morsels;
  const size_t num_files = scan->files().size();
  for (size_t f = 0; f < num_files; ++f) {
    int groups = 1;
    if (num_files <= kMaxFilesToSplit) {
      LAKEML_ASSIGN_OR_RETURN(groups, scan->CountRowGroups(f));
    }
    if (groups <= kRowGroupsPerMorsel) {
      morsels.push_back(DeltaMorsel{f, 0, -1});
      continue;
    }
    for (int g = 0; g < groups; g += kRowGroupsPerMorsel) {
      // The last morsel reads to the file's end.
      const int end = g + kRowGroupsPerMorsel >= groups ? -1 : g + kRowGroupsPerMorsel;
      morsels.push_back(DeltaMorsel{f, g, end});
    }
  }
  return std::unique_ptr<TableScanPlan>(
      std::make_unique<DeltaScanPlan>(std::shared_ptr<const delta::TableScan>(std::move(scan)),
                                      std::move(morsels), count_only, metrics));
}

std::optional<int64_t> DeltaTableSource::EstimatedRows() const {
  int64_t rows = 0;
  for (const delta::AddFile& f : snapshot_->files()) {
    // The stats JSON starts with {"numRecords":N as every writer puts it first; else guess.
    int64_t n = -1;
    if (f.stats) {
      const std::string& s = *f.stats;
      const size_t at = s.find("\"numRecords\":");
      if (at != std::string::npos) {
        n = 0;
        for (size_t i = at + 13; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
          n = n * 10 + (s[i] - '0');
          if (n > (int64_t{1} << 50)) break;
        }
      }
    }
    rows += n >= 0 ? n : f.size / 100;
  }
  return rows;
}

std::optional<double> DeltaTableSource::EstimatedDistinct(int column) const {
  const std::optional<std::pair<int64_t, int64_t>> range = EstimatedRange(column);
  if (!range) return std::nullopt;
  const double span = static_cast<double>(range->second) - static_cast<double>(range->first) + 1.0;
  return std::min(span, static_cast<double>(EstimatedRows().value_or(INT64_MAX)));
}

std::optional<std::pair<int64_t, int64_t>> DeltaTableSource::EstimatedRange(int column) const {
  std::lock_guard<std::mutex> lock(distinct_mu_);
  auto it = ranges_.find(column);
  if (it != ranges_.end()) return it->second;
  std::optional<std::pair<int64_t, int64_t>> result;
  const columnar::Field& field = schema_->field(static_cast<size_t>(column));
  const columnar::TypeId id = field.type->id();
  const bool integral = id == columnar::TypeId::kInt8 || id == columnar::TypeId::kInt16 ||
                        id == columnar::TypeId::kInt32 || id == columnar::TypeId::kInt64 ||
                        id == columnar::TypeId::kDate32;
  const std::vector<std::string>& partitions = snapshot_->partition_columns();
  const bool partitioned =
      std::find(partitions.begin(), partitions.end(), field.name) != partitions.end();
  Result<delta::ColumnMappingMode> mode =
      delta::ColumnMappingModeOf(snapshot_->metadata().configuration);
  if (integral && !partitioned && mode.ok()) {
    delta::FileStatsParser parser(
        {delta::StatsColumn{{delta::PhysicalName(field, *mode)}, field.type}});
    delta::FileStats stats;
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    bool complete = true;
    for (const delta::AddFile& f : snapshot_->files()) {
      if (!f.stats || !parser.Parse(*f.stats, &stats).ok()) {
        complete = false;
        break;
      }
      const delta::ColumnStats& c = stats.column(0);
      if (stats.num_records().value_or(1) == 0) continue;
      if (!c.min || !c.max || c.min->is_null || c.max->is_null) {
        complete = false;
        break;
      }
      lo = std::min(lo, c.min->i);
      hi = std::max(hi, c.max->i);
    }
    if (complete && lo <= hi) result = std::make_pair(lo, hi);
  }
  ranges_.emplace(column, result);
  return result;
}

}  // namespace lakeml::sql
