#include "columnar/data_type.h"

#include "base/check.h"
#include "base/str_cat.h"

namespace lakeml::columnar {

int DataType::fixed_width() const {
  switch (id_) {
    case TypeId::kInt8:
    case TypeId::kUInt8:
      return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16:
    case TypeId::kFloat16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return 8;
    case TypeId::kDecimal:
    case TypeId::kInterval:
      return 16;
    case TypeId::kFixedSizeBinary:
      return byte_width_;
    default:
      return 0;
  }
}

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "s";
    case TimeUnit::kMilli:
      return "ms";
    case TimeUnit::kMicro:
      return "us";
    case TimeUnit::kNano:
      return "ns";
  }
  return "?";
}

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kNull:
      return "void";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kInt8:
      return "tinyint";
    case TypeId::kInt16:
      return "smallint";
    case TypeId::kInt32:
      return "int";
    case TypeId::kInt64:
      return "bigint";
    case TypeId::kUInt8:
      return "utinyint";
    case TypeId::kUInt16:
      return "usmallint";
    case TypeId::kUInt32:
      return "uint";
    case TypeId::kUInt64:
      return "ubigint";
    case TypeId::kFloat16:
      return "float16";
    case TypeId::kFloat32:
      return "float";
    case TypeId::kFloat64:
      return "double";
    case TypeId::kDecimal:
      return StrCat("decimal(", precision_, ",", scale_, ")");
    case TypeId::kDate32:
      return "date";
    case TypeId::kTime64:
      return StrCat("time(", TimeUnitName(unit_), ")");
    case TypeId::kTimestamp:
      return StrCat(utc_ ? "timestamp" : "timestamp_ntz",
                    unit_ == TimeUnit::kMicro ? "" : StrCat("(", TimeUnitName(unit_), ")"));
    case TypeId::kInterval:
      return "interval";
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: {
      static const char* const kYm[] = {"year", "month"};
      static const char* const kDt[] = {"day", "hour", "minute", "second"};
      const char* const* names = id_ == TypeId::kYearMonthInterval ? kYm : kDt;
      if (precision_ == scale_) return StrCat("interval ", names[precision_]);
      return StrCat("interval ", names[precision_], " to ", names[scale_]);
    }
    case TypeId::kString:
      return extension_.empty() ? "string" : StrCat("string<", extension_, ">");
    case TypeId::kBinary:
      return extension_.empty() ? "binary" : StrCat("binary<", extension_, ">");
    case TypeId::kFixedSizeBinary:
      return extension_.empty() ? StrCat("binary(", byte_width_, ")") : extension_;
    case TypeId::kList:
      return StrCat("array<", children_[0].type->ToString(), ">");
    case TypeId::kMap:
      return StrCat("map<", children_[0].type->ToString(), ",", children_[1].type->ToString(), ">");
    case TypeId::kStruct: {
      if (extension_ == "variant") return "variant";
      std::string out = "struct<";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i > 0) out += ",";
        out += StrCat(children_[i].name, ":", children_[i].type->ToString());
      }
      return out + ">";
    }
  }
  return "?";
}

bool DataType::Equals(const DataType& o) const {
  if (id_ != o.id_ || precision_ != o.precision_ || scale_ != o.scale_ ||
      byte_width_ != o.byte_width_ || extension_ != o.extension_ ||
      children_.size() != o.children_.size()) {
    return false;
  }
  if ((id_ == TypeId::kTime64 || id_ == TypeId::kTimestamp) && unit_ != o.unit_) return false;
  if (id_ == TypeId::kTimestamp && utc_ != o.utc_) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    const Field& a = children_[i];
    const Field& b = o.children_[i];
    if (a.name != b.name || a.nullable != b.nullable || !a.type->Equals(*b.type)) return false;
  }
  return true;
}

TypePtr DataType::Primitive(TypeId id) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = id;
  return t;
}

TypePtr DataType::Decimal(int precision, int scale) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kDecimal;
  t->precision_ = precision;
  t->scale_ = scale;
  return t;
}

TypePtr DataType::FixedSizeBinary(int byte_width, std::string extension) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kFixedSizeBinary;
  t->byte_width_ = byte_width;
  t->extension_ = std::move(extension);
  return t;
}

TypePtr DataType::Time(TimeUnit unit) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kTime64;
  t->unit_ = unit;
  return t;
}

TypePtr DataType::Timestamp(TimeUnit unit, bool utc) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kTimestamp;
  t->unit_ = unit;
  t->utc_ = utc;
  return t;
}

TypePtr DataType::YearMonthInterval(int start, int end) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kYearMonthInterval;
  t->precision_ = start;
  t->scale_ = end;
  return t;
}

TypePtr DataType::DayTimeInterval(int start, int end) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kDayTimeInterval;
  t->precision_ = start;
  t->scale_ = end;
  return t;
}

TypePtr DataType::String(std::string extension) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kString;
  t->extension_ = std::move(extension);
  return t;
}

TypePtr DataType::Binary(std::string extension) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kBinary;
  t->extension_ = std::move(extension);
  return t;
}

TypePtr DataType::List(Field element) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kList;
  t->children_.push_back(std::move(element));
  return t;
}

TypePtr DataType::Map(Field key, Field value) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kMap;
  key.nullable = false;
  t->children_.push_back(std::move(key));
  t->children_.push_back(std::move(value));
  return t;
}

TypePtr DataType::Struct(std::vector<Field> fields) {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kStruct;
  t->children_ = std::move(fields);
  return t;
}

TypePtr DataType::Variant() {
  auto t = std::shared_ptr<DataType>(new DataType());
  t->id_ = TypeId::kStruct;
  t->extension_ = "variant";
  t->children_.push_back(Field{"metadata", Binary(), false});
  t->children_.push_back(Field{"value", Binary(), false});
  return t;
}

}  // namespace lakeml::columnar
