#include "format/value_text/value_formatter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "base/half_float.h"
#include "format/json/json_string.h"
#include "format/value_text/binary_text.h"
#include "format/value_text/decimal_text.h"
#include "format/value_text/interval_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::format {
namespace {

using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;
using Style = ValueFormatter::Style;

template <typename T>
inline void AppendInt(T v, std::string* out) {
  char buf[24];
  char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  out->append(buf, end);
}

template <typename F>
inline void AppendFloating(F v, Style style, std::string* out) {
  if (!std::isfinite(v)) {
    const char* text = std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
    if (style == Style::kJson) out->push_back('"');
    out->append(text);
    if (style == Style::kJson) out->push_back('"');
    return;
  }
  char buf[64];
  char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  out->append(buf, end);
  // JSON keeps a floating value recognizable as one: 2.0, not 2 (Spark's to_json and
  // Databricks' JSON results).
  if (style == Style::kJson && std::find_if(buf, end, [](char c) {
                                 return c == '.' || c == 'e' || c == 'E';
                               }) == end) {
    out->append(".0");
  }
}

// Runs `fn` between quotes in JSON style, bare in text style.
template <typename Fn>
inline void Quoted(Style style, std::string* out, Fn&& fn) {
  if (style == Style::kJson) out->push_back('"');
  fn();
  if (style == Style::kJson) out->push_back('"');
}

void AppendNested(const Vector& v, int64_t row, std::string* out);

void AppendValue(const Vector& v, int64_t row, Style style, std::string* out) {
  if (v.IsNull(row)) {
    if (style == Style::kJson) out->append("null");
    return;
  }
  const DataType& type = *v.type();
  switch (type.id()) {
    case TypeId::kNull:
      if (style == Style::kJson) out->append("null");
      return;
    case TypeId::kBoolean:
      out->append(v.GetBool(row) ? "true" : "false");
      return;
    case TypeId::kInt8:
      AppendInt(v.values_as<int8_t>()[row], out);
      return;
    case TypeId::kInt16:
      AppendInt(v.values_as<int16_t>()[row], out);
      return;
    case TypeId::kInt32:
      AppendInt(v.values_as<int32_t>()[row], out);
      return;
    case TypeId::kInt64:
      AppendInt(v.values_as<int64_t>()[row], out);
      return;
    case TypeId::kUInt8:
      AppendInt(v.values_as<uint8_t>()[row], out);
      return;
    case TypeId::kUInt16:
      AppendInt(v.values_as<uint16_t>()[row], out);
      return;
    case TypeId::kUInt32:
      AppendInt(v.values_as<uint32_t>()[row], out);
      return;
    case TypeId::kUInt64:
      AppendInt(v.values_as<uint64_t>()[row], out);
      return;
    case TypeId::kFloat16:
      AppendFloating(HalfToFloat(v.values_as<uint16_t>()[row]), style, out);
      return;
    case TypeId::kFloat32:
      AppendFloating(v.values_as<float>()[row], style, out);
      return;
    case TypeId::kFloat64:
      AppendFloating(v.values_as<double>()[row], style, out);
      return;
    case TypeId::kDecimal:
      Quoted(style, out,
             [&] { AppendDecimal128LE(v.values()->data() + 16 * row, type.scale(), out); });
      return;
    case TypeId::kDate32:
      Quoted(style, out, [&] { AppendDate(v.values_as<int32_t>()[row], out); });
      return;
    case TypeId::kTime64:
      Quoted(style, out, [&] { AppendTime(v.values_as<int64_t>()[row], type.unit(), out); });
      return;
    case TypeId::kTimestamp:
      Quoted(style, out,
             [&] { AppendTimestamp(v.values_as<int64_t>()[row], type.unit(), type.utc(), out); });
      return;
    case TypeId::kInterval: {
      const uint8_t* p = v.values()->data() + 16 * row;
      int32_t months, days;
      int64_t nanos;
      std::memcpy(&months, p, 4);
      std::memcpy(&days, p + 4, 4);
      std::memcpy(&nanos, p + 8, 8);
      Quoted(style, out, [&] { AppendInterval(months, days, nanos, out); });
      return;
    }
    case TypeId::kYearMonthInterval:
      Quoted(style, out, [&] {
        IntervalText::AppendYearMonth(v.values_as<int32_t>()[row], type.interval_start(),
                                      type.interval_end(), out);
      });
      return;
    case TypeId::kDayTimeInterval:
      Quoted(style, out, [&] {
        IntervalText::AppendDayTime(v.values_as<int64_t>()[row], type.interval_start(),
                                    type.interval_end(), out);
      });
      return;
    case TypeId::kString:
      if (style == Style::kJson) {
        json::AppendJsonString(v.GetView(row), out);
      } else {
        out->append(v.GetView(row));
      }
      return;
    case TypeId::kBinary:
      Quoted(style, out, [&] { AppendBase64(v.GetView(row), out); });
      return;
    case TypeId::kFixedSizeBinary:
      Quoted(style, out, [&] {
        if (type.byte_width() == 16 && type.extension() == "uuid") {
          AppendUuid(v.GetFixedView(row), out);
        } else {
          AppendBase64(v.GetFixedView(row), out);
        }
      });
      return;
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct:
      AppendNested(v, row, out);
      return;
  }
}

void AppendNested(const Vector& v, int64_t row, std::string* out) {
  const DataType& type = *v.type();
  switch (type.id()) {
    case TypeId::kList: {
      const int64_t* o = v.offsets();
      const Vector& elements = *v.child(0);
      out->push_back('[');
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (j > o[row]) out->push_back(',');
        AppendValue(elements, j, Style::kJson, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int64_t* o = v.offsets();
      // Map vectors hold the key and value vectors directly as children (see vector.h).
      const Vector& keys = *v.child(0);
      const Vector& values = *v.child(1);
      const bool string_keys = keys.type()->id() == TypeId::kString;
      out->push_back(string_keys ? '{' : '[');
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (j > o[row]) out->push_back(',');
        if (string_keys) {
          if (keys.IsNull(j)) {
            out->append("\"\"");  // Not allowed by Parquet; print something parseable.
          } else {
            json::AppendJsonString(keys.GetView(j), out);
          }
          out->push_back(':');
          AppendValue(values, j, Style::kJson, out);
        } else {
          out->append("{\"key\":");
          AppendValue(keys, j, Style::kJson, out);
          out->append(",\"value\":");
          AppendValue(values, j, Style::kJson, out);
          out->push_back('}');
        }
      }
      out->push_back(string_keys ? '}' : ']');
      return;
    }
    case TypeId::kStruct: {
      const auto& fields = type.children();
      out->push_back('{');
      for (size_t f = 0; f < fields.size(); ++f) {
        if (f > 0) out->push_back(',');
        json::AppendJsonString(fields[f].name, out);
        out->push_back(':');
        AppendValue(*v.child(f), row, Style::kJson, out);
      }
      out->push_back('}');
      return;
    }
    default:
      return;
  }
}

}  // namespace

void ValueFormatter::Append(const Vector& vector, int64_t row, Style style, std::string* out) {
  AppendValue(vector, row, style, out);
}

void ValueFormatter::AppendDouble(double v, Style style, std::string* out) {
  AppendFloating(v, style, out);
}

void ValueFormatter::AppendFloat(float v, Style style, std::string* out) {
  AppendFloating(v, style, out);
}

}  // namespace lakeml::format
