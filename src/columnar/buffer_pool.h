// BufferPool: a process-wide cache of large freed memory blocks, keyed by power-of-two size
// class, behind every columnar::Buffer.
//
// Why: readers and writers allocate and free the same tens of megabytes for every row group.
// glibc returns such blocks to the kernel (mmap/munmap, heap trimming), so each row group
// page-faults its memory in again; that cost more than the decoding itself. Blocks of 64 KiB and
// more are therefore kept here, up to a bounded total, and handed out again.
//
// Thread-safe (one mutex; allocations of this size are few per row group). Under
// AddressSanitizer the pool is bypassed so use-after-free stays detectable.
#pragma once

#include <cstdint>

namespace lakeml::columnar {

class BufferPool {
 public:
  // Returns at least `*bytes` bytes, 64-byte aligned, and sets *bytes to the usable size (the
  // size class). Throws std::bad_alloc when memory is exhausted.
  static uint8_t* Allocate(int64_t* bytes);
  // REQUIRES: p came from Allocate() with the returned *bytes.
  static void Free(uint8_t* p, int64_t bytes);
  // Frees every cached block (e.g. before a long idle period).
  static void Trim();
  static int64_t cached_bytes();
};

}  // namespace lakeml::columnar
