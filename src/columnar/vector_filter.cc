#include "columnar/vector_filter.h"

#include <cstring>

#include "base/str_cat.h"
#include "columnar/bitmap_scan.h"
#include "columnar/bitmap_writer.h"
#include "columnar/slack_copy.h"
#include "columnar/vector_layout.h"

namespace lakeml::columnar {
namespace {

struct Bytes16 {
  uint64_t lo;
  uint64_t hi;
};

// Bits i of `src` (a bitmap of `n` bits) whose keep bit is set, packed.
BufferPtr FilterBits(const uint8_t* src, const uint8_t* keep, int64_t n, int64_t kept) {
  auto out = Buffer::Allocate(bit_util::BytesForBits(kept));
  BitmapWriter writer(out->mutable_data());
  ForEachBitWord(keep, n, [&](int64_t pos, uint64_t w) {
    const uint64_t s = LoadBitWord(src, pos, n);
    if (w == ~uint64_t{0}) {
      writer.AppendWord(s, 64);
      return;
    }
    for (; w != 0; w &= w - 1) writer.Append((s >> __builtin_ctzll(w)) & 1);
  });
  writer.Finish();
  return out;
}

// Fixed-width values: one ctz per kept value, a block copy per fully kept 64-row word.
template <typename T>
BufferPtr FilterFixed(const Vector& v, const uint8_t* keep, int64_t kept) {
  auto out = Buffer::Allocate(kept * static_cast<int64_t>(sizeof(T)));
  const T* in = v.values_as<T>();
  T* dst = out->mutable_as<T>();
  int64_t j = 0;
  ForEachBitWord(keep, v.length(), [&](int64_t pos, uint64_t w) {
    if (w == ~uint64_t{0}) {
      std::memcpy(dst + j, in + pos, 64 * sizeof(T));
      j += 64;
      return;
    }
    for (; w != 0; w &= w - 1) dst[j++] = in[pos + __builtin_ctzll(w)];
  });
  return out;
}

// Fixed-size binary of a width without a machine type: one copy per run of kept rows.
BufferPtr FilterFixedBytes(const Vector& v, int width, const uint8_t* keep, int64_t kept) {
  auto out = Buffer::Allocate(kept * width);
  if (width == 0) return out;
  const uint8_t* in = v.values()->data();
  uint8_t* dst = out->mutable_data();
  ForEachSetRun(keep, v.length(), [&](int64_t start, int64_t len) {
    std::memcpy(dst, in + start * width, len * width);
    dst += len * width;
  });
  return out;
}

// Writes the end offsets of rows [start, start + len) of `o` to out[1 .. len], rebased so that
// row `start` begins at `pos`.
inline void RebaseRun(const int64_t* o, int64_t start, int64_t len, int64_t pos, int64_t* out) {
  const int64_t shift = pos - o[start];
  for (int64_t k = 1; k <= len; ++k) out[k] = o[start + k] + shift;
}

void FilterBinary(const Vector& v, const uint8_t* keep, int64_t kept, Vector* out) {
  const int64_t* o = v.offsets();
  int64_t total = 0;
  ForEachSetRun(keep, v.length(),
                [&](int64_t start, int64_t len) { total += o[start + len] - o[start]; });
  auto offsets = Buffer::Allocate((kept + 1) * 8);
  auto data = Buffer::Allocate(total);
  int64_t* out_o = offsets->mutable_as<int64_t>();
  // No data buffer is possible when every value is empty.
  const uint8_t* src = v.data() ? v.data()->data() : nullptr;
  uint8_t* dst = data->mutable_data();
  out_o[0] = 0;
  int64_t j = 0;
  int64_t pos = 0;
  ForEachSetRun(keep, v.length(), [&](int64_t start, int64_t len) {
    const int64_t bytes = o[start + len] - o[start];
    CopyWithSlack(dst + pos, src + o[start], bytes);
    RebaseRun(o, start, len, pos, out_o + j);
    j += len;
    pos += bytes;
  });
  out->set_values(std::move(offsets));
  out->set_data(std::move(data));
}

VectorPtr FilterRows(const Vector& v, const uint8_t* keep, int64_t kept);

// Lists and maps: the kept rows' element ranges become the children's selection bitmap.
void FilterList(const Vector& v, const uint8_t* keep, int64_t kept, Vector* out) {
  const int64_t* o = v.offsets();
  const int64_t child_length = v.child(0)->length();
  auto child_keep = Buffer::AllocateZeroed(bit_util::BytesForBits(child_length));
  uint8_t* child_bits = child_keep->mutable_data();
  auto offsets = Buffer::Allocate((kept + 1) * 8);
  int64_t* out_o = offsets->mutable_as<int64_t>();
  out_o[0] = 0;
  int64_t j = 0;
  int64_t pos = 0;
  ForEachSetRun(keep, v.length(), [&](int64_t start, int64_t len) {
    const int64_t elements = o[start + len] - o[start];
    bit_util::SetBitsTo(child_bits, o[start], elements, true);
    RebaseRun(o, start, len, pos, out_o + j);
    j += len;
    pos += elements;
  });
  out->set_values(std::move(offsets));
  for (const VectorPtr& c : v.children()) {
    out->mutable_children().push_back(FilterRows(*c, child_bits, pos));
  }
}

// REQUIRES: CheckVectorLayout(v) is OK, `kept` is the popcount of keep[0, v.length()).
VectorPtr FilterRows(const Vector& v, const uint8_t* keep, int64_t kept) {
  const int64_t n = v.length();
  if (kept == n) return std::make_shared<Vector>(v);  // Shares every buffer.
  const TypePtr& type = v.type();
  if (type->id() == TypeId::kNull) return Vector::MakeNull(type, kept);
  if (kept == 0) return MakeEmptyVector(type);
  auto out = std::make_shared<Vector>(type, kept);
  if (v.validity()) {
    out->set_validity(FilterBits(v.validity()->data(), keep, n, kept));
    out->FinishValidity();
  }
  switch (type->id()) {
    case TypeId::kBoolean:
      out->set_values(FilterBits(v.values()->data(), keep, n, kept));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      FilterBinary(v, keep, kept, out.get());
      break;
    case TypeId::kList:
    case TypeId::kMap:
      FilterList(v, keep, kept, out.get());
      break;
    case TypeId::kStruct:
      for (const VectorPtr& c : v.children()) {
        out->mutable_children().push_back(FilterRows(*c, keep, kept));
      }
      break;
    default:
      switch (const int width = type->fixed_width()) {
        case 1:
          out->set_values(FilterFixed<uint8_t>(v, keep, kept));
          break;
        case 2:
          out->set_values(FilterFixed<uint16_t>(v, keep, kept));
          break;
        case 4:
          out->set_values(FilterFixed<uint32_t>(v, keep, kept));
          break;
        case 8:
          out->set_values(FilterFixed<uint64_t>(v, keep, kept));
          break;
        case 16:
          out->set_values(FilterFixed<Bytes16>(v, keep, kept));
          break;
        default:
          out->set_values(FilterFixedBytes(v, width, keep, kept));
          break;
      }
      break;
  }
  return out;
}

Status CheckSelection(const uint8_t* keep_bits, int64_t length, int64_t num_kept) {
  if (num_kept < 0 || num_kept > length) {
    return Status::InvalidArgument("Filter num_kept out of range (num_kept ", num_kept, ", rows ",
                                   length, ")");
  }
  if (length == 0) return Status::OK();
  if (keep_bits == nullptr)
    return Status::InvalidArgument("Filter bitmap is null (rows ", length, ")");
  const int64_t set = bit_util::CountSetBits(keep_bits, 0, length);
  if (set != num_kept) {
    return Status::InvalidArgument("Filter num_kept differs from the bitmap's set bits (num_kept ",
                                   num_kept, ", set bits ", set, ", rows ", length, ")");
  }
  return Status::OK();
}

}  // namespace

Result<VectorPtr> FilterVector(const Vector& v, const uint8_t* keep_bits, int64_t num_kept) {
  LAKEML_RETURN_IF_ERROR(CheckVectorLayout(v));
  LAKEML_RETURN_IF_ERROR(CheckSelection(keep_bits, v.length(), num_kept));
  return FilterRows(v, keep_bits, num_kept);
}

Result<BatchPtr> FilterBatch(const Batch& batch, const uint8_t* keep_bits, int64_t num_kept) {
  const int64_t n = batch.num_rows();
  for (size_t i = 0; i < batch.num_columns(); ++i) {
    const VectorPtr& c = batch.column(i);
    if (!c) return Status::InvalidArgument("Filter batch column is null (column ", i, ")");
    if (c->length() != n) {
      return Status::InvalidArgument("Filter batch column length differs from the batch (column ",
                                     i, ", length ", c->length(), ", rows ", n, ")");
    }
    LAKEML_RETURN_IF_ERROR(CheckVectorLayout(*c));
  }
  LAKEML_RETURN_IF_ERROR(CheckSelection(keep_bits, n, num_kept));
  std::vector<VectorPtr> columns;
  columns.reserve(batch.num_columns());
  for (const VectorPtr& c : batch.columns()) columns.push_back(FilterRows(*c, keep_bits, num_kept));
  return std::make_shared<Batch>(batch.schema(), std::move(columns), num_kept);
}

}  // namespace lakeml::columnar
