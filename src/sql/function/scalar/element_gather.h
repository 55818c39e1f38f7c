// ElementGather: builds the result vectors of array, map and struct kernels from positions in
// existing vectors, so that kernels compute indices and never copy values by type themselves.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class ElementGather {
 public:
  // The rows of a list result being built: per row, the positions of its elements in a source
  // vector (-1: a null element), or a null row.
  struct Rows {
    std::vector<int64_t> offsets{0};
    std::vector<int64_t> take;
    std::vector<bool> nulls;
    void EndRow() {
      offsets.push_back(static_cast<int64_t>(take.size()));
      nulls.push_back(false);
    }
    void NullRow() {
      offsets.push_back(static_cast<int64_t>(take.size()));
      nulls.push_back(true);
    }
  };
  // Rows that concatenate the lists (or maps) `lists` row by row, element j of lists[k] at
  // position shift[k] + j of the source; a row is null when any list is null.
  static Rows ConcatenatedRows(const std::vector<const columnar::Vector*>& lists, int64_t n,
                               const std::vector<int64_t>& shift);
  // The list of `type` that `rows` describes, its elements taken from `source`.
  static Result<columnar::VectorPtr> Finish(const columnar::TypePtr& type,
                                            const columnar::VectorPtr& source, Rows rows);

  // Row j of the result is row indices[j] of `v`, or null where indices[j] < 0.
  // REQUIRES: every non-negative index < v.length().
  static Result<columnar::VectorPtr> Take(const columnar::VectorPtr& v,
                                          const std::vector<int64_t>& indices);
  // A list (or map, with two element vectors) of `type` with `offsets.size() - 1` rows: row i
  // holds elements [offsets[i], offsets[i + 1]) of `elements`; rows with null_rows[i] are null.
  static columnar::VectorPtr MakeList(const columnar::TypePtr& type, std::vector<int64_t> offsets,
                                      std::vector<columnar::VectorPtr> elements,
                                      const std::vector<bool>& null_rows);
  // `v` with row i also null where `parent` is null at row i (struct field extraction).
  static columnar::VectorPtr WithParentNulls(const columnar::VectorPtr& v,
                                             const columnar::Vector& parent, int64_t n);
};

}  // namespace lakeml::sql
