// SchemaEnforcer: makes input batches fit a table's schema on write, or says exactly why they
// do not (Delta "schema enforcement"), and evolves the schema when asked ("mergeSchema").
//
// Columns are matched by name, case-insensitively (Spark's default). A table column missing
// from the input is written as nulls if nullable, else rejected. An input column the table
// lacks is rejected, or added as a nullable column with merge_schema. An input type narrower
// than the table's is widened on write (int into bigint); a wider one is rejected, or, with
// merge_schema on a table with type widening enabled, widens the table's column and records
// it in the field's `delta.typeChanges`. NOT NULL columns are checked on every batch.
//
// Immutable after Make; Conform() is thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "delta/schema/column_mapping.h"

namespace lakeml::delta {

struct SchemaEnforcerOptions {
  bool merge_schema = false;
  bool allow_type_widening = false;  // delta.enableTypeWidening on the table.
  ColumnMappingMode mode = ColumnMappingMode::kNone;
  int64_t max_column_id = 0;         // delta.columnMapping.maxColumnId
};

class SchemaEnforcer {
 public:
  static Result<SchemaEnforcer> Make(const columnar::Schema& table_schema,
                                     const columnar::Schema& input_schema,
                                     const SchemaEnforcerOptions& options);

  // The schema batches are conformed to: the table's, evolved when merge_schema added or
  // widened columns.
  const columnar::SchemaPtr& table_schema() const { return table_schema_; }
  bool schema_changed() const { return schema_changed_; }
  int64_t max_column_id() const { return max_column_id_; }

  // The input rows as the table's columns, in the table's order.
  Result<columnar::BatchPtr> Conform(const columnar::Batch& input) const;

 private:
  SchemaEnforcer() = default;

  columnar::SchemaPtr table_schema_;
  bool schema_changed_ = false;
  int64_t max_column_id_ = 0;
  // Per table column: the input column index, or -1 (write nulls).
  std::vector<int> source_;
  std::vector<bool> needs_widening_;
};

}  // namespace lakeml::delta
