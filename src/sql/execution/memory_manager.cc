#include "sql/execution/memory_manager.h"

#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdio>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {

bool MemoryManager::TryReserve(int64_t bytes) {
  const int64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (limit_ > 0 && now > limit_) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    return false;
  }
  if (parent_ != nullptr && !parent_->TryReserve(bytes)) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    return false;
  }
  UpdatePeak(now);
  return true;
}

void MemoryManager::ForceReserve(int64_t bytes) {
  UpdatePeak(used_.fetch_add(bytes, std::memory_order_relaxed) + bytes);
  if (parent_ != nullptr) parent_->ForceReserve(bytes);
}

void MemoryManager::UpdatePeak(int64_t now) {
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void MemoryManager::Release(int64_t bytes) {
  used_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->Release(bytes);
}

int64_t MemoryManager::DefaultLimit() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{1} << 30;
  return static_cast<int64_t>(static_cast<double>(pages) * page_size * 0.6);
}

Result<int64_t> MemoryManager::ParseSize(std::string_view text, std::string_view setting) {
  auto invalid = [&]() {
    return SqlError::Make("INVALID_CONF_VALUE", "22022",
                          StrCat("The value '", text, "' in the config \"", setting,
                                 "\" is invalid: expected a size such as 4GB, 512MB or 1048576."));
  };
  size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
    ++end;
  }
  double number = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + end, number);
  if (end == 0 || ec != std::errc() || p != text.data() + end) return invalid();
  std::string unit;
  for (char c : text.substr(end)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  double scale = 1;
  if (unit.empty() || unit == "b") {
    scale = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    scale = 1024.0;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    scale = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    scale = 1024.0 * 1024 * 1024;
  } else if (unit == "t" || unit == "tb" || unit == "tib") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else {
    return invalid();
  }
  const double bytes = number * scale;
  if (bytes < 1 || bytes > 9.0e18) return invalid();
  return static_cast<int64_t>(bytes);
}

std::string MemoryManager::FormatSize(int64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[u]);
  return buf;
}

MemoryReservation& MemoryReservation::operator=(MemoryReservation&& other) noexcept {
  if (this != &other) {
    Resize(0);
    manager_ = other.manager_;
    bytes_ = other.bytes_;
    peak_ = other.peak_;
    other.bytes_ = 0;
  }
  return *this;
}

bool MemoryReservation::Resize(int64_t bytes) {
  if (bytes < 0) bytes = 0;
  const int64_t delta = bytes - bytes_;
  if (delta > 0 && manager_ != nullptr && !manager_->TryReserve(delta)) return false;
  if (delta < 0 && manager_ != nullptr) manager_->Release(-delta);
  bytes_ = bytes;
  if (bytes_ > peak_) peak_ = bytes_;
  return true;
}

void MemoryReservation::ForceResize(int64_t bytes) {
  if (Resize(bytes)) return;
  if (manager_ != nullptr) manager_->ForceReserve(bytes - bytes_);
  bytes_ = bytes;
  if (bytes_ > peak_) peak_ = bytes_;
}

Status MemoryReservation::ResizeOrFail(int64_t bytes, std::string_view what) {
  if (Resize(bytes)) return Status::OK();
  const int64_t limit = manager_->limit();
  return SqlError::Make(
      "UNABLE_TO_ACQUIRE_MEMORY", "53200",
      StrCat("Unable to acquire ", MemoryManager::FormatSize(bytes - bytes_), " of memory for ",
             what, ": the query holds ", MemoryManager::FormatSize(manager_->used()),
             " of its limit of ", MemoryManager::FormatSize(limit),
             " (set lakeml.memoryLimit or --memory-limit)"));
}

}  // namespace lakeml::sql
