#include "conformance/delta/table_case.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/str_cat.h"

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;

// Tables the README marks [log-only]: the data files their logs reference are not present.
const std::set<std::string>& LogOnlyTables() {
  static const std::set<std::string> kTables = {
      "delta-golden/checkpoint",
      "delta-golden/deltalog-invalid-protocol-version",
      "delta-golden/deltalog-state-reconstruction-from-checkpoint-missing-metadata",
      "delta-golden/deltalog-state-reconstruction-from-checkpoint-missing-protocol",
      "delta-golden/deltalog-state-reconstruction-without-metadata",
      "delta-golden/deltalog-state-reconstruction-without-protocol",
      "delta-golden/versions-not-contiguous",
      "delta-golden/delete-re-add-same-file-different-transactions",
      "delta-golden/log-replay-special-characters-b",
      "delta-golden/data-reader-absolute-paths-escaped-chars",
      "delta-golden/canonicalized-paths-normal-a",
      "delta-golden/canonicalized-paths-special-a",
      "delta-rs/checkpoints",
      "delta-rs/checkpoints_vacuumed",
      "delta-rs/checkpoint_with_partitions",
      "delta-rs/latest_not_checkpointed",
      "delta-rs/table-with-domain-metadata",
      "delta-rs/err-logs-table_a",
      "delta-rs/err-logs-table_b",
      "delta-rs/err-logs-table_c",
      "delta-rs/err-logs-table_d",
      "delta-rs/err-logs-table_g",
      "delta-kernel-rs/app-txn-with-last-updated",
      "delta-kernel-rs/with_checkpoint_no_last_checkpoint",
  };
  return kTables;
}

struct FailureRule {
  const char* id;
  std::vector<std::string> mentions;  // The error must name one of these.
  const char* note;
};

// Tables that must be refused (README: NEGATIVE, "must FAIL", "must refuse").
const std::vector<FailureRule>& FailureRules() {
  static const std::vector<FailureRule> kRules = {
      {"delta-golden/deltalog-invalid-protocol-version",
       {"minReaderVersion", "reader version", "99"},
       "minReaderVersion 99: a reader must refuse"},
      {"delta-golden/deltalog-state-reconstruction-from-checkpoint-missing-metadata",
       {"metadata"},
       "the checkpoint has no metaData action"},
      {"delta-golden/deltalog-state-reconstruction-from-checkpoint-missing-protocol",
       {"protocol"},
       "the checkpoint has no protocol action"},
      {"delta-golden/deltalog-state-reconstruction-without-metadata",
       {"metadata"},
       "the log has no metaData action"},
      {"delta-golden/deltalog-state-reconstruction-without-protocol",
       {"protocol"},
       "the log has no protocol action"},
      {"delta-golden/no-delta-log-folder",
       {"not a delta table", "_delta_log"},
       "no _delta_log directory"},
      {"delta-golden/versions-not-contiguous",
       {"contiguous", "missing", "gap"},
       "commits 0 and 2 only"},
      {"delta-golden/data-reader-absolute-paths-escaped-chars",
       {"metadata"},
       "a log fragment without metaData: no snapshot can be built (PROTOCOL.md requires "
       "metaData)"},
      {"delta/catalog-owned-preview",
       {"catalogManaged", "catalog"},
       "catalogManaged reader feature: a filesystem-only reader must refuse"},
      {"delta-rs/simple_table_features",
       {"blahabl", "minReaderVersion", "reader version"},
       "reader version 5 and the unknown reader feature 'blahabl'"},
      {"delta-rs/err-logs-table_c",
       {"12", "contiguous", "missing"},
       "commit 12 missing after checkpoint 10 (expected.json: should_error)"},
      {"delta-rs/err-logs-table_d",
       {"catalogOwned"},
       "catalogOwned reader feature (expected.json: should_error)"},
      {"delta-kernel-rs/table-with-geo",
       {"geospatial"},
       "reader feature geospatial, which lakeml does not implement"},
      {"delta-kernel-rs/crc-malformed",
       {"not a delta table", "no commit", "commit", "version", "_delta_log"},
       "_delta_log holds only a (garbage) .crc file: there is no version to load"},
  };
  return kRules;
}

// Facts and preparations the README states for single tables.
void ApplyTableRules(TableCase* c) {
  const std::string id = c->id();
  SnapshotFacts& f = c->facts;
  if (id == "delta-golden/checkpoint") {
    f.version = 14;
    f.num_files = 1;
    c->note = "upstream asserts latest version 14 and 1 active file";
  } else if (id == "delta-golden/delete-re-add-same-file-different-transactions") {
    f.num_files = 2;
    f.file_paths = {"foo", "bar"};
    f.file_modification_times = {{"foo", 1700000000000}};
    c->note = "re-added file keeps the later add (modificationTime 1700000000000)";
  } else if (id == "delta-golden/deltalog-getChanges") {
    f.app_txn_versions = {{"fakeAppId", 3}};
    c->note = "upstream also checks the txn version of fakeAppId";
  } else if (id == "delta-golden/log-replay-special-characters-b") {
    f.num_files = 1;
    f.file_paths = {"special%20p@%23h"};
    f.scan_error_mentions = {"special p@#h"};
    c->note =
        "the add path is URI-encoded; the absent data file must be looked up (and reported) "
        "by its decoded name";
  } else if (id == "delta-golden/canonicalized-paths-normal-a" ||
             id == "delta-golden/canonicalized-paths-special-a") {
    c->preparation = Preparation::kAddSchemaString;
    f.version = 1;
    f.num_files = 0;
    c->note = "add of an unqualified path removed by its file: form: empty at v1";
  } else if (id == "delta-golden/data-reader-partition-values") {
    // The partition value "2021-09-08 11:11:11" has no zone; PROTOCOL.md reads it as UTC
    // (delta-kernel-rs agrees and skips this table). Spark's dump used its session zone.
    c->overrides.push_back({"as_timestamp", "2021-09-08T18:11:11.000000Z",
                            "2021-09-08T11:11:11.000000Z",
                            "zone-less timestamp partition values are UTC (PROTOCOL.md)"});
    c->note = "expected as_timestamp corrected to the spec-correct UTC reading";
  } else if (id == "delta-golden/kernel-timestamp-partition-col-ISO8601") {
    f.scan_column = "ts";
    f.scan_column_values = {"2024-01-01T10:00:00.000000Z", "2024-01-02T12:30:00.000000Z"};
    c->note = "ISO-8601 UTC timestamp partition values (directory names use the other form)";
  } else if (id == "delta-rs/delta-0.8.0-special-partition") {
    f.scan_column = "x";
    f.scan_column_values = {"\"A/A\"", "\"B B\""};
    c->note = "partition values A/A and B B: directories x=A%2FA, x=B%20B, paths encoded again";
  } else if (id == "delta-rs/delta-0.8.0-null-partition") {
    f.scan_column = "k";
    f.scan_column_values = {"\"A\"", "null"};
    c->note = "null partition value (__HIVE_DEFAULT_PARTITION__ directory, JSON null)";
  } else if (id == "delta-kernel-rs/app-txn-checkpoint") {
    f.app_txn_versions = {{"my-app", 3}, {"my-app2", 2}};
    c->note = "txn actions in a checkpoint and a later commit";
  } else if (id == "delta/table-with-dv-large" || id == "delta/table-with-dv-small") {
    c->preparation = Preparation::kStripTestDvPrefix;
    c->original_must_fail_on_dv = true;
    c->note = "DV files carry Spark's test-only prefix; read a renamed copy";
  } else if (id == "delta/table-with-dv-special-char") {
    c->preparation = Preparation::kSubstituteSpecialCharFolder;
    c->note = "log template: the DV's absolute path is filled in on a copy";
  } else if (id == "delta/variant-stats-no-checkpoint") {
    c->may_refuse = true;
    c->error_mentions = {"variantShredding"};
    c->note = "reader feature variantShredding-preview: a reader that lacks it must refuse";
  } else if (id == "delta-rs/err-logs-table_g") {
    c->may_refuse = true;
    c->error_mentions = {"contiguous", "missing", "9999"};
    c->note =
        "commits 0..13 then v9999 with a checkpoint: the checkpoint makes v9999 readable; a "
        "strict reader may report the gap";
  }
}

// RFC 3986 percent-encoding of a local path for a file: URI ('/' and sub-delims kept).
std::string EncodePathForUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : path) {
    const bool keep =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(ch)) != std::string::npos;
    if (keep) {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

}  // namespace

Status TableCatalogue::ApplyOverrides(const TableCase& table_case, ExpectedResults* expected) {
  for (const ExpectedCellOverride& o : table_case.overrides) {
    int replaced = 0;
    for (ScanExpectation& scan : expected->scans) {
      const auto& columns = scan.rows.columns;
      const auto it = std::find(columns.begin(), columns.end(), o.column);
      if (it == columns.end()) continue;
      const size_t index = it - columns.begin();
      for (std::string& row : scan.rows.rows) {
        const std::vector<std::string_view> cells = RowCanonicalizer::SplitRow(row);
        if (cells[index] != o.upstream) continue;
        std::string fixed;
        for (size_t i = 0; i < cells.size(); ++i) {
          if (i > 0) fixed.push_back(kCellSeparator);
          fixed.append(i == index ? std::string_view(o.corrected) : cells[i]);
        }
        row = std::move(fixed);
        ++replaced;
      }
    }
    if (replaced == 0) {
      return Status::NotFound(StrCat("Expected-value override matches nothing: column ", o.column,
                                     " value ", o.upstream, " in ", table_case.id()));
    }
  }
  return Status::OK();
}

const std::vector<std::string>& TableCatalogue::Sources() {
  static const std::vector<std::string> kSources = {"dat", "delta-golden", "delta", "delta-rs",
                                                    "delta-kernel-rs"};
  return kSources;
}

Result<std::vector<TableCase>> TableCatalogue::Discover(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return Status::NotFound(StrCat("Conformance root not found: ", root));
  }
  std::vector<TableCase> cases;
  for (const std::string& source : Sources()) {
    const fs::path source_dir = fs::path(root) / source;
    if (!fs::is_directory(source_dir, ec)) {
      return Status::NotFound(
          StrCat("Conformance source directory not found: ", source_dir.string()));
    }
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(source_dir, ec)) {
      // dat/_schemas holds JSON schemas, not a table.
      if (entry.is_directory() && fs::is_directory(entry.path() / "delta")) {
        names.push_back(entry.path().filename().string());
      }
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      TableCase c;
      c.source = source;
      c.name = name;
      c.dir = (source_dir / name).string();
      c.has_expected_dir = fs::is_directory(source_dir / name / "expected", ec);
      c.data_present = LogOnlyTables().count(c.id()) == 0;
      ApplyTableRules(&c);
      for (const FailureRule& rule : FailureRules()) {
        if (c.id() == rule.id) {
          c.kind = CaseKind::kExpectedFailure;
          c.error_mentions = rule.mentions;
          c.note = rule.note;
        }
      }
      if (c.kind != CaseKind::kExpectedFailure && (c.has_expected_dir || !c.facts.empty())) {
        c.kind = CaseKind::kExpectedResults;
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

Result<PreparedTable> TableCatalogue::Prepare(const TableCase& table_case) {
  PreparedTable prepared;
  if (table_case.preparation == Preparation::kNone) {
    prepared.table_root = table_case.table_root();
    return prepared;
  }
  LAKEML_ASSIGN_OR_RETURN(prepared.copy, TempTableCopy::Make(table_case.table_root()));
  prepared.table_root = prepared.copy->root();
  const std::string first_commit = "_delta_log/00000000000000000000.json";
  switch (table_case.preparation) {
    case Preparation::kNone:
      break;
    case Preparation::kStripTestDvPrefix: {
      LAKEML_ASSIGN_OR_RETURN(int renamed, prepared.copy->StripFileNamePrefix("test%dv%prefix-"));
      if (renamed == 0) {
        return Status::NotFound(
            StrCat("No test%dv%prefix- deletion vector files in ", table_case.table_root()));
      }
      break;
    }
    case Preparation::kSubstituteSpecialCharFolder: {
      const std::string folder = prepared.table_root + "/folder&with%special char";
      LAKEML_RETURN_IF_ERROR(prepared.copy->ReplaceInFile(
          first_commit, "{{FOLDER_WITH_SPECIAL_CHAR}}", EncodePathForUri(folder)));
      break;
    }
    case Preparation::kAddSchemaString:
      LAKEML_RETURN_IF_ERROR(prepared.copy->ReplaceInFile(
          first_commit, "\"metaData\":{",
          "\"metaData\":{\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{"
          "\\\"name\\\":\\\"value\\\",\\\"type\\\":\\\"integer\\\",\\\"nullable\\\":true,"
          "\\\"metadata\\\":{}}]}\","));
      break;
  }
  return prepared;
}

}  // namespace lakeml::conformance
