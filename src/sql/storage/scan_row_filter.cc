#include "sql/storage/scan_row_filter.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "base/bit_util.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using Op = delta::Predicate::Op;

// Column types whose comparisons with a constant of the same type are evaluated here; the
// storage (int8..int64, int128 decimals, strings) is what the loops below read.
bool RowFilterSupportsType(const columnar::DataType& t) {
  switch (t.id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate32:
    case TypeId::kTimestamp:
    case TypeId::kDecimal:
    case TypeId::kString:
      return true;
    default:
      return false;
  }
}

template <typename T, typename Cmp>
void RowFilterCompareLoop(const T* v, int64_t n, Cmp cmp, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = cmp(v[i]) ? 1 : 0;
}

template <typename T>
void RowFilterCompareFixed(const T* v, int64_t n, Op op, T c, uint8_t* out) {
  switch (op) {
    case Op::kEq:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x == c; }, out);
    case Op::kNe:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x != c; }, out);
    case Op::kLt:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x < c; }, out);
    case Op::kLe:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x <= c; }, out);
    case Op::kGt:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x > c; }, out);
    case Op::kGe:
      return RowFilterCompareLoop(
          v, n, [c](T x) { return x >= c; }, out);
  }
}

bool RowFilterOpHolds(Op op, int cmp) {
  switch (op) {
    case Op::kEq:
      return cmp == 0;
    case Op::kNe:
      return cmp != 0;
    case Op::kLt:
      return cmp < 0;
    case Op::kLe:
      return cmp <= 0;
    case Op::kGt:
      return cmp > 0;
    case Op::kGe:
      return cmp >= 0;
  }
  return true;
}

// out[i] = (v[i] op c) for non-null rows (null rows are fixed up by the caller).
void RowFilterCompare(const columnar::Vector& v, int64_t n, Op op, const columnar::Scalar& c,
                      uint8_t* out) {
  switch (v.type()->id()) {
    case TypeId::kInt8:
      return RowFilterCompareFixed(v.values_as<int8_t>(), n, op, static_cast<int8_t>(c.i), out);
    case TypeId::kInt16:
      return RowFilterCompareFixed(v.values_as<int16_t>(), n, op, static_cast<int16_t>(c.i), out);
    case TypeId::kInt32:
    case TypeId::kDate32:
      return RowFilterCompareFixed(v.values_as<int32_t>(), n, op, static_cast<int32_t>(c.i), out);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return RowFilterCompareFixed(v.values_as<int64_t>(), n, op, c.i, out);
    case TypeId::kDecimal:
      return RowFilterCompareFixed(v.values_as<__int128>(), n, op, c.dec, out);
    case TypeId::kString: {
      const std::string_view s(c.bytes);
      for (int64_t i = 0; i < n; ++i) {
        const int r = v.GetView(i).compare(s);
        out[i] = RowFilterOpHolds(op, r) ? 1 : 0;
      }
      return;
    }
    default:
      std::memset(out, 1, n);  // Not compiled for other types; keep the rows.
  }
}

// Evaluates an AND/OR tree of leaves into out[0, n); leaf(node, out) evaluates one leaf.
template <typename NodeT, typename LeafFn>
void RowFilterEvalTree(const NodeT& node, int64_t n, uint8_t* out, const LeafFn& leaf) {
  using Kind = typename NodeT::Kind;
  if (node.kind != Kind::kAnd && node.kind != Kind::kOr) return leaf(node, out);
  RowFilterEvalTree(*node.left, n, out, leaf);
  std::vector<uint8_t> right(n);
  RowFilterEvalTree(*node.right, n, right.data(), leaf);
  if (node.kind == Kind::kAnd) {
    for (int64_t i = 0; i < n; ++i) out[i] &= right[i];
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] |= right[i];
  }
}

std::string RowFilterDescribe(const delta::Predicate& p) { return p.ToString(); }

}  // namespace

std::unique_ptr<ScanRowFilter::Node> ScanRowFilter::Compile(
    const delta::Predicate& p, const std::vector<std::string>& names,
    const std::vector<columnar::TypePtr>& types) {
  using K = delta::Predicate::Kind;
  auto node = std::make_unique<Node>();
  switch (p.kind()) {
    case K::kAnd:
    case K::kOr: {
      std::unique_ptr<Node> l = Compile(p.left(), names, types);
      std::unique_ptr<Node> r = Compile(p.right(), names, types);
      if (p.kind() == K::kOr) {
        if (!l || !r) return nullptr;  // A branch that may be TRUE everywhere: so may the OR.
      } else {
        if (!l) return r;
        if (!r) return l;
      }
      node->kind = p.kind() == K::kAnd ? Node::Kind::kAnd : Node::Kind::kOr;
      node->left = std::move(l);
      node->right = std::move(r);
      return node;
    }
    case K::kCompare:
    case K::kIn:
    case K::kIsNull:
    case K::kIsNotNull: {
      if (p.column().size() != 1) return nullptr;  // A struct field.
      int col = -1;
      for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == p.column()[0]) col = static_cast<int>(i);
      }
      if (col < 0) return nullptr;
      node->column = col;
      if (p.kind() == K::kIsNull || p.kind() == K::kIsNotNull) {
        node->kind = p.kind() == K::kIsNull ? Node::Kind::kIsNull : Node::Kind::kIsNotNull;
        return node;
      }
      if (!RowFilterSupportsType(*types[col])) return nullptr;
      for (const columnar::Scalar& v : p.values()) {
        if (v.type == nullptr || !v.type->Equals(*types[col])) return nullptr;
        if (!v.is_null) node->values.push_back(v);
      }
      if (p.kind() == K::kCompare) {
        if (node->values.size() != 1) return nullptr;  // NULL literal: handled by Filter.
        node->kind = Node::Kind::kCompare;
        node->op = p.op();
      } else {
        node->kind = Node::Kind::kIn;
      }
      return node;
    }
    case K::kAlwaysTrue:
    case K::kNot:
      return nullptr;
  }
  return nullptr;
}

std::unique_ptr<ScanRowFilter> ScanRowFilter::Make(const delta::Predicate& predicate,
                                                   const std::vector<std::string>& names,
                                                   const std::vector<columnar::TypePtr>& types) {
  std::unique_ptr<Node> root = Compile(predicate, names, types);
  if (!root) return nullptr;
  auto f = std::unique_ptr<ScanRowFilter>(new ScanRowFilter());
  f->root_ = std::move(root);
  f->description_ = RowFilterDescribe(predicate);
  return f;
}

void ScanRowFilter::EvalLeaf(const Node& node, const columnar::Vector& v, int64_t n,
                             uint8_t* out) {
  switch (node.kind) {
    case Node::Kind::kIsNull:
    case Node::Kind::kIsNotNull: {
      const bool want_valid = node.kind == Node::Kind::kIsNotNull;
      for (int64_t i = 0; i < n; ++i) out[i] = v.IsValid(i) == want_valid ? 1 : 0;
      return;
    }
    case Node::Kind::kCompare:
    case Node::Kind::kIn: {
      if (node.kind == Node::Kind::kCompare) {
        RowFilterCompare(v, n, node.op, node.values[0], out);
      } else {
        std::memset(out, 0, n);
        std::vector<uint8_t> eq(n);
        for (const columnar::Scalar& c : node.values) {
          RowFilterCompare(v, n, Op::kEq, c, eq.data());
          for (int64_t i = 0; i < n; ++i) out[i] |= eq[i];
        }
      }
      // A comparison with NULL is NULL: the row cannot pass.
      if (v.null_count() != 0 && v.validity() != nullptr) {
        for (int64_t i = 0; i < n; ++i) out[i] &= v.IsValid(i) ? 1 : 0;
      }
      return;
    }
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
      std::memset(out, 1, n);  // Not a leaf.
      return;
  }
}

void ScanRowFilter::EvalSliceLeaf(const Node& node, const parquet::ColumnSlice& slice, int64_t n,
                                  uint8_t* out, DictionaryResults* results) {
  if (!slice.dictionary_form()) return EvalLeaf(node, *slice.values, n, out);
  const uint8_t* valid = slice.row_validity();
  if (node.kind == Node::Kind::kIsNull || node.kind == Node::Kind::kIsNotNull) {
    const uint8_t want_valid = node.kind == Node::Kind::kIsNotNull ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t v = valid == nullptr ? 1 : static_cast<uint8_t>(bit_util::GetBit(valid, i));
      out[i] = v == want_valid ? 1 : 0;
    }
    return;
  }
  // Compare and IN: once per dictionary entry, then a lookup per row.
  auto& [id, per_entry] = results->by_leaf[&node];
  if (id != slice.dictionary_id || per_entry.empty()) {
    const columnar::Vector& dict = *slice.dictionary;
    per_entry.assign(dict.length(), 0);
    EvalLeaf(node, dict, dict.length(), per_entry.data());
    id = slice.dictionary_id;
  }
  const uint8_t* bm = per_entry.data();
  const uint32_t* idx = slice.row_indices();
  for (int64_t i = 0; i < n; ++i) out[i] = bm[idx[i]];
  // A comparison with NULL is NULL: the row cannot pass.
  if (valid != nullptr) {
    for (int64_t i = 0; i < n; ++i) out[i] &= static_cast<uint8_t>(bit_util::GetBit(valid, i));
  }
}

void ScanRowFilter::Eval(const Node& node, const std::vector<columnar::VectorPtr>& columns,
                         int64_t n, uint8_t* out) {
  RowFilterEvalTree(node, n, out, [&columns, n](const Node& leaf, uint8_t* leaf_out) {
    EvalLeaf(leaf, *columns[leaf.column], n, leaf_out);
  });
}

int64_t ScanRowFilter::EvaluateSlices(const std::vector<const parquet::ColumnSlice*>& columns,
                                      int64_t n, uint8_t* keep,
                                      DictionaryResults* results) const {
  RowFilterEvalTree(*root_, n, keep, [&](const Node& leaf, uint8_t* leaf_out) {
    EvalSliceLeaf(leaf, *columns[leaf.column], n, leaf_out, results);
  });
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) kept += keep[i];
  return kept;
}

std::vector<int> ScanRowFilter::InputColumns() const {
  std::vector<int> out;
  std::vector<const Node*> stack{root_.get()};
  while (!stack.empty()) {
    const Node* node = stack.back();
    stack.pop_back();
    if (node->left) stack.push_back(node->left.get());
    if (node->right) stack.push_back(node->right.get());
    if (node->column >= 0) out.push_back(node->column);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int64_t ScanRowFilter::Evaluate(const std::vector<columnar::VectorPtr>& columns, int64_t n,
                                std::vector<uint8_t>* keep) const {
  keep->resize(n);
  Eval(*root_, columns, n, keep->data());
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) kept += (*keep)[i];
  return kept;
}

}  // namespace lakeml::sql
