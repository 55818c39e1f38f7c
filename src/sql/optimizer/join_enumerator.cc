#include "sql/optimizer/join_enumerator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sql/optimizer/cardinality_estimator.h"
#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

using InputSet = uint32_t;

// What the enumerator knows of one condition.
struct JoinCondition {
  InputSet inputs = 0;  // The inputs whose columns it reads.
  // For `a = b` of plain columns of two different inputs: the inputs' distinct-count bounds.
  bool equality = false;
  std::optional<double> distinct_a;
  std::optional<double> distinct_b;
  InputSet side_a = 0;
};

int InputOf(const std::vector<LogicalPtr>& inputs, ColumnId id) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]->IndexOf(id) >= 0) return static_cast<int>(i);
  }
  return -1;
}

JoinCondition DescribeCondition(const std::vector<LogicalPtr>& inputs, const BoundExpression& c) {
  JoinCondition out;
  for (ColumnId id : Conjuncts::ColumnsOf(c)) {
    const int i = InputOf(inputs, id);
    if (i >= 0) out.inputs |= InputSet{1} << i;
  }
  if (!Conjuncts::IsEquality(c)) return out;
  out.equality = true;
  const BoundExpression* a = Conjuncts::KeyColumn(*c.children[0]);
  const BoundExpression* b = Conjuncts::KeyColumn(*c.children[1]);
  if (a == nullptr || b == nullptr) return out;
  const int ia = InputOf(inputs, a->column_id);
  const int ib = InputOf(inputs, b->column_id);
  if (ia < 0 || ib < 0 || ia == ib) return out;
  out.side_a = InputSet{1} << ia;
  out.distinct_a = CardinalityEstimator::EstimateDistinct(*inputs[ia], a->column_id);
  out.distinct_b = CardinalityEstimator::EstimateDistinct(*inputs[ib], b->column_id);
  return out;
}

// Rows of joining `left` (l rows) and `right` (r rows): CardinalityEstimator::EstimateJoin's
// rule over the conditions that first become applicable at this join.
double EstimateSplit(const std::vector<JoinCondition>& conditions, InputSet left, double l,
                     InputSet right, double r) {
  const InputSet both = left | right;
  double denominator = 1;
  bool known_equality = false;
  bool unknown_equality = false;
  int other = 0;
  for (const JoinCondition& c : conditions) {
    if (c.inputs == 0 || (c.inputs & ~both) != 0 || (c.inputs & ~left) == 0 ||
        (c.inputs & ~right) == 0) {
      continue;  // Not applicable here, or applied below.
    }
    if (!c.equality) {
      ++other;
    } else if (!c.distinct_a || !c.distinct_b) {
      unknown_equality = true;
    } else {
      const bool a_left = (c.side_a & left) != 0;
      const double da = std::min(*c.distinct_a, a_left ? l : r);
      const double db = std::min(*c.distinct_b, a_left ? r : l);
      known_equality = true;
      denominator = std::max({denominator, da, db});
    }
  }
  double rows = l * r / denominator;
  if (unknown_equality && !known_equality) rows = std::max(l, r);
  rows *= std::pow(CardinalityEstimator::kFilterSelectivity, other);
  return std::max(1.0, rows);
}

bool Connected(const std::vector<JoinCondition>& conditions, InputSet left, InputSet right) {
  for (const JoinCondition& c : conditions) {
    if ((c.inputs & left) != 0 && (c.inputs & right) != 0 && (c.inputs & ~(left | right)) == 0) {
      return true;
    }
  }
  return false;
}

struct Best {
  bool valid = false;
  double rows = 0;
  double cost = 0;
  InputSet left = 0;  // 0 for a single input.
};

std::unique_ptr<JoinEnumerator::Tree> MakeTree(const std::vector<Best>& best, InputSet set) {
  auto tree = std::make_unique<JoinEnumerator::Tree>();
  tree->rows = best[set].rows;
  if (best[set].left == 0) {
    tree->input = __builtin_ctz(set);
    return tree;
  }
  tree->left = MakeTree(best, best[set].left);
  tree->right = MakeTree(best, set & ~best[set].left);
  return tree;
}

}  // namespace

std::optional<JoinEnumerator::Tree> JoinEnumerator::Plan(const std::vector<LogicalPtr>& inputs,
                                                         const std::vector<double>& estimates,
                                                         const std::vector<ExprPtr>& conditions) {
  const size_t n = inputs.size();
  if (n < 2 || n > kMaxInputs) return std::nullopt;
  std::vector<JoinCondition> described;
  for (const auto& c : conditions) {
    if (c != nullptr) described.push_back(DescribeCondition(inputs, *c));
  }
  const InputSet all = (InputSet{1} << n) - 1;
  std::vector<Best> best(size_t{1} << n);
  for (size_t i = 0; i < n; ++i) {
    best[InputSet{1} << i] = Best{true, std::max(1.0, estimates[i]), 0, 0};
  }
  for (InputSet set = 1; set <= all; ++set) {
    if ((set & (set - 1)) == 0) continue;
    const InputSet lowest = set & (~set + 1);
    Best& b = best[set];
    // Each unordered split once: the left part holds the lowest input.
    for (InputSet left = (set - 1) & set; left != 0; left = (left - 1) & set) {
      if ((left & lowest) == 0) continue;
      const InputSet right = set & ~left;
      const Best& bl = best[left];
      const Best& br = best[right];
      if (!bl.valid || !br.valid || !Connected(described, left, right)) continue;
      // One row estimate per set (the smallest any split gives); the split kept is the one
      // whose parts cost least.
      const double rows = EstimateSplit(described, left, bl.rows, right, br.rows);
      const double parts = bl.cost + br.cost;
      if (!b.valid || rows < b.rows) b.rows = rows;
      if (!b.valid || parts < b.cost) {
        b.cost = parts;
        b.left = left;
      }
      b.valid = true;
    }
    if (b.valid) b.cost += b.rows;
  }
  if (!best[all].valid) return std::nullopt;
  return std::move(*MakeTree(best, all));
}

}  // namespace lakeml::sql
