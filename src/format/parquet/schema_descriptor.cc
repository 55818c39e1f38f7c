#include "format/parquet/schema_descriptor.h"

#include "base/str_cat.h"

namespace lakeml::parquet {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

constexpr int kMaxDepth = 100;  // Deeper schemas are refused rather than recursed into.

columnar::TimeUnit ToColumnarUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis:
      return columnar::TimeUnit::kMilli;
    case TimeUnit::kMicros:
      return columnar::TimeUnit::kMicro;
    case TimeUnit::kNanos:
      return columnar::TimeUnit::kNano;
  }
  return columnar::TimeUnit::kMicro;
}

Status BadType(const SchemaElement& e, std::string_view what) {
  return Status::Corruption("Invalid Parquet schema: column ", e.name, " has ", what,
                            " on physical type ", TypeName(*e.type));
}

Result<TypePtr> DecimalType(const SchemaElement& e, int precision, int scale) {
  if (precision < 1 || scale < 0 || scale > precision) {
    return Status::Corruption("Invalid Parquet schema: column ", e.name, " has DECIMAL(", precision,
                              ",", scale, ")");
  }
  if (precision > 38) {
    return Status::NotImplemented("DECIMAL precision above 38 is not supported: column ", e.name,
                                  " has precision ", precision);
  }
  const Type t = *e.type;
  if (t != Type::kInt32 && t != Type::kInt64 && t != Type::kByteArray &&
      t != Type::kFixedLenByteArray) {
    return BadType(e, "DECIMAL");
  }
  return DataType::Decimal(precision, scale);
}

Result<TypePtr> PhysicalOnly(const SchemaElement& e) {
  switch (*e.type) {
    case Type::kBoolean:
      return DataType::Primitive(TypeId::kBoolean);
    case Type::kInt32:
      return DataType::Primitive(TypeId::kInt32);
    case Type::kInt64:
      return DataType::Primitive(TypeId::kInt64);
    // Like Arrow: INT96 reads as a nanosecond timestamp without a time zone.
    case Type::kInt96:
      return DataType::Timestamp(columnar::TimeUnit::kNano, false);
    case Type::kFloat:
      return DataType::Primitive(TypeId::kFloat32);
    case Type::kDouble:
      return DataType::Primitive(TypeId::kFloat64);
    case Type::kByteArray:
      return DataType::Binary();
    case Type::kFixedLenByteArray:
      return DataType::FixedSizeBinary(e.type_length.value_or(0));
  }
  return Status::Corruption("Invalid Parquet schema: unknown physical type in column ", e.name);
}

Result<TypePtr> FromLogical(const SchemaElement& e, const LogicalType& lt, bool* handled) {
  *handled = true;
  const Type t = *e.type;
  switch (lt.kind) {
    case LogicalType::Kind::kString:
    case LogicalType::Kind::kEnum:
    case LogicalType::Kind::kJson:
      if (t != Type::kByteArray && t != Type::kFixedLenByteArray)
        return BadType(e, "a string type");
      if (t == Type::kFixedLenByteArray) break;
      return DataType::String(lt.kind == LogicalType::Kind::kEnum   ? "enum"
                              : lt.kind == LogicalType::Kind::kJson ? "json"
                                                                    : "");
    case LogicalType::Kind::kBson:
      if (t != Type::kByteArray) return BadType(e, "BSON");
      return DataType::Binary("bson");
    case LogicalType::Kind::kDecimal:
      return DecimalType(e, lt.precision, lt.scale);
    case LogicalType::Kind::kDate:
      if (t != Type::kInt32) return BadType(e, "DATE");
      return DataType::Primitive(TypeId::kDate32);
    case LogicalType::Kind::kTime:
      if (lt.unit == TimeUnit::kMillis ? t != Type::kInt32 : t != Type::kInt64) {
        return BadType(e, "TIME");
      }
      return DataType::Time(ToColumnarUnit(lt.unit));
    case LogicalType::Kind::kTimestamp:
      if (t != Type::kInt64) return BadType(e, "TIMESTAMP");
      return DataType::Timestamp(ToColumnarUnit(lt.unit), lt.is_adjusted_to_utc);
    case LogicalType::Kind::kInteger: {
      const int w = lt.bit_width;
      if (!(w == 8 || w == 16 || w == 32 || w == 64)) {
        return Status::Corruption("Invalid Parquet schema: column ", e.name,
                                  " has INTEGER bit width ", w);
      }
      if ((w == 64) != (t == Type::kInt64) || (t != Type::kInt32 && t != Type::kInt64)) {
        return BadType(e, StrCat("INTEGER(", w, ")"));
      }
      static constexpr TypeId kSigned[] = {TypeId::kInt8, TypeId::kInt16, TypeId::kInt32,
                                           TypeId::kInt64};
      static constexpr TypeId kUnsigned[] = {TypeId::kUInt8, TypeId::kUInt16, TypeId::kUInt32,
                                             TypeId::kUInt64};
      const int k = w == 8 ? 0 : w == 16 ? 1 : w == 32 ? 2 : 3;
      return DataType::Primitive(lt.is_signed ? kSigned[k] : kUnsigned[k]);
    }
    case LogicalType::Kind::kUnknown:
      return DataType::Primitive(TypeId::kNull);
    case LogicalType::Kind::kUuid:
      if (t != Type::kFixedLenByteArray || e.type_length.value_or(0) != 16) {
        return BadType(e, "UUID");
      }
      return DataType::FixedSizeBinary(16, "uuid");
    case LogicalType::Kind::kFloat16:
      if (t != Type::kFixedLenByteArray || e.type_length.value_or(0) != 2) {
        return BadType(e, "FLOAT16");
      }
      return DataType::Primitive(TypeId::kFloat16);
    case LogicalType::Kind::kGeometry:
    case LogicalType::Kind::kGeography:
      // Well-known binary; the annotation is kept so that a rewrite stays geospatial.
      if (t != Type::kByteArray) break;
      return DataType::Binary(lt.kind == LogicalType::Kind::kGeometry ? "geometry" : "geography");
    default:
      break;
  }
  *handled = false;  // Unrecognized or variant: read the physical values.
  return DataType::Primitive(TypeId::kNull);
}

Result<TypePtr> FromConverted(const SchemaElement& e, ConvertedType ct, bool* handled) {
  *handled = true;
  const Type t = *e.type;
  switch (ct) {
    case ConvertedType::kUtf8:
    case ConvertedType::kEnum:
    case ConvertedType::kJson:
      if (t != Type::kByteArray) break;
      return DataType::String(ct == ConvertedType::kEnum   ? "enum"
                              : ct == ConvertedType::kJson ? "json"
                                                           : "");
    case ConvertedType::kBson:
      if (t != Type::kByteArray) break;
      return DataType::Binary("bson");
    case ConvertedType::kDecimal:
      return DecimalType(e, e.precision.value_or(0), e.scale.value_or(0));
    case ConvertedType::kDate:
      if (t != Type::kInt32) return BadType(e, "DATE");
      return DataType::Primitive(TypeId::kDate32);
    case ConvertedType::kTimeMillis:
      if (t != Type::kInt32) return BadType(e, "TIME_MILLIS");
      return DataType::Time(columnar::TimeUnit::kMilli);
    case ConvertedType::kTimeMicros:
      if (t != Type::kInt64) return BadType(e, "TIME_MICROS");
      return DataType::Time(columnar::TimeUnit::kMicro);
    case ConvertedType::kTimestampMillis:
    case ConvertedType::kTimestampMicros:
      if (t != Type::kInt64) return BadType(e, "TIMESTAMP");
      return DataType::Timestamp(ct == ConvertedType::kTimestampMillis ? columnar::TimeUnit::kMilli
                                                                       : columnar::TimeUnit::kMicro,
                                 true);
    case ConvertedType::kInt8:
      return DataType::Primitive(TypeId::kInt8);
    case ConvertedType::kInt16:
      return DataType::Primitive(TypeId::kInt16);
    case ConvertedType::kInt32:
      return DataType::Primitive(TypeId::kInt32);
    case ConvertedType::kInt64:
      return DataType::Primitive(TypeId::kInt64);
    case ConvertedType::kUint8:
      return DataType::Primitive(TypeId::kUInt8);
    case ConvertedType::kUint16:
      return DataType::Primitive(TypeId::kUInt16);
    case ConvertedType::kUint32:
      return DataType::Primitive(TypeId::kUInt32);
    case ConvertedType::kUint64:
      return DataType::Primitive(TypeId::kUInt64);
    case ConvertedType::kInterval:
      if (t != Type::kFixedLenByteArray || e.type_length.value_or(0) != 12) {
        return BadType(e, "INTERVAL");
      }
      return DataType::Primitive(TypeId::kInterval);
    default:
      break;
  }
  *handled = false;
  return DataType::Primitive(TypeId::kNull);
}

bool IsListAnnotated(const SchemaElement& e) {
  return (e.logical_type && e.logical_type->kind == LogicalType::Kind::kList) ||
         e.converted_type == ConvertedType::kList;
}

bool IsMapAnnotated(const SchemaElement& e) {
  return (e.logical_type && e.logical_type->kind == LogicalType::Kind::kMap) ||
         e.converted_type == ConvertedType::kMap || e.converted_type == ConvertedType::kMapKeyValue;
}

FieldRepetitionType RepetitionOf(const SchemaElement& e) {
  return e.repetition_type.value_or(FieldRepetitionType::kRequired);
}

}  // namespace

Result<TypePtr> SchemaDescriptor::LeafType(const SchemaElement& e) {
  if (!e.type) return Status::Corruption("Invalid Parquet schema: column ", e.name, " has no type");
  if (*e.type == Type::kFixedLenByteArray && e.type_length.value_or(-1) < 0) {
    return Status::Corruption("Invalid Parquet schema: FIXED_LEN_BYTE_ARRAY column ", e.name,
                              " has no type_length");
  }
  bool handled = false;
  if (e.logical_type) {
    LAKEML_ASSIGN_OR_RETURN(TypePtr t, FromLogical(e, *e.logical_type, &handled));
    if (handled) return t;
  }
  if (e.converted_type) {
    LAKEML_ASSIGN_OR_RETURN(TypePtr t, FromConverted(e, *e.converted_type, &handled));
    if (handled) return t;
  }
  return PhysicalOnly(e);
}

struct SchemaDescriptor::RawNode {
  const SchemaElement* element = nullptr;
  std::vector<RawNode> children;
};

class SchemaDescriptor::Builder {
 public:
  explicit Builder(SchemaDescriptor* out) : out_(out) {}

  Status Parse(const std::vector<SchemaElement>& elements, size_t* pos, RawNode* node, int depth) {
    if (depth > kMaxDepth) {
      return Status::NotImplemented("Parquet schema nesting deeper than ", kMaxDepth,
                                    " levels is not supported");
    }
    if (*pos >= elements.size()) {
      return Status::Corruption(
          "Invalid Parquet schema: a group claims more children than the "
          "schema has elements");
    }
    const SchemaElement& e = elements[(*pos)++];
    node->element = &e;
    const int32_t n = e.num_children.value_or(0);
    if (n < 0 || static_cast<size_t>(n) > elements.size() - *pos) {
      return Status::Corruption("Invalid Parquet schema: group ", e.name, " claims ", n,
                                " children");
    }
    if (!e.type && (!e.num_children || n == 0) && depth > 0) {
      return Status::Corruption("Invalid Parquet schema: group ", e.name, " has no children");
    }
    if (n > 0 && e.type) {
      // A primitive type on a group is contradictory; treat children as authoritative.
    }
    node->children.resize(n);
    for (int32_t i = 0; i < n; ++i) {
      LAKEML_RETURN_IF_ERROR(Parse(elements, pos, &node->children[i], depth + 1));
    }
    return Status::OK();
  }

  // Resolves `raw` into nodes_. `def` and `rep` are the levels of the enclosing node;
  // slot_def/slot_rep are the slot criteria this node inherits. `force_required` treats the
  // element as REQUIRED (list elements given by a repeated field). Returns the node index.
  Result<int> Resolve(const RawNode& raw, const std::string& path, int16_t def, int16_t rep,
                      int16_t slot_def, int16_t slot_rep, bool force_required) {
    const SchemaElement& e = *raw.element;
    FieldRepetitionType rp = force_required ? FieldRepetitionType::kRequired : RepetitionOf(e);
    if (rp == FieldRepetitionType::kRepeated) {
      // An unannotated repeated field: a required list of required elements.
      const int idx = NewNode(SchemaNode::Kind::kList, e, false, def, slot_def, slot_rep);
      nodes_()[idx].element_def = def + 1;
      LAKEML_ASSIGN_OR_RETURN(int child, Resolve(raw, path, def + 1, rep + 1, def + 1, rep + 1,
                                                 /*force_required=*/true));
      nodes_()[child].name = "element";
      return FinishRepeated(idx, {child}, Field{"element", nodes_()[child].type, false});
    }
    const bool nullable = rp == FieldRepetitionType::kOptional;
    const int16_t my_def = def + (nullable ? 1 : 0);
    if (raw.children.empty()) {
      if (!e.type)
        return Status::Corruption("Invalid Parquet schema: column ", path, " has no type");
      LAKEML_ASSIGN_OR_RETURN(TypePtr type, LeafType(e));
      const int idx = NewNode(SchemaNode::Kind::kLeaf, e, nullable, my_def, slot_def, slot_rep);
      SchemaNode& n = nodes_()[idx];
      n.type = std::move(type);
      n.physical_type = *e.type;
      n.type_length = e.type_length.value_or(0);
      n.max_def = my_def;
      n.max_rep = rep;
      n.path = path;
      n.leaf_index = static_cast<int>(out_->leaves_.size());
      n.leaves.push_back(n.leaf_index);
      out_->leaves_.push_back(idx);
      return idx;
    }
    if (IsListAnnotated(e))
      return ResolveList(raw, path, nullable, my_def, rep, slot_def, slot_rep);
    if (IsMapAnnotated(e)) return ResolveMap(raw, path, nullable, my_def, rep, slot_def, slot_rep);
    // A plain group: a struct whose children share its slots.
    const int idx = NewNode(SchemaNode::Kind::kStruct, e, nullable, my_def, slot_def, slot_rep);
    std::vector<int> children;
    std::vector<Field> fields;
    for (const RawNode& c : raw.children) {
      LAKEML_ASSIGN_OR_RETURN(int child, Resolve(c, Join(path, c.element->name), my_def, rep,
                                                 slot_def, slot_rep, false));
      children.push_back(child);
      fields.push_back(FieldOf(child));
    }
    SchemaNode& n = nodes_()[idx];
    n.children = children;
    for (int c : children) {
      const auto& l = nodes_()[c].leaves;
      nodes_()[idx].leaves.insert(nodes_()[idx].leaves.end(), l.begin(), l.end());
    }
    nodes_()[idx].type = DataType::Struct(std::move(fields));
    return idx;
  }

 private:
  std::vector<SchemaNode>& nodes_() { return out_->nodes_; }

  static std::string Join(const std::string& a, const std::string& b) {
    return a.empty() ? b : a + "." + b;
  }

  int NewNode(SchemaNode::Kind kind, const SchemaElement& e, bool nullable, int16_t def,
              int16_t slot_def, int16_t slot_rep) {
    SchemaNode n;
    n.kind = kind;
    n.name = e.name;
    n.nullable = nullable;
    n.field_id = e.field_id.value_or(-1);
    n.def_level = def;
    n.slot_def = slot_def;
    n.slot_rep = slot_rep;
    nodes_().push_back(std::move(n));
    return static_cast<int>(nodes_().size()) - 1;
  }

  Field FieldOf(int idx) {
    const SchemaNode& n = nodes_()[idx];
    return Field{n.name, n.type, n.nullable, n.field_id};
  }

  Result<int> FinishRepeated(int idx, std::vector<int> children, Field element) {
    SchemaNode& n = nodes_()[idx];
    n.children = std::move(children);
    for (int c : n.children) {
      const std::vector<int> l = nodes_()[c].leaves;
      nodes_()[idx].leaves.insert(nodes_()[idx].leaves.end(), l.begin(), l.end());
    }
    nodes_()[idx].type = DataType::List(std::move(element));
    return idx;
  }

  Result<int> ResolveList(const RawNode& raw, const std::string& path, bool nullable,
                          int16_t my_def, int16_t rep, int16_t slot_def, int16_t slot_rep) {
    const SchemaElement& e = *raw.element;
    if (raw.children.size() != 1 ||
        RepetitionOf(*raw.children[0].element) != FieldRepetitionType::kRepeated) {
      return Status::Corruption("Invalid Parquet schema: LIST group ", path,
                                " must have exactly one repeated child");
    }
    const RawNode& r = raw.children[0];
    const int idx = NewNode(SchemaNode::Kind::kList, e, nullable, my_def, slot_def, slot_rep);
    const int16_t elem_def = my_def + 1;
    const int16_t elem_rep = rep + 1;
    const std::string rpath = Join(path, r.element->name);
    int child;
    // Backward-compatibility rules (LogicalTypes.md, "Lists").
    const bool repeated_is_element = r.children.empty() || r.children.size() > 1 ||
                                     r.element->name == "array" ||
                                     r.element->name == e.name + "_tuple";
    if (repeated_is_element) {
      LAKEML_ASSIGN_OR_RETURN(child, Resolve(r, rpath, elem_def, elem_rep, elem_def, elem_rep,
                                             /*force_required=*/true));
    } else {
      const RawNode& el = r.children[0];
      LAKEML_ASSIGN_OR_RETURN(child, Resolve(el, Join(rpath, el.element->name), elem_def, elem_rep,
                                             elem_def, elem_rep, false));
    }
    nodes_()[idx].element_def = elem_def;
    Field f = FieldOf(child);
    return FinishRepeated(idx, {child}, std::move(f));
  }

  Result<int> ResolveMap(const RawNode& raw, const std::string& path, bool nullable, int16_t my_def,
                         int16_t rep, int16_t slot_def, int16_t slot_rep) {
    const SchemaElement& e = *raw.element;
    if (raw.children.size() != 1 ||
        RepetitionOf(*raw.children[0].element) != FieldRepetitionType::kRepeated ||
        raw.children[0].children.empty() || raw.children[0].children.size() > 2) {
      return Status::Corruption("Invalid Parquet schema: MAP group ", path,
                                " must have one repeated child group with a key and a value");
    }
    const RawNode& kv = raw.children[0];
    const int idx = NewNode(SchemaNode::Kind::kMap, e, nullable, my_def, slot_def, slot_rep);
    const int16_t elem_def = my_def + 1;
    const int16_t elem_rep = rep + 1;
    const std::string kvpath = Join(path, kv.element->name);
    std::vector<int> children;
    for (const RawNode& c : kv.children) {
      LAKEML_ASSIGN_OR_RETURN(int child, Resolve(c, Join(kvpath, c.element->name), elem_def,
                                                 elem_rep, elem_def, elem_rep, false));
      children.push_back(child);
    }
    SchemaNode& n = nodes_()[idx];
    n.element_def = elem_def;
    n.children = children;
    for (int c : children) {
      const std::vector<int> l = nodes_()[c].leaves;
      nodes_()[idx].leaves.insert(nodes_()[idx].leaves.end(), l.begin(), l.end());
    }
    Field key = FieldOf(children[0]);
    // A map without values (a set of keys) reads with an all-null value column.
    Field value = children.size() > 1 ? FieldOf(children[1])
                                      : Field{"value", DataType::Primitive(TypeId::kNull), true};
    if (children.size() == 1) nodes_()[idx].kind = SchemaNode::Kind::kList;
    if (children.size() == 1) {
      nodes_()[idx].type = DataType::List(std::move(key));
    } else {
      nodes_()[idx].type = DataType::Map(std::move(key), std::move(value));
    }
    return idx;
  }

  SchemaDescriptor* out_;
};

Result<std::unique_ptr<SchemaDescriptor>> SchemaDescriptor::Make(
    const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return Status::Corruption("Invalid Parquet schema: no root element");
  auto out = std::unique_ptr<SchemaDescriptor>(new SchemaDescriptor());
  Builder builder(out.get());
  RawNode root;
  size_t pos = 0;
  LAKEML_RETURN_IF_ERROR(builder.Parse(elements, &pos, &root, 0));
  if (pos != elements.size()) {
    return Status::Corruption("Invalid Parquet schema: ", elements.size() - pos,
                              " elements are outside the root's children");
  }
  std::vector<Field> fields;
  for (const RawNode& c : root.children) {
    LAKEML_ASSIGN_OR_RETURN(int idx, builder.Resolve(c, c.element->name, 0, 0, 0, 0, false));
    out->top_level_.push_back(idx);
    const SchemaNode& n = out->nodes_[idx];
    fields.push_back(Field{n.name, n.type, n.nullable, n.field_id});
  }
  out->schema_ = std::make_shared<columnar::Schema>(std::move(fields));
  return out;
}

}  // namespace lakeml::parquet
