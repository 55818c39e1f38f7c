// FileStats: the per-file statistics of one add (or remove) action (PROTOCOL.md, "Per-file
// Statistics"), decoded for the few columns a predicate needs:
//   {"numRecords":N,"minValues":{...},"maxValues":{...},"nullCount":{...},"tightBounds":b}
// The column objects mirror the data schema (nested by struct field) and are keyed by PHYSICAL
// names (column mapping).
//
// Values are kept exactly as stored; callers that prune must remember what the protocol allows
// writers to store: "String columns are cut off at a fixed prefix length. Timestamp columns
// are truncated down to milliseconds." (see data_skipping.h for how the bounds are widened).
// Stored values that do not fit the column's type (another type after type widening, text
// that does not parse, numbers out of range) are dropped, never guessed: a missing bound only
// costs pruning. Booleans and binaries get no min/max (Spark writes none; binaries would need
// an encoding the protocol does not define).
//
// Plain value; thread-safe to read. Parse with FileStatsParser (fast, reusable) or
// FileStats::Parse (convenience).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::delta {

// One column to decode: where its stats live and the type to decode them in.
struct StatsColumn {
  ColumnPath physical_path;  // {"col-1a2b", "col-3c4d"} for a nested field.
  columnar::TypePtr type;    // The column's (logical) type in the table schema.
};

struct ColumnStats {
  std::optional<columnar::Scalar> min;
  std::optional<columnar::Scalar> max;
  std::optional<int64_t> null_count;
};

class FileStats {
 public:
  // Decodes `json` for `columns`. Malformed JSON is a Corruption error ("Invalid stats JSON:
  // ..."): callers must then treat the file as having no statistics.
  static Result<FileStats> Parse(std::string_view json, const std::vector<StatsColumn>& columns);

  std::optional<int64_t> num_records() const { return num_records_; }
  // "stats.tightBounds should be treated as true when it is not explicitly present".
  bool tight_bounds() const { return tight_bounds_; }
  size_t num_columns() const { return columns_.size(); }
  // Stats of columns[i] as given to the parser.
  const ColumnStats& column(size_t i) const { return columns_[i]; }

 private:
  friend class FileStatsParser;

  std::optional<int64_t> num_records_;
  bool tight_bounds_ = true;
  std::vector<ColumnStats> columns_;
};

}  // namespace lakeml::delta
