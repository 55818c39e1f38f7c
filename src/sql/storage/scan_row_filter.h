// ScanRowFilter: drops rows in the table scan that a pushed predicate (the delta::Predicate the
// planner derives from WHERE for file pruning) proves cannot pass the Filter above, so that the
// Filter and everything after it see only candidate rows. Typed loops over whole chunks:
// integers, dates, timestamps, decimals and strings compared with constants of the column's own
// type, IN lists, IS [NOT] NULL, AND, OR.
//
// A pre-filter, not a replacement: it keeps every row for which the predicate may be TRUE (parts
// it cannot evaluate, e.g. floating-point or NOT, count as TRUE), and the Filter operator above
// still evaluates the whole condition. Rows where the predicate is FALSE or NULL are dropped,
// which is exact for WHERE because the predicate is a conjunct subset of it built only from
// comparisons that cannot raise errors (ScanPredicateBuilder).
//
// Immutable after Make; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "columnar/data_type.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"
#include "delta/stats/skipping_predicate.h"
#include "format/parquet/column_slice.h"

namespace lakeml::sql {

class ScanRowFilter {
 public:
  // Compiles `predicate` over the scan's output columns (names[i] and types[i] describe output
  // column i). nullptr when no part of it can be evaluated on rows.
  static std::unique_ptr<ScanRowFilter> Make(const delta::Predicate& predicate,
                                             const std::vector<std::string>& names,
                                             const std::vector<columnar::TypePtr>& types);

  // Sets keep[i] to 1 for each row i < n of `columns` (the scan's output columns) that may pass,
  // else 0, and returns the number of ones. REQUIRES: columns match Make()'s names and types.
  int64_t Evaluate(const std::vector<columnar::VectorPtr>& columns, int64_t n,
                   std::vector<uint8_t>* keep) const;

  // Late materialization (decision 0027): what each compare/IN leaf gave over the current
  // dictionary of its column, so that a dictionary is evaluated once, not once per row. Owned
  // by one reader.
  struct DictionaryResults {
    // Leaf -> (ColumnSlice::dictionary_id, result per dictionary entry).
    std::unordered_map<const void*, std::pair<uint64_t, std::vector<uint8_t>>> by_leaf;
  };
  // As Evaluate, on decoded column slices: columns[c] is output column c's slice (dictionary
  // indices or values); every column of InputColumns() is set. Writes keep[0, n).
  int64_t EvaluateSlices(const std::vector<const parquet::ColumnSlice*>& columns, int64_t n,
                         uint8_t* keep, DictionaryResults* results) const;
  // The output columns the predicate reads, ascending.
  std::vector<int> InputColumns() const;

  // What is evaluated, for EXPLAIN: "(l_shipdate >= 1994-01-01 AND ...)".
  const std::string& description() const { return description_; }

 private:
  struct Node {
    enum class Kind : uint8_t { kCompare, kIn, kIsNull, kIsNotNull, kAnd, kOr };
    Kind kind = Kind::kCompare;
    delta::Predicate::Op op = delta::Predicate::Op::kEq;
    int column = -1;
    std::vector<columnar::Scalar> values;  // kCompare: one; kIn: the non-null list.
    std::unique_ptr<Node> left, right;
  };
  static std::unique_ptr<Node> Compile(const delta::Predicate& p,
                                       const std::vector<std::string>& names,
                                       const std::vector<columnar::TypePtr>& types);
  static void Eval(const Node& node, const std::vector<columnar::VectorPtr>& columns, int64_t n,
                   uint8_t* out);
  // One leaf (compare, IN, IS [NOT] NULL) over the n rows of v.
  static void EvalLeaf(const Node& node, const columnar::Vector& v, int64_t n, uint8_t* out);
  static void EvalSliceLeaf(const Node& node, const parquet::ColumnSlice& slice, int64_t n,
                            uint8_t* out, DictionaryResults* results);

  std::unique_ptr<Node> root_;
  std::string description_;
};

}  // namespace lakeml::sql
