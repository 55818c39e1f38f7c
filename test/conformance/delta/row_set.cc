#include "conformance/delta/row_set.h"

#include <algorithm>

#include "base/str_cat.h"

namespace lakeml::conformance {
namespace {

// Long cells (a 100-element list) are cut so that a report stays readable.
constexpr size_t kMaxCellChars = 120;

}  // namespace

std::string DescribeRow(const std::vector<std::string>& columns, const std::string& row) {
  std::string out;
  const std::vector<std::string_view> cells = RowCanonicalizer::SplitRow(row);
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += " | ";
    if (i < columns.size()) out += columns[i] + "=";
    std::string_view cell = cells[i];
    if (cell.size() > kMaxCellChars) {
      out.append(cell.substr(0, kMaxCellChars));
      out += "...";
    } else {
      out.append(cell);
    }
  }
  return out;
}

std::string CompareRowSets(RowSet* expected, RowSet* actual, int max_rows_shown) {
  std::sort(expected->rows.begin(), expected->rows.end());
  std::sort(actual->rows.begin(), actual->rows.end());
  if (expected->rows == actual->rows) return "";

  // Merge walk: rows only in expected are missing, rows only in actual are unexpected.
  std::vector<const std::string*> missing;
  std::vector<const std::string*> unexpected;
  size_t i = 0;
  size_t j = 0;
  const auto& e = expected->rows;
  const auto& a = actual->rows;
  while (i < e.size() || j < a.size()) {
    if (j == a.size() || (i < e.size() && e[i] < a[j])) {
      missing.push_back(&e[i++]);
    } else if (i == e.size() || a[j] < e[i]) {
      unexpected.push_back(&a[j++]);
    } else {
      ++i;
      ++j;
    }
  }
  std::string out = StrCat("expected ", e.size(), " rows, got ", a.size(), "; ", missing.size(),
                           " expected rows missing, ", unexpected.size(), " unexpected rows");
  for (size_t k = 0; k < missing.size() && k < static_cast<size_t>(max_rows_shown); ++k) {
    out += StrCat("\n      missing:    ", DescribeRow(expected->columns, *missing[k]));
  }
  for (size_t k = 0; k < unexpected.size() && k < static_cast<size_t>(max_rows_shown); ++k) {
    out += StrCat("\n      unexpected: ", DescribeRow(actual->columns, *unexpected[k]));
  }
  return out;
}

}  // namespace lakeml::conformance
