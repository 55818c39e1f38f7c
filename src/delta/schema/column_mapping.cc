#include "delta/schema/column_mapping.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "base/str_cat.h"
#include "base/uuid.h"
#include "columnar/data_type.h"
#include "format/json/json_string.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string Join(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : StrCat(path, ".", name);
}

// The decoded JSON string in `json`, or false when it is not a JSON string.
bool DecodeJsonString(const std::string& json, std::string* out) {
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return false;
  if (json.find('\\') == std::string::npos) {
    out->assign(json, 1, json.size() - 2);
    return true;
  }
  simdjson::dom::parser parser;
  std::string_view s;
  if (parser.parse(json).get_string().get(s) != simdjson::SUCCESS) return false;
  out->assign(s);
  return true;
}

bool ParseId(const std::string& json, int64_t* id) {
  auto [p, ec] = std::from_chars(json.data(), json.data() + json.size(), *id);
  return ec == std::errc() && p == json.data() + json.size() && *id >= 0 && *id <= INT32_MAX;
}

// Rebuilds `type` with every struct field passed through `fn(field, path)`. Variant structs are
// left alone: their children are fixed by the protocol, not by the table schema.
template <typename Fn>
Result<TypePtr> MapFields(const TypePtr& type, const std::string& path, Fn& fn);

template <typename Fn>
Result<Field> MapField(const Field& field, const std::string& path, Fn& fn) {
  LAKEML_ASSIGN_OR_RETURN(Field out, fn(field, path));
  LAKEML_ASSIGN_OR_RETURN(out.type, MapFields(field.type, path, fn));
  return out;
}

template <typename Fn>
Result<TypePtr> MapFields(const TypePtr& type, const std::string& path, Fn& fn) {
  switch (type->id()) {
    case TypeId::kStruct: {
      if (type->is_variant()) return type;
      std::vector<Field> fields;
      fields.reserve(type->children().size());
      for (const Field& c : type->children()) {
        LAKEML_ASSIGN_OR_RETURN(Field f, MapField(c, Join(path, c.name), fn));
        fields.push_back(std::move(f));
      }
      return DataType::Struct(std::move(fields));
    }
    case TypeId::kList: {
      Field element = type->list_element();
      LAKEML_ASSIGN_OR_RETURN(element.type, MapFields(element.type, Join(path, "element"), fn));
      return DataType::List(std::move(element));
    }
    case TypeId::kMap: {
      Field key = type->map_key();
      Field value = type->map_value();
      LAKEML_ASSIGN_OR_RETURN(key.type, MapFields(key.type, Join(path, "key"), fn));
      LAKEML_ASSIGN_OR_RETURN(value.type, MapFields(value.type, Join(path, "value"), fn));
      return DataType::Map(std::move(key), std::move(value));
    }
    default:
      return type;
  }
}

template <typename Fn>
Result<columnar::SchemaPtr> MapSchema(const columnar::Schema& schema, Fn fn) {
  std::vector<Field> fields;
  fields.reserve(schema.num_fields());
  for (const Field& f : schema.fields()) {
    LAKEML_ASSIGN_OR_RETURN(Field out, MapField(f, f.name, fn));
    fields.push_back(std::move(out));
  }
  return std::make_shared<columnar::Schema>(std::move(fields), schema.metadata());
}

}  // namespace

Result<ColumnMappingMode> ColumnMappingModeOf(const StringMap& configuration) {
  auto it = configuration.find(kColumnMappingModeKey);
  if (it == configuration.end()) return ColumnMappingMode::kNone;
  const std::string& v = it->second;
  if (EqualsIgnoreCase(v, "none")) return ColumnMappingMode::kNone;
  if (EqualsIgnoreCase(v, "id")) return ColumnMappingMode::kId;
  if (EqualsIgnoreCase(v, "name")) return ColumnMappingMode::kName;
  return Status::InvalidArgument("Invalid table property ", kColumnMappingModeKey,
                                 ": expected none, id or name, got '", v, "'");
}

std::string_view ColumnMappingModeName(ColumnMappingMode mode) {
  switch (mode) {
    case ColumnMappingMode::kNone:
      return "none";
    case ColumnMappingMode::kId:
      return "id";
    case ColumnMappingMode::kName:
      return "name";
  }
  return "?";
}

std::string PhysicalName(const Field& field, ColumnMappingMode mode) {
  if (mode == ColumnMappingMode::kNone) return field.name;
  const std::string* json = field.FindMetadata(kColumnMappingPhysicalNameKey);
  std::string name;
  if (json == nullptr || !DecodeJsonString(*json, &name) || name.empty()) return field.name;
  return name;
}

Result<columnar::SchemaPtr> PhysicalSchema(const columnar::Schema& logical,
                                           ColumnMappingMode mode) {
  if (mode == ColumnMappingMode::kNone) {
    return std::make_shared<columnar::Schema>(logical.fields(), logical.metadata());
  }
  return MapSchema(logical, [mode](const Field& f, const std::string& path) -> Result<Field> {
    const std::string* json = f.FindMetadata(kColumnMappingPhysicalNameKey);
    std::string name;
    if (json == nullptr || !DecodeJsonString(*json, &name) || name.empty()) {
      return Status::InvalidArgument("Column mapping mode ", ColumnMappingModeName(mode),
                                     ": missing or invalid ", kColumnMappingPhysicalNameKey,
                                     " for column ", path);
    }
    if (mode == ColumnMappingMode::kId && f.field_id < 0) {
      return Status::InvalidArgument("Column mapping mode id: missing or invalid ",
                                     kColumnMappingIdKey, " for column ", path);
    }
    Field out = f;
    out.name = std::move(name);
    return out;
  });
}

Result<columnar::SchemaPtr> AssignColumnMapping(const columnar::Schema& schema,
                                                int64_t* max_column_id) {
  // First pass: validate existing ids and find the largest, so that new ids never collide with
  // ids of fields visited later.
  int64_t max_id = std::max<int64_t>(*max_column_id, 0);
  auto scan = [&max_id](const Field& f, const std::string& path) -> Result<Field> {
    if (const std::string* json = f.FindMetadata(kColumnMappingIdKey)) {
      int64_t id;
      if (!ParseId(*json, &id)) {
        return Status::InvalidArgument("Invalid ", kColumnMappingIdKey, " ", *json, " for column ",
                                       path);
      }
      max_id = std::max(max_id, id);
    }
    return f;
  };
  LAKEML_RETURN_IF_ERROR(MapSchema(schema, scan).status());

  auto assign = [&max_id](const Field& f, const std::string& path) -> Result<Field> {
    Field out = f;
    if (const std::string* json = f.FindMetadata(kColumnMappingIdKey)) {
      int64_t id = 0;
      ParseId(*json, &id);  // Validated by the first pass.
      out.field_id = static_cast<int32_t>(id);
    } else {
      if (max_id >= INT32_MAX) {
        return Status::OutOfRange("Column mapping: no column id left for column ", path);
      }
      ++max_id;
      out.metadata.emplace_back(kColumnMappingIdKey, std::to_string(max_id));
      out.field_id = static_cast<int32_t>(max_id);
    }
    if (f.FindMetadata(kColumnMappingPhysicalNameKey) == nullptr) {
      std::string name;
      json::AppendJsonString(StrCat("col-", NewUuid()), &name);
      out.metadata.emplace_back(kColumnMappingPhysicalNameKey, std::move(name));
    }
    return out;
  };
  LAKEML_ASSIGN_OR_RETURN(columnar::SchemaPtr out, MapSchema(schema, assign));
  *max_column_id = max_id;
  return out;
}

}  // namespace lakeml::delta
