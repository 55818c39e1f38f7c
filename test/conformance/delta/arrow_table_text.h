// ArrowTableText: parses the Arrow pretty-print tables that expected.json files transcribe from
// upstream tests into a RowSet of kArrowText cells:
//
//   +----+-------+
//   | id | name  |      <- header between the first two rules
//   +----+-------+
//   | 1  | Alice |
//   |    |       |      <- null prints as empty
//   +----+-------+
//
// Columns are cut at the '+' positions of the first rule (counted in code points, as the
// printer pads by characters), so a cell may itself hold '|' or ", ". Cells are trimmed.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "conformance/delta/row_set.h"

namespace lakeml::conformance {

class ArrowTableText {
 public:
  // `where` names the source in errors ("delta-kernel-rs/cdf-table expected.json query 1").
  static Result<RowSet> Parse(const std::vector<std::string>& lines, std::string_view where);
};

}  // namespace lakeml::conformance
