#include "format/parquet/encoding/rle_bit_packed_decoder.h"

#include <algorithm>
#include <cstring>

#include "base/bit_util.h"
#include "base/check.h"
#include "format/parquet/encoding/bit_unpacker.h"
#include "format/parquet/encoding/bitmap_copy.h"
#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {
namespace {

constexpr int kBlock = 32;             // Values per unpack kernel call.
constexpr int64_t kNarrowChunk = 256;  // Values per staging pass for narrow output types.
constexpr int64_t kCheckChunk = 1024;  // Dictionary indices unpacked per bounds check.

// True if every v[i] < limit. With limit < 2^31 the comparison is signed, which baseline
// x86-64 (SSE2) vectorizes; an unsigned one it does not.
inline bool AllBelow(const uint32_t* v, int64_t n, uint32_t limit) {
  int32_t any = 0;
  if (limit <= static_cast<uint32_t>(INT32_MAX)) {
    const int32_t lim = static_cast<int32_t>(limit);
    for (int64_t i = 0; i < n; ++i) any |= static_cast<int32_t>(v[i]) >= lim;
  } else {
    for (int64_t i = 0; i < n; ++i) any |= v[i] >= limit;
  }
  return any == 0;
}

uint32_t FirstNotBelow(const uint32_t* v, int64_t n, uint32_t limit) {
  return *std::find_if(v, v + n, [&](uint32_t x) { return x >= limit; });
}

template <typename T, bool kCheck>
inline bool CopyValues(const uint32_t* in, int64_t n, T* out, uint32_t dict_size, uint32_t* bad) {
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]);
  if constexpr (kCheck) {
    if (__builtin_expect(!AllBelow(in, n, dict_size), 0)) {
      *bad = FirstNotBelow(in, n, dict_size);
      return false;
    }
  }
  return true;
}

Status BadIndex(uint32_t index, uint32_t dict_size) {
  return Status::Corruption("Dictionary index out of range: index ", index, ", dictionary size ",
                            dict_size);
}

}  // namespace

void RleBitPackedDecoder::Reset(const uint8_t* data, int64_t size, int bit_width) {
  LAKEML_CHECK(bit_width >= 0 && bit_width <= 32 && size >= 0);
  pos_ = data;
  end_ = data + size;
  bit_width_ = bit_width;
  max_value_ = bit_width == 32 ? ~uint32_t{0} : (uint32_t{1} << bit_width) - 1;
  rle_left_ = 0;
  literal_left_ = 0;
  literal_bit_ = 0;
  buffer_pos_ = buffer_len_ = 0;
}

Status RleBitPackedDecoder::EndedEarly(int64_t needed, int64_t got) const {
  return Status::Corruption("RLE stream ended early: needed ", needed, " values, got ", got);
}

Status RleBitPackedDecoder::NextRun(bool* found) {
  *found = false;
  if (pos_ >= end_) return Status::OK();
  uint64_t header;
  if (!ReadUleb128(&pos_, end_, &header)) {
    return Status::Corruption("RLE run header truncated or malformed: ", end_ - pos_,
                              " bytes left");
  }
  if ((header & 1) == 0) {
    const int value_bytes = (bit_width_ + 7) / 8;
    if (end_ - pos_ < value_bytes) {
      return Status::Corruption("RLE run value truncated: needs ", value_bytes, " bytes, ",
                                end_ - pos_, " left");
    }
    uint32_t value = 0;
    std::memcpy(&value, pos_, value_bytes);
    pos_ += value_bytes;
    if (value > max_value_) {
      return Status::Corruption("RLE run value exceeds bit width: value ", value, ", bit width ",
                                bit_width_);
    }
    rle_value_ = value;
    rle_left_ = static_cast<int64_t>(header >> 1);
  } else {
    const uint64_t groups = header >> 1;  // < 2^63, and each group is 8 values.
    literal_ = pos_;
    literal_bit_ = 0;
    if (bit_width_ == 0) {
      literal_left_ = static_cast<int64_t>(std::min<uint64_t>(groups, uint64_t{1} << 59) * 8);
    } else {
      const uint64_t avail = static_cast<uint64_t>(end_ - pos_);
      if (groups <= avail / bit_width_) {
        literal_left_ = static_cast<int64_t>(groups * 8);
        pos_ += groups * bit_width_;
      } else {
        // The run claims more bytes than exist: keep the complete values present.
        literal_left_ = static_cast<int64_t>(avail * 8 / bit_width_);
        pos_ = end_;
      }
    }
  }
  *found = true;
  return Status::OK();
}

void RleBitPackedDecoder::FillBuffer() {
  int count = static_cast<int>(std::min<int64_t>(kBlock, literal_left_));
  if (literal_bit_ != 0) {
    // Only after DecodeBits (bit width 1): take bits up to the next byte boundary.
    count = std::min(count, 8 - literal_bit_);
    for (int i = 0; i < count; ++i) buffer_[i] = (*literal_ >> (literal_bit_ + i)) & 1;
    literal_bit_ += count;
    if (literal_bit_ == 8) {
      literal_bit_ = 0;
      ++literal_;
    }
  } else {
    BitUnpack32(literal_, bit_width_, count, buffer_);
    literal_ += (static_cast<int64_t>(count) * bit_width_) / 8;  // count < 32 only at the end.
  }
  literal_left_ -= count;
  buffer_pos_ = 0;
  buffer_len_ = count;
}

template <typename T, bool kCheck>
Status RleBitPackedDecoder::DecodeImpl(T* out, int64_t n, uint32_t dict_size) {
  int64_t done = 0;
  uint32_t bad = 0;
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      const int64_t take = std::min<int64_t>(n - done, buffer_len_ - buffer_pos_);
      if (!CopyValues<T, kCheck>(buffer_ + buffer_pos_, take, out + done, dict_size, &bad)) {
        return BadIndex(bad, dict_size);
      }
      buffer_pos_ += static_cast<int>(take);
      done += take;
    } else if (rle_left_ > 0) {
      if (kCheck && rle_value_ >= dict_size) return BadIndex(rle_value_, dict_size);
      const int64_t take = std::min(n - done, rle_left_);
      std::fill(out + done, out + done + take, static_cast<T>(rle_value_));
      rle_left_ -= take;
      done += take;
    } else if (literal_left_ > 0) {
      const int64_t blocks = std::min(n - done, literal_left_) / kBlock;
      if (blocks > 0 && literal_bit_ == 0) {
        // Whole blocks straight from the run; each block is 4 * bit_width bytes.
        const int64_t count = blocks * kBlock;
        if constexpr (sizeof(T) == 4) {
          uint32_t* dst = reinterpret_cast<uint32_t*>(out + done);
          if (kCheck && dict_size <= max_value_) {
            // Check each chunk while it is still in L1.
            for (int64_t i = 0; i < count; i += kCheckChunk) {
              const int64_t c = std::min(kCheckChunk, count - i);
              BitUnpack32(literal_ + i / 8 * bit_width_, bit_width_, c, dst + i);
              if (__builtin_expect(!AllBelow(dst + i, c, dict_size), 0)) {
                return BadIndex(FirstNotBelow(dst + i, c, dict_size), dict_size);
              }
            }
          } else {
            // Without kCheck, or when no bit_width_ value can reach dict_size.
            BitUnpack32(literal_, bit_width_, count, dst);
          }
        } else {
          uint32_t stage[kNarrowChunk];
          for (int64_t i = 0; i < count; i += kNarrowChunk) {
            const int64_t c = std::min(kNarrowChunk, count - i);
            BitUnpack32(literal_ + i / 8 * bit_width_, bit_width_, c, stage);
            if (!CopyValues<T, kCheck>(stage, c, out + done + i, dict_size, &bad)) {
              return BadIndex(bad, dict_size);
            }
          }
        }
        literal_ += count / 8 * bit_width_;
        literal_left_ -= count;
        done += count;
      } else {
        FillBuffer();
      }
    } else {
      bool found;
      LAKEML_RETURN_IF_ERROR(NextRun(&found));
      if (!found) return EndedEarly(n, done);
    }
  }
  return Status::OK();
}

template <typename T>
Status RleBitPackedDecoder::Decode(T* out, int64_t n) {
  return DecodeImpl<T, false>(out, n, 0);
}

Status RleBitPackedDecoder::DecodeIndices(uint32_t* out, int64_t n, uint32_t dict_size) {
  return DecodeImpl<uint32_t, true>(out, n, dict_size);
}

Status RleBitPackedDecoder::DecodeBits(uint8_t* out, int64_t out_bit_offset, int64_t n) {
  LAKEML_CHECK(bit_width_ == 1);
  int64_t done = 0;
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      const int64_t take = std::min<int64_t>(n - done, buffer_len_ - buffer_pos_);
      for (int64_t i = 0; i < take; ++i) {
        bit_util::SetBitTo(out, out_bit_offset + done + i, buffer_[buffer_pos_ + i] != 0);
      }
      buffer_pos_ += static_cast<int>(take);
      done += take;
    } else if (rle_left_ > 0) {
      const int64_t take = std::min(n - done, rle_left_);
      bit_util::SetBitsTo(out, out_bit_offset + done, take, rle_value_ != 0);
      rle_left_ -= take;
      done += take;
    } else if (literal_left_ > 0) {
      const int64_t take = std::min(n - done, literal_left_);
      CopyBitmap(literal_, literal_bit_, out, out_bit_offset + done, take);
      const int64_t bit = literal_bit_ + take;
      literal_ += bit >> 3;
      literal_bit_ = static_cast<int>(bit & 7);
      literal_left_ -= take;
      done += take;
    } else {
      bool found;
      LAKEML_RETURN_IF_ERROR(NextRun(&found));
      if (!found) return EndedEarly(n, done);
    }
  }
  return Status::OK();
}

template Status RleBitPackedDecoder::Decode<uint8_t>(uint8_t*, int64_t);
template Status RleBitPackedDecoder::Decode<int16_t>(int16_t*, int64_t);
template Status RleBitPackedDecoder::Decode<int32_t>(int32_t*, int64_t);
template Status RleBitPackedDecoder::Decode<uint32_t>(uint32_t*, int64_t);

}  // namespace lakeml::parquet
