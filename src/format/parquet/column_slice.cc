#include "format/parquet/column_slice.h"

#include <cstring>

#include "base/bit_util.h"
#include "columnar/vector_filter.h"

namespace lakeml::parquet {

using columnar::Buffer;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// out[j] = dict[idx[row]] for the j-th row selected (all rows when sel is null).
template <typename T>
void GatherSliceRows(const T* dict, const uint32_t* idx, const uint32_t* sel, int64_t n, T* out) {
  if (sel == nullptr) {
    for (int64_t i = 0; i < n; ++i) out[i] = dict[idx[i]];
  } else {
    for (int64_t j = 0; j < n; ++j) out[j] = dict[idx[sel[j]]];
  }
}

}  // namespace

int ColumnSlice::DictionaryValueWidth(const columnar::DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
    case TypeId::kUInt8:
      return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16:
    case TypeId::kFloat16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32:
      return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp:
    case TypeId::kTime64:
      return 8;
    case TypeId::kDecimal:
      return 16;
    case TypeId::kFixedSizeBinary:
      return type.byte_width() > 0 ? type.byte_width() : 0;
    case TypeId::kString:
    case TypeId::kBinary:
      return -1;
    default:
      return 0;
  }
}

Result<VectorPtr> ColumnSlice::Materialize(const uint8_t* keep_bits, const uint32_t* selection,
                                           int64_t kept) const {
  if (!dictionary_form()) {
    if (values == nullptr) return Status::Internal("Column slice materialized before assembly");
    if (selected || keep_bits == nullptr || kept == rows) return values;
    return columnar::FilterVector(*values, keep_bits, kept);
  }
  const Vector& dict = *dictionary;
  const int width = DictionaryValueWidth(*dict.type());
  const uint32_t* idx = row_indices();
  const uint32_t* sel = kept == rows ? nullptr : selection;
  // Row of the j-th output value.
  auto row = [sel](int64_t j) { return sel == nullptr ? j : static_cast<int64_t>(sel[j]); };
  auto out = std::make_shared<Vector>(dict.type(), kept);
  // Values of null rows are index 0's: defined bytes, hidden by the validity.
  if (width < 0) {
    const int64_t* doff = dict.offsets();
    const uint8_t* dbytes = dict.data() != nullptr ? dict.data()->data() : nullptr;
    auto offsets = Buffer::Allocate((kept + 1) * 8);
    int64_t* o = offsets->mutable_as<int64_t>();
    o[0] = 0;
    int64_t total = 0;
    for (int64_t j = 0; j < kept; ++j) {
      const uint32_t k = idx[row(j)];
      total += doff[k + 1] - doff[k];
      o[j + 1] = total;
    }
    auto data = Buffer::Allocate(total);
    uint8_t* dst = data->mutable_data();
    for (int64_t j = 0; j < kept; ++j) {
      std::memcpy(dst + o[j], dbytes + doff[idx[row(j)]], o[j + 1] - o[j]);
    }
    out->set_values(std::move(offsets));
    out->set_data(std::move(data));
  } else {
    auto buf = Buffer::Allocate(kept * static_cast<int64_t>(width));
    const uint8_t* d = dict.values()->data();
    uint8_t* dst = buf->mutable_data();
    switch (width) {
      case 1:
        GatherSliceRows(d, idx, sel, kept, dst);
        break;
      case 2:
        GatherSliceRows(reinterpret_cast<const uint16_t*>(d), idx, sel, kept,
                        reinterpret_cast<uint16_t*>(dst));
        break;
      case 4:
        GatherSliceRows(reinterpret_cast<const uint32_t*>(d), idx, sel, kept,
                        reinterpret_cast<uint32_t*>(dst));
        break;
      case 8:
        GatherSliceRows(reinterpret_cast<const uint64_t*>(d), idx, sel, kept,
                        reinterpret_cast<uint64_t*>(dst));
        break;
      case 16:
        GatherSliceRows(reinterpret_cast<const unsigned __int128*>(d), idx, sel, kept,
                        reinterpret_cast<unsigned __int128*>(dst));
        break;
      default: {
        for (int64_t j = 0; j < kept; ++j) {
          std::memcpy(dst + j * width, d + static_cast<int64_t>(idx[row(j)]) * width, width);
        }
      }
    }
    out->set_values(std::move(buf));
  }
  if (null_count == 0) {
    out->set_null_count(0);
    return out;
  }
  auto bits = Buffer::AllocateZeroed(bit_util::BytesForBits(kept));
  uint8_t* ob = bits->mutable_data();
  const uint8_t* vb = validity.data();
  for (int64_t j = 0; j < kept; ++j) {
    if (bit_util::GetBit(vb, row(j))) ob[j >> 3] |= static_cast<uint8_t>(1u << (j & 7));
  }
  const int64_t valid = bit_util::CountSetBits(ob, 0, kept);
  out->set_null_count(kept - valid);
  if (valid < kept) out->set_validity(std::move(bits));
  return out;
}

}  // namespace lakeml::parquet
