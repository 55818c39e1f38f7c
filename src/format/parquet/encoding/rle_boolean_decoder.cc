#include "format/parquet/encoding/rle_boolean_decoder.h"

#include "base/bit_util.h"

namespace lakeml::parquet {
namespace {

constexpr int64_t kLengthBytes = 4;  // DO NOT CHANGE: Parquet RLE boolean length prefix.

}  // namespace

Status RleBooleanDecoder::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  values_left_ = 0;
  rle_.Reset(data, 0, 1);
  if (size < kLengthBytes) {
    return Status::Corruption("RLE BOOLEAN data too short for its length prefix: ", size, " bytes");
  }
  const uint32_t len = bit_util::LoadLE<uint32_t>(data);
  if (len > static_cast<uint64_t>(size - kLengthBytes)) {
    return Status::Corruption("RLE BOOLEAN length prefix overruns page: length ", len, ", ",
                              size - kLengthBytes, " bytes present");
  }
  rle_.Reset(data + kLengthBytes, len, 1);
  values_left_ = num_values;
  return Status::OK();
}

Status RleBooleanDecoder::DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset) {
  if (n > values_left_) {
    return Status::Corruption("RLE BOOLEAN page has fewer values than requested: requested ", n,
                              ", remaining ", values_left_);
  }
  LAKEML_RETURN_IF_ERROR(rle_.DecodeBits(out, out_bit_offset, n));
  values_left_ -= n;
  return Status::OK();
}

}  // namespace lakeml::parquet
