#include "delta/schema/type_widening.h"

#include <simdjson.h>

#include <cstdint>
#include <string>

#include "base/str_cat.h"
#include "delta/schema/schema_json.h"
#include "format/json/json_string.h"

namespace lakeml::delta {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// DO NOT CHANGE: stored in Delta logs.
constexpr std::string_view kTypeChangesKey = "delta.typeChanges";

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

bool IsSignedInt(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}

int IntRank(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
      return 3;
    case TypeId::kInt64:
      return 4;
    default:
      return 0;
  }
}

// Decimal digits every value of the integer type fits in.
int IntDigits(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return 3;
    case TypeId::kInt16:
      return 5;
    case TypeId::kInt32:
      return 10;
    default:
      return 20;
  }
}

bool DecimalWidens(int p, int s, const DataType& to) {
  const int k1 = to.precision() - p;
  const int k2 = to.scale() - s;
  return k1 >= k2 && k2 >= 0;
}

bool Widens(const DataType& from, const DataType& to, bool protocol_only) {
  if (from.Equals(to)) return false;
  const TypeId f = from.id();
  const TypeId t = to.id();
  if (IsSignedInt(f)) {
    if (IsSignedInt(t)) return IntRank(t) > IntRank(f);
    if (t == TypeId::kFloat64) return f != TypeId::kInt64;
    if (t == TypeId::kDecimal) {
      const int digits = protocol_only && f != TypeId::kInt64 ? 10 : IntDigits(f);
      return DecimalWidens(digits, 0, to);
    }
    return false;
  }
  if (f == TypeId::kFloat32) return t == TypeId::kFloat64;
  if (f == TypeId::kDate32) {
    return t == TypeId::kTimestamp && !to.utc() && to.unit() == columnar::TimeUnit::kMicro;
  }
  if (f == TypeId::kDecimal && t == TypeId::kDecimal) {
    return DecimalWidens(from.precision(), from.scale(), to);
  }
  return false;
}

constexpr unsigned __int128 Pow10(int n) {
  unsigned __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

template <typename Src, typename Dst>
void CastLoop(const Src* in, Dst* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Dst>(in[i]);
}

// out = in * factor, in two's complement wrap-around (defined for any input bits).
template <typename Src>
void ScaleToDecimal(const Src* in, __int128* out, int64_t n, unsigned __int128 factor) {
  for (int64_t i = 0; i < n; ++i) {
    const auto u = static_cast<unsigned __int128>(static_cast<__int128>(in[i]));
    out[i] = static_cast<__int128>(u * factor);
  }
}

template <typename Src>
void WidenSignedInt(const Vector& v, const DataType& to, Buffer* out) {
  const Src* in = v.values_as<Src>();
  const int64_t n = v.length();
  switch (to.id()) {
    case TypeId::kInt16:
      CastLoop(in, out->mutable_as<int16_t>(), n);
      break;
    case TypeId::kInt32:
      CastLoop(in, out->mutable_as<int32_t>(), n);
      break;
    case TypeId::kInt64:
      CastLoop(in, out->mutable_as<int64_t>(), n);
      break;
    case TypeId::kFloat64:
      CastLoop(in, out->mutable_as<double>(), n);
      break;
    case TypeId::kDecimal:
      ScaleToDecimal(in, out->mutable_as<__int128>(), n, Pow10(to.scale()));
      break;
    default:
      break;
  }
}

}  // namespace

bool IsSupportedWidening(const DataType& from, const DataType& to) {
  return Widens(from, to, /*protocol_only=*/false);
}

bool IsProtocolWidening(const DataType& from, const DataType& to) {
  return Widens(from, to, /*protocol_only=*/true);
}

Result<VectorPtr> WidenVector(const VectorPtr& v, const TypePtr& to) {
  const DataType& from = *v->type();
  if (from.Equals(*to)) return v;
  if (!IsSupportedWidening(from, *to)) {
    return Status::InvalidArgument("Unsupported type widening: ", from.ToString(), " to ",
                                   to->ToString());
  }
  const int64_t n = v->length();
  auto out = std::make_shared<Vector>(to, n);
  BufferPtr values = Buffer::Allocate(n * to->fixed_width());
  switch (n == 0 ? TypeId::kNull : from.id()) {
    case TypeId::kInt8:
      WidenSignedInt<int8_t>(*v, *to, values.get());
      break;
    case TypeId::kInt16:
      WidenSignedInt<int16_t>(*v, *to, values.get());
      break;
    case TypeId::kInt32:
      WidenSignedInt<int32_t>(*v, *to, values.get());
      break;
    case TypeId::kInt64:
      WidenSignedInt<int64_t>(*v, *to, values.get());
      break;
    case TypeId::kFloat32:
      CastLoop(v->values_as<float>(), values->mutable_as<double>(), n);
      break;
    case TypeId::kDate32: {
      const int32_t* in = v->values_as<int32_t>();
      int64_t* o = values->mutable_as<int64_t>();
      for (int64_t i = 0; i < n; ++i) {
        o[i] = static_cast<int64_t>(static_cast<uint64_t>(static_cast<int64_t>(in[i])) *
                                    static_cast<uint64_t>(kMicrosPerDay));
      }
      break;
    }
    case TypeId::kDecimal:
      ScaleToDecimal(v->values_as<__int128>(), values->mutable_as<__int128>(), n,
                     Pow10(to->scale() - from.scale()));
      break;
    case TypeId::kNull:  // Empty input: nothing to convert.
      break;
    default:
      return Status::Internal("WidenVector: unhandled type ", from.ToString());
  }
  out->set_values(std::move(values));
  out->set_validity(v->validity());
  out->set_null_count(v->null_count());
  return out;
}

namespace {

Status CheckTypeChanges(const Field& f, const std::string& path) {
  const std::string* json = f.FindMetadata(kTypeChangesKey);
  if (json == nullptr) return Status::OK();
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument("Invalid ", kTypeChangesKey, " of column ", path, ": ", why);
  };
  simdjson::dom::parser parser;
  simdjson::dom::array changes;
  if (parser.parse(*json).get_array().get(changes) != simdjson::SUCCESS) {
    return invalid("not a JSON list");
  }
  for (simdjson::dom::element change : changes) {
    std::string_view from_name, to_name;
    if (change["fromType"].get_string().get(from_name) != simdjson::SUCCESS ||
        change["toType"].get_string().get(to_name) != simdjson::SUCCESS) {
      return invalid("an entry lacks a string fromType or toType");
    }
    std::string from_json, to_json;
    json::AppendJsonString(from_name, &from_json);
    json::AppendJsonString(to_name, &to_json);
    auto from = ParseDeltaType(from_json, path);
    auto to = ParseDeltaType(to_json, path);
    if (!from.ok() || !to.ok() || !IsSupportedWidening(**from, **to)) {
      return Status::NotImplemented("Unsupported type change in ", kTypeChangesKey, " of column ",
                                    path, ": ", from_name, " to ", to_name);
    }
  }
  return Status::OK();
}

Status CheckType(const TypePtr& type, const std::string& path) {
  if (type->is_variant()) return Status::OK();
  for (const Field& c : type->children()) {
    if (type->id() == TypeId::kStruct) {
      const std::string child = StrCat(path, ".", c.name);
      LAKEML_RETURN_IF_ERROR(CheckTypeChanges(c, child));
      LAKEML_RETURN_IF_ERROR(CheckType(c.type, child));
    } else {
      LAKEML_RETURN_IF_ERROR(CheckType(c.type, StrCat(path, ".", c.name)));
    }
  }
  return Status::OK();
}

}  // namespace

Status ValidateTypeChanges(const columnar::Schema& schema) {
  for (const Field& f : schema.fields()) {
    LAKEML_RETURN_IF_ERROR(CheckTypeChanges(f, f.name));
    LAKEML_RETURN_IF_ERROR(CheckType(f.type, f.name));
  }
  return Status::OK();
}

}  // namespace lakeml::delta
