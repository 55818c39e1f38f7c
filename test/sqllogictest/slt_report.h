// SltReport: the failures of one .test file and their text: file:line, what went wrong, the
// SQL, the engine's error, and expected vs actual rows as a unified-diff-style listing.
//
// Owns its failures; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sqllogictest/slt_result_comparator.h"

namespace lakeml::slt {

struct SltFailure {
  std::string file;
  int line = 0;              // the record's line; 0 for a failure of the whole file
  std::string summary;       // one line: "query returned wrong results: expected 3 rows, got 2"
  std::string sql;           // after substitution; empty when not about one statement
  std::string engine_error;  // the engine's error text, when it is part of the failure
  std::string loop_context;  // "i=3, x=b" inside loops
  std::string details;       // further lines (the row diff), already formatted
};

class SltReport {
 public:
  // Failures after this many are counted but not kept, so a broken file stays readable.
  static constexpr size_t kMaxKeptFailures = 20;
  // A diff listing shows at most this many lines.
  static constexpr size_t kMaxDiffLines = 120;

  void Add(SltFailure failure);
  size_t failure_count() const { return failure_count_; }
  const std::vector<SltFailure>& failures() const { return failures_; }

  // All kept failures, each as FormatFailure, then how many were left out.
  std::string ToString() const;

  static std::string FormatFailure(const SltFailure& failure);

  // " row", "-row" (expected only), "+row" (actual only), values tab-separated; rows are
  // matched with SltResultComparator::RowsEqual, so a tolerated difference is not marked.
  static std::string DiffRows(std::string_view column_types, const SltRows& expected,
                              const SltRows& actual);

 private:
  std::vector<SltFailure> failures_;
  size_t failure_count_ = 0;
};

}  // namespace lakeml::slt
