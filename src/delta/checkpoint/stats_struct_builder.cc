#include "delta/checkpoint/stats_struct_builder.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "delta/checkpoint/spark_value_text.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// DO NOT CHANGE: stored in Delta logs.
constexpr char kPhysicalNameKey[] = "delta.columnMapping.physicalName";

std::string StatsName(const Field& f, bool physical) {
  if (physical) {
    if (const std::string* json = f.FindMetadata(kPhysicalNameKey)) {
      nlohmann::json name = nlohmann::json::parse(*json, nullptr, /*allow_exceptions=*/false);
      if (name.is_string()) return name.get<std::string>();
    }
  }
  return f.name;
}

bool HasMinMax(const DataType& t) {
  switch (t.id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDecimal:
    case TypeId::kDate32:
    case TypeId::kTimestamp:
    case TypeId::kString:
      return true;
    default:
      return false;
  }
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

// The JSON parser and its padded input buffer.
struct StatsStructBuilder::Parser {
  simdjson::ondemand::parser parser;
  std::string buffer;
};

StatsStructBuilder::StatsStructBuilder() : parser_(std::make_unique<Parser>()) {}
StatsStructBuilder::~StatsStructBuilder() = default;

Result<std::unique_ptr<StatsStructBuilder>> StatsStructBuilder::Make(
    const columnar::Schema& table_schema, const std::vector<std::string>& partition_columns,
    bool physical_names, bool tight_bounds) {
  auto b = std::unique_ptr<StatsStructBuilder>(new StatsStructBuilder());
  int leaves = 0;
  int structs = 0;
  auto leaf = [&](std::string name, TypePtr type) {
    Node n;
    n.name = std::move(name);
    n.type = std::move(type);
    n.slot = leaves++;
    return n;
  };
  auto finish_struct = [&](Node* n) {
    std::vector<Field> fields;
    for (const Node& c : n->children) fields.push_back(Field{c.name, c.type, true});
    n->type = DataType::Struct(std::move(fields));
    n->slot = structs++;
  };
  // Builds the minValues/maxValues (min_max) or nullCount subtree of one column.
  std::function<std::optional<Node>(const Field&, bool)> column = [&](const Field& f,
                                                                      bool min_max) {
    const std::string name = StatsName(f, physical_names);
    const DataType& t = *f.type;
    if (t.id() == TypeId::kStruct && !t.is_variant()) {
      Node n;
      n.name = name;
      for (const Field& c : t.children()) {
        if (std::optional<Node> child = column(c, min_max)) n.children.push_back(std::move(*child));
      }
      if (n.children.empty()) return std::optional<Node>();
      finish_struct(&n);
      return std::optional<Node>(std::move(n));
    }
    if (!min_max) return std::optional<Node>(leaf(name, DataType::Primitive(TypeId::kInt64)));
    if (!HasMinMax(t)) return std::optional<Node>();
    return std::optional<Node>(leaf(name, f.type));
  };
  auto section = [&](const char* name, bool min_max) -> std::optional<Node> {
    Node n;
    n.name = name;
    for (const Field& f : table_schema.fields()) {
      const bool is_partition = std::find(partition_columns.begin(), partition_columns.end(),
                                          f.name) != partition_columns.end();
      if (is_partition) continue;
      if (std::optional<Node> c = column(f, min_max)) n.children.push_back(std::move(*c));
    }
    if (n.children.empty()) return std::nullopt;
    finish_struct(&n);
    return n;
  };

  Node& root = b->root_;
  root.children.push_back(leaf("numRecords", DataType::Primitive(TypeId::kInt64)));
  for (auto [name, min_max] : {std::pair{"minValues", true}, std::pair{"maxValues", true},
                               std::pair{"nullCount", false}}) {
    if (std::optional<Node> n = section(name, min_max)) root.children.push_back(std::move(*n));
  }
  if (tight_bounds) {
    root.children.push_back(leaf("tightBounds", DataType::Primitive(TypeId::kBoolean)));
  }
  finish_struct(&root);
  b->type_ = root.type;
  b->present_.assign(structs, 0);
  // Leaf scalars keep their types; only the payload changes from row to row.
  b->values_.resize(leaves);
  std::function<void(const Node&)> init = [&](const Node& n) {
    if (n.type->id() == TypeId::kStruct && n.slot >= 0 && !n.children.empty()) {
      for (const Node& c : n.children) init(c);
      return;
    }
    b->values_[n.slot] = Scalar::Null(n.type);
  };
  init(root);
  return b;
}

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

// Sets `s` from a JSON value of the column's type; leaves it null when the value does not fit.
void ParseLeaf(value v, Scalar* s) {
  json_type jt;
  if (v.type().get(jt) || jt == json_type::null) return;
  const DataType& t = *s->type;
  switch (t.id()) {
    case TypeId::kBoolean: {
      bool b;
      if (!v.get_bool().get(b)) {
        s->b = b;
        s->is_null = false;
      }
      return;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t i;
      if (v.get_int64().get(i)) return;
      const int bits = t.fixed_width() * 8;
      if (bits < 64 && (i < -(int64_t{1} << (bits - 1)) || i >= (int64_t{1} << (bits - 1)))) {
        return;
      }
      s->i = i;
      s->is_null = false;
      return;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d;
      if (jt == json_type::string) {
        std::string_view text;
        if (v.get_string().get(text)) return;
        if (text == "NaN") {
          d = std::numeric_limits<double>::quiet_NaN();
        } else if (text == "Infinity") {
          d = std::numeric_limits<double>::infinity();
        } else if (text == "-Infinity") {
          d = -std::numeric_limits<double>::infinity();
        } else {
          return;
        }
      } else if (v.get_double().get(d)) {
        return;
      }
      s->d = d;
      s->is_null = false;
      return;
    }
    case TypeId::kDecimal: {
      if (jt != json_type::number) return;
      std::string_view token = v.raw_json_token();
      while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                                token.back() == '\r' || token.back() == '\t')) {
        token.remove_suffix(1);
      }
      std::optional<__int128> unscaled = ParseDecimalNumber(token, t.precision(), t.scale());
      if (!unscaled) return;
      s->dec = *unscaled;
      s->is_null = false;
      return;
    }
    case TypeId::kDate32: {
      std::string_view text;
      if (v.get_string().get(text)) return;
      std::optional<int64_t> days = ParseIsoDate(text);
      if (!days) return;
      s->i = *days;
      s->is_null = false;
      return;
    }
    case TypeId::kTimestamp: {
      std::string_view text;
      if (v.get_string().get(text)) return;
      std::optional<int64_t> micros = ParseTimestampMicros(text);
      if (!micros) return;
      int64_t ticks = *micros;
      switch (t.unit()) {
        case columnar::TimeUnit::kSecond:
          ticks = FloorDiv(ticks, 1000000);
          break;
        case columnar::TimeUnit::kMilli:
          ticks = FloorDiv(ticks, 1000);
          break;
        case columnar::TimeUnit::kMicro:
          break;
        case columnar::TimeUnit::kNano:
          if (__builtin_mul_overflow(ticks, int64_t{1000}, &ticks)) return;
          break;
      }
      s->i = ticks;
      s->is_null = false;
      return;
    }
    case TypeId::kString: {
      std::string_view text;
      if (v.get_string().get(text)) return;
      s->bytes.assign(text);
      s->is_null = false;
      return;
    }
    default:
      return;
  }
}

}  // namespace

void StatsStructBuilder::Append(const std::optional<std::string>& stats_json, VectorBuilder* out) {
  if (!stats_json) {
    out->AppendNull();
    return;
  }
  for (Scalar& s : values_) s.is_null = true;
  std::fill(present_.begin(), present_.end(), 0);

  Parser& p = *parser_;
  p.buffer.reserve(stats_json->size() + simdjson::SIMDJSON_PADDING);
  p.buffer.assign(*stats_json);
  simdjson::ondemand::document doc;
  if (p.parser.iterate(p.buffer.data(), p.buffer.size(), p.buffer.capacity()).get(doc)) {
    out->AppendNull();
    return;
  }
  // Fills slots from an object; false on malformed JSON.
  std::function<bool(const Node&, object)> parse_object = [&](const Node& node, object obj) {
    present_[node.slot] = 1;
    for (auto field_result : obj) {
      simdjson::ondemand::field field;
      if (std::move(field_result).get(field)) return false;
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      const Node* child = nullptr;
      for (const Node& c : node.children) {
        if (c.name == key) {
          child = &c;
          break;
        }
      }
      if (child == nullptr) continue;  // Not a column of the stats struct: skipped.
      value v = field.value();
      if (child->type->id() == TypeId::kStruct && !child->children.empty()) {
        json_type jt;
        if (v.type().get(jt)) return false;
        if (jt != json_type::object || present_[child->slot]) continue;
        object inner;
        if (v.get_object().get(inner)) return false;
        if (!parse_object(*child, inner)) return false;
      } else if (values_[child->slot].is_null) {
        ParseLeaf(v, &values_[child->slot]);
      }
    }
    return true;
  };
  object root;
  if (doc.get_object().get(root) || !parse_object(root_, root)) {
    out->AppendNull();
    return;
  }
  Emit(root_, out);
}

void StatsStructBuilder::Emit(const Node& node, VectorBuilder* out) const {
  if (node.type->id() == TypeId::kStruct && !node.children.empty()) {
    if (!present_[node.slot]) {
      out->AppendNull();
      return;
    }
    for (size_t i = 0; i < node.children.size(); ++i) Emit(node.children[i], &out->child(i));
    out->AppendStruct();
    return;
  }
  out->AppendScalar(values_[node.slot]);
}

}  // namespace lakeml::delta
