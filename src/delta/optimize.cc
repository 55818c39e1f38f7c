#include "delta/optimize.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/str_cat.h"
#include "base/thread_pool.h"
#include "delta/data_file_writer.h"
#include "delta/schema/column_mapping.h"
#include "delta/snapshot.h"
#include "delta/stats/data_skipping.h"
#include "delta/stats/skipping_predicate.h"
#include "delta/table_features.h"
#include "delta/table_scan.h"
#include "delta/transaction.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: the table property Delta uses for the target file size.
constexpr char kTargetFileSizeProperty[] = "delta.targetFileSize";

// "134217728", "128mb", "1 GB", "64k": bytes, or nullopt when the text is not a size.
std::optional<int64_t> ParseByteSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  const size_t digits_begin = i;
  int64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (n > (std::numeric_limits<int64_t>::max() - 9) / 10) return std::nullopt;
    n = n * 10 + (text[i++] - '0');
  }
  if (i == digits_begin) return std::nullopt;
  std::string unit;
  for (; i < text.size(); ++i) {
    if (!std::isspace(static_cast<unsigned char>(text[i]))) {
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
  }
  int shift = 0;
  if (unit.empty() || unit == "b") {
    shift = 0;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    shift = 10;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    shift = 20;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    shift = 30;
  } else {
    return std::nullopt;
  }
  if (n > (std::numeric_limits<int64_t>::max() >> shift)) return std::nullopt;
  return n << shift;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

struct Bin {
  const PartitionValues* partition = nullptr;
  std::vector<AddFile> files;
  int64_t bytes = 0;
};

// Delta Spark's greedy packing: files in ascending size order fill a bin until the next one
// would push it past the target. Single-file bins are dropped unless the file has a DV.
void PackPartition(const PartitionValues& partition, std::vector<AddFile> files, int64_t target,
                   std::vector<Bin>* bins) {
  std::sort(files.begin(), files.end(), [](const AddFile& a, const AddFile& b) {
    return a.size != b.size ? a.size < b.size : a.path < b.path;
  });
  Bin current;
  current.partition = &partition;
  auto flush = [&] {
    const bool worth_it =
        current.files.size() > 1 || (current.files.size() == 1 && current.files[0].deletion_vector);
    if (worth_it) bins->push_back(std::move(current));
    current = Bin{};
    current.partition = &partition;
  };
  for (AddFile& f : files) {
    if (!current.files.empty() && current.bytes + f.size > target) flush();
    current.bytes += f.size;
    current.files.push_back(std::move(f));
  }
  if (!current.files.empty()) flush();
}

// Rewrites one bin as one file (no roll-over inside a bin: the bin is the file).
Status RewriteBin(const SnapshotPtr& snapshot, ColumnMappingMode mode, const Bin& bin,
                  std::vector<AddFile>* added, int64_t* rows) {
  ScanOptions scan_options;
  scan_options.num_threads = 1;  // Bins are the unit of parallelism.
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan,
                          TableScan::MakeForFiles(snapshot, scan_options, bin.files, {}, false));
  StringMap configuration = snapshot->metadata().configuration;
  configuration.erase(kTargetFileSizeProperty);
  DataFileWriterOptions writer_options;
  writer_options.data_change = false;
  writer_options.target_file_bytes = std::numeric_limits<int64_t>::max();
  writer_options.parquet.num_threads = 1;
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<DataFileWriter> writer,
      DataFileWriter::Make(snapshot->fs(), snapshot->table_root(), snapshot->schema(),
                           snapshot->partition_columns(), mode, configuration, writer_options));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<ScanBatchStream> stream, scan->Execute());
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (!batch) break;
    LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
  }
  LAKEML_ASSIGN_OR_RETURN(*added, writer->Finish());
  *rows = writer->rows_written();
  return Status::OK();
}

// Nearest-rank percentile of sorted sizes; 0 when there are none.
int64_t Percentile(const std::vector<int64_t>& sorted, int p) {
  if (sorted.empty()) return 0;
  const size_t rank = (sorted.size() * static_cast<size_t>(p) + 99) / 100;
  return sorted[rank == 0 ? 0 : rank - 1];
}

}  // namespace

Result<OptimizeResult> Optimize::Run(io::FileSystem* fs, const std::string& table_root,
                                     const OptimizeOptions& options) {
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr snapshot, Snapshot::Load(fs, table_root));
  // OPTIMIZE keeps every row as it is, so constraints the rows satisfy still hold.
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(
                             snapshot->protocol(), snapshot->metadata(), *snapshot->schema(), true)
                             .WithContext("Cannot OPTIMIZE ", table_root));
  int64_t target = kDefaultOptimizeTargetBytes;
  if (options.target_file_bytes) {
    target = *options.target_file_bytes;
  } else if (const std::string p = snapshot->Property(kTargetFileSizeProperty); !p.empty()) {
    const std::optional<int64_t> parsed = ParseByteSize(p);
    if (!parsed || *parsed <= 0) {
      return Status::InvalidArgument("Invalid table property ", kTargetFileSizeProperty, ": '", p,
                                     "' (expected a byte size such as 134217728 or 128mb)");
    }
    target = *parsed;
  }
  if (target <= 0) {
    return Status::InvalidArgument("OPTIMIZE target file size must be positive: ", target);
  }
  const int64_t min_bytes = options.min_file_bytes.value_or(target);
  if (min_bytes < 0) {
    return Status::InvalidArgument("OPTIMIZE minimum file size must not be negative: ", min_bytes);
  }
  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                          ColumnMappingModeOf(snapshot->metadata().configuration));

  // The partitions to optimize.
  std::optional<Predicate> predicate;
  std::optional<DataSkipping> partition_filter;
  const std::vector<std::string>& partition_columns = snapshot->partition_columns();
  if (options.predicate) {
    LAKEML_ASSIGN_OR_RETURN(predicate, Predicate::Parse(*options.predicate, *snapshot->schema()));
    for (const ColumnPath& path : predicate->Columns()) {
      const bool is_partition =
          path.size() == 1 &&
          std::any_of(partition_columns.begin(), partition_columns.end(),
                      [&](const std::string& p) { return EqualsIgnoreCase(p, path[0]); });
      if (!is_partition) {
        return Status::InvalidArgument(
            "OPTIMIZE predicate may only reference partition columns: ", path.back(),
            " is not one (partition columns: ", nlohmann::json(partition_columns).dump(), ")");
      }
    }
    LAKEML_ASSIGN_OR_RETURN(
        DataSkipping skipping,
        DataSkipping::Make(*predicate, *snapshot->schema(), partition_columns, mode));
    partition_filter.emplace(std::move(skipping));
  }

  std::map<PartitionValues, std::vector<AddFile>> candidates;
  for (const AddFile& add : snapshot->files()) {
    if (partition_filter && !partition_filter->FileMayMatch(add)) continue;
    if (add.size < min_bytes || add.deletion_vector) {
      // "" and null spell the same (null) partition value.
      PartitionValues key = add.partition_values;
      for (auto& [column, value] : key) {
        if (value && value->empty()) value.reset();
      }
      candidates[std::move(key)].push_back(add);
    }
  }
  std::vector<Bin> bins;
  for (auto& [partition, files] : candidates) {
    PackPartition(partition, std::move(files), target, &bins);
  }
  OptimizeResult result;
  if (bins.empty()) return result;

  // Rewrite the bins.
  std::vector<std::vector<AddFile>> added(bins.size());
  std::vector<int64_t> rows(bins.size(), 0);
  const int threads =
      std::min<int>(options.num_threads > 0 ? options.num_threads : ThreadPool::DefaultThreads(),
                    static_cast<int>(bins.size()));
  std::unique_ptr<ThreadPool> pool;
  if (threads > 1) pool = std::make_unique<ThreadPool>(threads);
  {
    TaskGroup group(pool.get());
    for (size_t i = 0; i < bins.size(); ++i) {
      group.Run([&, i] { return RewriteBin(snapshot, mode, bins[i], &added[i], &rows[i]); });
    }
    LAKEML_RETURN_IF_ERROR(group.Wait().WithContext("OPTIMIZE of ", table_root));
  }

  // One commit: removes and adds, all dataChange = false.
  std::unique_ptr<Transaction> txn = Transaction::Begin(snapshot);
  std::vector<AddFile> compacted;
  std::vector<int64_t> added_sizes;
  const PartitionValues* last_partition = nullptr;
  for (size_t i = 0; i < bins.size(); ++i) {
    if (last_partition == nullptr || *last_partition != *bins[i].partition) {
      ++result.partitions_optimized;
      last_partition = bins[i].partition;
    }
    for (const AddFile& f : bins[i].files) {
      // dataChange = false; metadata kept so that readers of the tombstone (CDF, VACUUM) see
      // the file as it was. The transaction stamps deletionTimestamp.
      txn->RemoveFile(RemoveOf(f, std::nullopt, /*data_change=*/false));
      compacted.push_back(f);
      ++result.files_removed;
      result.bytes_removed += f.size;
      if (f.deletion_vector) ++result.deletion_vectors_removed;
    }
    for (AddFile& a : added[i]) {
      a.data_change = false;
      ++result.files_added;
      result.bytes_added += a.size;
      added_sizes.push_back(a.size);
      txn->AddFile(std::move(a));
    }
    result.rows_written += rows[i];
  }
  // A concurrent DELETE/UPDATE of a compacted file must fail this commit (or that one):
  // otherwise the rewritten file would resurrect the rows it deleted.
  txn->ReadFiles(compacted);
  nlohmann::json predicates = nlohmann::json::array();
  if (predicate) predicates.push_back(predicate->ToString());
  const nlohmann::ordered_json params = {
      {"predicate", predicates.dump()}, {"zOrderBy", "[]"}, {"clusterBy", "[]"}, {"auto", false}};
  txn->SetOperation("OPTIMIZE", params.dump());
  std::sort(added_sizes.begin(), added_sizes.end());
  auto text = [](int64_t v) { return std::to_string(v); };
  const nlohmann::json metrics = {
      {"numRemovedFiles", text(result.files_removed)},
      {"numRemovedBytes", text(result.bytes_removed)},
      {"numAddedFiles", text(result.files_added)},
      {"numAddedBytes", text(result.bytes_added)},
      {"numDeletionVectorsRemoved", text(result.deletion_vectors_removed)},
      {"minFileSize", text(added_sizes.empty() ? 0 : added_sizes.front())},
      {"p25FileSize", text(Percentile(added_sizes, 25))},
      {"p50FileSize", text(Percentile(added_sizes, 50))},
      {"p75FileSize", text(Percentile(added_sizes, 75))},
      {"maxFileSize", text(added_sizes.empty() ? 0 : added_sizes.back())}};
  txn->SetOperationMetrics(metrics.dump());
  Result<CommitResult> commit = txn->Commit();
  if (!commit.ok()) return commit.status().WithContext("OPTIMIZE of ", table_root);
  result.version = commit->version;
  return result;
}

}  // namespace lakeml::delta
