#include "sql/execution/group_key_encoder.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "base/check.h"
#include "sql/execution/nested_key_codec.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;

constexpr int kNestedWidth = -3;  // sql-nested: NestedKeyCodec encodings

int FixedWidthOf(const columnar::DataType& t) {
  switch (t.id()) {
    case TypeId::kNull:
      return 0;
    case TypeId::kBoolean:
      return 1;  // One byte per key, not a bit.
    case TypeId::kString:
    case TypeId::kBinary:
      return -1;
    default: {
      const int w = t.fixed_width();
      return w > 0 ? w : (t.is_nested() ? kNestedWidth : -2);
    }
  }
}

}  // namespace

GroupKeyEncoder::GroupKeyEncoder(std::vector<columnar::TypePtr> types) : types_(std::move(types)) {
  for (const auto& t : types_) widths_.push_back(FixedWidthOf(*t));
}

bool GroupKeyEncoder::Supports(const columnar::TypePtr& type) {
  const int w = FixedWidthOf(*type);
  return w >= -1 || w == kNestedWidth;
}

uint64_t GroupKeyEncoder::Hash(const uint8_t* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
  }
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 32);
}

void GroupKeyEncoder::Encode(const std::vector<const columnar::Vector*>& columns, int64_t n,
                             std::vector<uint8_t>* bytes, std::vector<uint32_t>* offsets) const {
  // Sizes first, then one pass per column writing at each row's cursor.
  offsets->assign(n + 1, 0);
  uint32_t fixed = 0;
  for (size_t c = 0; c < types_.size(); ++c) fixed += 1 + std::max(widths_[c], 0);
  std::vector<uint32_t>& o = *offsets;
  for (int64_t i = 0; i < n; ++i) o[i + 1] = fixed;
  for (size_t c = 0; c < types_.size(); ++c) {
    if (widths_[c] != -1) continue;
    const columnar::Vector& v = *columns[c];
    const int64_t* offs = v.offsets();
    for (int64_t i = 0; i < n; ++i) {
      if (v.IsValid(i)) o[i + 1] += 4 + static_cast<uint32_t>(offs[i + 1] - offs[i]);
    }
  }
  // sql-nested: nested values are encoded first (their payload after the validity byte).
  std::vector<std::vector<std::string>> nested(types_.size());
  for (size_t c = 0; c < types_.size(); ++c) {
    if (widths_[c] != kNestedWidth) continue;
    nested[c].resize(n);
    for (int64_t i = 0; i < n; ++i) {
      NestedKeyCodec::Append(*columns[c], i, &nested[c][i]);
      o[i + 1] += static_cast<uint32_t>(nested[c][i].size() - 1);
    }
  }
  for (int64_t i = 0; i < n; ++i) o[i + 1] += o[i];
  bytes->resize(o[n]);
  std::vector<uint32_t> cursor(o.begin(), o.end() - 1);
  uint8_t* out = bytes->data();
  for (size_t c = 0; c < types_.size(); ++c) {
    const columnar::Vector& v = *columns[c];
    const int w = widths_[c];
    const TypeId id = types_[c]->id();
    const bool all_valid = v.null_count() == 0 && id != TypeId::kNull;
    for (int64_t i = 0; i < n; ++i) {
      uint8_t* p = out + cursor[i];
      const bool valid = all_valid || (id != TypeId::kNull && v.IsValid(i));
      *p++ = valid ? 1 : 0;
      if (w == kNestedWidth) {
        const std::string& e = nested[c][i];
        std::memcpy(p, e.data() + 1, e.size() - 1);
        p += e.size() - 1;
      } else if (w == -1) {
        if (valid) {
          std::string_view s = v.GetView(i);
          uint32_t len = static_cast<uint32_t>(s.size());
          std::memcpy(p, &len, 4);
          std::memcpy(p + 4, s.data(), s.size());
          p += 4 + s.size();
        }
      } else if (w > 0) {
        if (!valid) {
          std::memset(p, 0, w);
        } else if (id == TypeId::kBoolean) {
          *p = v.GetBool(i) ? 1 : 0;
        } else if (id == TypeId::kFloat64) {
          double d = v.values_as<double>()[i];
          if (d == 0) d = 0;  // -0.0 groups with 0.0
          if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
          std::memcpy(p, &d, 8);
        } else if (id == TypeId::kFloat32) {
          float f = v.values_as<float>()[i];
          if (f == 0) f = 0;
          if (std::isnan(f)) f = std::numeric_limits<float>::quiet_NaN();
          std::memcpy(p, &f, 4);
        } else {
          std::memcpy(p, v.values()->data() + i * w, w);
        }
        p += w;
      }
      cursor[i] = static_cast<uint32_t>(p - out);
    }
  }
}

std::vector<columnar::VectorPtr> GroupKeyEncoder::Decode(
    const std::vector<std::string_view>& keys) const {
  const int64_t n = static_cast<int64_t>(keys.size());
  std::vector<size_t> cursor(n, 0);
  std::vector<columnar::VectorPtr> out;
  for (size_t c = 0; c < types_.size(); ++c) {
    const int w = widths_[c];
    const TypeId id = types_[c]->id();
    if (id == TypeId::kNull) {
      for (int64_t i = 0; i < n; ++i) cursor[i] += 1;
      out.push_back(columnar::Vector::MakeNull(types_[c], n));
      continue;
    }
    if (w == kNestedWidth) {
      std::vector<std::string_view> views(n);
      for (int64_t i = 0; i < n; ++i) {
        const uint8_t* p = reinterpret_cast<const uint8_t*>(keys[i].data()) + cursor[i];
        const size_t size = NestedKeyCodec::EncodedSize(p);
        views[i] = std::string_view(reinterpret_cast<const char*>(p), size);
        cursor[i] += size;
      }
      out.push_back(NestedKeyCodec::Decode(types_[c], views));
      continue;
    }
    if (w == -1) {
      StringVectorBuilder b(types_[c], n);
      for (int64_t i = 0; i < n; ++i) {
        const uint8_t* p = reinterpret_cast<const uint8_t*>(keys[i].data()) + cursor[i];
        if (*p++ == 0) {
          b.AppendNull();
          cursor[i] += 1;
          continue;
        }
        uint32_t len;
        std::memcpy(&len, p, 4);
        b.Append(std::string_view(reinterpret_cast<const char*>(p + 4), len));
        cursor[i] += 5 + len;
      }
      out.push_back(b.Finish());
      continue;
    }
    columnar::VectorPtr v = columnar::Vector::Make(types_[c], n);
    uint8_t* values = v->mutable_values()->mutable_data();
    if (id == TypeId::kBoolean) std::memset(values, 0, (n + 7) / 8);
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t* p = reinterpret_cast<const uint8_t*>(keys[i].data()) + cursor[i];
      cursor[i] += 1 + w;
      if (p[0] == 0) KernelOutput::SetNull(v.get(), i);
      if (id == TypeId::kBoolean) {
        if (p[1]) values[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      } else {
        std::memcpy(values + i * w, p + 1, w);
      }
    }
    v->FinishValidity();
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace lakeml::sql
