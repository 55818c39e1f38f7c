// SltRunner: runs sqllogictest files against databases made by an SltDatabaseFactory, one
// fresh database and one fresh __TEST_DIR__ per file, and collects the failures.
//
// A file keeps running after a failed record (the report keeps the first
// SltReport::kMaxKeptFailures). The runner holds only its options and the factory; RunFile
// may be called from several threads only if the factory allows that.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sqllogictest/slt_database.h"
#include "sqllogictest/slt_file.h"
#include "sqllogictest/slt_report.h"

namespace lakeml::slt {

struct SltRunnerOptions {
  // Replaces {SHARED_DIR} and ${LAKEML_SHARED_DIR}: the read-only test data (../shared).
  std::string shared_dir;
  // Replaces __WORKING_DIRECTORY__; the process's current directory when empty.
  std::string working_dir;
  // Skip files tagged `# group: slow` (LAKEML_SLT_SKIP_SLOW).
  bool skip_slow = false;
  // Statements and queries one file may run, loops included; bounds runaway loops.
  int64_t max_executed_records = 1'000'000;
  // When set, called before each statement or query with "file:line: first SQL line".
  std::function<void(std::string_view)> trace;
};

enum class SltOutcome { kOk, kFailed, kSkipped };

struct SltFileResult {
  SltOutcome outcome = SltOutcome::kOk;
  std::string skip_reason;  // "require delta", "slow": when skipped
  SltReport report;
  int64_t records_run = 0;      // statements and queries executed
  int64_t records_skipped = 0;  // by skipif, onlyif or mode skip
};

class SltRunner {
 public:
  SltRunner(SltDatabaseFactory factory, SltRunnerOptions options);

  SltFileResult RunFile(const std::string& path) const;
  // `path` only names the text in failures.
  SltFileResult RunText(std::string_view text, const std::string& path) const;
  SltFileResult Run(const SltFile& file) const;

 private:
  SltFileResult RunParsed(const Result<SltFile>& file) const;

  SltDatabaseFactory factory_;
  SltRunnerOptions options_;
};

}  // namespace lakeml::slt
