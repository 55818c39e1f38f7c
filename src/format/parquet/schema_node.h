// SchemaNode: one node of a Parquet file's schema tree, resolved into lakeml's columnar model
// (struct, list, map or leaf) with the Dremel level bookkeeping needed to read it.
//
// Owned by SchemaDescriptor; immutable after construction; thread-safe to read.
//
// Levels: a node's *slots* are the positions in a leaf's level stream where the node has an entry
// (a value or a null). A slot begins at level position i iff
//     rep[i] <= slot_rep  &&  def[i] >= slot_def
// and the entry is non-null iff def[i] >= def_level. For lists and maps, an element begins at a
// position iff rep[i] <= slot_rep + 1 && def[i] >= element_def.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/data_type.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

struct SchemaNode {
  enum class Kind : uint8_t { kLeaf, kStruct, kList, kMap };

  Kind kind = Kind::kLeaf;
  std::string name;
  columnar::TypePtr type;  // The columnar type this node reads as.
  bool nullable = true;
  int32_t field_id = -1;

  int16_t def_level = 0;    // Non-null iff def >= def_level.
  int16_t slot_def = 0;     // A slot exists iff def >= slot_def ...
  int16_t slot_rep = 0;     // ... and rep <= slot_rep.
  int16_t element_def = 0;  // kList/kMap: the list has an element iff def >= element_def.

  // kStruct: fields; kList: {element}; kMap: {key, value}. Indexes into SchemaDescriptor::nodes().
  std::vector<int> children;
  // The leaf columns under this node, in schema order (indexes into SchemaDescriptor::leaves()).
  std::vector<int> leaves;

  // kLeaf only.
  int leaf_index = -1;
  Type physical_type = Type::kInt32;
  int type_length = 0;  // FIXED_LEN_BYTE_ARRAY width.
  int16_t max_def = 0;  // == def_level for leaves.
  int16_t max_rep = 0;
  std::string path;  // Dotted path of the Parquet column ("a.list.element").
};

}  // namespace lakeml::parquet
