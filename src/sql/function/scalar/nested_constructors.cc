// Nested value constructors: array, map, struct (fields col1..colN; the binder names them and
// binds named_struct), map_from_arrays, map_from_entries.
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/element_gather.h"
#include "sql/function/scalar/map_builder.h"

namespace lakeml::sql {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Vector;
using columnar::VectorPtr;

// Row i of the result gathers args[0][i], args[1][i], ... (the arguments interleaved).
Result<VectorPtr> InterleaveArgs(const std::vector<const Vector*>& args, size_t first, size_t step,
                                 const TypePtr& type, int64_t n) {
  std::vector<VectorPtr> parts;
  for (size_t a = first; a < args.size(); a += step)
    parts.push_back(std::make_shared<Vector>(*args[a]));
  if (parts.empty()) return Vector::MakeNull(type, 0);
  for (VectorPtr& p : parts) p->set_length(n);
  LAKEML_ASSIGN_OR_RETURN(VectorPtr all, columnar::ConcatVectors(parts));
  const int64_t k = static_cast<int64_t>(parts.size());
  std::vector<int64_t> take(n * k);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < k; ++j) take[i * k + j] = j * n + i;
  }
  return ElementGather::Take(all, take);
}

std::vector<int64_t> UniformOffsets(int64_t n, int64_t k) {
  std::vector<int64_t> o(n + 1);
  for (int64_t i = 0; i <= n; ++i) o[i] = i * k;
  return o;
}

Status ArrayKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                   VectorPtr* out) {
  const TypePtr& t = ctx.function->return_type;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr elements,
                          InterleaveArgs(args, 0, 1, t->list_element().type, n));
  *out = ElementGather::MakeList(t, UniformOffsets(n, static_cast<int64_t>(args.size())),
                                 {std::move(elements)}, {});
  return Status::OK();
}

Status MapKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                 VectorPtr* out) {
  const TypePtr& t = ctx.function->return_type;
  LAKEML_ASSIGN_OR_RETURN(VectorPtr keys, InterleaveArgs(args, 0, 2, t->map_key().type, n));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr values, InterleaveArgs(args, 1, 2, t->map_value().type, n));
  LAKEML_ASSIGN_OR_RETURN(*out, MapBuilder::Make(t, UniformOffsets(n, args.size() / 2),
                                                 std::move(keys), std::move(values), {}));
  return Status::OK();
}

Status StructKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                    VectorPtr* out) {
  auto v = std::make_shared<Vector>(ctx.function->return_type, n);
  for (const Vector* a : args) {
    auto field = std::make_shared<Vector>(*a);
    field->set_length(n);
    v->mutable_children().push_back(std::move(field));
  }
  *out = std::move(v);
  return Status::OK();
}

Status MapFromArraysKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  const Vector& k = *args[0];
  const Vector& v = *args[1];
  std::vector<int64_t> offsets(n + 1, 0), key_take, value_take;
  std::vector<bool> nulls(n, false);
  for (int64_t i = 0; i < n; ++i) {
    offsets[i + 1] = offsets[i];
    if (k.IsNull(i) || v.IsNull(i)) {
      nulls[i] = true;
      continue;
    }
    const int64_t* ko = k.offsets();
    const int64_t* vo = v.offsets();
    if (ko[i + 1] - ko[i] != vo[i + 1] - vo[i]) {
      return SqlError::Make("ILLEGAL_ARGUMENT", "22023",
                            "The key array and value array of map_from_arrays must have the "
                            "same length.");
    }
    for (int64_t j = 0; j < ko[i + 1] - ko[i]; ++j) {
      key_take.push_back(ko[i] + j);
      value_take.push_back(vo[i] + j);
    }
    offsets[i + 1] += ko[i + 1] - ko[i];
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr keys, ElementGather::Take(k.child(0), key_take));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr values, ElementGather::Take(v.child(0), value_take));
  LAKEML_ASSIGN_OR_RETURN(*out, MapBuilder::Make(ctx.function->return_type, std::move(offsets),
                                                 std::move(keys), std::move(values), nulls));
  return Status::OK();
}

Status MapFromEntriesKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                            int64_t n, VectorPtr* out) {
  const Vector& a = *args[0];
  const Vector& entries = *a.child(0);
  std::vector<int64_t> offsets(n + 1, 0), take;
  std::vector<bool> nulls(n, false);
  const int64_t* o = a.offsets();
  for (int64_t i = 0; i < n; ++i) {
    offsets[i + 1] = offsets[i];
    if (a.IsNull(i)) {
      nulls[i] = true;
      continue;
    }
    bool null_entry = false;
    for (int64_t j = o[i]; j < o[i + 1]; ++j) null_entry |= entries.IsNull(j);
    if (null_entry) {  // Spark: a null entry makes the whole map null.
      nulls[i] = true;
      continue;
    }
    for (int64_t j = o[i]; j < o[i + 1]; ++j) take.push_back(j);
    offsets[i + 1] += o[i + 1] - o[i];
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr keys, ElementGather::Take(entries.child(0), take));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr values, ElementGather::Take(entries.child(1), take));
  LAKEML_ASSIGN_OR_RETURN(*out, MapBuilder::Make(ctx.function->return_type, std::move(offsets),
                                                 std::move(keys), std::move(values), nulls));
  return Status::OK();
}

Result<std::shared_ptr<const ScalarFunctionBinding>> MakeConstructor(std::string_view name,
                                                                     std::vector<TypePtr> args,
                                                                     TypePtr ret,
                                                                     ScalarKernel kernel,
                                                                     bool can_raise) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = std::move(args);
  fn->return_type = std::move(ret);
  fn->kernel = kernel;
  fn->can_raise = can_raise;
  fn->propagates_nulls = false;
  return std::shared_ptr<const ScalarFunctionBinding>(std::move(fn));
}

// The common type of in[first], in[first + step], ... (VOID when there are none).
Result<TypePtr> CommonOfArgs(std::string_view name, const std::vector<TypePtr>& in, size_t first,
                             size_t step) {
  TypePtr t = SqlType::Null();
  for (size_t i = first; i < in.size(); i += step) {
    TypePtr next = SqlType::CommonType(t, in[i]);
    if (next == nullptr) {
      return Status::InvalidArgument(
          StrCat("the arguments of ", name, " should all be of the same type, but they are \"",
                 SqlType::SqlName(t), "\" and \"", SqlType::SqlName(in[i]), "\""));
    }
    t = std::move(next);
  }
  return t;
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveNestedConstructor(
    std::string_view name, const std::vector<TypePtr>& in) {
  if (name == "array") {
    LAKEML_ASSIGN_OR_RETURN(TypePtr t, CommonOfArgs(name, in, 0, 1));
    return MakeConstructor(name, std::vector<TypePtr>(in.size(), t),
                           DataType::List(Field{"element", t, true}), ArrayKernel, false);
  }
  if (name == "map") {
    if (in.size() % 2 != 0) {
      return Status::InvalidArgument(
          StrCat("map expects a positive even number of arguments, not ", in.size()));
    }
    LAKEML_ASSIGN_OR_RETURN(TypePtr k, CommonOfArgs(name, in, 0, 2));
    LAKEML_ASSIGN_OR_RETURN(TypePtr v, CommonOfArgs(name, in, 1, 2));
    if (!MapBuilder::KeyTypeAllowed(k)) {
      return Status::InvalidArgument("the key type of a map cannot be or contain a MAP");
    }
    std::vector<TypePtr> args;
    for (size_t i = 0; i < in.size(); ++i) args.push_back(i % 2 == 0 ? k : v);
    return MakeConstructor(name, std::move(args),
                           DataType::Map(Field{"key", k, false}, Field{"value", v, true}),
                           MapKernel, true);
  }
  if (name == "struct") {
    std::vector<Field> fields;
    for (size_t i = 0; i < in.size(); ++i)
      fields.push_back(Field{StrCat("col", i + 1), in[i], true});
    return MakeConstructor(name, in, DataType::Struct(std::move(fields)), StructKernel, false);
  }
  if (name == "map_from_arrays") {
    if (in[0]->id() != TypeId::kList || in[1]->id() != TypeId::kList) {
      return Status::InvalidArgument("map_from_arrays expects two ARRAY arguments");
    }
    const TypePtr& k = in[0]->list_element().type;
    if (!MapBuilder::KeyTypeAllowed(k)) {
      return Status::InvalidArgument("the key type of a map cannot be or contain a MAP");
    }
    auto fn = MakeConstructor(
        name, in,
        DataType::Map(Field{"key", k, false}, Field{"value", in[1]->list_element().type, true}),
        MapFromArraysKernel, true);
    return fn;
  }
  // map_from_entries
  if (in[0]->id() != TypeId::kList || in[0]->list_element().type->id() != TypeId::kStruct ||
      in[0]->list_element().type->children().size() != 2) {
    return Status::InvalidArgument(StrCat(
        "map_from_entries expects an ARRAY of two-field STRUCTs, not ", SqlType::SqlName(in[0])));
  }
  const auto& kv = in[0]->list_element().type->children();
  return MakeConstructor(
      name, in, DataType::Map(Field{"key", kv[0].type, false}, Field{"value", kv[1].type, true}),
      MapFromEntriesKernel, true);
}

}  // namespace

void BuiltinFunctions::RegisterNestedConstructors(FunctionRegistry* registry) {
  registry->AddScalar({"array", 0, -1, ResolveNestedConstructor});
  registry->AddScalar({"map", 0, -1, ResolveNestedConstructor});
  registry->AddScalar({"struct", 1, -1, ResolveNestedConstructor});
  registry->AddScalar({"map_from_arrays", 2, 2, ResolveNestedConstructor});
  registry->AddScalar({"map_from_entries", 1, 1, ResolveNestedConstructor});
}

}  // namespace lakeml::sql
