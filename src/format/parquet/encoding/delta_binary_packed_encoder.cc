#include "format/parquet/encoding/delta_binary_packed_encoder.h"

#include <algorithm>
#include <cstring>

#include "base/bit_util.h"
#include "format/parquet/encoding/bit_packer.h"
#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {

template <typename T>
void DeltaBinaryPackedEncoder<T>::Put(const T* values, int64_t n) {
  int64_t i = 0;
  if (n > 0 && total_ == 0) {
    first_ = last_ = values[0];
    i = 1;
  }
  for (; i < n; ++i) {
    deltas_[num_deltas_++] = values[i] - last_;  // Wraps: unsigned.
    last_ = values[i];
    if (num_deltas_ == kBlockSize) FlushBlock();
  }
  total_ += n;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::PutFixed(const uint8_t* values, int64_t n) {
  T chunk[256];
  while (n > 0) {
    const int64_t c = std::min<int64_t>(n, 256);
    std::memcpy(chunk, values, c * sizeof(T));
    Put(chunk, c);
    values += c * sizeof(T);
    n -= c;
  }
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::FlushBlock() {
  using S = std::make_signed_t<T>;
  S min_delta = static_cast<S>(deltas_[0]);
  for (int i = 1; i < num_deltas_; ++i) min_delta = std::min(min_delta, static_cast<S>(deltas_[i]));
  for (int i = 0; i < num_deltas_; ++i) deltas_[i] -= static_cast<T>(min_delta);
  std::fill(deltas_ + num_deltas_, deltas_ + kBlockSize, T{0});  // Pads the last miniblock.
  AppendUleb128(&blocks_, ZigZagEncode(static_cast<int64_t>(min_delta)));
  const int used = (num_deltas_ + kPerMiniblock - 1) / kPerMiniblock;
  uint8_t widths[kMiniblocks] = {};  // Unused miniblocks: width 0 and no data.
  for (int m = 0; m < used; ++m) {
    T bits = 0;
    for (int i = 0; i < kPerMiniblock; ++i) bits |= deltas_[m * kPerMiniblock + i];
    widths[m] = static_cast<uint8_t>(bit_util::BitWidth(bits));
  }
  blocks_.append(reinterpret_cast<const char*>(widths), kMiniblocks);
  for (int m = 0; m < used; ++m) {
    const size_t old = blocks_.size();
    blocks_.resize(old + kPerMiniblock / 8 * widths[m]);
    uint8_t* dst = reinterpret_cast<uint8_t*>(blocks_.data() + old);
    if constexpr (sizeof(T) == 4) {
      BitPack32(deltas_ + m * kPerMiniblock, widths[m], kPerMiniblock, dst);
    } else {
      BitPack64(deltas_ + m * kPerMiniblock, widths[m], kPerMiniblock, dst);
    }
  }
  num_deltas_ = 0;
}

template <typename T>
int64_t DeltaBinaryPackedEncoder<T>::EstimatedSize() const {
  // Header (at most 4 varints) plus pending deltas at full width.
  return 32 + static_cast<int64_t>(blocks_.size()) + num_deltas_ * int64_t{sizeof(T)};
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::FinishTo(std::string* out) {
  using S = std::make_signed_t<T>;
  if (num_deltas_ > 0) FlushBlock();
  AppendUleb128(out, kBlockSize);
  AppendUleb128(out, kMiniblocks);
  AppendUleb128(out, static_cast<uint64_t>(total_));
  AppendUleb128(out, ZigZagEncode(static_cast<int64_t>(static_cast<S>(first_))));
  out->append(blocks_);
  blocks_.clear();
  total_ = 0;
  first_ = last_ = 0;
}

template class DeltaBinaryPackedEncoder<uint32_t>;
template class DeltaBinaryPackedEncoder<uint64_t>;

}  // namespace lakeml::parquet
