#include "conformance/delta/runner_self_test.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "base/str_cat.h"
#include "conformance/delta/table_case.h"
#include "conformance/delta/temp_table_copy.h"

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;

// One table copied into the fake root and broken in one way.
struct Perturbation {
  const char* table;  // "<source>/<name>"
  const char* what;   // What was broken, for the report.
  // Edit: replace `from` by `to` in `file` (relative to the table directory). With `to` null,
  // delete every file under `file` whose name ends with `from`; with `from` null, write `to`
  // as the new file `file`.
  const char* file;
  const char* from;
  const char* to;
  // The failure text must contain this (the case failed for the intended reason). Null for
  // the control, which must pass.
  const char* reason;
};

const std::vector<Perturbation>& Perturbations() {
  static const std::vector<Perturbation> kList = {
      {"delta-golden/snapshot-data0", "nothing (control)", nullptr, nullptr, nullptr, nullptr},
      {"dat/basic_append", "expected min_writer_version 2 -> 3 at v0",
       "expected/v0/table_version_metadata.json", "\"min_writer_version\": 2",
       "\"min_writer_version\": 3", "minWriterVersion 2 != 3"},
      {"delta-golden/snapshot-data2", "one expected part file deleted (row count)", "expected",
       "c000.snappy.parquet", nullptr, "unexpected rows"},
      {"delta-kernel-rs/with-short-dv", "one expected timestamp 1 ms later",
       "expected/expected.json", "| 4  | 4     | 2023-05-31T18:58:33.633Z |",
       "| 4  | 4     | 2023-05-31T18:58:33.634Z |", "1 expected rows missing, 1 unexpected rows"},
      {"delta-kernel-rs/type-widening", "one expected double 5.0 -> 5.5", "expected/expected.json",
       "| 5.0            |", "| 5.5            |", "1 expected rows missing, 1 unexpected rows"},
      {"delta-kernel-rs/cdf-table-simple", "expected insert of id 0 at v0 turned into delete",
       "expected/expected.json", "| 0  | insert       | 0               |",
       "| 0  | delete       | 0               |", "changes [0, 0]"},
      {"delta-golden/versions-not-contiguous", "missing commit 1 supplied (must-fail now loads)",
       "delta/_delta_log/00000000000000000001.json", nullptr, "{\"commitInfo\":{}}\n",
       "but load succeeded"},
      {"delta-rs/simple_table", "every data file deleted (open-only scan must fail)", "delta",
       ".parquet", nullptr, "full scan"},
      {"delta-rs/delta-0.8.0", "stats numRecords 2 -> 5 in commit 1 (row count vs stats)",
       "delta/_delta_log/00000000000000000001.json", "numRecords\\\":2", "numRecords\\\":5",
       "the files' stats promise"},
      {"delta-rs/delta-0.8.0-special-partition", "partition value A/A -> A/C in the log",
       "delta/_delta_log/00000000000000000000.json", "\"x\":\"A/A\"", "\"x\":\"A/C\"",
       "column x: expected 2 rows, got 2"},
      {"delta-rs/err-logs-table_a", "commit 12 deleted (must open, now cannot)", "delta/_delta_log",
       "00000000000000000012.json", nullptr, "load latest"},
  };
  return kList;
}

Status Apply(const Perturbation& p, const std::string& table_dir) {
  if (p.file == nullptr) return Status::OK();
  const fs::path target = fs::path(table_dir) / p.file;
  if (p.from == nullptr) {
    std::ofstream out(target, std::ios::binary);
    out << p.to;
    return out ? Status::OK() : Status::IOError(StrCat("Cannot write ", target.string()));
  }
  if (p.to == nullptr) {
    int deleted = 0;
    std::error_code ec;
    std::vector<fs::path> victims;
    for (auto it = fs::recursive_directory_iterator(target, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_regular_file() && name.ends_with(p.from) &&
          it->path().string().find("_delta_log/") == std::string::npos) {
        victims.push_back(it->path());
      } else if (it->is_regular_file() && name == p.from) {
        victims.push_back(it->path());
      }
    }
    // One expected part file is enough to change the row count; data files all go.
    if (std::string_view(p.file) == "expected" && victims.size() > 1) victims.resize(1);
    for (const auto& v : victims) deleted += fs::remove(v, ec) ? 1 : 0;
    if (deleted == 0) return Status::NotFound(StrCat("Nothing to delete under ", target.string()));
    return Status::OK();
  }
  std::ifstream in(target, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t count = 0;
  for (size_t at = text.find(p.from); at != std::string::npos;
       at = text.find(p.from, at + std::string_view(p.to).size())) {
    text.replace(at, std::string_view(p.from).size(), p.to);
    ++count;
  }
  if (count == 0) return Status::NotFound(StrCat("Text not found in ", target.string()));
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  out << text;
  return out ? Status::OK() : Status::IOError(StrCat("Cannot write ", target.string()));
}

}  // namespace

bool RunnerSelfTest::Run(const std::string& root, const RunOptions& options) {
  auto fake = TempTableCopy::MakeEmpty();
  if (!fake.ok()) {
    printf("self-test: %s\n", fake.status().ToString().c_str());
    return false;
  }
  const std::string fake_root = (*fake)->root();
  for (const std::string& source : TableCatalogue::Sources()) {
    std::error_code ec;
    fs::create_directories(fs::path(fake_root) / source, ec);
  }
  for (const Perturbation& p : Perturbations()) {
    Status st = (*fake)->AddTree(root + "/" + p.table, p.table);
    if (st.ok()) st = Apply(p, fake_root + "/" + p.table);
    if (!st.ok()) {
      printf("self-test: cannot prepare %s: %s\n", p.table, st.ToString().c_str());
      return false;
    }
  }
  auto cases = TableCatalogue::Discover(fake_root);
  if (!cases.ok() || cases->size() != Perturbations().size()) {
    printf("self-test: catalogue of the fake root: %s\n",
           cases.ok() ? "wrong number of tables" : cases.status().ToString().c_str());
    return false;
  }
  bool all_detected = true;
  for (const Perturbation& p : Perturbations()) {
    const TableCase* c = nullptr;
    for (const TableCase& t : *cases) {
      if (t.id() == p.table) c = &t;
    }
    if (c == nullptr) {
      printf("self-test: %s not catalogued\n", p.table);
      all_detected = false;
      continue;
    }
    const CaseResult r = CaseRunner::Run(*c, options);
    const std::string first = r.failures.empty() ? "" : r.failures[0];
    bool ok;
    if (p.reason == nullptr) {
      ok = r.outcome == Outcome::kPass;
    } else {
      ok = r.outcome == Outcome::kFail && first.find(p.reason) != std::string::npos;
    }
    all_detected &= ok;
    printf("%s %-40s %s%s%s\n", ok ? "ok     " : "MISSED ", p.table, p.what,
           first.empty() ? "" : " -> ", first.substr(0, first.find('\n')).c_str());
  }
  printf("self-test: %s\n",
         all_detected ? "every perturbation was detected" : "SOME PERTURBATION WAS NOT DETECTED");
  return all_detected;
}

}  // namespace lakeml::conformance
