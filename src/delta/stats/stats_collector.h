// StatsCollector: computes the per-file statistics a writer stores in add.stats
// (PROTOCOL.md, "Per-file Statistics"), batch by batch, as Spark's StatisticsCollection does:
//
//   {"numRecords":N,"minValues":{...},"maxValues":{...},"nullCount":{...},"tightBounds":true}
//
// * Columns: the ones StatsOptions selects (dataSkippingStatsColumns, or the first
//   dataSkippingNumIndexedCols leaves), nested by struct field under their physical names.
// * minValues / maxValues for numbers, decimals, dates, timestamps and strings (Spark's
//   SkippingEligibleDataType); none for booleans, binaries, arrays, maps and variants. A column
//   whose values are all null has no entry ("If all valid rows are null, this carries no
//   information").
// * nullCount for every selected leaf, arrays and maps included; a null struct makes all its
//   leaves null in that row.
// * Text as Spark writes it: timestamps truncated down to milliseconds
//   "2024-01-01T10:00:00.000Z" (no "Z" for timestamp_ntz), dates "2024-01-01", decimals as
//   plain JSON numbers, floats in their shortest form with NaN / Infinity / -Infinity quoted.
//   NaN orders above every number, so a column holding NaN has max "NaN".
// * Strings keep their first 32 code points (StatsOptions::string_prefix_length). A cut max
//   gets Spark's tie-breaker: the prefix, then every following character >= U+FFFD, then
//   U+FFFD, so it stays an upper bound. Spark compares UTF-16 units there; this compares code
//   points, which is byte order for UTF-8, so the bound also holds for characters beyond
//   U+FFFF. Invalid UTF-8 never reaches the JSON text: a min is cut before it, a max dropped.
//
// Loops run per column type over whole vectors (no per-value virtual calls).
// Not thread-safe: one collector per file being written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "delta/stats/stats_options.h"

namespace lakeml::delta {

class StatsCollector {
 public:
  // `physical_schema`: the schema of the batches written to the data file (physical names,
  // no partition columns). Stats column names in `options` are matched against
  // `logical_schema`, which must have the same shape (the table schema without partition
  // columns); when null, against `physical_schema`.
  explicit StatsCollector(const columnar::Schema& physical_schema, StatsOptions options = {},
                          const columnar::Schema* logical_schema = nullptr);
  ~StatsCollector();
  StatsCollector(StatsCollector&&) noexcept;
  StatsCollector& operator=(StatsCollector&&) noexcept;

  // REQUIRES: batch has the physical schema's shape (same columns, types and order).
  void Update(const columnar::Batch& batch);

  int64_t num_records() const { return num_records_; }
  // The stats JSON of everything seen so far.
  std::string ToJson() const;

  // Paths (physical names) of the leaf columns that get statistics, in output order.
  std::vector<ColumnPath> CollectedColumns() const;

 private:
  struct Leaf;
  struct Tree;

  int64_t num_records_ = 0;
  StatsOptions options_;
  std::vector<Leaf> leaves_;
  std::unique_ptr<Tree> tree_;  // The output nesting, for ToJson().
};

// All batches at once. REQUIRES: every batch has physical_schema's shape.
Result<std::string> CollectStatsJson(const std::vector<columnar::BatchPtr>& batches,
                                     const columnar::Schema& physical_schema,
                                     const StatsOptions& options);

}  // namespace lakeml::delta
