#include "sql/execution/operators/join_pair_predicate.h"

#include <string_view>

namespace lakeml::sql {
namespace {

using columnar::TypeId;

// Whether values of `type` compare as their fixed-width integer representation.
bool PairComparableFixed(const columnar::DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate32:
    case TypeId::kTimestamp:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

template <typename T, typename Cmp>
int64_t KeepPairsFixed(const columnar::Vector& a, const uint32_t* arows, const columnar::Vector& b,
                       const uint32_t* brows, uint32_t* pr, uint32_t* br, int64_t count, Cmp cmp) {
  const T* av = a.values_as<T>();
  const T* bv = b.values_as<T>();
  int64_t out = 0;
  if (a.null_count() == 0 && b.null_count() == 0) {
    for (int64_t i = 0; i < count; ++i) {
      const bool keep = cmp(av[arows[i]], bv[brows[i]]);
      pr[out] = pr[i];
      br[out] = br[i];
      out += keep;
    }
    return out;
  }
  for (int64_t i = 0; i < count; ++i) {
    const bool keep = a.IsValid(arows[i]) && b.IsValid(brows[i]) && cmp(av[arows[i]], bv[brows[i]]);
    pr[out] = pr[i];
    br[out] = br[i];
    out += keep;
  }
  return out;
}

template <typename T>
int64_t KeepPairsByOp(int op, const columnar::Vector& a, const uint32_t* arows,
                      const columnar::Vector& b, const uint32_t* brows, uint32_t* pr, uint32_t* br,
                      int64_t count) {
  switch (op) {
    case 0:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x == y; });
    case 1:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x != y; });
    case 2:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x < y; });
    case 3:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x <= y; });
    case 4:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x > y; });
    default:
      return KeepPairsFixed<T>(a, arows, b, brows, pr, br, count, [](T x, T y) { return x >= y; });
  }
}

int64_t KeepPairsStrings(bool equal, const columnar::Vector& a, const uint32_t* arows,
                         const columnar::Vector& b, const uint32_t* brows, uint32_t* pr,
                         uint32_t* br, int64_t count) {
  int64_t out = 0;
  for (int64_t i = 0; i < count; ++i) {
    const bool keep = a.IsValid(arows[i]) && b.IsValid(brows[i]) &&
                      (a.GetView(arows[i]) == b.GetView(brows[i])) == equal;
    pr[out] = pr[i];
    br[out] = br[i];
    out += keep;
  }
  return out;
}

}  // namespace

std::unique_ptr<JoinPairPredicate> JoinPairPredicate::Compile(const BoundExpression& residual) {
  std::unique_ptr<JoinPairPredicate> p(new JoinPairPredicate());
  if (!p->Add(residual) || p->comparisons_.empty()) return nullptr;
  return p;
}

bool JoinPairPredicate::Add(const BoundExpression& e) {
  if (e.kind == ExprKind::kAnd) {
    for (const auto& c : e.children) {
      if (!Add(*c)) return false;
    }
    return true;
  }
  if (e.kind != ExprKind::kFunction || e.function == nullptr || e.children.size() != 2 ||
      e.function->null_on_error || !e.function->propagates_nulls) {
    return false;
  }
  const std::string& name = e.function->name;
  Op op;
  if (name == "=" || name == "==") {
    op = Op::kEq;
  } else if (name == "<>" || name == "!=") {
    op = Op::kNe;
  } else if (name == "<") {
    op = Op::kLt;
  } else if (name == "<=") {
    op = Op::kLe;
  } else if (name == ">") {
    op = Op::kGt;
  } else if (name == ">=") {
    op = Op::kGe;
  } else {
    return false;
  }
  const BoundExpression& l = *e.children[0];
  const BoundExpression& r = *e.children[1];
  if (l.kind != ExprKind::kReference || r.kind != ExprKind::kReference || l.index < 0 ||
      r.index < 0 || !l.type->Equals(*r.type)) {
    return false;
  }
  const bool strings = l.type->id() == TypeId::kString || l.type->id() == TypeId::kBinary;
  if (!PairComparableFixed(*l.type) && !(strings && (op == Op::kEq || op == Op::kNe))) {
    return false;
  }
  comparisons_.push_back({op, l.index, r.index});
  return true;
}

int64_t JoinPairPredicate::Filter(const std::vector<columnar::VectorPtr>& probe,
                                  const std::vector<columnar::VectorPtr>& build,
                                  uint32_t* probe_rows, uint32_t* build_rows, int64_t count) const {
  for (const Comparison& c : comparisons_) {
    if (count == 0) break;
    const size_t pw = probe.size();
    const auto column = [&](int i) -> const columnar::Vector& {
      return static_cast<size_t>(i) < pw ? *probe[i] : *build[i - pw];
    };
    const auto rows = [&](int i) -> const uint32_t* {
      return static_cast<size_t>(i) < pw ? probe_rows : build_rows;
    };
    const columnar::Vector& a = column(c.left);
    const columnar::Vector& b = column(c.right);
    const uint32_t* ar = rows(c.left);
    const uint32_t* br = rows(c.right);
    const int op = static_cast<int>(c.op);
    switch (a.type()->id()) {
      case TypeId::kInt8:
        count = KeepPairsByOp<int8_t>(op, a, ar, b, br, probe_rows, build_rows, count);
        break;
      case TypeId::kInt16:
        count = KeepPairsByOp<int16_t>(op, a, ar, b, br, probe_rows, build_rows, count);
        break;
      case TypeId::kInt32:
      case TypeId::kDate32:
        count = KeepPairsByOp<int32_t>(op, a, ar, b, br, probe_rows, build_rows, count);
        break;
      case TypeId::kInt64:
      case TypeId::kTimestamp:
        count = KeepPairsByOp<int64_t>(op, a, ar, b, br, probe_rows, build_rows, count);
        break;
      case TypeId::kDecimal:
        count = KeepPairsByOp<__int128>(op, a, ar, b, br, probe_rows, build_rows, count);
        break;
      default:
        count = KeepPairsStrings(c.op == Op::kEq, a, ar, b, br, probe_rows, build_rows, count);
        break;
    }
  }
  return count;
}

}  // namespace lakeml::sql
