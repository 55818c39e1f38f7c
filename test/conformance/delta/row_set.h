// RowSet: a multiset of canonical rows (see RowCanonicalizer) and the columns they hold, and the
// order-insensitive comparison of two of them that the runner reports from.
// Plain value; thread-safe to read.
#pragma once

#include <string>
#include <vector>

#include "conformance/delta/row_canonicalizer.h"

namespace lakeml::conformance {

struct RowSet {
  ValueStyle style = ValueStyle::kTyped;
  std::vector<std::string> columns;  // Names of the cells of every row, in order.
  std::vector<std::string> rows;     // Row keys: cells joined by kCellSeparator.
  // RowCanonicalizer::TypeSignature of each column where the source has types (Parquet
  // dumps); empty otherwise (Arrow text).
  std::vector<std::string> types;
};

// Compares `actual` with `expected` as multisets of rows (both are sorted in place). Returns ""
// when they are equal, else a description: the row counts, and the first few rows missing from
// `actual` and the first few it has in excess, cells shown as "col=value".
// REQUIRES: both hold the same columns in the same order.
std::string CompareRowSets(RowSet* expected, RowSet* actual, int max_rows_shown = 3);

// "a=1 | b=x" for one row key.
std::string DescribeRow(const std::vector<std::string>& columns, const std::string& row);

}  // namespace lakeml::conformance
