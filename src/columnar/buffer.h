// Buffer: a contiguous, 64-byte aligned, growable block of memory that owns its bytes.
//
// Shared between vectors through BufferPtr (shared_ptr<Buffer>); a Buffer is mutable only
// while one owner builds it, and read-only once published in a Vector. Not thread-safe for
// writes. Capacity carries 64 bytes of zeroed slack past size() so that decoders may read or
// write a whole machine word past the last value.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

namespace lakeml::columnar {

class Buffer {
 public:
  // The new contents are uninitialized.
  static std::shared_ptr<Buffer> Allocate(int64_t size);
  // The new contents are zero.
  static std::shared_ptr<Buffer> AllocateZeroed(int64_t size);
  static std::shared_ptr<Buffer> CopyOf(const void* data, int64_t size);

  Buffer() = default;
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  const uint8_t* data() const { return data_; }
  uint8_t* mutable_data() { return data_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }

  template <typename T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_as() {
    return reinterpret_cast<T*>(data_);
  }

  // Grows or shrinks size(); contents up to min(old, new) size are kept. Grows capacity
  // geometrically, so repeated appends are amortized O(1).
  void Resize(int64_t new_size);
  // Ensures capacity() >= min_capacity without changing size().
  void Reserve(int64_t min_capacity);
  void Append(const void* p, int64_t n) {
    int64_t old = size_;
    Resize(size_ + n);
    std::memcpy(data_ + old, p, n);
  }

 private:
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace lakeml::columnar
