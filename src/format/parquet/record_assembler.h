// RecordAssembler: rebuilds nested columnar vectors (structs, lists, maps at any depth) from the
// level streams and dense values of the leaf columns below them — Dremel record assembly.
//
// Borrows the schema nodes and leaf data; both must outlive it. Not thread-safe; cheap to create,
// so use one per task.
#pragma once

#include <vector>

#include "base/result.h"
#include "columnar/vector.h"
#include "format/parquet/leaf_data.h"
#include "format/parquet/schema_node.h"

namespace lakeml::parquet {

class RecordAssembler {
 public:
  // `leaves` is indexed by SchemaNode::leaf_index; entries for leaves outside the assembled
  // node may be empty.
  RecordAssembler(const std::vector<SchemaNode>& nodes, const std::vector<LeafData>& leaves)
      : nodes_(nodes), leaves_(leaves) {}

  // Builds the vector of node `node_index` over all of its slots.
  // Corruption if the leaves' levels contradict each other or the schema.
  Result<columnar::VectorPtr> Assemble(int node_index);

 private:
  // Level positions where `node` has slots, computed from `leaf`'s levels.
  std::vector<int64_t> SlotPositions(const SchemaNode& node, const LeafData& leaf) const;
  Result<columnar::VectorPtr> Build(int node_index, const std::vector<int64_t>* slots);
  Result<columnar::VectorPtr> BuildLeaf(const SchemaNode& node, const std::vector<int64_t>* slots);
  Result<columnar::VectorPtr> BuildStruct(const SchemaNode& node,
                                          const std::vector<int64_t>* slots);
  Result<columnar::VectorPtr> BuildRepeated(const SchemaNode& node,
                                            const std::vector<int64_t>* slots);

  const std::vector<SchemaNode>& nodes_;
  const std::vector<LeafData>& leaves_;
};

}  // namespace lakeml::parquet
