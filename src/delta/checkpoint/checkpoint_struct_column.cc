#include "delta/checkpoint/checkpoint_struct_column.h"

#include <limits>

namespace lakeml::delta {

using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;

namespace {

bool IsInteger(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return true;
    default:
      return false;
  }
}

bool IsText(const DataType& t) { return t.is_binary_like(); }

bool KindMatches(CheckpointStructColumn::Kind kind, const DataType& t) {
  using Kind = CheckpointStructColumn::Kind;
  switch (kind) {
    case Kind::kString:
      return IsText(t);
    case Kind::kInt:
      return IsInteger(t.id());
    case Kind::kBool:
      return t.id() == TypeId::kBoolean;
    case Kind::kStringMap:
      return t.id() == TypeId::kMap && IsText(*t.map_key().type) && IsText(*t.map_value().type);
    case Kind::kStringList:
      return t.id() == TypeId::kList && IsText(*t.list_element().type);
    case Kind::kStruct:
      return t.id() == TypeId::kStruct;
  }
  return false;
}

const char* KindName(CheckpointStructColumn::Kind kind) {
  using Kind = CheckpointStructColumn::Kind;
  switch (kind) {
    case Kind::kString:
      return "a string";
    case Kind::kInt:
      return "an integer";
    case Kind::kBool:
      return "a boolean";
    case Kind::kStringMap:
      return "a map<string,string>";
    case Kind::kStringList:
      return "an array<string>";
    case Kind::kStruct:
      return "a struct";
  }
  return "?";
}

}  // namespace

Result<CheckpointStructColumn> CheckpointStructColumn::Make(const columnar::TypePtr& type,
                                                            std::string name,
                                                            const std::string* file,
                                                            std::span<const FieldSpec> fields) {
  if (type->id() != TypeId::kStruct) {
    return Status::Corruption("Invalid checkpoint: ", name, " has type ", type->ToString(),
                              ", expected a struct in ", *file);
  }
  CheckpointStructColumn c;
  c.name_ = std::move(name);
  c.file_ = file;
  c.specs_.assign(fields.begin(), fields.end());
  c.type_ = type;
  c.fields_.assign(fields.size(), nullptr);
  const auto& children = type->children();
  for (const FieldSpec& spec : fields) {
    int found = -1;
    for (size_t i = 0; i < children.size(); ++i) {
      if (children[i].name == spec.name) {
        found = static_cast<int>(i);
        break;
      }
    }
    if (found >= 0 && !KindMatches(spec.kind, *children[found].type)) {
      return Status::Corruption("Invalid checkpoint: ", c.name_, ".", spec.name, " has type ",
                                children[found].type->ToString(), ", expected ",
                                KindName(spec.kind), " in ", *file);
    }
    c.index_.push_back(found);
  }
  return c;
}

void CheckpointStructColumn::Bind(const Vector* v, int64_t row_base) {
  vector_ = v;
  row_base_ = row_base;
  for (size_t f = 0; f < index_.size(); ++f) {
    fields_[f] = index_[f] >= 0 ? v->child(index_[f]).get() : nullptr;
  }
}

const columnar::TypePtr& CheckpointStructColumn::field_type(int f) const {
  return type_->children()[index_[f]].type;
}

Status CheckpointStructColumn::FieldError(int f, std::string_view problem, int64_t row) const {
  return Status::Corruption("Invalid checkpoint: ", name_, ".", specs_[f].name, " ", problem,
                            " at row ", row_base_ + row, " in ", *file_);
}

std::optional<std::string_view> CheckpointStructColumn::GetString(int f, int64_t row) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) return std::nullopt;
  return v->GetView(row);
}

std::optional<int64_t> CheckpointStructColumn::GetInt(int f, int64_t row) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) return std::nullopt;
  switch (v->type()->id()) {
    case TypeId::kInt64:
      return v->values_as<int64_t>()[row];
    case TypeId::kInt32:
      return v->values_as<int32_t>()[row];
    case TypeId::kInt16:
      return v->values_as<int16_t>()[row];
    case TypeId::kInt8:
      return v->values_as<int8_t>()[row];
    case TypeId::kUInt8:
      return v->values_as<uint8_t>()[row];
    case TypeId::kUInt16:
      return v->values_as<uint16_t>()[row];
    case TypeId::kUInt32:
      return v->values_as<uint32_t>()[row];
    case TypeId::kUInt64:
      // Values past INT64_MAX cannot be Delta longs; they wrap and fail range checks upstream.
      return static_cast<int64_t>(v->values_as<uint64_t>()[row]);
    default:
      return std::nullopt;  // Excluded by Make().
  }
}

std::optional<bool> CheckpointStructColumn::GetBool(int f, int64_t row) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) return std::nullopt;
  return v->GetBool(row);
}

Status CheckpointStructColumn::RequiredString(int f, int64_t row, std::string* out) const {
  std::optional<std::string_view> s = GetString(f, row);
  if (!s) return FieldError(f, fields_[f] ? "is null" : "is missing", row);
  out->assign(*s);
  return Status::OK();
}

Status CheckpointStructColumn::RequiredInt(int f, int64_t row, int64_t* out) const {
  std::optional<int64_t> v = GetInt(f, row);
  if (!v) return FieldError(f, fields_[f] ? "is null" : "is missing", row);
  *out = *v;
  return Status::OK();
}

Status CheckpointStructColumn::RequiredInt32(int f, int64_t row, int32_t* out) const {
  int64_t v = 0;
  LAKEML_RETURN_IF_ERROR(RequiredInt(f, row, &v));
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return FieldError(f, StrCat("is out of the int range (", v, ")"), row);
  }
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

Status CheckpointStructColumn::OptionalInt32(int f, int64_t row,
                                             std::optional<int32_t>* out) const {
  std::optional<int64_t> v = GetInt(f, row);
  if (!v) {
    out->reset();
    return Status::OK();
  }
  if (*v < std::numeric_limits<int32_t>::min() || *v > std::numeric_limits<int32_t>::max()) {
    return FieldError(f, StrCat("is out of the int range (", *v, ")"), row);
  }
  *out = static_cast<int32_t>(*v);
  return Status::OK();
}

Status CheckpointStructColumn::RequiredBool(int f, int64_t row, bool* out) const {
  std::optional<bool> v = GetBool(f, row);
  if (!v) return FieldError(f, fields_[f] ? "is null" : "is missing", row);
  *out = *v;
  return Status::OK();
}

Status CheckpointStructColumn::GetStringMap(int f, int64_t row,
                                            std::optional<StringMap>* out) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) {
    out->reset();
    return Status::OK();
  }
  const int64_t* o = v->offsets();
  const Vector& keys = *v->child(0);
  const Vector& values = *v->child(1);
  StringMap m;
  for (int64_t j = o[row]; j < o[row + 1]; ++j) {
    if (keys.IsNull(j)) return FieldError(f, "has a null key", row);
    if (values.IsNull(j)) {
      return FieldError(f, StrCat("has a null value for key '", keys.GetView(j), "'"), row);
    }
    m.emplace(keys.GetView(j), values.GetView(j));
  }
  *out = std::move(m);
  return Status::OK();
}

Status CheckpointStructColumn::GetPartitionMap(int f, int64_t row,
                                               std::optional<PartitionValues>* out) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) {
    out->reset();
    return Status::OK();
  }
  const int64_t* o = v->offsets();
  const Vector& keys = *v->child(0);
  const Vector& values = *v->child(1);
  PartitionValues m;
  for (int64_t j = o[row]; j < o[row + 1]; ++j) {
    if (keys.IsNull(j)) return FieldError(f, "has a null key", row);
    if (values.IsNull(j)) {
      m.emplace(keys.GetView(j), std::nullopt);
    } else {
      m.emplace(keys.GetView(j), std::string(values.GetView(j)));
    }
  }
  *out = std::move(m);
  return Status::OK();
}

Status CheckpointStructColumn::GetStringList(int f, int64_t row,
                                             std::optional<std::vector<std::string>>* out) const {
  const Vector* v = fields_[f];
  if (v == nullptr || v->IsNull(row)) {
    out->reset();
    return Status::OK();
  }
  const int64_t* o = v->offsets();
  const Vector& elements = *v->child(0);
  std::vector<std::string> list;
  list.reserve(o[row + 1] - o[row]);
  for (int64_t j = o[row]; j < o[row + 1]; ++j) {
    if (elements.IsNull(j)) return FieldError(f, "has a null element", row);
    list.emplace_back(elements.GetView(j));
  }
  *out = std::move(list);
  return Status::OK();
}

}  // namespace lakeml::delta
