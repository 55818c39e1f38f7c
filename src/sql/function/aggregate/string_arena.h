// StringArena: owns copies of strings that aggregate states point to (min/max/first of
// STRING). Blocks never move, so a string_view into the arena stays valid until the arena is
// destroyed. One arena per hash table; not thread-safe.
// It also owns ArenaObjects: the heap state of aggregates whose state does not fit a fixed
// size (collect_list, percentile, sketches); a fixed state then holds a pointer to one.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace lakeml::sql {

// Base of the objects a StringArena owns.
class ArenaObject {
 public:
  virtual ~ArenaObject() = default;
};

class StringArena {
 public:
  // A copy of `s` that lives as long as the arena.
  std::string_view Store(std::string_view s) {
    if (s.empty()) return std::string_view("", 0);  // never a null data pointer
    if (s.size() > left_) {
      size_t size = std::max<size_t>(kBlockSize, s.size());
      blocks_.push_back(std::make_unique<char[]>(size));
      next_ = blocks_.back().get();
      left_ = size;
    }
    char* p = next_;
    std::memcpy(p, s.data(), s.size());
    next_ += s.size();
    left_ -= s.size();
    return std::string_view(p, s.size());
  }
  // Approximate bytes held, for memory accounting (sql-memory).
  int64_t bytes() const { return static_cast<int64_t>(blocks_.size() * kBlockSize); }
  // Keeps `other`'s blocks alive here (states copied from it may point into them).
  void Adopt(StringArena&& other) {
    for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
    other.blocks_.clear();
    other.left_ = 0;
    for (auto& o : other.objects_) objects_.push_back(std::move(o));
    other.objects_.clear();
  }
  // A new T owned by the arena; it lives (and never moves) until the arena is destroyed.
  template <typename T>
  T* Make() {
    auto object = std::make_unique<T>();
    T* raw = object.get();
    objects_.push_back(std::move(object));
    return raw;
  }

 private:
  static constexpr size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
  std::vector<std::unique_ptr<ArenaObject>> objects_;
};

}  // namespace lakeml::sql
