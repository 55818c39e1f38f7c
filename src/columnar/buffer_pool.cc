#include "columnar/buffer_pool.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace lakeml::columnar {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooling = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif
#else
constexpr bool kPooling = true;
#endif

constexpr int64_t kAlignment = 64;
constexpr int kMinClass = 16;  // 64 KiB: smaller blocks go straight to malloc.
constexpr int kMaxClass = 30;  // 1 GiB: larger blocks are not cached.
constexpr int64_t kMaxCachedBytes = 512LL << 20;

struct Pool {
  std::mutex mu;
  std::vector<uint8_t*> free[kMaxClass + 1];
  int64_t cached = 0;
};

Pool& GlobalPool() {
  static Pool* pool = new Pool();  // Never destroyed: buffers may be freed during exit.
  return *pool;
}

int SizeClass(int64_t bytes) {
  int c = kMinClass;
  while ((int64_t{1} << c) < bytes) ++c;
  return c;
}

// Blocks this large are backed by transparent huge pages where the kernel allows it (THP mode
// "madvise"): a row group's vectors are tens of megabytes, and faulting them in 4 KiB at a
// time cost a quarter of a scan's time.
constexpr int64_t kHugePage = int64_t{2} << 20;
constexpr int64_t kMinHugeBlock = 2 * kHugePage;

uint8_t* SystemAlloc(int64_t bytes) {
  const int64_t alignment = kPooling && bytes >= kMinHugeBlock ? kHugePage : kAlignment;
  const int64_t size = (bytes + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, size);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (alignment == kHugePage) madvise(p, size, MADV_HUGEPAGE);  // A hint: failure is harmless.
#endif
  return static_cast<uint8_t*>(p);
}

// glibc hands freed memory at the top of a heap back to the kernel once 128 KiB are free there,
// and moves its mmap threshold with the sizes it sees. A scan's per-chunk buffers (tens of KiB,
// allocated and freed for every 2048 rows) then page-fault their memory in again chunk after
// chunk, and every trim flushes the TLBs of all the process's threads: a third of TPC-H Q1's
// CPU time was in the kernel. Keep up to 512 MiB of freed heap memory mapped instead; blocks of
// 32 MiB and more are still mmap'ed and unmapped (or cached by the pool above).
bool TuneMallocOnce() {
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
  if (kPooling) {
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
  }
#endif
  return true;
}
[[maybe_unused]] const bool kMallocTuned = TuneMallocOnce();

}  // namespace

uint8_t* BufferPool::Allocate(int64_t* bytes) {
  if (!kPooling || *bytes < (int64_t{1} << kMinClass) || *bytes > (int64_t{1} << kMaxClass)) {
    return SystemAlloc(*bytes);
  }
  const int c = SizeClass(*bytes);
  *bytes = int64_t{1} << c;
  Pool& pool = GlobalPool();
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    if (!pool.free[c].empty()) {
      uint8_t* p = pool.free[c].back();
      pool.free[c].pop_back();
      pool.cached -= *bytes;
      return p;
    }
  }
  return SystemAlloc(*bytes);
}

void BufferPool::Free(uint8_t* p, int64_t bytes) {
  if (p == nullptr) return;
  if (kPooling && bytes >= (int64_t{1} << kMinClass) && bytes <= (int64_t{1} << kMaxClass) &&
      (bytes & (bytes - 1)) == 0) {
    Pool& pool = GlobalPool();
    std::lock_guard<std::mutex> lock(pool.mu);
    if (pool.cached + bytes <= kMaxCachedBytes) {
      pool.free[SizeClass(bytes)].push_back(p);
      pool.cached += bytes;
      return;
    }
  }
  std::free(p);
}

void BufferPool::Trim() {
  Pool& pool = GlobalPool();
  std::lock_guard<std::mutex> lock(pool.mu);
  for (auto& list : pool.free) {
    for (uint8_t* p : list) std::free(p);
    list.clear();
  }
  pool.cached = 0;
}

int64_t BufferPool::cached_bytes() {
  Pool& pool = GlobalPool();
  std::lock_guard<std::mutex> lock(pool.mu);
  return pool.cached;
}

}  // namespace lakeml::columnar
