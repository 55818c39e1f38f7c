#include "sql/execution/runtime_filter.h"

#include <algorithm>

#include "base/str_cat.h"
#include "sql/execution/operators/join_key_hasher.h"

namespace lakeml::sql {
namespace {

// The word and the three bits of a key hash (the word from the high bits, the bits from the
// low ones: JoinKeyHasher's hashes are fully mixed).
inline uint64_t RuntimeFilterBits(uint64_t h) {
  return (uint64_t{1} << (h & 63)) | (uint64_t{1} << ((h >> 6) & 63)) |
         (uint64_t{1} << ((h >> 12) & 63));
}

}  // namespace

void RuntimeFilter::Publish(const std::vector<columnar::VectorPtr>& build_keys, int64_t rows) {
  if (rows <= kMaxBuildRows && key_index_ >= 0 &&
      static_cast<size_t>(key_index_) < build_keys.size()) {
    std::vector<uint64_t> hashes(static_cast<size_t>(std::max<int64_t>(rows, 1)));
    std::vector<uint8_t> valid(hashes.size());
    if (rows > 0) {
      JoinKeyHasher::Hash({build_keys[key_index_]}, rows, hashes.data(), valid.data());
    }
    PublishHashes(hashes.data(), valid.data(), rows);
    return;
  }
  build_rows_ = rows;
  published_.store(true, std::memory_order_release);
}

void RuntimeFilter::PublishHashes(const uint64_t* hashes, const uint8_t* valid, int64_t rows) {
  build_rows_ = rows;
  if (rows <= kMaxBuildRows && key_index_ >= 0) {
    // About 16 bits per key, a power of two words.
    uint64_t words = 1;
    while (words * 4 < static_cast<uint64_t>(rows)) words <<= 1;
    words_.assign(words, 0);
    mask_ = words - 1;
    for (int64_t i = 0; i < rows; ++i) {
      if (!valid[i]) continue;
      const uint64_t h = hashes[i];
      words_[(h >> 32) & mask_] |= RuntimeFilterBits(h);
    }
    active_.store(true, std::memory_order_relaxed);
  }
  published_.store(true, std::memory_order_release);
}

bool RuntimeFilter::Select(const columnar::VectorPtr& key, int64_t n, std::vector<int64_t>* keep,
                           std::vector<uint64_t>* hashes, std::vector<uint8_t>* valid) const {
  if (!published_.load(std::memory_order_acquire) || !active_.load(std::memory_order_relaxed) ||
      switched_off_.load(std::memory_order_relaxed) || n == 0) {
    return false;
  }
  hashes->resize(static_cast<size_t>(n));
  valid->resize(static_cast<size_t>(n));
  JoinKeyHasher::Hash({key}, n, hashes->data(), valid->data());
  keep->clear();
  const uint64_t* words = words_.data();
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t h = (*hashes)[i];
    const uint64_t bits = RuntimeFilterBits(h);
    if ((*valid)[i] && (words[(h >> 32) & mask_] & bits) == bits) keep->push_back(i);
  }
  const int64_t in = rows_in_.fetch_add(n, std::memory_order_relaxed) + n;
  const int64_t kept =
      rows_kept_.fetch_add(static_cast<int64_t>(keep->size()), std::memory_order_relaxed) +
      static_cast<int64_t>(keep->size());
  if (in >= kCheckRows && static_cast<double>(kept) > kMaxPassRate * static_cast<double>(in)) {
    switched_off_.store(true, std::memory_order_relaxed);
  }
  return true;
}

std::string RuntimeFilter::Describe() const {
  if (!published_.load(std::memory_order_acquire)) return "runtime filter: not published";
  if (!active_.load(std::memory_order_relaxed)) {
    return StrCat("runtime filter: off (", build_rows_, " build rows)");
  }
  std::string out = StrCat("runtime filter: kept ", rows_kept_.load(), " of ", rows_in_.load(),
                           " rows (", build_rows_, " build rows)");
  if (switched_off_.load()) out += ", switched off";
  return out;
}

}  // namespace lakeml::sql
