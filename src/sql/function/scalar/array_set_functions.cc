// Array functions that compare elements (sql-nested): array_distinct, array_remove,
// array_union, array_intersect, array_except, arrays_overlap, sort_array, array_sort (without
// a comparator). Results keep the first occurrence's order, as Spark's do.
#include <algorithm>
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/element_gather.h"
#include "sql/function/scalar/element_values.h"

namespace lakeml::sql {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Vector;
using columnar::VectorPtr;

// Distinct elements of one row in first-occurrence order, over a sorted index for O(k log k).
class DistinctRowSet {
  struct Less {
    const ElementValues* values;
    bool operator()(int64_t a, int64_t b) const { return values->Compare(a, *values, b) < 0; }
  };

 public:
  explicit DistinctRowSet(const ElementValues* values) : values_(values) {}
  void Clear() { sorted_.clear(); }
  bool Contains(int64_t j) const {
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), j, Less{values_});
    return it != sorted_.end() && values_->Equal(*it, *values_, j);
  }
  // Adds j; false when an equal element is present.
  bool Insert(int64_t j) {
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), j, Less{values_});
    if (it != sorted_.end() && values_->Equal(*it, *values_, j)) return false;
    sorted_.insert(it, j);
    return true;
  }

 private:
  const ElementValues* values_;
  std::vector<int64_t> sorted_;
};

enum class SetOp : uint8_t { kDistinct, kUnion, kIntersect, kExcept, kRemove };

// Both arrays' elements in one vector (the second's positions shifted by the first's length).
Result<VectorPtr> BothElements(const std::vector<const Vector*>& args, int64_t* shift) {
  *shift = args[0]->child(0)->length();
  if (args.size() < 2) return args[0]->child(0);
  // array_remove: the value itself; else the second array's elements.
  VectorPtr second = args[1]->type()->id() == TypeId::kList ? args[1]->child(0)
                                                            : std::make_shared<Vector>(*args[1]);
  return columnar::ConcatVectors({args[0]->child(0), second});
}

template <SetOp kOp>
Status SetKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                 VectorPtr* out) {
  int64_t shift = 0;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr all, BothElements(args, &shift));
  LAKEML_ASSIGN_OR_RETURN(ElementValues values, ElementValues::Of(*all));
  DistinctRowSet seen(&values), other(&values);
  const int64_t* a = args[0]->offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      rows.NullRow();
      continue;
    }
    seen.Clear();
    other.Clear();
    if (kOp == SetOp::kRemove) {
      for (int64_t j = a[i]; j < a[i + 1]; ++j) {
        if (values.IsNull(j) || !values.Equal(j, values, shift + i)) rows.take.push_back(j);
      }
      rows.EndRow();
      continue;
    }
    if (kOp == SetOp::kIntersect || kOp == SetOp::kExcept) {
      const int64_t* b = args[1]->offsets();
      for (int64_t j = b[i]; j < b[i + 1]; ++j) other.Insert(shift + j);
    }
    for (int64_t j = a[i]; j < a[i + 1]; ++j) {
      if (kOp == SetOp::kIntersect && !other.Contains(j)) continue;
      if (kOp == SetOp::kExcept && other.Contains(j)) continue;
      if (seen.Insert(j)) rows.take.push_back(j);
    }
    if (kOp == SetOp::kUnion) {
      const int64_t* b = args[1]->offsets();
      for (int64_t j = b[i]; j < b[i + 1]; ++j) {
        if (seen.Insert(shift + j)) rows.take.push_back(shift + j);
      }
    }
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(*out,
                          ElementGather::Finish(ctx.function->return_type, all, std::move(rows)));
  return Status::OK();
}

Status OverlapKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                     VectorPtr* out) {
  int64_t shift = 0;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr all, BothElements(args, &shift));
  LAKEML_ASSIGN_OR_RETURN(ElementValues values, ElementValues::Of(*all));
  DistinctRowSet left(&values);
  VectorPtr v = KernelOutput::MakePropagatingNulls(SqlType::Boolean(), args, n);
  const int64_t* a = args[0]->offsets();
  const int64_t* b = args[1]->offsets();
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) continue;
    left.Clear();
    bool saw_null = false, found = false;
    for (int64_t j = a[i]; j < a[i + 1]; ++j) {
      if (values.IsNull(j)) {
        saw_null = true;
      } else {
        left.Insert(j);
      }
    }
    for (int64_t j = b[i]; j < b[i + 1] && !found; ++j) {
      if (values.IsNull(shift + j)) {
        saw_null = true;
      } else {
        found = left.Contains(shift + j);
      }
    }
    // Spark: null when nothing overlaps, both are non-empty and either holds a null.
    if (!found && saw_null && a[i + 1] > a[i] && b[i + 1] > b[i]) {
      KernelOutput::SetNull(v.get(), i);
    } else {
      bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, found);
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// sort_array(a[, asc]) puts nulls first ascending and last descending; array_sort(a) sorts
// ascending with nulls last.
template <bool kArraySort>
Status SortKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                  VectorPtr* out) {
  const Vector& a = *args[0];
  LAKEML_ASSIGN_OR_RETURN(ElementValues values, ElementValues::Of(*a.child(0)));
  const int64_t* o = a.offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      rows.NullRow();
      continue;
    }
    const bool asc = kArraySort || args.size() < 2 || args[1]->GetBool(i);
    const size_t begin = rows.take.size();
    for (int64_t j = o[i]; j < o[i + 1]; ++j) rows.take.push_back(j);
    std::stable_sort(rows.take.begin() + begin, rows.take.end(), [&](int64_t x, int64_t y) {
      const bool nx = values.IsNull(x), ny = values.IsNull(y);
      if (nx || ny) {
        if (nx == ny) return false;
        return kArraySort ? ny : (asc ? nx : ny);
      }
      const int c = values.Compare(x, values, y);
      return asc ? c < 0 : c > 0;
    });
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, a.child(0), std::move(rows)));
  return Status::OK();
}

std::shared_ptr<const ScalarFunctionBinding> SetBinding(std::string_view name,
                                                        std::vector<TypePtr> args, TypePtr ret,
                                                        ScalarKernel kernel) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = std::move(args);
  fn->return_type = std::move(ret);
  fn->kernel = kernel;
  fn->propagates_nulls = false;
  return fn;
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveArraySetFunction(
    std::string_view name, const std::vector<TypePtr>& in) {
  if (in[0]->id() != TypeId::kList) {
    return Status::InvalidArgument(StrCat("the first argument of ", name,
                                          " requires the \"ARRAY\" type, not \"",
                                          SqlType::SqlName(in[0]), "\""));
  }
  const TypePtr& elem = in[0]->list_element().type;
  if (name == "array_distinct") return SetBinding(name, in, in[0], SetKernel<SetOp::kDistinct>);
  if (name == "sort_array" || name == "array_sort") {
    if (elem->is_nested()) return Status::NotImplemented(StrCat(name, " over nested elements"));
    if (name == "array_sort") return SetBinding(name, in, in[0], SortKernel<true>);
    std::vector<TypePtr> args{in[0]};
    if (in.size() > 1) args.push_back(SqlType::Boolean());
    return SetBinding(name, std::move(args), in[0], SortKernel<false>);
  }
  if (name == "array_remove") {
    TypePtr t = SqlType::CommonType(elem, in[1]);
    if (t == nullptr)
      return Status::InvalidArgument("array_remove needs a value of the element type");
    TypePtr arr = DataType::List(Field{"element", t, true});
    return SetBinding(name, {arr, t}, arr, SetKernel<SetOp::kRemove>);
  }
  TypePtr common = SqlType::CommonType(in[0], in[1]);
  if (common == nullptr || common->id() != TypeId::kList) {
    return Status::InvalidArgument(
        StrCat("the arguments of ", name, " must be ARRAYs of the same element type, not \"",
               SqlType::SqlName(in[0]), "\" and \"", SqlType::SqlName(in[1]), "\""));
  }
  if (name == "arrays_overlap") {
    return SetBinding(name, {common, common}, SqlType::Boolean(), OverlapKernel);
  }
  ScalarKernel k = name == "array_union"       ? SetKernel<SetOp::kUnion>
                   : name == "array_intersect" ? SetKernel<SetOp::kIntersect>
                                               : SetKernel<SetOp::kExcept>;
  return SetBinding(name, {common, common}, common, k);
}

}  // namespace

void BuiltinFunctions::RegisterArraySetFunctions(FunctionRegistry* registry) {
  registry->AddScalar({"array_distinct", 1, 1, ResolveArraySetFunction});
  registry->AddScalar({"array_remove", 2, 2, ResolveArraySetFunction});
  registry->AddScalar({"array_union", 2, 2, ResolveArraySetFunction});
  registry->AddScalar({"array_intersect", 2, 2, ResolveArraySetFunction});
  registry->AddScalar({"array_except", 2, 2, ResolveArraySetFunction});
  registry->AddScalar({"arrays_overlap", 2, 2, ResolveArraySetFunction});
  registry->AddScalar({"sort_array", 1, 2, ResolveArraySetFunction});
  registry->AddScalar({"array_sort", 1, 1, ResolveArraySetFunction});
}

}  // namespace lakeml::sql
