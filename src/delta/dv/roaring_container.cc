#include "delta/dv/roaring_container.h"

#include <algorithm>
#include <cstring>

#include "base/bit_util.h"
#include "base/check.h"

namespace lakeml::delta {
namespace {

using Kind = RoaringContainer::Kind;
constexpr uint32_t kMaxArray = RoaringContainer::kMaxArrayCardinality;
constexpr int kWords = RoaringContainer::kBitmapWords;

// Sets bits [lo, hi) of a 65536-bit bitmap. REQUIRES: lo < hi <= 65536.
void SetWordRange(uint64_t* words, uint32_t lo, uint32_t hi) {
  const uint32_t first = lo >> 6;
  const uint32_t last = (hi - 1) >> 6;
  const uint64_t first_mask = ~uint64_t{0} << (lo & 63);
  const uint64_t last_mask = ~uint64_t{0} >> (63 - ((hi - 1) & 63));
  if (first == last) {
    words[first] |= first_mask & last_mask;
    return;
  }
  words[first] |= first_mask;
  for (uint32_t i = first + 1; i < last; ++i) words[i] = ~uint64_t{0};
  words[last] |= last_mask;
}

uint32_t PopCount(const std::vector<uint64_t>& words) {
  uint32_t n = 0;
  for (uint64_t w : words) n += static_cast<uint32_t>(__builtin_popcountll(w));
  return n;
}

// ORs `word` into the `bits_bytes`-byte buffer `bits` at bit position `pos`. Every set bit of
// `word` must land inside the buffer; other bits may not.
inline void OrWordAt(uint8_t* bits, int64_t bits_bytes, int64_t pos, uint64_t word) {
  uint8_t* p = bits + (pos >> 3);
  const int shift = static_cast<int>(pos & 7);
  const uint64_t low = word << shift;
  if ((pos >> 3) + 9 <= bits_bytes) {  // Whole 9-byte window inside: no branches per byte.
    uint64_t v;
    std::memcpy(&v, p, 8);
    v |= low;
    std::memcpy(p, &v, 8);
    if (shift != 0) p[8] |= static_cast<uint8_t>(word >> (64 - shift));
    return;
  }
  // Near the end of the buffer: touch only bytes that receive a set bit.
  for (int k = 0; k < 8; ++k) {
    const auto b = static_cast<uint8_t>(low >> (8 * k));
    if (b != 0) p[k] |= b;
  }
  if (shift != 0) {
    const auto b = static_cast<uint8_t>(word >> (64 - shift));
    if (b != 0) p[8] |= b;
  }
}

// Merges two run lists ((start, length - 1) pairs, ascending) into one, joining runs that
// overlap or touch. Returns the total cardinality.
uint32_t MergeRuns(const std::vector<uint16_t>& a, const std::vector<uint16_t>& b,
                   std::vector<uint16_t>* out) {
  out->clear();
  out->reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  uint32_t card = 0;
  int64_t cur_start = -1, cur_end = -1;
  while (i < a.size() || j < b.size()) {
    uint32_t s, e;
    if (j >= b.size() || (i < a.size() && a[i] <= b[j])) {
      s = a[i];
      e = s + a[i + 1];
      i += 2;
    } else {
      s = b[j];
      e = s + b[j + 1];
      j += 2;
    }
    if (cur_start >= 0 && s <= cur_end + 1) {
      cur_end = std::max<int64_t>(cur_end, e);
      continue;
    }
    if (cur_start >= 0) {
      out->push_back(static_cast<uint16_t>(cur_start));
      out->push_back(static_cast<uint16_t>(cur_end - cur_start));
      card += static_cast<uint32_t>(cur_end - cur_start + 1);
    }
    cur_start = s;
    cur_end = e;
  }
  if (cur_start >= 0) {
    out->push_back(static_cast<uint16_t>(cur_start));
    out->push_back(static_cast<uint16_t>(cur_end - cur_start));
    card += static_cast<uint32_t>(cur_end - cur_start + 1);
  }
  return card;
}

void AppendU16(std::string* out, uint16_t v) {
  const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
  out->append(b, 2);
}

}  // namespace

RoaringContainer RoaringContainer::FromArray(std::vector<uint16_t> values) {
  RoaringContainer c;
  c.kind_ = Kind::kArray;
  c.cardinality_ = static_cast<uint32_t>(values.size());
  c.data_ = std::move(values);
  return c;
}

RoaringContainer RoaringContainer::FromBitmap(std::vector<uint64_t> words, uint32_t cardinality) {
  LAKEML_CHECK(words.size() == kBitmapWords);
  RoaringContainer c;
  c.kind_ = Kind::kBitmap;
  c.cardinality_ = cardinality;
  c.words_ = std::move(words);
  return c;
}

RoaringContainer RoaringContainer::FromRuns(std::vector<uint16_t> runs, uint32_t cardinality) {
  RoaringContainer c;
  c.kind_ = Kind::kRun;
  c.cardinality_ = cardinality;
  c.data_ = std::move(runs);
  return c;
}

RoaringContainer RoaringContainer::FromRange(uint32_t lo, uint32_t hi) {
  LAKEML_CHECK(lo < hi && hi <= 65536);
  return FromRuns({static_cast<uint16_t>(lo), static_cast<uint16_t>(hi - 1 - lo)}, hi - lo);
}

bool RoaringContainer::Contains(uint16_t v) const {
  switch (kind_) {
    case Kind::kArray:
      return std::binary_search(data_.begin(), data_.end(), v);
    case Kind::kBitmap:
      return (words_[v >> 6] >> (v & 63)) & 1;
    case Kind::kRun: {
      // Last run starting at or before v.
      size_t lo = 0, hi = data_.size() / 2;
      while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (data_[2 * mid] <= v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == 0) return false;
      const size_t r = 2 * (lo - 1);
      return uint32_t{v} <= uint32_t{data_[r]} + data_[r + 1];
    }
  }
  return false;
}

uint16_t RoaringContainer::Maximum() const {
  LAKEML_CHECK(!empty());
  switch (kind_) {
    case Kind::kArray:
      return data_.back();
    case Kind::kBitmap:
      for (int i = kWords - 1; i >= 0; --i) {
        if (words_[i] != 0) return static_cast<uint16_t>(i * 64 + 63 - __builtin_clzll(words_[i]));
      }
      break;
    case Kind::kRun:
      return static_cast<uint16_t>(data_[data_.size() - 2] + data_.back());
  }
  LAKEML_CHECK(false);
  return 0;
}

void RoaringContainer::Add(uint16_t v) {
  switch (kind_) {
    case Kind::kArray: {
      if (data_.empty() || v > data_.back()) {
        data_.push_back(v);
      } else {
        auto it = std::lower_bound(data_.begin(), data_.end(), v);
        if (*it == v) return;
        data_.insert(it, v);
      }
      ++cardinality_;
      if (cardinality_ > kMaxArray) {
        words_ = ToWords();
        data_ = {};
        kind_ = Kind::kBitmap;
      }
      return;
    }
    case Kind::kBitmap: {
      uint64_t& w = words_[v >> 6];
      const uint64_t bit = uint64_t{1} << (v & 63);
      cardinality_ += (w & bit) == 0;
      w |= bit;
      return;
    }
    case Kind::kRun:
      if (!Contains(v)) AddRange(v, uint32_t{v} + 1);
      return;
  }
}

void RoaringContainer::AddRange(uint32_t lo, uint32_t hi) { UnionWith(FromRange(lo, hi)); }

void RoaringContainer::UnionWith(const RoaringContainer& other) {
  if (other.empty() || cardinality_ == 65536) return;
  if (empty()) {
    *this = other;
    return;
  }
  if (kind_ == Kind::kArray && other.kind_ == Kind::kArray) {
    std::vector<uint16_t> merged;
    merged.reserve(data_.size() + other.data_.size());
    std::set_union(data_.begin(), data_.end(), other.data_.begin(), other.data_.end(),
                   std::back_inserter(merged));
    data_ = std::move(merged);
    cardinality_ = static_cast<uint32_t>(data_.size());
    Optimize();
    return;
  }
  if (kind_ == Kind::kRun && other.kind_ == Kind::kRun) {
    std::vector<uint16_t> merged;
    cardinality_ = MergeRuns(data_, other.data_, &merged);
    data_ = std::move(merged);
    Optimize();
    return;
  }
  ConvertToBitmapForEdit();
  switch (other.kind_) {
    case Kind::kArray:
      for (uint16_t v : other.data_) words_[v >> 6] |= uint64_t{1} << (v & 63);
      break;
    case Kind::kBitmap:
      for (int i = 0; i < kWords; ++i) words_[i] |= other.words_[i];
      break;
    case Kind::kRun:
      for (size_t i = 0; i < other.data_.size(); i += 2) {
        SetWordRange(words_.data(), other.data_[i],
                     uint32_t{other.data_[i]} + other.data_[i + 1] + 1);
      }
      break;
  }
  cardinality_ = PopCount(words_);
  Optimize();
}

void RoaringContainer::MarkRange(uint32_t lo, uint32_t hi, int64_t bit_offset, uint8_t* bits,
                                 int64_t bits_bytes) const {
  switch (kind_) {
    case Kind::kArray: {
      auto it = std::lower_bound(data_.begin(), data_.end(), static_cast<uint16_t>(lo));
      for (; it != data_.end() && *it < hi; ++it) bit_util::SetBit(bits, bit_offset + *it);
      return;
    }
    case Kind::kBitmap: {
      const uint32_t first = lo >> 6;
      const uint32_t last = (hi - 1) >> 6;
      for (uint32_t i = first; i <= last; ++i) {
        uint64_t w = words_[i];
        if (i == first) w &= ~uint64_t{0} << (lo & 63);
        if (i == last) w &= ~uint64_t{0} >> (63 - ((hi - 1) & 63));
        if (w == 0) continue;
        int64_t pos = bit_offset + int64_t{i} * 64;
        if (pos < 0) {  // Only the first word; its bits below `lo` are masked off.
          w >>= -pos;
          pos = 0;
        }
        OrWordAt(bits, bits_bytes, pos, w);
      }
      return;
    }
    case Kind::kRun: {
      for (size_t i = 0; i < data_.size(); i += 2) {
        const uint32_t s = data_[i];
        const uint32_t e = s + data_[i + 1] + 1;  // Exclusive.
        if (e <= lo) continue;
        if (s >= hi) break;
        const uint32_t a = std::max(s, lo);
        const uint32_t b = std::min(e, hi);
        bit_util::SetBitsTo(bits, bit_offset + a, b - a, true);
      }
      return;
    }
  }
}

bool RoaringContainer::Equals(const RoaringContainer& other) const {
  if (cardinality_ != other.cardinality_) return false;
  if (kind_ == Kind::kArray && other.kind_ == Kind::kArray) return data_ == other.data_;
  if (kind_ == Kind::kBitmap && other.kind_ == Kind::kBitmap) return words_ == other.words_;
  return ToWords() == other.ToWords();
}

int64_t RoaringContainer::CountRuns() const {
  switch (kind_) {
    case Kind::kArray: {
      if (data_.empty()) return 0;
      int64_t runs = 1;
      for (size_t i = 1; i < data_.size(); ++i) runs += data_[i] != data_[i - 1] + 1;
      return runs;
    }
    case Kind::kBitmap: {
      int64_t runs = 0;
      uint64_t carry = 0;  // Top bit of the previous word.
      for (int i = 0; i < kWords; ++i) {
        const uint64_t w = words_[i];
        runs += __builtin_popcountll(w & ~((w << 1) | carry));
        carry = w >> 63;
      }
      return runs;
    }
    case Kind::kRun:
      return static_cast<int64_t>(data_.size() / 2);
  }
  return 0;
}

RoaringContainer::Kind RoaringContainer::ChooseSerializedKind() const {
  const int64_t run_bytes = 2 + 4 * CountRuns();
  const int64_t plain_bytes = cardinality_ <= kMaxArray ? 2 * int64_t{cardinality_} : kBitmapBytes;
  if (run_bytes < plain_bytes) return Kind::kRun;
  return cardinality_ <= kMaxArray ? Kind::kArray : Kind::kBitmap;
}

uint32_t RoaringContainer::SerializedSize(Kind kind) const {
  switch (kind) {
    case Kind::kArray:
      return 2 * cardinality_;
    case Kind::kBitmap:
      return kBitmapBytes;
    case Kind::kRun:
      return static_cast<uint32_t>(2 + 4 * CountRuns());
  }
  return 0;
}

void RoaringContainer::AppendSerialized(Kind kind, std::string* out) const {
  LAKEML_CHECK(!empty());
  switch (kind) {
    case Kind::kArray: {
      LAKEML_CHECK(cardinality_ <= kMaxArray);
      const std::vector<uint16_t> converted =
          kind_ == Kind::kArray ? std::vector<uint16_t>{} : ToArray();
      const std::vector<uint16_t>& values = kind_ == Kind::kArray ? data_ : converted;
      for (uint16_t v : values) AppendU16(out, v);
      return;
    }
    case Kind::kBitmap: {
      LAKEML_CHECK(cardinality_ > kMaxArray);
      const std::vector<uint64_t> converted =
          kind_ == Kind::kBitmap ? std::vector<uint64_t>{} : ToWords();
      const std::vector<uint64_t>& words = kind_ == Kind::kBitmap ? words_ : converted;
      const size_t at = out->size();
      out->resize(at + kBitmapBytes);
      std::memcpy(out->data() + at, words.data(), kBitmapBytes);  // Little-endian host.
      return;
    }
    case Kind::kRun: {
      const std::vector<uint16_t> converted =
          kind_ == Kind::kRun ? std::vector<uint16_t>{} : ToRuns();
      const std::vector<uint16_t>& runs = kind_ == Kind::kRun ? data_ : converted;
      AppendU16(out, static_cast<uint16_t>(runs.size() / 2));
      for (uint16_t v : runs) AppendU16(out, v);
      return;
    }
  }
}

std::vector<uint16_t> RoaringContainer::ToArray() const {
  if (kind_ == Kind::kArray) return data_;
  std::vector<uint16_t> out;
  out.reserve(cardinality_);
  ForEach([&](uint32_t v) { out.push_back(static_cast<uint16_t>(v)); });
  return out;
}

std::vector<uint64_t> RoaringContainer::ToWords() const {
  if (kind_ == Kind::kBitmap) return words_;
  std::vector<uint64_t> words(kBitmapWords, 0);
  if (kind_ == Kind::kArray) {
    for (uint16_t v : data_) words[v >> 6] |= uint64_t{1} << (v & 63);
  } else {
    for (size_t i = 0; i < data_.size(); i += 2) {
      SetWordRange(words.data(), data_[i], uint32_t{data_[i]} + data_[i + 1] + 1);
    }
  }
  return words;
}

std::vector<uint16_t> RoaringContainer::ToRuns() const {
  if (kind_ == Kind::kRun) return data_;
  std::vector<uint16_t> runs;
  int64_t start = -1, prev = -2;
  ForEach([&](uint32_t v) {
    if (static_cast<int64_t>(v) != prev + 1) {
      if (start >= 0) {
        runs.push_back(static_cast<uint16_t>(start));
        runs.push_back(static_cast<uint16_t>(prev - start));
      }
      start = v;
    }
    prev = v;
  });
  if (start >= 0) {
    runs.push_back(static_cast<uint16_t>(start));
    runs.push_back(static_cast<uint16_t>(prev - start));
  }
  return runs;
}

void RoaringContainer::ConvertToBitmapForEdit() {
  if (kind_ == Kind::kBitmap) return;
  words_ = ToWords();
  data_ = {};
  kind_ = Kind::kBitmap;
}

void RoaringContainer::Optimize() {
  if (empty()) {
    *this = RoaringContainer();
    return;
  }
  const Kind target = ChooseSerializedKind();
  if (target == kind_) return;
  switch (target) {
    case Kind::kArray:
      data_ = ToArray();
      words_ = {};
      break;
    case Kind::kBitmap:
      words_ = ToWords();
      data_ = {};
      break;
    case Kind::kRun:
      data_ = ToRuns();
      words_ = {};
      break;
  }
  kind_ = target;
}

}  // namespace lakeml::delta
