#include "format/parquet/writer/value_gatherer.h"

#include <cstring>
#include <limits>

#include "base/bit_util.h"

namespace lakeml::parquet {

using columnar::Vector;

namespace {

// Calls f(position) for every selected value, in order.
template <typename F>
inline void ForEachSelected(const Vector& v, const ValueSelection& s, F&& f) {
  if (s.positions != nullptr) {
    for (int64_t i = 0; i < s.count; ++i) f(s.positions[i]);
    return;
  }
  const int64_t end = s.row_begin + s.row_count;
  if (s.count == s.row_count || v.validity() == nullptr) {
    for (int64_t r = s.row_begin; r < end; ++r) f(r);
    return;
  }
  const uint8_t* bits = v.validity()->data();
  int64_t r = s.row_begin;
  // Unaligned head, then 64-bit words.
  for (; r < end && (r & 63) != 0; ++r) {
    if (bit_util::GetBit(bits, r)) f(r);
  }
  for (; r + 64 <= end; r += 64) {
    uint64_t word = bit_util::LoadLE<uint64_t>(bits + (r >> 3));
    if (word == ~uint64_t{0}) {
      for (int64_t k = r; k < r + 64; ++k) f(k);
      continue;
    }
    while (word != 0) {
      f(r + __builtin_ctzll(word));
      word &= word - 1;
    }
  }
  for (; r < end; ++r) {
    if (bit_util::GetBit(bits, r)) f(r);
  }
}

inline bool FitsInt32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

inline bool DecimalFitsBytes(__int128 v, int bytes) {
  if (bytes >= 16) return true;
  const int bits = bytes * 8 - 1;
  const __int128 limit = static_cast<__int128>(1) << bits;
  return v >= -limit && v < limit;
}

}  // namespace

Status ValueGatherer::ValueError(const char* what, int64_t position) const {
  return Status::InvalidArgument(what, ": column ", leaf_->dotted_path, ", value index ", position);
}

template <typename Src, typename Dst, typename Convert>
Status ValueGatherer::GatherFixed(const Vector& values, const ValueSelection& s, Convert convert,
                                  PhysicalValues* out) {
  const Src* src = values.values_as<Src>();
  fixed_->Resize(s.count * static_cast<int64_t>(sizeof(Dst)));
  Dst* dst = fixed_->mutable_as<Dst>();
  bool ok = true;
  int64_t k = 0;
  ForEachSelected(values, s, [&](int64_t r) {
    Src v;
    std::memcpy(&v, src + r, sizeof(Src));
    Dst d;
    ok &= convert(v, &d);
    std::memcpy(dst + k++, &d, sizeof(Dst));
  });
  out->fixed = fixed_->data();
  if (ok) return Status::OK();
  // Find the offending value for the message (rare path).
  Status error;
  ForEachSelected(values, s, [&](int64_t r) {
    Dst d;
    if (error.ok() && !convert(src[r], &d)) {
      error = ValueError("Value does not fit its Parquet physical type", r);
    }
  });
  return error;
}

Status ValueGatherer::GatherRawFixed(const Vector& values, const ValueSelection& s, int width,
                                     PhysicalValues* out) {
  const uint8_t* src = values.values()->data();
  if (s.positions == nullptr && s.count == s.row_count) {
    out->fixed = src + s.row_begin * width;
    return Status::OK();
  }
  fixed_->Resize(s.count * width);
  uint8_t* dst = fixed_->mutable_data();
  switch (width) {
    case 4:
      ForEachSelected(values, s, [&](int64_t r) {
        std::memcpy(dst, src + r * 4, 4);
        dst += 4;
      });
      break;
    case 8:
      ForEachSelected(values, s, [&](int64_t r) {
        std::memcpy(dst, src + r * 8, 8);
        dst += 8;
      });
      break;
    default:
      ForEachSelected(values, s, [&](int64_t r) {
        std::memcpy(dst, src + r * width, width);
        dst += width;
      });
      break;
  }
  out->fixed = fixed_->data();
  return Status::OK();
}

Status ValueGatherer::GatherDecimalBytes(const Vector& values, const ValueSelection& s,
                                         PhysicalValues* out) {
  const int width = leaf_->type_length;
  const uint8_t* src = values.values()->data();
  fixed_->Resize(s.count * width);
  uint8_t* dst = fixed_->mutable_data();
  Status error;
  ForEachSelected(values, s, [&](int64_t r) {
    __int128 v;
    std::memcpy(&v, src + r * 16, 16);
    if (!DecimalFitsBytes(v, width) && error.ok()) {
      error = ValueError("Decimal value exceeds its precision", r);
    }
    // Big-endian: the low `width` bytes of the little-endian int128, reversed.
    uint8_t le[16];
    std::memcpy(le, &v, 16);
    for (int b = 0; b < width; ++b) dst[b] = le[width - 1 - b];
    dst += width;
  });
  out->fixed = fixed_->data();
  return error;
}

Status ValueGatherer::GatherInterval(const Vector& values, const ValueSelection& s,
                                     PhysicalValues* out) {
  const uint8_t* src = values.values()->data();
  fixed_->Resize(s.count * 12);
  uint8_t* dst = fixed_->mutable_data();
  Status error;
  ForEachSelected(values, s, [&](int64_t r) {
    int32_t months, days;
    int64_t nanos;
    std::memcpy(&months, src + r * 16, 4);
    std::memcpy(&days, src + r * 16 + 4, 4);
    std::memcpy(&nanos, src + r * 16 + 8, 8);
    const int64_t millis = nanos / 1000000;
    if ((months < 0 || days < 0 || nanos < 0 || millis > std::numeric_limits<uint32_t>::max()) &&
        error.ok()) {
      error = ValueError("Interval component is negative or overflows 32 bits", r);
    }
    const uint32_t parts[3] = {static_cast<uint32_t>(months), static_cast<uint32_t>(days),
                               static_cast<uint32_t>(millis)};
    std::memcpy(dst, parts, 12);
    dst += 12;
  });
  out->fixed = fixed_->data();
  return error;
}

void ValueGatherer::GatherBooleans(const Vector& values, const ValueSelection& s,
                                   PhysicalValues* out) {
  const uint8_t* src = values.values()->data();
  if (s.positions == nullptr && s.count == s.row_count) {
    out->bits = src;
    out->bit_offset = s.row_begin;
    return;
  }
  fixed_->Resize(bit_util::BytesForBits(s.count));
  uint8_t* dst = fixed_->mutable_data();
  std::memset(dst, 0, fixed_->size());
  int64_t k = 0;
  ForEachSelected(values, s, [&](int64_t r) {
    if (bit_util::GetBit(src, r)) bit_util::SetBit(dst, k);
    ++k;
  });
  out->bits = dst;
  out->bit_offset = 0;
}

void ValueGatherer::GatherByteArrays(const Vector& values, const ValueSelection& s,
                                     PhysicalValues* out) {
  const int64_t* src_offsets = values.offsets();
  const uint8_t* src_data = values.data()->data();
  out->data = src_data;
  if (s.positions == nullptr && s.count == s.row_count) {
    out->offsets = src_offsets + s.row_begin;
    return;
  }
  // Keep pointing into the vector's data when the selected values are adjacent there (nulls
  // between them empty, as builders usually leave them); copy the bytes otherwise.
  offsets_->Resize((s.count + 1) * 8);
  int64_t* dst = offsets_->mutable_as<int64_t>();
  int64_t k = 0;
  bool adjacent = true;
  ForEachSelected(values, s, [&](int64_t r) {
    if (k == 0) {
      dst[0] = src_offsets[r];
    } else {
      adjacent &= dst[k] == src_offsets[r];
    }
    dst[++k] = src_offsets[r + 1];
  });
  if (s.count == 0) dst[0] = 0;
  out->offsets = dst;
  if (adjacent) return;
  data_->Resize(0);
  k = 0;
  dst[0] = 0;
  ForEachSelected(values, s, [&](int64_t r) {
    const int64_t len = src_offsets[r + 1] - src_offsets[r];
    data_->Append(src_data + src_offsets[r], len);
    dst[++k] = data_->size();
  });
  out->data = data_->data();
}

Status ValueGatherer::Gather(const Vector& values, const ValueSelection& s, PhysicalValues* out) {
  *out = PhysicalValues();
  out->count = s.count;
  if (s.count == 0) return Status::OK();  // All null (void columns have no value buffer).
  switch (leaf_->conversion) {
    case ValueConversion::kBoolean: GatherBooleans(values, s, out); return Status::OK();
    case ValueConversion::kCopy: return GatherRawFixed(values, s, leaf_->physical_width(), out);
    case ValueConversion::kByteArray: GatherByteArrays(values, s, out); return Status::OK();
    case ValueConversion::kInt8ToInt32:
      return GatherFixed<int8_t, int32_t>(
          values, s,
          [](int8_t v, int32_t* d) {
            *d = v;
            return true;
          },
          out);
    case ValueConversion::kInt16ToInt32:
      return GatherFixed<int16_t, int32_t>(
          values, s,
          [](int16_t v, int32_t* d) {
            *d = v;
            return true;
          },
          out);
    case ValueConversion::kUInt8ToInt32:
      return GatherFixed<uint8_t, int32_t>(
          values, s,
          [](uint8_t v, int32_t* d) {
            *d = v;
            return true;
          },
          out);
    case ValueConversion::kUInt16ToInt32:
      return GatherFixed<uint16_t, int32_t>(
          values, s,
          [](uint16_t v, int32_t* d) {
            *d = v;
            return true;
          },
          out);
    case ValueConversion::kInt64ToInt32:
      return GatherFixed<int64_t, int32_t>(
          values, s,
          [](int64_t v, int32_t* d) {
            *d = static_cast<int32_t>(v);
            return FitsInt32(v);
          },
          out);
    case ValueConversion::kSecondsToMillis32:
      return GatherFixed<int64_t, int32_t>(
          values, s,
          [](int64_t v, int32_t* d) {
            const bool ok = v >= -2147483 && v <= 2147483;
            *d = ok ? static_cast<int32_t>(v * 1000) : 0;
            return ok;
          },
          out);
    case ValueConversion::kSecondsToMillis64:
      return GatherFixed<int64_t, int64_t>(
          values, s,
          [](int64_t v, int64_t* d) {
            int64_t m;
            const bool ok = !__builtin_mul_overflow(v, int64_t{1000}, &m);
            *d = ok ? m : 0;
            return ok;
          },
          out);
    case ValueConversion::kDecimalToInt32:
      return GatherFixed<__int128, int32_t>(
          values, s,
          [](__int128 v, int32_t* d) {
            *d = static_cast<int32_t>(v);
            return v >= std::numeric_limits<int32_t>::min() &&
                   v <= std::numeric_limits<int32_t>::max();
          },
          out);
    case ValueConversion::kDecimalToInt64:
      return GatherFixed<__int128, int64_t>(
          values, s,
          [](__int128 v, int64_t* d) {
            *d = static_cast<int64_t>(v);
            return v >= std::numeric_limits<int64_t>::min() &&
                   v <= std::numeric_limits<int64_t>::max();
          },
          out);
    case ValueConversion::kDecimalToFixed: return GatherDecimalBytes(values, s, out);
    case ValueConversion::kInterval: return GatherInterval(values, s, out);
  }
  return Status::Internal("Unknown value conversion");
}

}  // namespace lakeml::parquet
