#include "sqllogictest/slt_report.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "base/str_cat.h"

namespace lakeml::slt {
namespace {

// The LCS table is O(n*m); past this the diff falls back to a positional listing.
constexpr size_t kMaxSltDiffCells = 1 << 20;

std::string JoinSltRow(const std::vector<std::string>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    out += row[i];
  }
  return out;
}

void AppendSltIndented(std::string* out, std::string_view label, std::string_view text) {
  *out += label;
  *out += ":\n";
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    *out += "    ";
    out->append(text.substr(start, end - start));
    *out += '\n';
    start = end + 1;
  }
}

}  // namespace

void SltReport::Add(SltFailure failure) {
  ++failure_count_;
  if (failures_.size() < kMaxKeptFailures) failures_.push_back(std::move(failure));
}

std::string SltReport::ToString() const {
  std::string out;
  for (const SltFailure& f : failures_) out += FormatFailure(f);
  if (failure_count_ > failures_.size()) {
    out += StrCat("... and ", failure_count_ - failures_.size(), " more failures\n");
  }
  return out;
}

std::string SltReport::FormatFailure(const SltFailure& failure) {
  std::string out;
  if (!failure.file.empty()) {
    out += failure.line > 0 ? StrCat(failure.file, ":", failure.line, ": ") : failure.file + ": ";
  }
  out += StrCat(failure.summary, "\n");
  if (!failure.loop_context.empty()) out += StrCat("  in loop: ", failure.loop_context, "\n");
  if (!failure.sql.empty()) AppendSltIndented(&out, "  SQL", failure.sql);
  if (!failure.engine_error.empty()) AppendSltIndented(&out, "  Error", failure.engine_error);
  out += failure.details;
  return out;
}

std::string SltReport::DiffRows(std::string_view column_types, const SltRows& expected,
                                const SltRows& actual) {
  auto equal = [&](size_t i, size_t j) {
    return SltResultComparator::RowsEqual(column_types, expected[i], actual[j]);
  };
  // Lines as (marker, row); common prefix and suffix are matched without the table.
  std::vector<std::pair<char, const std::vector<std::string>*>> lines;
  size_t n = expected.size(), m = actual.size();
  size_t prefix = 0;
  while (prefix < n && prefix < m && equal(prefix, prefix)) ++prefix;
  size_t suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && equal(n - 1 - suffix, m - 1 - suffix)) {
    ++suffix;
  }
  for (size_t i = 0; i < prefix; ++i) lines.push_back({' ', &actual[i]});
  const size_t en = n - prefix - suffix, am = m - prefix - suffix;
  if (en * am <= kMaxSltDiffCells) {
    // lcs[i][j]: LCS length of expected[prefix+i..] and actual[prefix+j..].
    std::vector<uint32_t> lcs((en + 1) * (am + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (am + 1) + j]; };
    for (size_t i = en; i-- > 0;) {
      for (size_t j = am; j-- > 0;) {
        at(i, j) = equal(prefix + i, prefix + j) ? at(i + 1, j + 1) + 1
                                                 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < en || j < am) {
      if (i < en && j < am && equal(prefix + i, prefix + j)) {
        lines.push_back({' ', &actual[prefix + j]});
        ++i;
        ++j;
      } else if (i < en && (j == am || at(i + 1, j) >= at(i, j + 1))) {
        lines.push_back({'-', &expected[prefix + i++]});
      } else {
        lines.push_back({'+', &actual[prefix + j++]});
      }
    }
  } else {
    for (size_t i = 0; i < std::max(en, am); ++i) {
      if (i < en && i < am && equal(prefix + i, prefix + i)) {
        lines.push_back({' ', &actual[prefix + i]});
        continue;
      }
      if (i < en) lines.push_back({'-', &expected[prefix + i]});
      if (i < am) lines.push_back({'+', &actual[prefix + i]});
    }
  }
  for (size_t i = 0; i < suffix; ++i) lines.push_back({' ', &actual[m - suffix + i]});

  // Show changed lines with up to 3 unchanged lines of context, like diff -U3.
  std::vector<bool> show(lines.size(), false);
  for (size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].first == ' ') continue;
    size_t from = k >= 3 ? k - 3 : 0, to = std::min(lines.size(), k + 4);
    for (size_t x = from; x < to; ++x) show[x] = true;
  }
  std::string out;
  size_t shown = 0;
  bool gap = false;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (!show[k]) {
      gap = true;
      continue;
    }
    if (shown == kMaxDiffLines) {
      out += StrCat("    ... (diff cut at ", kMaxDiffLines, " lines)\n");
      break;
    }
    if (gap) out += "    ...\n";
    gap = false;
    out += StrCat("   ", lines[k].first, JoinSltRow(*lines[k].second), "\n");
    ++shown;
  }
  if (gap && shown > 0 && shown < kMaxDiffLines) out += "    ...\n";
  return out;
}

}  // namespace lakeml::slt
