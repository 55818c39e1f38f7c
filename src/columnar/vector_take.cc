#include "columnar/vector_take.h"

#include <cstring>

#include "base/str_cat.h"
#include "columnar/bitmap_writer.h"
#include "columnar/slack_copy.h"
#include "columnar/vector_layout.h"

namespace lakeml::columnar {
namespace {

struct Bytes16 {
  uint64_t lo;
  uint64_t hi;
};

// Bit idx[j] of `src` for each j, packed; gathered a word at a time.
BufferPtr TakeBits(const uint8_t* src, const int64_t* idx, int64_t n) {
  auto out = Buffer::Allocate(bit_util::BytesForBits(n));
  BitmapWriter writer(out->mutable_data());
  for (int64_t j = 0; j < n; j += 64) {
    const int count = n - j < 64 ? static_cast<int>(n - j) : 64;
    uint64_t w = 0;
    for (int k = 0; k < count; ++k) {
      w |= static_cast<uint64_t>(bit_util::GetBit(src, idx[j + k])) << k;
    }
    writer.AppendWord(w, count);
  }
  writer.Finish();
  return out;
}

template <typename T>
BufferPtr TakeFixed(const Vector& v, const int64_t* idx, int64_t n) {
  auto out = Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)));
  const T* in = v.values_as<T>();
  T* dst = out->mutable_as<T>();
  for (int64_t j = 0; j < n; ++j) dst[j] = in[idx[j]];
  return out;
}

BufferPtr TakeFixedBytes(const Vector& v, int width, const int64_t* idx, int64_t n) {
  auto out = Buffer::Allocate(n * width);
  if (width == 0) return out;
  const uint8_t* in = v.values()->data();
  uint8_t* dst = out->mutable_data();
  for (int64_t j = 0; j < n; ++j) std::memcpy(dst + j * width, in + idx[j] * width, width);
  return out;
}

// Offsets of the gathered rows: out[j + 1] - out[j] is the size of row idx[j]. Returns the
// total size.
int64_t GatherOffsets(const int64_t* o, const int64_t* idx, int64_t n, int64_t* out) {
  int64_t pos = 0;
  out[0] = 0;
  for (int64_t j = 0; j < n; ++j) {
    pos += o[idx[j] + 1] - o[idx[j]];
    out[j + 1] = pos;
  }
  return pos;
}

void TakeBinary(const Vector& v, const int64_t* idx, int64_t n, Vector* out) {
  const int64_t* o = v.offsets();
  auto offsets = Buffer::Allocate((n + 1) * 8);
  int64_t* out_o = offsets->mutable_as<int64_t>();
  const int64_t total = GatherOffsets(o, idx, n, out_o);
  auto data = Buffer::Allocate(total);
  // No data buffer is possible when every value is empty.
  const uint8_t* src = v.data() ? v.data()->data() : nullptr;
  uint8_t* dst = data->mutable_data();
  for (int64_t j = 0; j < n; ++j)
    CopyWithSlack(dst + out_o[j], src + o[idx[j]], out_o[j + 1] - out_o[j]);
  out->set_values(std::move(offsets));
  out->set_data(std::move(data));
}

VectorPtr TakeRows(const Vector& v, const int64_t* idx, int64_t n);

// Lists and maps: the children are gathered by the expanded element indices of the rows.
void TakeList(const Vector& v, const int64_t* idx, int64_t n, Vector* out) {
  const int64_t* o = v.offsets();
  auto offsets = Buffer::Allocate((n + 1) * 8);
  int64_t* out_o = offsets->mutable_as<int64_t>();
  const int64_t total = GatherOffsets(o, idx, n, out_o);
  auto child_idx = Buffer::Allocate(total * 8);
  int64_t* ci = child_idx->mutable_as<int64_t>();
  for (int64_t j = 0; j < n; ++j) {
    const int64_t begin = o[idx[j]];
    const int64_t count = out_o[j + 1] - out_o[j];
    int64_t* dst = ci + out_o[j];
    for (int64_t k = 0; k < count; ++k) dst[k] = begin + k;
  }
  out->set_values(std::move(offsets));
  for (const VectorPtr& c : v.children()) {
    out->mutable_children().push_back(TakeRows(*c, ci, total));
  }
}

// REQUIRES: CheckVectorLayout(v) is OK, every idx[j] in [0, v.length()).
VectorPtr TakeRows(const Vector& v, const int64_t* idx, int64_t n) {
  const TypePtr& type = v.type();
  if (type->id() == TypeId::kNull) return Vector::MakeNull(type, n);
  if (n == 0) return MakeEmptyVector(type);
  auto out = std::make_shared<Vector>(type, n);
  if (v.validity()) {
    out->set_validity(TakeBits(v.validity()->data(), idx, n));
    out->FinishValidity();
  }
  switch (type->id()) {
    case TypeId::kBoolean:
      out->set_values(TakeBits(v.values()->data(), idx, n));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      TakeBinary(v, idx, n, out.get());
      break;
    case TypeId::kList:
    case TypeId::kMap:
      TakeList(v, idx, n, out.get());
      break;
    case TypeId::kStruct:
      for (const VectorPtr& c : v.children()) {
        out->mutable_children().push_back(TakeRows(*c, idx, n));
      }
      break;
    default:
      switch (const int width = type->fixed_width()) {
        case 1:
          out->set_values(TakeFixed<uint8_t>(v, idx, n));
          break;
        case 2:
          out->set_values(TakeFixed<uint16_t>(v, idx, n));
          break;
        case 4:
          out->set_values(TakeFixed<uint32_t>(v, idx, n));
          break;
        case 8:
          out->set_values(TakeFixed<uint64_t>(v, idx, n));
          break;
        case 16:
          out->set_values(TakeFixed<Bytes16>(v, idx, n));
          break;
        default:
          out->set_values(TakeFixedBytes(v, width, idx, n));
          break;
      }
      break;
  }
  return out;
}

Status CheckIndices(const int64_t* indices, int64_t n, int64_t length) {
  if (n < 0) return Status::InvalidArgument("Take index count is negative (", n, ")");
  if (n > 0 && indices == nullptr) {
    return Status::InvalidArgument("Take indices are null (count ", n, ")");
  }
  // One unsigned compare per index catches negatives too; locate the culprit only on failure.
  const uint64_t limit = static_cast<uint64_t>(length);
  bool bad = false;
  for (int64_t j = 0; j < n; ++j) bad |= static_cast<uint64_t>(indices[j]) >= limit;
  if (!bad) return Status::OK();
  for (int64_t j = 0;; ++j) {
    if (static_cast<uint64_t>(indices[j]) >= limit) {
      return Status::OutOfRange("Take index out of range (index ", indices[j], " at position ", j,
                                ", rows ", length, ")");
    }
  }
}

}  // namespace

Result<VectorPtr> TakeVector(const Vector& v, const int64_t* indices, int64_t n) {
  LAKEML_RETURN_IF_ERROR(CheckVectorLayout(v));
  LAKEML_RETURN_IF_ERROR(CheckIndices(indices, n, v.length()));
  return TakeRows(v, indices, n);
}

Result<BatchPtr> TakeBatch(const Batch& batch, const int64_t* indices, int64_t n) {
  const int64_t rows = batch.num_rows();
  for (size_t i = 0; i < batch.num_columns(); ++i) {
    const VectorPtr& c = batch.column(i);
    if (!c) return Status::InvalidArgument("Take batch column is null (column ", i, ")");
    if (c->length() != rows) {
      return Status::InvalidArgument("Take batch column length differs from the batch (column ", i,
                                     ", length ", c->length(), ", rows ", rows, ")");
    }
    LAKEML_RETURN_IF_ERROR(CheckVectorLayout(*c));
  }
  LAKEML_RETURN_IF_ERROR(CheckIndices(indices, n, rows));
  std::vector<VectorPtr> columns;
  columns.reserve(batch.num_columns());
  for (const VectorPtr& c : batch.columns()) columns.push_back(TakeRows(*c, indices, n));
  return std::make_shared<Batch>(batch.schema(), std::move(columns), n);
}

}  // namespace lakeml::columnar
