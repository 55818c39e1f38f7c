// TableTextWriter: prints batches as an aligned text table, the way Spark's show() does:
//   +---+-----+
//   |  a|    b|
//   +---+-----+
//   |  1|hello|
//   +---+-----+
// Numbers are right-aligned, other values left-aligned; nulls print as NULL; values are the
// ValueFormatter's text style, with control characters shown as spaces so rows stay on one
// line. Rows are buffered until Finish() (column widths depend on every row), so callers cap
// what they print for very large results.
//
// Not thread-safe; one owner.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "base/status.h"
#include "columnar/batch.h"
#include "columnar/schema.h"

namespace lakeml::format {

class TableTextWriter {
 public:
  explicit TableTextWriter(std::FILE* out) : out_(out) {}

  Status Begin(const columnar::Schema& schema);
  Status Write(const columnar::Batch& batch);
  // Prints the table. A schema without columns prints nothing.
  Status Finish();

 private:
  std::FILE* out_;
  std::vector<std::string> header_;
  std::vector<bool> right_align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace lakeml::format
