#include "format/parquet/encoding/rle_boolean_encoder.h"

#include "base/bit_util.h"

namespace lakeml::parquet {

void RleBooleanEncoder::PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n) {
  for (int64_t i = 0; i < n; ++i) rle_.Put(bit_util::GetBit(bits, bit_offset + i));
}

void RleBooleanEncoder::FinishTo(std::string* out) {
  const size_t header = out->size();
  out->append(4, '\0');
  rle_.FinishTo(out);
  // DO NOT CHANGE: Parquet prefixes RLE booleans with their 4-byte little-endian length.
  bit_util::StoreLE(out->data() + header, static_cast<uint32_t>(out->size() - header - 4));
}

}  // namespace lakeml::parquet
