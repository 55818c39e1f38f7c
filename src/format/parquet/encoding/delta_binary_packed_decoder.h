// DeltaBinaryPackedDecoder: the DELTA_BINARY_PACKED encoding of INT32 (T = uint32_t) and
// INT64 (T = uint64_t). Also decodes the length streams of DELTA_LENGTH_BYTE_ARRAY and
// DELTA_BYTE_ARRAY through its typed Decode().
//
// Values are decoded lazily, block by block, as callers ask for them: nothing is allocated
// from the header's value count, and a page that claims many values decodes only those
// requested. All arithmetic is unsigned, wrapping in the type's width as the format
// requires. Miniblock bit widths above the type's width (up to 64) are accepted and the
// deltas truncated to the type.
//
// See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <type_traits>

#include "base/result.h"
#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

template <typename T>
class DeltaBinaryPackedDecoder final : public ValueDecoder {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);

 public:
  // Parses the header; the values are those the header counts (num_values is not used).
  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  Status DecodeFixed(int64_t n, uint8_t* out) override;

  // Decodes the next n values. Corruption if fewer remain or the data is malformed.
  Status Decode(T* out, int64_t n);

  // Values not yet decoded.
  int64_t values_left() const { return values_left_; }

  // The length in bytes of the DELTA_BINARY_PACKED stream at the start of data[0, size):
  // its header and all its blocks, the last miniblock padded to full size as the format
  // requires. Walks block headers without decoding values. Corruption if malformed or
  // truncated.
  static Result<int64_t> EncodedSize(const uint8_t* data, int64_t size);

 private:
  struct Header {
    int64_t block_size;
    int64_t miniblocks;
    int64_t total_values;
    uint64_t first_value;
    int64_t bytes;  // Length of the header itself.
  };
  static Status ParseHeader(const uint8_t* data, int64_t size, Header* header);
  // Moves to the next miniblock, reading a block header when one is due.
  Status StartMiniblock();
  // Unpacks one group of 32 deltas from mb_ptr_ into out as values (prefix sums).
  // REQUIRES: count <= 32 values remain; the bytes for `count` values are present.
  void DecodeGroup(int count, T* out);

  const uint8_t* pos_ = nullptr;  // Next miniblock or block header.
  const uint8_t* end_ = nullptr;
  int64_t values_per_miniblock_ = 0;
  int64_t miniblocks_ = 0;
  int64_t values_left_ = 0;  // Not yet returned to the caller.
  int64_t stream_left_ = 0;  // Not yet unpacked (excludes the first value and buffer_).
  bool first_pending_ = false;
  T last_ = 0;  // The last value unpacked.

  // The current block and miniblock.
  T min_delta_ = 0;
  const uint8_t* widths_ = nullptr;
  int64_t miniblock_index_ = 0;  // Of the next miniblock in the block.
  int miniblock_width_ = 0;
  const uint8_t* miniblock_ptr_ = nullptr;  // Next group of 32 deltas.
  int64_t miniblock_left_ = 0;              // Deltas (incl. padding) not yet unpacked.

  // Values unpacked but not yet returned: buffer_[buffer_pos_, buffer_len_).
  int buffer_pos_ = 0;
  int buffer_len_ = 0;
  T buffer_[32];
};

extern template class DeltaBinaryPackedDecoder<uint32_t>;
extern template class DeltaBinaryPackedDecoder<uint64_t>;

}  // namespace lakeml::parquet
