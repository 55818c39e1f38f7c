// ParsedStatsJson: turns one row of a checkpoint's add.stats_parsed struct back into the JSON
// text Delta keeps in add.stats (PROTOCOL.md, "Per-file Statistics"), for checkpoints written
// with delta.checkpoint.writeStatsAsJson = false.
//
// The struct maps one to one onto the JSON object (numRecords, minValues, maxValues, nullCount,
// tightBounds, and whatever else a writer put there); null fields are left out as Spark's
// to_json leaves them out. Values print as Spark writes them: numbers as numbers (decimals with
// their scale, doubles as Java prints them; NaN and infinities as quoted strings), dates
// "YYYY-MM-DD", timestamps truncated to milliseconds "2024-01-31T10:00:00.123Z" ("Z" only for
// instants, see TimestampZoneHints), strings escaped. Fields of types statistics never have
// (time, interval) are left out: a missing statistic only means "unknown".
//
// Built once per file (Make), then Append() per row. Immutable after Make; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/data_type.h"
#include "columnar/vector.h"
#include "delta/checkpoint/timestamp_zone_hints.h"

namespace lakeml::delta {

class ParsedStatsJson {
 public:
  // `type`: the stats_parsed column type (a struct); `parquet_path`: its Parquet column path
  // ("add.stats_parsed"), to look up INT96 leaves in `hints`.
  static ParsedStatsJson Make(const columnar::TypePtr& type, const std::string& parquet_path,
                              const TimestampZoneHints& hints);

  // Appends the JSON object of row `row`.
  // REQUIRES: `v` has the type given to Make; row < v.length() and v is not null there.
  void Append(const columnar::Vector& v, int64_t row, std::string* out) const;

 private:
  struct Node {
    columnar::TypeId id = columnar::TypeId::kNull;
    std::string key;  // `"name":`, escaped, for struct fields.
    bool utc = false;
    columnar::TimeUnit unit = columnar::TimeUnit::kMicro;
    int scale = 0;
    bool skip = false;  // A type statistics never have: left out.
    std::vector<Node> children;
  };

  static Node Build(const columnar::Field& field, const std::string& column_path,
                    const std::string& parquet_path, int depth, const TimestampZoneHints& hints);
  static void AppendValue(const Node& node, const columnar::Vector& v, int64_t row,
                          std::string* out);

  Node root_;
};

}  // namespace lakeml::delta
