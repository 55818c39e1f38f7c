#include "sql/execution/window_evaluator.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "base/check.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/execution/sort_key_comparator.h"
#include "sql/execution/window_segment_tree.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;

// Partitions and peer groups of the sorted rows: for sorted position p, the partition is
// [part_begin[p], part_end[p]) and its peers [peer_begin[p], peer_end[p]).
struct WindowLayout {
  std::vector<int64_t> part_begin, part_end, peer_begin, peer_end;
  std::vector<int32_t> dense;  // dense_rank
};

WindowLayout LayoutWindowRows(const SortKeyComparator* part, const SortKeyComparator* order,
                              const std::vector<int64_t>& sorted) {
  const int64_t n = static_cast<int64_t>(sorted.size());
  WindowLayout l;
  l.part_begin.resize(n);
  l.part_end.resize(n);
  l.peer_begin.resize(n);
  l.peer_end.resize(n);
  l.dense.resize(n);
  int64_t pb = 0, qb = 0;
  int32_t dense = 0;
  for (int64_t p = 0; p < n; ++p) {
    const bool new_part = p == 0 || (part != nullptr && part->Compare(sorted[p - 1], sorted[p]));
    const bool new_peer =
        new_part || (order != nullptr && order->Compare(sorted[p - 1], sorted[p]) != 0);
    if (new_part) {
      for (int64_t k = pb; k < p; ++k) l.part_end[k] = p;
      pb = p;
      dense = 0;
    }
    if (new_peer) {
      for (int64_t k = qb; k < p; ++k) l.peer_end[k] = p;
      qb = p;
      ++dense;
    }
    l.part_begin[p] = pb;
    l.peer_begin[p] = qb;
    l.dense[p] = dense;
  }
  for (int64_t k = pb; k < n; ++k) l.part_end[k] = n;
  for (int64_t k = qb; k < n; ++k) l.peer_end[k] = n;
  return l;
}

// An ORDER BY key as a number for RANGE offsets (dates as days).
double WindowKeyNumber(const Vector& v, int64_t i) {
  switch (v.type()->id()) {
    case TypeId::kInt8:
      return v.values_as<int8_t>()[i];
    case TypeId::kInt16:
      return v.values_as<int16_t>()[i];
    case TypeId::kInt32:
    case TypeId::kDate32:
      return v.values_as<int32_t>()[i];
    case TypeId::kInt64:
      return static_cast<double>(v.values_as<int64_t>()[i]);
    case TypeId::kFloat32:
      return v.values_as<float>()[i];
    case TypeId::kFloat64:
      return v.values_as<double>()[i];
    case TypeId::kDecimal: {
      double d = static_cast<double>(v.values_as<__int128>()[i]);
      for (int s = 0; s < v.type()->scale(); ++s) d /= 10;
      return d;
    }
    default:
      return 0;
  }
}

// Frame bounds [lo, hi) in sorted positions, one pair per sorted row.
void ComputeWindowFrames(const BoundWindow& w, const WindowLayout& l,
                         const std::vector<int64_t>& sorted, const Vector* key,
                         std::vector<int64_t>* lo, std::vector<int64_t>* hi) {
  const int64_t n = static_cast<int64_t>(sorted.size());
  lo->resize(n);
  hi->resize(n);
  const WindowFrame& f = w.frame;
  const bool desc = !w.specs.empty() && w.specs[0].descending;
  std::vector<double> keys;
  if (!f.rows && key != nullptr) {
    keys.resize(n);
    for (int64_t p = 0; p < n; ++p)
      keys[p] = key->IsNull(sorted[p]) ? 0 : WindowKeyNumber(*key, sorted[p]);
  }
  // First position in [b, e) whose key is past `target` (strict: > for ascending, < for
  // descending) or, when !strict, at or past it.
  auto search = [&](int64_t b, int64_t e, double target, bool strict) {
    while (b < e) {
      const int64_t mid = b + (e - b) / 2;
      const double k = keys[mid];
      const bool before =
          desc ? (strict ? k >= target : k > target) : (strict ? k <= target : k < target);
      if (before) {
        b = mid + 1;
      } else {
        e = mid;
      }
    }
    return b;
  };
  for (int64_t p = 0; p < n; ++p) {
    const int64_t ps = l.part_begin[p], pe = l.part_end[p];
    int64_t a = ps, b = pe;
    if (f.rows) {
      auto offset = [&](const WindowFrameBound& bound, bool end) -> int64_t {
        const int64_t size = pe - ps;
        const int64_t r = std::min<int64_t>(bound.rows, size + 1);
        switch (bound.kind) {
          case FrameBoundKind::kUnboundedPreceding:
            return ps;
          case FrameBoundKind::kPreceding:
            return p - r + (end ? 1 : 0);
          case FrameBoundKind::kCurrentRow:
            return p + (end ? 1 : 0);
          case FrameBoundKind::kFollowing:
            return p + r + (end ? 1 : 0);
          case FrameBoundKind::kUnboundedFollowing:
            return pe;
        }
        return ps;
      };
      a = offset(f.start, false);
      b = offset(f.end, true);
    } else {
      const bool null_key = key != nullptr && key->IsNull(sorted[p]);
      // The non-null keys of the partition (NULLs sort first or last).
      int64_t nb = ps, ne = pe;
      if (key != nullptr) {
        while (nb < ne && key->IsNull(sorted[nb])) ++nb;
        while (ne > nb && key->IsNull(sorted[ne - 1])) --ne;
      }
      auto bound_pos = [&](const WindowFrameBound& bound, bool end) -> int64_t {
        switch (bound.kind) {
          case FrameBoundKind::kUnboundedPreceding:
            return ps;
          case FrameBoundKind::kUnboundedFollowing:
            return pe;
          case FrameBoundKind::kCurrentRow:
            return end ? l.peer_end[p] : l.peer_begin[p];
          default:
            break;
        }
        if (null_key) return end ? l.peer_end[p] : l.peer_begin[p];
        const double sign = bound.kind == FrameBoundKind::kPreceding ? -1 : 1;
        const double target = keys[p] + (desc ? -sign : sign) * bound.value_offset;
        return search(nb, ne, target, end);
      };
      a = bound_pos(f.start, false);
      b = bound_pos(f.end, true);
    }
    a = std::clamp(a, ps, pe);
    b = std::clamp(b, ps, pe);
    if (b < a) b = a;
    (*lo)[p] = a;
    (*hi)[p] = b;
  }
}

template <typename T>
VectorPtr MakeWindowNumbers(const columnar::TypePtr& type, const std::vector<T>& values) {
  VectorPtr v = Vector::Make(type, static_cast<int64_t>(values.size()));
  if (!values.empty())
    std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * sizeof(T));
  return v;
}

Result<VectorPtr> EvaluateWindowAggregate(const BoundWindow& w, const Vector* arg,
                                          const std::vector<int64_t>& sorted,
                                          const std::vector<int64_t>& lo,
                                          const std::vector<int64_t>& hi) {
  const AggregateFunctionBinding& fn = *w.aggregate;
  const int64_t n = static_cast<int64_t>(sorted.size());
  StringArena arena;
  // The tree's leaf k is sorted row k: it wants the argument in sorted order.
  VectorPtr sorted_arg;
  if (arg != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(sorted_arg, columnar::TakeVector(*arg, sorted.data(), n));
  }
  std::vector<int64_t> identity(n);
  std::iota(identity.begin(), identity.end(), 0);
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<WindowSegmentTree> tree,
      WindowSegmentTree::Build(fn, sorted_arg.get(), identity.data(), n, &arena));
  const size_t stride = WindowSegmentTree::Stride(fn);
  auto storage = std::make_unique<uint8_t[]>(static_cast<size_t>(n) * stride + 16);
  const uintptr_t raw = reinterpret_cast<uintptr_t>(storage.get());
  uint8_t* base = storage.get() + ((16 - (raw & 15)) & 15);
  std::vector<uint8_t*> states(n);
  for (int64_t p = 0; p < n; ++p) {
    uint8_t* s = base + static_cast<size_t>(sorted[p]) * stride;
    states[sorted[p]] = s;
    // Consecutive rows with the same frame share the work.
    if (p > 0 && lo[p] == lo[p - 1] && hi[p] == hi[p - 1]) {
      std::memcpy(s, states[sorted[p - 1]], fn.state_size);
      continue;
    }
    fn.init(s);
    LAKEML_RETURN_IF_ERROR(tree->Query(lo[p], hi[p], s, &arena));
  }
  VectorPtr out;
  LAKEML_RETURN_IF_ERROR(fn.finalize(fn, states.data(), n, &out));
  return out;
}

}  // namespace

Result<VectorPtr> WindowEvaluator::Evaluate(const BoundWindow& w, const Input& in,
                                            std::vector<int64_t>* sorted_out) {
  const int64_t n = in.rows;
  std::vector<int64_t>& sorted = *sorted_out;
  sorted.resize(n);
  std::iota(sorted.begin(), sorted.end(), 0);
  std::unique_ptr<SortKeyComparator> part, order;
  if (!in.partitions.empty()) {
    std::vector<const Vector*> keys;
    for (const auto& v : in.partitions) keys.push_back(v.get());
    std::vector<SortSpec> specs(keys.size(), SortSpec{});
    part = std::make_unique<SortKeyComparator>(std::move(keys), std::move(specs));
  }
  if (!in.orders.empty()) {
    std::vector<const Vector*> keys;
    for (const auto& v : in.orders) keys.push_back(v.get());
    order = std::make_unique<SortKeyComparator>(std::move(keys), w.specs);
  }
  if (part != nullptr || order != nullptr) {
    std::sort(sorted.begin(), sorted.end(), [&](int64_t a, int64_t b) {
      int c = part != nullptr ? part->Compare(a, b) : 0;
      if (c == 0 && order != nullptr) c = order->Compare(a, b);
      return c != 0 ? c < 0 : a < b;
    });
  }
  const WindowLayout l = LayoutWindowRows(part.get(), order.get(), sorted);
  switch (w.function) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kNtile: {
      std::vector<int32_t> r(n);
      for (int64_t p = 0; p < n; ++p) {
        const int64_t ps = l.part_begin[p];
        int64_t v = 0;
        if (w.function == WindowFunctionKind::kRowNumber) {
          v = p - ps + 1;
        } else if (w.function == WindowFunctionKind::kRank) {
          v = l.peer_begin[p] - ps + 1;
        } else if (w.function == WindowFunctionKind::kDenseRank) {
          v = l.dense[p];
        } else {
          // Spark's ntile: the first (m % b) buckets hold one row more.
          const int64_t m = l.part_end[p] - ps, k = p - ps;
          const int64_t q = m / w.offset, rem = m % w.offset;
          v = k < (q + 1) * rem ? k / (q + 1) + 1 : (k - rem * (q + 1)) / q + rem + 1;
        }
        r[sorted[p]] = static_cast<int32_t>(v);
      }
      return MakeWindowNumbers(w.type, r);
    }
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: {
      std::vector<double> r(n);
      for (int64_t p = 0; p < n; ++p) {
        const int64_t ps = l.part_begin[p];
        const double m = static_cast<double>(l.part_end[p] - ps);
        if (w.function == WindowFunctionKind::kPercentRank) {
          r[sorted[p]] = m > 1 ? static_cast<double>(l.peer_begin[p] - ps) / (m - 1) : 0.0;
        } else {
          r[sorted[p]] = static_cast<double>(l.peer_end[p] - ps) / m;
        }
      }
      return MakeWindowNumbers(w.type, r);
    }
    default:
      break;
  }
  // Value functions pick rows: index n + i stands for the default (lag/lead) of row i, or
  // for NULL (index n of a one-row null vector).
  // Non-null counts over sorted positions, for IGNORE NULLS.
  std::vector<int64_t> prefix, nonnull;
  if (w.ignore_nulls && w.function != WindowFunctionKind::kAggregate) {
    const Vector& value = *in.args[0];
    prefix.resize(n + 1, 0);
    for (int64_t p = 0; p < n; ++p) {
      const bool valid = value.IsValid(sorted[p]);
      prefix[p + 1] = prefix[p] + (valid ? 1 : 0);
      if (valid) nonnull.push_back(p);
    }
  }
  std::vector<int64_t> pick(n);
  VectorPtr pool;
  if (w.function == WindowFunctionKind::kLag || w.function == WindowFunctionKind::kLead) {
    // Offsets beyond any partition behave alike; clamping keeps the arithmetic in range.
    constexpr int64_t kMaxOffset = int64_t{1} << 40;
    const int64_t clamped = std::clamp(w.offset, -kMaxOffset, kMaxOffset);
    const int64_t off = w.function == WindowFunctionKind::kLag ? -clamped : clamped;
    for (int64_t p = 0; p < n; ++p) {
      const int64_t ps = l.part_begin[p], pe = l.part_end[p];
      int64_t target = -1;
      if (w.ignore_nulls && off != 0) {
        // The |off|-th non-null row before (lag) or after (lead) p.
        const int64_t k = off < 0 ? prefix[p] + off : prefix[p + 1] + off - 1;
        if (k >= 0 && k < static_cast<int64_t>(nonnull.size())) target = nonnull[k];
      } else if ((off >= 0 && p < pe - off) || (off < 0 && p >= ps - off)) {
        target = p + off;
      }
      pick[sorted[p]] = target >= ps && target < pe ? sorted[target] : n + sorted[p];
    }
    LAKEML_ASSIGN_OR_RETURN(pool, columnar::ConcatVectors({in.args[0], in.args[1]}));
  } else {
    std::vector<int64_t> lo, hi;
    ComputeWindowFrames(w, l, sorted, in.orders.empty() ? nullptr : in.orders[0].get(), &lo, &hi);
    if (w.function == WindowFunctionKind::kAggregate) {
      return EvaluateWindowAggregate(w, in.args.empty() ? nullptr : in.args[0].get(), sorted, lo,
                                     hi);
    }
    for (int64_t p = 0; p < n; ++p) {
      const int64_t a = lo[p], b = hi[p];
      int64_t target = -1;
      if (w.function == WindowFunctionKind::kFirstValue) {
        if (!w.ignore_nulls) {
          target = a < b ? a : -1;
        } else if (prefix[a] < prefix[b]) {
          target = nonnull[prefix[a]];
        }
      } else if (w.function == WindowFunctionKind::kLastValue) {
        if (!w.ignore_nulls) {
          target = a < b ? b - 1 : -1;
        } else if (prefix[a] < prefix[b]) {
          target = nonnull[prefix[b] - 1];
        }
      } else {
        if (!w.ignore_nulls) {
          target = w.offset <= b - a ? a + w.offset - 1 : -1;
        } else if (w.offset <= prefix[b] - prefix[a]) {
          target = nonnull[prefix[a] + w.offset - 1];
        }
      }
      pick[sorted[p]] = target >= 0 ? sorted[target] : n;
    }
    VectorPtr null_row = Vector::MakeNull(w.type, 1);
    LAKEML_ASSIGN_OR_RETURN(pool, columnar::ConcatVectors({in.args[0], null_row}));
  }
  return columnar::TakeVector(*pool, pick.data(), n);
}

}  // namespace lakeml::sql
