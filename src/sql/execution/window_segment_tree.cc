#include "sql/execution/window_segment_tree.h"

#include <cstring>

namespace lakeml::sql {

WindowSegmentTree::WindowSegmentTree(const AggregateFunctionBinding& fn, int64_t m)
    : fn_(fn), m_(m), stride_(Stride(fn)) {
  const size_t bytes = static_cast<size_t>(2 * m + 1) * stride_ + 16;
  storage_ = std::make_unique<uint8_t[]>(bytes);
  const uintptr_t p = reinterpret_cast<uintptr_t>(storage_.get());
  base_ = storage_.get() + ((16 - (p & 15)) & 15);
}

Result<std::unique_ptr<WindowSegmentTree>> WindowSegmentTree::Build(
    const AggregateFunctionBinding& fn, const columnar::Vector* arg, const int64_t* rows, int64_t m,
    StringArena* arena) {
  std::unique_ptr<WindowSegmentTree> t(new WindowSegmentTree(fn, m));
  for (int64_t i = 1; i < 2 * m; ++i) fn.init(t->Node(i));
  if (m == 0) return t;
  // One update call: sorted row k (the argument's row rows[k]) folds into leaf m + k.
  std::vector<uint8_t*> states(m);
  for (int64_t k = 0; k < m; ++k) states[rows[k]] = t->Node(m + k);
  LAKEML_RETURN_IF_ERROR(fn.update(fn, arg, m, states.data(), arena));
  for (int64_t i = m - 1; i >= 1; --i) {
    LAKEML_RETURN_IF_ERROR(fn.combine(fn, t->Node(2 * i), t->Node(i), arena));
    LAKEML_RETURN_IF_ERROR(fn.combine(fn, t->Node(2 * i + 1), t->Node(i), arena));
  }
  return t;
}

Status WindowSegmentTree::Query(int64_t lo, int64_t hi, uint8_t* out, StringArena* arena) const {
  for (int64_t l = lo + m_, r = hi + m_; l < r; l >>= 1, r >>= 1) {
    if (l & 1) LAKEML_RETURN_IF_ERROR(fn_.combine(fn_, Node(l++), out, arena));
    if (r & 1) LAKEML_RETURN_IF_ERROR(fn_.combine(fn_, Node(--r), out, arena));
  }
  return Status::OK();
}

}  // namespace lakeml::sql
