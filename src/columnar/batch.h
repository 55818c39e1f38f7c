// Batch: a set of equal-length column vectors with their schema; the unit of data that flows
// between readers, operators and writers.
// Immutable once built; safe to read from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/schema.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

class Batch {
 public:
  // REQUIRES: columns.size() == schema->num_fields(), every column has num_rows values.
  Batch(SchemaPtr schema, std::vector<VectorPtr> columns, int64_t num_rows)
      : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {}

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<VectorPtr>& columns() const { return columns_; }
  const VectorPtr& column(size_t i) const { return columns_[i]; }
  size_t num_columns() const { return columns_.size(); }
  int64_t num_rows() const { return num_rows_; }

 private:
  SchemaPtr schema_;
  std::vector<VectorPtr> columns_;
  int64_t num_rows_;
};

using BatchPtr = std::shared_ptr<Batch>;

}  // namespace lakeml::columnar
