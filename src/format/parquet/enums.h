// Enumerations of the Parquet format (parquet.thrift), with their wire values.
// DO NOT CHANGE any value: they are stored in Parquet files.
#pragma once

#include <cstdint>
#include <string_view>

namespace lakeml::parquet {

// Physical types.
enum class Type : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,  // Deprecated; Impala/Spark timestamps.
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class FieldRepetitionType : int32_t {
  kRequired = 0,
  kOptional = 1,
  kRepeated = 2,
};

enum class Encoding : int32_t {
  kPlain = 0,
  // 1 was GROUP_VAR_INT, never used.
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,  // Deprecated; levels only.
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  // Hadoop-framed LZ4 (or, from some writers, a raw LZ4 block).
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class BoundaryOrder : int32_t {
  kUnordered = 0,
  kAscending = 1,
  kDescending = 2,
};

std::string_view TypeName(Type t);                          // "INT32"
std::string_view ConvertedTypeName(ConvertedType t);        // "UTF8"
std::string_view EncodingName(Encoding e);                  // "RLE_DICTIONARY"
std::string_view CompressionCodecName(CompressionCodec c);  // "SNAPPY"
std::string_view PageTypeName(PageType t);                  // "DATA_PAGE_V2"
std::string_view RepetitionName(FieldRepetitionType r);     // "OPTIONAL"

}  // namespace lakeml::parquet
