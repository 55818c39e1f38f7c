// ExpectedResults: everything a conformance table's expected/ directory says a reader must
// produce, loaded from the three formats of $LAKEML_SHARED_DIR/conformance/delta (see its
// README, "Expected formats"):
//
//   DAT          expected/<vN|latest>/table_content.parquet (full contents at that version) and
//                table_version_metadata.json {version, properties, min_reader_version,
//                min_writer_version}.
//   golden       expected/*.parquet: Spark's dump of the latest snapshot, part files
//                concatenated (timestamps UTC-adjusted; INT96 or nanos possible).
//   expected.json kind scan (Arrow table, or `column` + `rows`), scan_projection,
//                scan_by_version, cdf (queries and error ranges), open (should_error).
//
// Parquet dumps become kTyped RowSets (read with lakeml's Parquet reader, compared by value);
// expected.json tables become kArrowText RowSets. Plain values; thread-safe to read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "conformance/delta/row_set.h"

namespace lakeml::conformance {

// One read of a table version whose rows are known.
struct ScanExpectation {
  std::string label;                    // "latest", "v1", "query 2 (type_widening_decimal)"
  std::optional<int64_t> version;       // nullopt = latest
  std::vector<std::string> projection;  // Columns to ask the scan for; empty = all.
  // True: the scan's columns must be exactly rows.columns (as a set). False: rows.columns is
  // the one column upstream checked (`column` + `rows`); other columns are not compared.
  bool all_columns = true;
  RowSet rows;
};

// DAT's table_version_metadata.json.
struct VersionMetadataExpectation {
  std::string label;               // the directory: "latest", "v1"
  std::optional<int64_t> version;  // the version to load (nullopt = latest)
  int64_t expected_version = 0;
  std::map<std::string, std::string> properties;
  int32_t min_reader_version = 0;
  int32_t min_writer_version = 0;
};

// A change data feed read over [start_version, end_version] (nullopt = latest); rows carry
// _change_type and _commit_version, never _commit_timestamp.
struct ChangeQueryExpectation {
  int64_t start_version = 0;
  std::optional<int64_t> end_version;
  RowSet rows;
};

struct ChangeErrorExpectation {
  int64_t start_version = 0;
  std::optional<int64_t> end_version;
  std::string why;
};

struct ExpectedResults {
  std::string format;  // "dat", "golden", "expected.json (scan)", ...
  std::vector<ScanExpectation> scans;
  std::vector<VersionMetadataExpectation> version_metadata;
  std::vector<ChangeQueryExpectation> changes;
  std::vector<ChangeErrorExpectation> change_errors;
  std::optional<bool> open_should_error;  // kind "open"

  bool empty() const {
    return scans.empty() && version_metadata.empty() && changes.empty() && change_errors.empty() &&
           !open_should_error.has_value();
  }
};

class ExpectedResultsLoader {
 public:
  // Loads `table_dir`/expected (any of the three formats). An ExpectedResults with empty() true
  // when the table has no expected/ directory.
  static Result<ExpectedResults> Load(const std::string& table_dir);

  // The rows of Parquet files, concatenated, as a RowSet over the first file's columns.
  // INT96 columns are read as UTC timestamps (Spark's TimestampType).
  static Result<RowSet> ReadParquetRows(const std::vector<std::string>& paths,
                                        ValueStyle style = ValueStyle::kTyped);

  // expected.json text (exposed for tests). `where` names the file in errors.
  static Result<ExpectedResults> ParseExpectedJson(const std::string& text,
                                                   const std::string& where);
};

}  // namespace lakeml::conformance
