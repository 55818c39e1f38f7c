#include "format/parquet/row_group_filter.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "base/bit_util.h"
#include "base/half_float.h"
#include "base/str_cat.h"

namespace lakeml::parquet {

using columnar::TypeId;

namespace {

enum class Order { kSigned, kUnsigned, kUndefined };

Order SortOrder(const SchemaNode& leaf) {
  const TypeId id = leaf.type->id();
  switch (id) {
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      return Order::kUnsigned;
    case TypeId::kInterval:
    case TypeId::kNull:
      return Order::kUndefined;
    case TypeId::kTimestamp:
      return leaf.physical_type == Type::kInt96 ? Order::kUndefined : Order::kSigned;
    default:
      return Order::kSigned;
  }
}

__int128 BigEndianSigned(std::string_view b) {
  if (b.empty()) return 0;
  unsigned __int128 v =
      (static_cast<uint8_t>(b[0]) & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  return static_cast<__int128>(v);
}

// Decodes one PLAIN-encoded bound; nullopt if it is malformed or unusable (NaN).
std::optional<StatValue> DecodeBound(const SchemaNode& leaf, const std::string& raw) {
  StatValue v;
  const TypeId id = leaf.type->id();
  const Type pt = leaf.physical_type;
  if (id == TypeId::kDecimal) {
    v.kind = StatValue::Kind::kDecimal;
    if (pt == Type::kInt32 && raw.size() == 4) {
      v.dec = bit_util::LoadLE<int32_t>(raw.data());
    } else if (pt == Type::kInt64 && raw.size() == 8) {
      v.dec = bit_util::LoadLE<int64_t>(raw.data());
    } else if ((pt == Type::kByteArray || pt == Type::kFixedLenByteArray) && !raw.empty() &&
               raw.size() <= 16) {
      v.dec = BigEndianSigned(raw);
    } else {
      return std::nullopt;
    }
    return v;
  }
  if (id == TypeId::kFloat16) {
    if (raw.size() != 2) return std::nullopt;
    v.kind = StatValue::Kind::kDouble;
    v.d = HalfToFloat(bit_util::LoadLE<uint16_t>(raw.data()));
    if (std::isnan(v.d)) return std::nullopt;
    return v;
  }
  switch (pt) {
    case Type::kBoolean:
      if (raw.size() != 1) return std::nullopt;
      v.kind = StatValue::Kind::kSigned;
      v.i = raw[0] != 0;
      return v;
    case Type::kInt32:
      if (raw.size() != 4) return std::nullopt;
      if (SortOrder(leaf) == Order::kUnsigned) {
        v.kind = StatValue::Kind::kUnsigned;
        v.u = bit_util::LoadLE<uint32_t>(raw.data());
      } else {
        v.i = bit_util::LoadLE<int32_t>(raw.data());
      }
      return v;
    case Type::kInt64:
      if (raw.size() != 8) return std::nullopt;
      if (SortOrder(leaf) == Order::kUnsigned) {
        v.kind = StatValue::Kind::kUnsigned;
        v.u = bit_util::LoadLE<uint64_t>(raw.data());
      } else {
        v.i = bit_util::LoadLE<int64_t>(raw.data());
      }
      return v;
    case Type::kFloat:
      if (raw.size() != 4) return std::nullopt;
      v.kind = StatValue::Kind::kDouble;
      v.d = bit_util::LoadLE<float>(raw.data());
      if (std::isnan(v.d)) return std::nullopt;
      return v;
    case Type::kDouble:
      if (raw.size() != 8) return std::nullopt;
      v.kind = StatValue::Kind::kDouble;
      v.d = bit_util::LoadLE<double>(raw.data());
      if (std::isnan(v.d)) return std::nullopt;
      return v;
    case Type::kByteArray:
    case Type::kFixedLenByteArray:
      v.kind = StatValue::Kind::kBytes;
      v.bytes = raw;
      return v;
    case Type::kInt96:
      return std::nullopt;
  }
  return std::nullopt;
}

int Compare(const StatValue& a, const StatValue& b) {
  switch (a.kind) {
    case StatValue::Kind::kSigned:
      return a.i < b.i ? -1 : a.i > b.i;
    case StatValue::Kind::kUnsigned:
      return a.u < b.u ? -1 : a.u > b.u;
    case StatValue::Kind::kDouble:
      return a.d < b.d ? -1 : a.d > b.d;
    case StatValue::Kind::kDecimal:
      return a.dec < b.dec ? -1 : a.dec > b.dec;
    case StatValue::Kind::kBytes: {
      // Unsigned lexicographic, as Parquet orders BYTE_ARRAY.
      const size_t n = std::min(a.bytes.size(), b.bytes.size());
      const int c = n ? std::memcmp(a.bytes.data(), b.bytes.data(), n) : 0;
      if (c != 0) return c < 0 ? -1 : 1;
      return a.bytes.size() < b.bytes.size() ? -1 : a.bytes.size() > b.bytes.size();
    }
  }
  return 0;
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ParseDate(std::string_view s, int64_t* days) {
  int64_t y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!ParseInt(s.substr(0, 4), &y) || !ParseInt(s.substr(5, 2), &m) ||
      !ParseInt(s.substr(8, 2), &d) || m < 1 || m > 12 || d < 1 || d > 31) {
    return false;
  }
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

// "YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z]" to microseconds since the epoch.
bool ParseTimestampMicros(std::string_view s, int64_t* micros) {
  int64_t days;
  if (!ParseDate(s, &days)) return false;
  int64_t h = 0, mi = 0, sec = 0, frac = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || s.size() < 19) return false;
    if (!ParseInt(s.substr(11, 2), &h) || !ParseInt(s.substr(14, 2), &mi) ||
        !ParseInt(s.substr(17, 2), &sec)) {
      return false;
    }
    std::string_view rest = s.substr(19);
    if (!rest.empty() && rest.back() == 'Z') rest.remove_suffix(1);
    if (!rest.empty()) {
      if (rest[0] != '.') return false;
      std::string digits(rest.substr(1));
      if (digits.empty() || digits.size() > 9) return false;
      digits.resize(6, '0');
      if (!ParseInt(digits.substr(0, 6), &frac)) return false;
    }
  }
  *micros = ((days * 24 + h) * 60 + mi) * 60 * 1000000 + sec * 1000000 + frac;
  return true;
}

}  // namespace

Result<ColumnPredicate> ColumnPredicate::Parse(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  ColumnPredicate p;
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (size_t k = lower.find(" is not null"); k != std::string::npos) {
    p.column = std::string(trim(text.substr(0, k)));
    p.op = Op::kIsNotNull;
    return p;
  }
  if (size_t k = lower.find(" is null"); k != std::string::npos) {
    p.column = std::string(trim(text.substr(0, k)));
    p.op = Op::kIsNull;
    return p;
  }
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {">=", Op::kGe}, {"<=", Op::kLe}, {"=", Op::kEq}, {">", Op::kGt}, {"<", Op::kLt}};
  for (const auto& [sym, op] : kOps) {
    if (size_t k = text.find(sym); k != std::string_view::npos) {
      p.column = std::string(trim(text.substr(0, k)));
      p.op = op;
      std::string_view lit = trim(text.substr(k + sym.size()));
      if (lit.size() >= 2 && lit.front() == '\'' && lit.back() == '\'')
        lit = lit.substr(1, lit.size() - 2);
      p.literal = std::string(lit);
      if (p.column.empty()) break;
      return p;
    }
  }
  return Status::InvalidArgument(
      "Cannot parse predicate (expected 'column op value' with op one "
      "of = < <= > >=, or 'column is [not] null'): ",
      text);
}

ChunkBounds StatisticsBounds::Decode(const SchemaNode& leaf, const Statistics& stats,
                                     ColumnOrder order, int64_t num_values) {
  ChunkBounds b;
  b.null_count = stats.null_count;
  b.num_values = num_values;
  const Order sort = SortOrder(leaf);
  if (sort == Order::kUndefined || order == ColumnOrder::kUnrecognized) return b;
  const std::optional<std::string>* min = nullptr;
  const std::optional<std::string>* max = nullptr;
  if (stats.min_value || stats.max_value) {
    min = &stats.min_value;
    max = &stats.max_value;
  } else if (sort == Order::kSigned && leaf.physical_type != Type::kByteArray &&
             leaf.physical_type != Type::kFixedLenByteArray) {
    // The deprecated fields were written with signed comparison: trust them only for types
    // whose order is signed.
    min = &stats.min;
    max = &stats.max;
  }
  if (min && *min) b.min = DecodeBound(leaf, **min);
  if (max && *max) b.max = DecodeBound(leaf, **max);
  if (!b.min || !b.max) {
    b.min.reset();
    b.max.reset();
  }
  return b;
}

Result<StatValue> StatisticsBounds::ParseLiteral(const SchemaNode& leaf, const std::string& text) {
  StatValue v;
  const TypeId id = leaf.type->id();
  auto bad = [&]() {
    return Status::InvalidArgument("Cannot compare column ", leaf.path, " of type ",
                                   leaf.type->ToString(), " with '", text, "'");
  };
  switch (id) {
    case TypeId::kBoolean:
      if (text == "true" || text == "1") {
        v.i = 1;
        return v;
      }
      if (text == "false" || text == "0") {
        v.i = 0;
        return v;
      }
      return bad();
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      if (!ParseInt(text, &v.i)) return bad();
      return v;
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: {
      v.kind = StatValue::Kind::kUnsigned;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v.u);
      if (ec != std::errc() || p != text.data() + text.size()) return bad();
      return v;
    }
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      v.kind = StatValue::Kind::kDouble;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v.d);
      if (ec != std::errc() || p != text.data() + text.size()) return bad();
      return v;
    }
    case TypeId::kDate32:
      if (!ParseInt(text, &v.i) && !ParseDate(text, &v.i)) return bad();
      return v;
    case TypeId::kTimestamp: {
      if (ParseInt(text, &v.i)) return v;
      int64_t micros;
      if (!ParseTimestampMicros(text, &micros)) return bad();
      switch (leaf.type->unit()) {
        case columnar::TimeUnit::kSecond:
          v.i = micros / 1000000;
          break;
        case columnar::TimeUnit::kMilli:
          v.i = micros / 1000;
          break;
        case columnar::TimeUnit::kMicro:
          v.i = micros;
          break;
        case columnar::TimeUnit::kNano:
          v.i = micros * 1000;
          break;
      }
      return v;
    }
    case TypeId::kDecimal: {
      v.kind = StatValue::Kind::kDecimal;
      std::string_view s = text;
      bool neg = !s.empty() && s[0] == '-';
      if (neg || (!s.empty() && s[0] == '+')) s.remove_prefix(1);
      __int128 acc = 0;
      int frac = -1;
      for (char c : s) {
        if (c == '.' && frac < 0) {
          frac = 0;
          continue;
        }
        if (c < '0' || c > '9') return bad();
        if (frac >= 0 && ++frac > leaf.type->scale()) return bad();
        acc = acc * 10 + (c - '0');
      }
      for (int k = std::max(frac, 0); k < leaf.type->scale(); ++k) acc *= 10;
      v.dec = neg ? -acc : acc;
      return v;
    }
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      v.kind = StatValue::Kind::kBytes;
      v.bytes = text;
      return v;
    default:
      return bad();
  }
}

bool StatisticsBounds::MayMatch(const ChunkBounds& b, ColumnPredicate::Op op,
                                const StatValue& lit) {
  using Op = ColumnPredicate::Op;
  if (op == Op::kIsNull) return !b.null_count || *b.null_count > 0;
  const bool all_null = b.null_count && *b.null_count == b.num_values;
  if (op == Op::kIsNotNull) return !all_null;
  if (all_null) return false;
  if (!b.min || !b.max) return true;
  switch (op) {
    case Op::kEq:
      return Compare(*b.min, lit) <= 0 && Compare(*b.max, lit) >= 0;
    case Op::kLt:
      return Compare(*b.min, lit) < 0;
    case Op::kLe:
      return Compare(*b.min, lit) <= 0;
    case Op::kGt:
      return Compare(*b.max, lit) > 0;
    case Op::kGe:
      return Compare(*b.max, lit) >= 0;
    default:
      return true;
  }
}

}  // namespace lakeml::parquet
