#include "format/parquet/encoding/value_encoder.h"

#include <memory>

#include "base/check.h"
#include "format/parquet/encoding/byte_stream_split_encoder.h"
#include "format/parquet/encoding/delta_binary_packed_encoder.h"
#include "format/parquet/encoding/delta_byte_array_encoder.h"
#include "format/parquet/encoding/delta_length_byte_array_encoder.h"
#include "format/parquet/encoding/physical_type_width.h"
#include "format/parquet/encoding/plain_encoder.h"
#include "format/parquet/encoding/rle_boolean_encoder.h"

namespace lakeml::parquet {

// Calling a Put* the encoder's physical type does not have is a bug in the caller.
void ValueEncoder::PutFixed(const uint8_t* values, int64_t n) {
  LAKEML_CHECK(!"PutFixed is not supported by this encoder");
}

void ValueEncoder::PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n) {
  LAKEML_CHECK(!"PutBooleans is not supported by this encoder");
}

void ValueEncoder::PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) {
  LAKEML_CHECK(!"PutByteArrays is not supported by this encoder");
}

Result<std::unique_ptr<ValueEncoder>> MakeValueEncoder(Encoding encoding, Type type,
                                                       int type_length) {
  if (type < Type::kBoolean || type > Type::kFixedLenByteArray) {
    return Status::InvalidArgument("Unknown physical type: ", static_cast<int32_t>(type));
  }
  if (type == Type::kFixedLenByteArray && type_length <= 0) {
    return Status::InvalidArgument("FIXED_LEN_BYTE_ARRAY needs a positive type_length: ",
                                   type_length);
  }
  auto invalid = [&]() -> Status {
    return Status::InvalidArgument("Encoding ", EncodingName(encoding),
                                   " is not valid for physical type ", TypeName(type));
  };
  switch (encoding) {
    case Encoding::kPlain:
      return std::make_unique<PlainEncoder>(type, type_length);
    case Encoding::kRle:
      if (type != Type::kBoolean) return invalid();
      return std::make_unique<RleBooleanEncoder>();
    case Encoding::kDeltaBinaryPacked:
      if (type == Type::kInt32) return std::make_unique<DeltaBinaryPackedEncoder<uint32_t>>();
      if (type == Type::kInt64) return std::make_unique<DeltaBinaryPackedEncoder<uint64_t>>();
      return invalid();
    case Encoding::kDeltaLengthByteArray:
      if (type != Type::kByteArray) return invalid();
      return std::make_unique<DeltaLengthByteArrayEncoder>();
    case Encoding::kDeltaByteArray:
      if (type != Type::kByteArray && type != Type::kFixedLenByteArray) return invalid();
      return std::make_unique<DeltaByteArrayEncoder>(type, type_length);
    case Encoding::kByteStreamSplit:
      if (type == Type::kBoolean || type == Type::kByteArray || type == Type::kInt96) {
        return invalid();
      }
      return std::make_unique<ByteStreamSplitEncoder>(PhysicalTypeWidth(type, type_length));
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      return Status::InvalidArgument("Encoding ", EncodingName(encoding),
                                     " is built by the column writer, not a ValueEncoder");
    case Encoding::kBitPacked:
      return invalid();
  }
  return Status::NotImplemented("Unsupported encoding: ", static_cast<int32_t>(encoding));
}

}  // namespace lakeml::parquet
