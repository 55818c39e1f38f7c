#include "delta/stats/stats_collector.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/bit_util.h"
#include "base/check.h"
#include "base/half_float.h"
#include "format/json/json_string.h"
#include "format/value_text/decimal_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;

namespace {

// How a leaf's min/max are kept (kNone: null count only).
enum class StatKind : uint8_t { kNone, kInt, kFloat, kDecimal, kString };

StatKind KindOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate32:
    case TypeId::kTimestamp:
      return StatKind::kInt;
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return StatKind::kFloat;
    case TypeId::kDecimal:
      return StatKind::kDecimal;
    case TypeId::kString:
      return StatKind::kString;
    default:
      // Booleans, binaries, unsigned integers (not Delta types), times, intervals, nested.
      return StatKind::kNone;
  }
}

bool IsLeafType(const DataType& type) {
  return type.id() != TypeId::kStruct || type.is_variant();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Decodes the code point of a valid UTF-8 sequence of `len` bytes.
uint32_t DecodeCodePoint(const unsigned char* p, int len) {
  switch (len) {
    case 1:
      return p[0];
    case 2:
      return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    case 3:
      return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    default:
      return (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
  }
}

// The stored min: the first `prefix` code points, cut before any invalid UTF-8 (a prefix is
// never greater than the string).
std::string_view TruncateMin(std::string_view s, int prefix) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  for (int cps = 0; i < s.size() && cps < prefix; ++cps) {
    int bad;
    const int len = json::Utf8SequenceLength(p + i, s.size() - i, &bad);
    if (len == 0) break;
    i += len;
  }
  return s.substr(0, i);
}

// The stored max (Spark's truncateMaxStringAgg, in code points), or false when the text is not
// valid UTF-8 where it matters, which leaves the column without a max.
bool TruncateMax(std::string_view s, int prefix, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  int cps = 0;
  for (; i < s.size() && cps < prefix; ++cps) {
    int bad;
    const int len = json::Utf8SequenceLength(p + i, s.size() - i, &bad);
    if (len == 0) return false;
    i += len;
  }
  if (i == s.size()) {
    out->assign(s);
    return true;
  }
  // Cut: extend while the next character is >= the tie-breaker, then append it.
  while (i < s.size()) {
    int bad;
    const int len = json::Utf8SequenceLength(p + i, s.size() - i, &bad);
    if (len == 0) return false;
    if (DecodeCodePoint(p + i, len) < 0xFFFD) break;
    i += len;
  }
  out->assign(s.substr(0, i));
  out->append("\xEF\xBF\xBD");
  return true;
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  out->append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
}

// Java prints floats with at least one fraction digit ("2.0"); JSON does not need it, but
// matching Spark keeps the text recognizable. Non-finite values are quoted, as Jackson does.
void AppendFloat(double v, bool single, std::string* out) {
  if (std::isnan(v)) {
    out->append("\"NaN\"");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  char buf[40];
  char* end = single ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v)).ptr
                     : std::to_chars(buf, buf + sizeof(buf), v).ptr;
  const std::string_view text(buf, end - buf);
  out->append(text);
  if (text.find_first_of(".e") == std::string_view::npos) out->append(".0");
}

// "2024-01-01T10:00:00.123Z": truncated down to milliseconds, as Spark writes it.
void AppendTimestampMillis(int64_t value, columnar::TimeUnit unit, bool utc, std::string* out) {
  int64_t millis;
  switch (unit) {
    case columnar::TimeUnit::kSecond:
      millis = value > INT64_MAX / 1000 ? INT64_MAX / 1000 * 1000
               : value < INT64_MIN / 1000 ? INT64_MIN / 1000 * 1000
                                          : value * 1000;
      break;
    case columnar::TimeUnit::kMilli:
      millis = value;
      break;
    case columnar::TimeUnit::kMicro:
      millis = value / 1000 - (value % 1000 < 0 ? 1 : 0);
      break;
    default:
      millis = value / 1000000 - (value % 1000000 < 0 ? 1 : 0);
      break;
  }
  // AppendTimestamp prints microseconds; cut its six fraction digits to three.
  std::string text;
  format::AppendTimestamp(millis, columnar::TimeUnit::kMilli, false, &text);
  const size_t dot = text.rfind('.');
  if (dot != std::string::npos && text.size() >= dot + 4) text.resize(dot + 4);
  out->append(text);
  if (utc) out->push_back('Z');
}

}  // namespace

struct StatsCollector::Leaf {
  std::vector<int> indexes;  // Child index at each depth, from the batch column down.
  ColumnPath physical;
  TypePtr type;
  StatKind kind = StatKind::kNone;

  int64_t null_count = 0;
  bool has_value = false;  // Some non-null value was seen.
  int64_t imin = 0, imax = 0;
  double dmin = 0, dmax = 0;  // Over non-NaN values.
  bool has_number = false;    // Some non-NaN float was seen.
  bool saw_nan = false;
  __int128 decmin = 0, decmax = 0;
  std::string smin, smax;
};

struct StatsCollector::Tree {
  std::string name;
  int leaf = -1;
  bool has_min_max = false;  // Some leaf below keeps min/max.
  std::vector<Tree> children;
};

StatsCollector::StatsCollector(const columnar::Schema& physical_schema, StatsOptions options,
                               const columnar::Schema* logical_schema)
    : options_(std::move(options)), tree_(std::make_unique<Tree>()) {
  if (logical_schema == nullptr) logical_schema = &physical_schema;
  int remaining = options_.num_indexed_cols;

  // Adds the fields of one struct level. `wanted`: remaining stats column paths below this
  // level (lower case), or null for "everything" / num_indexed_cols mode.
  std::function<void(const std::vector<Field>&, const std::vector<Field>*, std::vector<int>,
                      ColumnPath, const std::vector<ColumnPath>*, bool, Tree*)>
      add = [&](const std::vector<Field>& fields, const std::vector<Field>* logical,
                std::vector<int> indexes, ColumnPath physical,
                const std::vector<ColumnPath>* wanted, bool take_all, Tree* node) {
        for (size_t i = 0; i < fields.size(); ++i) {
          const Field& f = fields[i];
          const Field* lf = logical && i < logical->size() ? &(*logical)[i] : &f;
          bool take_subtree = take_all;
          std::vector<ColumnPath> below;
          if (!take_all && wanted != nullptr) {
            const std::string name = Lower(lf->name);
            for (const ColumnPath& p : *wanted) {
              if (p.empty() || Lower(p[0]) != name) continue;
              if (p.size() == 1) {
                take_subtree = true;
              } else {
                below.emplace_back(p.begin() + 1, p.end());
              }
            }
            if (!take_subtree && below.empty()) continue;
          } else if (!take_all && remaining == 0) {
            return;
          }
          std::vector<int> idx = indexes;
          idx.push_back(static_cast<int>(i));
          ColumnPath phys = physical;
          phys.push_back(f.name);
          Tree child;
          child.name = f.name;
          if (IsLeafType(*f.type)) {
            // A path that continues below a leaf names nothing.
            if (!take_subtree && wanted != nullptr) continue;
            Leaf leaf;
            leaf.indexes = std::move(idx);
            leaf.physical = std::move(phys);
            leaf.type = f.type;
            leaf.kind = KindOf(*f.type);
            child.leaf = static_cast<int>(leaves_.size());
            child.has_min_max = leaf.kind != StatKind::kNone;
            leaves_.push_back(std::move(leaf));
            if (wanted == nullptr && !take_all && remaining > 0) --remaining;
          } else {
            const std::vector<Field>* logical_children =
                lf->type->id() == TypeId::kStruct ? &lf->type->children() : nullptr;
            if (take_subtree) {
              add(f.type->children(), logical_children, idx, phys, nullptr, true, &child);
            } else if (wanted != nullptr) {
              add(f.type->children(), logical_children, idx, phys, &below, false, &child);
            } else {
              add(f.type->children(), logical_children, idx, phys, nullptr, false, &child);
            }
            if (child.children.empty()) continue;
            for (const Tree& c : child.children) child.has_min_max |= c.has_min_max;
          }
          node->children.push_back(std::move(child));
        }
      };
  if (options_.stats_columns) {
    add(physical_schema.fields(), &logical_schema->fields(), {}, {}, &*options_.stats_columns,
        false, tree_.get());
  } else {
    add(physical_schema.fields(), &logical_schema->fields(), {}, {}, nullptr, remaining < 0,
        tree_.get());
  }
}

StatsCollector::~StatsCollector() = default;
StatsCollector::StatsCollector(StatsCollector&&) noexcept = default;
StatsCollector& StatsCollector::operator=(StatsCollector&&) noexcept = default;

std::vector<ColumnPath> StatsCollector::CollectedColumns() const {
  std::vector<ColumnPath> out;
  for (const Leaf& l : leaves_) out.push_back(l.physical);
  return out;
}

namespace {

template <typename T>
void IntRange(const T* v, const uint8_t* valid, int64_t n, int64_t* lo, int64_t* hi,
              bool* any) {
  T mn = std::numeric_limits<T>::max(), mx = std::numeric_limits<T>::min();
  bool seen = false;
  if (valid == nullptr) {
    for (int64_t i = 0; i < n; ++i) {
      mn = std::min(mn, v[i]);
      mx = std::max(mx, v[i]);
    }
    seen = n > 0;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (bit_util::GetBit(valid, i)) {
        mn = std::min(mn, v[i]);
        mx = std::max(mx, v[i]);
        seen = true;
      }
    }
  }
  if (!seen) return;
  if (!*any) {
    *lo = mn;
    *hi = mx;
    *any = true;
  } else {
    *lo = std::min<int64_t>(*lo, mn);
    *hi = std::max<int64_t>(*hi, mx);
  }
}

// Min/max over the non-NaN values; NaNs only flagged.
template <typename T, typename Load>
void FloatRange(const T* v, const uint8_t* valid, int64_t n, Load load, double* lo, double* hi,
                bool* has_number, bool* saw_nan) {
  double mn = std::numeric_limits<double>::infinity();
  double mx = -std::numeric_limits<double>::infinity();
  bool number = false, nan = false;
  for (int64_t i = 0; i < n; ++i) {
    if (valid != nullptr && !bit_util::GetBit(valid, i)) continue;
    const double d = load(v[i]);
    if (std::isnan(d)) {
      nan = true;
      continue;
    }
    number = true;
    mn = d < mn ? d : mn;
    mx = d > mx ? d : mx;
  }
  *saw_nan |= nan;
  if (!number) return;
  if (!*has_number) {
    *lo = mn;
    *hi = mx;
    *has_number = true;
  } else {
    *lo = std::min(*lo, mn);
    *hi = std::max(*hi, mx);
  }
}

}  // namespace

void StatsCollector::Update(const columnar::Batch& batch) {
  const int64_t n = batch.num_rows();
  LAKEML_CHECK(n >= 0);
  num_records_ += n;
  std::vector<uint8_t> combined;  // Validity of a leaf and all its ancestors.
  for (Leaf& leaf : leaves_) {
    LAKEML_CHECK(static_cast<size_t>(leaf.indexes[0]) < batch.num_columns());
    const Vector* v = batch.column(leaf.indexes[0]).get();
    const uint8_t* valid = nullptr;
    auto and_validity = [&](const Vector* x) {
      if (!x->validity()) return;
      if (valid == nullptr) {
        combined.assign(x->validity()->data(), x->validity()->data() + bit_util::BytesForBits(n));
      } else {
        const uint8_t* b = x->validity()->data();
        for (int64_t i = 0; i < bit_util::BytesForBits(n); ++i) combined[i] &= b[i];
      }
      valid = combined.data();
    };
    and_validity(v);
    for (size_t d = 1; d < leaf.indexes.size(); ++d) {
      LAKEML_CHECK(static_cast<size_t>(leaf.indexes[d]) < v->children().size());
      v = v->child(leaf.indexes[d]).get();
      and_validity(v);
    }
    LAKEML_CHECK(v->length() >= n);
    if (leaf.type->id() == TypeId::kNull) {
      leaf.null_count += n;  // A void column is null in every row, bitmap or not.
      continue;
    }
    leaf.null_count += valid == nullptr ? 0 : n - bit_util::CountSetBits(valid, 0, n);
    if (leaf.kind == StatKind::kNone || n == 0) continue;
    switch (leaf.type->id()) {
      case TypeId::kInt8:
        IntRange(v->values_as<int8_t>(), valid, n, &leaf.imin, &leaf.imax, &leaf.has_value);
        break;
      case TypeId::kInt16:
        IntRange(v->values_as<int16_t>(), valid, n, &leaf.imin, &leaf.imax, &leaf.has_value);
        break;
      case TypeId::kInt32:
      case TypeId::kDate32:
        IntRange(v->values_as<int32_t>(), valid, n, &leaf.imin, &leaf.imax, &leaf.has_value);
        break;
      case TypeId::kInt64:
      case TypeId::kTimestamp:
        IntRange(v->values_as<int64_t>(), valid, n, &leaf.imin, &leaf.imax, &leaf.has_value);
        break;
      case TypeId::kFloat16:
        FloatRange(
            v->values_as<uint16_t>(), valid, n, [](uint16_t h) { return double{HalfToFloat(h)}; },
            &leaf.dmin, &leaf.dmax, &leaf.has_number, &leaf.saw_nan);
        break;
      case TypeId::kFloat32:
        FloatRange(
            v->values_as<float>(), valid, n, [](float f) { return double{f}; }, &leaf.dmin,
            &leaf.dmax, &leaf.has_number, &leaf.saw_nan);
        break;
      case TypeId::kFloat64:
        FloatRange(
            v->values_as<double>(), valid, n, [](double d) { return d; }, &leaf.dmin, &leaf.dmax,
            &leaf.has_number, &leaf.saw_nan);
        break;
      case TypeId::kDecimal: {
        const uint8_t* raw = v->values()->data();
        for (int64_t i = 0; i < n; ++i) {
          if (valid != nullptr && !bit_util::GetBit(valid, i)) continue;
          __int128 d;
          std::memcpy(&d, raw + i * 16, 16);
          if (!leaf.has_value) {
            leaf.decmin = leaf.decmax = d;
            leaf.has_value = true;
          } else {
            leaf.decmin = d < leaf.decmin ? d : leaf.decmin;
            leaf.decmax = d > leaf.decmax ? d : leaf.decmax;
          }
        }
        break;
      }
      case TypeId::kString: {
        const int64_t* offsets = v->offsets();
        const char* data = v->data() ? reinterpret_cast<const char*>(v->data()->data()) : "";
        std::string_view mn, mx;
        bool seen = false;
        for (int64_t i = 0; i < n; ++i) {
          if (valid != nullptr && !bit_util::GetBit(valid, i)) continue;
          const std::string_view s(data + offsets[i], offsets[i + 1] - offsets[i]);
          if (!seen) {
            mn = mx = s;
            seen = true;
          } else if (s < mn) {
            mn = s;
          } else if (s > mx) {
            mx = s;
          }
        }
        if (!seen) break;
        if (!leaf.has_value) {
          leaf.smin.assign(mn);
          leaf.smax.assign(mx);
          leaf.has_value = true;
        } else {
          if (mn < leaf.smin) leaf.smin.assign(mn);
          if (mx > leaf.smax) leaf.smax.assign(mx);
        }
        break;
      }
      default:
        break;
    }
  }
}

std::string StatsCollector::ToJson() const {
  std::string out = "{\"numRecords\":";
  AppendInt(num_records_, &out);
  const int prefix = std::max(options_.string_prefix_length, 0);

  // Appends the min (is_max == false) or max of a leaf; false when it has none.
  auto append_bound = [&](const Leaf& leaf, bool is_max, std::string* json) {
    const bool floats = leaf.kind == StatKind::kFloat;
    if (floats ? !(leaf.has_number || leaf.saw_nan) : !leaf.has_value) return false;
    switch (leaf.kind) {
      case StatKind::kInt: {
        const int64_t v = is_max ? leaf.imax : leaf.imin;
        if (leaf.type->id() == TypeId::kDate32) {
          json->push_back('"');
          format::AppendDate(v, json);
          json->push_back('"');
        } else if (leaf.type->id() == TypeId::kTimestamp) {
          json->push_back('"');
          AppendTimestampMillis(v, leaf.type->unit(), leaf.type->utc(), json);
          json->push_back('"');
        } else {
          AppendInt(v, json);
        }
        return true;
      }
      case StatKind::kFloat: {
        // Spark orders NaN above every number: max is NaN if any, min only if all are.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double v = is_max ? (leaf.saw_nan ? nan : leaf.dmax)
                                : (leaf.has_number ? leaf.dmin : nan);
        AppendFloat(v, leaf.type->id() != TypeId::kFloat64, json);
        return true;
      }
      case StatKind::kDecimal:
        format::AppendDecimal(is_max ? leaf.decmax : leaf.decmin, leaf.type->scale(), json);
        return true;
      case StatKind::kString: {
        if (is_max) {
          std::string max;
          if (!TruncateMax(leaf.smax, prefix, &max)) return false;
          json::AppendJsonString(max, json);
        } else {
          json::AppendJsonString(TruncateMin(leaf.smin, prefix), json);
        }
        return true;
      }
      case StatKind::kNone:
        return false;
    }
    return false;
  };

  // Appends `"name":{...}` members of `node` for one statistic.
  enum class What { kMin, kMax, kNullCount };
  std::function<void(const Tree&, What, std::string*)> members = [&](const Tree& node, What what,
                                                                     std::string* json) {
    bool first = true;
    for (const Tree& c : node.children) {
      if (what != What::kNullCount && !c.has_min_max) continue;
      const size_t mark = json->size();
      if (!first) json->push_back(',');
      json::AppendJsonString(c.name, json);
      json->push_back(':');
      bool wrote = true;
      if (c.leaf < 0) {
        json->push_back('{');
        members(c, what, json);
        json->push_back('}');
      } else if (what == What::kNullCount) {
        AppendInt(leaves_[c.leaf].null_count, json);
      } else {
        wrote = append_bound(leaves_[c.leaf], what == What::kMax, json);
      }
      if (wrote) {
        first = false;
      } else {
        json->resize(mark);
      }
    }
  };

  if (tree_->has_min_max || std::any_of(tree_->children.begin(), tree_->children.end(),
                                        [](const Tree& t) { return t.has_min_max; })) {
    out += ",\"minValues\":{";
    members(*tree_, What::kMin, &out);
    out += "},\"maxValues\":{";
    members(*tree_, What::kMax, &out);
    out += "}";
  }
  if (!leaves_.empty()) {
    out += ",\"nullCount\":{";
    members(*tree_, What::kNullCount, &out);
    out += "}";
  }
  if (options_.write_tight_bounds) out += ",\"tightBounds\":true";
  out += "}";
  return out;
}

Result<std::string> CollectStatsJson(const std::vector<columnar::BatchPtr>& batches,
                                     const columnar::Schema& physical_schema,
                                     const StatsOptions& options) {
  StatsCollector collector(physical_schema, options);
  for (const columnar::BatchPtr& b : batches) {
    if (b == nullptr || b->num_columns() != physical_schema.num_fields()) {
      return Status::InvalidArgument("Cannot collect stats: batch has ",
                                     b ? b->num_columns() : 0, " columns, the schema ",
                                     physical_schema.num_fields());
    }
    for (size_t i = 0; i < b->num_columns(); ++i) {
      if (!b->column(i)->type()->Equals(*physical_schema.field(i).type)) {
        return Status::InvalidArgument("Cannot collect stats: column ",
                                       physical_schema.field(i).name, " is ",
                                       b->column(i)->type()->ToString(), ", the schema says ",
                                       physical_schema.field(i).type->ToString());
      }
    }
    collector.Update(*b);
  }
  return collector.ToJson();
}

}  // namespace lakeml::delta
