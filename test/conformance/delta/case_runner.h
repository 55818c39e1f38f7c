// CaseRunner: runs the checks of one TableCase against lakeml's Delta reader (Snapshot, Scan,
// TableChanges) and says whether the case passed or failed (with every failed check, the first
// one being the reason).
//
// What each kind checks:
//   expected results  every ScanExpectation (rows compared as multisets by RowSet), DAT's
//                     version metadata, the README's snapshot facts, change data feed queries
//                     and error ranges (plus an open-and-scan of the latest version), and for
//                     renamed-DV tables that the original fails.
//   expected failure  Snapshot::Load of the latest version fails (or, where the data files
//                     are present, the full scan does) with an error naming the problem.
//   open only         the latest snapshot loads at the newest version of the log listing;
//                     where the data files are present a full scan succeeds and returns
//                     sum(numRecords) - sum(DV cardinality) rows when every file has stats.
// Stateless; each Run() touches only its own temporary copy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/delta/table_case.h"

namespace lakeml::conformance {

enum class Outcome : uint8_t { kPass, kFail };

struct CaseResult {
  Outcome outcome = Outcome::kPass;
  std::vector<std::string> failures;  // Failed checks; failures[0] is the reason shown.
  std::vector<std::string> notes;     // Passed checks and remarks (--verbose).
};

struct RunOptions {
  int max_rows_shown = 3;  // Rows listed per difference (missing / unexpected).
};

class CaseRunner {
 public:
  static CaseResult Run(const TableCase& table_case, const RunOptions& options = {});
};

}  // namespace lakeml::conformance
