// WindowEvaluator: computes one window function (BoundWindow) over all rows of a window
// operator's input (sql-window): sorts the rows by partition keys then ORDER BY keys (ties by
// input position, so equal keys keep the input order), finds partitions and peer groups, and
// evaluates ranking, offset and value functions directly and aggregates with a
// WindowSegmentTree. O(n log n) for every frame.
//
// Stateless; the vectors passed in must outlive the call. Thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "columnar/vector.h"
#include "sql/expression/bound_window.h"

namespace lakeml::sql {

class WindowEvaluator {
 public:
  struct Input {
    std::vector<columnar::VectorPtr> args;        // as BoundWindow::args
    std::vector<columnar::VectorPtr> partitions;  // as BoundWindow::partitions
    std::vector<columnar::VectorPtr> orders;      // as BoundWindow::orders
    int64_t rows = 0;
  };

  // The function's values for every input row, in input order (type w.type). `sorted`
  // receives the input rows in partition and ORDER BY order.
  static Result<columnar::VectorPtr> Evaluate(const BoundWindow& w, const Input& in,
                                              std::vector<int64_t>* sorted);
};

}  // namespace lakeml::sql
