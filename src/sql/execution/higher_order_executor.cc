#include "sql/execution/higher_order_executor.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/element_gather.h"
#include "sql/function/scalar/map_builder.h"

namespace lakeml::sql {

using columnar::Vector;
using columnar::VectorPtr;

namespace {

// The elements of a list or map column, flattened: element j lies at child position pos[j],
// belongs to chunk row row[j] and is element index[j] of its row. offsets (rebased to 0) and
// null_rows describe the rows.
struct HofFlat {
  std::vector<int64_t> pos;
  std::vector<int64_t> row;
  std::vector<int64_t> index;
  std::vector<int64_t> offsets{0};
  std::vector<bool> null_rows;
};

HofFlat FlattenHofInput(const Vector& v, int64_t n) {
  HofFlat f;
  const bool null_type = v.type()->id() == TypeId::kNull;
  for (int64_t i = 0; i < n; ++i) {
    const bool null = null_type || v.IsNull(i);
    f.null_rows.push_back(null);
    if (!null) {
      const int64_t* o = v.offsets();
      for (int64_t j = o[i]; j < o[i + 1]; ++j) {
        f.pos.push_back(j);
        f.row.push_back(i);
        f.index.push_back(j - o[i]);
      }
    }
    f.offsets.push_back(static_cast<int64_t>(f.pos.size()));
  }
  return f;
}

// Marks the chunk columns and lambda slots that `e` reads.
void MarkHofReads(const BoundExpression& e, std::vector<bool>* columns, std::vector<bool>* slots) {
  if (e.kind == ExprKind::kReference && e.index >= 0) {
    if (static_cast<size_t>(e.index) >= columns->size()) columns->resize(e.index + 1);
    (*columns)[e.index] = true;
  } else if (e.kind == ExprKind::kLambdaVariable && e.index >= 0) {
    if (static_cast<size_t>(e.index) >= slots->size()) slots->resize(e.index + 1);
    (*slots)[e.index] = true;
  }
  for (const auto& c : e.children) MarkHofReads(*c, columns, slots);
}

// The body of `lambda` over rows.size() elements: element j belongs to chunk row rows[j] and
// params[k] holds the value of parameter k per element.
Result<VectorPtr> ApplyHofLambda(const BoundExpression& lambda, const Chunk& chunk,
                                 const std::vector<int64_t>& rows, std::vector<VectorPtr> params) {
  const BoundExpression& body = *lambda.children[0];
  const int64_t n = static_cast<int64_t>(rows.size());
  if (n == 0) return Vector::MakeNull(body.type, 0);
  std::vector<bool> columns, slots;
  MarkHofReads(body, &columns, &slots);
  Chunk el;
  el.size = n;
  el.batch_index = chunk.batch_index;
  el.columns.resize(chunk.columns.size());
  for (size_t c = 0; c < chunk.columns.size() && c < columns.size(); ++c) {
    if (!columns[c]) continue;
    LAKEML_ASSIGN_OR_RETURN(el.columns[c], columnar::TakeVector(*chunk.columns[c], rows.data(), n));
  }
  const size_t base = static_cast<size_t>(lambda.index);
  el.lambda_args.resize(base + params.size());
  for (size_t s = 0; s < base && s < chunk.lambda_args.size() && s < slots.size(); ++s) {
    if (!slots[s] || chunk.lambda_args[s] == nullptr) continue;
    LAKEML_ASSIGN_OR_RETURN(el.lambda_args[s],
                            columnar::TakeVector(*chunk.lambda_args[s], rows.data(), n));
  }
  for (size_t k = 0; k < params.size(); ++k) el.lambda_args[base + k] = std::move(params[k]);
  return ExpressionExecutor::Evaluate(body, el);
}

size_t HofParamCount(const BoundExpression& lambda) { return lambda.column_id; }

// An INT vector of `values`.
VectorPtr HofIndexVector(const std::vector<int64_t>& values) {
  VectorPtr v = Vector::Make(SqlType::Int(), static_cast<int64_t>(values.size()));
  auto* out = reinterpret_cast<int32_t*>(v->mutable_values()->mutable_data());
  for (size_t i = 0; i < values.size(); ++i) out[i] = static_cast<int32_t>(values[i]);
  return v;
}

bool HofTrue(const Vector& v, int64_t i) {
  return v.type()->id() == TypeId::kBoolean && v.IsValid(i) && v.GetBool(i);
}

// transform and filter (element, optional index).
Result<VectorPtr> EvaluateTransformOrFilter(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr arr, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  const BoundExpression& fn = *e.children[1];
  HofFlat f = FlattenHofInput(*arr, chunk.size);
  std::vector<VectorPtr> params;
  if (!f.pos.empty()) {
    LAKEML_ASSIGN_OR_RETURN(VectorPtr x, ElementGather::Take(arr->child(0), f.pos));
    params.push_back(std::move(x));
  } else {
    params.push_back(Vector::MakeNull(e.children[0]->type->list_element().type, 0));
  }
  if (HofParamCount(fn) == 2) params.push_back(HofIndexVector(f.index));
  VectorPtr elements = params[0];
  LAKEML_ASSIGN_OR_RETURN(VectorPtr out, ApplyHofLambda(fn, chunk, f.row, std::move(params)));
  if (e.name == "transform") {
    return ElementGather::MakeList(e.type, std::move(f.offsets), {std::move(out)}, f.null_rows);
  }
  ElementGather::Rows rows;
  for (int64_t i = 0; i < chunk.size; ++i) {
    if (f.null_rows[i]) {
      rows.NullRow();
      continue;
    }
    for (int64_t j = f.offsets[i]; j < f.offsets[i + 1]; ++j) {
      if (HofTrue(*out, j)) rows.take.push_back(j);
    }
    rows.EndRow();
  }
  return ElementGather::Finish(e.type, elements, std::move(rows));
}

// exists (any true; else null when any null) and forall (all true; false wins over null).
Result<VectorPtr> EvaluateExistsOrForall(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr arr, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  HofFlat f = FlattenHofInput(*arr, chunk.size);
  std::vector<VectorPtr> params;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr x, ElementGather::Take(arr->child(0), f.pos));
  params.push_back(std::move(x));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr out,
                          ApplyHofLambda(*e.children[1], chunk, f.row, std::move(params)));
  const bool exists = e.name == "exists";
  VectorPtr result = Vector::Make(SqlType::Boolean(), chunk.size);
  uint8_t* bits = result->mutable_values()->mutable_data();
  for (int64_t i = 0; i < chunk.size; ++i) {
    bool decided = false, any_null = false;
    for (int64_t j = f.offsets[i]; j < f.offsets[i + 1] && !decided; ++j) {
      if (out->type()->id() == TypeId::kNull || out->IsNull(j)) {
        any_null = true;
      } else if (out->GetBool(j) == exists) {
        decided = true;
      }
    }
    bit_util::SetBitTo(bits, i, decided ? exists : !exists);
    if (f.null_rows[i] || (!decided && any_null)) KernelOutput::SetNull(result.get(), i);
  }
  result->FinishValidity();
  return result;
}

// aggregate(arr, start, merge [, finish]): element position k of every row still that long
// is merged at step k, so the work is linear in the elements.
Result<VectorPtr> EvaluateArrayAggregate(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr arr, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr acc, ExpressionExecutor::Evaluate(*e.children[1], chunk));
  const BoundExpression& merge = *e.children[2];
  HofFlat f = FlattenHofInput(*arr, chunk.size);
  std::vector<int64_t> active;  // rows still merging, in row order
  for (int64_t i = 0; i < chunk.size; ++i) {
    if (!f.null_rows[i]) active.push_back(i);
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr cur, columnar::TakeVector(*acc, active.data(),
                                                              static_cast<int64_t>(active.size())));
  std::vector<VectorPtr> done;                 // finished accumulators, in finishing order
  std::vector<int64_t> where(chunk.size, -1);  // row -> position in the concatenated `done`
  int64_t done_rows = 0;
  for (int64_t k = 0; !active.empty(); ++k) {
    std::vector<int64_t> stay, stay_at, leave_at, elements;
    for (size_t j = 0; j < active.size(); ++j) {
      const int64_t r = active[j];
      if (f.offsets[r + 1] - f.offsets[r] > k) {
        stay.push_back(r);
        stay_at.push_back(static_cast<int64_t>(j));
        elements.push_back(f.pos[f.offsets[r] + k]);
      } else {
        leave_at.push_back(static_cast<int64_t>(j));
        where[r] = done_rows++;
      }
    }
    if (!leave_at.empty()) {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr left, ElementGather::Take(cur, leave_at));
      done.push_back(std::move(left));
    }
    if (stay.empty()) break;
    LAKEML_ASSIGN_OR_RETURN(VectorPtr kept, ElementGather::Take(cur, stay_at));
    LAKEML_ASSIGN_OR_RETURN(VectorPtr x, ElementGather::Take(arr->child(0), elements));
    LAKEML_ASSIGN_OR_RETURN(cur, ApplyHofLambda(merge, chunk, stay, {std::move(kept), x}));
    active = std::move(stay);
  }
  VectorPtr all;
  if (done.empty()) {
    all = Vector::MakeNull(merge.type, 0);
  } else if (done.size() == 1) {
    all = done[0];
  } else {
    LAKEML_ASSIGN_OR_RETURN(all, columnar::ConcatVectors(done));
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr result, ElementGather::Take(all, where));
  if (e.children.size() < 4) return result;
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < chunk.size; ++i) {
    if (!f.null_rows[i]) rows.push_back(i);
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr merged, ElementGather::Take(result, rows));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr finished,
                          ApplyHofLambda(*e.children[3], chunk, rows, {std::move(merged)}));
  std::vector<int64_t> back(chunk.size, -1);
  for (size_t j = 0; j < rows.size(); ++j) back[rows[j]] = static_cast<int64_t>(j);
  return ElementGather::Take(finished, back);
}

// zip_with(a, b, (x, y) -> ...): the shorter array is padded with nulls.
Result<VectorPtr> EvaluateZipWith(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr a, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr b, ExpressionExecutor::Evaluate(*e.children[1], chunk));
  HofFlat fa = FlattenHofInput(*a, chunk.size);
  HofFlat fb = FlattenHofInput(*b, chunk.size);
  std::vector<int64_t> pa, pb, rows, offsets{0};
  std::vector<bool> null_rows;
  for (int64_t i = 0; i < chunk.size; ++i) {
    const bool null = fa.null_rows[i] || fb.null_rows[i];
    null_rows.push_back(null);
    if (!null) {
      const int64_t la = fa.offsets[i + 1] - fa.offsets[i], lb = fb.offsets[i + 1] - fb.offsets[i];
      for (int64_t k = 0; k < std::max(la, lb); ++k) {
        pa.push_back(k < la ? fa.pos[fa.offsets[i] + k] : -1);
        pb.push_back(k < lb ? fb.pos[fb.offsets[i] + k] : -1);
        rows.push_back(i);
      }
    }
    offsets.push_back(static_cast<int64_t>(rows.size()));
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr x, ElementGather::Take(a->child(0), pa));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr y, ElementGather::Take(b->child(0), pb));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr out, ApplyHofLambda(*e.children[2], chunk, rows, {x, y}));
  return ElementGather::MakeList(e.type, std::move(offsets), {std::move(out)}, null_rows);
}

// map_filter, transform_keys, transform_values: the lambda sees (key, value).
Result<VectorPtr> EvaluateMapLambda(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr m, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  HofFlat f = FlattenHofInput(*m, chunk.size);
  LAKEML_ASSIGN_OR_RETURN(VectorPtr keys, ElementGather::Take(m->child(0), f.pos));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr values, ElementGather::Take(m->child(1), f.pos));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr out,
                          ApplyHofLambda(*e.children[1], chunk, f.row, {keys, values}));
  if (e.name == "transform_values") {
    return ElementGather::MakeList(e.type, std::move(f.offsets), {keys, std::move(out)},
                                   f.null_rows);
  }
  if (e.name == "transform_keys") {
    return MapBuilder::Make(e.type, std::move(f.offsets), std::move(out), values, f.null_rows);
  }
  std::vector<int64_t> keep, offsets{0};
  for (int64_t i = 0; i < chunk.size; ++i) {
    for (int64_t j = f.offsets[i]; j < f.offsets[i + 1]; ++j) {
      if (HofTrue(*out, j)) keep.push_back(j);
    }
    offsets.push_back(static_cast<int64_t>(keep.size()));
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr kept_keys, ElementGather::Take(keys, keep));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr kept_values, ElementGather::Take(values, keep));
  return ElementGather::MakeList(e.type, std::move(offsets), {kept_keys, kept_values}, f.null_rows);
}

// array_sort(arr, (a, b) -> int): a bottom-up merge sort per row; the comparator is evaluated
// for one pair at a time, and a NULL result raises as in Spark.
Result<VectorPtr> EvaluateComparatorSort(const BoundExpression& e, const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr arr, ExpressionExecutor::Evaluate(*e.children[0], chunk));
  const BoundExpression& fn = *e.children[1];
  HofFlat f = FlattenHofInput(*arr, chunk.size);
  const VectorPtr& source = arr->child(0);
  auto less_or_equal = [&](int64_t row, int64_t a, int64_t b) -> Result<bool> {
    LAKEML_ASSIGN_OR_RETURN(VectorPtr x, ElementGather::Take(source, {a}));
    LAKEML_ASSIGN_OR_RETURN(VectorPtr y, ElementGather::Take(source, {b}));
    LAKEML_ASSIGN_OR_RETURN(VectorPtr r, ApplyHofLambda(fn, chunk, {row}, {x, y}));
    if (r->type()->id() == TypeId::kNull || r->IsNull(0)) {
      return SqlError::Make("COMPARATOR_RETURNS_NULL", "22004",
                            "The comparator has returned a NULL for a comparison between two "
                            "elements. It should return a negative integer for \"greater than\", "
                            "0 for \"equal\" and a positive integer for \"less than\"");
    }
    return r->values_as<int32_t>()[0] <= 0;
  };
  std::vector<int64_t> order = f.pos, scratch(f.pos.size());
  for (int64_t i = 0; i < chunk.size; ++i) {
    const int64_t lo = f.offsets[i], hi = f.offsets[i + 1];
    for (int64_t width = 1; width < hi - lo; width *= 2) {
      for (int64_t start = lo; start < hi; start += 2 * width) {
        const int64_t mid = std::min(start + width, hi), end = std::min(start + 2 * width, hi);
        int64_t p = start, q = mid, o = start;
        while (p < mid && q < end) {
          LAKEML_ASSIGN_OR_RETURN(bool first, less_or_equal(i, order[p], order[q]));
          scratch[o++] = first ? order[p++] : order[q++];
        }
        while (p < mid) scratch[o++] = order[p++];
        while (q < end) scratch[o++] = order[q++];
      }
      std::copy(scratch.begin() + lo, scratch.begin() + hi, order.begin() + lo);
    }
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr sorted, ElementGather::Take(source, order));
  return ElementGather::MakeList(e.type, std::move(f.offsets), {std::move(sorted)}, f.null_rows);
}

}  // namespace

Result<VectorPtr> HigherOrderExecutor::Evaluate(const BoundExpression& e, const Chunk& chunk) {
  const std::string& name = e.name;
  if (name == "transform" || name == "filter") return EvaluateTransformOrFilter(e, chunk);
  if (name == "exists" || name == "forall") return EvaluateExistsOrForall(e, chunk);
  if (name == "aggregate" || name == "reduce") return EvaluateArrayAggregate(e, chunk);
  if (name == "zip_with") return EvaluateZipWith(e, chunk);
  if (name == "map_filter" || name == "transform_keys" || name == "transform_values") {
    return EvaluateMapLambda(e, chunk);
  }
  if (name == "array_sort") return EvaluateComparatorSort(e, chunk);
  return Status::Internal("Unknown higher-order function: ", name);
}

}  // namespace lakeml::sql
