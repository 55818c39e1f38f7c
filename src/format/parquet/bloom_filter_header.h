// BloomFilterHeader (parquet.thrift): precedes the bitset of a column chunk's bloom filter.
// Today's format has one choice for each union (split-block algorithm, xxHash64, no
// compression); a member lakeml does not know parses as kUnrecognized so that the reader can
// ignore the filter instead of failing. Plain value: thread-safe to read.
#pragma once

#include <cstdint>

namespace lakeml::parquet {

struct BloomFilterHeader {
  // DO NOT CHANGE: the non-zero values are the union field ids in parquet.thrift.
  enum class Algorithm : int16_t { kUnrecognized = 0, kBlock = 1 };
  enum class Hash : int16_t { kUnrecognized = 0, kXxHash = 1 };
  enum class Compression : int16_t { kUnrecognized = 0, kUncompressed = 1 };

  int32_t num_bytes = 0;  // Size of the bitset that follows the header.
  Algorithm algorithm = Algorithm::kBlock;
  Hash hash = Hash::kXxHash;
  Compression compression = Compression::kUncompressed;

  bool operator==(const BloomFilterHeader&) const = default;
};

}  // namespace lakeml::parquet
