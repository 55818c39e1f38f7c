// WindowSegmentTree: evaluates one aggregate function over arbitrary frames [lo, hi) of one
// sorted partition in O(log m) combines per frame (sql-window). Leaves hold one input row's
// state; inner nodes the combination of their children; a frame's state is the combination
// of O(log m) nodes. The aggregate must be order-insensitive (every registry aggregate except
// first/last is; those are window value functions instead).
//
// Owns its states; strings live in the caller's arena. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/status.h"
#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {

class WindowSegmentTree {
 public:
  // `rows`: a permutation of [0, m): sorted position k holds the argument's row rows[k].
  // `arg` (null for count(*)) has m rows.
  static Result<std::unique_ptr<WindowSegmentTree>> Build(const AggregateFunctionBinding& fn,
                                                          const columnar::Vector* arg,
                                                          const int64_t* rows, int64_t m,
                                                          StringArena* arena);

  // Combines the frame [lo, hi) (partition positions, 0 <= lo <= hi <= m) into `out`, an
  // initialized state.
  Status Query(int64_t lo, int64_t hi, uint8_t* out, StringArena* arena) const;

  // Rounds a state size up to the 16-byte alignment states need.
  static size_t Stride(const AggregateFunctionBinding& fn) { return (fn.state_size + 15) & ~15; }

 private:
  WindowSegmentTree(const AggregateFunctionBinding& fn, int64_t m);
  uint8_t* Node(int64_t i) const { return base_ + i * stride_; }

  const AggregateFunctionBinding& fn_;
  int64_t m_;
  size_t stride_;
  std::unique_ptr<uint8_t[]> storage_;
  uint8_t* base_ = nullptr;
};

}  // namespace lakeml::sql
