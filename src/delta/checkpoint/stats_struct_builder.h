// StatsStructBuilder: the typed form of per-file statistics that a checkpoint stores in
// add.stats_parsed when delta.checkpoint.writeStatsAsStruct is true (PROTOCOL.md, "Checkpoints":
// "stats_parsed: The stats can be stored in their original format"), built from each add's
// JSON stats.
//
// The struct follows the table's data columns (partition columns excluded), by physical name,
// the way Spark lays it out:
//   numRecords: long
//   minValues / maxValues: the columns of types with an order (numbers, decimal, date,
//     timestamp, timestamp_ntz, string), in their own type; structs nest, other types are left
//     out, and so are structs left empty
//   nullCount: every column as long (arrays and maps too); structs nest
//   tightBounds: boolean (when asked for: tables with deletion vectors)
// A value the JSON lacks, or holds in a form that does not fit the column's type, is null (an
// unknown statistic); stats that are absent or not valid JSON give a null struct.
// Spark limits the struct to the columns it collects statistics for
// (delta.dataSkippingNumIndexedCols, default 32, or delta.dataSkippingStatsColumns); this
// builder lists every eligible column, so on wider tables the columns past those are all null.
//
// One owner; not thread-safe (holds a JSON parser and scratch space).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "columnar/schema.h"
#include "delta/checkpoint/vector_builder.h"

namespace lakeml::delta {

class StatsStructBuilder {
 public:
  // `physical_names`: use each field's delta.columnMapping.physicalName (column mapping on).
  // `partition_columns`: logical names of the top-level partition columns, left out.
  static Result<std::unique_ptr<StatsStructBuilder>> Make(
      const columnar::Schema& table_schema, const std::vector<std::string>& partition_columns,
      bool physical_names, bool tight_bounds);
  ~StatsStructBuilder();

  const columnar::TypePtr& type() const { return type_; }

  // Appends the struct for one add's stats to `out` (a builder of type()).
  void Append(const std::optional<std::string>& stats_json, VectorBuilder* out);

 private:
  struct Node {
    std::string name;  // JSON key.
    columnar::TypePtr type;
    std::vector<Node> children;  // Structs.
    int slot = -1;               // Leaves: index into values_; structs: index into present_.
  };
  struct Parser;

  StatsStructBuilder();
  void Emit(const Node& node, VectorBuilder* out) const;

  Node root_;
  columnar::TypePtr type_;
  std::vector<columnar::Scalar> values_;  // Per leaf, for the row being parsed.
  std::vector<char> present_;             // Per struct node.
  std::unique_ptr<Parser> parser_;
};

}  // namespace lakeml::delta
