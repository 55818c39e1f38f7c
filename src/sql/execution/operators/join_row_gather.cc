#include "sql/execution/operators/join_row_gather.h"

#include <cstring>
#include <vector>

#include "base/bit_util.h"
#include "columnar/vector_take.h"

namespace lakeml::sql {
namespace {

constexpr uint32_t kJoinGatherNoRow = UINT32_MAX;  // JoinOperator::kNoRow

struct JoinGatherBytes16 {
  uint64_t lo;
  uint64_t hi;
};

// The validity of the gathered rows, a 64-bit word at a time; null when every row is valid.
columnar::BufferPtr GatherJoinValidity(const columnar::Vector& v, const uint32_t* rows, int64_t n,
                                       bool has_none) {
  if (v.validity() == nullptr && !has_none) return nullptr;
  const uint8_t* src = v.validity() ? v.validity()->data() : nullptr;
  auto out = columnar::Buffer::Allocate(((n + 63) / 64) * 8);
  uint64_t* words = out->mutable_as<uint64_t>();
  for (int64_t j = 0; j < n; j += 64) {
    const int count = n - j < 64 ? static_cast<int>(n - j) : 64;
    uint64_t w = 0;
    for (int k = 0; k < count; ++k) {
      const uint32_t r = rows[j + k];
      const bool valid = r != kJoinGatherNoRow && (src == nullptr || bit_util::GetBit(src, r));
      w |= static_cast<uint64_t>(valid) << k;
    }
    words[j / 64] = w;
  }
  return out;
}

template <typename T, bool kHasNone>
columnar::BufferPtr GatherJoinFixed(const columnar::Vector& v, const uint32_t* rows, int64_t n) {
  auto out = columnar::Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)));
  const T* in = v.values_as<T>();
  T* dst = out->mutable_as<T>();
  for (int64_t j = 0; j < n; ++j) {
    uint32_t r = rows[j];
    if constexpr (kHasNone) {
      if (r == kJoinGatherNoRow) {
        dst[j] = T{};
        continue;
      }
    }
    dst[j] = in[r];
  }
  return out;
}

template <typename T>
columnar::BufferPtr GatherJoinFixedAny(const columnar::Vector& v, const uint32_t* rows, int64_t n,
                                       bool has_none) {
  return has_none ? GatherJoinFixed<T, true>(v, rows, n) : GatherJoinFixed<T, false>(v, rows, n);
}

void GatherJoinBinary(const columnar::Vector& v, const uint32_t* rows, int64_t n,
                      columnar::Vector* out) {
  const int64_t* o = v.offsets();
  auto offsets = columnar::Buffer::Allocate((n + 1) * 8);
  int64_t* out_o = offsets->mutable_as<int64_t>();
  int64_t pos = 0;
  out_o[0] = 0;
  for (int64_t j = 0; j < n; ++j) {
    const uint32_t r = rows[j];
    if (r != kJoinGatherNoRow) pos += o[r + 1] - o[r];
    out_o[j + 1] = pos;
  }
  auto data = columnar::Buffer::Allocate(pos);
  const uint8_t* src = v.data() ? v.data()->data() : nullptr;
  uint8_t* dst = data->mutable_data();
  for (int64_t j = 0; j < n; ++j) {
    const int64_t size = out_o[j + 1] - out_o[j];
    if (size > 0) std::memcpy(dst + out_o[j], src + o[rows[j]], size);
  }
  out->set_values(std::move(offsets));
  out->set_data(std::move(data));
}

}  // namespace

bool JoinRowGather::Handles(const columnar::DataType& type) {
  switch (type.id()) {
    case columnar::TypeId::kNull:
    case columnar::TypeId::kBoolean:
    case columnar::TypeId::kList:
    case columnar::TypeId::kMap:
    case columnar::TypeId::kStruct:
      return false;
    case columnar::TypeId::kString:
    case columnar::TypeId::kBinary:
      return true;
    default: {
      const int width = type.fixed_width();
      return width == 1 || width == 2 || width == 4 || width == 8 || width == 16;
    }
  }
}

Result<columnar::VectorPtr> JoinRowGather::Gather(const columnar::Vector& v, const uint32_t* rows,
                                                  int64_t n, bool has_none) {
  if (v.length() == 0 || !Handles(*v.type()) || v.values() == nullptr) {
    // Only kNoRow rows can be taken from an empty column.
    if (v.length() == 0) return columnar::Vector::MakeNull(v.type(), n);
    std::vector<int64_t> idx(n);
    std::vector<int64_t> none;
    for (int64_t j = 0; j < n; ++j) {
      const bool is_none = rows[j] == kJoinGatherNoRow;
      if (is_none) none.push_back(j);
      idx[j] = is_none ? 0 : rows[j];
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr out, columnar::TakeVector(v, idx.data(), n));
    if (!none.empty()) {
      uint8_t* bits = out->EnsureValidity()->mutable_data();
      for (int64_t j : none) bit_util::ClearBit(bits, j);
      out->FinishValidity();
    }
    return out;
  }
  auto out = std::make_shared<columnar::Vector>(v.type(), n);
  if (columnar::BufferPtr validity = GatherJoinValidity(v, rows, n, has_none)) {
    out->set_validity(std::move(validity));
    out->FinishValidity();
  }
  switch (v.type()->id()) {
    case columnar::TypeId::kString:
    case columnar::TypeId::kBinary:
      GatherJoinBinary(v, rows, n, out.get());
      break;
    default:
      switch (v.type()->fixed_width()) {
        case 1:
          out->set_values(GatherJoinFixedAny<uint8_t>(v, rows, n, has_none));
          break;
        case 2:
          out->set_values(GatherJoinFixedAny<uint16_t>(v, rows, n, has_none));
          break;
        case 4:
          out->set_values(GatherJoinFixedAny<uint32_t>(v, rows, n, has_none));
          break;
        case 8:
          out->set_values(GatherJoinFixedAny<uint64_t>(v, rows, n, has_none));
          break;
        default:
          out->set_values(GatherJoinFixedAny<JoinGatherBytes16>(v, rows, n, has_none));
          break;
      }
      break;
  }
  return out;
}

}  // namespace lakeml::sql
