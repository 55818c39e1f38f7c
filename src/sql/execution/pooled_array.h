// PooledArray: a fixed-size, zero-filled array of a trivially copyable type in
// columnar::BufferPool memory, for the large index arrays of hash tables (decision 0021). Blocks
// of megabytes come from the pool's transparent huge pages and are reused across queries, so a
// table of millions of slots does not page-fault 4 KiB at a time (the costliest part of
// building one on this kind of VM).
//
// Owns its memory; movable, not copyable. Not thread-safe (one owner at a time).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "columnar/buffer_pool.h"

namespace lakeml::sql {

template <typename T>
class PooledArray {
  static_assert(std::is_trivially_copyable_v<T>, "PooledArray holds plain values");

 public:
  PooledArray() = default;
  // `n` elements, zero-filled unless `zero` is false (then the caller writes each one before
  // reading it).
  explicit PooledArray(size_t n, bool zero = true) : size_(n) {
    if (n == 0) return;
    bytes_ = static_cast<int64_t>(n * sizeof(T));
    data_ = reinterpret_cast<T*>(columnar::BufferPool::Allocate(&bytes_));
    if (zero) std::memset(static_cast<void*>(data_), 0, n * sizeof(T));
  }
  PooledArray(PooledArray&& other) noexcept { swap(other); }
  PooledArray& operator=(PooledArray&& other) noexcept {
    PooledArray(std::move(other)).swap(*this);
    return *this;
  }
  PooledArray(const PooledArray&) = delete;
  PooledArray& operator=(const PooledArray&) = delete;
  ~PooledArray() {
    if (data_ != nullptr) columnar::BufferPool::Free(reinterpret_cast<uint8_t*>(data_), bytes_);
  }

  void swap(PooledArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(bytes_, other.bytes_);
  }
  size_t size() const { return size_; }
  // The bytes held (the pool's size class), for memory accounting.
  int64_t bytes() const { return bytes_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* data() { return data_; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace lakeml::sql
