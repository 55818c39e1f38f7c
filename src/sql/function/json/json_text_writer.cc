#include "sql/function/json/json_text_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "format/json/json_string.h"
#include "format/value_text/civil_date.h"
#include "format/value_text/java_floating_text.h"
#include "format/value_text/value_formatter.h"

namespace lakeml::sql {

using columnar::TypeId;
using format::ValueFormatter;

namespace {

// Spark's JSON writer prints numbers as Java's Double.toString / Float.toString do, and NaN
// and the infinities as JSON strings.
template <typename T>
void AppendJavaFloating(T v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append(std::isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  if constexpr (std::is_same_v<T, float>) {
    format::JavaFloatingText::AppendFloat(v, out);
  } else {
    format::JavaFloatingText::AppendDouble(v, out);
  }
}

}  // namespace

void JsonTextWriter::AppendElement(simdjson::dom::element e, std::string* out) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: {
      out->push_back('[');
      bool first = true;
      for (simdjson::dom::element child : simdjson::dom::array(e)) {
        if (!first) out->push_back(',');
        first = false;
        AppendElement(child, out);
      }
      out->push_back(']');
      return;
    }
    case simdjson::dom::element_type::OBJECT: {
      out->push_back('{');
      bool first = true;
      for (simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) {
        if (!first) out->push_back(',');
        first = false;
        json::AppendJsonString(kv.key, out);
        out->push_back(':');
        AppendElement(kv.value, out);
      }
      out->push_back('}');
      return;
    }
    case simdjson::dom::element_type::STRING:
      json::AppendJsonString(std::string_view(e), out);
      return;
    case simdjson::dom::element_type::INT64:
      out->append(std::to_string(int64_t(e)));
      return;
    case simdjson::dom::element_type::UINT64:
      out->append(std::to_string(uint64_t(e)));
      return;
    case simdjson::dom::element_type::DOUBLE:
      AppendJavaFloating(double(e), out);
      return;
    case simdjson::dom::element_type::BOOL:
      out->append(bool(e) ? "true" : "false");
      return;
    case simdjson::dom::element_type::NULL_VALUE:
      out->append("null");
      return;
  }
}

void JsonTextWriter::AppendTimestamp(int64_t micros, std::string* out) {
  constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  const format::CivilDate d = format::CivilFromDays(days);
  const int64_t secs = rest / 1000000;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "\"%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ\"",
                static_cast<long long>(d.year), d.month, d.day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                static_cast<long long>(rest % 1000000 / 1000));
  out->append(buf);
}

void JsonTextWriter::AppendValue(const columnar::Vector& v, int64_t row, std::string* out) {
  const columnar::DataType& type = *v.type();
  switch (type.id()) {
    case TypeId::kStruct: {
      out->push_back('{');
      bool first = true;
      const auto& fields = type.children();
      for (size_t f = 0; f < fields.size(); ++f) {
        const columnar::Vector& child = *v.child(f);
        if (child.type()->id() == TypeId::kNull || child.IsNull(row)) continue;
        if (!first) out->push_back(',');
        first = false;
        json::AppendJsonString(fields[f].name, out);
        out->push_back(':');
        AppendValue(child, row, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      const int64_t* o = v.offsets();
      const columnar::Vector& elements = *v.child(0);
      out->push_back('[');
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (j > o[row]) out->push_back(',');
        if (elements.type()->id() == TypeId::kNull || elements.IsNull(j)) {
          out->append("null");
        } else {
          AppendValue(elements, j, out);
        }
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int64_t* o = v.offsets();
      const columnar::Vector& keys = *v.child(0);
      const columnar::Vector& values = *v.child(1);
      out->push_back('{');
      std::string key;
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (j > o[row]) out->push_back(',');
        key.clear();
        ValueFormatter::AppendText(keys, j, &key);
        json::AppendJsonString(key, out);
        out->push_back(':');
        if (values.type()->id() == TypeId::kNull || values.IsNull(j)) {
          out->append("null");
        } else {
          AppendValue(values, j, out);
        }
      }
      out->push_back('}');
      return;
    }
    case TypeId::kDecimal:
      ValueFormatter::AppendText(v, row, out);
      return;
    case TypeId::kTimestamp:
      AppendTimestamp(v.values_as<int64_t>()[row], out);
      return;
    case TypeId::kFloat64:
      AppendJavaFloating(v.values_as<double>()[row], out);
      return;
    case TypeId::kFloat32:
      AppendJavaFloating(v.values_as<float>()[row], out);
      return;
    default:
      ValueFormatter::AppendJson(v, row, out);
      return;
  }
}

}  // namespace lakeml::sql
