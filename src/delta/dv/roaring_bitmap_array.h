// RoaringBitmapArray: a set of 64-bit row indexes, the content of a Delta deletion vector
// (PROTOCOL.md, "Deletion Vector Format"). Stored as roaring containers keyed by the high 48
// bits of the value, so sparse, dense and clustered sets all stay compact.
//
// Serialize()/Deserialize() use Delta's on-disk format: the magic number 1681511377, then a
// 64-bit roaring bitmap in the RoaringFormatSpec "portable" layout (the bucket count, then for
// each bucket, ascending, a 32-bit key and a 32-bit portable roaring bitmap), little-endian.
// Deserialize() treats its input as untrusted: every count and size is checked against the
// bytes actually present before it is used, and containers are checked for order, range and
// cardinality; corrupt input gets a Corruption status naming the byte offset.
//
// Value type; thread-compatible (const methods may run concurrently).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "delta/dv/roaring_container.h"

namespace lakeml::delta {

class RoaringBitmapArray {
 public:
  // DO NOT CHANGE: stored in deletion vector files.
  static constexpr uint32_t kPortableMagic = 1681511377;
  // Delta's other ("native") RoaringBitmapArray layout; never used in DV files, not supported.
  static constexpr uint32_t kNativeMagic = 1681511376;
  // "We require that every key in the bitmap has a 0 as its most significant bit" (PROTOCOL.md),
  // so row indexes are below 2^63.
  static constexpr uint64_t kMaxValue = (uint64_t{1} << 63) - 1;

  RoaringBitmapArray() = default;

  // REQUIRES: v <= kMaxValue.
  void Add(uint64_t v);
  // Adds [lo, hi); nothing if lo >= hi. Memory grows with (hi - lo) / 65536 for large ranges.
  // REQUIRES: hi - 1 <= kMaxValue when lo < hi.
  void AddRange(uint64_t lo, uint64_t hi);
  // Union: adds every value of `other` (writers add new deletes to a file's existing DV).
  void Merge(const RoaringBitmapArray& other);

  bool Contains(uint64_t v) const;
  uint64_t Cardinality() const;
  bool IsEmpty() const { return containers_.empty(); }
  // Largest value, or nullopt when empty.
  std::optional<uint64_t> Maximum() const;

  // Calls f(uint64_t) for every value in ascending order.
  template <typename F>
  void ForEach(F&& f) const;
  std::vector<uint64_t> ToVector() const;

  // For every value v in [start, start + count) sets bit (v - start) of the LSB-first bitmap
  // `bits` (bits[i / 8] >> (i % 8)); other bits are left as they are. Work is proportional to
  // the containers and values in the range, not to `count`.
  // REQUIRES: `bits` holds at least (count + 7) / 8 bytes.
  void MarkRange(uint64_t start, int64_t count, uint8_t* bits) const;

  std::string Serialize() const;
  static Result<RoaringBitmapArray> Deserialize(std::string_view bytes);

  // Same set of values, whatever the container representations.
  bool operator==(const RoaringBitmapArray& other) const;

 private:
  friend class RoaringBitmapParser;

  // The container for high bits `key`, created empty if absent.
  RoaringContainer& ContainerFor(uint64_t key);

  std::vector<uint64_t> keys_;                // value >> 16, strictly ascending.
  std::vector<RoaringContainer> containers_;  // Parallel to keys_; none empty.
};

template <typename F>
void RoaringBitmapArray::ForEach(F&& f) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint64_t base = keys_[i] << 16;
    containers_[i].ForEach([&](uint32_t low) { f(base | low); });
  }
}

}  // namespace lakeml::delta
