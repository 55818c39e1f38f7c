// SltRecord: one record of a sqllogictest file (a statement, a query, or a control line),
// as SltParser produced it. Text is kept verbatim: variables (${i}, __TEST_DIR__, ...) are
// substituted by SltRunner when the record runs, since loops bind them per iteration.
//
// A plain value type; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::slt {

enum class SltRecordKind {
  kStatementOk,     // statement ok
  kStatementError,  // statement error [---- expected error substring]
  kQuery,           // query <types> [sort mode] [label] ... ---- expected
  kHashThreshold,   // hash-threshold N
  kHalt,            // halt: stop the file here
  kModeSkip,        // mode skip: skip records until mode unskip
  kModeUnskip,      // mode unskip
  kRequire,         // require <feature>: skip the file unless the database supports it
  kLoop,            // loop <var> <begin> <end> (end exclusive); concurrentloop runs as loop
  kForeach,         // foreach <var> <value>...
  kEndLoop,         // endloop
};

std::string_view SltRecordKindName(SltRecordKind kind);

enum class SltSortMode { kNoSort, kRowSort, kValueSort };

// skipif <db> / onlyif <db>, written on the lines before a statement or query.
struct SltCondition {
  bool only_if = false;  // onlyif when true, skipif when false
  std::string database;
};

struct SltRecord {
  SltRecordKind kind = SltRecordKind::kStatementOk;
  int line = 0;  // 1-based line of the record's first line (after its conditions)
  std::vector<SltCondition> conditions;

  // Statements and queries.
  std::string sql;
  std::optional<std::string> expected_error;  // statement error with ----: a substring

  // Queries.
  std::string column_types;  // one letter per column: I integer, R real, anything else text
  SltSortMode sort_mode = SltSortMode::kNoSort;
  std::string label;
  int expected_line = 0;  // line of the first expected-result line (after ----)
  std::vector<std::string> expected_lines;

  // Control records.
  std::string argument;  // require: the feature; loop/foreach: the variable name
  int64_t number = 0;    // hash-threshold: N; loop: begin
  int64_t loop_end = 0;  // loop: end (exclusive)
  std::vector<std::string> foreach_values;
  size_t end_index = 0;  // loop/foreach: index of the matching endloop in the record list
};

}  // namespace lakeml::slt
