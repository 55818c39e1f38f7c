// TableCase: one conformance table and what the runner must check on it, and the catalogue of
// all of them: every <source>/<table>/delta directory under the conformance root, classified
// with the rules of the conformance README (which tables must be refused, which ones hold only
// a log, which need a prepared temporary copy, and the facts it states about some snapshots).
//
//   kExpectedResults  expected/ exists, or the README states facts about the snapshot: the
//                     reads must return exactly those rows / facts.
//   kExpectedFailure  the README (or expected.json kind "open") says loading must fail: it
//                     must, with an error that names the problem (one of error_mentions).
//   kOpenOnly         everything else: the latest snapshot must load, and where the data files
//                     are present a full scan must succeed.
//
// Plain values; thread-safe to read. Prepare() writes only into a fresh temporary directory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "conformance/delta/expected_results.h"
#include "conformance/delta/temp_table_copy.h"

namespace lakeml::conformance {

enum class CaseKind : uint8_t { kExpectedResults, kExpectedFailure, kOpenOnly };

// What the README asks to do to a temporary copy before reading.
enum class Preparation : uint8_t {
  kNone,
  // Spark's test-only DV names "test%dv%prefix-deletion_vector_<uuid>.bin" -> the name the
  // spec derives, "deletion_vector_<uuid>.bin".
  kStripTestDvPrefix,
  // delta/table-with-dv-special-char: {{FOLDER_WITH_SPECIAL_CHAR}} -> the URI-encoded absolute
  // path of the copy's "folder&with%special char" directory.
  kSubstituteSpecialCharFolder,
  // canonicalized-paths-*: metaData has no schemaString (required by PROTOCOL.md); add an
  // empty struct schema, as delta-kernel-rs does in its copy.
  kAddSchemaString,
};

// Facts the README states about the latest snapshot of a table.
struct SnapshotFacts {
  std::optional<int64_t> version;
  std::optional<size_t> num_files;
  std::vector<std::string> file_paths;  // Live file paths as stored in the log, any order.
  std::map<std::string, int64_t> file_modification_times;  // path -> modificationTime
  std::map<std::string, int64_t> app_txn_versions;         // appId -> txn version
  // A full scan must fail (the data file is absent) with an error naming one of these.
  std::vector<std::string> scan_error_mentions;
  // A full scan must return exactly these values (kTyped cells, any order) in this column.
  std::string scan_column;
  std::vector<std::string> scan_column_values;

  bool empty() const {
    return !version && !num_files && file_paths.empty() && file_modification_times.empty() &&
           app_txn_versions.empty() && scan_error_mentions.empty() && scan_column.empty();
  }
};

// A deliberate deviation from an upstream expected value (see README.md, "Deviations"): in
// column `column`, expected cells equal to `upstream` are replaced by `corrected`.
struct ExpectedCellOverride {
  std::string column;
  std::string upstream;
  std::string corrected;
  std::string why;
};

struct TableCase {
  std::string source;  // "delta-golden"
  std::string name;    // "snapshot-data0"
  std::string dir;     // <root>/<source>/<name>
  CaseKind kind = CaseKind::kOpenOnly;
  bool has_expected_dir = false;
  bool has_change_data_expectations = false;  // expected.json kind "cdf"
  Preparation preparation = Preparation::kNone;
  // False for the README's [log-only] tables: the files the log references are absent, so
  // nothing is scanned.
  bool data_present = true;
  // Expected failures: the error must mention one of these (case-insensitive).
  std::vector<std::string> error_mentions;
  // Open-only: lakeml may also refuse the table, with an error mentioning one of
  // error_mentions (a feature it does not implement; a log the README calls ambiguous).
  bool may_refuse = false;
  // kStripTestDvPrefix: the unprepared original must fail to read with an error naming the
  // spec-derived DV file ("deletion_vector_").
  bool original_must_fail_on_dv = false;
  SnapshotFacts facts;
  std::vector<ExpectedCellOverride> overrides;
  std::string note;  // Why, in the README's words.

  std::string id() const { return source + "/" + name; }
  std::string table_root() const { return dir + "/delta"; }
};

// The directory to read for a case: the table root itself, or a prepared temporary copy
// (kept alive by this object).
struct PreparedTable {
  std::string table_root;
  std::unique_ptr<TempTableCopy> copy;
};

class TableCatalogue {
 public:
  // Every table under `root` (a directory per source, a directory per table inside), sorted
  // by source then name, classified as described above.
  static Result<std::vector<TableCase>> Discover(const std::string& root);

  // Makes the table root to read for `table_case`, applying its Preparation.
  static Result<PreparedTable> Prepare(const TableCase& table_case);

  // Applies the case's ExpectedCellOverrides to `expected`. NotFound when an override matches
  // no cell (the data changed: the deviation must be re-examined).
  static Status ApplyOverrides(const TableCase& table_case, ExpectedResults* expected);

  // The sources in the order the summary prints them.
  static const std::vector<std::string>& Sources();
};

}  // namespace lakeml::conformance
