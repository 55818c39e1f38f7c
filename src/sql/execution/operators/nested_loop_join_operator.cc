#include "sql/execution/operators/nested_loop_join_operator.h"

#include <algorithm>

namespace lakeml::sql {

void NestedLoopJoinOperator::NextCandidates(const BuildData& build, int64_t n,
                                            ProbeState& state) const {
  // state.chain holds the next build row of state.row (kNoRow: start at 0).
  int64_t row = state.row;
  int64_t b = state.chain == kNoRow ? 0 : state.chain;
  int64_t produced = 0;
  while (row < n && produced < kPairBatch) {
    const int64_t take = std::min<int64_t>(build.rows - b, kPairBatch - produced);
    for (int64_t i = 0; i < take; ++i) {
      state.probe_rows.push_back(static_cast<uint32_t>(row));
      state.build_rows.push_back(static_cast<uint32_t>(b + i));
    }
    produced += take;
    b += take;
    if (b >= build.rows) {
      ++row;
      b = 0;
    }
  }
  state.row = row;
  state.chain = static_cast<uint32_t>(b);
  state.done = row >= n;
}

}  // namespace lakeml::sql
