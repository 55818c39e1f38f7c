// Map functions (sql-nested): map_keys, map_values, map_entries, map_contains_key, map_concat,
// str_to_map.
#include <string>
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
#include "sql/function/scalar/map_builder.h"
#include "sql/function/scalar/regex_matcher.h"

namespace lakeml::sql {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Vector;
using columnar::VectorPtr;

// map_keys (kPart 0), map_values (1), map_entries (2): a list over the map's own offsets.
template <int kPart>
Status MapPartKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                     VectorPtr* out) {
  const Vector& m = *args[0];
  const TypePtr& t = ctx.function->return_type;
  VectorPtr elements;
  if (kPart < 2) {
    elements = m.child(kPart);
  } else {
    auto entries = std::make_shared<Vector>(t->list_element().type, m.child(0)->length());
    entries->mutable_children() = {m.child(0), m.child(1)};
    elements = std::move(entries);
  }
  auto v = std::make_shared<Vector>(t, n);
  v->set_values(m.values());
  v->set_validity(m.validity());
  v->set_null_count(m.null_count());
  v->mutable_children().push_back(std::move(elements));
  *out = std::move(v);
  return Status::OK();
}

Status ContainsKeyKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                         int64_t n, VectorPtr* out) {
  const Vector& m = *args[0];
  LAKEML_ASSIGN_OR_RETURN(ElementValues keys, ElementValues::Of(*m.child(0)));
  LAKEML_ASSIGN_OR_RETURN(ElementValues wanted, ElementValues::Of(*args[1]));
  VectorPtr v = KernelOutput::MakePropagatingNulls(SqlType::Boolean(), args, n);
  const int64_t* o = m.offsets();
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) continue;
    bool found = false;
    for (int64_t j = o[i]; j < o[i + 1] && !found; ++j) found = keys.Equal(j, wanted, i);
    bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, found);
  }
  *out = std::move(v);
  return Status::OK();
}

Status MapConcatKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                       VectorPtr* out) {
  std::vector<VectorPtr> keys, values;
  std::vector<int64_t> shift;
  int64_t total = 0;
  for (const Vector* a : args) {
    keys.push_back(a->child(0));
    values.push_back(a->child(1));
    shift.push_back(total);
    total += a->child(0)->length();
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr all_keys, columnar::ConcatVectors(keys));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr all_values, columnar::ConcatVectors(values));
  ElementGather::Rows rows = ElementGather::ConcatenatedRows(args, n, shift);
  LAKEML_ASSIGN_OR_RETURN(VectorPtr k, ElementGather::Take(all_keys, rows.take));
  LAKEML_ASSIGN_OR_RETURN(VectorPtr v, ElementGather::Take(all_values, rows.take));
  LAKEML_ASSIGN_OR_RETURN(*out, MapBuilder::Make(ctx.function->return_type, std::move(rows.offsets),
                                                 std::move(k), std::move(v), rows.nulls));
  return Status::OK();
}

// Java's String.split(regex, limit) as Spark's str_to_map uses it: pieces between matches
// of `re`; a zero-width match at the start yields no leading empty piece; `limit` > 0 caps
// the number of pieces (the last takes the rest), limit -1 keeps trailing empty pieces.
Status SplitLikeJava(std::string_view text, RegexMatcher* re, int limit,
                     std::vector<std::string_view>* pieces) {
  pieces->clear();
  size_t index = 0;
  size_t search = 0;
  while (search <= text.size() && (limit <= 0 || static_cast<int>(pieces->size()) < limit - 1)) {
    LAKEML_ASSIGN_OR_RETURN(bool found, re->Find(text, search));
    if (!found) break;
    const std::pair<size_t, size_t> match = re->Group(0);
    search = match.second;
    if (match.first == match.second) {
      // After an empty match the next search starts one character later (Matcher.find).
      ++search;
      while (search < text.size() && (static_cast<uint8_t>(text[search]) & 0xC0) == 0x80) {
        ++search;
      }
      if (match.first == 0) continue;
    }
    pieces->push_back(text.substr(index, match.first - index));
    index = match.second;
  }
  pieces->push_back(text.substr(index));
  return Status::OK();
}

// str_to_map(text, pair_delim = ',', key_value_delim = ':'): both delimiters are regular
// expressions, as in Spark (text.split(pair_delim, -1), then each pair split(kv_delim, 2)).
Status StrToMapKernel(const KernelContext& ctx, const std::vector<const Vector*>& args, int64_t n,
                      VectorPtr* out) {
  std::vector<std::string> key_text, value_text;
  std::vector<bool> value_null;
  std::vector<int64_t> offsets{0};
  std::vector<bool> nulls;
  RegexMatcher pair_re, kv_re;
  std::vector<std::string_view> items, kv_parts;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(args, i)) {
      offsets.push_back(offsets.back());
      nulls.push_back(true);
      continue;
    }
    const std::string_view text = args[0]->GetView(i);
    LAKEML_RETURN_IF_ERROR(pair_re.Use(args.size() > 1 ? args[1]->GetView(i) : ",", "str_to_map"));
    LAKEML_RETURN_IF_ERROR(kv_re.Use(args.size() > 2 ? args[2]->GetView(i) : ":", "str_to_map"));
    LAKEML_RETURN_IF_ERROR(SplitLikeJava(text, &pair_re, -1, &items));
    for (std::string_view item : items) {
      LAKEML_RETURN_IF_ERROR(SplitLikeJava(item, &kv_re, 2, &kv_parts));
      key_text.emplace_back(kv_parts[0]);
      value_null.push_back(kv_parts.size() < 2);
      value_text.emplace_back(kv_parts.size() < 2 ? std::string_view() : kv_parts[1]);
    }
    offsets.push_back(offsets.back() + static_cast<int64_t>(items.size()));
    nulls.push_back(false);
  }
  StringVectorBuilder kb(SqlType::String(), static_cast<int64_t>(key_text.size()));
  StringVectorBuilder vb(SqlType::String(), static_cast<int64_t>(key_text.size()));
  for (size_t j = 0; j < key_text.size(); ++j) {
    kb.Append(key_text[j]);
    if (value_null[j]) {
      vb.AppendNull();
    } else {
      vb.Append(value_text[j]);
    }
  }
  LAKEML_ASSIGN_OR_RETURN(*out, MapBuilder::Make(ctx.function->return_type, std::move(offsets),
                                                 kb.Finish(), vb.Finish(), nulls));
  return Status::OK();
}

std::shared_ptr<const ScalarFunctionBinding> MapBinding(std::string_view name,
                                                        std::vector<TypePtr> args, TypePtr ret,
                                                        ScalarKernel kernel, bool can_raise) {
  auto fn = std::make_shared<ScalarFunctionBinding>();
  fn->name = std::string(name);
  fn->arg_types = std::move(args);
  fn->return_type = std::move(ret);
  fn->kernel = kernel;
  fn->can_raise = can_raise;
  fn->propagates_nulls = false;
  return fn;
}

Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveMapFunction(
    std::string_view name, const std::vector<TypePtr>& in) {
  if (name == "str_to_map") {
    return MapBinding(name, std::vector<TypePtr>(in.size(), SqlType::String()),
                      DataType::Map(Field{"key", SqlType::String(), false},
                                    Field{"value", SqlType::String(), true}),
                      StrToMapKernel, true);
  }
  TypePtr common = in[0];
  if (name == "map_concat") {
    for (const TypePtr& t : in)
      common = common == nullptr ? nullptr : SqlType::CommonType(common, t);
  }
  if (common == nullptr || common->id() != TypeId::kMap) {
    return Status::InvalidArgument(StrCat("the arguments of ", name,
                                          " require the \"MAP\" type, not \"",
                                          SqlType::SqlName(in[0]), "\""));
  }
  const Field& k = common->map_key();
  const Field& v = common->map_value();
  if (name == "map_keys") {
    return MapBinding(name, in, DataType::List(Field{"element", k.type, false}), MapPartKernel<0>,
                      false);
  }
  if (name == "map_values") {
    return MapBinding(name, in, DataType::List(Field{"element", v.type, true}), MapPartKernel<1>,
                      false);
  }
  if (name == "map_entries") {
    TypePtr entry = DataType::Struct({Field{"key", k.type, false}, Field{"value", v.type, true}});
    return MapBinding(name, in, DataType::List(Field{"element", entry, false}), MapPartKernel<2>,
                      false);
  }
  if (name == "map_contains_key") {
    TypePtr key = SqlType::CommonType(k.type, in[1]);
    if (key == nullptr) {
      return Status::InvalidArgument("map_contains_key needs a key of the map's key type");
    }
    return MapBinding(name, {DataType::Map(Field{"key", key, false}, v), key}, SqlType::Boolean(),
                      ContainsKeyKernel, false);
  }
  return MapBinding(name, std::vector<TypePtr>(in.size(), common), common, MapConcatKernel, true);
}

}  // namespace

void BuiltinFunctions::RegisterMapFunctions(FunctionRegistry* registry) {
  registry->AddScalar({"map_keys", 1, 1, ResolveMapFunction});
  registry->AddScalar({"map_values", 1, 1, ResolveMapFunction});
  registry->AddScalar({"map_entries", 1, 1, ResolveMapFunction});
  registry->AddScalar({"map_contains_key", 2, 2, ResolveMapFunction});
  registry->AddScalar({"map_concat", 1, -1, ResolveMapFunction});
  registry->AddScalar({"str_to_map", 1, 3, ResolveMapFunction});
}

}  // namespace lakeml::sql
