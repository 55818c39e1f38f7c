#include "format/parquet/encoding/delta_binary_packed_decoder.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "format/parquet/encoding/bit_unpacker.h"
#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {
namespace {

constexpr int kGroup = 32;  // DO NOT CHANGE: miniblocks hold multiples of 32 values.
constexpr int64_t kMaxBlockSize = int64_t{1} << 31;
constexpr int64_t kMaxValues = std::numeric_limits<int32_t>::max();  // Page counts are int32.

template <typename T>
inline void UnpackDeltas(const uint8_t* in, int width, int64_t count, T* out) {
  if constexpr (sizeof(T) == 8) {
    BitUnpack64(in, width, count, out);
  } else if (width <= 32) {
    BitUnpack32(in, width, count, out);
  } else {
    // Wider than INT32 (the format forbids it, but it is unambiguous): keep the low bits.
    uint64_t wide[kGroup];
    for (int64_t i = 0; i < count; i += kGroup) {
      const int64_t c = std::min<int64_t>(kGroup, count - i);
      BitUnpack64(in + i / 8 * width, width, c, wide);
      for (int64_t j = 0; j < c; ++j) out[i + j] = static_cast<T>(wide[j]);
    }
  }
}

template <typename T>
inline T PrefixSum(T last, T min_delta, T* values, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    last += min_delta + values[i];
    values[i] = last;
  }
  return last;
}

}  // namespace

template <typename T>
Status DeltaBinaryPackedDecoder<T>::ParseHeader(const uint8_t* data, int64_t size, Header* h) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  uint64_t block_size, miniblocks, total, first;
  if (!ReadUleb128(&p, end, &block_size) || !ReadUleb128(&p, end, &miniblocks) ||
      !ReadUleb128(&p, end, &total) || !ReadUleb128(&p, end, &first)) {
    return Status::Corruption("DELTA_BINARY_PACKED header truncated or malformed: ", size,
                              " bytes");
  }
  if (block_size == 0 || block_size % 128 != 0 || block_size > kMaxBlockSize) {
    return Status::Corruption("DELTA_BINARY_PACKED block size must be a positive multiple of 128: ",
                              block_size);
  }
  if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % kGroup != 0) {
    return Status::Corruption(
        "DELTA_BINARY_PACKED miniblock count must divide the block size into multiples of "
        "32 values: block size ",
        block_size, ", miniblocks ", miniblocks);
  }
  if (total > static_cast<uint64_t>(kMaxValues)) {
    return Status::Corruption("DELTA_BINARY_PACKED value count too large: ", total);
  }
  h->block_size = static_cast<int64_t>(block_size);
  h->miniblocks = static_cast<int64_t>(miniblocks);
  h->total_values = static_cast<int64_t>(total);
  h->first_value = static_cast<uint64_t>(ZigZagDecode(first));
  h->bytes = p - data;
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  values_left_ = stream_left_ = 0;
  first_pending_ = false;
  buffer_pos_ = buffer_len_ = 0;
  miniblock_left_ = 0;
  Header h;
  LAKEML_RETURN_IF_ERROR(ParseHeader(data, size, &h));
  pos_ = data + h.bytes;
  end_ = data + size;
  values_per_miniblock_ = h.block_size / h.miniblocks;
  miniblocks_ = h.miniblocks;
  miniblock_index_ = miniblocks_;  // The first miniblock starts a block.
  values_left_ = h.total_values;
  stream_left_ = h.total_values > 0 ? h.total_values - 1 : 0;
  first_pending_ = h.total_values > 0;
  last_ = static_cast<T>(h.first_value);
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::StartMiniblock() {
  if (miniblock_index_ >= miniblocks_) {
    uint64_t zigzag;
    if (!ReadUleb128(&pos_, end_, &zigzag)) {
      return Status::Corruption("DELTA_BINARY_PACKED block header truncated or malformed: ",
                                stream_left_, " values left");
    }
    min_delta_ = static_cast<T>(ZigZagDecode(zigzag));
    if (end_ - pos_ < miniblocks_) {
      return Status::Corruption("DELTA_BINARY_PACKED miniblock bit widths truncated: need ",
                                miniblocks_, " bytes, ", end_ - pos_, " left");
    }
    widths_ = pos_;
    pos_ += miniblocks_;
    miniblock_index_ = 0;
  }
  const int width = widths_[miniblock_index_++];
  if (width > 64) {
    return Status::Corruption("DELTA_BINARY_PACKED miniblock bit width exceeds 64: ", width);
  }
  miniblock_width_ = width;
  miniblock_ptr_ = pos_;
  miniblock_left_ = values_per_miniblock_;
  const int64_t bytes = values_per_miniblock_ / 8 * width;
  if (stream_left_ > values_per_miniblock_) {
    if (end_ - pos_ < bytes) {
      return Status::Corruption("DELTA_BINARY_PACKED miniblock truncated: needs ", bytes,
                                " bytes, ", end_ - pos_, " left");
    }
    pos_ += bytes;
  } else {
    // The last miniblock: its padding may be missing; DecodeGroup checks what it reads.
    pos_ += std::min<int64_t>(bytes, end_ - pos_);
  }
  return Status::OK();
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::DecodeGroup(int count, T* out) {
  const int width = miniblock_width_;
  const int64_t group_bytes = 4 * width;
  if (end_ - miniblock_ptr_ >= group_bytes) {
    UnpackDeltas(miniblock_ptr_, width, kGroup, out);
    miniblock_ptr_ += group_bytes;
  } else {
    // An unpadded last group: unpack from a zero-filled copy of the bytes present.
    uint8_t block[4 * 64] = {};
    std::memcpy(block, miniblock_ptr_, end_ - miniblock_ptr_);
    UnpackDeltas(block, width, kGroup, out);
    miniblock_ptr_ = end_;
  }
  last_ = PrefixSum(last_, min_delta_, out, count);
  miniblock_left_ -= kGroup;
  stream_left_ -= count;
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::Decode(T* out, int64_t n) {
  if (n > values_left_ || n < 0) {
    return Status::Corruption(
        "DELTA_BINARY_PACKED page has fewer values than requested: requested ", n, ", remaining ",
        values_left_);
  }
  int64_t done = 0;
  if (n > 0 && first_pending_) {
    out[done++] = last_;
    first_pending_ = false;
  }
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      const int64_t take = std::min<int64_t>(n - done, buffer_len_ - buffer_pos_);
      std::memcpy(out + done, buffer_ + buffer_pos_, take * sizeof(T));
      buffer_pos_ += static_cast<int>(take);
      done += take;
      continue;
    }
    if (miniblock_left_ == 0) LAKEML_RETURN_IF_ERROR(StartMiniblock());
    const int64_t groups = std::min({n - done, miniblock_left_, stream_left_}) / kGroup;
    const int64_t bytes = groups * 4 * miniblock_width_;
    if (groups > 0 && end_ - miniblock_ptr_ >= bytes) {
      // Whole groups straight into the output.
      const int64_t count = groups * kGroup;
      UnpackDeltas(miniblock_ptr_, miniblock_width_, count, out + done);
      last_ = PrefixSum(last_, min_delta_, out + done, count);
      miniblock_ptr_ += bytes;
      miniblock_left_ -= count;
      stream_left_ -= count;
      done += count;
      continue;
    }
    const int count = static_cast<int>(std::min<int64_t>(kGroup, stream_left_));
    const int64_t needed = (static_cast<int64_t>(count) * miniblock_width_ + 7) / 8;
    if (end_ - miniblock_ptr_ < needed) {
      return Status::Corruption("DELTA_BINARY_PACKED last miniblock truncated: ", count,
                                " values need ", needed, " bytes, ", end_ - miniblock_ptr_,
                                " left");
    }
    DecodeGroup(count, buffer_);
    buffer_pos_ = 0;
    buffer_len_ = count;
  }
  values_left_ -= n;
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::DecodeFixed(int64_t n, uint8_t* out) {
  if (reinterpret_cast<uintptr_t>(out) % alignof(T) == 0) {
    return Decode(reinterpret_cast<T*>(out), n);
  }
  T chunk[256];
  while (n > 0) {
    const int64_t c = std::min<int64_t>(n, 256);
    LAKEML_RETURN_IF_ERROR(Decode(chunk, c));
    std::memcpy(out, chunk, c * sizeof(T));
    out += c * sizeof(T);
    n -= c;
  }
  return Status::OK();
}

template <typename T>
Result<int64_t> DeltaBinaryPackedDecoder<T>::EncodedSize(const uint8_t* data, int64_t size) {
  Header h;
  LAKEML_RETURN_IF_ERROR(ParseHeader(data, size, &h));
  const uint8_t* p = data + h.bytes;
  const uint8_t* end = data + size;
  const int64_t per_miniblock = h.block_size / h.miniblocks;
  int64_t left = h.total_values > 0 ? h.total_values - 1 : 0;
  // Each block consumes at least 1 + miniblocks bytes, so this loop is bounded by size.
  while (left > 0) {
    uint64_t zigzag;
    if (!ReadUleb128(&p, end, &zigzag) || end - p < h.miniblocks) {
      return Status::Corruption("DELTA_BINARY_PACKED block header truncated: ", left,
                                " values left");
    }
    const uint8_t* widths = p;
    p += h.miniblocks;
    for (int64_t i = 0; i < h.miniblocks && left > 0; ++i) {
      if (widths[i] > 64) {
        return Status::Corruption("DELTA_BINARY_PACKED miniblock bit width exceeds 64: ",
                                  widths[i]);
      }
      const int64_t bytes = per_miniblock / 8 * widths[i];
      if (end - p < bytes) {
        return Status::Corruption("DELTA_BINARY_PACKED miniblock truncated: needs ", bytes,
                                  " bytes, ", end - p, " left");
      }
      p += bytes;
      left -= std::min(left, per_miniblock);
    }
  }
  return p - data;
}

template class DeltaBinaryPackedDecoder<uint32_t>;
template class DeltaBinaryPackedDecoder<uint64_t>;

}  // namespace lakeml::parquet
