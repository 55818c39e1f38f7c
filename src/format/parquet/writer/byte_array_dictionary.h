// ByteArrayDictionary: the value -> index map behind dictionary encoding of BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY columns.
//
// A flat open-addressing table (linear probing, load factor <= 1/2) of {hash, index}; the
// distinct values are stored back to back in insertion order, which is the order of the PLAIN
// dictionary page. Owns its memory; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakeml::parquet {

class ByteArrayDictionary {
 public:
  ByteArrayDictionary() { Clear(); }

  // Appends the index of each value data[offsets[i], offsets[i + 1]), i < n, to indices.
  void InsertByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n, uint32_t* indices);
  // As InsertByteArrays for n values of `width` bytes each, back to back.
  void InsertFixed(const uint8_t* values, int width, int64_t n, uint32_t* indices);

  int64_t size() const { return static_cast<int64_t>(offsets_.size()) - 1; }
  // Size of the PLAIN-encoded dictionary page body (with 4-byte lengths unless fixed).
  int64_t plain_bytes() const { return static_cast<int64_t>(data_.size()) + 4 * size(); }
  // Entry i is data()[offsets()[i], offsets()[i + 1]).
  const int64_t* offsets() const { return offsets_.data(); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(data_.data()); }
  int64_t data_bytes() const { return static_cast<int64_t>(data_.size()); }

  // Empties the dictionary; the table keeps its capacity.
  void Clear();

 private:
  struct Slot {
    uint32_t hash_high;       // High 32 bits of the value's hash.
    uint32_t index_plus_one;  // 0 = empty.
  };

  uint32_t Insert(const uint8_t* p, int64_t len);
  void Resize(int log2);
  void Grow();

  std::vector<Slot> slots_;
  std::vector<int64_t> offsets_;
  std::string data_;
  uint64_t mask_ = 0;
  int log2_ = 0;
};

}  // namespace lakeml::parquet
