#include "delta/schema/schema_json.h"

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/str_cat.h"
#include "delta/schema/column_mapping.h"
#include "format/json/json_string.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;
namespace dom = simdjson::dom;

namespace {

std::string Join(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : StrCat(path, ".", name);
}

std::string_view SpaceTrimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ParseSmallInt(std::string_view s, int* out) {
  s = SpaceTrimmed(s);
  if (s.empty() || s.size() > 3) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status UnsupportedType(std::string_view name, std::string_view path) {
  return Status::NotImplemented("Unsupported Delta type: \"", name, "\" at column ", path);
}

// "decimal(p,s)", spaces allowed around the numbers as in "decimal(10, 4)".
Result<TypePtr> ParseDecimal(std::string_view name, std::string_view path) {
  std::string_view rest = name.substr(7);  // After "decimal".
  if (rest.empty()) return DataType::Decimal(10, 0);
  rest = SpaceTrimmed(rest);
  const size_t comma = rest.find(',');
  int precision = 0, scale = 0;
  if (rest.size() < 5 || rest.front() != '(' || rest.back() != ')' ||
      comma == std::string_view::npos || !ParseSmallInt(rest.substr(1, comma - 1), &precision) ||
      !ParseSmallInt(rest.substr(comma + 1, rest.size() - comma - 2), &scale)) {
    return UnsupportedType(name, path);
  }
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return Status::InvalidArgument("Invalid Delta decimal type: \"", name,
                                   "\" (precision must be 1..38, scale 0..precision) at column ",
                                   path);
  }
  return DataType::Decimal(precision, scale);
}

Result<TypePtr> ParseTypeName(std::string_view name, std::string_view path) {
  struct Named {
    std::string_view name;
    TypeId id;
  };
  // DO NOT CHANGE: stored in Delta logs.
  static constexpr Named kPrimitives[] = {
      {"string", TypeId::kString},  {"long", TypeId::kInt64},      {"integer", TypeId::kInt32},
      {"short", TypeId::kInt16},    {"byte", TypeId::kInt8},       {"float", TypeId::kFloat32},
      {"double", TypeId::kFloat64}, {"boolean", TypeId::kBoolean}, {"binary", TypeId::kBinary},
      {"date", TypeId::kDate32},    {"void", TypeId::kNull},
  };
  for (const Named& p : kPrimitives) {
    if (p.name == name) {
      if (p.id == TypeId::kString) return DataType::String();
      if (p.id == TypeId::kBinary) return DataType::Binary();
      return DataType::Primitive(p.id);
    }
  }
  if (name == "timestamp") return DataType::Timestamp(columnar::TimeUnit::kMicro, true);
  if (name == "timestamp_ntz") return DataType::Timestamp(columnar::TimeUnit::kMicro, false);
  if (name == "variant") return DataType::Variant();
  if (name.substr(0, 7) == "decimal") return ParseDecimal(name, path);
  return UnsupportedType(name, path);
}

class Parser {
 public:
  Result<TypePtr> ParseType(dom::element e, const std::string& path) {
    std::string_view name;
    if (e.get_string().get(name) == simdjson::SUCCESS) return ParseTypeName(name, path);
    dom::object obj;
    if (e.get_object().get(obj) != simdjson::SUCCESS) {
      return Invalid("a type must be a string or an object", path);
    }
    std::string_view kind;
    if (obj["type"].get_string().get(kind) != simdjson::SUCCESS) {
      return Invalid("a type object needs a string 'type'", path);
    }
    if (kind == "struct") {
      LAKEML_ASSIGN_OR_RETURN(std::vector<Field> fields, ParseStructFields(obj, path));
      return DataType::Struct(std::move(fields));
    }
    if (kind == "array") {
      dom::element elem;
      if (obj["elementType"].get(elem) != simdjson::SUCCESS) {
        return Invalid("array type without 'elementType'", path);
      }
      LAKEML_ASSIGN_OR_RETURN(bool contains_null, OptionalBool(obj, "containsNull", path));
      LAKEML_ASSIGN_OR_RETURN(TypePtr t, ParseType(elem, Join(path, "element")));
      return DataType::List(Field{"element", std::move(t), contains_null});
    }
    if (kind == "map") {
      dom::element key, value;
      if (obj["keyType"].get(key) != simdjson::SUCCESS ||
          obj["valueType"].get(value) != simdjson::SUCCESS) {
        return Invalid("map type without 'keyType' or 'valueType'", path);
      }
      LAKEML_ASSIGN_OR_RETURN(bool value_null, OptionalBool(obj, "valueContainsNull", path));
      LAKEML_ASSIGN_OR_RETURN(TypePtr kt, ParseType(key, Join(path, "key")));
      LAKEML_ASSIGN_OR_RETURN(TypePtr vt, ParseType(value, Join(path, "value")));
      return DataType::Map(Field{"key", std::move(kt), false},
                           Field{"value", std::move(vt), value_null});
    }
    if (kind == "variant") return DataType::Variant();
    return UnsupportedType(kind, path);
  }

  Result<std::vector<Field>> ParseStructFields(dom::object obj, const std::string& path) {
    dom::array fields;
    if (obj["fields"].get_array().get(fields) != simdjson::SUCCESS) {
      return Invalid("struct type without a 'fields' array", path);
    }
    std::vector<Field> out;
    out.reserve(fields.size());
    for (dom::element f : fields) {
      LAKEML_ASSIGN_OR_RETURN(Field field, ParseField(f, path));
      out.push_back(std::move(field));
    }
    return out;
  }

 private:
  Result<Field> ParseField(dom::element e, const std::string& parent) {
    dom::object obj;
    if (e.get_object().get(obj) != simdjson::SUCCESS) {
      return Invalid("a struct field must be an object", parent);
    }
    Field field;
    std::string_view name;
    if (obj["name"].get_string().get(name) != simdjson::SUCCESS) {
      return Invalid("struct field without a string 'name'", parent);
    }
    field.name = std::string(name);
    const std::string path = Join(parent, name);
    dom::element type;
    if (obj["type"].get(type) != simdjson::SUCCESS) {
      return Invalid("struct field without 'type'", path);
    }
    LAKEML_ASSIGN_OR_RETURN(field.type, ParseType(type, path));
    LAKEML_ASSIGN_OR_RETURN(field.nullable, OptionalBool(obj, "nullable", path));
    dom::element metadata;
    if (obj["metadata"].get(metadata) == simdjson::SUCCESS) {
      dom::object md;
      if (metadata.get_object().get(md) != simdjson::SUCCESS) {
        return Invalid("field 'metadata' must be an object", path);
      }
      for (dom::key_value_pair kv : md) {
        field.metadata.emplace_back(std::string(kv.key), simdjson::minify(kv.value));
        if (kv.key == kColumnMappingIdKey) {
          int64_t id;
          if (kv.value.get_int64().get(id) != simdjson::SUCCESS || id < 0 || id > INT32_MAX) {
            return Invalid(StrCat("'", kColumnMappingIdKey, "' must be an integer in 0..2^31-1"),
                           path);
          }
          field.field_id = static_cast<int32_t>(id);
        }
      }
    }
    return field;
  }

  // A missing flag means true, as Spark's own parser defaults nullability.
  Result<bool> OptionalBool(dom::object obj, std::string_view key, const std::string& path) {
    dom::element v;
    if (obj[key].get(v) != simdjson::SUCCESS) return true;
    bool b;
    if (v.get_bool().get(b) != simdjson::SUCCESS) {
      return Invalid(StrCat("'", key, "' must be a boolean"), path);
    }
    return b;
  }

  static Status Invalid(std::string_view what, std::string_view path) {
    if (path.empty()) return Status::InvalidArgument("Invalid Delta schema: ", what);
    return Status::InvalidArgument("Invalid Delta schema: ", what, " at column ", path);
  }
};

Result<dom::element> ParseJson(dom::parser* parser, std::string_view json) {
  dom::element root;
  const auto error = parser->parse(json.data(), json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return Status::InvalidArgument("Invalid Delta schema: malformed JSON (",
                                   simdjson::error_message(error), ")");
  }
  return root;
}

void AppendType(const DataType& type, std::string* out);

void AppendField(const Field& f, std::string* out) {
  out->append("{\"name\":");
  json::AppendJsonString(f.name, out);
  out->append(",\"type\":");
  AppendType(*f.type, out);
  out->append(f.nullable ? ",\"nullable\":true,\"metadata\":{"
                         : ",\"nullable\":false,\"metadata\":{");
  for (size_t i = 0; i < f.metadata.size(); ++i) {
    if (i > 0) out->push_back(',');
    json::AppendJsonString(f.metadata[i].first, out);
    out->push_back(':');
    out->append(f.metadata[i].second);
  }
  out->append("}}");
}

void AppendStruct(const std::vector<Field>& fields, std::string* out) {
  out->append("{\"type\":\"struct\",\"fields\":[");
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendField(fields[i], out);
  }
  out->append("]}");
}

void AppendType(const DataType& type, std::string* out) {
  switch (type.id()) {
    case TypeId::kStruct:
      if (type.is_variant()) {
        out->append("\"variant\"");
      } else {
        AppendStruct(type.children(), out);
      }
      return;
    case TypeId::kList:
      out->append("{\"type\":\"array\",\"elementType\":");
      AppendType(*type.list_element().type, out);
      out->append(type.list_element().nullable ? ",\"containsNull\":true}"
                                               : ",\"containsNull\":false}");
      return;
    case TypeId::kMap:
      out->append("{\"type\":\"map\",\"keyType\":");
      AppendType(*type.map_key().type, out);
      out->append(",\"valueType\":");
      AppendType(*type.map_value().type, out);
      out->append(type.map_value().nullable ? ",\"valueContainsNull\":true}"
                                            : ",\"valueContainsNull\":false}");
      return;
    default:
      json::AppendJsonString(SerializeDeltaType(type), out);
      return;
  }
}

}  // namespace

Result<columnar::SchemaPtr> ParseSchemaString(std::string_view json) {
  dom::parser parser;
  LAKEML_ASSIGN_OR_RETURN(dom::element root, ParseJson(&parser, json));
  dom::object obj;
  std::string_view kind;
  if (root.get_object().get(obj) != simdjson::SUCCESS ||
      obj["type"].get_string().get(kind) != simdjson::SUCCESS || kind != "struct") {
    return Status::InvalidArgument("Invalid Delta schema: the top level must be a struct type");
  }
  Parser p;
  LAKEML_ASSIGN_OR_RETURN(std::vector<Field> fields, p.ParseStructFields(obj, ""));
  return std::make_shared<columnar::Schema>(std::move(fields));
}

Result<TypePtr> ParseDeltaType(std::string_view json, std::string_view path) {
  dom::parser parser;
  LAKEML_ASSIGN_OR_RETURN(dom::element root, ParseJson(&parser, json));
  Parser p;
  return p.ParseType(root, std::string(path));
}

std::string SerializeSchema(const columnar::Schema& schema) {
  std::string out;
  out.reserve(64 + 96 * schema.num_fields());
  AppendStruct(schema.fields(), &out);
  return out;
}

std::string SerializeDeltaType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return "void";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kInt8:
      return "byte";
    case TypeId::kInt16:
      return "short";
    case TypeId::kInt32:
      return "integer";
    case TypeId::kInt64:
      return "long";
    case TypeId::kFloat32:
      return "float";
    case TypeId::kFloat64:
      return "double";
    case TypeId::kDecimal:
      return StrCat("decimal(", type.precision(), ",", type.scale(), ")");
    case TypeId::kDate32:
      return "date";
    case TypeId::kTimestamp:
      return type.utc() ? "timestamp" : "timestamp_ntz";
    case TypeId::kString:
      return "string";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap: {
      if (type.is_variant()) return "variant";
      std::string out;
      AppendType(type, &out);
      return out;
    }
    default:
      return type.ToString();
  }
}

}  // namespace lakeml::delta
