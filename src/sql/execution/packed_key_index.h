// PackedKeyIndex: the hash index of an AggregateHashTable whose group key is packed into 64
// bits (one integer, date or timestamp column, or SmallKeyPacker's short keys): open addressing
// with linear probing over slots that hold the key itself beside its group, so a lookup
// touches one cache line and compares no bytes. NULL keys of a single column are not indexed
// (the table keeps their group aside).
//
// Owned by one thread at a time. Header-only: the table's per-row loops inline it.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "columnar/data_type.h"
#include "columnar/vector.h"
#include "sql/execution/pooled_array.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

class PackedKeyIndex {
 public:
  PackedKeyIndex() : slots_(1024), mask_(1023) {}

  // True when a single key column of `type` can be packed.
  static bool Supports(const columnar::DataType& type) {
    switch (type.id()) {
      case columnar::TypeId::kInt8:
      case columnar::TypeId::kInt16:
      case columnar::TypeId::kInt32:
      case columnar::TypeId::kInt64:
      case columnar::TypeId::kUInt8:
      case columnar::TypeId::kUInt16:
      case columnar::TypeId::kUInt32:
      case columnar::TypeId::kUInt64:
      case columnar::TypeId::kDate32:
      case columnar::TypeId::kYearMonthInterval:
      case columnar::TypeId::kTime64:
      case columnar::TypeId::kTimestamp:
      case columnar::TypeId::kDayTimeInterval:
        return true;
      default:
        return false;
    }
  }
  // The hash of a packed key (murmur3's finalizer: its top bits also pick spill partitions).
  static uint64_t Hash(uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    return key ^ (key >> 33);
  }
  // The hash of the NULL key.
  static constexpr uint64_t kNullHash = 0x8c3a5f1e2b7d9406ull;

  // Packs rows [0, n) of `column` (a Supports type) into keys (sign-extended) and their hashes;
  // a NULL row gets key 0, hash kNullHash and null[i] = 1 (null is untouched when the column
  // has no NULLs; returns whether it has any).
  static bool Pack(const columnar::Vector& column, int64_t n, uint64_t* keys, uint64_t* hashes,
                   uint8_t* null) {
    switch (column.type()->id()) {
      case columnar::TypeId::kInt8:
        PackTyped<int8_t>(column, n, keys, hashes);
        break;
      case columnar::TypeId::kInt16:
        PackTyped<int16_t>(column, n, keys, hashes);
        break;
      case columnar::TypeId::kInt32:
      case columnar::TypeId::kDate32:
      case columnar::TypeId::kYearMonthInterval:
        PackTyped<int32_t>(column, n, keys, hashes);
        break;
      case columnar::TypeId::kUInt8:
        PackTyped<uint8_t>(column, n, keys, hashes);
        break;
      case columnar::TypeId::kUInt16:
        PackTyped<uint16_t>(column, n, keys, hashes);
        break;
      case columnar::TypeId::kUInt32:
        PackTyped<uint32_t>(column, n, keys, hashes);
        break;
      default:  // 8-byte types
        PackTyped<int64_t>(column, n, keys, hashes);
        break;
    }
    if (column.null_count() == 0) return false;
    for (int64_t i = 0; i < n; ++i) {
      null[i] = column.IsNull(i) ? 1 : 0;
      if (null[i]) {
        keys[i] = 0;
        hashes[i] = kNullHash;
      }
    }
    return true;
  }
  // Writes keys back into a new vector of `type`; the row `null_row` (if >= 0) is NULL.
  static columnar::VectorPtr Unpack(const columnar::TypePtr& type, const uint64_t* keys, int64_t n,
                                    int64_t null_row) {
    columnar::VectorPtr v = columnar::Vector::Make(type, n);
    const int w = type->fixed_width();
    uint8_t* out = v->mutable_values()->mutable_data();
    // Little-endian: a key's low w bytes are the value.
    for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * w, &keys[i], w);
    if (null_row >= 0) KernelOutput::SetNull(v.get(), null_row);
    v->FinishValidity();
    return v;
  }

  // The group of `key`, or, when it is absent, `next` after recording key -> next.
  int64_t FindOrInsert(uint64_t key, uint64_t hash, int64_t next) {
    uint64_t s = hash & mask_;
    while (true) {
      Slot& slot = slots_[s];
      if (slot.group == 0) {
        slot.key = key;
        slot.group = static_cast<uint64_t>(next) + 1;
        if (++count_ * 4 > slots_.size() * 3) Grow();
        return next;
      }
      if (slot.key == key) return static_cast<int64_t>(slot.group) - 1;
      s = (s + 1) & mask_;
    }
  }
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  // Sizes the slots for `keys` keys at most half full, so that that many inserts never grow
  // the index (decision 0021). Never shrinks.
  void Reserve(int64_t keys) {
    size_t size = slots_.size();
    while (static_cast<int64_t>(size / 4 * 3) < keys) size *= 2;
    if (size > slots_.size()) Rehash(size);
  }
  int64_t MemoryUsage() const { return slots_.bytes(); }

 private:
  struct Slot {
    uint64_t key;
    uint64_t group;  // group + 1; 0 = empty
  };

  void Grow() { Rehash(slots_.size() * 2); }
  // Moves every key into `size` new slots. The new slots are random writes: a window of
  // positions is computed and prefetched before the window is written.
  void Rehash(size_t size) {
    PooledArray<Slot> old(size);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    constexpr size_t kWindow = 16;
    uint64_t pos[kWindow];
    const Slot* live[kWindow];
    size_t filled = 0;
    auto flush = [&] {
      for (size_t w = 0; w < filled; ++w) {
        uint64_t s = pos[w];
        while (slots_[s].group != 0) s = (s + 1) & mask_;
        slots_[s] = *live[w];
      }
      filled = 0;
    };
    for (size_t i = 0; i < old.size(); ++i) {
      const Slot& slot = old[i];
      if (slot.group == 0) continue;
      pos[filled] = Hash(slot.key) & mask_;
      __builtin_prefetch(&slots_[pos[filled]], 1);
      live[filled++] = &slot;
      if (filled == kWindow) flush();
    }
    flush();
  }
  template <typename T>
  static void PackTyped(const columnar::Vector& column, int64_t n, uint64_t* keys,
                        uint64_t* hashes) {
    const T* values = column.values_as<T>();
    for (int64_t i = 0; i < n; ++i) {
      // Signed values sign-extend, unsigned ones zero-extend: equal keys stay equal.
      keys[i] = static_cast<uint64_t>(static_cast<int64_t>(values[i]));
      hashes[i] = Hash(keys[i]);
    }
  }

  PooledArray<Slot> slots_;  // zero: an empty slot
  uint64_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace lakeml::sql
