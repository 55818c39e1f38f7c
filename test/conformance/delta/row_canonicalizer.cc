#include "conformance/delta/row_canonicalizer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

#include "base/half_float.h"
#include "base/str_cat.h"
#include "format/value_text/decimal_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::conformance {
namespace {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::Vector;

constexpr char kHex[] = "0123456789abcdef";

template <typename T>
void AppendInt(T v, std::string* out) {
  char buf[48];
  char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  out->append(buf, end);
}

void AppendHex(std::string_view bytes, std::string* out) {
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

// Typed style: the shortest round-trip text of the double value, "f" first so that a float
// never equals an integer or a decimal of the same digits.
void AppendTypedFloat(double v, std::string* out) {
  out->push_back('f');
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (v == 0) v = 0;  // -0 and 0 compare equal by value.
  char buf[64];
  char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  out->append(buf, end);
}

// Arrow text style (arrow-rs formats floats with lexical-core): shortest round-trip digits of
// the value in its own width, ".0" appended to integral values, "NaN", "inf", "-inf".
template <typename F>
void AppendArrowFloat(F v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "inf" : "-inf");
    return;
  }
  char buf[64];
  const F magnitude = std::fabs(v);
  if (magnitude != 0 && (magnitude >= static_cast<F>(1e16) || magnitude < static_cast<F>(1e-5))) {
    // Scientific: "1.0e16", "1.5e-7" (lexical-core's spelling).
    char* end = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific).ptr;
    std::string_view text(buf, end - buf);
    const size_t e = text.find('e');
    std::string_view mantissa = text.substr(0, e);
    std::string_view exponent = text.substr(e + 1);
    out->append(mantissa);
    if (mantissa.find('.') == std::string_view::npos) out->append(".0");
    out->push_back('e');
    if (!exponent.empty() && exponent[0] == '+') exponent.remove_prefix(1);
    // Drop leading zeros of the exponent ("e-07" -> "e-7").
    std::string exp_text(exponent);
    const bool negative = !exp_text.empty() && exp_text[0] == '-';
    std::string digits = negative ? exp_text.substr(1) : exp_text;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    if (negative) out->push_back('-');
    out->append(digits);
    return;
  }
  char* end = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed).ptr;
  std::string_view text(buf, end - buf);
  out->append(text);
  if (text.find('.') == std::string_view::npos) out->append(".0");
}

// Decimal text with trailing fraction zeros (and a bare '.') removed: "5.00" -> "5".
void AppendNormalizedDecimal(const uint8_t* value, int scale, std::string* out) {
  const size_t start = out->size();
  format::AppendDecimal128LE(value, scale, out);
  const size_t dot = out->find('.', start);
  if (dot == std::string::npos) return;
  size_t last = out->find_last_not_of('0');
  if (last == dot) --last;
  out->resize(last + 1);
}

// Arrow prints timestamps with chrono's AutoSi seconds: 0, 3, 6 or 9 fraction digits.
void AppendArrowTimestamp(int64_t value, TimeUnit unit, bool utc, std::string* out) {
  const size_t start = out->size();
  format::AppendTimestamp(value, unit, utc, out);
  const size_t dot = out->find('.', start);
  if (dot == std::string::npos) return;
  const size_t frac_end = utc ? out->size() - 1 : out->size();
  std::string_view frac(out->data() + dot + 1, frac_end - dot - 1);
  size_t keep = frac.size();
  if (frac.find_first_not_of('0') == std::string_view::npos) {
    keep = 0;
  } else if (frac.size() == 6 && frac.substr(3) == "000") {
    keep = 3;
  }
  if (keep == frac.size()) return;
  std::string zone = utc ? "Z" : "";
  out->resize(keep == 0 ? dot : dot + 1 + keep);
  out->append(zone);
}

void AppendQuotedString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

// Arrow text never holds the separator; a raw one would split the row.
void AppendRawString(std::string_view s, std::string* out) {
  for (char c : s) out->push_back(c == kCellSeparator ? ' ' : c);
}

void AppendValue(const Vector& v, int64_t row, ValueStyle style, std::string* out);

void AppendList(const Vector& v, int64_t row, ValueStyle style, std::string* out) {
  const int64_t* o = v.offsets();
  const Vector& elements = *v.child(0);
  out->push_back('[');
  for (int64_t j = o[row]; j < o[row + 1]; ++j) {
    if (j > o[row]) out->append(", ");
    AppendValue(elements, j, style, out);
  }
  out->push_back(']');
}

void AppendMap(const Vector& v, int64_t row, ValueStyle style, std::string* out) {
  const int64_t* o = v.offsets();
  const Vector& keys = *v.child(0);
  const Vector& values = *v.child(1);
  if (style == ValueStyle::kArrowText) {
    out->push_back('{');
    for (int64_t j = o[row]; j < o[row + 1]; ++j) {
      if (j > o[row]) out->append(", ");
      AppendValue(keys, j, style, out);
      out->append(": ");
      AppendValue(values, j, style, out);
    }
    out->push_back('}');
    return;
  }
  // Typed: a map is a set of entries; order them by key text.
  std::vector<std::pair<std::string, std::string>> entries;
  for (int64_t j = o[row]; j < o[row + 1]; ++j) {
    std::pair<std::string, std::string> e;
    AppendValue(keys, j, style, &e.first);
    AppendValue(values, j, style, &e.second);
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end());
  out->push_back('{');
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out->append(", ");
    out->append(entries[i].first);
    out->append(" => ");
    out->append(entries[i].second);
  }
  out->push_back('}');
}

void AppendStruct(const Vector& v, int64_t row, ValueStyle style, std::string* out) {
  const auto& fields = v.type()->children();
  std::vector<size_t> order(fields.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (style == ValueStyle::kTyped) {
    // Fields by name, not by position.
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return fields[a].name < fields[b].name; });
  }
  out->push_back('{');
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out->append(", ");
    out->append(fields[order[i]].name);
    out->append(": ");
    AppendValue(*v.child(order[i]), row, style, out);
  }
  out->push_back('}');
}

void AppendValue(const Vector& v, int64_t row, ValueStyle style, std::string* out) {
  const bool typed = style == ValueStyle::kTyped;
  if (v.IsNull(row) || v.type()->id() == TypeId::kNull) {
    if (typed) out->append("null");
    return;
  }
  const DataType& type = *v.type();
  switch (type.id()) {
    case TypeId::kNull:
      return;
    case TypeId::kBoolean:
      out->append(v.GetBool(row) ? "true" : "false");
      return;
    case TypeId::kInt8:
      return AppendInt(v.values_as<int8_t>()[row], out);
    case TypeId::kInt16:
      return AppendInt(v.values_as<int16_t>()[row], out);
    case TypeId::kInt32:
      return AppendInt(v.values_as<int32_t>()[row], out);
    case TypeId::kInt64:
      return AppendInt(v.values_as<int64_t>()[row], out);
    case TypeId::kUInt8:
      return AppendInt(v.values_as<uint8_t>()[row], out);
    case TypeId::kUInt16:
      return AppendInt(v.values_as<uint16_t>()[row], out);
    case TypeId::kUInt32:
      return AppendInt(v.values_as<uint32_t>()[row], out);
    case TypeId::kUInt64:
      return AppendInt(v.values_as<uint64_t>()[row], out);
    case TypeId::kFloat16: {
      const float f = HalfToFloat(v.values_as<uint16_t>()[row]);
      return typed ? AppendTypedFloat(f, out) : AppendArrowFloat(f, out);
    }
    case TypeId::kFloat32: {
      const float f = v.values_as<float>()[row];
      return typed ? AppendTypedFloat(f, out) : AppendArrowFloat(f, out);
    }
    case TypeId::kFloat64: {
      const double d = v.values_as<double>()[row];
      return typed ? AppendTypedFloat(d, out) : AppendArrowFloat(d, out);
    }
    case TypeId::kDecimal: {
      const uint8_t* p = v.values()->data() + 16 * row;
      if (typed) return AppendNormalizedDecimal(p, type.scale(), out);
      return format::AppendDecimal128LE(p, type.scale(), out);
    }
    case TypeId::kDate32:
      return format::AppendDate(v.values_as<int32_t>()[row], out);
    case TypeId::kTime64:
      return format::AppendTime(v.values_as<int64_t>()[row], type.unit(), out);
    case TypeId::kTimestamp: {
      const int64_t value = v.values_as<int64_t>()[row];
      if (typed) return format::AppendTimestamp(value, type.unit(), type.utc(), out);
      return AppendArrowTimestamp(value, type.unit(), type.utc(), out);
    }
    case TypeId::kInterval: {
      const uint8_t* p = v.values()->data() + 16 * row;
      int32_t months, days;
      int64_t nanos;
      std::memcpy(&months, p, 4);
      std::memcpy(&days, p + 4, 4);
      std::memcpy(&nanos, p + 8, 8);
      return format::AppendInterval(months, days, nanos, out);
    }
    case TypeId::kString:
      return typed ? AppendQuotedString(v.GetView(row), out) : AppendRawString(v.GetView(row), out);
    case TypeId::kBinary:
      if (typed) out->append("0x");
      return AppendHex(v.GetView(row), out);
    case TypeId::kFixedSizeBinary:
      if (typed) out->append("0x");
      return AppendHex(v.GetFixedView(row), out);
    case TypeId::kList:
      return AppendList(v, row, style, out);
    case TypeId::kMap:
      return AppendMap(v, row, style, out);
    case TypeId::kStruct:
      return AppendStruct(v, row, style, out);
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

void RowCanonicalizer::AppendCell(const Vector& vector, int64_t row, ValueStyle style,
                                  std::string* out) {
  if (style == ValueStyle::kTyped) {
    AppendValue(vector, row, style, out);
    return;
  }
  // Pretty-print pads cells; compare them trimmed.
  std::string cell;
  AppendValue(vector, row, style, &cell);
  out->append(Trim(cell));
}

Status RowCanonicalizer::AppendRows(const columnar::Batch& batch,
                                    std::vector<std::string>* rows) const {
  std::vector<const Vector*> vectors;
  vectors.reserve(columns_.size());
  const auto& fields = batch.schema()->fields();
  for (const std::string& name : columns_) {
    const Vector* found = nullptr;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) {
        found = batch.column(i).get();
        break;
      }
    }
    if (found == nullptr) {
      std::string have;
      for (const auto& f : fields) have += (have.empty() ? "" : ", ") + f.name;
      return Status::NotFound(
          StrCat("Column missing from batch: '", name, "' (batch has: ", have, ")"));
    }
    vectors.push_back(found);
  }
  rows->reserve(rows->size() + batch.num_rows());
  std::string key;
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    key.clear();
    for (size_t c = 0; c < vectors.size(); ++c) {
      if (c > 0) key.push_back(kCellSeparator);
      AppendCell(*vectors[c], r, style_, &key);
    }
    rows->push_back(key);
  }
  return Status::OK();
}

std::string RowCanonicalizer::TypeSignature(const DataType& type) {
  switch (type.id()) {
    case TypeId::kTimestamp:
      return type.utc() ? "timestamp" : "timestamp_ntz";
    case TypeId::kString:
      return "string";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kList:
      return "array<" + TypeSignature(*type.list_element().type) + ">";
    case TypeId::kMap:
      return "map<" + TypeSignature(*type.map_key().type) + "," +
             TypeSignature(*type.map_value().type) + ">";
    case TypeId::kStruct: {
      std::vector<std::string> fields;
      for (const auto& f : type.children()) fields.push_back(f.name + ":" + TypeSignature(*f.type));
      std::sort(fields.begin(), fields.end());
      std::string out = "struct<";
      for (size_t i = 0; i < fields.size(); ++i) out += (i > 0 ? "," : "") + fields[i];
      return out + ">";
    }
    default:
      return type.ToString();
  }
}

std::vector<std::string_view> RowCanonicalizer::SplitRow(std::string_view row) {
  std::vector<std::string_view> cells;
  size_t start = 0;
  while (true) {
    const size_t sep = row.find(kCellSeparator, start);
    if (sep == std::string_view::npos) {
      cells.push_back(row.substr(start));
      return cells;
    }
    cells.push_back(row.substr(start, sep - start));
    start = sep + 1;
  }
}

}  // namespace lakeml::conformance
