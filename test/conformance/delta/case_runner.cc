#include "conformance/delta/case_runner.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/str_cat.h"
#include "conformance/delta/expected_results.h"
#include "delta/scan.h"
#include "delta/snapshot.h"
#include "delta/table_changes.h"
#include "io/file_system.h"

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;
using delta::Snapshot;
using delta::SnapshotPtr;

// CDF rows carry this column too; upstream projects it out (file mtimes change on checkout).
constexpr char kCommitTimestampColumn[] = "_commit_timestamp";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// True if `message` names one of `words` outside the table's own path: the directory of the
// table read from `root` carries its name ("...-missing-protocol"), which must not count.
bool MentionsAny(const std::string& message, const std::vector<std::string>& words,
                 const std::string& root) {
  std::string stripped = message;
  const std::string table_dir = fs::path(root).parent_path().string();
  if (!table_dir.empty()) {
    for (size_t at = stripped.find(table_dir); at != std::string::npos;
         at = stripped.find(table_dir, at)) {
      stripped.replace(at, table_dir.size(), "<table>");
    }
  }
  const std::string text = Lower(stripped);
  for (const std::string& w : words) {
    if (text.find(Lower(w)) != std::string::npos) return true;
  }
  return false;
}

std::string JoinQuoted(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "'" : ", '") + w + "'";
  return out;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "[" + out + "]";
}

// Collects failures and notes for one case.
class Checks {
 public:
  void Fail(std::string what) { result_.failures.push_back(std::move(what)); }
  void Note(std::string what) { result_.notes.push_back(std::move(what)); }
  bool failed() const { return !result_.failures.empty(); }
  CaseResult Finish() {
    result_.outcome = result_.failures.empty() ? Outcome::kPass : Outcome::kFail;
    return std::move(result_);
  }

 private:
  CaseResult result_;
};

Result<SnapshotPtr> LoadSnapshot(const std::string& root, std::optional<int64_t> version) {
  delta::SnapshotOptions options;
  options.version = version;
  return Snapshot::Load(io::LocalFs(), root, options);
}

// The rows of a stream, with the names of the columns it returned.
struct ReadOutput {
  std::vector<std::string> columns;
  std::vector<std::string> types;  // RowCanonicalizer::TypeSignature of each column.
  std::vector<std::string> rows;
  int64_t num_rows = 0;
  // Set when a batch's columns or types differ from the schema the reader declared.
  std::string schema_mismatch;
};

// "name:type, ..." of a schema, as comparisons see it.
std::string SchemaSignature(const columnar::Schema& schema) {
  std::string out;
  for (const auto& f : schema.fields()) {
    out += (out.empty() ? "" : ", ") + f.name + ":" + RowCanonicalizer::TypeSignature(*f.type);
  }
  return out;
}

// Drains `stream`; canonicalizes the `columns` of each batch when `canon` is given. Batches
// must have the `declared` schema when one is given (Scan::schema() promises it).
Result<ReadOutput> Drain(delta::ScanBatchStream* stream, const RowCanonicalizer* canon,
                         const columnar::Schema* declared = nullptr) {
  ReadOutput out;
  bool first = true;
  const std::string want = declared ? SchemaSignature(*declared) : "";
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (batch == nullptr) break;
    if (first) {
      for (const auto& f : batch->schema()->fields()) out.columns.push_back(f.name);
      first = false;
    }
    if (declared != nullptr && out.schema_mismatch.empty()) {
      const std::string got = SchemaSignature(*batch->schema());
      if (got != want) {
        out.schema_mismatch =
            StrCat("a batch has columns [", got, "], the scan's schema is [", want, "]");
      }
    }
    out.num_rows += batch->num_rows();
    if (canon != nullptr) LAKEML_RETURN_IF_ERROR(canon->AppendRows(*batch, &out.rows));
  }
  return out;
}

// Loads `version` and reads `projection` (all columns when empty).
Result<ReadOutput> ScanTable(const std::string& root, std::optional<int64_t> version,
                             const std::vector<std::string>& projection,
                             const RowCanonicalizer* canon) {
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr snapshot, LoadSnapshot(root, version));
  delta::ScanOptions options;
  options.columns = projection;
  LAKEML_ASSIGN_OR_RETURN(auto scan, snapshot->NewScan(options));
  LAKEML_ASSIGN_OR_RETURN(auto stream, scan->Execute());
  LAKEML_ASSIGN_OR_RETURN(ReadOutput out, Drain(stream.get(), canon, scan->schema().get()));
  // The scan's schema, also when it yields no batch at all.
  out.columns.clear();
  for (const auto& f : scan->schema()->fields()) {
    out.columns.push_back(f.name);
    out.types.push_back(RowCanonicalizer::TypeSignature(*f.type));
  }
  return out;
}

// "missing [a], extra [b]" between two column lists compared as sets ("" when equal).
std::string ColumnSetDifference(const std::vector<std::string>& expected,
                                const std::vector<std::string>& actual) {
  const std::set<std::string> e(expected.begin(), expected.end());
  const std::set<std::string> a(actual.begin(), actual.end());
  std::vector<std::string> missing, extra;
  for (const auto& c : e) {
    if (!a.count(c)) missing.push_back(c);
  }
  for (const auto& c : a) {
    if (!e.count(c)) extra.push_back(c);
  }
  if (missing.empty() && extra.empty()) return "";
  return StrCat("columns differ: missing ", Join(missing), ", unexpected ", Join(extra), " (got ",
                Join(actual), ")");
}

// The newest version a plain listing of _delta_log shows: commits and checkpoints named
// <20 digits>.json / <20 digits>.checkpoint*.
std::optional<int64_t> ListingLatestVersion(const std::string& root) {
  std::optional<int64_t> latest;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(root) / "_delta_log", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 25 || !std::all_of(name.begin(), name.begin() + 20, ::isdigit)) continue;
    const std::string_view rest = std::string_view(name).substr(20);
    if (rest != ".json" && !rest.starts_with(".checkpoint.")) continue;
    const int64_t v = std::stoll(name.substr(0, 20));
    if (!latest || v > *latest) latest = v;
  }
  return latest;
}

// Rows the log's stats promise: sum(numRecords) - sum(DV cardinality), when every live file
// has numRecords in its JSON stats.
std::optional<int64_t> RowsPromisedByStats(const Snapshot& snapshot) {
  int64_t rows = 0;
  for (const delta::AddFile& add : snapshot.files()) {
    if (!add.stats) return std::nullopt;
    const auto j = nlohmann::json::parse(*add.stats, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("numRecords") ||
        !j["numRecords"].is_number_integer()) {
      return std::nullopt;
    }
    rows += j["numRecords"].get<int64_t>();
    if (add.deletion_vector) rows -= add.deletion_vector->cardinality;
  }
  return rows;
}

void CheckLatestVersion(const Snapshot& snapshot, const std::string& root, Checks* checks) {
  const std::optional<int64_t> listed = ListingLatestVersion(root);
  if (listed && snapshot.version() != *listed) {
    checks->Fail(StrCat("latest snapshot is version ", snapshot.version(),
                        " but _delta_log lists version ", *listed));
  }
}

void CheckScanExpectation(const std::string& root, ScanExpectation& expected,
                          const RunOptions& options, Checks* checks) {
  const std::string what = StrCat("scan ", expected.label);
  RowCanonicalizer canon(expected.rows.columns, expected.rows.style);
  Result<ReadOutput> read = ScanTable(root, expected.version, expected.projection, &canon);
  if (!read.ok()) {
    // A missing column is a schema difference; report it as such.
    checks->Fail(StrCat(what, ": ", read.status().ToString()));
    return;
  }
  if (expected.all_columns) {
    const std::string diff = ColumnSetDifference(expected.rows.columns, read->columns);
    if (!diff.empty()) {
      checks->Fail(StrCat(what, ": ", diff));
      return;
    }
  }
  if (!read->schema_mismatch.empty()) checks->Fail(StrCat(what, ": ", read->schema_mismatch));
  // Parquet expectations carry types: the scan must produce the same ones (by name).
  std::string type_diffs;
  for (size_t i = 0; i < expected.rows.types.size(); ++i) {
    const auto it = std::find(read->columns.begin(), read->columns.end(), expected.rows.columns[i]);
    if (it == read->columns.end()) continue;
    const std::string& got = read->types[it - read->columns.begin()];
    if (got != expected.rows.types[i]) {
      type_diffs += StrCat(type_diffs.empty() ? "" : ", ", expected.rows.columns[i], " is ", got,
                           ", expected ", expected.rows.types[i]);
    }
  }
  if (!type_diffs.empty()) checks->Fail(StrCat(what, ": column types differ: ", type_diffs));
  RowSet actual;
  actual.style = expected.rows.style;
  actual.columns = expected.rows.columns;
  actual.rows = std::move(read->rows);
  const std::string diff = CompareRowSets(&expected.rows, &actual, options.max_rows_shown);
  if (!diff.empty()) {
    checks->Fail(StrCat(what, ": ", diff));
  } else {
    checks->Note(StrCat(what, ": ", actual.rows.size(), " rows match"));
  }
}

void CheckVersionMetadata(const std::string& root, const VersionMetadataExpectation& expected,
                          Checks* checks) {
  const std::string what = StrCat("version metadata ", expected.label);
  Result<SnapshotPtr> snapshot = LoadSnapshot(root, expected.version);
  if (!snapshot.ok()) {
    checks->Fail(StrCat(what, ": ", snapshot.status().ToString()));
    return;
  }
  const Snapshot& s = **snapshot;
  std::vector<std::string> diffs;
  if (s.version() != expected.expected_version) {
    diffs.push_back(StrCat("version ", s.version(), " != ", expected.expected_version));
  }
  if (s.protocol().min_reader_version != expected.min_reader_version) {
    diffs.push_back(StrCat("minReaderVersion ", s.protocol().min_reader_version,
                           " != ", expected.min_reader_version));
  }
  if (s.protocol().min_writer_version != expected.min_writer_version) {
    diffs.push_back(StrCat("minWriterVersion ", s.protocol().min_writer_version,
                           " != ", expected.min_writer_version));
  }
  const std::map<std::string, std::string> props(s.metadata().configuration.begin(),
                                                 s.metadata().configuration.end());
  if (props != expected.properties) diffs.push_back("table properties differ");
  if (diffs.empty()) {
    checks->Note(StrCat(what, ": matches"));
  } else {
    std::string text;
    for (const auto& d : diffs) text += (text.empty() ? "" : "; ") + d;
    checks->Fail(StrCat(what, ": ", text));
  }
}

void CheckFacts(const std::string& root, const SnapshotFacts& facts, Checks* checks) {
  Result<SnapshotPtr> loaded = LoadSnapshot(root, std::nullopt);
  if (!loaded.ok()) {
    checks->Fail(StrCat("load latest: ", loaded.status().ToString()));
    return;
  }
  const Snapshot& s = **loaded;
  if (facts.version && s.version() != *facts.version) {
    checks->Fail(StrCat("latest version is ", s.version(), ", expected ", *facts.version));
  }
  if (facts.num_files && s.files().size() != *facts.num_files) {
    std::vector<std::string> paths;
    for (const auto& f : s.files()) paths.push_back(f.path);
    checks->Fail(StrCat("live files: ", s.files().size(), ", expected ", *facts.num_files, " ",
                        Join(paths)));
  }
  if (!facts.file_paths.empty()) {
    std::vector<std::string> expected = facts.file_paths;
    std::vector<std::string> actual;
    for (const auto& f : s.files()) actual.push_back(f.path);
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    if (expected != actual) {
      checks->Fail(StrCat("live file paths ", Join(actual), ", expected ", Join(expected)));
    }
  }
  for (const auto& [file_path, mtime] : facts.file_modification_times) {
    // Named copy: clang 14 cannot capture a structured binding in a lambda.
    const std::string& path = file_path;
    auto it = std::find_if(s.files().begin(), s.files().end(),
                           [&](const delta::AddFile& f) { return f.path == path; });
    if (it == s.files().end()) {
      checks->Fail(StrCat("live file '", path, "' not found"));
    } else if (it->modification_time != mtime) {
      checks->Fail(StrCat("file '", path, "' has modificationTime ", it->modification_time,
                          ", expected ", mtime, " (the later add must win)"));
    }
  }
  for (const auto& [app, version] : facts.app_txn_versions) {
    const std::optional<int64_t> got = s.AppTransactionVersion(app);
    if (got != version) {
      checks->Fail(StrCat("txn version of app '", app, "' is ",
                          got ? std::to_string(*got) : std::string("absent"), ", expected ",
                          version));
    }
  }
  if (!facts.scan_error_mentions.empty()) {
    Result<ReadOutput> read = ScanTable(root, std::nullopt, {}, nullptr);
    if (read.ok()) {
      checks->Fail("scan of a table whose data file is absent succeeded");
    } else if (!MentionsAny(read.status().message(), facts.scan_error_mentions, root)) {
      checks->Fail(StrCat("scan error does not name ", JoinQuoted(facts.scan_error_mentions), ": ",
                          read.status().ToString()));
    } else {
      checks->Note(StrCat("scan fails as it must: ", read.status().ToString()));
    }
  }
  if (!facts.scan_column.empty()) {
    RowCanonicalizer canon({facts.scan_column}, ValueStyle::kTyped);
    Result<ReadOutput> read = ScanTable(root, std::nullopt, {}, &canon);
    if (!read.ok()) {
      checks->Fail(StrCat("full scan: ", read.status().ToString()));
    } else {
      RowSet expected;
      expected.columns = {facts.scan_column};
      expected.rows = facts.scan_column_values;
      RowSet actual;
      actual.columns = expected.columns;
      actual.rows = std::move(read->rows);
      const std::string diff = CompareRowSets(&expected, &actual);
      if (!diff.empty()) checks->Fail(StrCat("column ", facts.scan_column, ": ", diff));
    }
  }
  if (!checks->failed()) checks->Note("snapshot facts match");
}

// Load latest, check its version, scan everything if the data is there.
void CheckOpens(const TableCase& c, const std::string& root, Checks* checks) {
  Result<SnapshotPtr> loaded = LoadSnapshot(root, std::nullopt);
  if (!loaded.ok()) {
    if (c.may_refuse && MentionsAny(loaded.status().message(), c.error_mentions, root)) {
      checks->Note(StrCat("refused (allowed): ", loaded.status().ToString()));
    } else {
      checks->Fail(StrCat("load latest: ", loaded.status().ToString()));
    }
    return;
  }
  const Snapshot& s = **loaded;
  CheckLatestVersion(s, root, checks);
  checks->Note(StrCat("loaded version ", s.version(), ", ", s.files().size(), " live files"));
  if (!c.data_present) return;
  Result<ReadOutput> read = ScanTable(root, std::nullopt, {}, nullptr);
  if (!read.ok()) {
    if (c.may_refuse && MentionsAny(read.status().message(), c.error_mentions, root)) {
      checks->Note(StrCat("scan refused (allowed): ", read.status().ToString()));
    } else {
      checks->Fail(StrCat("full scan: ", read.status().ToString()));
    }
    return;
  }
  if (!read->schema_mismatch.empty()) checks->Fail(StrCat("full scan: ", read->schema_mismatch));
  const std::optional<int64_t> promised = RowsPromisedByStats(s);
  if (promised && *promised != read->num_rows) {
    checks->Fail(StrCat("full scan returned ", read->num_rows, " rows; the files' stats promise ",
                        *promised, " (numRecords minus DV cardinalities)"));
  } else {
    checks->Note(StrCat("full scan: ", read->num_rows, " rows",
                        promised ? " (= stats numRecords - DV cardinalities)" : ""));
  }
}

void CheckChanges(const std::string& root, ExpectedResults& expected, const RunOptions& options,
                  Checks* checks) {
  for (ChangeQueryExpectation& q : expected.changes) {
    const std::string what = StrCat("changes [", q.start_version, ", ",
                                    q.end_version ? std::to_string(*q.end_version) : "latest", "]");
    delta::ChangesOptions changes;
    changes.start_version = q.start_version;
    changes.end_version = q.end_version;
    RowCanonicalizer canon(q.rows.columns, q.rows.style);
    auto stream = delta::TableChanges::Read(io::LocalFs(), root, changes);
    if (!stream.ok()) {
      checks->Fail(StrCat(what, ": ", stream.status().ToString()));
      continue;
    }
    Result<ReadOutput> read = Drain(stream->get(), &canon);
    if (!read.ok()) {
      checks->Fail(StrCat(what, ": ", read.status().ToString()));
      continue;
    }
    std::vector<std::string> columns;
    for (const auto& c : read->columns) {
      if (c != kCommitTimestampColumn) columns.push_back(c);
    }
    if (!read->columns.empty()) {
      const std::string diff = ColumnSetDifference(q.rows.columns, columns);
      if (!diff.empty()) {
        checks->Fail(StrCat(what, ": ", diff));
        continue;
      }
    }
    RowSet actual;
    actual.style = q.rows.style;
    actual.columns = q.rows.columns;
    actual.rows = std::move(read->rows);
    const std::string diff = CompareRowSets(&q.rows, &actual, options.max_rows_shown);
    if (!diff.empty()) {
      checks->Fail(StrCat(what, ": ", diff));
    } else {
      checks->Note(StrCat(what, ": ", actual.rows.size(), " rows match"));
    }
  }
  for (const ChangeErrorExpectation& e : expected.change_errors) {
    const std::string what =
        StrCat("changes [", e.start_version, ", ",
               e.end_version ? std::to_string(*e.end_version) : "latest", "] (", e.why, ")");
    delta::ChangesOptions changes;
    changes.start_version = e.start_version;
    changes.end_version = e.end_version;
    auto stream = delta::TableChanges::Read(io::LocalFs(), root, changes);
    Status status = stream.status();
    if (stream.ok()) status = Drain(stream->get(), nullptr).status();
    if (status.ok()) {
      checks->Fail(StrCat(what, ": must fail but succeeded"));
    } else {
      checks->Note(StrCat(what, ": fails as it must: ", status.ToString()));
    }
  }
}

CaseResult RunExpectedResults(const TableCase& c, const std::string& root,
                              const RunOptions& options) {
  Checks checks;
  ExpectedResults expected;
  if (c.has_expected_dir) {
    Result<ExpectedResults> loaded = ExpectedResultsLoader::Load(c.dir);
    if (!loaded.ok()) {
      checks.Fail(StrCat("cannot load expected results: ", loaded.status().ToString()));
      return checks.Finish();
    }
    expected = std::move(*loaded);
    Status overridden = TableCatalogue::ApplyOverrides(c, &expected);
    if (!overridden.ok()) {
      checks.Fail(overridden.ToString());
      return checks.Finish();
    }
    for (const auto& o : c.overrides) {
      checks.Note(
          StrCat("deviation: ", o.column, " ", o.upstream, " -> ", o.corrected, " (", o.why, ")"));
    }
  }
  if (expected.open_should_error.has_value()) {
    // should_error = true cases are catalogued as expected failures.
    Result<SnapshotPtr> snapshot = LoadSnapshot(root, std::nullopt);
    if (!snapshot.ok()) {
      checks.Fail(StrCat("load latest: ", snapshot.status().ToString()));
    } else {
      CheckLatestVersion(**snapshot, root, &checks);
      checks.Note(StrCat("opens at version ", (*snapshot)->version()));
    }
  }
  for (ScanExpectation& scan : expected.scans) CheckScanExpectation(root, scan, options, &checks);
  for (const auto& meta : expected.version_metadata) CheckVersionMetadata(root, meta, &checks);
  if (!c.facts.empty()) CheckFacts(root, c.facts, &checks);
  if (!expected.changes.empty() || !expected.change_errors.empty()) {
    // The latest snapshot of a change-data-feed table must open and scan too.
    CheckOpens(c, root, &checks);
    CheckChanges(root, expected, options, &checks);
  }
  if (c.original_must_fail_on_dv) {
    Result<ReadOutput> read = ScanTable(c.table_root(), std::nullopt, {}, nullptr);
    if (read.ok()) {
      checks.Fail(
          "original table (DV files with the test%dv%prefix- name) read without error: the "
          "spec-derived DV file name does not exist");
    } else if (!MentionsAny(read.status().message(), {"deletion_vector_", "deletion vector"},
                            c.table_root())) {
      checks.Fail(StrCat("original table: error does not name the missing deletion vector: ",
                         read.status().ToString()));
    } else {
      checks.Note(StrCat("original table fails as it must: ", read.status().ToString()));
    }
  }
  return checks.Finish();
}

CaseResult RunExpectedFailure(const TableCase& c, const std::string& root) {
  Checks checks;
  Status status = LoadSnapshot(root, std::nullopt).status();
  std::string stage = "load";
  if (status.ok() && c.data_present) {
    // Refusing at scan time also counts where the data is there to read.
    stage = "scan";
    status = ScanTable(root, std::nullopt, {}, nullptr).status();
  }
  if (status.ok()) {
    checks.Fail(StrCat("must fail (", c.note, ") but ", stage, " succeeded"));
  } else if (status.message().empty()) {
    checks.Fail(StrCat(stage, " failed without a message: ", status.ToString()));
  } else if (!MentionsAny(status.message(), c.error_mentions, root)) {
    checks.Fail(StrCat(stage, " failed, but the error names none of ", JoinQuoted(c.error_mentions),
                       ": ", status.ToString()));
  } else {
    checks.Note(StrCat(stage, " fails as it must: ", status.ToString()));
  }
  return checks.Finish();
}

}  // namespace

CaseResult CaseRunner::Run(const TableCase& c, const RunOptions& options) {
  Result<PreparedTable> prepared = TableCatalogue::Prepare(c);
  if (!prepared.ok()) {
    CaseResult result;
    result.outcome = Outcome::kFail;
    result.failures.push_back(StrCat("cannot prepare the table: ", prepared.status().ToString()));
    return result;
  }
  const std::string& root = prepared->table_root;
  switch (c.kind) {
    case CaseKind::kExpectedResults:
      return RunExpectedResults(c, root, options);
    case CaseKind::kExpectedFailure:
      return RunExpectedFailure(c, root);
    case CaseKind::kOpenOnly: {
      Checks checks;
      CheckOpens(c, root, &checks);
      return checks.Finish();
    }
  }
  return CaseResult{};
}

}  // namespace lakeml::conformance
