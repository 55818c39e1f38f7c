#include "columnar/vector_slice.h"

#include <cstring>

#include "base/check.h"

namespace lakeml::columnar {
namespace {

BufferPtr SliceBits(const Buffer& bits, int64_t offset, int64_t length) {
  auto out = Buffer::AllocateZeroed(bit_util::BytesForBits(length));
  uint8_t* dst = out->mutable_data();
  const uint8_t* src = bits.data();
  if ((offset & 7) == 0) {
    std::memcpy(dst, src + (offset >> 3), bit_util::BytesForBits(length));
    // Clear bits past `length` in the last byte so that popcounts stay exact.
    if (length & 7) dst[length >> 3] &= static_cast<uint8_t>((1u << (length & 7)) - 1);
    return out;
  }
  for (int64_t i = 0; i < length; ++i) {
    if (bit_util::GetBit(src, offset + i)) bit_util::SetBit(dst, i);
  }
  return out;
}

// Offsets of rows [offset, offset + length), shifted to start at 0.
BufferPtr RebasedOffsets(const Vector& v, int64_t offset, int64_t length) {
  const int64_t* o = v.offsets();
  auto offsets = Buffer::Allocate((length + 1) * 8);
  int64_t* out = offsets->mutable_as<int64_t>();
  for (int64_t i = 0; i <= length; ++i) out[i] = o[offset + i] - o[offset];
  return offsets;
}

}  // namespace

VectorPtr SliceVector(const Vector& v, int64_t offset, int64_t length) {
  LAKEML_CHECK(offset >= 0 && length >= 0 && offset + length <= v.length());
  auto out = std::make_shared<Vector>(v.type(), length);
  if (v.validity()) {
    out->set_validity(SliceBits(*v.validity(), offset, length));
    out->FinishValidity();
  }
  const TypeId id = v.type()->id();
  switch (id) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      out->set_values(SliceBits(*v.values(), offset, length));
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      const int64_t begin = v.offsets()[offset];
      const int64_t end = v.offsets()[offset + length];
      out->set_values(RebasedOffsets(v, offset, length));
      out->set_data(Buffer::CopyOf(v.data()->data() + begin, end - begin));
      break;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t begin = v.offsets()[offset];
      const int64_t end = v.offsets()[offset + length];
      out->set_values(RebasedOffsets(v, offset, length));
      for (const VectorPtr& c : v.children()) {
        out->mutable_children().push_back(SliceVector(*c, begin, end - begin));
      }
      break;
    }
    case TypeId::kStruct:
      for (const VectorPtr& c : v.children()) {
        out->mutable_children().push_back(SliceVector(*c, offset, length));
      }
      break;
    default: {
      const int w = v.type()->fixed_width();
      out->set_values(Buffer::CopyOf(v.values()->data() + offset * w, length * w));
      break;
    }
  }
  return out;
}

BatchPtr SliceBatch(const Batch& batch, int64_t offset, int64_t length) {
  std::vector<VectorPtr> columns;
  columns.reserve(batch.num_columns());
  for (const VectorPtr& c : batch.columns()) columns.push_back(SliceVector(*c, offset, length));
  return std::make_shared<Batch>(batch.schema(), std::move(columns), length);
}

}  // namespace lakeml::columnar
