// SmallKeyPacker: packs a row of short group keys (strings up to a few bytes, small integers)
// into one uint64, so an AggregateHashTable can find its group through a PackedKeyIndex
// instead of encoding and comparing bytes (Q1's two one-letter flags; decision 0018). Each
// column has a fixed byte range of the uint64: for a string a length byte (0 = NULL, else
// 1 + length) and up to max_chars bytes; for an integer a validity byte and its bytes. A row
// whose string is longer than its range does not fit and goes through GroupKeyEncoder; whether
// a value fits depends on the value only, so every key has one route.
//
// Immutable after construction; thread-safe. Header-only: the table's per-row loops inline it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/data_type.h"
#include "columnar/vector.h"
#include "sql/execution/packed_key_index.h"

namespace lakeml::sql {

class SmallKeyPacker {
 public:
  explicit SmallKeyPacker(const std::vector<columnar::TypePtr>& types);

  // False when the key columns cannot share 64 bits (then nothing else may be called).
  bool enabled() const { return enabled_; }
  // Packs rows [0, n) of `columns`: fits[i] says whether row i fit (then keys[i] is its key).
  // Returns whether every row fit.
  bool Pack(const std::vector<const columnar::Vector*>& columns, int64_t n, uint64_t* keys,
            uint8_t* fits) const;
  // The packed key of a GroupKeyEncoder encoding, when it fits.
  bool PackEncoded(std::string_view encoded, uint64_t* key) const;
  // The GroupKeyEncoder encoding of a packed key.
  void Unpack(uint64_t key, std::string* encoded) const;

 private:
  struct Column {
    bool is_string;
    int offset;  // of the length/validity byte in the packed key
    int width;   // string: max chars; integer: value bytes
  };
  std::vector<Column> columns_;
  bool enabled_ = false;
};

inline SmallKeyPacker::SmallKeyPacker(const std::vector<columnar::TypePtr>& types) {
  int integer_bytes = 0;
  int strings = 0;
  for (const auto& t : types) {
    if (t->id() == columnar::TypeId::kString || t->id() == columnar::TypeId::kBinary) {
      ++strings;
    } else if (PackedKeyIndex::Supports(*t) && t->fixed_width() <= 4) {
      integer_bytes += 1 + t->fixed_width();
    } else {
      return;
    }
  }
  if (types.empty() || integer_bytes > 8) return;
  const int string_chars = strings == 0 ? 0 : (8 - integer_bytes) / strings - 1;
  if (strings > 0 && string_chars < 1) return;
  int offset = 0;
  for (const auto& t : types) {
    const bool is_string =
        t->id() == columnar::TypeId::kString || t->id() == columnar::TypeId::kBinary;
    columns_.push_back({is_string, offset, is_string ? string_chars : t->fixed_width()});
    offset += 1 + columns_.back().width;
  }
  enabled_ = true;
}

inline bool SmallKeyPacker::Pack(const std::vector<const columnar::Vector*>& columns, int64_t n,
                                 uint64_t* keys, uint8_t* fits) const {
  std::memset(keys, 0, n * sizeof(uint64_t));
  std::memset(fits, 1, n);
  bool all_fit = true;
  for (size_t c = 0; c < columns_.size(); ++c) {
    const Column& col = columns_[c];
    const columnar::Vector& v = *columns[c];
    const bool has_nulls = v.null_count() > 0;
    if (col.is_string) {
      const int64_t* offs = v.offsets();
      const uint8_t* chars = v.data() == nullptr ? nullptr : v.data()->data();
      for (int64_t i = 0; i < n; ++i) {
        if (has_nulls && v.IsNull(i)) continue;  // length byte 0
        const int64_t len = offs[i + 1] - offs[i];
        if (len > col.width) {
          fits[i] = 0;
          all_fit = false;
          continue;
        }
        // Byte by byte in registers: a stack buffer reloaded as a word stalls store forwarding.
        const uint8_t* src = chars + offs[i];
        uint64_t part = static_cast<uint64_t>(1 + len);
        for (int64_t j = 0; j < len; ++j) part |= static_cast<uint64_t>(src[j]) << (8 * (j + 1));
        keys[i] |= part << (8 * col.offset);
      }
    } else {
      const uint8_t* values = v.values()->data();
      const uint64_t value_mask = col.width == 4 ? 0xFFFFFFFFull : (1ull << (8 * col.width)) - 1;
      for (int64_t i = 0; i < n; ++i) {
        if (has_nulls && v.IsNull(i)) continue;  // validity byte 0, value 0
        uint32_t value;
        if (col.width == 4) {
          std::memcpy(&value, values + i * 4, 4);
        } else if (col.width == 2) {
          uint16_t v16;
          std::memcpy(&v16, values + i * 2, 2);
          value = v16;
        } else {
          value = values[i];
        }
        keys[i] |= (1 | ((value & value_mask) << 8)) << (8 * col.offset);
      }
    }
  }
  return all_fit;
}

inline bool SmallKeyPacker::PackEncoded(std::string_view encoded, uint64_t* key) const {
  const auto* p = reinterpret_cast<const uint8_t*>(encoded.data());
  uint8_t packed[8] = {};
  for (const Column& col : columns_) {
    const bool valid = *p++ != 0;
    if (col.is_string) {
      if (!valid) continue;
      uint32_t len;
      std::memcpy(&len, p, 4);
      if (len > static_cast<uint32_t>(col.width)) return false;
      packed[col.offset] = static_cast<uint8_t>(1 + len);
      std::memcpy(packed + col.offset + 1, p + 4, len);
      p += 4 + len;
    } else {
      if (valid) {
        packed[col.offset] = 1;
        std::memcpy(packed + col.offset + 1, p, col.width);
      }
      p += col.width;
    }
  }
  std::memcpy(key, packed, 8);
  return true;
}

inline void SmallKeyPacker::Unpack(uint64_t key, std::string* encoded) const {
  uint8_t packed[8];
  std::memcpy(packed, &key, 8);
  encoded->clear();
  for (const Column& col : columns_) {
    const uint8_t head = packed[col.offset];
    encoded->push_back(head == 0 ? 0 : 1);
    if (col.is_string) {
      if (head == 0) continue;
      const uint32_t len = head - 1u;
      encoded->append(reinterpret_cast<const char*>(&len), 4);
      encoded->append(reinterpret_cast<const char*>(packed + col.offset + 1), len);
    } else {
      encoded->append(reinterpret_cast<const char*>(packed + col.offset + 1), col.width);
    }
  }
}

}  // namespace lakeml::sql
