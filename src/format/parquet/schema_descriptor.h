// SchemaDescriptor: a Parquet file's schema resolved into lakeml's columnar model.
//
// Built from the footer's flattened SchemaElements; resolves LIST and MAP annotations
// (including the legacy two-level list layouts and unannotated repeated fields, following the
// backward-compatibility rules of the Parquet LogicalTypes spec), maps each leaf's physical and
// logical type to a columnar type, and computes the definition and repetition levels that
// RecordAssembler needs.
//
// Immutable after Make(); thread-safe to read.
#pragma once

#include <memory>
#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "format/parquet/metadata.h"
#include "format/parquet/schema_node.h"

namespace lakeml::parquet {

class SchemaDescriptor {
 public:
  // Errors name the offending schema element, e.g.
  // "Invalid Parquet schema: LIST group tags must have exactly one repeated child".
  static Result<std::unique_ptr<SchemaDescriptor>> Make(const std::vector<SchemaElement>& elements);

  const std::vector<SchemaNode>& nodes() const { return nodes_; }
  const SchemaNode& node(int i) const { return nodes_[i]; }
  // Node index of each leaf column, in column-chunk order.
  const std::vector<int>& leaves() const { return leaves_; }
  const SchemaNode& leaf(int leaf_index) const { return nodes_[leaves_[leaf_index]]; }
  // Node index of each top-level field, in schema order.
  const std::vector<int>& top_level() const { return top_level_; }
  int num_leaves() const { return static_cast<int>(leaves_.size()); }
  // The columnar schema of the top-level fields.
  const columnar::SchemaPtr& schema() const { return schema_; }

  // Maps one primitive element's physical, logical and converted types to a columnar type.
  static Result<columnar::TypePtr> LeafType(const SchemaElement& element);

 private:
  struct RawNode;
  class Builder;

  std::vector<SchemaNode> nodes_;
  std::vector<int> leaves_;
  std::vector<int> top_level_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::parquet
