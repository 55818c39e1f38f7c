#include "format/parquet/writer/writer_schema.h"

namespace lakeml::parquet {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;

namespace {

// Fewest bytes of a big-endian two's complement integer that holds every `precision`-digit
// decimal: the smallest n with 2^(8n - 1) > 10^precision - 1.
int DecimalBytes(int precision) {
  unsigned __int128 max = 1;
  for (int i = 0; i < precision; ++i) max *= 10;
  max -= 1;
  int n = 1;
  while (n < 16 && (static_cast<unsigned __int128>(1) << (8 * n - 1)) <= max) ++n;
  return n;
}

LogicalType IntegerType(int bits, bool is_signed) {
  return LogicalType::Integer(static_cast<int8_t>(bits), is_signed);
}

}  // namespace

Result<WriterSchema> WriterSchema::Make(const columnar::Schema& schema) {
  if (schema.num_fields() == 0) {
    return Status::InvalidArgument("Parquet needs at least one column: schema is empty");
  }
  WriterSchema ws;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(schema.num_fields());
  ws.elements_.push_back(std::move(root));
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& f = schema.field(i);
    LAKEML_RETURN_IF_ERROR(ws.AddField(f, f.name, Context{static_cast<int>(i), {}, {}, 0, 0}));
  }
  return ws;
}

Status WriterSchema::AddField(const Field& field, const std::string& name, Context ctx) {
  SchemaElement e;
  e.name = name;
  // A void field holds only nulls, so it is OPTIONAL whatever its nullability.
  const bool optional = field.nullable || field.type->id() == TypeId::kNull;
  e.repetition_type = optional ? FieldRepetitionType::kOptional : FieldRepetitionType::kRequired;
  if (field.field_id >= 0) e.field_id = field.field_id;
  if (optional) ++ctx.def;
  ctx.path.push_back(name);
  const DataType& t = *field.type;
  switch (t.id()) {
    case TypeId::kStruct: {
      if (t.children().empty()) {
        return Status::InvalidArgument("Parquet cannot store a struct without fields: column ",
                                       name);
      }
      e.num_children = static_cast<int32_t>(t.children().size());
      elements_.push_back(std::move(e));
      for (size_t i = 0; i < t.children().size(); ++i) {
        Context c = ctx;
        c.child_path.push_back(static_cast<int>(i));
        LAKEML_RETURN_IF_ERROR(AddField(t.children()[i], t.children()[i].name, std::move(c)));
      }
      return Status::OK();
    }
    case TypeId::kList:
    case TypeId::kMap: {
      const bool is_list = t.id() == TypeId::kList;
      e.num_children = 1;
      e.converted_type = is_list ? ConvertedType::kList : ConvertedType::kMap;
      e.logical_type =
          LogicalType::Simple(is_list ? LogicalType::Kind::kList : LogicalType::Kind::kMap);
      elements_.push_back(std::move(e));
      SchemaElement repeated;
      repeated.name = is_list ? "list" : "key_value";
      repeated.repetition_type = FieldRepetitionType::kRepeated;
      repeated.num_children = is_list ? 1 : 2;
      elements_.push_back(std::move(repeated));
      ctx.path.push_back(is_list ? "list" : "key_value");
      ++ctx.def;
      ++ctx.rep;
      if (is_list) {
        Context c = ctx;
        c.child_path.push_back(0);
        return AddField(t.list_element(), "element", std::move(c));
      }
      Context k = ctx;
      k.child_path.push_back(0);
      Field key = t.map_key();
      key.nullable = false;  // Parquet map keys are always required.
      LAKEML_RETURN_IF_ERROR(AddField(key, "key", std::move(k)));
      Context v = ctx;
      v.child_path.push_back(1);
      return AddField(t.map_value(), "value", std::move(v));
    }
    default: return AddLeaf(field, std::move(e), std::move(ctx));
  }
}

Status WriterSchema::AddLeaf(const Field& field, SchemaElement e, Context ctx) {
  WriterLeaf leaf;
  leaf.column = ctx.column;
  leaf.child_path = ctx.child_path;
  leaf.path = ctx.path;
  for (size_t i = 0; i < ctx.path.size(); ++i) {
    if (i > 0) leaf.dotted_path += '.';
    leaf.dotted_path += ctx.path[i];
  }
  leaf.type = field.type;
  leaf.max_def = ctx.def;
  leaf.max_rep = ctx.rep;
  const DataType& t = *field.type;
  auto set = [&](Type type, ValueConversion conv, StatsOrder order) {
    leaf.physical_type = type;
    leaf.conversion = conv;
    leaf.stats_order = order;
  };
  auto set_int = [&](int bits, bool is_signed, std::optional<ConvertedType> converted) {
    e.logical_type = IntegerType(bits, is_signed);
    e.converted_type = converted;
  };
  switch (t.id()) {
    case TypeId::kBoolean:
      set(Type::kBoolean, ValueConversion::kBoolean, StatsOrder::kBoolean);
      break;
    case TypeId::kInt8:
      set(Type::kInt32, ValueConversion::kInt8ToInt32, StatsOrder::kInt32);
      set_int(8, true, ConvertedType::kInt8);
      break;
    case TypeId::kInt16:
      set(Type::kInt32, ValueConversion::kInt16ToInt32, StatsOrder::kInt32);
      set_int(16, true, ConvertedType::kInt16);
      break;
    case TypeId::kInt32: set(Type::kInt32, ValueConversion::kCopy, StatsOrder::kInt32); break;
    case TypeId::kUInt8:
      set(Type::kInt32, ValueConversion::kUInt8ToInt32, StatsOrder::kUInt32);
      set_int(8, false, ConvertedType::kUint8);
      break;
    case TypeId::kUInt16:
      set(Type::kInt32, ValueConversion::kUInt16ToInt32, StatsOrder::kUInt32);
      set_int(16, false, ConvertedType::kUint16);
      break;
    case TypeId::kUInt32:
      set(Type::kInt32, ValueConversion::kCopy, StatsOrder::kUInt32);
      set_int(32, false, ConvertedType::kUint32);
      break;
    case TypeId::kInt64: set(Type::kInt64, ValueConversion::kCopy, StatsOrder::kInt64); break;
    case TypeId::kUInt64:
      set(Type::kInt64, ValueConversion::kCopy, StatsOrder::kUInt64);
      set_int(64, false, ConvertedType::kUint64);
      break;
    case TypeId::kFloat16:
      set(Type::kFixedLenByteArray, ValueConversion::kCopy, StatsOrder::kFloat16);
      leaf.type_length = 2;
      e.logical_type = LogicalType::Simple(LogicalType::Kind::kFloat16);
      break;
    case TypeId::kFloat32: set(Type::kFloat, ValueConversion::kCopy, StatsOrder::kFloat); break;
    case TypeId::kFloat64: set(Type::kDouble, ValueConversion::kCopy, StatsOrder::kDouble); break;
    case TypeId::kDecimal: {
      const int p = t.precision();
      const int s = t.scale();
      if (p < 1 || p > 38 || s < 0 || s > p) {
        return Status::InvalidArgument("Parquet decimal needs 1 <= precision <= 38 and ",
                                       "0 <= scale <= precision: column ", leaf.dotted_path,
                                       ", precision ", p, ", scale ", s);
      }
      if (p <= 9) {
        set(Type::kInt32, ValueConversion::kDecimalToInt32, StatsOrder::kInt32);
      } else if (p <= 18) {
        set(Type::kInt64, ValueConversion::kDecimalToInt64, StatsOrder::kInt64);
      } else {
        set(Type::kFixedLenByteArray, ValueConversion::kDecimalToFixed, StatsOrder::kDecimalBytes);
        leaf.type_length = DecimalBytes(p);
      }
      e.logical_type = LogicalType::Decimal(s, p);
      e.converted_type = ConvertedType::kDecimal;
      e.scale = s;
      e.precision = p;
      break;
    }
    case TypeId::kDate32:
      set(Type::kInt32, ValueConversion::kCopy, StatsOrder::kInt32);
      e.logical_type = LogicalType::Simple(LogicalType::Kind::kDate);
      e.converted_type = ConvertedType::kDate;
      break;
    case TypeId::kTime64:
      switch (t.unit()) {
        case columnar::TimeUnit::kSecond:
          set(Type::kInt32, ValueConversion::kSecondsToMillis32, StatsOrder::kInt32);
          e.logical_type = LogicalType::Time(false, TimeUnit::kMillis);
          break;
        case columnar::TimeUnit::kMilli:
          set(Type::kInt32, ValueConversion::kInt64ToInt32, StatsOrder::kInt32);
          e.logical_type = LogicalType::Time(false, TimeUnit::kMillis);
          break;
        case columnar::TimeUnit::kMicro:
          set(Type::kInt64, ValueConversion::kCopy, StatsOrder::kInt64);
          e.logical_type = LogicalType::Time(false, TimeUnit::kMicros);
          break;
        case columnar::TimeUnit::kNano:
          set(Type::kInt64, ValueConversion::kCopy, StatsOrder::kInt64);
          e.logical_type = LogicalType::Time(false, TimeUnit::kNanos);
          break;
      }
      break;
    case TypeId::kTimestamp: {
      TimeUnit unit = TimeUnit::kMillis;
      set(Type::kInt64, ValueConversion::kCopy, StatsOrder::kInt64);
      switch (t.unit()) {
        case columnar::TimeUnit::kSecond:
          leaf.conversion = ValueConversion::kSecondsToMillis64;
          break;
        case columnar::TimeUnit::kMilli: break;
        case columnar::TimeUnit::kMicro: unit = TimeUnit::kMicros; break;
        case columnar::TimeUnit::kNano: unit = TimeUnit::kNanos; break;
      }
      e.logical_type = LogicalType::Timestamp(t.utc(), unit);
      if (t.utc() && unit == TimeUnit::kMillis) e.converted_type = ConvertedType::kTimestampMillis;
      if (t.utc() && unit == TimeUnit::kMicros) e.converted_type = ConvertedType::kTimestampMicros;
      break;
    }
    case TypeId::kInterval:
      set(Type::kFixedLenByteArray, ValueConversion::kInterval, StatsOrder::kNone);
      leaf.type_length = 12;
      e.converted_type = ConvertedType::kInterval;
      break;
    case TypeId::kString:
      set(Type::kByteArray, ValueConversion::kByteArray, StatsOrder::kBytes);
      if (t.extension() == "json") {
        e.logical_type = LogicalType::Simple(LogicalType::Kind::kJson);
        e.converted_type = ConvertedType::kJson;
      } else if (t.extension() == "enum") {
        e.logical_type = LogicalType::Simple(LogicalType::Kind::kEnum);
        e.converted_type = ConvertedType::kEnum;
      } else {
        e.logical_type = LogicalType::Simple(LogicalType::Kind::kString);
        e.converted_type = ConvertedType::kUtf8;
      }
      break;
    case TypeId::kBinary:
      set(Type::kByteArray, ValueConversion::kByteArray, StatsOrder::kBytes);
      if (t.extension() == "bson") {
        e.logical_type = LogicalType::Simple(LogicalType::Kind::kBson);
        e.converted_type = ConvertedType::kBson;
      } else if (t.extension() == "geometry" || t.extension() == "geography") {
        // Well-known binary. The format leaves min/max of geospatial columns undefined.
        e.logical_type = LogicalType::Simple(t.extension() == "geometry"
                                                 ? LogicalType::Kind::kGeometry
                                                 : LogicalType::Kind::kGeography);
        leaf.stats_order = StatsOrder::kNone;
      }
      break;
    case TypeId::kFixedSizeBinary:
      if (t.byte_width() <= 0) {
        return Status::InvalidArgument("Fixed-size binary needs a positive width: column ",
                                       leaf.dotted_path, ", width ", t.byte_width());
      }
      set(Type::kFixedLenByteArray, ValueConversion::kCopy, StatsOrder::kBytes);
      leaf.type_length = t.byte_width();
      if (t.extension() == "uuid" && t.byte_width() == 16) {
        e.logical_type = LogicalType::Simple(LogicalType::Kind::kUuid);
      }
      break;
    case TypeId::kNull:
      // Every value is null: an OPTIONAL INT32 column annotated UNKNOWN (as Arrow writes it).
      set(Type::kInt32, ValueConversion::kCopy, StatsOrder::kNone);
      e.logical_type = LogicalType::Simple(LogicalType::Kind::kUnknown);
      break;
    default: return Status::Internal("Unexpected nested type at a leaf: column ", leaf.dotted_path);
  }
  e.type = leaf.physical_type;
  if (leaf.physical_type == Type::kFixedLenByteArray) e.type_length = leaf.type_length;
  elements_.push_back(std::move(e));
  leaves_.push_back(std::move(leaf));
  return Status::OK();
}

}  // namespace lakeml::parquet
