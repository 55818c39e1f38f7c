// RoaringContainer: one 16-bit block of a roaring bitmap, i.e. the low 16 bits of the values
// that share their high bits, stored the way the roaring format stores it
// (https://github.com/RoaringBitmap/RoaringFormatSpec):
//   array  - sorted uint16 values, used for at most kMaxArrayCardinality values;
//   bitmap - 65536 bits (1024 little-endian uint64 words), for more than that;
//   run    - sorted, non-overlapping (start, length - 1) pairs, for clustered values.
// Invariants: an array holds at most kMaxArrayCardinality values, a bitmap more; a run container
// holds any number (at least one). Containers are never empty except a default-constructed one.
//
// Used only by RoaringBitmapArray, which validates untrusted bytes before building a container
// with the From* factories. Value type; thread-compatible (const methods may run concurrently).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lakeml::delta {

class RoaringContainer {
 public:
  enum class Kind : uint8_t { kArray, kBitmap, kRun };

  // DO NOT CHANGE: roaring format constants, stored in deletion vector files.
  static constexpr uint32_t kMaxArrayCardinality = 4096;
  static constexpr int kBitmapWords = 1024;
  static constexpr uint32_t kBitmapBytes = kBitmapWords * 8;

  RoaringContainer() = default;

  // REQUIRES: `values` strictly ascending, 1..kMaxArrayCardinality of them.
  static RoaringContainer FromArray(std::vector<uint16_t> values);
  // REQUIRES: words.size() == kBitmapWords, popcount == cardinality > kMaxArrayCardinality.
  static RoaringContainer FromBitmap(std::vector<uint64_t> words, uint32_t cardinality);
  // REQUIRES: `runs` holds (start, length - 1) pairs, at least one, ascending and non-overlapping,
  // none past 65535; `cardinality` is the sum of the lengths.
  static RoaringContainer FromRuns(std::vector<uint16_t> runs, uint32_t cardinality);
  // The values [lo, hi). REQUIRES: lo < hi <= 65536.
  static RoaringContainer FromRange(uint32_t lo, uint32_t hi);

  Kind kind() const { return kind_; }
  // 0..65536.
  uint32_t cardinality() const { return cardinality_; }
  bool empty() const { return cardinality_ == 0; }

  bool Contains(uint16_t v) const;
  // Largest value. REQUIRES: !empty().
  uint16_t Maximum() const;

  void Add(uint16_t v);
  // Adds [lo, hi). REQUIRES: lo < hi <= 65536.
  void AddRange(uint32_t lo, uint32_t hi);
  void UnionWith(const RoaringContainer& other);

  // Calls f(uint32_t value) for every value in ascending order.
  template <typename F>
  void ForEach(F&& f) const;

  // For every value v in [lo, hi) sets bit (v + bit_offset) of the LSB-first bitmap `bits`,
  // which holds `bits_bytes` bytes. REQUIRES: lo < hi <= 65536, lo + bit_offset >= 0, and
  // bits_bytes covers bit hi - 1 + bit_offset.
  void MarkRange(uint32_t lo, uint32_t hi, int64_t bit_offset, uint8_t* bits,
                 int64_t bits_bytes) const;

  // Same set of values, whatever the representation.
  bool Equals(const RoaringContainer& other) const;

  // Serialization. ChooseSerializedKind() picks what the Java reference's runOptimize() would:
  // runs when strictly smaller, otherwise array up to kMaxArrayCardinality values, else bitmap.
  Kind ChooseSerializedKind() const;
  // Bytes AppendSerialized writes for `kind` (the container body only, no header).
  uint32_t SerializedSize(Kind kind) const;
  // Appends the body in `kind`'s format (little-endian). REQUIRES: !empty(); kind == kRun or
  // kind is the array/bitmap kind the cardinality calls for.
  void AppendSerialized(Kind kind, std::string* out) const;

 private:
  int64_t CountRuns() const;
  std::vector<uint16_t> ToArray() const;
  std::vector<uint64_t> ToWords() const;
  std::vector<uint16_t> ToRuns() const;
  // Turns this into a bitmap (whatever the cardinality), for in-place bit edits.
  void ConvertToBitmapForEdit();
  // Restores the invariants and picks the smallest representation.
  void Optimize();

  Kind kind_ = Kind::kArray;
  uint32_t cardinality_ = 0;
  std::vector<uint16_t> data_;   // kArray: values; kRun: (start, length - 1) pairs.
  std::vector<uint64_t> words_;  // kBitmap: kBitmapWords words.
};

template <typename F>
void RoaringContainer::ForEach(F&& f) const {
  switch (kind_) {
    case Kind::kArray:
      for (uint16_t v : data_) f(static_cast<uint32_t>(v));
      break;
    case Kind::kBitmap:
      for (int i = 0; i < kBitmapWords; ++i) {
        for (uint64_t w = words_[i]; w != 0; w &= w - 1) {
          f(static_cast<uint32_t>(i * 64 + __builtin_ctzll(w)));
        }
      }
      break;
    case Kind::kRun:
      for (size_t i = 0; i < data_.size(); i += 2) {
        const uint32_t end = uint32_t{data_[i]} + data_[i + 1];
        for (uint32_t v = data_[i]; v <= end; ++v) f(v);
      }
      break;
  }
}

}  // namespace lakeml::delta
