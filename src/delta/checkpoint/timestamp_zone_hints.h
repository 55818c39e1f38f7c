// TimestampZoneHints: what tells whether a timestamp stored in a checkpoint's typed columns
// (stats_parsed, partitionValues_parsed) is an instant (Delta `timestamp`, printed with "Z") or
// wall-clock time (`timestamp_ntz`). The Parquet annotation alone is not enough: Spark stores
// instants as INT96, which reads as a zone-less timestamp, and some writers (arrow-rs through
// delta-rs) annotate `timestamp` columns as not UTC-adjusted. In order of trust:
//   1. the table schema (the checkpoint's own metaData.schemaString, when the file has it);
//   2. INT96 storage, which Spark uses only for instants;
//   3. the Parquet isAdjustedToUTC flag.
// Plain value; thread-safe to read.
#pragma once

#include <map>
#include <set>
#include <string>

namespace lakeml::delta {

struct TimestampZoneHints {
  // Physical table column path ("a.b", names joined by '.') -> true for `timestamp`, false
  // for `timestamp_ntz`.
  std::map<std::string, bool> table_timestamps;
  // Parquet leaf column paths stored as INT96 ("add.stats_parsed.minValues.ts").
  std::set<std::string> int96_columns;

  // Whether the timestamp at table column `column_path`, stored in Parquet column
  // `parquet_path`, is UTC-adjusted; `annotated_utc` is the Parquet flag.
  bool IsUtc(const std::string& column_path, const std::string& parquet_path,
             bool annotated_utc) const {
    auto it = table_timestamps.find(column_path);
    if (it != table_timestamps.end()) return it->second;
    if (int96_columns.count(parquet_path)) return true;
    return annotated_utc;
  }
};

}  // namespace lakeml::delta
