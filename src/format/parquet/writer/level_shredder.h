// LevelShredder: turns one leaf of a top-level columnar field into Parquet's Dremel encoding:
// definition levels, repetition levels and the positions of the non-null leaf values.
//
// A shredder is built once per leaf column (Make) and reused for every row range of every
// batch; it owns the level and position buffers it hands out, which stay valid until the next
// Shred() call. Not thread-safe: one shredder per leaf per thread.
//
// Flat columns take fast paths: a REQUIRED leaf produces no levels at all, an OPTIONAL one
// derives its definition levels from the validity bitmap; neither produces positions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::parquet {

// The shredded form of one leaf over a range of top-level rows.
struct ShreddedLeaf {
  const columnar::Vector* values = nullptr;  // The leaf vector the values live in.
  int64_t num_levels = 0;                    // Level entries (== rows for flat columns).
  int64_t num_values = 0;  // Non-null leaf values (entries whose def level is max_def).
  int64_t num_rows = 0;    // Top-level rows covered.
  const int16_t* def_levels = nullptr;  // num_levels entries; null when max_def == 0.
  const int16_t* rep_levels = nullptr;  // num_levels entries; null when max_rep == 0.
  // Non-null values: positions[0, num_values) in `values` when not null; otherwise (flat
  // columns) rows [first_row, first_row + num_levels) of `values`, skipping nulls.
  const int64_t* positions = nullptr;
  int64_t first_row = 0;
};

class LevelShredder {
 public:
  // `top` is a top-level field; `child_path` names the leaf below it, one index per nested
  // level (struct: field index; list: 0; map: 0 = key, 1 = value).
  // InvalidArgument when the path does not lead to a primitive leaf.
  static Result<LevelShredder> Make(const columnar::Field& top, std::vector<int> child_path);

  int16_t max_def() const { return max_def_; }
  int16_t max_rep() const { return max_rep_; }
  bool is_flat() const { return nodes_.size() == 1; }
  // Dotted path for error messages: "a.list.element".
  const std::string& name() const { return name_; }

  // Shreds rows [begin, end) of `column`, the top-level vector of the field given to Make.
  // InvalidArgument when the data breaks its type: nulls in a non-nullable field, list
  // offsets out of range or decreasing.
  // REQUIRES: column has the field's type, 0 <= begin <= end <= column.length().
  Status Shred(const columnar::Vector& column, int64_t begin, int64_t end, ShreddedLeaf* out);

 private:
  struct Node {
    const columnar::Field* field;
    int child;  // Index of the next node among this one's children; -1 at the leaf.
  };

  Status ShredFlat(const columnar::Vector& column, int64_t begin, int64_t end, ShreddedLeaf* out);
  Status ShredNested(const columnar::Vector& column, int64_t begin, int64_t end, ShreddedLeaf* out);

  std::vector<Node> nodes_;
  int16_t max_def_ = 0;
  int16_t max_rep_ = 0;
  std::string name_;

  // Per entry: >= 0 a live position in the current vector; < 0 a finished entry whose
  // definition level is -(pos + 1).
  std::vector<int64_t> pos_;
  std::vector<int64_t> next_pos_;
  std::vector<int16_t> rep_;
  std::vector<int16_t> next_rep_;
  std::vector<int16_t> def_;
  std::vector<int64_t> positions_;
};

}  // namespace lakeml::parquet
