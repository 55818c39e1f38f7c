#include "sql/execution/nested_key_codec.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "base/bit_util.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

void AppendU32(uint32_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), 4); }

uint32_t ReadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

void AppendKeyPayload(const Vector& v, int64_t i, std::string* out) {
  const TypeId id = v.type()->id();
  switch (id) {
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t* o = v.offsets();
      AppendU32(static_cast<uint32_t>(o[i + 1] - o[i]), out);
      for (int64_t j = o[i]; j < o[i + 1]; ++j) {
        NestedKeyCodec::Append(*v.child(0), j, out);
        if (id == TypeId::kMap) NestedKeyCodec::Append(*v.child(1), j, out);
      }
      return;
    }
    case TypeId::kStruct:
      for (const VectorPtr& f : v.children()) NestedKeyCodec::Append(*f, i, out);
      return;
    case TypeId::kBoolean:
      out->push_back(v.GetBool(i) ? 1 : 0);
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      out->append(v.GetView(i));
      return;
    case TypeId::kFloat64: {
      double d = v.values_as<double>()[i];
      if (d == 0) d = 0;  // -0.0 groups with 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      out->append(reinterpret_cast<const char*>(&d), 8);
      return;
    }
    case TypeId::kFloat32: {
      float f = v.values_as<float>()[i];
      if (f == 0) f = 0;
      if (std::isnan(f)) f = std::numeric_limits<float>::quiet_NaN();
      out->append(reinterpret_cast<const char*>(&f), 4);
      return;
    }
    case TypeId::kFixedSizeBinary:
      out->append(v.GetFixedView(i));
      return;
    default: {
      const int w = v.type()->fixed_width();
      if (w > 0) out->append(reinterpret_cast<const char*>(v.values()->data()) + i * w, w);
      return;
    }
  }
}

// The payload of each valid view; false entries in *valid for nulls.
std::vector<std::string_view> Payloads(const std::vector<std::string_view>& views,
                                       std::vector<bool>* nulls) {
  std::vector<std::string_view> out(views.size());
  nulls->assign(views.size(), false);
  for (size_t k = 0; k < views.size(); ++k) {
    if (views[k].empty() || views[k][0] == 0) {
      (*nulls)[k] = true;
      continue;
    }
    out[k] = views[k].substr(5, ReadU32(views[k].data() + 1));
  }
  return out;
}

VectorPtr DecodeAtomic(const TypePtr& type, const std::vector<std::string_view>& payloads,
                       const std::vector<bool>& nulls) {
  const int64_t n = static_cast<int64_t>(payloads.size());
  if (type->id() == TypeId::kNull) return Vector::MakeNull(type, n);
  if (type->id() == TypeId::kString || type->id() == TypeId::kBinary) {
    StringVectorBuilder b(type, n);
    for (int64_t k = 0; k < n; ++k) {
      if (nulls[k]) {
        b.AppendNull();
      } else {
        b.Append(payloads[k]);
      }
    }
    return b.Finish();
  }
  VectorPtr v = Vector::Make(type, n);
  uint8_t* values = v->mutable_values()->mutable_data();
  const bool boolean = type->id() == TypeId::kBoolean;
  const int w = boolean                                  ? 0
                : type->id() == TypeId::kFixedSizeBinary ? type->byte_width()
                                                         : type->fixed_width();
  if (boolean) std::memset(values, 0, bit_util::BytesForBits(n));
  for (int64_t k = 0; k < n; ++k) {
    if (nulls[k]) {
      KernelOutput::SetNull(v.get(), k);
      if (w > 0) std::memset(values + k * w, 0, w);
      continue;
    }
    if (boolean) {
      bit_util::SetBitTo(values, k, payloads[k][0] != 0);
    } else if (w > 0 && payloads[k].size() == static_cast<size_t>(w)) {
      std::memcpy(values + k * w, payloads[k].data(), w);
    }
  }
  v->FinishValidity();
  return v;
}

}  // namespace

void NestedKeyCodec::Append(const Vector& v, int64_t i, std::string* out) {
  if (v.type()->id() == TypeId::kNull || v.IsNull(i)) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  const size_t at = out->size();
  AppendU32(0, out);
  AppendKeyPayload(v, i, out);
  const uint32_t len = static_cast<uint32_t>(out->size() - at - 4);
  std::memcpy(out->data() + at, &len, 4);
}

size_t NestedKeyCodec::EncodedSize(const uint8_t* p) {
  if (p[0] == 0) return 1;
  uint32_t len;
  std::memcpy(&len, p + 1, 4);
  return 5 + len;
}

VectorPtr NestedKeyCodec::Decode(const TypePtr& type, const std::vector<std::string_view>& views) {
  std::vector<bool> nulls;
  std::vector<std::string_view> payloads = Payloads(views, &nulls);
  const TypeId id = type->id();
  if (id != TypeId::kList && id != TypeId::kMap && id != TypeId::kStruct) {
    return DecodeAtomic(type, payloads, nulls);
  }
  // Splits a run of encodings into views.
  auto next = [](std::string_view* rest) {
    const size_t size = EncodedSize(reinterpret_cast<const uint8_t*>(rest->data()));
    std::string_view one = rest->substr(0, size);
    rest->remove_prefix(size);
    return one;
  };
  if (id == TypeId::kStruct) {
    std::vector<std::vector<std::string_view>> fields(type->children().size());
    for (size_t k = 0; k < payloads.size(); ++k) {
      std::string_view rest = payloads[k];
      for (auto& f : fields) {
        // A null struct holds null fields.
        f.push_back(nulls[k] ? std::string_view("\0", 1) : next(&rest));
      }
    }
    auto v = std::make_shared<Vector>(type, static_cast<int64_t>(views.size()));
    for (size_t f = 0; f < fields.size(); ++f) {
      v->mutable_children().push_back(Decode(type->children()[f].type, fields[f]));
    }
    for (size_t k = 0; k < nulls.size(); ++k) {
      if (nulls[k]) KernelOutput::SetNull(v.get(), static_cast<int64_t>(k));
    }
    v->FinishValidity();
    return v;
  }
  std::vector<int64_t> offsets{0};
  std::vector<std::string_view> keys, values;
  for (size_t k = 0; k < payloads.size(); ++k) {
    std::string_view rest = payloads[k];
    uint32_t count = nulls[k] ? 0 : ReadU32(rest.data());
    if (!nulls[k]) rest.remove_prefix(4);
    for (uint32_t e = 0; e < count; ++e) {
      keys.push_back(next(&rest));
      if (id == TypeId::kMap) values.push_back(next(&rest));
    }
    offsets.push_back(offsets.back() + count);
  }
  std::vector<VectorPtr> children;
  children.push_back(Decode(type->children()[0].type, keys));
  if (id == TypeId::kMap) children.push_back(Decode(type->children()[1].type, values));
  return ElementGather::MakeList(type, std::move(offsets), std::move(children), nulls);
}

}  // namespace lakeml::sql
