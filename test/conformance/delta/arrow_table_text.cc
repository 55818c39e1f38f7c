#include "conformance/delta/arrow_table_text.h"

#include "base/str_cat.h"

namespace lakeml::conformance {
namespace {

// Byte offset of every code point of `line` (UTF-8), plus line.size() at the end.
std::vector<size_t> CodePointOffsets(std::string_view line) {
  std::vector<size_t> offsets;
  offsets.reserve(line.size() + 1);
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(line.size());
  return offsets;
}

bool IsRule(std::string_view line) { return !line.empty() && line.front() == '+'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<RowSet> ArrowTableText::Parse(const std::vector<std::string>& lines,
                                     std::string_view where) {
  if (lines.size() < 3 || !IsRule(lines[0]) || IsRule(lines[1]) || !IsRule(lines[2])) {
    return Status::Corruption(
        StrCat("Invalid Arrow table: expected a rule, a header and a rule in ", where));
  }
  // Column boundaries: the '+' of the first rule, as code point indexes.
  std::vector<size_t> bounds;
  {
    const std::vector<size_t> cps = CodePointOffsets(lines[0]);
    for (size_t k = 0; k + 1 < cps.size(); ++k) {
      if (lines[0][cps[k]] == '+') bounds.push_back(k);
    }
  }
  if (bounds.size() < 2 || bounds.front() != 0) {
    return Status::Corruption(StrCat("Invalid Arrow table: first rule has no columns in ", where));
  }

  auto split = [&](size_t line_no, std::vector<std::string>* cells) -> Status {
    const std::string& line = lines[line_no];
    const std::vector<size_t> cps = CodePointOffsets(line);
    for (size_t b : bounds) {
      if (b + 1 >= cps.size() || line[cps[b]] != '|') {
        return Status::Corruption(StrCat("Invalid Arrow table: line ", line_no + 1,
                                         " does not match the column rule in ", where, ": ", line));
      }
    }
    cells->clear();
    for (size_t k = 0; k + 1 < bounds.size(); ++k) {
      const size_t begin = cps[bounds[k] + 1];
      const size_t end = cps[bounds[k + 1]];
      cells->emplace_back(Trim(std::string_view(line).substr(begin, end - begin)));
    }
    return Status::OK();
  };

  RowSet set;
  set.style = ValueStyle::kArrowText;
  LAKEML_RETURN_IF_ERROR(split(1, &set.columns));
  std::vector<std::string> cells;
  for (size_t n = 3; n < lines.size(); ++n) {
    if (IsRule(lines[n])) continue;
    LAKEML_RETURN_IF_ERROR(split(n, &cells));
    std::string key;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) key.push_back(kCellSeparator);
      key += cells[c];
    }
    set.rows.push_back(std::move(key));
  }
  if (!IsRule(lines.back())) {
    return Status::Corruption(StrCat("Invalid Arrow table: no closing rule in ", where));
  }
  return set;
}

}  // namespace lakeml::conformance
