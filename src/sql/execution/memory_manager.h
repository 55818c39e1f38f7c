// MemoryManager: counts the bytes that operators hold in hash tables, sort buffers and join
// builds against a limit. A Database owns the process-wide manager (default limit: 60% of
// physical RAM); each query runs under a child manager whose limit is the session's setting,
// and every reservation counts against the child and all its ancestors.
//
// Operators reserve once per chunk (not per row), through a MemoryReservation that releases
// what it holds when destroyed. An operator that cannot reserve either spills (aggregate,
// sort) or fails with UNABLE_TO_ACQUIRE_MEMORY (SQLSTATE 53200).
//
// Thread-safe (atomics); a MemoryReservation is used by one thread at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::sql {

class MemoryManager {
 public:
  // REQUIRES: `parent`, if any, outlives this manager. limit <= 0 means unlimited.
  explicit MemoryManager(int64_t limit, MemoryManager* parent = nullptr)
      : limit_(limit), parent_(parent) {}
  MemoryManager(const MemoryManager&) = delete;
  MemoryManager& operator=(const MemoryManager&) = delete;

  // Takes `bytes` if this manager and every ancestor stay within their limits.
  bool TryReserve(int64_t bytes);
  // Takes `bytes` whatever the limits (memory that is already allocated and cannot spill).
  void ForceReserve(int64_t bytes);
  void Release(int64_t bytes);

  int64_t limit() const { return limit_; }
  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }

  // 60% of physical RAM (1 GiB when it cannot be read).
  static int64_t DefaultLimit();
  // "4GB", "512MB", "64kb", "1.5g", "1048576" (bytes); binary units. Errors name `setting`.
  static Result<int64_t> ParseSize(std::string_view text, std::string_view setting);
  // 1536 -> "1.5 KiB".
  static std::string FormatSize(int64_t bytes);

 private:
  void UpdatePeak(int64_t now);

  const int64_t limit_;
  MemoryManager* const parent_;
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};
};

// The bytes one operator (thread) holds. Move-only; releases on destruction.
class MemoryReservation {
 public:
  MemoryReservation() = default;
  explicit MemoryReservation(MemoryManager* manager) : manager_(manager) {}
  MemoryReservation(MemoryReservation&& other) noexcept { *this = std::move(other); }
  MemoryReservation& operator=(MemoryReservation&& other) noexcept;
  ~MemoryReservation() { Resize(0); }

  // Grows or shrinks the reservation to `bytes`; false (and unchanged) when growing would
  // pass a limit. Always true without a manager.
  bool Resize(int64_t bytes);
  // Resize that may pass the limit (memory already allocated that cannot spill).
  void ForceResize(int64_t bytes);
  // Resize, or UNABLE_TO_ACQUIRE_MEMORY naming `what` (for operators that cannot spill).
  Status ResizeOrFail(int64_t bytes, std::string_view what);
  int64_t bytes() const { return bytes_; }
  int64_t peak() const { return peak_; }
  MemoryManager* manager() const { return manager_; }

 private:
  MemoryManager* manager_ = nullptr;
  int64_t bytes_ = 0;
  int64_t peak_ = 0;
};

}  // namespace lakeml::sql
