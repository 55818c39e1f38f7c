#include "format/parquet/writer/byte_array_dictionary.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>

namespace lakeml::parquet {

namespace {
constexpr int kInitialLog2 = 10;
}  // namespace

void ByteArrayDictionary::Clear() {
  offsets_.assign(1, 0);
  data_.clear();
  // Keep the table's capacity for the next column chunk.
  if (slots_.empty()) {
    Resize(kInitialLog2);
  } else {
    std::fill(slots_.begin(), slots_.end(), Slot{0, 0});
  }
}

void ByteArrayDictionary::Resize(int log2) {
  slots_.assign(size_t{1} << log2, Slot{0, 0});
  mask_ = slots_.size() - 1;
  log2_ = log2;
}

void ByteArrayDictionary::Grow() {
  Resize(log2_ + 1);
  for (int64_t i = 0; i < size(); ++i) {
    const uint64_t h = XXH3_64bits(data_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
    uint64_t slot = h & mask_;
    while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{static_cast<uint32_t>(h >> 32), static_cast<uint32_t>(i) + 1};
  }
}

inline uint32_t ByteArrayDictionary::Insert(const uint8_t* p, int64_t len) {
  const uint64_t h = XXH3_64bits(p, len);
  const uint32_t high = static_cast<uint32_t>(h >> 32);
  uint64_t slot = h & mask_;
  for (;;) {
    Slot& s = slots_[slot];
    if (s.index_plus_one == 0) {
      const uint32_t index = static_cast<uint32_t>(size());
      s = Slot{high, index + 1};
      data_.append(reinterpret_cast<const char*>(p), len);
      offsets_.push_back(static_cast<int64_t>(data_.size()));
      if (static_cast<uint64_t>(size()) * 2 > slots_.size()) Grow();
      return index;
    }
    if (s.hash_high == high) {
      const uint32_t index = s.index_plus_one - 1;
      const int64_t begin = offsets_[index];
      if (offsets_[index + 1] - begin == len &&
          (len == 0 || std::memcmp(data_.data() + begin, p, len) == 0)) {
        return index;
      }
    }
    slot = (slot + 1) & mask_;
  }
}

void ByteArrayDictionary::InsertByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n,
                                           uint32_t* indices) {
  for (int64_t i = 0; i < n; ++i) {
    indices[i] = Insert(data + offsets[i], offsets[i + 1] - offsets[i]);
  }
}

void ByteArrayDictionary::InsertFixed(const uint8_t* values, int width, int64_t n,
                                      uint32_t* indices) {
  for (int64_t i = 0; i < n; ++i) indices[i] = Insert(values + i * width, width);
}

}  // namespace lakeml::parquet
