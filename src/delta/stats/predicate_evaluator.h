// PredicateEvaluator: evaluates a Predicate row by row over a Batch, with SQL three-valued
// logic — each row's result is TRUE, FALSE or NULL — for replaceWhere (which rows a write
// replaces, and whether every written row satisfies the condition) and later DELETE/UPDATE.
//
// Semantics (Spark SQL's):
//   - A comparison or IN with a null column value is NULL. A comparison with a null literal is
//     NULL. `x IN (1, NULL)` is TRUE when x = 1 and NULL otherwise; `x IN ()` is FALSE.
//   - IS NULL / IS NOT NULL are never NULL. A struct field is null where any struct on its
//     path is null.
//   - AND is FALSE if either side is FALSE, else NULL if either is NULL; OR is TRUE if either
//     side is TRUE, else NULL if either is NULL; NOT NULL is NULL.
//   - Floats order NaN above every other value and equal to itself; -0.0 equals 0.0. Strings
//     and binaries compare as unsigned bytes; false < true.
//
// Make() resolves the column paths against the batch schema and converts every literal to its
// column's type once; Evaluate() then runs one typed loop per leaf (a switch per column type,
// no per-value virtual calls) and combines leaves with word-wide bitmap operations.
//
// Immutable after Make; Evaluate() is thread-safe (the output belongs to the caller).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::delta {

// The per-row outcome of a predicate: two LSB-first bitmaps in 64-bit words; a row is NULL
// when neither bit is set. Bits at or past num_rows are 0.
struct RowTruth {
  int64_t num_rows = 0;
  std::vector<uint64_t> true_bits;
  std::vector<uint64_t> false_bits;

  bool IsTrue(int64_t row) const { return (true_bits[row >> 6] >> (row & 63)) & 1; }
  bool IsFalse(int64_t row) const { return (false_bits[row >> 6] >> (row & 63)) & 1; }
  bool IsNull(int64_t row) const { return !IsTrue(row) && !IsFalse(row); }
  int64_t CountTrue() const;
  // The first row that is not TRUE (FALSE or NULL), or -1 when every row is TRUE.
  int64_t FirstNotTrue() const;
};

class PredicateEvaluator {
 public:
  // Resolves `predicate`'s columns in `schema` (exact name first, then case-insensitively;
  // struct fields along the path) and converts its literals to the columns' types.
  // InvalidArgument for an unknown column, a comparison on a type that cannot be compared,
  // or a literal that does not fit its column exactly: "Cannot evaluate predicate on column
  // s.x: ...".
  static Result<PredicateEvaluator> Make(const Predicate& predicate,
                                         const columnar::Schema& schema);

  PredicateEvaluator(PredicateEvaluator&&) noexcept;
  PredicateEvaluator& operator=(PredicateEvaluator&&) noexcept;
  ~PredicateEvaluator();

  // Evaluates every row of `batch` into `out` (its buffers are reused).
  // REQUIRES: batch has the fields of the schema given to Make, in order. A column whose
  // vector does not have the resolved type is InvalidArgument (never undefined behaviour).
  Status Evaluate(const columnar::Batch& batch, RowTruth* out) const;

  // The values of the predicate's columns in `row`, for error messages:
  // "x = 2, s.name = \"abc\", y = NULL". REQUIRES: row < batch.num_rows(), batch as above.
  std::string DescribeRow(const columnar::Batch& batch, int64_t row) const;

  const Predicate& predicate() const { return predicate_; }

 private:
  struct Column;
  struct Node;
  PredicateEvaluator();

  Result<int> Compile(const Predicate& p, const columnar::Schema& schema);
  Result<int> ResolveColumn(const ColumnPath& path, const columnar::Schema& schema);
  // Node `n` over `batch` into `t` / `f` (`words` words each).
  Status EvalNode(int n, const columnar::Batch& batch, size_t words, uint64_t* t,
                  uint64_t* f) const;
  Status EvalLeaf(const Node& node, const columnar::Batch& batch, size_t words, uint64_t* t,
                  uint64_t* f) const;
  // The vector of column `c` in `batch`, and in `valid` the rows where neither it nor any
  // struct on its path is null. InvalidArgument when the batch does not fit the schema.
  Result<const columnar::Vector*> ColumnVector(int c, const columnar::Batch& batch,
                                               std::vector<uint64_t>* valid) const;

  Predicate predicate_;
  std::vector<Column> columns_;
  std::vector<Node> nodes_;  // nodes_[0] is the root.
};

}  // namespace lakeml::delta
