// StatsOptions: which columns a writer collects per-file statistics on, and how, as the
// table properties say (Spark's StatisticsCollection rules):
//   delta.dataSkippingStatsColumns    "a, b.c, `odd.name`": exactly these columns (a struct
//                                     means all its leaves); takes precedence when set
//   delta.dataSkippingNumIndexedCols  the first N leaf columns of the data schema, structs
//                                     walked depth-first, an array or map counting as one
//                                     leaf (default 32; -1 = all)
// Plain value; thread-safe to read.
#pragma once

#include <optional>
#include <vector>

#include "base/result.h"
#include "delta/actions.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::delta {

// DO NOT CHANGE: stored in Delta logs (table properties).
inline constexpr char kDataSkippingNumIndexedColsKey[] = "delta.dataSkippingNumIndexedCols";
inline constexpr char kDataSkippingStatsColumnsKey[] = "delta.dataSkippingStatsColumns";

struct StatsOptions {
  // First N leaf columns; -1 = all. Ignored when stats_columns is set.
  int num_indexed_cols = 32;
  // Logical column paths (matched case-insensitively), or nullopt.
  std::optional<std::vector<ColumnPath>> stats_columns;
  // Strings keep this many code points (Spark's stats.skipping.strings.prefixLength).
  int string_prefix_length = 32;
  // Write "tightBounds":true (Spark writes it when the table supports deletion vectors).
  bool write_tight_bounds = true;

  // Reads the two properties; InvalidArgument names the property and its bad value:
  // "Invalid delta.dataSkippingNumIndexedCols: must be an integer >= -1: abc".
  static Result<StatsOptions> FromConfiguration(const StringMap& configuration);

  // Parses a comma-separated list of column names ("a, b.c, `x.y`.z").
  static Result<std::vector<ColumnPath>> ParseColumnList(std::string_view text);
};

}  // namespace lakeml::delta
