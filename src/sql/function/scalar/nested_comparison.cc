#include "sql/function/scalar/nested_comparison.h"

#include <vector>

#include "base/bit_util.h"
#include "columnar/scalar.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Scalar;
using columnar::Vector;
using columnar::VectorPtr;

// Null-aware: a null part sorts first and equals another null.
int CompareNestedParts(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  const bool na = a.IsNull(i), nb = b.IsNull(j);
  if (na || nb) return na == nb ? 0 : (na ? -1 : 1);
  return NestedComparison::Compare(a, i, b, j);
}

enum class NestedCmp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

template <NestedCmp kOp>
Status NestedCompareKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  const Vector& a = *args[0];
  const Vector& b = *args[1];
  VectorPtr v = kOp == NestedCmp::kNullSafeEq
                    ? Vector::Make(ctx.function->return_type, n)
                    : KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  uint8_t* bits = v->mutable_values()->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const bool na = a.IsNull(i), nb = b.IsNull(i);
    bool r = false;
    if (na || nb) {
      r = kOp == NestedCmp::kNullSafeEq && na && nb;
    } else {
      const int c = NestedComparison::Compare(a, i, b, i);
      switch (kOp) {
        case NestedCmp::kEq:
        case NestedCmp::kNullSafeEq:
          r = c == 0;
          break;
        case NestedCmp::kNe:
          r = c != 0;
          break;
        case NestedCmp::kLt:
          r = c < 0;
          break;
        case NestedCmp::kLe:
          r = c <= 0;
          break;
        case NestedCmp::kGt:
          r = c > 0;
          break;
        case NestedCmp::kGe:
          r = c >= 0;
          break;
      }
    }
    bit_util::SetBitTo(bits, i, r);
  }
  *out = std::move(v);
  return Status::OK();
}

}  // namespace

int NestedComparison::Compare(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  switch (a.type()->id()) {
    case TypeId::kList: {
      const int64_t* oa = a.offsets();
      const int64_t* ob = b.offsets();
      const int64_t la = oa[i + 1] - oa[i], lb = ob[j + 1] - ob[j];
      for (int64_t k = 0; k < la && k < lb; ++k) {
        const int c = CompareNestedParts(*a.child(0), oa[i] + k, *b.child(0), ob[j] + k);
        if (c != 0) return c;
      }
      return la < lb ? -1 : (la > lb ? 1 : 0);
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < a.children().size(); ++f) {
        const int c = CompareNestedParts(*a.child(f), i, *b.child(f), j);
        if (c != 0) return c;
      }
      return 0;
    case TypeId::kMap: {
      // Not orderable in Spark; equality by entries in order keeps this total for safety.
      const int64_t* oa = a.offsets();
      const int64_t* ob = b.offsets();
      const int64_t la = oa[i + 1] - oa[i], lb = ob[j + 1] - ob[j];
      for (int64_t k = 0; k < la && k < lb; ++k) {
        int c = CompareNestedParts(*a.child(0), oa[i] + k, *b.child(0), ob[j] + k);
        if (c == 0) c = CompareNestedParts(*a.child(1), oa[i] + k, *b.child(1), ob[j] + k);
        if (c != 0) return c;
      }
      return la < lb ? -1 : (la > lb ? 1 : 0);
    }
    case TypeId::kNull:
      return 0;
    default:
      return Scalar::FromVector(a, i).Compare(Scalar::FromVector(b, j));
  }
}

ScalarKernel NestedComparison::KernelFor(std::string_view op) {
  if (op == "=" || op == "==") return NestedCompareKernel<NestedCmp::kEq>;
  if (op == "<>" || op == "!=") return NestedCompareKernel<NestedCmp::kNe>;
  if (op == "<") return NestedCompareKernel<NestedCmp::kLt>;
  if (op == "<=") return NestedCompareKernel<NestedCmp::kLe>;
  if (op == ">") return NestedCompareKernel<NestedCmp::kGt>;
  if (op == ">=") return NestedCompareKernel<NestedCmp::kGe>;
  if (op == "<=>") return NestedCompareKernel<NestedCmp::kNullSafeEq>;
  return nullptr;
}

bool NestedComparison::ContainsMap(const columnar::TypePtr& type) {
  if (type->id() == TypeId::kMap) return true;
  for (const columnar::Field& f : type->children()) {
    if (ContainsMap(f.type)) return true;
  }
  return false;
}

}  // namespace lakeml::sql
