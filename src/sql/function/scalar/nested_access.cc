#include "sql/function/scalar/nested_access.h"

#include <vector>

#include "base/str_cat.h"
#include "columnar/scalar.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {
namespace {

using columnar::Scalar;
using columnar::Vector;
using columnar::VectorPtr;

enum class IndexBase : uint8_t { kZero, kOne, kOneTolerant, kZeroTolerant };

int64_t IndexValueAt(const Vector& v, int64_t i) {
  return v.type()->id() == TypeId::kInt64 ? v.values_as<int64_t>()[i] : v.values_as<int32_t>()[i];
}

template <IndexBase kBase>
Status ArrayIndexKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                        VectorPtr* out) {
  const Vector& a = *args[0];
  const Vector& idx = *args[1];
  const int64_t* o = a.offsets();
  std::vector<int64_t> take(n, -1);
  for (int64_t i = 0; i < n; ++i) {
    if (a.IsNull(i) || idx.IsNull(i)) continue;
    const int64_t size = o[i + 1] - o[i];
    int64_t k = IndexValueAt(idx, i);
    if (kBase == IndexBase::kOne || kBase == IndexBase::kOneTolerant) {
      if (k == 0) {
        // try_element_at tolerates only out-of-range indexes: 0 is an error (Databricks).
        if (ctx.null_on_error) continue;
        return SqlError::Make("INVALID_INDEX_OF_ZERO", "22003",
                              "The index 0 is invalid. An index shall be either < 0 or > 0 (the "
                              "first element has index 1).");
      }
      k = k > 0 ? k - 1 : size + k;
    }
    if (k < 0 || k >= size) {
      if (kBase == IndexBase::kOneTolerant || kBase == IndexBase::kZeroTolerant ||
          ctx.null_on_error) {
        continue;
      }
      const int64_t shown = IndexValueAt(idx, i);
      if (kBase == IndexBase::kZero) {
        return SqlError::Make("INVALID_ARRAY_INDEX", "22003",
                              StrCat("The index ", shown, " is out of bounds. The array has ", size,
                                     " elements. Use the SQL function get() to tolerate "
                                     "accessing element at invalid index and return NULL "
                                     "instead. If necessary set \"ANSI_MODE\" to \"false\" to "
                                     "bypass this error."));
      }
      return SqlError::Make("INVALID_ARRAY_INDEX_IN_ELEMENT_AT", "22003",
                            StrCat("The index ", shown, " is out of bounds. The array has ", size,
                                   " elements. Use try_element_at to tolerate accessing element "
                                   "at invalid index and return NULL instead. If necessary set "
                                   "\"ANSI_MODE\" to \"false\" to bypass this error."));
    }
    take[i] = o[i] + k;
  }
  LAKEML_ASSIGN_OR_RETURN(*out, ElementGather::Take(a.child(0), take));
  return Status::OK();
}

// The position of the first key equal to `key` in map row i, or -1.
int64_t FindMapKey(const Vector& m, int64_t i, const Scalar& key) {
  const int64_t* o = m.offsets();
  const Vector& keys = *m.child(0);
  for (int64_t j = o[i]; j < o[i + 1]; ++j) {
    const Scalar k = Scalar::FromVector(keys, j);
    if (!k.is_null && k.Compare(key) == 0) return j;
  }
  return -1;
}

Status MapValueKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                      VectorPtr* out) {
  const Vector& m = *args[0];
  std::vector<int64_t> take(n, -1);
  for (int64_t i = 0; i < n; ++i) {
    if (m.IsNull(i) || args[1]->IsNull(i)) continue;
    take[i] = FindMapKey(m, i, Scalar::FromVector(*args[1], i));
  }
  LAKEML_ASSIGN_OR_RETURN(*out, ElementGather::Take(m.child(1), take));
  return Status::OK();
}

Status StructFieldKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                         int64_t n, VectorPtr* out) {
  if (n == 0) {
    *out = Vector::MakeNull(ctx.function->return_type, 0);
    return Status::OK();
  }
  const int field = args[1]->values_as<int32_t>()[0];
  *out = ElementGather::WithParentNulls(args[0]->child(field), *args[0], n);
  return Status::OK();
}

std::shared_ptr<ScalarFunctionBinding> MakeAccessBinding(const char* name,
                                                         std::vector<TypePtr> args, TypePtr ret,
                                                         ScalarKernel kernel, bool can_raise) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = name;
  fn->arg_types = std::move(args);
  fn->return_type = std::move(ret);
  fn->kernel = kernel;
  fn->can_raise = can_raise;
  fn->propagates_nulls = false;  // The kernels null the rows themselves.
  return fn;
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveElementAt(
    std::string_view name, const std::vector<TypePtr>& in) {
  const bool tolerant = name == "try_element_at";
  if (in[0]->id() == TypeId::kList) {
    if (!SqlType::IsIntegral(in[1]) && in[1]->id() != TypeId::kNull) {
      return Status::InvalidArgument(
          StrCat("the index of ", name, " must be an INTEGER, not ", SqlType::SqlName(in[1])));
    }
    ScalarKernel k = name == "get" ? ArrayIndexKernel<IndexBase::kZeroTolerant>
                     : tolerant    ? ArrayIndexKernel<IndexBase::kOneTolerant>
                                   : ArrayIndexKernel<IndexBase::kOne>;
    return std::shared_ptr<const ScalarFunctionBinding>(
        MakeAccessBinding(name == "get" ? "get"
                          : tolerant    ? "try_element_at"
                                        : "element_at",
                          {in[0], SqlType::Int()}, in[0]->list_element().type, k, !tolerant));
  }
  if (in[0]->id() == TypeId::kMap && name != "get") {
    return std::shared_ptr<const ScalarFunctionBinding>(MakeAccessBinding(
        tolerant ? "try_element_at" : "element_at", {in[0], in[0]->map_key().type},
        in[0]->map_value().type, MapValueKernel, false));
  }
  return Status::InvalidArgument(StrCat("the first argument of ", name, " must be an ARRAY",
                                        name == "get" ? "" : " or a MAP", ", not ",
                                        SqlType::SqlName(in[0])));
}

}  // namespace

NestedAccess::Ptr NestedAccess::ArrayItem(const TypePtr& array) {
  return MakeAccessBinding("get_array_item", {array, SqlType::Int()}, array->list_element().type,
                           ArrayIndexKernel<IndexBase::kZero>, true);
}

NestedAccess::Ptr NestedAccess::MapValue(const TypePtr& map) {
  return MakeAccessBinding("get_map_value", {map, map->map_key().type}, map->map_value().type,
                           MapValueKernel, false);
}

NestedAccess::Ptr NestedAccess::StructField(const TypePtr& strct, int field) {
  return MakeAccessBinding("get_struct_field", {strct, SqlType::Int()},
                           strct->children()[field].type, StructFieldKernel, false);
}

void BuiltinFunctions::RegisterNestedAccess(FunctionRegistry* registry) {
  for (const char* name : {"element_at", "try_element_at", "get"}) {
    registry->AddScalar({name, 2, 2, ResolveElementAt});
  }
}

}  // namespace lakeml::sql
