// `lakeml table write | vacuum | optimize | checkpoint | restore | rename-column | drop-column`:
// the commands that change a Delta table. Each prints a short summary of what it did on
// stdout; errors go to stderr as "lakeml: <message>" with exit status 1.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/table_command.h"
#include "base/str_cat.h"
#include "delta/checkpointer.h"
#include "delta/optimize.h"
#include "delta/restore.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/vacuum.h"
#include "format/csv/csv_reader.h"
#include "format/parquet/file_reader.h"
#include "io/local_file_system.h"

namespace lakeml::app {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "lakeml: %s\n", s.ToString().c_str());
  return 1;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "1048576", "128mb", "1g": bytes.
Result<int64_t> ParseBytes(const std::string& text, std::string_view option) {
  size_t i = 0;
  int64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (n > (INT64_MAX - 9) / 10) break;
    n = n * 10 + (text[i++] - '0');
  }
  std::string unit;
  for (size_t k = i; k < text.size(); ++k) {
    unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
  }
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  if (unit == "k" || unit == "kb" || unit == "kib") shift = 10;
  if (unit == "m" || unit == "mb" || unit == "mib") shift = 20;
  if (unit == "g" || unit == "gb" || unit == "gib") shift = 30;
  if (i == 0 || shift < 0 || n > (INT64_MAX >> shift) || n == 0) {
    return Status::InvalidArgument("Invalid ", option, ": '", text,
                                   "' (expected a positive byte size such as 134217728 or 128mb)");
  }
  return n << shift;
}

// ---------------------------------------------------------------------------------------------
// write

struct WriteArgs {
  std::string path;
  std::string input;
  std::string mode = "append";
  std::vector<std::string> partition_by;
  bool merge_schema = false;
  std::string replace_where;
  std::vector<std::string> properties;
  std::string input_format = "auto";
  char delimiter = ',';
  bool no_header = false;
  int threads = 0;
  bool quiet = false;
};

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix.data(), suffix.size()) == 0;
}

// By extension (.parquet/.parq, .csv/.tsv/.txt); otherwise by the Parquet magic.
bool IsParquetInput(const WriteArgs& args) {
  if (args.input_format != "auto") return args.input_format == "parquet";
  std::string lower;
  for (char c : args.input) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".parquet") || EndsWith(lower, ".parq")) return true;
  if (EndsWith(lower, ".csv") || EndsWith(lower, ".tsv") || EndsWith(lower, ".txt")) return false;
  std::FILE* f = std::fopen(args.input.c_str(), "rb");
  if (!f) return false;
  char magic[4] = {0, 0, 0, 0};
  const size_t n = std::fread(magic, 1, 4, f);
  std::fclose(f);
  return n == 4 && std::string_view(magic, 4) == "PAR1";
}

// The input's schema and a source of its batches; owns the reader.
struct InputRows {
  columnar::SchemaPtr schema;
  std::shared_ptr<csv::CsvReader> csv;
  std::shared_ptr<parquet::FileReader> parquet;
  std::shared_ptr<parquet::BatchStream> parquet_stream;

  Result<columnar::BatchPtr> Next() { return csv ? csv->Next() : parquet_stream->Next(); }
};

Result<InputRows> OpenInput(const WriteArgs& args) {
  InputRows in;
  if (IsParquetInput(args)) {
    parquet::ReaderOptions ro;
    ro.num_threads = args.threads;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                            parquet::FileReader::Open(io::LocalFs(), args.input, ro));
    in.parquet = std::move(reader);
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::BatchStream> stream, in.parquet->Scan({}));
    in.parquet_stream = std::move(stream);
    in.schema = in.parquet->schema();
  } else {
    csv::CsvReadOptions options;
    options.delimiter = args.delimiter;
    options.header = !args.no_header;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<csv::CsvReader> reader,
                            csv::CsvReader::Open(io::LocalFs(), args.input, options));
    in.csv = std::move(reader);
    in.schema = in.csv->schema();
  }
  return in;
}

Result<delta::StringMap> ParseProperties(const std::vector<std::string>& items) {
  delta::StringMap out;
  for (const std::string& item : items) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("Invalid --property: '", item, "' (expected key=value)");
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

Status RunWrite(const WriteArgs& args) {
  delta::WriteOptions options;
  if (args.mode == "append") {
    options.mode = delta::WriteOptions::Mode::kAppend;
  } else if (args.mode == "overwrite") {
    options.mode = delta::WriteOptions::Mode::kOverwrite;
  } else {
    return Status::InvalidArgument("Invalid --mode: '", args.mode, "' (use append or overwrite)");
  }
  if (!args.replace_where.empty()) {
    if (options.mode != delta::WriteOptions::Mode::kOverwrite) {
      return Status::InvalidArgument("--replace-where needs --mode overwrite");
    }
    options.replace_where = args.replace_where;
  }
  options.partition_by = args.partition_by;
  options.merge_schema = args.merge_schema;
  LAKEML_ASSIGN_OR_RETURN(options.properties, ParseProperties(args.properties));
  options.num_threads = args.threads;
  if (!options.properties.empty()) {
    // Properties only apply when the table is created here; say so instead of ignoring them.
    Result<delta::SnapshotPtr> existing = delta::Snapshot::Load(io::LocalFs(), args.path);
    if (existing.ok()) {
      return Status::InvalidArgument("--property applies only when creating a table; ", args.path,
                                     " already exists");
    }
  }

  LAKEML_ASSIGN_OR_RETURN(InputRows input, OpenInput(args));
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  int64_t rows_read = 0;
  bool reported = false;
  delta::BatchSource source = [&]() -> Result<columnar::BatchPtr> {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, input.Next());
    if (batch) rows_read += batch->num_rows();
    const auto now = std::chrono::steady_clock::now();
    if (!args.quiet && now - last_report > std::chrono::seconds(2)) {
      std::fprintf(stderr, "\rlakeml: read %lld rows ...", static_cast<long long>(rows_read));
      last_report = now;
      reported = true;
    }
    return batch;
  };
  Result<delta::WriteResult> written =
      delta::TableWriter::Write(io::LocalFs(), args.path, input.schema, source, options);
  if (reported) std::fputc('\n', stderr);
  if (!written.ok()) return written.status();
  if (!args.quiet) {
    // Rows deleted from existing files by a replaceWhere on data columns.
    const std::string deleted =
        written->rows_deleted > 0
            ? StrCat(", ", written->rows_deleted, " existing rows deleted")
            : std::string();
    std::printf(
        "%s version %lld of %s: %lld rows, %lld files added, %lld removed%s, %lld bytes "
        "in %.2f s\n",
        written->created ? "Created" : "Wrote", static_cast<long long>(written->version),
        args.path.c_str(), static_cast<long long>(written->rows_written),
        static_cast<long long>(written->files_added),
        static_cast<long long>(written->files_removed), deleted.c_str(),
        static_cast<long long>(written->bytes_written), SecondsSince(start));
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// vacuum, optimize, checkpoint, restore, rename-column, drop-column

struct VacuumArgs {
  std::string path;
  std::optional<double> retain_hours;
  bool dry_run = false;
  bool force = false;
};

Status RunVacuum(const VacuumArgs& args) {
  delta::VacuumOptions options;
  options.retention_hours = args.retain_hours;
  options.dry_run = args.dry_run;
  options.force = args.force;
  LAKEML_ASSIGN_OR_RETURN(delta::VacuumResult result,
                          delta::Vacuum::Run(io::LocalFs(), args.path, options));
  for (const std::string& f : result.files) std::printf("%s\n", f.c_str());
  std::printf("%s %lld files (%lld bytes); kept %lld\n", args.dry_run ? "Would delete" : "Deleted",
              static_cast<long long>(result.files.size()), static_cast<long long>(result.bytes),
              static_cast<long long>(result.files_kept));
  return Status::OK();
}

struct OptimizeArgs {
  std::string path;
  std::string where;
  std::string target_size;
  int threads = 0;
};

Status RunOptimize(const OptimizeArgs& args) {
  delta::OptimizeOptions options;
  if (!args.where.empty()) options.predicate = args.where;
  if (!args.target_size.empty()) {
    LAKEML_ASSIGN_OR_RETURN(options.target_file_bytes,
                            ParseBytes(args.target_size, "--target-size"));
  }
  options.num_threads = args.threads;
  const auto start = std::chrono::steady_clock::now();
  LAKEML_ASSIGN_OR_RETURN(delta::OptimizeResult r,
                          delta::Optimize::Run(io::LocalFs(), args.path, options));
  if (r.version < 0) {
    std::printf("Nothing to optimize in %s\n", args.path.c_str());
    return Status::OK();
  }
  std::printf(
      "Optimized %s as version %lld: %lld files (%lld bytes) compacted into %lld files "
      "(%lld bytes) in %lld partitions, %lld deletion vectors purged, in %.2f s\n",
      args.path.c_str(), static_cast<long long>(r.version), static_cast<long long>(r.files_removed),
      static_cast<long long>(r.bytes_removed), static_cast<long long>(r.files_added),
      static_cast<long long>(r.bytes_added), static_cast<long long>(r.partitions_optimized),
      static_cast<long long>(r.deletion_vectors_removed), SecondsSince(start));
  return Status::OK();
}

Status RunCheckpoint(const std::string& path) {
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snap, delta::Snapshot::Load(io::LocalFs(), path));
  LAKEML_RETURN_IF_ERROR(delta::Checkpointer::Checkpoint(*snap));
  std::printf("Checkpoint written for version %lld of %s\n",
              static_cast<long long>(snap->version()), path.c_str());
  return Status::OK();
}

struct RestoreArgs {
  std::string path;
  std::optional<int64_t> version;
  std::string timestamp;
};

Status RunRestore(const RestoreArgs& args) {
  delta::RestoreOptions options;
  options.version = args.version;
  if (!args.timestamp.empty()) {
    LAKEML_ASSIGN_OR_RETURN(options.timestamp_ms, ParseTimestampArg(args.timestamp));
  }
  if (options.version.has_value() == options.timestamp_ms.has_value()) {
    return Status::InvalidArgument("Give exactly one of --version or --timestamp");
  }
  LAKEML_ASSIGN_OR_RETURN(delta::RestoreResult r,
                          delta::Restore::Run(io::LocalFs(), args.path, options));
  std::printf(
      "Restored %s to version %lld as version %lld: %lld files restored, %lld removed; "
      "%lld files (%lld bytes) now\n",
      args.path.c_str(), static_cast<long long>(r.restored_version),
      static_cast<long long>(r.version), static_cast<long long>(r.files_restored),
      static_cast<long long>(r.files_removed), static_cast<long long>(r.num_files_after),
      static_cast<long long>(r.table_bytes_after));
  return Status::OK();
}

// Runs `run` as a command callback: its error becomes exit status 1 and a stderr line.
template <typename F>
std::function<void()> Command(int* exit_code, F run) {
  return [exit_code, run] {
    Status s = run();
    if (!s.ok()) *exit_code = Fail(s);
  };
}

}  // namespace

void RegisterTableWriteCommands(CLI::App* table, int* exit_code) {
  auto w = std::make_shared<WriteArgs>();
  CLI::App* write = table->add_subcommand(
      "write", "Append or overwrite rows from a CSV or Parquet file (creates the table if absent)");
  write->add_option("PATH", w->path, "Table directory")->required();
  write->add_option("INPUT", w->input, "Input file: CSV (with a header) or Parquet")->required();
  write->add_option("--mode", w->mode, "append (default) or overwrite");
  write
      ->add_option("--partition-by", w->partition_by,
                   "Partition columns, comma-separated (new tables; must match otherwise)")
      ->delimiter(',')
      ->allow_extra_args(false);
  write->add_flag("--merge-schema", w->merge_schema, "Add input columns the table lacks");
  write->add_option("--replace-where", w->replace_where,
                    "With --mode overwrite: replace only the rows matching this condition, on "
                    "partition or data columns, e.g. \"date = '2024-01-31'\" or \"id > 100 "
                    "and kind in ('a', 'b')\"; every input row must match it (rows where it is "
                    "NULL do not)");
  write
      ->add_option("--property", w->properties,
                   "Table property key=value for a new table (repeatable), e.g. "
                   "delta.enableChangeDataFeed=true")
      ->allow_extra_args(false);
  write
      ->add_option("--input-format", w->input_format,
                   "auto (default: by extension, else by content), csv or parquet")
      ->check(CLI::IsMember({"auto", "csv", "parquet"}));
  write->add_option("--delimiter", w->delimiter, "CSV field delimiter (default ,)");
  write->add_flag("--no-header", w->no_header, "The CSV has no header line");
  write->add_option("--threads", w->threads, "Threads (0 = one per core)");
  write->add_flag("--quiet", w->quiet, "No summary on stdout, no progress on stderr");
  write->callback(Command(exit_code, [w] { return RunWrite(*w); }));

  auto v = std::make_shared<VacuumArgs>();
  CLI::App* vacuum = table->add_subcommand(
      "vacuum", "Delete files no version within the retention period needs; lists them");
  vacuum->add_option("PATH", v->path, "Table directory")->required();
  vacuum->add_option("--retain-hours", v->retain_hours,
                     "Keep files removed less than this many hours ago (default: the table's "
                     "delta.deletedFileRetentionDuration, 7 days)");
  vacuum->add_flag("--dry-run", v->dry_run, "Only list the files that would be deleted");
  vacuum->add_flag("--force", v->force,
                   "Allow a retention shorter than delta.deletedFileRetentionDuration");
  vacuum->callback(Command(exit_code, [v] { return RunVacuum(*v); }));

  auto o = std::make_shared<OptimizeArgs>();
  CLI::App* optimize = table->add_subcommand(
      "optimize", "Compact small files (and files with deletion vectors) into larger ones");
  optimize->add_option("PATH", o->path, "Table directory")->required();
  optimize->add_option("--where", o->where,
                       "Only partitions matching this condition on partition columns");
  optimize->add_option("--target-size", o->target_size,
                       "Target file size in bytes, or with a unit: 128mb (default: "
                       "delta.targetFileSize, else 128mb)");
  optimize->add_option("--threads", o->threads, "Files rewritten in parallel (0 = one per core)");
  optimize->callback(Command(exit_code, [o] { return RunOptimize(*o); }));

  auto checkpoint_path = std::make_shared<std::string>();
  CLI::App* checkpoint =
      table->add_subcommand("checkpoint", "Write a checkpoint of the latest version");
  checkpoint->add_option("PATH", *checkpoint_path, "Table directory")->required();
  checkpoint->callback(
      Command(exit_code, [checkpoint_path] { return RunCheckpoint(*checkpoint_path); }));

  auto r = std::make_shared<RestoreArgs>();
  CLI::App* restore =
      table->add_subcommand("restore", "Make an earlier version the current one (as a new commit)");
  restore->add_option("PATH", r->path, "Table directory")->required();
  restore->add_option("--version", r->version, "The version to restore");
  restore->add_option("--timestamp", r->timestamp,
                      "Restore the version current at this time (2024-01-31[ 10:00:00], "
                      "ISO-8601, or epoch ms)");
  restore->callback(Command(exit_code, [r] { return RunRestore(*r); }));

  auto rename_args = std::make_shared<std::array<std::string, 3>>();
  CLI::App* rename = table->add_subcommand(
      "rename-column", "Rename a column (needs delta.columnMapping.mode=name; no data rewrite)");
  rename->add_option("PATH", (*rename_args)[0], "Table directory")->required();
  rename->add_option("FROM", (*rename_args)[1], "Current column name")->required();
  rename->add_option("TO", (*rename_args)[2], "New column name")->required();
  rename->callback(Command(exit_code, [rename_args] {
    const auto& [path, from, to] = *rename_args;
    Result<delta::CommitResult> c = delta::TableWriter::RenameColumn(io::LocalFs(), path, from, to);
    if (!c.ok()) return c.status();
    std::printf("Renamed column %s to %s in %s (version %lld)\n", from.c_str(), to.c_str(),
                path.c_str(), static_cast<long long>(c->version));
    return Status::OK();
  }));

  auto drop_args = std::make_shared<std::array<std::string, 2>>();
  CLI::App* drop = table->add_subcommand(
      "drop-column", "Drop a column (needs delta.columnMapping.mode=name; no data rewrite)");
  drop->add_option("PATH", (*drop_args)[0], "Table directory")->required();
  drop->add_option("COL", (*drop_args)[1], "Column to drop")->required();
  drop->callback(Command(exit_code, [drop_args] {
    const auto& [path, column] = *drop_args;
    Result<delta::CommitResult> c = delta::TableWriter::DropColumn(io::LocalFs(), path, column);
    if (!c.ok()) return c.status();
    std::printf("Dropped column %s from %s (version %lld)\n", column.c_str(), path.c_str(),
                static_cast<long long>(c->version));
    return Status::OK();
  }));
}

}  // namespace lakeml::app
