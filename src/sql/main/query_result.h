// QueryResult: the result of one statement: column names and types, the rows as chunks in
// order, and the statement's elapsed time. Statements without rows (USE, SET) have no columns.
//
// Owned by the caller; immutable after Execute returns it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/schema.h"
#include "sql/execution/chunk.h"

namespace lakeml::sql {

class QueryResult {
 public:
  QueryResult(std::vector<std::string> names, std::vector<columnar::TypePtr> types,
              std::vector<Chunk> chunks);

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<columnar::TypePtr>& types() const { return types_; }
  const std::vector<Chunk>& chunks() const { return chunks_; }
  int64_t num_rows() const { return num_rows_; }
  // The schema (all fields nullable) and the rows as batches, for the text writers.
  columnar::SchemaPtr schema() const;
  std::vector<columnar::BatchPtr> batches() const;

  double elapsed_seconds = 0;

 private:
  std::vector<std::string> names_;
  std::vector<columnar::TypePtr> types_;
  std::vector<Chunk> chunks_;
  int64_t num_rows_ = 0;
};

}  // namespace lakeml::sql
