#include "delta/dv/roaring_bitmap_array.h"

#include <algorithm>
#include <cstring>

#include "base/bit_util.h"
#include "base/check.h"

namespace lakeml::delta {
namespace {

using Kind = RoaringContainer::Kind;

// DO NOT CHANGE: RoaringFormatSpec cookies and limits, stored in deletion vector files.
constexpr uint32_t kCookieNoRuns = 12346;
constexpr uint32_t kCookieRuns = 12347;     // Low 16 bits; high 16 bits: container count - 1.
constexpr uint32_t kNoOffsetThreshold = 4;  // With runs, offsets only from 4 containers up.
constexpr uint32_t kMaxContainers = 65536;
// Smallest bucket: a 4-byte key and an empty bitmap (cookie + container count).
constexpr uint64_t kMinBucketBytes = 12;

void AppendU32(std::string* out, uint32_t v) {
  char b[4];
  bit_util::StoreLE(b, v);
  out->append(b, 4);
}
void AppendU16(std::string* out, uint16_t v) {
  char b[2];
  bit_util::StoreLE(b, v);
  out->append(b, 2);
}

}  // namespace

// Reads Delta's portable RoaringBitmapArray from untrusted bytes. Every read is bounds-checked
// first; every error names the byte offset where the problem is.
class RoaringBitmapParser {
 public:
  explicit RoaringBitmapParser(std::string_view bytes)
      : data_(reinterpret_cast<const uint8_t*>(bytes.data())), size_(bytes.size()) {}

  Result<RoaringBitmapArray> Parse() {
    LAKEML_RETURN_IF_ERROR(Need(4, "magic number"));
    const uint32_t magic = ReadU32();
    if (magic == RoaringBitmapArray::kNativeMagic) {
      return Status::NotImplemented(
          "Unsupported deletion vector bitmap: Delta's native RoaringBitmapArray format (magic "
          "number ",
          magic, "); only the portable format (", RoaringBitmapArray::kPortableMagic,
          ") is supported");
    }
    if (magic != RoaringBitmapArray::kPortableMagic) {
      return Error(0, "bad magic number ", magic, " (expected ", RoaringBitmapArray::kPortableMagic,
                   ")");
    }
    LAKEML_RETURN_IF_ERROR(Need(8, "bucket count"));
    const size_t count_at = pos_;
    const uint64_t buckets = ReadU64();
    if (buckets > (size_ - pos_) / kMinBucketBytes) {
      return Error(count_at, "bucket count ", buckets, " exceeds what the remaining ", size_ - pos_,
                   " bytes can hold");
    }
    int64_t prev_key = -1;
    for (uint64_t b = 0; b < buckets; ++b) {
      const size_t key_at = pos_;
      LAKEML_RETURN_IF_ERROR(Need(4, "bucket key"));
      const uint32_t key = ReadU32();
      // "We require that every key in the bitmap has a 0 as its most significant bit."
      if (key & 0x80000000u) {
        return Error(key_at, "bucket key ", key, " has its most significant bit set");
      }
      if (static_cast<int64_t>(key) <= prev_key) {
        return Error(key_at, "bucket key ", key, " is not above the previous key ", prev_key);
      }
      prev_key = key;
      LAKEML_RETURN_IF_ERROR(ParseBitmap32(key));
    }
    if (pos_ != size_) {
      return Error(pos_, size_ - pos_, " trailing bytes after the bitmap");
    }
    return std::move(out_);
  }

 private:
  template <typename... Args>
  Status Error(size_t at, const Args&... args) const {
    return Status::Corruption("Corrupt deletion vector bitmap: ", args..., " at byte ", at);
  }

  Status Need(uint64_t n, const char* what) const {
    if (n > size_ - pos_) {
      return Error(pos_, "truncated ", what, ": needs ", n, " bytes, ", size_ - pos_, " left");
    }
    return Status::OK();
  }

  uint16_t ReadU16() {
    const auto v = bit_util::LoadLE<uint16_t>(data_ + pos_);
    pos_ += 2;
    return v;
  }
  uint32_t ReadU32() {
    const auto v = bit_util::LoadLE<uint32_t>(data_ + pos_);
    pos_ += 4;
    return v;
  }
  uint64_t ReadU64() {
    const auto v = bit_util::LoadLE<uint64_t>(data_ + pos_);
    pos_ += 8;
    return v;
  }

  // One 32-bit roaring bitmap in the portable format (RoaringFormatSpec).
  Status ParseBitmap32(uint32_t high) {
    const size_t start = pos_;
    LAKEML_RETURN_IF_ERROR(Need(4, "roaring cookie"));
    const uint32_t cookie = ReadU32();
    uint32_t n = 0;
    const uint8_t* run_flags = nullptr;
    bool has_runs = false;
    if ((cookie & 0xFFFF) == kCookieRuns) {
      has_runs = true;
      n = (cookie >> 16) + 1;
      LAKEML_RETURN_IF_ERROR(Need((n + 7) / 8, "run container flags"));
      run_flags = data_ + pos_;
      pos_ += (n + 7) / 8;
    } else if (cookie == kCookieNoRuns) {
      LAKEML_RETURN_IF_ERROR(Need(4, "container count"));
      const size_t count_at = pos_;
      n = ReadU32();
      if (n > kMaxContainers) {
        return Error(count_at, "container count ", n, " exceeds ", kMaxContainers);
      }
    } else {
      return Error(start, "unknown roaring cookie ", cookie);
    }
    const bool has_offsets = !has_runs || n >= kNoOffsetThreshold;
    // Header (key, cardinality - 1), optional offsets, and at least 2 bytes per container.
    const uint64_t min_bytes = uint64_t{n} * (4 + (has_offsets ? 4 : 0) + 2);
    if (min_bytes > size_ - pos_) {
      return Error(pos_, "container count ", n, " needs at least ", min_bytes, " bytes, ",
                   size_ - pos_, " left");
    }
    const uint8_t* header = data_ + pos_;
    pos_ += size_t{n} * 4;
    const uint8_t* offsets = nullptr;
    if (has_offsets) {
      offsets = data_ + pos_;
      pos_ += size_t{n} * 4;
    }
    int64_t prev_key = -1;
    for (uint32_t i = 0; i < n; ++i) {
      const size_t header_at = static_cast<size_t>(header - data_) + size_t{i} * 4;
      const auto key = bit_util::LoadLE<uint16_t>(header + size_t{i} * 4);
      const uint32_t card = uint32_t{bit_util::LoadLE<uint16_t>(header + size_t{i} * 4 + 2)} + 1;
      if (static_cast<int64_t>(key) <= prev_key) {
        return Error(header_at, "container key ", key, " is not above the previous key ", prev_key);
      }
      prev_key = key;
      if (offsets != nullptr) {
        const auto offset = bit_util::LoadLE<uint32_t>(offsets + size_t{i} * 4);
        if (offset != pos_ - start) {
          return Error(static_cast<size_t>(offsets - data_) + size_t{i} * 4, "container ", i,
                       " offset ", offset, " does not match its position ", pos_ - start);
        }
      }
      const bool is_run = has_runs && ((run_flags[i / 8] >> (i % 8)) & 1);
      Result<RoaringContainer> container = is_run ? ParseRun(card)
                                           : card <= RoaringContainer::kMaxArrayCardinality
                                               ? ParseArray(card)
                                               : ParseBitmap(card);
      if (!container.ok()) return container.status();
      out_.keys_.push_back((uint64_t{high} << 16) | key);
      out_.containers_.push_back(std::move(container).value());
    }
    return Status::OK();
  }

  Result<RoaringContainer> ParseArray(uint32_t card) {
    LAKEML_RETURN_IF_ERROR(Need(uint64_t{card} * 2, "array container"));
    std::vector<uint16_t> values(card);
    std::memcpy(values.data(), data_ + pos_, size_t{card} * 2);  // Little-endian host.
    for (uint32_t i = 1; i < card; ++i) {
      if (values[i] <= values[i - 1]) {
        return Error(pos_ + size_t{i} * 2, "array container values not ascending (", values[i],
                     " after ", values[i - 1], ")");
      }
    }
    pos_ += size_t{card} * 2;
    return RoaringContainer::FromArray(std::move(values));
  }

  Result<RoaringContainer> ParseBitmap(uint32_t card) {
    LAKEML_RETURN_IF_ERROR(Need(RoaringContainer::kBitmapBytes, "bitmap container"));
    std::vector<uint64_t> words(RoaringContainer::kBitmapWords);
    std::memcpy(words.data(), data_ + pos_, RoaringContainer::kBitmapBytes);
    uint32_t actual = 0;
    for (uint64_t w : words) actual += static_cast<uint32_t>(__builtin_popcountll(w));
    if (actual != card) {
      return Error(pos_, "bitmap container has ", actual, " bits set, header says ", card);
    }
    pos_ += RoaringContainer::kBitmapBytes;
    return RoaringContainer::FromBitmap(std::move(words), card);
  }

  Result<RoaringContainer> ParseRun(uint32_t card) {
    LAKEML_RETURN_IF_ERROR(Need(2, "run count"));
    const size_t count_at = pos_;
    const uint16_t runs = ReadU16();
    if (runs == 0) return Error(count_at, "run container has no runs");
    LAKEML_RETURN_IF_ERROR(Need(uint64_t{runs} * 4, "run container"));
    std::vector<uint16_t> pairs(size_t{runs} * 2);
    std::memcpy(pairs.data(), data_ + pos_, size_t{runs} * 4);
    int64_t prev_end = -1;
    uint32_t total = 0;
    for (size_t r = 0; r < runs; ++r) {
      const uint32_t s = pairs[2 * r];
      const uint32_t end = s + pairs[2 * r + 1];
      if (end > 0xFFFF) {
        return Error(pos_ + r * 4, "run ", s, "+", pairs[2 * r + 1], " goes past 65535");
      }
      if (static_cast<int64_t>(s) <= prev_end) {
        return Error(pos_ + r * 4, "run starting at ", s, " overlaps or precedes the previous run");
      }
      prev_end = end;
      total += end - s + 1;
    }
    if (total != card) {
      return Error(count_at, "run container holds ", total, " values, header says ", card);
    }
    pos_ += size_t{runs} * 4;
    return RoaringContainer::FromRuns(std::move(pairs), card);
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  RoaringBitmapArray out_;
};

RoaringContainer& RoaringBitmapArray::ContainerFor(uint64_t key) {
  if (keys_.empty() || key > keys_.back()) {
    keys_.push_back(key);
    containers_.emplace_back();
    return containers_.back();
  }
  if (key == keys_.back()) return containers_.back();
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  const size_t i = static_cast<size_t>(it - keys_.begin());
  if (*it != key) {
    keys_.insert(it, key);
    containers_.emplace(containers_.begin() + static_cast<ptrdiff_t>(i));
  }
  return containers_[i];
}

void RoaringBitmapArray::Add(uint64_t v) {
  LAKEML_CHECK(v <= kMaxValue);
  ContainerFor(v >> 16).Add(static_cast<uint16_t>(v));
}

void RoaringBitmapArray::AddRange(uint64_t lo, uint64_t hi) {
  if (lo >= hi) return;
  LAKEML_CHECK(hi - 1 <= kMaxValue);
  const uint64_t first = lo >> 16;
  const uint64_t last = (hi - 1) >> 16;
  for (uint64_t key = first; key <= last; ++key) {
    const uint32_t a = key == first ? static_cast<uint32_t>(lo & 0xFFFF) : 0;
    const uint32_t b = key == last ? static_cast<uint32_t>((hi - 1) & 0xFFFF) + 1 : 65536;
    ContainerFor(key).AddRange(a, b);
  }
}

void RoaringBitmapArray::Merge(const RoaringBitmapArray& other) {
  if (other.IsEmpty()) return;
  if (IsEmpty()) {
    *this = other;
    return;
  }
  std::vector<uint64_t> keys;
  std::vector<RoaringContainer> containers;
  keys.reserve(keys_.size() + other.keys_.size());
  containers.reserve(keys_.size() + other.keys_.size());
  size_t i = 0, j = 0;
  while (i < keys_.size() || j < other.keys_.size()) {
    if (j >= other.keys_.size() || (i < keys_.size() && keys_[i] < other.keys_[j])) {
      keys.push_back(keys_[i]);
      containers.push_back(std::move(containers_[i++]));
    } else if (i >= keys_.size() || other.keys_[j] < keys_[i]) {
      keys.push_back(other.keys_[j]);
      containers.push_back(other.containers_[j++]);
    } else {
      keys.push_back(keys_[i]);
      containers.push_back(std::move(containers_[i++]));
      containers.back().UnionWith(other.containers_[j++]);
    }
  }
  keys_ = std::move(keys);
  containers_ = std::move(containers);
}

bool RoaringBitmapArray::Contains(uint64_t v) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), v >> 16);
  if (it == keys_.end() || *it != (v >> 16)) return false;
  return containers_[static_cast<size_t>(it - keys_.begin())].Contains(static_cast<uint16_t>(v));
}

uint64_t RoaringBitmapArray::Cardinality() const {
  uint64_t n = 0;
  for (const RoaringContainer& c : containers_) n += c.cardinality();
  return n;
}

std::optional<uint64_t> RoaringBitmapArray::Maximum() const {
  if (IsEmpty()) return std::nullopt;
  return (keys_.back() << 16) | containers_.back().Maximum();
}

std::vector<uint64_t> RoaringBitmapArray::ToVector() const {
  std::vector<uint64_t> out;
  out.reserve(Cardinality());
  ForEach([&](uint64_t v) { out.push_back(v); });
  return out;
}

void RoaringBitmapArray::MarkRange(uint64_t start, int64_t count, uint8_t* bits) const {
  if (count <= 0 || IsEmpty()) return;
  // Clamp so that start + count cannot wrap; values never exceed kMaxValue anyway.
  const uint64_t end = start > kMaxValue ? start : std::min(start + uint64_t(count), kMaxValue + 1);
  if (end <= start) return;
  const uint64_t last_key = (end - 1) >> 16;
  const int64_t bits_bytes = (count + 7) / 8;
  auto it = std::lower_bound(keys_.begin(), keys_.end(), start >> 16);
  for (size_t i = static_cast<size_t>(it - keys_.begin()); i < keys_.size(); ++i) {
    const uint64_t key = keys_[i];
    if (key > last_key) break;
    const uint64_t base = key << 16;
    const uint32_t lo = base < start ? static_cast<uint32_t>(start - base) : 0;
    const uint32_t hi = end - base >= 65536 ? 65536 : static_cast<uint32_t>(end - base);
    // base - start as a signed offset: negative (> -65536) only for the first container.
    const int64_t bit_offset = static_cast<int64_t>(base - start);
    containers_[i].MarkRange(lo, hi, bit_offset, bits, bits_bytes);
  }
}

std::string RoaringBitmapArray::Serialize() const {
  // Buckets: runs of containers sharing the high 32 bits.
  std::vector<size_t> bucket_starts;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i == 0 || (keys_[i] >> 16) != (keys_[i - 1] >> 16)) bucket_starts.push_back(i);
  }
  bucket_starts.push_back(keys_.size());
  const uint64_t buckets = bucket_starts.size() - 1;

  // First pass: each container's format and size, so the output is allocated once.
  std::vector<Kind> kinds(containers_.size());
  std::vector<uint32_t> sizes(containers_.size());
  std::vector<bool> bucket_has_runs(buckets, false);
  size_t total = 4 + 8;
  for (size_t b = 0; b < buckets; ++b) {
    const size_t first = bucket_starts[b];
    const size_t n = bucket_starts[b + 1] - first;
    LAKEML_CHECK(n <= kMaxContainers);
    for (size_t i = first; i < first + n; ++i) {
      kinds[i] = containers_[i].ChooseSerializedKind();
      sizes[i] = containers_[i].SerializedSize(kinds[i]);
      bucket_has_runs[b] = bucket_has_runs[b] || kinds[i] == Kind::kRun;
      total += sizes[i];
    }
    const bool runs = bucket_has_runs[b];
    // Key, cookie, run flags or container count, (key, cardinality - 1) pairs, offsets.
    total +=
        4 + 4 + (runs ? (n + 7) / 8 : 4) + 4 * n + (!runs || n >= kNoOffsetThreshold ? 4 * n : 0);
  }

  std::string out;
  out.reserve(total);
  AppendU32(&out, kPortableMagic);
  char count[8];
  bit_util::StoreLE(count, buckets);
  out.append(count, 8);
  for (size_t b = 0; b < buckets; ++b) {
    const size_t first = bucket_starts[b];
    const size_t n = bucket_starts[b + 1] - first;
    const bool has_runs = bucket_has_runs[b];
    AppendU32(&out, static_cast<uint32_t>(keys_[first] >> 16));
    const size_t bitmap_start = out.size();
    if (has_runs) {
      AppendU32(&out, kCookieRuns | (static_cast<uint32_t>(n - 1) << 16));
      std::string flags((n + 7) / 8, '\0');
      for (size_t k = 0; k < n; ++k) {
        if (kinds[first + k] == Kind::kRun) {
          flags[k / 8] = static_cast<char>(flags[k / 8] | (1 << (k % 8)));
        }
      }
      out += flags;
    } else {
      AppendU32(&out, kCookieNoRuns);
      AppendU32(&out, static_cast<uint32_t>(n));
    }
    for (size_t k = 0; k < n; ++k) {
      AppendU16(&out, static_cast<uint16_t>(keys_[first + k]));
      AppendU16(&out, static_cast<uint16_t>(containers_[first + k].cardinality() - 1));
    }
    if (!has_runs || n >= kNoOffsetThreshold) {
      uint64_t offset = out.size() - bitmap_start + 4 * n;
      for (size_t k = 0; k < n; ++k) {
        AppendU32(&out, static_cast<uint32_t>(offset));
        offset += sizes[first + k];
      }
    }
    for (size_t k = 0; k < n; ++k) containers_[first + k].AppendSerialized(kinds[first + k], &out);
  }
  LAKEML_DCHECK(out.size() == total);
  return out;
}

Result<RoaringBitmapArray> RoaringBitmapArray::Deserialize(std::string_view bytes) {
  return RoaringBitmapParser(bytes).Parse();
}

bool RoaringBitmapArray::operator==(const RoaringBitmapArray& other) const {
  if (keys_ != other.keys_) return false;
  for (size_t i = 0; i < containers_.size(); ++i) {
    if (!containers_[i].Equals(other.containers_[i])) return false;
  }
  return true;
}

}  // namespace lakeml::delta
