#include "delta/checkpoint/parsed_stats_json.h"

#include <charconv>

#include "delta/checkpoint/spark_value_text.h"
#include "format/json/json_string.h"
#include "format/value_text/decimal_text.h"

namespace lakeml::delta {

using columnar::Field;
using columnar::TypeId;
using columnar::Vector;

namespace {

template <typename T>
void AppendInteger(T v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

// Java prints non-finite numbers as words; Jackson writes them as JSON strings.
template <typename T>
void AppendJsonFloating(T v, std::string* out) {
  const size_t at = out->size();
  if constexpr (sizeof(T) == 4) {
    AppendJavaFloat(v, out);
  } else {
    AppendJavaDouble(v, out);
  }
  const char c = (*out)[at] == '-' ? (*out)[at + 1] : (*out)[at];
  if (c == 'N' || c == 'I') {
    out->insert(out->begin() + static_cast<std::ptrdiff_t>(at), '"');
    out->push_back('"');
  }
}

}  // namespace

ParsedStatsJson ParsedStatsJson::Make(const columnar::TypePtr& type,
                                      const std::string& parquet_path,
                                      const TimestampZoneHints& hints) {
  ParsedStatsJson p;
  p.root_ = Build(Field{"", type, true}, "", parquet_path, 0, hints);
  return p;
}

ParsedStatsJson::Node ParsedStatsJson::Build(const Field& field, const std::string& column_path,
                                             const std::string& parquet_path, int depth,
                                             const TimestampZoneHints& hints) {
  Node n;
  const columnar::DataType& type = *field.type;
  n.id = type.id();
  if (depth > 0) {
    json::AppendJsonString(field.name, &n.key);
    n.key.push_back(':');
  }
  switch (type.id()) {
    case TypeId::kStruct:
      for (const Field& child : type.children()) {
        // Depth 1 is minValues / maxValues / nullCount; table columns start below it.
        const std::string child_column =
            depth < 1 ? "" : (column_path.empty() ? child.name : column_path + "." + child.name);
        n.children.push_back(
            Build(child, child_column, parquet_path + "." + child.name, depth + 1, hints));
      }
      break;
    case TypeId::kList:
      n.children.push_back(Build(type.list_element(), column_path, parquet_path + ".list.element",
                                 depth + 1, hints));
      break;
    case TypeId::kMap:
      n.children.push_back(
          Build(type.map_key(), column_path, parquet_path + ".key_value.key", depth + 1, hints));
      n.children.push_back(Build(type.map_value(), column_path, parquet_path + ".key_value.value",
                                 depth + 1, hints));
      break;
    case TypeId::kTimestamp:
      n.unit = type.unit();
      n.utc = hints.IsUtc(column_path, parquet_path, type.utc());
      break;
    case TypeId::kDecimal:
      n.scale = type.scale();
      break;
    case TypeId::kNull:
    case TypeId::kTime64:
    case TypeId::kInterval:
    case TypeId::kFloat16:
    case TypeId::kFixedSizeBinary:
      n.skip = true;
      break;
    default:
      break;
  }
  return n;
}

void ParsedStatsJson::Append(const Vector& v, int64_t row, std::string* out) const {
  AppendValue(root_, v, row, out);
}

void ParsedStatsJson::AppendValue(const Node& node, const Vector& v, int64_t row,
                                  std::string* out) {
  switch (node.id) {
    case TypeId::kStruct: {
      out->push_back('{');
      bool first = true;
      for (size_t i = 0; i < node.children.size(); ++i) {
        const Node& c = node.children[i];
        const Vector& cv = *v.child(i);
        if (c.skip || cv.IsNull(row)) continue;
        if (!first) out->push_back(',');
        first = false;
        out->append(c.key);
        AppendValue(c, cv, row, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      const int64_t* o = v.offsets();
      const Vector& elements = *v.child(0);
      out->push_back('[');
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (j > o[row]) out->push_back(',');
        if (elements.IsNull(j) || node.children[0].skip) {
          out->append("null");
        } else {
          AppendValue(node.children[0], elements, j, out);
        }
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int64_t* o = v.offsets();
      const Vector& keys = *v.child(0);
      const Vector& values = *v.child(1);
      out->push_back('{');
      bool first = true;
      for (int64_t j = o[row]; j < o[row + 1]; ++j) {
        if (values.IsNull(j) || node.children[1].skip || node.children[0].skip) continue;
        if (!first) out->push_back(',');
        first = false;
        // JSON keys are strings: print the key, then quote it unless it already is one.
        std::string key;
        AppendValue(node.children[0], keys, j, &key);
        if (key.empty() || key[0] != '"') {
          json::AppendJsonString(key, out);
        } else {
          out->append(key);
        }
        out->push_back(':');
        AppendValue(node.children[1], values, j, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kBoolean:
      out->append(v.GetBool(row) ? "true" : "false");
      return;
    case TypeId::kInt8:
      AppendInteger(v.values_as<int8_t>()[row], out);
      return;
    case TypeId::kInt16:
      AppendInteger(v.values_as<int16_t>()[row], out);
      return;
    case TypeId::kInt32:
      AppendInteger(v.values_as<int32_t>()[row], out);
      return;
    case TypeId::kInt64:
      AppendInteger(v.values_as<int64_t>()[row], out);
      return;
    case TypeId::kUInt8:
      AppendInteger(v.values_as<uint8_t>()[row], out);
      return;
    case TypeId::kUInt16:
      AppendInteger(v.values_as<uint16_t>()[row], out);
      return;
    case TypeId::kUInt32:
      AppendInteger(v.values_as<uint32_t>()[row], out);
      return;
    case TypeId::kUInt64:
      AppendInteger(v.values_as<uint64_t>()[row], out);
      return;
    case TypeId::kFloat32:
      AppendJsonFloating(v.values_as<float>()[row], out);
      return;
    case TypeId::kFloat64:
      AppendJsonFloating(v.values_as<double>()[row], out);
      return;
    case TypeId::kDecimal:
      format::AppendDecimal128LE(v.values()->data() + row * 16, node.scale, out);
      return;
    case TypeId::kDate32:
      out->push_back('"');
      AppendIsoDate(v.values_as<int32_t>()[row], out);
      out->push_back('"');
      return;
    case TypeId::kTimestamp:
      out->push_back('"');
      AppendStatsTimestamp(v.values_as<int64_t>()[row], node.unit, node.utc, out);
      out->push_back('"');
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      json::AppendJsonString(v.GetView(row), out);
      return;
    default:
      out->append("null");
      return;
  }
}

}  // namespace lakeml::delta
