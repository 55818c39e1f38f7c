// JSON functions: get_json_object, json_array_length, json_object_keys, schema_of_json,
// to_json and from_json (its result type is the schema, which the binder reads from the
// constant second argument: binder_json.cc). Parsing uses simdjson's DOM API with error codes
// (no exceptions); text that is not valid JSON gives NULL (from_json: a struct of NULL
// fields, as Spark's PERMISSIVE mode).
#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "columnar/buffer.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/json/json_column_builder.h"
#include "sql/function/json/json_path.h"
#include "sql/function/json/json_schema_inferrer.h"
#include "sql/function/json/json_text_writer.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

bool ParseJsonText(simdjson::dom::parser* parser, std::string_view text,
                   simdjson::dom::element* out) {
  return parser->parse(text.data(), text.size(), true).get(*out) == simdjson::SUCCESS;
}

bool JsonRowIsNull(const std::vector<const Vector*>& args, int64_t i) {
  for (const Vector* a : args) {
    if (a->type()->id() == TypeId::kNull || a->IsNull(i)) return true;
  }
  return false;
}

Status GetJsonObjectKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                           int64_t n, VectorPtr* out) {
  simdjson::dom::parser parser;
  StringVectorBuilder b(ctx.function->return_type, n);
  std::string last_path_text, result;
  std::optional<JsonPath> path;
  bool have_path = false;
  for (int64_t i = 0; i < n; ++i) {
    simdjson::dom::element root;
    if (JsonRowIsNull(args, i)) {
      b.AppendNull();
      continue;
    }
    const std::string_view path_text = args[1]->GetView(i);
    if (!have_path || path_text != last_path_text) {
      last_path_text.assign(path_text);
      path = JsonPath::Parse(path_text);
      have_path = true;
    }
    if (!path || !ParseJsonText(&parser, args[0]->GetView(i), &root) ||
        !path->Evaluate(root, &result)) {
      b.AppendNull();
      continue;
    }
    b.Append(result);
  }
  *out = b.Finish();
  return Status::OK();
}

Status JsonArrayLengthKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                             int64_t n, VectorPtr* out) {
  simdjson::dom::parser parser;
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  auto* values = reinterpret_cast<int32_t*>(v->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    values[i] = 0;
    simdjson::dom::element root;
    simdjson::dom::array arr;
    if (JsonRowIsNull(args, i) || !ParseJsonText(&parser, args[0]->GetView(i), &root) ||
        root.get(arr) != simdjson::SUCCESS) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    values[i] = static_cast<int32_t>(arr.size());
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Status JsonObjectKeysKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                            int64_t n, VectorPtr* out) {
  simdjson::dom::parser parser;
  std::vector<std::string> keys;
  std::vector<int64_t> offsets = {0};
  std::vector<bool> valid;
  for (int64_t i = 0; i < n; ++i) {
    simdjson::dom::element root;
    simdjson::dom::object obj;
    const bool ok = !JsonRowIsNull(args, i) && ParseJsonText(&parser, args[0]->GetView(i), &root) &&
                    root.get(obj) == simdjson::SUCCESS;
    if (ok) {
      for (simdjson::dom::key_value_pair kv : obj) keys.emplace_back(kv.key);
    }
    valid.push_back(ok);
    offsets.push_back(static_cast<int64_t>(keys.size()));
  }
  StringVectorBuilder elements(SqlType::String(), static_cast<int64_t>(keys.size()));
  for (const std::string& k : keys) elements.Append(k);
  auto list = std::make_shared<Vector>(ctx.function->return_type, n);
  list->set_values(
      columnar::Buffer::CopyOf(offsets.data(), static_cast<int64_t>(offsets.size() * 8)));
  list->mutable_children().push_back(elements.Finish());
  for (int64_t i = 0; i < n; ++i) {
    if (!valid[i]) KernelOutput::SetNull(list.get(), i);
  }
  list->FinishValidity();
  *out = std::move(list);
  return Status::OK();
}

Status SchemaOfJsonKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                          int64_t n, VectorPtr* out) {
  simdjson::dom::parser parser;
  StringVectorBuilder b(ctx.function->return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    simdjson::dom::element root;
    if (JsonRowIsNull(args, i)) {
      b.AppendNull();
    } else if (!ParseJsonText(&parser, args[0]->GetView(i), &root)) {
      b.Append("STRING");
    } else {
      b.Append(JsonSchemaInferrer::Infer(root));
    }
  }
  *out = b.Finish();
  return Status::OK();
}

Status ToJsonKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                    VectorPtr* out) {
  StringVectorBuilder b(ctx.function->return_type, n);
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    if (JsonRowIsNull(args, i)) {
      b.AppendNull();
      continue;
    }
    text.clear();
    JsonTextWriter::AppendValue(*args[0], i, &text);
    b.Append(text);
  }
  *out = b.Finish();
  return Status::OK();
}

Status FromJsonKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                      VectorPtr* out) {
  const columnar::TypePtr& type = ctx.function->return_type;
  JsonColumnBuilder builder(type);
  simdjson::dom::parser parser;
  simdjson::dom::parser empty_parser;
  simdjson::dom::element empty_object;
  if (!ParseJsonText(&empty_parser, "{}", &empty_object)) {
    return Status::Internal("from_json: simdjson cannot parse {}");
  }
  for (int64_t i = 0; i < n; ++i) {
    simdjson::dom::element root;
    if (JsonRowIsNull(args, i)) {
      builder.AppendNull();
    } else if (ParseJsonText(&parser, args[0]->GetView(i), &root)) {
      // A record of the wrong shape (an array for a struct) is malformed too.
      const bool fits =
          type->id() != TypeId::kStruct || root.type() == simdjson::dom::element_type::OBJECT;
      builder.Append(fits ? root : empty_object);
    } else if (type->id() == TypeId::kStruct) {
      builder.Append(empty_object);  // PERMISSIVE: every field NULL
    } else {
      builder.AppendNull();
    }
  }
  LAKEML_ASSIGN_OR_RETURN(*out, builder.Finish());
  return Status::OK();
}

// json_tuple(json, k1, ..., kn) (sql-gaps): one STRUCT<c0..c(n-1): STRING> per row holding the
// top-level fields k1..kn as get_json_object gives them (a string unquoted, anything else as
// compact JSON); NULL fields for a missing key, a JSON null, a NULL key, or text that is not a
// JSON object. The binder wraps it in inline(array(...)), so it is a generator (binder_generate).
Status JsonTupleKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                       VectorPtr* out) {
  simdjson::dom::parser parser;
  std::vector<StringVectorBuilder> fields;
  const size_t keys = args.size() - 1;
  fields.reserve(keys);
  for (size_t k = 0; k < keys; ++k) fields.emplace_back(SqlType::String(), n);
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    simdjson::dom::element root;
    simdjson::dom::object object;
    const bool is_object = args[0]->type()->id() != TypeId::kNull && !args[0]->IsNull(i) &&
                           ParseJsonText(&parser, args[0]->GetView(i), &root) &&
                           root.get(object) == simdjson::SUCCESS;
    for (size_t k = 0; k < keys; ++k) {
      const Vector& key = *args[k + 1];
      simdjson::dom::element value;
      if (!is_object || key.type()->id() == TypeId::kNull || key.IsNull(i) ||
          object.at_key(key.GetView(i)).get(value) != simdjson::SUCCESS || value.is_null()) {
        fields[k].AppendNull();
        continue;
      }
      std::string_view s;
      text.clear();
      if (value.get(s) == simdjson::SUCCESS) {
        text.assign(s);
      } else {
        JsonTextWriter::AppendElement(value, &text);
      }
      fields[k].Append(text);
    }
  }
  auto v = std::make_shared<Vector>(ctx.function->return_type, n);
  for (StringVectorBuilder& f : fields) v->mutable_children().push_back(f.Finish());
  *out = std::move(v);
  return Status::OK();
}

Result<BindingFactory::Ptr> ResolveJsonFunction(std::string_view name,
                                                const std::vector<TypePtr>& in) {
  auto string_arg = [&](size_t i) -> Status {
    if (in[i]->id() != TypeId::kString && in[i]->id() != TypeId::kNull) {
      return Status::InvalidArgument("the argument ", i + 1, " must be STRING, but it is ",
                                     SqlType::SqlName(in[i]));
    }
    return Status::OK();
  };
  const TypePtr s = SqlType::String();
  if (name == "to_json") {
    if (!in[0]->is_nested() && in[0]->id() != TypeId::kNull) {
      return Status::InvalidArgument("the argument must be a STRUCT, ARRAY or MAP, but it is ",
                                     SqlType::SqlName(in[0]));
    }
    LAKEML_ASSIGN_OR_RETURN(BindingFactory::Ptr p,
                            BindingFactory::Make(name, {in[0]}, s, ToJsonKernel));
    return BindingFactory::SeesNulls(p);
  }
  for (size_t i = 0; i < in.size(); ++i) LAKEML_RETURN_IF_ERROR(string_arg(i));
  std::vector<TypePtr> args(in.size(), s);
  if (name == "get_json_object") {
    return BindingFactory::SeesNulls(
        *BindingFactory::Make(name, std::move(args), s, GetJsonObjectKernel));
  }
  if (name == "json_tuple") {
    std::vector<columnar::Field> fields;
    for (size_t i = 1; i < in.size(); ++i) {
      fields.push_back(columnar::Field{StrCat("c", i - 1), s, true});
    }
    return BindingFactory::SeesNulls(*BindingFactory::Make(
        name, std::move(args), columnar::DataType::Struct(std::move(fields)), JsonTupleKernel));
  }
  if (name == "json_array_length") {
    return BindingFactory::SeesNulls(
        *BindingFactory::Make(name, std::move(args), SqlType::Int(), JsonArrayLengthKernel));
  }
  if (name == "json_object_keys") {
    columnar::Field element;
    element.name = "element";
    element.type = s;
    return BindingFactory::SeesNulls(*BindingFactory::Make(
        name, std::move(args), columnar::DataType::List(std::move(element)), JsonObjectKeysKernel));
  }
  if (name == "schema_of_json") {
    return BindingFactory::SeesNulls(
        *BindingFactory::Make(name, std::move(args), s, SchemaOfJsonKernel));
  }
  // from_json: the binder replaces the result type with the schema (binder_json.cc);
  // can_raise keeps the call from being folded before that.
  return BindingFactory::SeesNulls(
      *BindingFactory::Make(name, std::move(args), s, FromJsonKernel, /*can_raise=*/true));
}

}  // namespace

void BuiltinFunctions::RegisterJson(FunctionRegistry* registry) {
  registry->AddScalar({"get_json_object", 2, 2, ResolveJsonFunction});
  registry->AddScalar({"json_array_length", 1, 1, ResolveJsonFunction});
  registry->AddScalar({"json_object_keys", 1, 1, ResolveJsonFunction});
  registry->AddScalar({"schema_of_json", 1, 1, ResolveJsonFunction});
  registry->AddScalar({"to_json", 1, 1, ResolveJsonFunction});
  // Only reached through the json_tuple generator (Binder::BindGenerate).
  registry->AddScalar({"json_tuple", 2, -1, ResolveJsonFunction});
  registry->AddScalar({"from_json", 2, 2, ResolveJsonFunction});
}

}  // namespace lakeml::sql
