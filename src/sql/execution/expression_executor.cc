#include "sql/execution/expression_executor.h"

#include <numeric>

#include "base/bit_util.h"
#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/execution/higher_order_executor.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

using columnar::Buffer;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// Boolean value of row i as Kleene: 0 false, 1 true, 2 null.
inline int KleeneAt(const Vector& v, int64_t i) {
  if (v.IsNull(i)) return 2;
  return v.GetBool(i) ? 1 : 0;
}

}  // namespace

Result<Chunk> ExpressionExecutor::TakeRows(const Chunk& chunk, const std::vector<int64_t>& rows) {
  Chunk out;
  out.size = static_cast<int64_t>(rows.size());
  out.columns.reserve(chunk.columns.size());
  for (const VectorPtr& c : chunk.columns) {
    LAKEML_ASSIGN_OR_RETURN(
        VectorPtr t, columnar::TakeVector(*c, rows.data(), static_cast<int64_t>(rows.size())));
    out.columns.push_back(std::move(t));
  }
  for (const VectorPtr& a : chunk.lambda_args) {  // sql-lambda
    VectorPtr t;
    if (a != nullptr) {
      LAKEML_ASSIGN_OR_RETURN(
          t, columnar::TakeVector(*a, rows.data(), static_cast<int64_t>(rows.size())));
    }
    out.lambda_args.push_back(std::move(t));
  }
  return out;
}

Result<VectorPtr> ExpressionExecutor::Evaluate(const BoundExpression& e, const Chunk& chunk) {
  switch (e.kind) {
    case ExprKind::kReference:
      if (e.index < 0 || e.index >= static_cast<int>(chunk.columns.size())) {
        return Status::Internal("Expression references a missing input column: ", e.ToString());
      }
      return chunk.columns[e.index];
    case ExprKind::kColumnRef:
      return Status::Internal("Unresolved column reference at execution: ", e.name);
    case ExprKind::kConstant:
      return KernelOutput::Expand(e.value, chunk.size);
    case ExprKind::kFunction: {
      std::vector<VectorPtr> args;
      std::vector<const Vector*> raw;
      args.reserve(e.children.size());
      for (const auto& c : e.children) {
        LAKEML_ASSIGN_OR_RETURN(VectorPtr v, Evaluate(*c, chunk));
        raw.push_back(v.get());
        args.push_back(std::move(v));
      }
      KernelContext ctx;
      ctx.function = e.function.get();
      ctx.null_on_error = e.function->null_on_error;
      for (size_t i = 0; i < e.children.size() && i < 64; ++i) {
        if (e.children[i]->kind == ExprKind::kConstant) ctx.constant_args |= uint64_t{1} << i;
      }
      VectorPtr out;
      LAKEML_RETURN_IF_ERROR(e.function->kernel(ctx, raw, chunk.size, &out));
      return out;
    }
    case ExprKind::kCast: {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr in, Evaluate(*e.children[0], chunk));
      VectorPtr out;
      LAKEML_RETURN_IF_ERROR(CastExecutor::Cast(*in, e.type, e.try_mode, chunk.size, &out));
      return out;
    }
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return EvaluateLogical(e, chunk);
    case ExprKind::kCase:
      return EvaluateCase(e, chunk);
    case ExprKind::kAggregate:
      return Status::Internal("Aggregate outside an aggregate operator: ", e.ToString());
    case ExprKind::kHigherOrder:  // sql-lambda
      return HigherOrderExecutor::Evaluate(e, chunk);
    case ExprKind::kLambda:
      return Status::Internal("Lambda outside a higher-order function: ", e.ToString());
    case ExprKind::kLambdaVariable:
      if (e.index < 0 || e.index >= static_cast<int>(chunk.lambda_args.size()) ||
          chunk.lambda_args[e.index] == nullptr) {
        return Status::Internal("Lambda variable without a value: ", e.ToString());
      }
      return chunk.lambda_args[e.index];
  }
  return Status::Internal("Unknown expression kind");
}

namespace {

// True when evaluating `e` can raise an error (then AND/OR must not evaluate it on rows an
// earlier operand already decided).
bool ExpressionCanRaise(const BoundExpression& e) {
  if (e.kind == ExprKind::kFunction && e.function->can_raise && !e.function->null_on_error) {
    return true;
  }
  if (e.kind == ExprKind::kCast && !e.try_mode) return true;
  if (e.kind == ExprKind::kHigherOrder) return true;  // sql-lambda
  for (const auto& c : e.children) {
    if (ExpressionCanRaise(*c)) return true;
  }
  return false;
}

// Kleene AND / OR of two boolean vectors, bitmap at a time.
VectorPtr KleeneCombine(bool is_and, const Vector& a, const Vector& b, int64_t n) {
  VectorPtr out = Vector::Make(a.type(), n);
  const int64_t bytes = bit_util::BytesForBits(n);
  const uint8_t* av = a.values()->data();
  const uint8_t* bv = b.values()->data();
  uint8_t* ov = out->mutable_values()->mutable_data();
  const bool a_nulls = a.null_count() > 0 && a.validity();
  const bool b_nulls = b.null_count() > 0 && b.validity();
  if (!a_nulls && !b_nulls) {
    for (int64_t i = 0; i < bytes; ++i) ov[i] = is_and ? (av[i] & bv[i]) : (av[i] | bv[i]);
    return out;
  }
  static const uint8_t kAllValid[1] = {0xFF};
  const uint8_t* am = a_nulls ? a.validity()->data() : nullptr;
  const uint8_t* bm = b_nulls ? b.validity()->data() : nullptr;
  Buffer* valid = out->EnsureValidity();
  uint8_t* om = valid->mutable_data();
  for (int64_t i = 0; i < bytes; ++i) {
    const uint8_t ma = am ? am[i] : kAllValid[0], mb = bm ? bm[i] : kAllValid[0];
    const uint8_t ta = av[i] & ma, tb = bv[i] & mb;    // known true
    const uint8_t fa = ~av[i] & ma, fb = ~bv[i] & mb;  // known false
    if (is_and) {
      ov[i] = ta & tb;
      om[i] = (ta & tb) | fa | fb;  // valid when true, or either side false
    } else {
      ov[i] = ta | tb;
      om[i] = ta | tb | (fa & fb);  // valid when either side true, or both false
    }
  }
  out->FinishValidity();
  return out;
}

}  // namespace

Result<VectorPtr> ExpressionExecutor::EvaluateLogical(const BoundExpression& e,
                                                      const Chunk& chunk) {
  const bool is_and = e.kind == ExprKind::kAnd;
  bool eager = true;
  for (size_t c = 1; c < e.children.size() && eager; ++c) {
    eager = !ExpressionCanRaise(*e.children[c]);
  }
  if (eager) {
    // No operand can raise: evaluate all on every row and combine the bitmaps.
    LAKEML_ASSIGN_OR_RETURN(VectorPtr acc, Evaluate(*e.children[0], chunk));
    for (size_t c = 1; c < e.children.size(); ++c) {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr next, Evaluate(*e.children[c], chunk));
      acc = KleeneCombine(is_and, *acc, *next, chunk.size);
    }
    return acc;
  }
  const int decided = is_and ? 0 : 1;      // AND: false decides; OR: true decides.
  std::vector<uint8_t> state(chunk.size);  // Kleene value so far.
  LAKEML_ASSIGN_OR_RETURN(VectorPtr first, Evaluate(*e.children[0], chunk));
  for (int64_t i = 0; i < chunk.size; ++i) state[i] = static_cast<uint8_t>(KleeneAt(*first, i));
  for (size_t c = 1; c < e.children.size(); ++c) {
    std::vector<int64_t> open;
    for (int64_t i = 0; i < chunk.size; ++i) {
      if (state[i] != decided) open.push_back(i);
    }
    if (open.empty()) break;
    VectorPtr next;
    if (static_cast<int64_t>(open.size()) == chunk.size) {
      LAKEML_ASSIGN_OR_RETURN(next, Evaluate(*e.children[c], chunk));
    } else {
      LAKEML_ASSIGN_OR_RETURN(Chunk sub, TakeRows(chunk, open));
      LAKEML_ASSIGN_OR_RETURN(next, Evaluate(*e.children[c], sub));
    }
    for (size_t j = 0; j < open.size(); ++j) {
      const int64_t i = open[j];
      const int r = KleeneAt(*next, static_cast<int64_t>(j));
      if (r == decided) {
        state[i] = static_cast<uint8_t>(decided);
      } else if (r == 2) {
        state[i] = 2;
      }  // r is the neutral value: state stays (neutral or null).
    }
  }
  VectorPtr out = Vector::Make(e.type, chunk.size);
  uint8_t* bits = out->mutable_values()->mutable_data();
  for (int64_t i = 0; i < chunk.size; ++i) {
    bit_util::SetBitTo(bits, i, state[i] == 1);
    if (state[i] == 2) KernelOutput::SetNull(out.get(), i);
  }
  out->FinishValidity();
  return out;
}

Result<VectorPtr> ExpressionExecutor::EvaluateCase(const BoundExpression& e, const Chunk& chunk) {
  std::vector<int64_t> remaining(chunk.size);
  std::iota(remaining.begin(), remaining.end(), 0);
  std::vector<VectorPtr> parts;
  std::vector<int64_t> source(chunk.size);  // Row i's position in the concatenated parts.
  int64_t part_base = 0;
  auto run_on = [&](const BoundExpression& value, const std::vector<int64_t>& rows) -> Status {
    if (rows.empty()) return Status::OK();
    VectorPtr v;
    if (static_cast<int64_t>(rows.size()) == chunk.size) {
      LAKEML_ASSIGN_OR_RETURN(v, Evaluate(value, chunk));
    } else {
      LAKEML_ASSIGN_OR_RETURN(Chunk sub, TakeRows(chunk, rows));
      LAKEML_ASSIGN_OR_RETURN(v, Evaluate(value, sub));
    }
    for (size_t j = 0; j < rows.size(); ++j) source[rows[j]] = part_base + static_cast<int64_t>(j);
    part_base += static_cast<int64_t>(rows.size());
    parts.push_back(std::move(v));
    return Status::OK();
  };
  for (size_t w = 0; w + 1 < e.children.size() && !remaining.empty(); w += 2) {
    VectorPtr cond;
    if (static_cast<int64_t>(remaining.size()) == chunk.size) {
      LAKEML_ASSIGN_OR_RETURN(cond, Evaluate(*e.children[w], chunk));
    } else {
      LAKEML_ASSIGN_OR_RETURN(Chunk sub, TakeRows(chunk, remaining));
      LAKEML_ASSIGN_OR_RETURN(cond, Evaluate(*e.children[w], sub));
    }
    std::vector<int64_t> hit, miss;
    for (size_t j = 0; j < remaining.size(); ++j) {
      (KleeneAt(*cond, static_cast<int64_t>(j)) == 1 ? hit : miss).push_back(remaining[j]);
    }
    LAKEML_RETURN_IF_ERROR(run_on(*e.children[w + 1], hit));
    remaining = std::move(miss);
  }
  LAKEML_RETURN_IF_ERROR(run_on(*e.children.back(), remaining));
  if (parts.size() == 1 && part_base == chunk.size) {
    bool identity = true;
    for (int64_t i = 0; i < chunk.size && identity; ++i) identity = source[i] == i;
    if (identity) return parts[0];
  }
  if (parts.empty()) return Vector::MakeNull(e.type, chunk.size);
  VectorPtr all;
  if (parts.size() == 1) {
    all = parts[0];
  } else {
    LAKEML_ASSIGN_OR_RETURN(all, columnar::ConcatVectors(parts));
  }
  return columnar::TakeVector(*all, source.data(), chunk.size);
}

Result<std::vector<int64_t>> ExpressionExecutor::Select(const BoundExpression& predicate,
                                                        const Chunk& chunk) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr v, Evaluate(predicate, chunk));
  std::vector<int64_t> rows;
  rows.reserve(chunk.size);
  if (v->type()->id() == columnar::TypeId::kNull) return rows;
  for (int64_t i = 0; i < chunk.size; ++i) {
    if (v->IsValid(i) && v->GetBool(i)) rows.push_back(i);
  }
  return rows;
}

Result<columnar::Scalar> ExpressionExecutor::EvaluateConstant(const BoundExpression& e) {
  Chunk one;
  one.size = 1;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr v, Evaluate(e, one));
  if (v->type()->is_nested()) return Status::NotImplemented("Nested constant");
  if (v->type()->id() == columnar::TypeId::kNull || v->IsNull(0)) {
    return columnar::Scalar::Null(e.type);
  }
  return columnar::Scalar::FromVector(*v, 0);
}

}  // namespace lakeml::sql
