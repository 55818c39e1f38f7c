// Array functions (sql-nested): size, cardinality, array_contains, array_position, array_min,
// array_max, array_join, array_repeat, array_append, array_compact, flatten, slice, sequence,
// arrays_zip. Set-like functions and sorting are in array_set_functions.cc.
#include <algorithm>
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/cast/cast_executor.h"
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

// Spark's limit on generated arrays (ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH) is far above
// what one query should allocate; lakeml stops at this many elements per row.
constexpr int64_t kMaxGeneratedElements = 1 << 24;

Status CollectionTooLarge(int64_t n) {
  return SqlError::Make(
      "COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER", "54000",
      StrCat("Can't create array with ", n, " elements which exceeding the array size limit ",
             kMaxGeneratedElements, "."));
}

int64_t ArrayIntArg(const Vector& v, int64_t i) {
  return v.type()->id() == TypeId::kInt64 ? v.values_as<int64_t>()[i] : v.values_as<int32_t>()[i];
}

VectorPtr SharedCopy(const Vector* v) { return std::make_shared<Vector>(*v); }

Status SizeKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                  VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(SqlType::Int(), args, n);
  const int64_t* o = args[0]->offsets();
  int32_t* d = v->mutable_values()->mutable_as<int32_t>();
  for (int64_t i = 0; i < n; ++i) d[i] = static_cast<int32_t>(o[i + 1] - o[i]);
  *out = std::move(v);
  return Status::OK();
}

// array_contains (kPosition false) and array_position (true).
template <bool kPosition>
Status SearchKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                    VectorPtr* out) {
  const Vector& a = *args[0];
  LAKEML_ASSIGN_OR_RETURN(ElementValues elems, ElementValues::Of(*a.child(0)));
  LAKEML_ASSIGN_OR_RETURN(ElementValues keys, ElementValues::Of(*args[1]));
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, args, n);
  const int64_t* o = a.offsets();
  for (int64_t i = 0; i < n; ++i) {
    if (a.IsNull(i) || args[1]->IsNull(i)) continue;
    int64_t found = 0;
    bool saw_null = false;
    for (int64_t j = o[i]; j < o[i + 1] && found == 0; ++j) {
      if (elems.IsNull(j)) {
        saw_null = true;
      } else if (elems.Equal(j, keys, i)) {
        found = j - o[i] + 1;
      }
    }
    if (kPosition) {
      v->mutable_values()->mutable_as<int64_t>()[i] = found;
    } else if (found == 0 && saw_null) {
      KernelOutput::SetNull(v.get(), i);  // Unknown: a null element might be the value.
    } else {
      bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, found != 0);
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// array_min (kMax false) and array_max: nulls skipped; null for an empty array.
template <bool kMax>
Status ExtremeKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                     VectorPtr* out) {
  const Vector& a = *args[0];
  LAKEML_ASSIGN_OR_RETURN(ElementValues elems, ElementValues::Of(*a.child(0)));
  const int64_t* o = a.offsets();
  std::vector<int64_t> take(n, -1);
  for (int64_t i = 0; i < n; ++i) {
    if (a.IsNull(i)) continue;
    for (int64_t j = o[i]; j < o[i + 1]; ++j) {
      if (elems.IsNull(j)) continue;
      const int c = take[i] < 0 ? 0 : elems.Compare(j, elems, take[i]);
      if (take[i] < 0 || (kMax ? c > 0 : c < 0)) take[i] = j;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(*out, ElementGather::Take(a.child(0), take));
  return Status::OK();
}

Status JoinKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                  VectorPtr* out) {
  const Vector& a = *args[0];
  VectorPtr text;
  LAKEML_RETURN_IF_ERROR(
      CastExecutor::Cast(*a.child(0), SqlType::String(), false, a.child(0)->length(), &text));
  StringVectorBuilder b(SqlType::String(), n);
  const int64_t* o = a.offsets();
  std::string s;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      b.AppendNull();
      continue;
    }
    s.clear();
    bool first = true;
    for (int64_t j = o[i]; j < o[i + 1]; ++j) {
      const bool null = text->IsNull(j);
      if (null && args.size() < 3) continue;  // Nulls are skipped without a replacement.
      if (!first) s.append(args[1]->GetView(i));
      first = false;
      s.append(null ? args[2]->GetView(i) : text->GetView(j));
    }
    b.Append(s);
  }
  *out = b.Finish();
  return Status::OK();
}

Status RepeatKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                    VectorPtr* out) {
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (args[1]->IsNull(i)) {
      rows.NullRow();
      continue;
    }
    const int64_t count = std::max<int64_t>(0, ArrayIntArg(*args[1], i));
    if (count > kMaxGeneratedElements) return CollectionTooLarge(count);
    for (int64_t j = 0; j < count; ++j) rows.take.push_back(args[0]->IsNull(i) ? -1 : i);
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, SharedCopy(args[0]), std::move(rows)));
  return Status::OK();
}

// array_append(a, v) and array_compact(a): elements of `a` (without nulls for compact), then
// `v` for append. Source: the elements, then the appended values.
template <bool kAppend>
Status AppendCompactKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  const Vector& a = *args[0];
  VectorPtr source = a.child(0);
  if (kAppend) {
    VectorPtr tail = SharedCopy(args[1]);
    tail->set_length(n);
    LAKEML_ASSIGN_OR_RETURN(source, columnar::ConcatVectors({a.child(0), tail}));
  }
  const int64_t base = a.child(0)->length();
  const int64_t* o = a.offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (a.IsNull(i)) {
      rows.NullRow();
      continue;
    }
    for (int64_t j = o[i]; j < o[i + 1]; ++j) {
      if (!kAppend && a.child(0)->IsNull(j)) continue;
      rows.take.push_back(j);
    }
    if (kAppend) rows.take.push_back(args[1]->IsNull(i) ? -1 : base + i);
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, source, std::move(rows)));
  return Status::OK();
}

Status FlattenKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                     VectorPtr* out) {
  const Vector& a = *args[0];
  const Vector& inner = *a.child(0);
  const int64_t* o = a.offsets();
  const int64_t* io = inner.offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    bool null = a.IsNull(i);
    for (int64_t j = o[i]; !null && j < o[i + 1]; ++j) null = inner.IsNull(j);
    if (null) {
      rows.NullRow();
      continue;
    }
    for (int64_t j = o[i]; j < o[i + 1]; ++j) {
      for (int64_t k = io[j]; k < io[j + 1]; ++k) rows.take.push_back(k);
    }
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, inner.child(0), std::move(rows)));
  return Status::OK();
}

Status SliceKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                   VectorPtr* out) {
  const Vector& a = *args[0];
  const int64_t* o = a.offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      rows.NullRow();
      continue;
    }
    const int64_t size = o[i + 1] - o[i];
    int64_t start = ArrayIntArg(*args[1], i);
    const int64_t length = ArrayIntArg(*args[2], i);
    if (start == 0) {
      return SqlError::Make("INVALID_PARAMETER_VALUE.START", "22023",
                            "The value of parameter(s) `start` in `slice` is invalid: Expects a "
                            "positive or a negative value for `start`, but got 0.");
    }
    if (length < 0) {
      return SqlError::Make("INVALID_PARAMETER_VALUE.LENGTH", "22023",
                            StrCat("The value of parameter(s) `length` in `slice` is invalid: "
                                   "Expects `length` greater than or equal to 0, but got ",
                                   length, "."));
    }
    start = start > 0 ? start - 1 : size + start;
    if (start >= 0) {
      for (int64_t j = start; j < size && j < start + length; ++j) rows.take.push_back(o[i] + j);
    }
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, a.child(0), std::move(rows)));
  return Status::OK();
}

// sequence(start, stop[, step]) over BIGINT (INT arguments are widened at bind time and the
// elements narrowed back) or DATE (a step of one day).
Status SequenceKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                      VectorPtr* out) {
  const TypePtr& elem = ctx.function->return_type->list_element().type;
  std::vector<int64_t> values, offsets{0};
  std::vector<bool> nulls;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      offsets.push_back(static_cast<int64_t>(values.size()));
      nulls.push_back(true);
      continue;
    }
    const bool date = args[0]->type()->id() == TypeId::kDate32;
    const int64_t start = date ? args[0]->values_as<int32_t>()[i] : ArrayIntArg(*args[0], i);
    const int64_t stop = date ? args[1]->values_as<int32_t>()[i] : ArrayIntArg(*args[1], i);
    const int64_t step = args.size() > 2 ? ArrayIntArg(*args[2], i) : (start <= stop ? 1 : -1);
    if (step == 0 || (start < stop && step < 0) || (start > stop && step > 0)) {
      if (!(start == stop && step != 0)) {
        return SqlError::Make(
            "ILLEGAL_SEQUENCE_BOUNDARIES", "22023",
            StrCat("Illegal sequence boundaries: ", start, " to ", stop, " by ", step, "."));
      }
    }
    const __int128 count = (static_cast<__int128>(stop) - start) / step + 1;
    if (count > kMaxGeneratedElements) return CollectionTooLarge(static_cast<int64_t>(count));
    for (int64_t k = 0; k < static_cast<int64_t>(count); ++k) values.push_back(start + k * step);
    offsets.push_back(static_cast<int64_t>(values.size()));
    nulls.push_back(false);
  }
  VectorPtr e = Vector::Make(elem, static_cast<int64_t>(values.size()));
  for (size_t k = 0; k < values.size(); ++k) {
    if (elem->id() == TypeId::kInt64) {
      e->mutable_values()->mutable_as<int64_t>()[k] = values[k];
    } else {
      e->mutable_values()->mutable_as<int32_t>()[k] = static_cast<int32_t>(values[k]);
    }
  }
  *out =
      ElementGather::MakeList(ctx.function->return_type, std::move(offsets), {std::move(e)}, nulls);
  return Status::OK();
}

Status ZipKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                 VectorPtr* out) {
  const TypePtr& t = ctx.function->return_type;
  ElementGather::Rows rows;
  std::vector<std::vector<int64_t>> takes(args.size());
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      rows.NullRow();
      continue;
    }
    int64_t longest = 0;
    for (const Vector* a : args) {
      longest = std::max(longest, a->offsets()[i + 1] - a->offsets()[i]);
    }
    for (int64_t j = 0; j < longest; ++j) {
      for (size_t k = 0; k < args.size(); ++k) {
        const int64_t* o = args[k]->offsets();
        takes[k].push_back(o[i] + j < o[i + 1] ? o[i] + j : -1);
      }
      rows.take.push_back(static_cast<int64_t>(rows.take.size()));
    }
    rows.EndRow();
  }
  const int64_t total = static_cast<int64_t>(rows.take.size());
  auto structs = std::make_shared<Vector>(t->list_element().type, total);
  for (size_t k = 0; k < args.size(); ++k) {
    LAKEML_ASSIGN_OR_RETURN(VectorPtr f, ElementGather::Take(args[k]->child(0), takes[k]));
    structs->mutable_children().push_back(std::move(f));
  }
  *out = ElementGather::MakeList(t, std::move(rows.offsets), {std::move(structs)}, rows.nulls);
  return Status::OK();
}

std::shared_ptr<const ScalarFunctionBinding> ArrayBinding(std::string_view name,
                                                          std::vector<TypePtr> args, TypePtr ret,
                                                          ScalarKernel kernel, bool can_raise,
                                                          bool propagates = true) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = std::move(args);
  fn->return_type = std::move(ret);
  fn->kernel = kernel;
  fn->can_raise = can_raise;
  fn->propagates_nulls = propagates;
  return fn;
}

Status NotAnArray(std::string_view name, const TypePtr& t) {
  return Status::InvalidArgument(StrCat("the first argument of ", name,
                                        " requires the \"ARRAY\" type, not \"", SqlType::SqlName(t),
                                        "\""));
}

bool Orderable(const TypePtr& t) { return !t->is_nested(); }

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveArrayFunction(
    std::string_view name, const std::vector<TypePtr>& in) {
  if (name == "size" || name == "cardinality") {
    if (in[0]->id() != TypeId::kList && in[0]->id() != TypeId::kMap) {
      return Status::InvalidArgument(StrCat("the argument of ", name,
                                            " requires the \"ARRAY\" or \"MAP\" type, not \"",
                                            SqlType::SqlName(in[0]), "\""));
    }
    return ArrayBinding(name, in, SqlType::Int(), SizeKernel, false);
  }
  if (name == "array_repeat") {
    if (!SqlType::IsIntegral(in[1]) && in[1]->id() != TypeId::kNull) {
      return Status::InvalidArgument("the count of array_repeat must be an INT");
    }
    return ArrayBinding(name, {in[0], SqlType::Int()},
                        DataType::List(Field{"element", in[0], true}), RepeatKernel, true, false);
  }
  if (name == "sequence") {
    TypePtr t = SqlType::CommonType(in[0], in[1]);
    if (t != nullptr && t->id() == TypeId::kDate32 && in.size() == 2) {
      return ArrayBinding(name, {t, t}, DataType::List(Field{"element", t, true}), SequenceKernel,
                          true);
    }
    for (const TypePtr& a : in) t = t == nullptr ? nullptr : SqlType::CommonType(t, a);
    if (t == nullptr || !SqlType::IsIntegral(t)) {
      return Status::NotImplemented(
          "sequence over types other than integers, or DATEs with the default step");
    }
    if (t->id() != TypeId::kInt64) t = SqlType::Int();
    return ArrayBinding(name, std::vector<TypePtr>(in.size(), t),
                        DataType::List(Field{"element", t, true}), SequenceKernel, true);
  }
  if (name == "arrays_zip") {
    std::vector<Field> fields;
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k]->id() != TypeId::kList) return NotAnArray(name, in[k]);
      fields.push_back(Field{StrCat(k), in[k]->list_element().type, true});
    }
    return ArrayBinding(name, in, DataType::List(Field{"element", DataType::Struct(fields), true}),
                        ZipKernel, false);
  }
  if (in[0]->id() != TypeId::kList) return NotAnArray(name, in[0]);
  const TypePtr& elem = in[0]->list_element().type;
  if (name == "array_contains" || name == "array_position") {
    TypePtr t = SqlType::CommonType(elem, in[1]);
    if (t == nullptr) {
      return Status::InvalidArgument(
          StrCat("the value of ", name, " must be of the element type \"", SqlType::SqlName(elem),
                 "\", not \"", SqlType::SqlName(in[1]), "\""));
    }
    TypePtr arr = DataType::List(Field{"element", t, true});
    if (name == "array_contains") {
      return ArrayBinding(name, {arr, t}, SqlType::Boolean(), SearchKernel<false>, false);
    }
    return ArrayBinding(name, {arr, t}, SqlType::BigInt(), SearchKernel<true>, false);
  }
  if (name == "array_min" || name == "array_max") {
    if (!Orderable(elem)) return Status::NotImplemented(StrCat(name, " over nested elements"));
    return ArrayBinding(name, in, elem,
                        name == "array_min" ? ExtremeKernel<false> : ExtremeKernel<true>, false,
                        false);
  }
  if (name == "array_join") {
    std::vector<TypePtr> args{in[0], SqlType::String()};
    if (in.size() > 2) args.push_back(SqlType::String());
    return ArrayBinding(name, std::move(args), SqlType::String(), JoinKernel, false, false);
  }
  if (name == "array_append") {
    TypePtr t = SqlType::CommonType(elem, in[1]);
    if (t == nullptr) {
      return Status::InvalidArgument(
          StrCat("the value of array_append must be of the element "
                 "type \"",
                 SqlType::SqlName(elem), "\""));
    }
    TypePtr arr = DataType::List(Field{"element", t, true});
    return ArrayBinding(name, {arr, t}, arr, AppendCompactKernel<true>, false, false);
  }
  if (name == "array_compact") {
    return ArrayBinding(name, in, in[0], AppendCompactKernel<false>, false);
  }
  if (name == "flatten") {
    if (elem->id() != TypeId::kList) {
      return Status::InvalidArgument(
          StrCat("flatten requires an ARRAY of ARRAYs, not \"", SqlType::SqlName(in[0]), "\""));
    }
    return ArrayBinding(name, in, elem, FlattenKernel, false, false);
  }
  // slice
  auto integral_or_null = [](const TypePtr& t) {
    return SqlType::IsIntegral(t) || t->id() == TypeId::kNull;
  };
  if (!integral_or_null(in[1]) || !integral_or_null(in[2])) {
    return Status::InvalidArgument("the start and length of slice must be INTs");
  }
  return ArrayBinding(name, {in[0], SqlType::Int(), SqlType::Int()}, in[0], SliceKernel, true,
                      false);
}

}  // namespace

void BuiltinFunctions::RegisterArrayFunctions(FunctionRegistry* registry) {
  registry->AddScalar({"size", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"cardinality", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"array_contains", 2, 2, ResolveArrayFunction});
  registry->AddScalar({"array_position", 2, 2, ResolveArrayFunction});
  registry->AddScalar({"array_min", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"array_max", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"array_join", 2, 3, ResolveArrayFunction});
  registry->AddScalar({"array_repeat", 2, 2, ResolveArrayFunction});
  registry->AddScalar({"array_append", 2, 2, ResolveArrayFunction});
  registry->AddScalar({"array_compact", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"flatten", 1, 1, ResolveArrayFunction});
  registry->AddScalar({"slice", 3, 3, ResolveArrayFunction});
  registry->AddScalar({"sequence", 2, 3, ResolveArrayFunction});
  registry->AddScalar({"arrays_zip", 1, -1, ResolveArrayFunction});
  RegisterArraySetFunctions(registry);
}

}  // namespace lakeml::sql
