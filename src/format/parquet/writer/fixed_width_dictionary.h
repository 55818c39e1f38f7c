// FixedWidthDictionary<T>: the value -> index map behind dictionary encoding of INT32, INT64,
// FLOAT and DOUBLE columns (T = uint32_t or uint64_t holding the value's bits, so -0.0 and
// +0.0, or NaNs with different payloads, are distinct entries).
//
// A flat open-addressing table with linear probing, load factor <= 1/2, keyed by the value
// itself (no indirection on a hit). Entries keep insertion order, which is the order of the
// PLAIN dictionary page. Owns its memory; not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace lakeml::parquet {

template <typename T>
class FixedWidthDictionary {
 public:
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);

  FixedWidthDictionary() { Clear(); }

  // Appends the dictionary index of each of values[0, n) to indices, adding new values.
  // `values` may be unaligned.
  void Insert(const uint8_t* values, int64_t n, uint32_t* indices) {
    for (int64_t i = 0; i < n; ++i) {
      T key;
      std::memcpy(&key, values + i * sizeof(T), sizeof(T));
      uint64_t slot = Hash(key) >> shift_;
      for (;;) {
        Slot& s = slots_[slot];
        if (s.index_plus_one == 0) {
          s.key = key;
          s.index_plus_one = static_cast<uint32_t>(entries_.size()) + 1;
          indices[i] = static_cast<uint32_t>(entries_.size());
          entries_.push_back(key);
          if (entries_.size() * 2 > slots_.size()) Grow();
          break;
        }
        if (s.key == key) {
          indices[i] = s.index_plus_one - 1;
          break;
        }
        slot = (slot + 1) & mask_;
      }
    }
  }

  int64_t size() const { return static_cast<int64_t>(entries_.size()); }
  // Size of the PLAIN-encoded dictionary page body.
  int64_t plain_bytes() const { return size() * static_cast<int64_t>(sizeof(T)); }
  // The entries in index order, as little-endian values (the PLAIN encoding).
  const uint8_t* entries() const { return reinterpret_cast<const uint8_t*>(entries_.data()); }

  // Empties the dictionary, keeping the table's capacity for the next column chunk (a column
  // that grew its table once tends to again; regrowing costs a rehash per doubling).
  void Clear() {
    entries_.clear();
    if (slots_.empty()) {
      Resize(kInitialLog2);
    } else {
      std::fill(slots_.begin(), slots_.end(), Slot{0, 0});
    }
  }

 private:
  struct Slot {
    T key;
    uint32_t index_plus_one;  // 0 = empty.
  };
  static constexpr int kInitialLog2 = 10;

  static uint64_t Hash(T key) { return static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull; }

  void Resize(int log2) {
    slots_.assign(size_t{1} << log2, Slot{0, 0});
    mask_ = slots_.size() - 1;
    shift_ = 64 - log2;
    log2_ = log2;
  }

  void Grow() {
    Resize(log2_ + 1);
    for (size_t i = 0; i < entries_.size(); ++i) {
      uint64_t slot = Hash(entries_[i]) >> shift_;
      while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{entries_[i], static_cast<uint32_t>(i) + 1};
    }
  }

  std::vector<Slot> slots_;
  std::vector<T> entries_;
  uint64_t mask_ = 0;
  int shift_ = 0;
  int log2_ = 0;
};

}  // namespace lakeml::parquet
