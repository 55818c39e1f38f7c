#include "format/parquet/encoding/value_decoder.h"

#include <memory>

#include "format/parquet/encoding/byte_stream_split_decoder.h"
#include "format/parquet/encoding/delta_binary_packed_decoder.h"
#include "format/parquet/encoding/delta_byte_array_decoder.h"
#include "format/parquet/encoding/delta_length_byte_array_decoder.h"
#include "format/parquet/encoding/physical_type_width.h"
#include "format/parquet/encoding/plain_decoder.h"
#include "format/parquet/encoding/rle_boolean_decoder.h"

namespace lakeml::parquet {

Status ValueDecoder::DecodeFixed(int64_t n, uint8_t* out) {
  return Status::Internal("DecodeFixed is not supported by this decoder");
}

Status ValueDecoder::DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset) {
  return Status::Internal("DecodeBooleans is not supported by this decoder");
}

Status ValueDecoder::DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data) {
  return Status::Internal("DecodeByteArrays is not supported by this decoder");
}

Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, Type type,
                                                       int type_length) {
  if (type < Type::kBoolean || type > Type::kFixedLenByteArray) {
    return Status::Corruption("Unknown physical type: ", static_cast<int32_t>(type));
  }
  if (type == Type::kFixedLenByteArray && type_length <= 0) {
    return Status::Corruption("FIXED_LEN_BYTE_ARRAY needs a positive type_length: ", type_length);
  }
  auto invalid = [&]() -> Status {
    return Status::Corruption("Encoding ", EncodingName(encoding),
                              " is not valid for physical type ", TypeName(type));
  };
  switch (encoding) {
    case Encoding::kPlain:
      return std::make_unique<PlainDecoder>(type, type_length);
    case Encoding::kRle:
      if (type != Type::kBoolean) return invalid();
      return std::make_unique<RleBooleanDecoder>();
    case Encoding::kDeltaBinaryPacked:
      if (type == Type::kInt32) {
        return std::make_unique<DeltaBinaryPackedDecoder<uint32_t>>();
      }
      if (type == Type::kInt64) {
        return std::make_unique<DeltaBinaryPackedDecoder<uint64_t>>();
      }
      return invalid();
    case Encoding::kDeltaLengthByteArray:
      if (type != Type::kByteArray) return invalid();
      return std::make_unique<DeltaLengthByteArrayDecoder>();
    case Encoding::kDeltaByteArray:
      if (type != Type::kByteArray && type != Type::kFixedLenByteArray) return invalid();
      return std::make_unique<DeltaByteArrayDecoder>(type, type_length);
    case Encoding::kByteStreamSplit:
      if (type == Type::kBoolean || type == Type::kByteArray || type == Type::kInt96) {
        return invalid();
      }
      return std::make_unique<ByteStreamSplitDecoder>(PhysicalTypeWidth(type, type_length));
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      return Status::InvalidArgument("Encoding ", EncodingName(encoding),
                                     " is decoded by the column reader, not a ValueDecoder");
    case Encoding::kBitPacked:
      return Status::Corruption("Encoding BIT_PACKED is only valid for levels, not values of ",
                                TypeName(type));
  }
  return Status::NotImplemented("Unsupported encoding: ", static_cast<int32_t>(encoding));
}

}  // namespace lakeml::parquet
