#include "delta/stats/file_stats_parser.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "delta/stats/stats_value_text.h"

namespace lakeml::delta {

using columnar::Scalar;
using columnar::TypeId;
using simdjson::ondemand::json_type;

// One name in the tree of requested physical paths. `column` is the index of the StatsColumn
// that ends here (-1 for a struct on the way to one).
struct FileStatsParser::Node {
  std::string name;
  int column = -1;
  std::vector<Node> children;

  const Node* Find(std::string_view key) const {
    for (const Node& c : children) {
      if (c.name == key) return &c;
    }
    return nullptr;
  }
};

struct FileStatsParser::Impl {
  simdjson::ondemand::parser parser;
  std::string buffer;  // `json` copied with simdjson's padding after it.
};

namespace {

enum class StatKind { kMin, kMax, kNullCount };

// DO NOT CHANGE: stored in Delta logs.
constexpr std::string_view kNumRecords = "numRecords";
constexpr std::string_view kMinValues = "minValues";
constexpr std::string_view kMaxValues = "maxValues";
constexpr std::string_view kNullCount = "nullCount";
constexpr std::string_view kTightBounds = "tightBounds";

bool IsSignedInt(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}

bool SignedFits(TypeId id, int64_t v) {
  switch (id) {
    case TypeId::kInt8:
      return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kInt16:
      return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt32:
      return v >= INT32_MIN && v <= INT32_MAX;
    default:
      return true;
  }
}

bool UnsignedFits(TypeId id, uint64_t v) {
  switch (id) {
    case TypeId::kUInt8:
      return v <= UINT8_MAX;
    case TypeId::kUInt16:
      return v <= UINT16_MAX;
    case TypeId::kUInt32:
      return v <= UINT32_MAX;
    default:
      return true;
  }
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' ||
                        s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Decodes one min or max value of `column` (`kind` says which bound, for rounding); returns
// false to drop it.
bool DecodeBound(simdjson::ondemand::value& v, const StatsColumn& column, StatKind kind,
                 std::optional<Scalar>* out) {
  json_type jt;
  if (v.type().get(jt) != simdjson::SUCCESS) return false;
  if (jt == json_type::null || jt == json_type::object || jt == json_type::array) return false;
  const columnar::TypePtr& type = column.type;
  const TypeId id = type->id();
  const Rounding rounding = kind == StatKind::kMin ? Rounding::kFloor : Rounding::kCeil;
  if (IsSignedInt(id)) {
    if (jt != json_type::number) return false;
    int64_t i;
    if (v.get_int64().get(i) != simdjson::SUCCESS) {
      // 5.0 for an integer column: accept integral doubles only.
      double d;
      if (v.get_double().get(d) != simdjson::SUCCESS || std::trunc(d) != d ||
          std::fabs(d) >= 9.2e18) {
        return false;
      }
      i = static_cast<int64_t>(d);
    }
    if (!SignedFits(id, i)) return false;
    out->emplace(Scalar::Int(type, i));
    return true;
  }
  switch (id) {
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: {
      uint64_t u;
      if (jt != json_type::number || v.get_uint64().get(u) != simdjson::SUCCESS ||
          !UnsignedFits(id, u)) {
        return false;
      }
      out->emplace(Scalar::UInt(type, u));
      return true;
    }
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d;
      if (jt == json_type::number) {
        if (v.get_double().get(d) != simdjson::SUCCESS) return false;
      } else if (jt == json_type::string) {
        // Spark (Jackson) quotes the non-finite values.
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS) return false;
        if (s == "NaN") {
          d = std::numeric_limits<double>::quiet_NaN();
        } else if (s == "Infinity") {
          d = std::numeric_limits<double>::infinity();
        } else if (s == "-Infinity") {
          d = -std::numeric_limits<double>::infinity();
        } else {
          return false;
        }
      } else {
        return false;
      }
      if (id != TypeId::kFloat64 && !std::isnan(d)) {
        // The stored text is the float's shortest form; round it back to that float. Values
        // outside float range keep their infinity, which only widens the bound.
        const float f = static_cast<float>(d);
        d = static_cast<double>(f);
      }
      out->emplace(Scalar::Double(type, d));
      return true;
    }
    case TypeId::kDecimal: {
      std::string_view text;
      if (jt == json_type::number) {
        text = TrimRight(v.raw_json_token());
      } else if (jt == json_type::string) {
        if (v.get_string().get(text) != simdjson::SUCCESS) return false;
      } else {
        return false;
      }
      __int128 unscaled;
      if (!ParseDecimalText(text, type->precision(), type->scale(), rounding, &unscaled)) {
        return false;
      }
      out->emplace(Scalar::Decimal(type, unscaled));
      return true;
    }
    case TypeId::kDate32: {
      std::string_view text;
      int64_t days;
      if (jt != json_type::string || v.get_string().get(text) != simdjson::SUCCESS ||
          !ParseDateText(text, &days) || days < INT32_MIN || days > INT32_MAX) {
        return false;
      }
      out->emplace(Scalar::Int(type, days));
      return true;
    }
    case TypeId::kTimestamp: {
      std::string_view text;
      int64_t ticks;
      if (jt != json_type::string || v.get_string().get(text) != simdjson::SUCCESS ||
          !ParseTimestampText(text, type->unit(), rounding, &ticks)) {
        return false;
      }
      out->emplace(Scalar::Int(type, ticks));
      return true;
    }
    case TypeId::kString: {
      std::string_view text;
      if (jt != json_type::string || v.get_string().get(text) != simdjson::SUCCESS) return false;
      out->emplace(Scalar::Bytes(type, std::string(text)));
      return true;
    }
    default:
      // Booleans, binaries, times, intervals: no usable bounds.
      return false;
  }
}

// Walks one of minValues / maxValues / nullCount, decoding the requested leaves.
simdjson::error_code WalkObject(simdjson::ondemand::object obj, const FileStatsParser::Node& node,
                                const std::vector<StatsColumn>& columns, StatKind kind,
                                std::vector<ColumnStats>* out) {
  for (auto field_result : obj) {
    simdjson::ondemand::field field;
    if (auto err = std::move(field_result).get(field)) return err;
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return err;
    const FileStatsParser::Node* child = node.Find(key);
    if (child == nullptr) continue;  // Not requested: On-Demand skips the value.
    simdjson::ondemand::value value = field.value();
    json_type jt;
    if (auto err = value.type().get(jt)) return err;
    if (jt == json_type::object) {
      if (child->children.empty()) continue;
      simdjson::ondemand::object inner;
      if (auto err = value.get_object().get(inner)) return err;
      if (auto err = WalkObject(inner, *child, columns, kind, out)) return err;
      continue;
    }
    if (child->column < 0) continue;
    ColumnStats& cs = (*out)[child->column];
    if (kind == StatKind::kNullCount) {
      int64_t n;
      if (jt == json_type::number && value.get_int64().get(n) == simdjson::SUCCESS && n >= 0) {
        cs.null_count = n;
      }
      continue;
    }
    std::optional<Scalar>& bound = kind == StatKind::kMin ? cs.min : cs.max;
    bound.reset();
    DecodeBound(value, columns[child->column], kind, &bound);
  }
  return simdjson::SUCCESS;
}

}  // namespace

FileStatsParser::FileStatsParser(std::vector<StatsColumn> columns)
    : columns_(std::move(columns)), root_(std::make_unique<Node>()),
      impl_(std::make_unique<Impl>()) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    Node* node = root_.get();
    for (const std::string& name : columns_[i].physical_path) {
      Node* next = nullptr;
      for (Node& c : node->children) {
        if (c.name == name) next = &c;
      }
      if (next == nullptr) {
        node->children.push_back(Node{name, -1, {}});
        next = &node->children.back();
      }
      node = next;
    }
    if (node != root_.get()) node->column = static_cast<int>(i);
  }
}

FileStatsParser::~FileStatsParser() = default;

Status FileStatsParser::Parse(std::string_view json, FileStats* out) {
  out->num_records_.reset();
  out->tight_bounds_ = true;
  out->columns_.resize(columns_.size());
  for (ColumnStats& c : out->columns_) {
    c.min.reset();
    c.max.reset();
    c.null_count.reset();
  }
  std::string& buf = impl_->buffer;
  if (buf.size() < json.size() + simdjson::SIMDJSON_PADDING) {
    buf.resize(json.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buf.data(), json.data(), json.size());
  std::memset(buf.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);

  auto fail = [&](simdjson::error_code err) {
    out->num_records_.reset();
    out->tight_bounds_ = true;
    for (ColumnStats& c : out->columns_) {
      c.min.reset();
      c.max.reset();
      c.null_count.reset();
    }
    return Status::Corruption("Invalid stats JSON: ", simdjson::error_message(err));
  };

  simdjson::ondemand::document doc;
  if (auto err = impl_->parser.iterate(buf.data(), json.size(), buf.size()).get(doc)) {
    return fail(err);
  }
  simdjson::ondemand::object top;
  if (auto err = doc.get_object().get(top)) return fail(err);
  for (auto field_result : top) {
    simdjson::ondemand::field field;
    if (auto err = std::move(field_result).get(field)) return fail(err);
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return fail(err);
    simdjson::ondemand::value value = field.value();
    if (key == kNumRecords) {
      int64_t n;
      json_type jt;
      if (auto err = value.type().get(jt)) return fail(err);
      if (jt == json_type::number && value.get_int64().get(n) == simdjson::SUCCESS && n >= 0) {
        out->num_records_ = n;
      }
    } else if (key == kTightBounds) {
      bool b;
      if (value.get_bool().get(b) == simdjson::SUCCESS) out->tight_bounds_ = b;
    } else if (key == kMinValues || key == kMaxValues || key == kNullCount) {
      const StatKind kind = key == kMinValues   ? StatKind::kMin
                            : key == kMaxValues ? StatKind::kMax
                                                : StatKind::kNullCount;
      json_type jt;
      if (auto err = value.type().get(jt)) return fail(err);
      if (jt != json_type::object) continue;  // null: no such statistics.
      simdjson::ondemand::object obj;
      if (auto err = value.get_object().get(obj)) return fail(err);
      if (auto err = WalkObject(obj, *root_, columns_, kind, &out->columns_)) {
        return fail(err);
      }
    }
  }
  return Status::OK();
}

Result<FileStats> FileStats::Parse(std::string_view json, const std::vector<StatsColumn>& columns) {
  FileStatsParser parser(columns);
  FileStats stats;
  LAKEML_RETURN_IF_ERROR(parser.Parse(json, &stats));
  return stats;
}

}  // namespace lakeml::delta
