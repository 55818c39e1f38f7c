// BloomFilter: a Parquet split-block Bloom filter (SBBF): 32-byte blocks of eight 32-bit words,
// XXH64 (seed 0) over each value's PLAIN encoding (byte arrays without their length prefix).
//
// Read() takes the header + bitset a column chunk points to; Insert/MightContain work on
// hashes, so a writer can build one and a reader can probe one. Owns its bitset. Not
// thread-safe for Insert; MightContain is safe concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::parquet {

class BloomFilter {
 public:
  // An empty filter of num_bytes (rounded up to a power of two, at least 32).
  explicit BloomFilter(int64_t num_bytes);

  // Parses a serialized filter (Thrift BloomFilterHeader followed by the bitset) from
  // data[0, size); *consumed receives the bytes used. Errors for unknown algorithms, hashes or
  // compressions, and for a bitset that is not a positive multiple of 32 bytes or overruns.
  static Result<BloomFilter> Parse(const uint8_t* data, size_t size, size_t* consumed = nullptr);

  static uint64_t Hash(std::string_view plain_bytes);
  template <typename T>
  static uint64_t HashValue(T v) {
    return Hash(std::string_view(reinterpret_cast<const char*>(&v), sizeof(T)));
  }

  void Insert(uint64_t hash);
  bool MightContain(uint64_t hash) const;

  // Header + bitset, as written after a row group's column chunks.
  void SerializeTo(std::string* out) const;
  int64_t num_bytes() const { return static_cast<int64_t>(bits_.size()); }

 private:
  BloomFilter() = default;
  std::string bits_;
};

}  // namespace lakeml::parquet
