#include "app/table_command.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "base/str_cat.h"
#include "columnar/scalar.h"
#include "delta/commit_history.h"
#include "delta/scan.h"
#include "delta/schema/partition_value.h"
#include "delta/snapshot.h"
#include "delta/table_changes.h"
#include "delta/table_features.h"
#include "format/value_text/csv_batch_writer.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "format/value_text/temporal_text.h"
#include "io/local_file_system.h"

namespace lakeml::app {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "lakeml: %s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

Result<int64_t> ParseTimestampArg(const std::string& text) {
  bool digits = !text.empty();
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits && text.size() > 8) {
    int64_t ms = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return Status::InvalidArgument("Invalid --timestamp: ", text, " (out of range)");
    }
    return ms;
  }
  std::string t = text;
  if (t.size() == 10) t += " 00:00:00";
  auto ts = delta::ParsePartitionValue(
      t, columnar::DataType::Timestamp(columnar::TimeUnit::kMicro, true));
  if (!ts.ok() || ts->is_null) {
    return Status::InvalidArgument("Invalid --timestamp: ", text,
                                   " (use 2024-01-31, 2024-01-31 10:00:00, ISO-8601, or epoch ms)");
  }
  // Floor division: times before 1970 round down to the millisecond.
  return ts->i / 1000 - (ts->i % 1000 < 0 ? 1 : 0);
}

namespace {

struct ShowArgs {
  std::string path;
  std::optional<int64_t> version;
  std::string timestamp;
  std::vector<std::string> columns;
  int64_t limit = -1;
  std::string format = "csv";
  int threads = 0;
};

Status WriteStream(delta::ScanBatchStream& stream, const columnar::Schema& schema,
                   const std::string& format) {
  std::unique_ptr<format::CsvBatchWriter> csv;
  std::unique_ptr<format::JsonLinesBatchWriter> json;
  if (format == "csv") {
    csv = std::make_unique<format::CsvBatchWriter>(stdout);
    LAKEML_RETURN_IF_ERROR(csv->Begin(schema));
  } else {
    json = std::make_unique<format::JsonLinesBatchWriter>(stdout);
  }
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream.Next());
    if (!batch) break;
    LAKEML_RETURN_IF_ERROR(csv ? csv->Write(*batch) : json->Write(*batch));
  }
  return csv ? csv->Finish() : json->Finish();
}

Result<delta::SnapshotOptions> SnapshotOptionsOf(const std::optional<int64_t>& version,
                                                 const std::string& timestamp) {
  delta::SnapshotOptions options;
  options.version = version;
  if (!timestamp.empty()) {
    if (version) return Status::InvalidArgument("Give --version or --timestamp, not both");
    LAKEML_ASSIGN_OR_RETURN(int64_t ms, ParseTimestampArg(timestamp));
    options.timestamp_ms = ms;
  }
  return options;
}

Status RunShow(const ShowArgs& args) {
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotOptions options,
                          SnapshotOptionsOf(args.version, args.timestamp));
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snap,
                          delta::Snapshot::Load(io::LocalFs(), args.path, options));
  delta::ScanOptions scan_options;
  scan_options.columns = args.columns;
  scan_options.num_threads = args.threads;
  if (args.limit >= 0) scan_options.limit = args.limit;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::Scan> scan, snap->NewScan(scan_options));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::ScanBatchStream> stream, scan->Execute());
  return WriteStream(*stream, *scan->schema(), args.format);
}

struct ChangesArgs {
  std::string path;
  int64_t from = 0;
  std::optional<int64_t> to;
  std::vector<std::string> columns;
  std::string format = "csv";
};

Status RunChanges(const ChangesArgs& args) {
  delta::ChangesOptions options;
  options.start_version = args.from;
  options.end_version = args.to;
  options.columns = args.columns;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::ScanBatchStream> stream,
                          delta::TableChanges::Read(io::LocalFs(), args.path, options));
  // The schema is that of the first batch; an empty feed prints just the header.
  LAKEML_ASSIGN_OR_RETURN(
      delta::SnapshotPtr snap,
      delta::Snapshot::Load(io::LocalFs(), args.path, delta::SnapshotOptions{args.to, {}, false}));
  delta::ScanOptions scan_options;
  scan_options.columns = args.columns;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::Scan> scan, snap->NewScan(scan_options));
  return WriteStream(*stream, *delta::TableChanges::ChangeSchema(*scan->schema()), args.format);
}

std::string TimestampText(int64_t ms) {
  std::string out;
  format::AppendTimestamp(ms, columnar::TimeUnit::kMilli, true, &out);
  return out;
}

Status RunHistory(const std::string& path, int64_t limit, const std::string& format) {
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snap, delta::Snapshot::Load(io::LocalFs(), path));
  LAKEML_ASSIGN_OR_RETURN(std::vector<delta::CommitHistoryEntry> commits,
                          delta::CommitHistory::Read(*snap, limit));
  if (format == "text") {
    std::printf("%-8s %-27s %-24s %s\n", "version", "timestamp", "operation", "operationMetrics");
  }
  for (const delta::CommitHistoryEntry& commit : commits) {
    nlohmann::ordered_json info =
        nlohmann::ordered_json::parse(commit.commit_info_json, nullptr, false);
    if (!info.is_object()) info = nlohmann::ordered_json::object();
    const int64_t ts = commit.timestamp_ms;
    if (format == "json") {
      // version and the commit time (as text) first, then the commitInfo as written.
      nlohmann::ordered_json row = {{"version", commit.version}, {"timestamp", TimestampText(ts)}};
      for (auto& [key, value] : info.items()) {
        if (key != "timestamp") row[key] = value;
      }
      std::printf("%s\n", row.dump().c_str());
    } else {
      auto op = info.find("operation");
      auto metrics = info.find("operationMetrics");
      std::printf("%-8lld %-27s %-24s %s\n", static_cast<long long>(commit.version),
                  TimestampText(ts).c_str(),
                  op != info.end() && op->is_string() ? op->get<std::string>().c_str() : "?",
                  metrics != info.end() ? metrics->dump().c_str() : "");
    }
  }
  return Status::OK();
}

Status RunDetail(const std::string& path, const std::optional<int64_t>& version, bool list_files) {
  LAKEML_ASSIGN_OR_RETURN(
      delta::SnapshotPtr snap,
      delta::Snapshot::Load(io::LocalFs(), path, delta::SnapshotOptions{version, {}, false}));
  const delta::Metadata& m = snap->metadata();
  int64_t bytes = 0;
  for (const delta::AddFile& f : snap->files()) bytes += f.size;
  nlohmann::ordered_json d;
  d["format"] = "delta";
  d["id"] = m.id;
  d["name"] = m.name ? nlohmann::ordered_json(*m.name) : nlohmann::ordered_json();
  d["description"] =
      m.description ? nlohmann::ordered_json(*m.description) : nlohmann::ordered_json();
  d["location"] = snap->table_root();
  d["version"] = snap->version();
  d["createdAt"] = m.created_time ? nlohmann::ordered_json(TimestampText(*m.created_time))
                                  : nlohmann::ordered_json();
  d["lastModified"] = TimestampText(snap->timestamp_ms());
  d["partitionColumns"] = m.partition_columns;
  d["numFiles"] = snap->files().size();
  d["sizeInBytes"] = bytes;
  d["properties"] = m.configuration;
  d["minReaderVersion"] = snap->protocol().min_reader_version;
  d["minWriterVersion"] = snap->protocol().min_writer_version;
  std::set<std::string> features = delta::TableFeatures::WriterFeatures(snap->protocol());
  for (const std::string& f : delta::TableFeatures::ReaderFeatures(snap->protocol())) {
    features.insert(f);
  }
  d["tableFeatures"] = features;
  d["schema"] = nlohmann::ordered_json::parse(m.schema_string.empty() ? "null" : m.schema_string,
                                              nullptr, false);
  if (list_files) {
    // The live files, sorted by path: path as stored (URI-encoded, relative to the table),
    // partition values, size, and whether a deletion vector hides some of its rows.
    std::vector<const delta::AddFile*> files;
    for (const delta::AddFile& f : snap->files()) files.push_back(&f);
    std::sort(files.begin(), files.end(),
              [](const delta::AddFile* a, const delta::AddFile* b) { return a->path < b->path; });
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const delta::AddFile* f : files) {
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (const auto& [k, v] : f->partition_values) {
        values[k] = v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
      }
      list.push_back({{"path", f->path},
                      {"partitionValues", values},
                      {"size", f->size},
                      {"deletionVector", f->deletion_vector.has_value()}});
    }
    d["files"] = std::move(list);
  }
  std::printf("%s\n", d.dump(2).c_str());
  return Status::OK();
}

}  // namespace

void RegisterTableCommands(CLI::App* app, int* exit_code) {
  CLI::App* table = app->add_subcommand("table", "Read, write and maintain Delta Lake tables");
  table->require_subcommand(1);

  auto show = std::make_shared<ShowArgs>();
  CLI::App* show_cmd =
      table->add_subcommand("show", "Print a table's rows as CSV (with a header) or JSON Lines");
  show_cmd->add_option("PATH", show->path, "Table directory")->required();
  show_cmd->add_option("--version", show->version, "Read this version (time travel)");
  show_cmd->add_option("--timestamp", show->timestamp,
                       "Read the version current at this time (2024-01-31[ 10:00:00], ISO-8601, "
                       "or epoch ms)");
  show_cmd->add_option("--columns", show->columns, "Columns to print (comma-separated)")
      ->delimiter(',');
  show_cmd->add_option("--limit", show->limit, "Print at most N rows");
  show_cmd->add_option("--format", show->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  show_cmd->add_option("--threads", show->threads, "Decoding threads (0 = one per core)");
  show_cmd->callback([show, exit_code] {
    Status s = RunShow(*show);
    if (!s.ok()) *exit_code = Fail(s);
  });

  auto history_path = std::make_shared<std::string>();
  auto history_limit = std::make_shared<int64_t>(-1);
  auto history_format = std::make_shared<std::string>("text");
  CLI::App* history = table->add_subcommand("history", "List the table's commits, newest first");
  history->add_option("PATH", *history_path, "Table directory")->required();
  history->add_option("--limit", *history_limit, "Show at most N commits");
  history->add_option("--format", *history_format, "text or json (one commitInfo per line)")
      ->check(CLI::IsMember({"text", "json"}));
  history->callback([=] {
    Status s = RunHistory(*history_path, *history_limit, *history_format);
    if (!s.ok()) *exit_code = Fail(s);
  });

  auto detail_path = std::make_shared<std::string>();
  auto detail_version = std::make_shared<std::optional<int64_t>>();
  auto detail_files = std::make_shared<bool>(false);
  CLI::App* detail = table->add_subcommand(
      "detail", "Print protocol, metadata, schema, file count and size as JSON");
  detail->add_option("PATH", *detail_path, "Table directory")->required();
  detail->add_option("--version", *detail_version, "Describe this version");
  detail->add_flag("--files", *detail_files, "Also list the live data files");
  detail->callback([=] {
    Status s = RunDetail(*detail_path, *detail_version, *detail_files);
    if (!s.ok()) *exit_code = Fail(s);
  });

  auto changes = std::make_shared<ChangesArgs>();
  CLI::App* changes_cmd =
      table->add_subcommand("changes",
                            "Print the change data feed (rows with _change_type, _commit_version, "
                            "_commit_timestamp) between two versions");
  changes_cmd->add_option("PATH", changes->path, "Table directory")->required();
  changes_cmd->add_option("--from", changes->from, "First version (inclusive)")->required();
  changes_cmd->add_option("--to", changes->to, "Last version (inclusive; default latest)");
  changes_cmd->add_option("--columns", changes->columns, "Table columns to print")->delimiter(',');
  changes_cmd->add_option("--format", changes->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  changes_cmd->callback([changes, exit_code] {
    Status s = RunChanges(*changes);
    if (!s.ok()) *exit_code = Fail(s);
  });

  RegisterTableWriteCommands(table, exit_code);
}

}  // namespace lakeml::app
