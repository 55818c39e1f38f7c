#include "sqllogictest/slt_result_comparator.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "base/str_cat.h"

namespace lakeml::slt {
namespace {

bool ParseSltDouble(std::string_view text, double* out) {
  if (text.empty() || text.size() > 64) return false;
  std::string s(text);  // strtod needs a terminator
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool ParseSltInt64(std::string_view text, int64_t* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::vector<std::string> SplitSltTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

// "<N> values hashing to <32 hex digits>"
bool ParseSltHashLine(const std::string& line, int64_t* count, std::string* hash) {
  constexpr std::string_view kMiddle = " values hashing to ";
  size_t mid = line.find(kMiddle);
  if (mid == std::string::npos) return false;
  if (!ParseSltInt64(std::string_view(line).substr(0, mid), count)) return false;
  *hash = line.substr(mid + kMiddle.size());
  if (hash->size() != 32) return false;
  for (char& c : *hash) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return true;
}

size_t CountSltValues(const SltRows& rows) {
  size_t n = 0;
  for (const auto& r : rows) n += r.size();
  return n;
}

}  // namespace

std::string SltResultComparator::RenderValue(const std::optional<std::string>& value) {
  if (!value.has_value()) return "NULL";
  if (value->empty()) return "(empty)";
  return *value;
}

SltRows SltResultComparator::RenderRows(const SltQueryResult& result) {
  SltRows rows;
  rows.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const auto& v : row) out.push_back(RenderValue(v));
    rows.push_back(std::move(out));
  }
  return rows;
}

void SltResultComparator::Sort(SltSortMode sort_mode, SltRows* rows) {
  if (sort_mode == SltSortMode::kRowSort) {
    std::sort(rows->begin(), rows->end());
  } else if (sort_mode == SltSortMode::kValueSort) {
    std::vector<std::string> values;
    for (auto& r : *rows) {
      for (auto& v : r) values.push_back(std::move(v));
    }
    std::sort(values.begin(), values.end());
    rows->clear();
    for (auto& v : values) rows->push_back({std::move(v)});
  }
}

bool SltResultComparator::ValuesEqual(char type, std::string_view expected,
                                      std::string_view actual) {
  if (expected == actual) return true;
  if (expected == "NULL" || actual == "NULL") return false;
  if (type == 'I') {
    int64_t ei = 0, ai = 0;
    if (ParseSltInt64(expected, &ei) && ParseSltInt64(actual, &ai)) return ei == ai;
    double ed = 0, ad = 0;
    return ParseSltDouble(expected, &ed) && ParseSltDouble(actual, &ad) && ed == ad;
  }
  if (type == 'R') {
    double e = 0, a = 0;
    if (!ParseSltDouble(expected, &e) || !ParseSltDouble(actual, &a)) return false;
    if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
    if (std::isinf(e) || std::isinf(a)) return e == a;
    double tolerance =
        std::max(kRelativeTolerance * std::max(std::fabs(e), std::fabs(a)), kAbsoluteTolerance);
    return std::fabs(e - a) <= tolerance;
  }
  return false;
}

bool SltResultComparator::RowsEqual(std::string_view column_types,
                                    const std::vector<std::string>& expected,
                                    const std::vector<std::string>& actual) {
  if (expected.size() != actual.size()) return false;
  for (size_t c = 0; c < expected.size(); ++c) {
    char type = c < column_types.size() ? column_types[c] : 'T';
    if (!ValuesEqual(type, expected[c], actual[c])) return false;
  }
  return true;
}

std::string SltResultComparator::HashValues(const SltRows& rows) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return "(md5 unavailable)";
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  for (const auto& row : rows) {
    for (const auto& v : row) {
      EVP_DigestUpdate(ctx, v.data(), v.size());
      EVP_DigestUpdate(ctx, "\n", 1);
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

SltComparison SltResultComparator::Compare(std::string_view column_types, SltSortMode sort_mode,
                                           const std::vector<std::string>& expected_lines,
                                           const SltQueryResult& actual) {
  SltComparison cmp;
  const size_t columns = column_types.size();
  cmp.column_types = sort_mode == SltSortMode::kValueSort
                         ? std::string(1, std::all_of(column_types.begin(), column_types.end(),
                                                      [&](char t) { return t == column_types[0]; })
                                              ? column_types[0]
                                              : 'T')
                         : std::string(column_types);
  cmp.actual_rows = RenderRows(actual);
  Sort(sort_mode, &cmp.actual_rows);
  if (actual.column_names.size() != columns) {
    cmp.ok = false;
    cmp.message = StrCat("expected ", columns, " columns (query ", column_types, "), got ",
                         actual.column_names.size());
    return cmp;
  }

  int64_t hash_count = 0;
  std::string hash;
  if (expected_lines.size() == 1 && ParseSltHashLine(expected_lines[0], &hash_count, &hash)) {
    cmp.actual_hash = HashValues(cmp.actual_rows);
    const size_t actual_count = CountSltValues(cmp.actual_rows);
    if (static_cast<size_t>(hash_count) != actual_count || hash != cmp.actual_hash) {
      cmp.ok = false;
      cmp.message = StrCat("expected ", hash_count, " values hashing to ", hash, ", got ",
                           actual_count, " values hashing to ", cmp.actual_hash);
    }
    return cmp;
  }

  // Tab-separated rows (DuckDB), or one value per line (sqlite's original layout); valuesort
  // compares a bag of values, so there any layout will do.
  SltRows expected;
  bool row_layout = true;
  for (const std::string& line : expected_lines) {
    expected.push_back(SplitSltTabs(line));
    if (expected.back().size() != columns) row_layout = false;
  }
  if (!row_layout && sort_mode == SltSortMode::kValueSort) {
    row_layout = true;  // Sort below flattens the rows into values.
  } else if (!row_layout) {
    bool value_layout = columns > 0 && expected_lines.size() % columns == 0;
    for (const auto& r : expected) value_layout = value_layout && r.size() == 1;
    if (!value_layout) {
      cmp.ok = false;
      for (size_t i = 0; i < expected.size(); ++i) {
        if (expected[i].size() != columns) {
          cmp.message = StrCat("expected-result line ", i + 1, " has ", expected[i].size(),
                               " tab-separated values, the query has ", columns, " columns");
          break;
        }
      }
      cmp.expected_rows = std::move(expected);
      return cmp;
    }
    SltRows grouped;
    for (size_t i = 0; i < expected.size(); i += columns) {
      std::vector<std::string> row;
      for (size_t c = 0; c < columns; ++c) row.push_back(std::move(expected[i + c][0]));
      grouped.push_back(std::move(row));
    }
    expected = std::move(grouped);
  }
  Sort(sort_mode, &expected);
  cmp.expected_rows = std::move(expected);

  if (cmp.expected_rows.size() != cmp.actual_rows.size()) {
    cmp.ok = false;
    cmp.message = StrCat("expected ", cmp.expected_rows.size(),
                         sort_mode == SltSortMode::kValueSort ? " values" : " rows", ", got ",
                         cmp.actual_rows.size());
    return cmp;
  }
  for (size_t r = 0; r < cmp.expected_rows.size(); ++r) {
    if (!RowsEqual(cmp.column_types, cmp.expected_rows[r], cmp.actual_rows[r])) {
      cmp.ok = false;
      cmp.message =
          StrCat("first difference at ", sort_mode == SltSortMode::kValueSort ? "value " : "row ",
                 r + 1, sort_mode == SltSortMode::kNoSort ? "" : " (after sorting)");
      return cmp;
    }
  }
  return cmp;
}

}  // namespace lakeml::slt
